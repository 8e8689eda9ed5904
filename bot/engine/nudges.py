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

import wwc_i18n as i18n
from wwc_i18n import _, ngettext
from wwc_rules import Standard
from wwc_rules.i18n import in_force

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


def reads(store: Store, workspace: str, user: str) -> str | None:
    """The language kept for ``user`` (chosen, or their Slack locale when last seen); None: English."""
    stored = store.language(workspace, user)
    return stored[0] if stored else None


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
                with i18n.using(reads(store, city.workspace, lead)):  # written in the recipient's language
                    # i18n: {city} is the city ("Tempe, AZ"), {year} the assessment's year, {answered} how many of its
                    # {n} criteria are answered; `/wwc remind` is a Slack command: keep it
                    text = ngettext(
                        "⏳ {city}'s {year} assessment stands at {answered} of {n} criterion answered. Shall we go on "
                        "where you left off? (`/wwc remind` changes how often I ask, or turns this off.)",
                        "⏳ {city}'s {year} assessment stands at {answered} of {n} criteria answered. Shall we go on "
                        "where you left off? (`/wwc remind` changes how often I ask, or turns this off.)",
                        total,
                        city=escape(city.label),
                        year=assessment.year,
                        answered=len(answered),
                    )
                    message = Message(text=text, kind=MessageKind.NOTICE, recipient=lead,
                                      options=(Option(label=_("Continue"), value="continue", style="primary"),))
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
                with i18n.using(reads(store, city.workspace, assignment.user)):  # in the recipient's language
                    area = in_force(standard).area(assignment.area)
                    # i18n: {area} is a practice area, {city} the city; {left} of its {n} criteria are not answered
                    text = ngettext(
                        "⏳ {area} for {city}: {left} of {n} criterion is still open in the area you were handed. "
                        "Shall we go on?",
                        "⏳ {area} for {city}: {left} of {n} criteria are still open in the area you were handed. "
                        "Shall we go on?",
                        len(codes),
                        area=escape(area.name),
                        city=escape(city.label),
                        left=len(left),
                    )
                    # i18n: a button: {code} is a practice area's code ("OD")
                    label = _("Continue {code}", code=area.code)
                    message = Message(text=text, kind=MessageKind.NOTICE, recipient=assignment.user,
                                      options=(Option(label=label, value=f"area:{area.code}", style="primary"),))
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
        return _("You're not on a city's team yet: send me a direct message with your city to start.")
    now = _how_often(every_days(store, member.city_id))
    choice = " ".join(said.lower().split())
    if not choice:
        # i18n: {how_often} is how often reminders come ("every week", "never"); the `/wwc remind ...` words are a
        # Slack command and its choices: keep them in English
        return _(
            "Reminders for your city: *{how_often}*, at a working hour in each person's own time zone (the lead, "
            "about an unfinished assessment; colleagues, about an area they were handed; and the annual "
            "checkup). The lead can change it: `/wwc remind weekly`, `every two weeks`, `monthly` or `off`.",
            how_often=now,
        )
    if choice not in CHOICES:
        # i18n: a Slack command and its choices: keep them in English
        return _("Say `/wwc remind weekly`, `/wwc remind every two weeks`, `/wwc remind monthly` or `/wwc remind off`.")
    if member.role.value != "lead":
        # i18n: {how_often} is how often reminders come now ("every week", "never")
        return _("Only your city's lead can change how often reminders come (now: {how_often}).", how_often=now)
    days = CHOICES[choice]
    store.set_reminder_every(member.city_id, days, by=user)
    if days == 0:
        # i18n: `/wwc remind weekly` is a Slack command: keep it in English
        return _(
            "Reminders are off for your city: no nudges and no annual checkup reminder. "
            "`/wwc remind weekly` turns them on."
        )
    if days == 7:
        return _(
            "Reminders for your city now come at most every week, at a working hour in each person's own time zone, "
            "and only when nothing was answered in that time."
        )
    if days == 14:
        return _(
            "Reminders for your city now come at most every two weeks, at a working hour in each person's own time "
            "zone, and only when nothing was answered in that time."
        )
    return _(
        "Reminders for your city now come at most every month, at a working hour in each person's own time zone, "
        "and only when nothing was answered in that time."
    )


def _how_often(every: int) -> str:
    """How often reminders come, as a label shown on its own ("every week")."""
    if every == 0:
        # i18n: how often reminders come, shown as a label on its own (after a colon or "now:")
        return _("never")
    if every == 7:
        # i18n: how often reminders come, shown as a label on its own (after a colon or "now:")
        return _("every week")
    if every == 14:
        # i18n: how often reminders come, shown as a label on its own (after a colon or "now:")
        return _("every two weeks")
    # i18n: how often reminders come, shown as a label on its own (after a colon or "now:")
    return ngettext("every {n} day", "every {n} days", every)
