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
from wwc_rules import AreaResult, Benchmark, Change, Level, Outcome, ScoreReport


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
    """One practice area: its score (``wwc_rules``), where it stands among peers, and last year's count met."""

    score: AreaResult  # code, name, met, total, in_progress, not_yet, not_sure, percent
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
        return self.score.area(code).name

    @property
    def level_name(self) -> str:
        """The level on points ("No level yet"); readiness is ``readiness``."""
        return self.score.level.name if self.score.level else _("No level yet")

    @property
    def to_confirm(self) -> tuple[str, ...]:
        """Criteria answered Not sure or not answered at all."""
        return self.score.to_confirm


# ---------------------------------------------------------------- the App Home's view of a report
# ``compose.dashboard_view`` takes these figures from a ``CityReport``; only what the report cannot know (the
# person's role, their next question, who each area is assigned to, a checkup's tally) comes from the engine.
# Fields hold raw values (a city or person's name as typed): the surface escapes them when it renders.


@dataclass(frozen=True, kw_only=True)
class AreaProgress:
    code: str
    name: str
    answered: int
    met: int
    total: int
    assignee: str | None = None  # display name of the colleague it is assigned to


@dataclass(frozen=True, kw_only=True)
class NextQuestion:
    code: str
    title: str
    area: str


@dataclass(frozen=True, kw_only=True)
class NextStep:
    code: str
    title: str
    text: str  # the next step in plain words
    reason: str
    url: str | None = None  # the first matched resource


@dataclass(frozen=True, kw_only=True)
class CheckupProgress:
    """An annual checkup's progress: answers still true from ``from_year``, changed, new, and to go."""

    from_year: int
    confirmed: int
    changed: int
    new: int  # answered this year, not answered last year
    to_go: int


@dataclass(frozen=True, kw_only=True)
class Dashboard:
    """The App Home: level on points, readiness, progress per area, next question, top next steps."""

    city: str
    year: int
    role: str  # "lead" or "member"
    level: str | None
    points: int
    total: int
    percent: int
    answered: int
    next_level: str | None
    needed_for_next: int
    certifiable: bool  # ready for review at ``level``: points, the outcome requirement and every core standard
    core_unmet: tuple[str, ...] = ()  # core standards not met yet (no level counts without them)
    gate_shown: bool | None = None  # the outcome requirement is shown; None when not told
    areas: tuple[AreaProgress, ...]
    next_question: NextQuestion | None  # None once every criterion is answered
    next_steps: tuple[NextStep, ...]  # at most 3
    checkup: CheckupProgress | None = None  # set while (and after) a checkup compares with last year
