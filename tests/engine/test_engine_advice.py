"""The engine with and without the knowledge base: it never stops the assessment."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.engine import MessageKind, advice


@pytest.fixture
def no_knowledge(monkeypatch):
    monkeypatch.setattr(advice, "_knowledge_api", lambda name: None)


@pytest.fixture
def fake_knowledge(monkeypatch):
    """A knowledge package whose answers quote the user's text raw."""

    def answer_question(text, standard, kb, report):
        return SimpleNamespace(
            intent=SimpleNamespace(value="explain"), text=f"You asked: {text}", suggestions=(), offer_start_area="OD"
        )

    api = {"load_knowledge": lambda standard: object(), "answer_question": answer_question}
    monkeypatch.setattr(advice, "_knowledge_api", api.get)


def test_without_knowledge_the_report_still_has_a_roadmap(no_knowledge, ana):
    ana.say("partly")
    report = ana.say("report")
    text = "\n".join(m.text for m in report)
    assert {m.kind for m in report} == {MessageKind.REPORT}
    assert "*1. DM1: " in text and "because you answered In progress on DM1" in text


def test_without_knowledge_questions_get_a_pointer_and_the_question_stays(no_knowledge, ana):
    reply = ana.say("how do we get to gold?")[0]
    assert reply.kind is MessageKind.ANSWER and "help" in reply.text
    ana.say("yes")
    assert ana.replies[0].criterion == "DM1"


def test_knowledge_answers_are_defanged_and_offer_the_area(fake_knowledge, ana):
    reply = ana.say("what about <!channel> and <@U1>?")[0]
    assert "<!channel>" not in reply.text and "<@U1>" not in reply.text
    assert [o.value for o in reply.options] == ["area:OD", "continue"]
    ana.press("area:OD")
    assert ana.asked == "OD1"


def test_questions_before_joining_a_city_are_answered_too(fake_knowledge, new_chat):
    chat = new_chat("U_NEW")
    chat.say("hi")
    chat.say("what is open data?")
    assert chat.replies[0].kind is MessageKind.ANSWER and "Which city" in chat.last.text
