"""Data models of the knowledge base: resources, programs, partners, peer cities.

Every model is frozen and rejects unknown fields, so a typo in a data file
fails at load time. Every item carries the URL its facts were checked against
(``source``) and a confidence mark taken from the research notes:
verified (V), partial (P) or uncertain (U).
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from wwc_rules import Outcome

Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Code = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,5}[0-9]{0,2}$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Confidence(str, Enum):
    """How well the research notes support an item (their V / P / U marks)."""

    VERIFIED = "verified"
    PARTIAL = "partial"
    UNCERTAIN = "uncertain"

    @property
    def rank(self) -> int:
        return list(Confidence).index(self)


class Kind(str, Enum):
    GUIDE = "guide"
    TOOLKIT = "toolkit"
    COURSE = "course"
    TEMPLATE = "template"
    CASE_STUDY = "case_study"
    COMMUNITY = "community"


class Effort(str, Enum):
    """Rough time to put a resource to use (an editorial estimate, not a sourced fact)."""

    HOURS = "hours"
    DAYS = "days"
    WEEKS = "weeks"


class Status(str, Enum):
    CURRENT = "current"
    ARCHIVED = "archived"


class Resource(Frozen):
    """A guide, toolkit, course, template, case study or community a city can use."""

    id: Slug
    title: Text
    publisher: Text
    kind: Kind
    url: Url
    description: Text
    criteria: tuple[Code, ...] = Field(min_length=1)
    tags: tuple[Text, ...] = Field(min_length=1)
    effort: Effort
    status: Status = Status.CURRENT
    note: Text | None = None
    source: Url
    confidence: Confidence


class ProgramKind(str, Enum):
    SPRINT = "sprint"
    ACADEMY = "academy"
    COHORT = "cohort"
    COMMUNITY = "community"
    TRAINING = "training"


class ProgramStatus(str, Enum):
    """Open offers can be joined; past ones are cohorts that have ended (examples only)."""

    OPEN = "open"
    PAST = "past"


class ProgramFormat(Frozen):
    name: Text
    description: Text


class Program(Frozen):
    """A WWC Sprint, the WWC Academy, or another cohort program."""

    id: Slug
    name: Text
    kind: ProgramKind
    run_by: Text
    when: Text
    status: ProgramStatus
    areas: tuple[Code, ...] = Field(min_length=1)
    criteria: tuple[Code, ...] = ()
    description: Text
    eligibility: Text | None = None
    selective: bool = False  # the program picks its cities (competitive or by invitation)
    formats: tuple[ProgramFormat, ...] = ()
    note: Text | None = None
    url: Url
    source: Url
    confidence: Confidence


class PartnerStatus(str, Enum):
    ACTIVE = "active"
    FORMER = "former"


class Support(Frozen):
    """One practice area a partner supports; ``criteria`` narrows it when only some apply."""

    area: Code
    criteria: tuple[Code, ...] = ()
    confidence: Confidence
    note: Text | None = None


class Partner(Frozen):
    """An expert partner and the practice areas it supports."""

    id: Slug
    name: Text
    role: Text
    status: PartnerStatus
    supports: tuple[Support, ...] = Field(min_length=1)
    note: Text | None = None
    url: Url
    source: Url
    confidence: Confidence


class Peer(Frozen):
    """A city that has done something a city working on this criterion can learn from."""

    id: Slug
    city: Text
    region: Text
    area: Code
    criteria: tuple[Code, ...] = ()  # empty: an example for the area as a whole
    summary: Text
    year: Text | None = None
    source: Url
    confidence: Confidence


class Knowledge(Frozen):
    """The whole knowledge base, checked against one standard."""

    standard_id: Text
    resources: tuple[Resource, ...]
    programs: tuple[Program, ...]
    partners: tuple[Partner, ...]
    peers: tuple[Peer, ...]
    next_steps: dict[str, Text]


class CriterionHelp(Frozen):
    """What the knowledge base offers for one criterion."""

    code: str
    title: str
    area: str
    next_step: str
    resources: tuple[Resource, ...]
    program: Program | None
    partner: Partner | None
    partner_confidence: Confidence | None = None  # how sure the partner covers this criterion
    partner_note: str | None = None
    peer: Peer | None


class Step(CriterionHelp):
    """One gap on a city's roadmap, with why it is there."""

    outcome: Outcome
    reason: str


class Roadmap(Frozen):
    standard_id: str
    area: str | None
    steps: tuple[Step, ...]
