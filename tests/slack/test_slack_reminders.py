"""Annual checkup reminders reach the lead's DM once, through the outbox."""

from __future__ import annotations

from datetime import timedelta

from harness import Harness
from slack_sim import buttons

from bot.slack.reminders import send_due_reminders


def test_a_due_reminder_is_sent_once_with_its_buttons(harness: Harness) -> None:
    harness.onboard("U1")
    city = harness.store.city_of("T111", "U1")
    assessment = harness.store.current_assessment(city.id)
    harness.store.set_status(assessment.id, "complete")
    later = harness.store.clock() + timedelta(days=366)
    assert send_due_reminders(harness.store, harness.outbox, later) == 1
    assert send_due_reminders(harness.store, harness.outbox, later) == 0
    harness.outbox.start()
    [reminder] = harness.api.wait_for("chat.postMessage", count=len(harness.dms("U1")) + 1)[-1:]
    assert reminder.body["channel"] == "U1" and "checkup" in reminder.body["text"]
    assert {b["value"] for b in buttons(reminder.blocks())} >= {"checkup:start", "checkup:later"}
    assert send_due_reminders(harness.store, harness.outbox, later + timedelta(days=1)) == 0
