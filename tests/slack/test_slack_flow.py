"""The DM conversation driven by signed Slack payloads through the real Bolt app."""

from __future__ import annotations

from conftest import Harness
from slack_sim import buttons

OUTCOMES = ("met", "met", "met", "in_progress", "not_yet", "not_sure")


def answer_buttons(call) -> list[str]:
    return [b["value"] for b in buttons(call.blocks()) if b["value"].startswith(("answer:", "gate:"))]


def test_whole_assessment_by_buttons(harness: Harness) -> None:
    api = harness.api
    post = harness.onboard("U1")
    codes = []
    while True:
        values = answer_buttons(post)
        assert values, f"no answer buttons in {post.body['text'][:200]}"
        if values[0].startswith("gate:"):
            break
        code = values[0].split(":")[1]
        codes.append(code)
        updates = len(api.of("chat.update"))
        harness.press("U1", post, f"answer:{code}:{OUTCOMES[len(codes) % len(OUTCOMES)]}")
        api.wait_until(lambda: len(api.of("chat.update")) > updates)
        replaced = api.of("chat.update")[-1]
        assert replaced.body["ts"] == post.response["ts"]
        assert not any(v.startswith(f"answer:{code}:") for v in answer_buttons(replaced)), "question still open"
        assert f"*{code}*" in replaced.body["text"]
        post = harness.dms("U1")[-1]
    assert len(codes) == 43 and len(set(codes)) == 43
    harness.press("U1", post, "gate:")
    report = harness.dms("U1")[-1]
    assert "Silver" in report.body["text"] or "Gold" in report.body["text"]
    assessment = harness.store.current_assessment(harness.store.city_of("T111", "U1").id)
    assert len(harness.store.answers(assessment.id)) == 43
    assert assessment.status == "complete"
