"""Rows as frozen models: what the store hands out (never raw dicts or SQL)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, model_validator

from wwc_rules import Outcome, region_in_americas

MIN_ELIGIBLE_POPULATION = 30_000  # WWC Certification is open to cities of 30,000+ residents in the Americas
_region_memo = lru_cache(maxsize=1024)(region_in_americas)


def _in_americas(region: object) -> bool | None:
    """``region_in_americas``, remembered per region text (a pure function of it; a city row is read on every input)."""
    return _region_memo(region) if isinstance(region, str) else region_in_americas(region)  # type: ignore[arg-type]


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True)


class Role(str, Enum):
    LEAD = "lead"
    MEMBER = "member"


class City(_Row):
    id: int
    workspace: str
    name: str
    region: str  # state (US) or country
    population: int | None
    eligible: bool | None  # None while the population is unknown; False outside the Americas
    created_at: datetime

    @model_validator(mode="before")
    @classmethod
    def _outside_the_americas_is_not_eligible(cls, data: object) -> object:
        """The stored flag counts residents only; a region known to be outside the Americas makes it False."""
        if isinstance(data, dict) and _in_americas(data.get("region")) is False and data.get("eligible") is not False:
            data = {**data, "eligible": False}
        return data

    @property
    def in_americas(self) -> bool | None:
        """True in North, Central or South America, False if known to be elsewhere, None if not recognised."""
        return _in_americas(self.region)

    @property
    def label(self) -> str:
        return f"{self.name}, {self.region}" if self.region else self.name


class Member(_Row):
    workspace: str
    user: str
    city_id: int
    role: Role
    name: str | None
    added_by: str | None
    joined_at: datetime

    @property
    def display(self) -> str:
        return self.name or self.user

    @property
    def is_lead(self) -> bool:
        return self.role is Role.LEAD


class Assessment(_Row):
    id: int
    city_id: int
    standard_id: str
    year: int
    status: str  # "open" or "complete"
    gate_choice: str | None  # a gate option id, "none" for "not yet", None while unasked
    created_at: datetime
    completed_at: datetime | None
    previous_id: int | None = None  # the earlier assessment an annual checkup started from
    gate_words: str | None = None  # the person's own words for the outcome requirement


class AnswerRecord(_Row):
    """One criterion's answer; ``outcome`` is None when only evidence was attached so far."""

    criterion: str
    outcome: Outcome | None
    evidence_url: str | None
    evidence_note: str | None
    answered_by: str | None
    answered_by_name: str | None
    answered_at: datetime | None
    words: str | None = None  # the person's own words, when the answer was typed ("we have one but it's old")


class EvidenceLink(_Row):
    """One evidence link of a criterion; a criterion holds several."""

    url: str
    note: str | None
    added_by: str
    added_by_name: str | None
    added_at: datetime


class HistoryEntry(_Row):
    """One change in the audit trail: ``field`` ("outcome" or "evidence") went from old to new."""

    id: int
    assessment_id: int
    criterion: str
    field: str
    old_value: str | None
    new_value: str | None
    changed_by: str
    changed_by_name: str | None
    changed_at: datetime
    note: str | None = None  # e.g. "still true from 2026" when a checkup confirmed last year's answer
    words: str | None = None  # the person's own words behind an answer


class Assignment(_Row):
    assessment_id: int
    area: str
    user: str
    assigned_by: str | None
    assigned_at: datetime


class OutboxItem(_Row):
    id: int
    channel: str
    text: str
    blocks: list[dict] | None
    dedupe_key: str
    status: str  # pending, sending (claimed), sent, failed
    attempts: int
    not_before: datetime
    created_at: datetime
    sent_at: datetime | None
    last_error: str | None
    workspace: str = ""


class LivePrompt(_Row):
    """The message whose answer buttons still count for one person (see ``Store.set_live_prompt``)."""

    workspace: str
    user: str
    channel: str
    ts: str
    code: str
    blocks: list[dict]
    taken: int  # 0 open; 1 closed (a press took it, or it shows closed); 2 answered by typing, not yet shown closed
    posted_at: datetime


class SentReminder(_Row):
    """A checkup reminder that went out: attempt ``attempt`` for the city's ``year`` assessment."""

    id: int
    city_id: int
    year: int  # the year of the completed assessment whose checkup is due
    attempt: int  # 1, 2, 3
    due_at: datetime
    sent_at: datetime
