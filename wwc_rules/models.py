"""Data models of a certification standard and of a scored assessment.

Everything here is frozen and rejects unknown fields, so a typo in a data
file ("thresold:") fails loudly instead of being silently ignored.
"""

from __future__ import annotations

from enum import Enum
from functools import cached_property
from typing import Annotated, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from wwc_i18n import N_, _

Code = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,5}[0-9]{0,2}$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Phase(str, Enum):
    """The four parts of the original 2015 What Works Cities Standard.

    Their order is the order in which a city usually builds practice, so it
    doubles as the "foundational first" order of the shortest path.
    """

    COMMIT = "commit"
    MEASURE = "measure"
    TAKE_STOCK = "take_stock"
    ACT = "act"

    @property
    def rank(self) -> int:
        return _PHASE_RANK[self]


_PHASE_RANK = {p: i for i, p in enumerate(Phase)}


class Outcome(str, Enum):
    """What a city says about one criterion. Only MET earns a point."""

    MET = "met"
    IN_PROGRESS = "in_progress"
    NOT_YET = "not_yet"
    NOT_SURE = "not_sure"

    @property
    def label(self) -> str:
        """The outcome's name in the language in force (``wwc_i18n``)."""
        return _(OUTCOME_LABELS[self])


OUTCOME_LABELS = {  # English; shown through the catalog
    Outcome.MET: N_("Met"),
    Outcome.IN_PROGRESS: N_("In progress"),
    Outcome.NOT_YET: N_("Not yet"),
    Outcome.NOT_SURE: N_("Not sure"),
}


class Level(Frozen):
    id: NonEmpty
    name: NonEmpty
    min_percent: int = Field(ge=1, le=100)


class Area(Frozen):
    code: Code
    name: NonEmpty
    summary: NonEmpty
    aliases: tuple[NonEmpty, ...] = ()


class Criterion(Frozen):
    code: Code
    area: Code
    title: NonEmpty
    question: NonEmpty
    what_counts: tuple[NonEmpty, ...] = Field(min_length=1)
    evidence: tuple[NonEmpty, ...] = Field(min_length=1)
    why: NonEmpty
    tags: tuple[NonEmpty, ...] = Field(min_length=1)
    phase: Phase
    prerequisites: tuple[Code, ...] = ()


SourceMark = Literal["confirmed", "single_source", "unsure"]
"""How well a rule of the standard is sourced: the marks of the research notes
(confirmed by two sources or an official one; one source only; inferred or conflicting)."""

DEFAULT_READING_NOTE = (
    "This list is the assistant's own reading of the public criterion, not the official checklist; "
    "the official checklist is in the Results for America certification portal."
)


class CoreRule(Frozen):
    """Criteria a city must meet to be certified at any level, whatever its total ("core standards")."""

    title: NonEmpty
    criteria: tuple[Code, ...] = Field(min_length=1)
    rule: NonEmpty
    source: NonEmpty
    source_name: NonEmpty
    confidence: SourceMark
    note: NonEmpty | None = None


class Eligibility(Frozen):
    """Who may apply: a population floor and the part of the world the program is open to."""

    min_population: int = Field(ge=0)
    regions: NonEmpty  # in words, e.g. "North, Central and South America"
    americas_only: bool = True
    source: NonEmpty
    confidence: SourceMark


class GateOption(Frozen):
    id: NonEmpty
    label: NonEmpty


class OutcomeGate(Frozen):
    """A requirement outside the criteria that a city must pass to be certified."""

    id: NonEmpty
    title: NonEmpty
    question: NonEmpty
    why: NonEmpty
    options: tuple[GateOption, ...] = Field(min_length=1)


class Standard(Frozen):
    id: NonEmpty
    name: NonEmpty
    version: NonEmpty
    source: NonEmpty
    notes: tuple[NonEmpty, ...] = ()
    levels: tuple[Level, ...] = Field(min_length=1)
    areas: tuple[Area, ...] = Field(min_length=1)
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    gate: OutcomeGate | None = None
    core: CoreRule | None = None
    eligibility: Eligibility | None = None
    reading_note: NonEmpty = DEFAULT_READING_NOTE  # shown with every "what counts" list
    language: str = "en"  # the language of its texts (``wwc_rules.i18n.translated``); codes never change

    @cached_property
    def index(self) -> StandardIndex:
        """Look-ups derived once from the criteria; scoring runs thousands of times a second."""
        return StandardIndex(self.criteria, self.areas, self.core.criteria if self.core else ())

    @property
    def has_prerequisites(self) -> bool:
        return self.index.has_prerequisites

    @property
    def core_codes(self) -> tuple[str, ...]:
        """Codes of the core standards (required for any level), in the standard's order."""
        return self.index.core_codes

    def is_core(self, code: str) -> bool:
        return code.upper() in self.index.core_codes

    @model_validator(mode="after")
    def _cross_references(self) -> Standard:
        _unique("areas", [a.code for a in self.areas])
        _unique("criteria", [c.code for c in self.criteria])
        _unique("levels", [lv.id for lv in self.levels])
        percents = [lv.min_percent for lv in self.levels]
        if any(b <= a for a, b in zip(percents, percents[1:])):
            raise ValueError(f"levels: min_percent must be strictly ascending, got {percents}")
        areas = {a.code for a in self.areas}
        codes = {c.code for c in self.criteria}
        for i, c in enumerate(self.criteria):
            if c.area not in areas:
                raise ValueError(f"criteria.{i}.area: {c.code} names unknown area {c.area!r}")
            for p in c.prerequisites:
                if p not in codes:
                    raise ValueError(f"criteria.{i}.prerequisites: {c.code} names unknown criterion {p!r}")
                if p == c.code:
                    raise ValueError(f"criteria.{i}.prerequisites: {c.code} cannot require itself")
        cycle = _find_cycle({c.code: c.prerequisites for c in self.criteria})
        if cycle:
            raise ValueError("criteria: prerequisites form a cycle: " + " -> ".join(cycle))
        for a in self.areas:
            if not any(c.area == a.code for c in self.criteria):
                raise ValueError(f"areas: {a.code} has no criteria")
        if self.core is not None:
            _unique("core.criteria", list(self.core.criteria))
            for i, code in enumerate(self.core.criteria):
                if code not in codes:
                    raise ValueError(f"core.criteria.{i}: unknown criterion {code!r}")
        return self

    def criterion(self, code: str) -> Criterion:
        try:
            return self.index.by_code[code.upper()]
        except KeyError:
            raise KeyError(f"unknown criterion {code!r} in standard {self.id}") from None

    def area(self, code: str) -> Area:
        for a in self.areas:
            if a.code == code.upper():
                return a
        raise KeyError(f"unknown practice area {code!r} in standard {self.id}")

    def criteria_in(self, area_code: str) -> tuple[Criterion, ...]:
        return self.index.by_area.get(area_code.upper(), ())

    def has_criterion(self, code: str) -> bool:
        return code.upper() in self.index.by_code


class StandardIndex:
    """Look-ups derived from a standard's criteria (read-only by convention).

    Scoring works on positions in the standard's order, which keeps its inner
    loops in C (list comprehensions, slices, ``list.count``).
    """

    __slots__ = ("codes", "by_code", "by_area", "area_codes", "area_positions", "area_selectors", "foundational_order",
                 "foundational_positions", "foundational_rank", "has_prerequisites", "memo", "core_codes",
                 "core_positions")

    def __init__(self, criteria: tuple[Criterion, ...], areas: tuple[Area, ...], core: tuple[str, ...] = ()) -> None:
        n = len(criteria)
        self.codes = tuple(c.code for c in criteria)
        self.by_code = {c.code: c for c in criteria}
        self.by_area = {a.code: tuple(c for c in criteria if c.area == a.code) for a in areas}
        self.area_codes = {code: tuple(c.code for c in found) for code, found in self.by_area.items()}
        self.area_positions = tuple(tuple(i for i, c in enumerate(criteria) if c.area == a.code) for a in areas)
        # An area whose criteria stand together in the file is read with one slice.
        self.area_selectors = tuple(
            slice(p[0], p[-1] + 1) if p == tuple(range(p[0], p[-1] + 1)) else p for p in self.area_positions
        )
        # Sort key of "foundational first": earlier phase of the Standard, then the standard's order.
        self.foundational_rank = {c.code: c.phase.rank * n + i for i, c in enumerate(criteria)}
        self.foundational_positions = tuple(sorted(range(n), key=lambda i: self.foundational_rank[self.codes[i]]))
        self.foundational_order = tuple(self.codes[i] for i in self.foundational_positions)
        self.has_prerequisites = any(c.prerequisites for c in criteria)
        self.core_positions = tuple(i for i, c in enumerate(criteria) if c.code in core)
        self.core_codes = tuple(self.codes[i] for i in self.core_positions)
        self.memo: dict[object, object] = {}  # for immutable values derived by callers (e.g. path steps)


def _unique(what: str, keys: list[str]) -> None:
    seen: set[str] = set()
    for i, k in enumerate(keys):
        if k in seen:
            raise ValueError(f"{what}.{i}: duplicate {k!r}")
        seen.add(k)


def _find_cycle(graph: dict[str, tuple[str, ...]]) -> list[str] | None:
    WHITE, GREY, BLACK = 0, 1, 2
    colour = {n: WHITE for n in graph}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        colour[n] = GREY
        stack.append(n)
        for m in graph.get(n, ()):
            if colour.get(m) == GREY:
                return stack[stack.index(m):] + [m]
            if colour.get(m) == WHITE:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        colour[n] = BLACK
        return None

    for n in graph:
        if colour[n] == WHITE:
            found = visit(n)
            if found:
                return found
    return None


# ---------------------------------------------------------------- the report
# Reports are outputs of a pure function, never parsed from outside, so they are
# named tuples: immutable and cheap to build thousands of times a second.


class AreaResult(NamedTuple):
    code: str
    name: str
    met: int
    total: int
    in_progress: int
    not_yet: int
    not_sure: int
    percent: int


class PathStep(NamedTuple):
    """One criterion on the shortest path to the next level."""

    code: str
    title: str
    area: str
    outcome: Outcome
    reason: str


class GateResult(NamedTuple):
    required: bool
    passed: bool
    choice: str | None = None


class CoreResult(NamedTuple):
    """The core standards: which there are, and which have not earned their point."""

    codes: tuple[str, ...] = ()
    unmet: tuple[str, ...] = ()

    @property
    def required(self) -> bool:
        return bool(self.codes)

    @property
    def passed(self) -> bool:
        return not self.unmet


class ScoreReport(NamedTuple):
    standard_id: str
    points: int
    total: int
    percent: int
    level: Level | None
    next_level: Level | None
    needed_for_next: int
    path_to_next: tuple[PathStep, ...]
    areas: tuple[AreaResult, ...]
    strengths: tuple[str, ...]
    weak_areas: tuple[str, ...]
    to_confirm: tuple[str, ...]
    blocked: tuple[str, ...]
    outcomes: dict[str, Outcome]  # every criterion; an unanswered one counts as not sure
    answered: int
    unanswered: tuple[str, ...]  # codes nobody answered, in the standard's order
    gate: GateResult
    core: CoreResult
    ready: bool  # a level on points, the outcome requirement shown and every core standard met

    @property
    def certifiable(self) -> bool:
        """Old name of ``ready`` (kept for callers): meets every published requirement of its level.

        This is a self-assessment; only Results for America's review certifies a city.
        """
        return self.ready

    @property
    def ready_level(self) -> Level | None:
        """The points level when the city is ready for review at it, else None."""
        return self.level if self.ready else None

    def answer_label(self, code: str) -> str:
        """What the city said on ``code`` for display: "Not answered" when nobody answered it."""
        return _("Not answered") if code in self.unanswered else self.outcomes[code].label

    @property
    def complete(self) -> bool:
        """Every criterion has an answer (``not sure`` given explicitly counts as an answer)."""
        return self.answered == self.total

    def area(self, code: str) -> AreaResult:
        for a in self.areas:
            if a.code == code:
                return a
        raise KeyError(code)
