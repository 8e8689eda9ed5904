"""Pure comparisons of score reports: peer benchmarks and year-over-year change.

Peer benchmarks follow two privacy rules: nothing is shown until at least
``MIN_PEERS`` other cities have completed an assessment of the same standard,
and the functions only ever see reports, never which city a report is from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from wwc_i18n import _

from .models import Level, Outcome, ScoreReport
from .scoring import percent_of

MIN_PEERS = 5


class AreaBenchmark(NamedTuple):
    code: str
    percent: int  # this city's share of the area's criteria met
    peer_median: int  # median share among peers
    percentile: int  # share of peers this city is at or above (ties count half), 0-100


class Benchmark(NamedTuple):
    available: bool
    peer_count: int
    note: str
    areas: tuple[AreaBenchmark, ...] = ()
    criteria_met_share: dict[str, int] = {}  # code -> % of peer cities that met it


def benchmark(own: ScoreReport, peers: Sequence[ScoreReport], min_peers: int = MIN_PEERS) -> Benchmark:
    """How ``own`` compares with ``peers`` (reports of *other* cities on the same standard)."""
    peers = [p for p in peers if p.standard_id == own.standard_id]
    n = len(peers)
    if n < min_peers:
        return Benchmark(
            available=False,
            peer_count=n,
            note=_(
                "Peer benchmarks appear once at least {min_peers} other cities have completed this "
                "standard's assessment; {n} have so far.", min_peers=min_peers, n=n,
            ),
        )
    areas = []
    for i, area in enumerate(own.areas):
        theirs = sorted(p.areas[i].percent for p in peers)
        below = sum(1 for x in theirs if x < area.percent)
        equal = sum(1 for x in theirs if x == area.percent)
        areas.append(
            AreaBenchmark(
                code=area.code,
                percent=area.percent,
                peer_median=_median(theirs),
                percentile=percent_of(2 * below + equal, 2 * n),
            )
        )
    met_share = {
        code: percent_of(sum(1 for p in peers if p.outcomes.get(code) is Outcome.MET), n) for code in own.outcomes
    }
    return Benchmark(
        available=True,
        peer_count=n,
        note=_("Compared with {n} other cities that completed this standard's assessment.", n=n),
        areas=tuple(areas),
        criteria_met_share=met_share,
    )


def _median(sorted_values: Sequence[int]) -> int:
    n = len(sorted_values)
    mid = n // 2
    if n % 2:
        return sorted_values[mid]
    total = sorted_values[mid - 1] + sorted_values[mid]
    return (total + 1) // 2  # half-up, like every percent here


class AreaChange(NamedTuple):
    code: str
    met_before: int
    met_now: int


class Change(NamedTuple):
    """What changed between two assessments of one city (e.g. last year's and this year's)."""

    level_before: Level | None
    level_now: Level | None
    points_before: int
    points_now: int
    areas: tuple[AreaChange, ...]
    gained: tuple[str, ...]  # criteria met now that were not before
    lost: tuple[str, ...]  # criteria met before that are not now

    @property
    def points_delta(self) -> int:
        return self.points_now - self.points_before


def compare(before: ScoreReport, now: ScoreReport) -> Change:
    """Year-over-year change; both reports must be of the same standard."""
    if before.standard_id != now.standard_id:
        raise ValueError(f"cannot compare {before.standard_id} with {now.standard_id}: different standards")
    met_before = {c for c, o in before.outcomes.items() if o is Outcome.MET and c not in before.blocked}
    met_now = {c for c, o in now.outcomes.items() if o is Outcome.MET and c not in now.blocked}
    order = list(now.outcomes)
    return Change(
        level_before=before.level,
        level_now=now.level,
        points_before=before.points,
        points_now=now.points,
        areas=tuple(AreaChange(a.code, b.met, a.met) for a, b in zip(now.areas, before.areas)),
        gained=tuple(c for c in order if c in met_now - met_before),
        lost=tuple(c for c in order if c in met_before - met_now),
    )
