"""Annual checkup reminders reach the lead's DM once, through the outbox."""

from __future__ import annotations

from datetime import timedelta

from harness import Harness

from bot.slack.reminders import send_due_reminders
from testkit.slack_sim import buttons


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


def test_an_idle_lead_is_nudged_in_their_own_working_hours_and_remind_off_stops_it(harness: Harness) -> None:
    harness.onboard("U1")
    standard = harness.engine.standard
    monday_9_utc = harness.store.clock().replace(year=2030, month=1, day=7, hour=9, minute=0)
    harness.api.users["U1"] = {"tz": "America/Bogota", "tz_offset": -5 * 3600}  # as users.info says it
    from bot.slack.app import wiring

    service = wiring(harness.app).service
    service.directory._cache.clear()  # (the lead's name was looked up before the time zone was set)
    local = service.time_zone  # the app's own lookup, through users.info

    assert send_due_reminders(harness.store, harness.outbox, monday_9_utc, standard=standard,
                              offset_of=local) == 0  # 04:00 where the lead is
    later = monday_9_utc + timedelta(hours=5)
    assert send_due_reminders(harness.store, harness.outbox, later, standard=standard, offset_of=local) == 1
    assert send_due_reminders(harness.store, harness.outbox, later, standard=standard, offset_of=local) == 0
    harness.outbox.start()
    [nudge] = harness.api.wait_for("chat.postMessage", count=len(harness.dms("U1")) + 1)[-1:]
    assert nudge.body["channel"] == "U1" and "0 of 43" in nudge.body["text"]
    assert "continue" in {b["value"] for b in buttons(nudge.blocks())}

    reply = harness.slack.command("remind off", user="U1")
    assert reply.status == 200
    [said] = harness.api.wait_for("respond")
    assert "Reminders are off" in said.body["text"]
    assert send_due_reminders(harness.store, harness.outbox, later + timedelta(days=30), standard=standard,
                              offset_of=local) == 0
