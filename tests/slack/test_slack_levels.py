"""A new level is announced in the peer-network channel only after the city's lead agrees."""

from __future__ import annotations

import time

from harness import PEER, Harness

from testkit.slack_sim import find_button

SILVER_AT = 22  # 22 of 43 points is 51%


def reach_silver(harness: Harness) -> None:
    harness.onboard("U1", "Tempe, AZ")
    harness.outbox.start()
    for _ in range(SILVER_AT):  # DM1, LC1 and PA1 (the core standards) are among the first 22
        harness.say("U1", "met")
    for _ in range(43 - SILVER_AT):
        harness.say("U1", "not yet")
    harness.say("U1", "broadband")  # the outcome requirement shown: Silver meets every published requirement


def peer_posts(harness: Harness) -> list:
    return [c for c in harness.api.of("chat.postMessage") if c.body["channel"] == PEER]


def consent_prompts(harness: Harness) -> list:
    return [c for c in harness.api.of("chat.postMessage") if c.body.get("channel") == "U1"]


def test_lead_agrees_and_the_level_is_announced_once(harness: Harness) -> None:
    reach_silver(harness)
    harness.api.wait_until(lambda: consent_prompts(harness), timeout=8, what="consent prompt")
    [prompt] = consent_prompts(harness)
    assert "Silver" in prompt.body["text"]
    assert not peer_posts(harness)
    button = find_button(prompt.blocks(), "")
    assert button["action_id"] == "wwc.announce_level"
    for _ in range(2):  # a double click announces once
        harness.slack.click("U1", button, channel="D1", message_ts=prompt.response["ts"], message_blocks=prompt.blocks())
    harness.api.wait_until(lambda: peer_posts(harness) and len(harness.api.of("respond")) == 2, timeout=8)
    time.sleep(0.2)
    posts = peer_posts(harness)
    assert len(posts) == 1 and "Tempe, AZ" in posts[0].body["text"] and "Silver" in posts[0].body["text"]
    replies = sorted(c.body["text"] for c in harness.api.of("respond"))
    assert any("will be announced" in r for r in replies) and any("already announced" in r for r in replies)


def test_nothing_is_announced_without_consent(harness: Harness) -> None:
    reach_silver(harness)
    harness.api.wait_until(lambda: consent_prompts(harness), timeout=8, what="consent prompt")
    [prompt] = consent_prompts(harness)
    decline = [b for b in prompt.blocks()[-1]["elements"] if b["action_id"] == "wwc.keep_private"][0]
    harness.slack.click("U1", decline, channel="D1", message_ts=prompt.response["ts"], message_blocks=prompt.blocks())
    [reply] = harness.api.wait_for("respond")
    assert "kept private" in reply.body["text"]
    harness.say("U1", "met")  # more answers at the same level do not ask again
    assert len(consent_prompts(harness)) == 1
    assert not peer_posts(harness)


def test_only_the_lead_can_agree(harness: Harness) -> None:
    reach_silver(harness)
    harness.api.wait_until(lambda: consent_prompts(harness), timeout=8, what="consent prompt")
    [prompt] = consent_prompts(harness)
    button = find_button(prompt.blocks(), "")
    harness.slack.click("U9", button, channel="D9", message_ts=prompt.response["ts"], message_blocks=prompt.blocks())
    [reply] = harness.api.wait_for("respond")
    assert "Only the city's assessment lead" in reply.body["text"]
    assert not peer_posts(harness)


def test_a_level_reached_before_a_crash_is_asked_about_at_start_once(harness: Harness) -> None:
    """The consent prompt does not live only in a timer: a sweep at start queues what a crash lost, once."""
    from bot.slack.app import wiring
    from wwc_rules import Outcome

    store = harness.store
    city, _ = store.create_city("T111", "Tempe", "AZ", 185_000, lead="U1", lead_name="Ana")
    assessment = store.start_assessment(city.id, harness.engine.standard.id, 2026)
    for c in harness.engine.standard.criteria[:SILVER_AT]:  # written straight to the store: no timer ever ran
        store.record_answer(assessment.id, c.code, Outcome.MET, by="U1")
    store.set_gate(assessment.id, "broadband")
    service = wiring(harness.app).service
    service.sweep_levels()
    fresh = wiring(harness.app).service  # the same process, or a restarted one: the outbox key keeps it to one
    fresh._asked.clear()
    fresh.sweep_levels()
    queued = [i for i in store.claim_due(limit=50) if i.dedupe_key.startswith("consent:")]
    assert len(queued) == 1 and queued[0].channel == "U1" and "Silver" in queued[0].text
