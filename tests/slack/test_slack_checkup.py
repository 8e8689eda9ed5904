"""The annual checkup in Slack: ``/wwc checkup``, "Still true" pressed once (also after a restart), the Home."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import yaml
from harness import Harness

from testkit.slack_sim import find_button
from testkit.stub_api import Call
from wwc_rules import Outcome


def complete_the_year(harness: Harness, user: str = "U1") -> datetime:
    """Answer every criterion and the outcome requirement of ``user``'s city; returns a day of the next year."""
    store = harness.store
    assessment = store.current_assessment(store.city_of("T111", user).id)
    for criterion in harness.engine.standard.criteria:
        store.record_answer(assessment.id, criterion.code, Outcome.MET, by=user)
    store.set_gate(assessment.id, "none")
    store.set_status(assessment.id, "complete")
    return datetime(assessment.year + 1, 3, 10, 9, tzinfo=UTC)


def start_checkup(harness: Harness, user: str = "U1") -> Call:
    """``/wwc checkup`` typed in the DM; returns the DM post it causes."""
    posts = len(harness.dms(user))
    assert harness.slack.command("checkup", user=user, channel="D" + user.lstrip("U")).status == 200
    harness.api.wait_until(lambda: len(harness.dms(user)) > posts, what="the checkup in the DM")
    return harness.dms(user)[-1]


def test_checkup_is_in_the_help_and_the_manifest(harness: Harness) -> None:
    assert "/wwc checkup" in harness.slack.command("help").json()["text"]
    manifest = yaml.safe_load((Path(__file__).resolve().parents[2] / "app_manifest.yml").read_text())
    [command] = manifest["features"]["slash_commands"]
    assert "checkup" in command["usage_hint"]


def test_checkup_command_starts_the_checkup_and_the_home_shows_its_progress(harness: Harness) -> None:
    harness.onboard("U1")
    harness.store.add_member("T111", "U2", harness.store.city_of("T111", "U1").id, added_by="U1")
    next_year = complete_the_year(harness)
    harness.engine.clock = lambda: next_year
    refused = start_checkup(harness, "U2")  # the engine lets only the lead start it
    assert "Only the city's lead" in refused.body["text"]
    started = start_checkup(harness)
    assert f"Annual checkup {next_year.year}" in started.body["text"]
    harness.press("U1", started, "confirm:DM1")
    harness.slack.home_opened("U1")
    [publish] = harness.api.wait_for("views.publish")
    text = json.dumps(publish.view())
    assert f"({next_year.year})" in text
    assert f"Annual checkup from {next_year.year - 1}: 1 still true, 0 changed, 42 to go." in text


def test_still_true_pressed_twice_counts_once_also_after_a_restart(harness: Harness, api, tmp_path) -> None:
    harness.onboard("U1")
    next_year = complete_the_year(harness)
    harness.engine.clock = lambda: next_year
    question = start_checkup(harness)
    button = find_button(question.blocks(), "confirm:DM1")

    def click(h: Harness) -> None:
        reply = h.slack.click("U1", button, channel=question.response["channel"],
                              message_ts=question.response["ts"], message_blocks=question.blocks())
        assert reply.status == 200

    posts = len(harness.dms("U1"))
    click(harness)
    harness.api.wait_until(lambda: len(harness.dms("U1")) > posts, what="the next question")
    restarted = Harness(api, tmp_path)
    restarted.engine.clock = lambda: next_year
    try:
        click(restarted)
        click(restarted)
        time.sleep(0.3)
    finally:
        restarted.outbox.stop()
    assert len(harness.dms("U1")) == posts + 1
    assert len([c for c in api.of("chat.update") if c.body["ts"] == question.response["ts"]]) == 1
    city = harness.store.city_of("T111", "U1")
    checkup = harness.store.current_assessment(city.id)
    assert checkup.year == next_year.year
    assert len(harness.store.history(checkup.id, "DM1")) == 1
