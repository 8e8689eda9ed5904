"""Forged and stale requests change nothing; a user only ever sees their own city."""

from __future__ import annotations

import json
import time

from harness import SECRET, Harness

from testkit.slack_sim import SlackSim, dispatch_to


def test_forged_signature_gets_401_and_records_nothing(harness: Harness) -> None:
    forger = SlackSim("not-the-secret", dispatch_to(harness.app))
    for reply in (forger.dm("U1", "Tempe, AZ", event_id="EvFORGED"), forger.command("start", user="U1"),
                  forger.mention("U1", "status")):
        assert reply.status == 401
    assert harness.store.load_state("T111", "U1") is None
    assert harness.store.mark_event_processed("EvFORGED")  # never recorded as processed
    assert harness.api.calls == [c for c in harness.api.calls if c.method == "auth.test"]


def test_stale_or_missing_signature_gets_401(harness: Harness) -> None:
    slack = SlackSim(SECRET, dispatch_to(harness.app))
    stale = slack.dm("U1", "hello", timestamp=int(time.time()) - 6 * 60)
    assert stale.status == 401
    body = json.dumps(slack.envelope(slack.dm_event("U1", "hello")))
    assert dispatch_to(harness.app)(body, {"content-type": "application/json"}).status == 401
    assert harness.store.load_state("T111", "U1") is None


def test_a_member_never_sees_another_citys_answers(harness: Harness) -> None:
    tempe = harness.onboard("U1", "Tempe, AZ")
    harness.press("U1", tempe, "answer:DM1:met")
    harness.onboard("U2", "Mesa, AZ")
    # U2 presses a button on a message that was not theirs: nothing changes, and only U2 is told so.
    updates, u2_posts = len(harness.api.of("chat.update")), len(harness.dms("U2"))
    harness.press("U2", tempe, "answer:DM1:not_yet", expect="respond")
    assert len(harness.api.of("chat.update")) == updates and len(harness.dms("U2")) == u2_posts
    [word] = harness.api.of("respond")
    assert word.body["response_type"] == "ephemeral" and "Tempe" not in word.body["text"]
    tempe_id = harness.store.current_assessment(harness.store.city_of("T111", "U1").id).id
    mesa_id = harness.store.current_assessment(harness.store.city_of("T111", "U2").id).id
    assert str(harness.store.answers(tempe_id)["DM1"].value) == "met"
    assert "DM1" not in harness.store.answers(mesa_id)
    harness.slack.home_opened("U2")
    [home] = harness.api.wait_for("views.publish")
    assert "Mesa" in json.dumps(home.view()) and "Tempe" not in json.dumps(home.view())
