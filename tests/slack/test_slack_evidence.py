"""The evidence modal: an invalid link is an input error in the modal; a valid one is stored before it closes."""

from __future__ import annotations

from harness import Harness

from bot.slack import ids
from testkit.slack_sim import find_button


def values(url: str, note: str = "") -> dict:
    return {
        ids.EVIDENCE_URL_BLOCK: {ids.EVIDENCE_URL_ACTION: {"type": "url_text_input", "value": url}},
        ids.EVIDENCE_NOTE_BLOCK: {ids.EVIDENCE_NOTE_ACTION: {"type": "plain_text_input", "value": note}},
    }


def open_modal(harness: Harness) -> dict:
    post = harness.onboard("U1")
    harness.slack.click("U1", find_button(post.blocks(), "evidence:DM1"), channel="D1", message_ts=post.response["ts"],
                        message_blocks=post.blocks())
    [opened] = harness.api.wait_for("views.open")
    return opened.view()


def test_invalid_url_is_shown_as_an_input_error(harness: Harness) -> None:
    view = open_modal(harness)
    for bad in ("not a link", "ftp://city.gov/plan.pdf", "javascript:alert(1)", "https://localhost", ""):
        reply = harness.slack.submit("U1", view, values(bad, "adopted 2021"))
        assert reply.status == 200
        body = reply.json()
        assert body["response_action"] == "errors" and ids.EVIDENCE_URL_BLOCK in body["errors"], bad
    assessment = harness.store.current_assessment(harness.store.city_of("T111", "U1").id)
    assert harness.store.answer(assessment.id, "DM1") is None


def test_valid_evidence_is_stored_and_confirmed(harness: Harness) -> None:
    view = open_modal(harness)
    posts = len(harness.dms("U1"))
    reply = harness.slack.submit("U1", view, values("https://tempe.gov/data-strategy.pdf", "adopted <!here> 2021"))
    assert reply.status == 200 and reply.body == ""
    assessment = harness.store.current_assessment(harness.store.city_of("T111", "U1").id)
    record = harness.store.answer(assessment.id, "DM1")
    assert record.evidence_url == "https://tempe.gov/data-strategy.pdf"
    harness.api.wait_until(lambda: len(harness.dms("U1")) > posts)
    confirmation = harness.dms("U1")[posts]
    assert "tempe.gov/data-strategy.pdf" in confirmation.body["text"] and "<!here>" not in confirmation.body["text"]
