"""Checkup reminders: the lead hears when a year has passed since the last completed checkup.

The schedule is derived from the database, so it survives restarts: the
first reminder is due one year after the city's latest assessment was
completed (the same date a year later: at least 365 days, and always in a
new year, so the checkup can start), each further one ``REPEAT_AFTER`` after
the previous one was sent, at most ``MAX_REMINDERS``, and none once the lead
has started the checkup (the completed assessment is then no longer the
city's latest). A sent reminder is recorded under a unique
``(city, year, attempt)`` key, so it never goes out twice.

A surface's background worker, every few minutes::

    for reminder in due_reminders(store, now):
        with store.transaction():  # the record and the queued DM commit together
            if mark_reminder_sent(store, reminder):
                post reminder.message to reminder.recipient (e.g. through the durable outbox, key=reminder.key)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import wwc_i18n as i18n

from ..store import Assessment, SentReminder, Store
from . import checkup_text
from .messages import Message
from .nudges import in_working_hours, reads

REPEAT_AFTER = timedelta(days=30)
MAX_REMINDERS = 3


@dataclass(frozen=True)
class Reminder:
    """One reminder due now: for the lead (``recipient``) of a city whose ``year`` assessment is a year old."""

    city_id: int
    workspace: str
    year: int  # the year of the completed assessment
    attempt: int  # 1 .. MAX_REMINDERS
    due_at: datetime
    recipient: str  # the lead's user id
    message: Message  # a NOTICE with "Start the checkup" (checkup:start) and "Remind me later" (checkup:later)

    @property
    def key(self) -> str:
        """Unique per city, year and attempt: a dedupe key for an outbox."""
        return f"checkup-reminder:{self.city_id}:{self.year}:{self.attempt}"


def anniversary(when: datetime) -> datetime:
    """The same moment a year later (29 February becomes 28 February)."""
    try:
        return when.replace(year=when.year + 1)
    except ValueError:
        return when.replace(year=when.year + 1, day=28)


def next_due(assessment: Assessment, sent: list[SentReminder]) -> datetime | None:
    """When the next reminder about ``assessment`` is due, given those already sent; None if no more."""
    if assessment.completed_at is None or len(sent) >= MAX_REMINDERS:
        return None
    if not sent:
        return anniversary(assessment.completed_at)
    return max(r.sent_at for r in sent) + REPEAT_AFTER


def due_reminders(
    store: Store,
    now: datetime,
    *,
    city_id: int | None = None,
    workspace: str | None = None,
    offset_of: Callable[[str, str], int | None] | None = None,
) -> list[Reminder]:
    """The reminders due at ``now`` and not sent yet (reads only; nothing is marked).

    With ``offset_of(workspace, user)`` (a person's offset from UTC in seconds), a reminder waits for a working hour where its
    lead is; a city whose lead turned reminders off (``/wwc remind off``) gets none.
    """
    sent: dict[tuple[int, int], list[SentReminder]] = defaultdict(list)
    for r in store.sent_reminders(city_id):
        sent[(r.city_id, r.year)].append(r)
    due = []
    for assessment in store.latest_completed(city_id):
        done = sent[(assessment.city_id, assessment.year)]
        when = next_due(assessment, done)
        city = store.city(assessment.city_id) if when is not None and when <= now else None
        if when is None or city is None or (workspace is not None and city.workspace != workspace):
            continue
        leads = store.leads(city.id)
        if not leads or store.reminder_every(city.id) == 0:
            continue
        if offset_of is not None and not in_working_hours(now, offset_of(city.workspace, leads[0].user)):
            continue
        attempt = len(done) + 1
        with i18n.using(reads(store, city.workspace, leads[0].user)):  # in the lead's language
            message = checkup_text.reminder(city, assessment.year, attempt, MAX_REMINDERS, leads[0].user)
        due.append(Reminder(city.id, city.workspace, assessment.year, attempt, when, leads[0].user, message))
    return due


def mark_reminder_sent(store: Store, reminder: Reminder, when: datetime | None = None) -> bool:
    """Record ``reminder`` as sent; True the first time, False if it had been (then do not send it)."""
    return store.record_reminder(
        reminder.city_id, reminder.year, reminder.attempt, due_at=reminder.due_at, sent_at=when or store.clock()
    )
