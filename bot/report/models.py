"""The self-assessment (readiness report) of one city, as plain immutable data.

It is not the official Certification report: Results for America issues that
after its review.

Everything a renderer needs is here (titles, area names, thresholds), so
renderers are pure functions of a ``CityReport``. Peers appear only as
aggregates: nothing in a report names or identifies another city.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from knowledge.models import Roadmap
from wwc_i18n import _
from wwc_rules import Benchmark, Change, Level, Outcome, ScoreReport


@dataclass(frozen=True)
class CityInfo:
    name: str
    region: str
    population: int | None
    eligible: bool | None  # None while it cannot be told (population or region unknown)
    in_americas: bool | None = None  # None: the region was not recognised

    @property
    def label(self) -> str:
        return f"{self.name}, {self.region}" if self.region else self.name


@dataclass(frozen=True)
class CriterionLine:
    """One criterion as answered: outcome, who and when, evidence, peers, last year."""

    code: str
    title: str
    area: str
    outcome: Outcome | None  # None: not answered (scored as not sure)
    answered_by: str | None
    answered_at: datetime | None
    evidence_url: str | None
    evidence_note: str | None
    peer_met_share: int | None  # % of peer cities that met it; None when withheld
    last_year: Outcome | None  # None: no earlier assessment, or not answered then

    @property
    def outcome_label(self) -> str:
        return self.outcome.label if self.outcome else _("Not answered")


@dataclass(frozen=True)
class AreaLine:
    code: str
    name: str
    met: int
    total: int
    in_progress: int
    not_yet: int
    not_sure: int
    percent: int
    peer_median: int | None
    percentile: int | None
    met_last_year: int | None


@dataclass(frozen=True)
class Contributor:
    """Who answered what: one person and the criteria they last answered."""

    name: str
    codes: tuple[str, ...]
    last_answered_at: datetime | None


@dataclass(frozen=True)
class GateStatus:
    title: str | None  # None: the standard has no outcome requirement
    status: str  # "shown", "not yet", "not asked" or "not required"
    choice_label: str | None
    words: str | None = None  # what the person said when they answered it, kept for the reviewer


@dataclass(frozen=True)
class CoreStatus:
    """The core standards (required for any level): which, which are unmet, the rule and its source."""

    title: str | None  # None: the standard has none
    codes: tuple[str, ...]
    unmet: tuple[str, ...]
    line: str | None  # e.g. "Core standards (required for any level): DM1 and PA1 are not met yet."
    rule: str | None  # the rule with its source and how sure it is


@dataclass(frozen=True)
class Peers:
    """Who the city is compared with, in words that never name a city."""

    group: str  # e.g. "cities of 100,000-499,999 residents"
    benchmark: Benchmark


@dataclass(frozen=True)
class YearOverYear:
    year_before: int
    change: Change


@dataclass(frozen=True)
class CityReport:
    city: CityInfo
    standard_id: str
    standard_name: str
    year: int
    status: str  # "open" or "complete"
    generated_at: datetime
    levels: tuple[Level, ...]
    score: ScoreReport
    areas: tuple[AreaLine, ...]
    criteria: tuple[CriterionLine, ...]
    roadmap: Roadmap
    missing_evidence: tuple[str, ...]  # answered met, no evidence link
    contributors: tuple[Contributor, ...]
    gate: GateStatus
    peers: Peers
    year_over_year: YearOverYear | None
    demo: bool
    caveats: tuple[str, ...]
    readiness: str = ""  # one sentence: meets the published thresholds (pending review) or what is missing
    core: CoreStatus = CoreStatus(None, (), (), None, None)

    def criterion(self, code: str) -> CriterionLine:
        for line in self.criteria:
            if line.code == code:
                return line
        raise KeyError(code)

    def area_name(self, code: str) -> str:
        for area in self.areas:
            if area.code == code:
                return area.name
        raise KeyError(code)

    @property
    def level_name(self) -> str:
        """The level on points ("No level yet"); readiness is ``readiness``."""
        return self.score.level.name if self.score.level else _("No level yet")

    @property
    def to_confirm(self) -> tuple[str, ...]:
        """Criteria answered Not sure or not answered at all."""
        return self.score.to_confirm
