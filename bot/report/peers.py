"""Choosing a city's peer group: same standard, the same population band when it is big enough."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from bot.store.reporting import PeerSubmission
from wwc_i18n import N_, _
from wwc_rules import MIN_PEERS


class Band(NamedTuple):
    low: int
    high: int | None  # exclusive; None: no upper bound
    label: str  # English (the message id): shown with _(label)

    def holds(self, population: int) -> bool:
        return population >= self.low and (self.high is None or population < self.high)


BANDS = (
    Band(0, 30_000, N_("cities under 30,000 residents")),
    Band(30_000, 100_000, N_("cities of 30,000-99,999 residents")),
    Band(100_000, 500_000, N_("cities of 100,000-499,999 residents")),
    Band(500_000, None, N_("cities of 500,000+ residents")),
)
ALL = N_("all cities that completed this standard")  # shown with _(ALL)


def band_of(population: int | None) -> Band | None:
    if population is None:
        return None
    return next(b for b in BANDS if b.holds(population))


def peer_group(
    population: int | None, submissions: Sequence[PeerSubmission], *, by_band: bool = True
) -> tuple[str, list[PeerSubmission]]:
    """The peers to compare with and a description of the group (in the language in force).

    The city's population band is used when it holds at least ``MIN_PEERS``
    peers; otherwise every peer, so benchmarks show as soon as possible.
    """
    band = band_of(population) if by_band else None
    if band is not None:
        same = [s for s in submissions if s.population is not None and band.holds(s.population)]
        if len(same) >= MIN_PEERS:
            return _(band.label), same
        # i18n: {min} is the least number of peers shown (5); {band} is e.g. "cities of 30,000-99,999 residents".
        return _("all cities that completed this standard (fewer than {min} {band} yet)", min=MIN_PEERS,
                 band=_(band.label)), list(submissions)
    return _(ALL), list(submissions)
