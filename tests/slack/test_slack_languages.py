"""A Spanish-locale user and a Portuguese-locale user in Slack: the language comes from users.info
(``include_locale``), and buttons, the evidence modal and App Home follow it, with valid blocks throughout."""

from __future__ import annotations

import pytest
from harness import Harness, assert_valid_slack_payloads

from bot.slack import ids
from testkit.slack_sim import buttons, find_button
from wwc_i18n import using

CASES = {
    "es": {"locale": "es-LA", "city": "Medellín, Colombia", "population": "2.500.000", "met": "Cumplido",
           "not_yet": "Todavía no", "recorded": "Cumplido", "home": "Continuar", "saved": "evidencia"},
    "pt": {"locale": "pt-BR", "city": "Recife, Brasil", "population": "1.500.000", "met": "Cumprido",
           "not_yet": "Ainda não", "recorded": "Cumprido", "home": "Continuar", "saved": "evidência"},
}


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_a_user_of_another_locale_gets_buttons_modal_and_home_in_their_language(harness: Harness, lang: str) -> None:
    case = CASES[lang]
    harness.api.users["U7"] = {"locale": case["locale"]}
    post = harness.onboard("U7", city=case["city"], population=case["population"])
    labels = [b["text"]["text"] for b in buttons(post.blocks())]
    assert case["met"] in labels and case["not_yet"] in labels and "Met" not in labels, labels
    assert harness.store.language("T111", "U7") == (lang, False)  # taken from Slack, kept until they choose

    # a button press: the question is replaced by the recorded answer, in the same language
    updates = len(harness.api.of("chat.update"))
    harness.press("U7", post, "answer:DM1:met")
    harness.api.wait_until(lambda: len(harness.api.of("chat.update")) > updates)
    assert case["recorded"] in harness.api.of("chat.update")[-1].body["text"]

    # the evidence modal: title, labels and the error for a bad link
    question = harness.dms("U7")[-1]
    harness.slack.click("U7", find_button(question.blocks(), "evidence:DM2"), channel="D7",
                        message_ts=question.response["ts"], message_blocks=question.blocks())
    [opened] = harness.api.wait_for("views.open")
    view = opened.view()
    assert view["title"]["text"] != "Evidence" and len(view["title"]["text"]) <= 24
    values = {
        ids.EVIDENCE_URL_BLOCK: {ids.EVIDENCE_URL_ACTION: {"type": "url_text_input", "value": "not a link"}},
        ids.EVIDENCE_NOTE_BLOCK: {ids.EVIDENCE_NOTE_ACTION: {"type": "plain_text_input", "value": ""}},
    }
    error = harness.slack.submit("U7", view, values).json()["errors"][ids.EVIDENCE_URL_BLOCK]
    assert "https://" in error and "Enter a web link" not in error
    values[ids.EVIDENCE_URL_BLOCK][ids.EVIDENCE_URL_ACTION]["value"] = "https://datos.ejemplo.gov/politica.pdf"
    posts = len(harness.dms("U7"))
    assert harness.slack.submit("U7", view, values).status == 200
    harness.api.wait_until(lambda: len(harness.dms("U7")) > posts)
    harness.settle()
    assert case["saved"] in harness.dms("U7")[posts].body["text"].lower()

    # App Home
    homes = len(harness.api.of("views.publish"))
    harness.slack.home_opened("U7")
    harness.api.wait_until(lambda: len(harness.api.of("views.publish")) > homes)
    home = str(harness.api.of("views.publish")[-1].view())
    assert case["home"] in home and "Continue" not in home
    with using(lang):  # the report's figures, in their words: the practice areas of the translated standard
        assert all(f"*{a.name}* ({a.code})" in home for a in harness.engine.standard.areas)
    assert "Data Management" not in home
    assert_valid_slack_payloads(harness.api)


def test_a_chosen_language_wins_over_the_slack_locale(harness: Harness) -> None:
    harness.api.users["U8"] = {"locale": "es-LA"}
    harness.onboard("U8")
    [reply] = harness.say("U8", "language pt")[-1:]
    assert "português" in reply.body["text"].lower() or "portugues" in reply.body["text"].lower()
    assert harness.store.language("T111", "U8") == ("pt", True)
    labels = [b["text"]["text"] for b in buttons(harness.dms("U8")[-1].blocks())]
    assert "Cumprido" in labels


def test_an_english_locale_user_sees_english(harness: Harness) -> None:
    post = harness.onboard("U9")
    assert "Met" in [b["text"]["text"] for b in buttons(post.blocks())]
    assert harness.store.language("T111", "U9") == ("en", False)


def test_report_typed_in_the_dm_is_the_same_report_as_the_slash_command(harness: Harness) -> None:
    """One report, composed once (``bot.report``): typing "report" and `/wwc report` post the same blocks."""
    post = harness.onboard("U1")
    harness.press("U1", post, "answer:DM1:met")
    [typed] = harness.say("U1", "report")
    assert harness.slack.command("report", user="U1").status == 200
    harness.api.wait_until(lambda: len(harness.dms("U1")) >= 2 and harness.dms("U1")[-1] is not typed)
    harness.settle()
    slash = harness.dms("U1")[-1]

    def sections(call) -> list[str]:  # type: ignore[no-untyped-def]
        return [b["text"]["text"] for b in call.blocks() if b["type"] in ("section", "header")]

    assert sections(typed) == sections(slash) and sections(typed)
    assert "Peer benchmarks" in " ".join(sections(typed)) or "Roadmap" in " ".join(sections(typed))
    assert_valid_slack_payloads(harness.api)
