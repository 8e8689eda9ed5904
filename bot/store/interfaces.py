"""What the assistant asks of its store, one small interface per concern.

``Store`` (SQLite) implements all of them; another backend would implement
``StoreLike``, and ``tests/store/test_contract.py`` checks that every public
method of ``Store`` belongs to exactly one interface here. Each write commits
before it returns, and joins the caller's ``transaction()`` when there is one.

The docstrings here are the contract, and the only description of each method: the methods of
``Store`` repeat the signature and carry at most a comment on how they do it.

``SqliteAccess`` is the one part that only a SQLite store has: the
connection itself (for ``reporting`` and tests), so it is not in ``StoreLike``.
"""

from __future__ import annotations

from collections.abc import Collection
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import Any, Protocol, runtime_checkable

from sqlite_utils import Database

from wwc_rules import Outcome

from .base import Clock
from .models import (
    AnswerRecord,
    Assessment,
    Assignment,
    City,
    EvidenceLink,
    HistoryEntry,
    LivePrompt,
    Member,
    OutboxItem,
    Role,
    SentReminder,
)


@runtime_checkable
class Lifecycle(Protocol):
    """The clock that stamps every row, transactions, health, closing."""

    clock: Clock
    monotonic: bool  # stamps never go back (the demo builder turns this off to write history)

    def transaction(self) -> AbstractContextManager[object]:
        """Group several calls into one write transaction: all of them commit, or none.

        The store's writes inside the block join it, e.g. recording a Slack event id together with the
        answer it carried.
        """

    def check_writable(self) -> None:
        """Commit one small write (a health probe); raises if the store cannot be written."""

    def close(self) -> None:
        """Close this thread's connection; in the thread that opened the store, the writer's too."""


@runtime_checkable
class Cities(Protocol):
    """Cities: registering one with its lead, finding one by name, its population."""

    def create_city(
        self,
        workspace: str,
        name: str,
        region: str,
        population: int | None,
        *,
        lead: str,
        lead_name: str | None = None,
    ) -> tuple[City, bool]:
        """Register a city with ``lead`` as its lead; returns ``(city, created)``.

        If the city already exists in the workspace nothing changes and ``created`` is False: joining an
        existing city is the lead's call.
        """

    def city(self, city_id: int) -> City | None:
        """The city with this id, or None."""

    def find_city(self, workspace: str, name: str, region: str) -> City | None:
        """The workspace's city of this name and region (compared by ``city_key``), or None."""

    def find_city_elsewhere(self, workspace: str, name: str, region: str) -> City | None:
        """The same city (by its key) registered from another workspace, if any."""

    def find_city_by_name(self, workspace: str, name: str) -> list[City]:
        """Cities of the workspace called ``name`` (any state/country)."""

    def set_population(self, city_id: int, population: int) -> None:
        """Set a city's population (and with it whether it is eligible)."""


@runtime_checkable
class Team(Protocol):
    """A city's team: members, leads, and who was given which area."""

    def member(self, workspace: str, user: str) -> Member | None:
        """``user``'s membership in ``workspace``, or None."""

    def membership(self, workspace: str, user: str) -> tuple[Member, City, Assessment | None] | None:
        """``user``'s membership in ``workspace``, their city and its current assessment (None before the
        first); None if they are on no city's team."""

    def city_of(self, workspace: str, user: str) -> City | None:
        """The city ``user`` belongs to in ``workspace``, or None."""

    def add_member(
        self,
        workspace: str,
        user: str,
        city_id: int,
        *,
        added_by: str,
        name: str | None = None,
        role: Role = Role.MEMBER,
    ) -> bool:
        """Add ``user`` to a city; False if already a member of it (a name is filled in if missing).

        Raises ``ValueError`` if the user belongs to another city of the workspace.
        """

    def remove_member(self, workspace: str, user: str, city_id: int) -> bool:
        """Take ``user`` off the city's team (their assigned areas go back to nobody); True if they were on it.

        The answers they gave stay, with their name, in the answers and the audit trail.
        """

    def hand_over_lead(self, workspace: str, city_id: int, *, from_user: str, to_user: str) -> bool:
        """Make ``to_user`` (a member of the city) its lead and ``from_user`` a member, in one transaction."""

    def set_member_name(self, workspace: str, user: str, name: str) -> None:
        """Set the name shown for a member."""

    def members(self, city_id: int) -> list[Member]:
        """The city's members, in the order they joined."""

    def leads(self, city_id: int) -> list[Member]:
        """The city's leads, in the order they joined."""

    def assign_area(self, assessment_id: int, area: str, user: str, *, by: str) -> bool:
        """Give ``area`` to ``user`` (replacing any earlier assignee); False if unchanged."""

    def assignments(self, assessment_id: int) -> list[Assignment]:
        """The assessment's area assignments, oldest first."""


@runtime_checkable
class Answers(Protocol):
    """Assessments, their answers, evidence and audit trail."""

    def start_assessment(
        self, city_id: int, standard_id: str, year: int, *, previous_id: int | None = None
    ) -> Assessment:
        """The city's assessment of ``standard_id`` for ``year``, created if missing (race-safe).

        ``previous_id`` links an annual checkup to the same city's earlier assessment of the same
        standard, whose answers it starts from.
        """

    def current_assessment(self, city_id: int) -> Assessment | None:
        """The city's most recent assessment, or None."""

    def assessment(self, assessment_id: int) -> Assessment | None:
        """The assessment with this id, or None."""

    def superseded(self, assessment_id: int) -> bool:
        """True once the city has a later assessment of the same standard (this one is then read-only)."""

    def set_gate(self, assessment_id: int, choice: str | None, *, words: str | None = None) -> None:
        """Record the outcome-gate answer (an option id, or "none" for not yet) and the person's words."""

    def set_status(self, assessment_id: int, status: str) -> None:
        """Mark an assessment "open" or "complete" (idempotent; keeps the first completion time)."""

    def record_answer(
        self,
        assessment_id: int,
        criterion: str,
        outcome: Outcome,
        *,
        by: str,
        by_name: str | None = None,
        words: str | None = None,
    ) -> bool:
        """Set one criterion's outcome (with the person's own words); True if it changed.

        The same outcome again changes nothing (no history entry), even with other words.
        """

    def set_evidence(
        self, assessment_id: int, criterion: str, url: str, note: str | None, *, by: str, by_name: str | None = None
    ) -> bool:
        """Add an evidence link (and note) to a criterion, answered or not; True if it changed.

        Adding never replaces: a criterion holds several links. The same link again only updates its
        note (a new note) or changes nothing.
        """

    def remove_evidence(
        self, assessment_id: int, criterion: str, url: str, *, by: str, by_name: str | None = None
    ) -> bool:
        """Remove one evidence link (kept in the audit trail as removed); True if it was there."""

    def evidence(self, assessment_id: int, criterion: str) -> list[EvidenceLink]:
        """The criterion's evidence links, oldest first (removed ones left out)."""

    def confirm_answers(
        self,
        assessment_id: int,
        criteria: list[str],
        *,
        source_id: int,
        by: str,
        by_name: str | None = None,
    ) -> list[str]:
        """Copy last year's outcome and evidence of ``criteria`` from ``source_id``; returns the codes copied.

        A checkup's "still true": ``by`` becomes the answerer now, and the history notes where the
        answer came from. Criteria already answered here, or not answered in ``source_id``, are left
        alone; evidence already attached here is kept. All or nothing, in one transaction.
        """

    def answers(self, assessment_id: int) -> dict[str, Outcome]:
        """``{code: Outcome}`` for every answered criterion (what ``wwc_rules.score`` takes)."""

    def answer_details(self, assessment_id: int) -> dict[str, AnswerRecord]:
        """Every answer row with who answered, when, and the evidence."""

    def answer(self, assessment_id: int, criterion: str) -> AnswerRecord | None:
        """One criterion's answer row, or None."""

    def history(self, assessment_id: int, criterion: str | None = None) -> list[HistoryEntry]:
        """The audit trail, oldest first, optionally for one criterion."""

    def latest_completed(self, city_id: int | None = None) -> list[Assessment]:
        """Each city's most recent assessment where it is complete (no checkup started since)."""

    def open_assessments(self) -> list[Assessment]:
        """Every city's latest assessment, where it is still open."""

    def last_answered(self, assessment_id: int, user: str | None = None) -> datetime | None:
        """When the assessment (or ``user`` in it) last recorded an answer."""


@runtime_checkable
class Conversations(Protocol):
    """Each person's conversation: saved state, live prompt, Slack assistant threads."""

    def load_state(self, workspace: str, user: str) -> dict[str, Any] | None:
        """The saved conversation state of a user (a JSON object), or None."""

    def save_state(self, workspace: str, user: str, state: dict[str, Any]) -> None:
        """Save a user's conversation state (a JSON object), replacing the previous one."""

    def live_prompt(self, workspace: str, user: str) -> LivePrompt | None:
        """The message whose answer buttons still count for the person, or None."""

    def set_live_prompt(
        self, workspace: str, user: str, channel: str, ts: str, code: str, blocks: list[dict]
    ) -> LivePrompt | None:
        """Make a just-posted message the person's live prompt; returns the one it replaces (to be closed).

        This and the other changes of the live prompt made on their own (``close_live_prompt``,
        ``forget_live_prompt``) are bookkeeping, committed without waiting for the disk: a power loss may forget
        the last one (presses on that question are then judged by when its criterion was answered), a killed
        process does not. Inside an input's transaction they are synced with it."""

    def take_live_prompt(self, workspace: str, user: str, channel: str, ts: str) -> bool | None:
        """Whether a press on message ``ts`` may record: True (and it is taken), False if that message is no
        longer open (a newer one was posted, or one of its buttons already recorded), None if nothing is
        known of the person."""

    def is_live_prompt(self, workspace: str, user: str, channel: str, ts: str) -> bool | None:
        """Like ``take_live_prompt`` without taking it (for Skip and Back, which record nothing)."""

    def close_live_prompt(self, workspace: str, user: str, ts: str, *, by_typing: bool = False) -> None:
        """The message ``ts`` no longer counts: closed on screen, or answered by typing and still to be shown
        closed (``by_typing``; the reply that follows takes its buttons away)."""

    def close_answered_prompt(self, workspace: str, user: str, codes: Collection[str]) -> bool:
        """If the person's live prompt is still open and asks one of ``codes`` (answered by typing), close it as
        ``close_live_prompt(..., by_typing=True)`` does; whether it was. One statement: the prompt's blocks are
        not read."""

    def forget_live_prompt(self, workspace: str, user: str) -> None:
        """No message is known to be the person's latest question (it went to the outbox)."""

    def note_assistant_thread(
        self, channel: str, thread_ts: str, workspace: str, user: str, context_channel: str = ""
    ) -> None:
        """Keep an assistant thread (and what its person was viewing), not read back from Slack's history."""

    def is_assistant_thread(self, channel: str, thread_ts: str) -> bool:
        """True if the thread was noted as an assistant thread."""


@runtime_checkable
class OutboxQueue(Protocol):
    """The announcement outbox: posts queued once, claimed under a lease, sent in order."""

    def enqueue(
        self,
        channel: str,
        text: str,
        *,
        dedupe_key: str,
        blocks: list[dict] | None = None,
        not_before: datetime | None = None,
        attempts: int = 0,
        workspace: str = "",
    ) -> tuple[OutboxItem, bool]:
        """Queue a post once per ``dedupe_key``; returns ``(item, created)``.

        ``attempts``: tries already made elsewhere (1 for a post that may have reached Slack: the worker
        then looks for it in the channel before posting).
        """

    def claim_due(self, *, limit: int = 10, lease: timedelta = timedelta(seconds=60)) -> list[OutboxItem]:
        """Claim up to ``limit`` due items, oldest first; each attempt is counted.

        A claimed item is hidden for ``lease``; if the sender dies before ``mark_sent``, the item becomes
        due again when the lease ends.
        """

    def mark_sent(self, item_id: int) -> None:
        """The item reached Slack (the first sending time is kept)."""

    def reschedule(self, item_id: int, delay: timedelta | float, *, error: str | None = None) -> None:
        """Try again after ``delay`` (a timedelta or seconds), e.g. Slack's ``Retry-After``."""

    def mark_failed(self, item_id: int, error: str) -> None:
        """Give up on an item (e.g. the channel does not exist)."""

    def outbox_item(self, item_id: int) -> OutboxItem | None:
        """The item with this id, or None."""

    def claim_next_in_order(self, *, lease: timedelta = timedelta(seconds=60)) -> OutboxItem | None:
        """Claim the oldest due item whose channel has no earlier post still to go out (its attempt is counted).

        A post that failed for a while holds up the later posts to its channel until it is sent or given
        up (``failed``), so after an outage a channel's posts arrive in the order they were queued. An
        earlier item that was never tried and is scheduled for later does not hold anything up.
        """

    def release_leases(self) -> int:
        """At start (one process serves one database): posts a killed process was sending are due again
        now; returns how many.

        Their attempt count stays, so the outbox first checks whether Slack already has them (never twice).
        """


@runtime_checkable
class Reminders(Protocol):
    """Checkup reminders, nudges about unfinished work, and how often a city wants them."""

    def sent_reminders(self, city_id: int | None = None) -> list[SentReminder]:
        """Checkup reminders already sent, by city, year and attempt."""

    def record_reminder(self, city_id: int, year: int, attempt: int, *, due_at: datetime, sent_at: datetime) -> bool:
        """Record that a reminder went out; True the first time for ``(city_id, year, attempt)``."""

    def reminder_every(self, city_id: int) -> int | None:
        """Days between nudges the city's lead chose (0: none at all), or None if never chosen."""

    def set_reminder_every(self, city_id: int, days: int, *, by: str) -> None:
        """Keep the days between nudges the city's lead chose (0: none at all)."""

    def last_nudge(self, city_id: int, user: str, kind: str) -> datetime | None:
        """When ``user`` of the city was last sent a nudge of ``kind``, or None."""

    def record_nudge(self, key: str, city_id: int, user: str, kind: str, sent_at: datetime) -> bool:
        """Record a nudge as sent; False if ``key`` was sent before (then it is not sent again)."""


@runtime_checkable
class Events(Protocol):
    """Slack event ids already processed, so a retried event is handled once."""

    def mark_event_processed(self, event_id: str) -> bool:
        """True the first time ``event_id`` is seen, False for every retry (atomic across processes)."""

    def forget_events_before(self, when: datetime) -> int:
        """Drop processed-event ids older than ``when`` (Slack stops retrying after minutes)."""


@runtime_checkable
class Languages(Protocol):
    """The language each person reads."""

    def language(self, workspace: str, user: str) -> tuple[str, bool] | None:
        """The language ``user`` reads and whether they chose it (False: taken from Slack's locale), or None."""

    def set_language(self, workspace: str, user: str, language: str, *, chosen: bool) -> None:
        """Keep ``language`` for ``user``; a locale seen in Slack never replaces a language the person chose."""


@runtime_checkable
class Invitations(Protocol):
    """Sprint cohorts matched to gaps: cities to invite, invitations, requests to join, opt-outs."""

    def cities_with_gap(self, standard_id: str, codes: list[str]) -> list[tuple[City, dict[str, Outcome]]]:
        """Each city whose current assessment of ``standard_id`` answers Not yet or In progress on any of ``codes``."""

    def record_invitation(self, program: str, cohort: str, city_id: int, codes: str) -> bool:
        """Note that a city was invited to a cohort; False if it already was (one invitation per city and cohort)."""

    def ask_to_join(self, program: str, cohort: str, city_id: int) -> bool:
        """A city's lead asked to join a cohort it was invited to; False if not invited or already asked."""

    def invitation_counts(self, program: str, cohort: str) -> tuple[int, int]:
        """(cities invited, cities that asked to join) for a cohort: counts only, never names."""

    def joined_cities(self, program: str, cohort: str) -> list[City]:
        """The cities that asked to join (they chose to be known to the network team)."""

    def opt_out_of_invitations(self, workspace: str, user: str) -> None:
        """The person wants no more sprint invitations."""

    def opted_out(self, workspace: str, user: str) -> bool:
        """True if the person opted out of sprint invitations."""


@runtime_checkable
class SqliteAccess(Protocol):
    """The SQLite file and connection behind a ``Store`` (for ``reporting``'s queries and tests)."""

    path: str

    @property
    def db(self) -> Database:
        """This thread's connection (opened on first use); in its write transaction, the writer's."""


@runtime_checkable
class StoreLike(
    Lifecycle,
    Cities,
    Team,
    Answers,
    Conversations,
    OutboxQueue,
    Reminders,
    Events,
    Languages,
    Invitations,
    Protocol,
):
    """Everything the assistant asks of a store, whatever keeps the data."""


# Every interface (those ``StoreLike`` is made of, and ``SqliteAccess``): together they name each public
# member of ``Store`` once.
INTERFACES: tuple[type, ...] = (*(part for part in StoreLike.__bases__ if part is not Protocol), SqliteAccess)
