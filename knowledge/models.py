"""Data models of the knowledge base: resources, programs, partners, peer cities.

Every model is frozen and rejects unknown fields, so a typo in a data file
fails at load time. Every item carries the URL its facts were checked against
(``source``) and a confidence mark taken from the research notes:
verified (V), partial (P) or uncertain (U).
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from wwc_i18n import _
from wwc_rules import Outcome

from .links import link_mark

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
    """A guide, toolkit, course, template, case study or community a city can use.

    A link that is an unofficial copy (a document-mirror site), an old address
    that may have moved, or an address rebuilt by hand (``url_guessed``) says so
    in its title, so every surface that shows the link shows the mark with it
    (in the language in force when the item is read: the loader reads a knowledge
    base in its standard's language).
    """

    id: Slug
    title: Text
    publisher: Text
    kind: Kind
    url: Url
    url_guessed: bool = False  # the address was rebuilt from a site's base, not seen
    description: Text
    criteria: tuple[Code, ...] = Field(min_length=1)
    tags: tuple[Text, ...] = Field(min_length=1)
    effort: Effort
    status: Status = Status.CURRENT
    note: Text | None = None
    source: Url
    confidence: Confidence
    english_only: bool = False  # set by a translation: the material itself is in English

    @model_validator(mode="before")
    @classmethod
    def _mark_the_title(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("title"), str) and isinstance(data.get("url"), str):
            mark = link_mark(data["url"], guessed=bool(data.get("url_guessed")))
            if mark and f"({mark})" not in data["title"]:
                data = {**data, "title": f"{data['title'].strip()} ({mark})"}
        return data

    @property
    def link_mark(self) -> str | None:
        """"unofficial copy", "old address, may have moved", "address not confirmed" (in the language in force)
        or None."""
        return link_mark(self.url, guessed=self.url_guessed)


class ProgramKind(str, Enum):
    SPRINT = "sprint"
    ACADEMY = "academy"
    COHORT = "cohort"
    COMMUNITY = "community"
    TRAINING = "training"


class ProgramStatus(str, Enum):
    """Open offers can be joined; past ones have ended (history, never an offer);
    uncertain ones may have ended (their only sources are old): ask before relying on them."""

    OPEN = "open"
    PAST = "past"
    UNCERTAIN = "uncertain"


class ProgramFormat(Frozen):
    name: Text
    description: Text


class Program(Frozen):
    """A WWC Sprint, the WWC Academy, or another cohort program.

    ``url`` is the program's own page; None when it has none we know of
    (``page_note`` then says where it was announced). ``start_year`` and
    ``end_year`` are the dates as far as the sources say; a past program has
    an end year.
    """

    id: Slug
    name: Text
    kind: ProgramKind
    run_by: Text
    when: Text
    start_year: int | None = Field(default=None, ge=1990, le=2100)
    end_year: int | None = Field(default=None, ge=1990, le=2100)
    status: ProgramStatus
    areas: tuple[Code, ...] = Field(min_length=1)
    criteria: tuple[Code, ...] = ()
    description: Text
    eligibility: Text | None = None
    selective: bool = False  # the program picks its cities (competitive or by invitation)
    formats: tuple[ProgramFormat, ...] = ()
    note: Text | None = None
    url: Url | None = None
    page_note: Text | None = None
    source: Url
    confidence: Confidence

    @model_validator(mode="after")
    def _dates_fit_the_status(self) -> Program:
        if self.status is ProgramStatus.PAST and self.end_year is None:
            raise ValueError(f"{self.id}: a past program needs end_year")
        if self.status is not ProgramStatus.PAST and self.end_year is not None:
            raise ValueError(f"{self.id}: only a past program has an end_year")
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValueError(f"{self.id}: end_year is before start_year")
        if self.url is None and not self.page_note:
            raise ValueError(f"{self.id}: without a url, say in page_note that it has no page of its own")
        return self

    @property
    def ran(self) -> str:
        """ "2024", "2019-2021" or the ``when`` text."""
        if self.end_year is None:
            return self.when
        if self.start_year and self.start_year != self.end_year:
            return f"{self.start_year}-{self.end_year}"
        return str(self.end_year)


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
    """An expert partner and the practice areas it supports.

    ``supports`` is empty for a listed partner whose areas no source names; it
    then appears in the roster, never as the partner for an area. ``url`` is
    its own page, None when we only know where it is listed (``source``).
    """

    id: Slug
    name: Text
    role: Text
    status: PartnerStatus
    supports: tuple[Support, ...] = ()
    note: Text | None = None
    url: Url | None = None
    source: Url
    confidence: Confidence

    @property
    def link(self) -> str:
        return self.url or self.source


class Peer(Frozen):
    """A city that has done something a city working on this criterion can learn from.

    It is shown for a criterion only when ``criteria`` names it; otherwise it is
    an example for its area and is labelled so.
    """

    id: Slug
    city: Text
    region: Text
    area: Code
    criteria: tuple[Code, ...] = ()  # empty: an example for the area as a whole
    summary: Text
    year: Text | None = None
    source: Url
    confidence: Confidence

    @property
    def source_mark(self) -> str | None:
        return link_mark(self.source)


class TermSource(Frozen):
    name: Text
    url: Url


class Term(Frozen):
    """A word staff use about the program ("Honor Roll", "the certification report"), answered from data."""

    id: Slug
    name: Text
    phrases: tuple[Text, ...] = Field(min_length=1)  # lower case, matched in the message
    answer: Text
    also: Text | None = None  # a second paragraph, e.g. how to change an answer
    standard_part: Literal["gate", "core", "eligibility"] | None = None  # shown from the standard file
    programs: tuple[Slug, ...] = ()  # programs.yml ids shown with the answer
    suggestions: tuple[Text, ...] = ()
    sources: tuple[TermSource, ...] = Field(min_length=1)
    confidence: Confidence

    @property
    def source(self) -> str:
        return self.sources[0].url


class Knowledge(Frozen):
    """The whole knowledge base, checked against one standard."""

    standard_id: Text
    resources: tuple[Resource, ...]
    programs: tuple[Program, ...]
    partners: tuple[Partner, ...]
    peers: tuple[Peer, ...]
    next_steps: dict[str, Text]
    terms: tuple[Term, ...] = ()


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
    peer: Peer | None  # a peer that illustrates this very criterion
    area_peer: Peer | None = None  # otherwise an example for the area, labelled as such
    past_program: Program | None = None  # a past Sprint on this criterion: history, never an offer


class Step(CriterionHelp):
    """One gap on a city's roadmap, with why it is there.

    ``outcome`` is what the score counts (an unanswered criterion counts as Not
    sure); ``answered`` is False when nobody answered it, and every display then
    says "not answered" (``outcome_label``).
    """

    outcome: Outcome
    answered: bool = True
    reason: str

    @property
    def outcome_label(self) -> str:
        return self.outcome.label if self.answered else _("Not answered")


class Roadmap(Frozen):
    standard_id: str
    area: str | None
    steps: tuple[Step, ...]
