"""Checkup reminders: due a year after the last completed checkup, durable, never sent twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from checkup_helpers import FIRST_DAY, STANDARD, assessments

from bot.engine import MessageKind, due_reminders, mark_reminder_sent
from bot.engine.reminders import anniversary
from bot.store import Store

DUE = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)  # a year after Tempe completed its 2026 assessment


def attempts(store: Store, now: datetime) -> list[int]:
    return [r.attempt for r in due_reminders(store, now)]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (FIRST_DAY, []),
        (datetime(2027, 1, 1, tzinfo=UTC), []),  # a new year, but not yet a year since the checkup
        (DUE - timedelta(minutes=1), []),
        (DUE, [1]),
        (DUE + timedelta(days=100), [1]),  # the bot was down for months: one reminder, not three at once
    ],
)
def test_the_first_reminder_is_due_a_year_after_completion(ana, store, now, expected):
    assert store.assessment(assessments(store)[0].id).completed_at == FIRST_DAY
    assert attempts(store, now) == expected


def test_the_reminder_is_a_notice_to_the_lead_with_start_and_later(ana, store):
    [reminder] = due_reminders(store, DUE)
    city = store.city_of("T1", "U_ANA")
    assert (reminder.recipient, reminder.workspace, reminder.year, reminder.key) == (
        "U_ANA",
        "T1",
        2026,
        f"checkup-reminder:{city.id}:2026:1",
    )
    message = reminder.message
    assert message.kind is MessageKind.NOTICE and message.recipient == "U_ANA"
    assert "A year has passed since Tempe, AZ completed its 2026" in message.text
    assert [(o.label, o.value) for o in message.options] == [
        ("Start the checkup", "checkup:start"),
        ("Remind me later", "checkup:later"),
    ]
    assert due_reminders(store, DUE, workspace="T2") == []


def test_reminders_repeat_every_30_days_at_most_three_times_and_survive_reopening(ana, db_path, clock):
    store = Store(db_path, clock=clock)
    sent_at = DUE
    for attempt in (1, 2, 3):
        assert attempts(store, sent_at - timedelta(minutes=1)) == []
        [reminder] = due_reminders(store, sent_at)
        assert reminder.attempt == attempt
        assert reminder.message.text.startswith("📅 " + (f"Reminder {attempt} of 3: " if attempt > 1 else "A year"))
        assert mark_reminder_sent(store, reminder, sent_at)
        assert attempts(store, sent_at) == []  # marked: not sent again
        store.close()
        store = Store(db_path, clock=clock)  # a restart
        assert attempts(store, sent_at) == []
        assert not mark_reminder_sent(store, reminder, sent_at)
        sent_at += timedelta(days=30)
    assert attempts(store, sent_at + timedelta(days=365)) == []
    assert [(r.attempt, r.sent_at) for r in store.sent_reminders()] == [
        (1, DUE),
        (2, DUE + timedelta(days=30)),
        (3, DUE + timedelta(days=60)),
    ]
    store.close()


def test_two_workers_racing_send_a_reminder_once(ana, db_path, clock, store):
    other = Store(db_path, clock=clock)  # a second process on the same database
    mine, theirs = due_reminders(store, DUE), due_reminders(other, DUE)
    assert [r.key for r in mine] == [r.key for r in theirs]
    assert [mark_reminder_sent(store, mine[0]), mark_reminder_sent(other, theirs[0])] == [True, False]
    other.close()


def test_the_worker_loop_queues_each_reminder_once_through_the_outbox(ana, store, clock):
    """What a surface's background worker does: the record and the queued DM commit together."""
    clock.now = DUE
    for _ in range(2):  # two runs of the worker, e.g. before and after a restart
        for reminder in due_reminders(store, clock()):
            with store.transaction():
                if mark_reminder_sent(store, reminder):
                    store.enqueue(reminder.recipient, reminder.message.text, dedupe_key=reminder.key)
    city = store.city_of("T1", "U_ANA")
    claimed = store.claim_due(limit=10)
    assert [(item.channel, item.dedupe_key) for item in claimed] == [("U_ANA", f"checkup-reminder:{city.id}:2026:1")]
    assert claimed[0].text.startswith("📅 A year has passed")


def test_no_reminder_once_the_checkup_has_started_and_the_next_a_year_after_it(ana, store, clock):
    clock.now = DUE - timedelta(days=10)
    ana.press("checkup:start")
    assert attempts(store, DUE) == []
    while ana.asked:
        ana.press(f"confirm-area:{STANDARD.criterion(ana.asked).area}:yes")
    ana.press("gate:broadband")
    assert attempts(store, clock.now + timedelta(days=364)) == []
    [reminder] = due_reminders(store, anniversary(clock.now))
    assert (reminder.year, reminder.attempt) == (2027, 1)


def test_the_lead_sees_a_due_reminder_once_when_opening_the_chat(ana, ben, store, clock):
    clock.now = DUE
    ben.open()
    assert "A year has passed" not in ben.text
    ana.open()
    assert "A year has passed since Tempe, AZ" in ana.text and ana.values == ["checkup:start", "checkup:later"]
    assert [r.attempt for r in store.sent_reminders()] == [1]
    ana.press("checkup:later")
    assert "OK, I'll remind you again on 1 Apr 2027." in ana.text
    ana.open()
    assert "A year has passed" not in ana.text and "time for the annual checkup" in ana.text
    clock.now = DUE + timedelta(days=30)
    ana.open()
    assert "Reminder 2 of 3: A year has passed" in ana.text
    ana.press("checkup:start")
    assert "Annual checkup 2027" in ana.text and ana.asked == "DM1"


@pytest.mark.parametrize(
    ("completed", "due"),
    [
        (datetime(2026, 3, 2, 9, tzinfo=UTC), datetime(2027, 3, 2, 9, tzinfo=UTC)),
        (datetime(2028, 2, 29, 12, tzinfo=UTC), datetime(2029, 2, 28, 12, tzinfo=UTC)),
        (datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC)),  # 366 days: always a new year
    ],
)
def test_a_year_after_is_the_same_date_next_year(completed, due):
    assert anniversary(completed) == due
    assert anniversary(completed) - completed >= timedelta(days=365)


def test_remind_me_later_postpones_by_30_days_until_the_last_reminder(ana, store, clock):
    clock.now = DUE + timedelta(days=8)  # due, but no reminder went out yet (e.g. no Slack worker)
    ana.press("checkup:later")
    assert "OK, I'll remind you again on 9 Apr 2027." in ana.text
    assert attempts(store, clock.now + timedelta(days=29)) == []
    for _ in range(2):
        clock.now += timedelta(days=30)
        ana.press("checkup:later")
    assert "That was my last reminder: say *checkup* whenever you're ready" in ana.text
    assert [r.attempt for r in store.sent_reminders()] == [1, 2, 3]
    assert attempts(store, clock.now + timedelta(days=400)) == []
