"""Nudges: a word to the lead of an unfinished assessment and to whoever was handed an area, at their own
local time in working hours, as often as the lead chose (``/wwc remind``; every week unless they chose).

The schedule comes from the database (answers, assignments, the nudges sent), so it survives restarts. A
nudge is due for a person when nothing was answered for ``every`` days (by the team for the lead, by the
assignee for their area) and they were not nudged in that time; it is recorded under a key unique per
person, kind and period, in the transaction that queues it, so it goes out once. "Never" (``every`` = 0)
also stops the annual checkup reminders (``reminders.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from wwc_rules import Standard

from ..store import Store
from .messages import Message, MessageKind, Option
from .text import escape

DEFAULT_EVERY = 7  # days, until the lead chooses
CHOICES = {"weekly": 7, "every two weeks": 14, "biweekly": 14, "monthly": 30, "off": 0, "never": 0, "none": 0}
WORK_STARTS, WORK_ENDS = 9, 17  # local hours, Monday to Friday


@dataclass(frozen=True)
class Nudge:
    city_id: int
    workspace: str
    recipient: str
    kind: str  # "unfinished" or "area:<CODE>"
    key: str
    message: Message


def every_days(store: Store, city_id: int) -> int:
    chosen = store.reminder_every(city_id)
    return DEFAULT_EVERY if chosen is None else chosen


def in_working_hours(now: datetime, offset_seconds: int | None) -> bool:
    """Whether it is a working hour on a weekday where the person is (UTC when Slack did not say)."""
    local = now + timedelta(seconds=offset_seconds or 0)
    return local.weekday() < 5 and WORK_STARTS <= local.hour < WORK_ENDS


def due_nudges(store: Store, standard: Standard, now: datetime,
               offset_of: Callable[[str, str], int | None] = lambda workspace, user: None) -> list[Nudge]:
    """The nudges due at ``now`` (reads only; ``record_nudge`` marks one sent).

    ``offset_of(workspace, user)``: the person's offset from UTC in seconds (None: unknown, taken as UTC).
    """
    due: list[Nudge] = []
    total = len(standard.criteria)
    for assessment in store.open_assessments():
        city = store.city(assessment.city_id)
        every = every_days(store, assessment.city_id)
        if city is None or every == 0:
            continue
        wait = timedelta(days=every)
        period = int(now.timestamp() // wait.total_seconds())
        answered = store.answers(assessment.id)
        leads = store.leads(city.id)

        if leads and len(answered) < total:
            lead = leads[0].user
            idle = store.last_answered(assessment.id) or assessment.created_at
            if _ready(store, city.id, city.workspace, lead, "unfinished", idle, now, wait, offset_of):
                text = (f"⏳ {escape(city.label)}'s {assessment.year} assessment stands at {len(answered)} of {total} "
                        f"criteria answered. Shall we go on where you left off? (`/wwc remind` changes how often "
                        f"I ask, or turns this off.)")
                message = Message(text=text, kind=MessageKind.NOTICE, recipient=lead,
                                  options=(Option(label="Continue", value="continue", style="primary"),))
                due.append(Nudge(city.id, city.workspace, lead, "unfinished",
                                 f"nudge:unfinished:{city.id}:{lead}:{period}", message))
        for assignment in store.assignments(assessment.id):
            codes = [c.code for c in standard.criteria_in(assignment.area)]
            left = [c for c in codes if c not in answered]
            if not left:
                continue
            kind = f"area:{assignment.area}"
            idle = max(store.last_answered(assessment.id, assignment.user) or assignment.assigned_at,
                       assignment.assigned_at)
            if _ready(store, city.id, city.workspace, assignment.user, kind, idle, now, wait, offset_of):
                area = standard.area(assignment.area)
                text = (f"⏳ {escape(area.name)} for {escape(city.label)}: {len(left)} of {len(codes)} criteria "
                        f"are still open in the area you were handed. Shall we go on?")
                message = Message(text=text, kind=MessageKind.NOTICE, recipient=assignment.user,
                                  options=(Option(label=f"Continue {area.code}", value=f"area:{area.code}",
                                                  style="primary"),))
                due.append(Nudge(city.id, city.workspace, assignment.user, kind,
                                 f"nudge:{kind}:{city.id}:{assignment.user}:{period}", message))
    return due


def _ready(store: Store, city_id: int, workspace: str, user: str, kind: str, idle_since: datetime, now: datetime,
           wait: timedelta, offset_of: Callable[[str, str], int | None]) -> bool:
    """Nothing answered for ``wait``, not nudged about ``kind`` for ``wait``, and a working hour where they are."""
    last = store.last_nudge(city_id, user, kind)
    return (now - idle_since >= wait and (last is None or now - last >= wait)
            and in_working_hours(now, offset_of(workspace, user)))


def choose(store: Store, workspace: str, user: str, said: str) -> str:
    """``/wwc remind [weekly|every two weeks|monthly|off]``: the lead sets how often the city's people are nudged
    (and whether the annual checkup reminder comes); anyone may ask what is set. Returns the reply."""
    member = store.member(workspace, user)
    if member is None:
        return "You're not on a city's team yet: send me a direct message with your city to start."
    every = every_days(store, member.city_id)
    now = ("never" if every == 0 else "every week" if every == 7 else "every two weeks" if every == 14
           else f"every {every} days")
    choice = " ".join(said.lower().split())
    if not choice:
        return (f"Reminders for your city: *{now}*, at a working hour in each person's own time zone (the lead, "
                "about an unfinished assessment; colleagues, about an area they were handed; and the annual "
                "checkup). The lead can change it: `/wwc remind weekly`, `every two weeks`, `monthly` or `off`.")
    if choice not in CHOICES:
        return "Say `/wwc remind weekly`, `/wwc remind every two weeks`, `/wwc remind monthly` or `/wwc remind off`."
    if member.role.value != "lead":
        return f"Only your city's lead can change how often reminders come (now: {now})."
    days = CHOICES[choice]
    store.set_reminder_every(member.city_id, days, by=user)
    if days == 0:
        return "Reminders are off for your city: no nudges and no annual checkup reminder. `/wwc remind weekly` turns them on."
    label = "every week" if days == 7 else "every two weeks" if days == 14 else "every month"
    return (f"Reminders for your city now come at most {label}, at a working hour in each person's own time zone, "
            "and only when nothing was answered in that time.")
