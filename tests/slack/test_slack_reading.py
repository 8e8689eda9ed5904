"""Reading people through Slack: an uncertain typed answer is shown back with one-tap choices, nothing is
saved until the person presses one, and the confirmation is replaced by the recorded answer."""

from __future__ import annotations

from harness import Harness

from testkit.slack_sim import buttons


def values(call) -> list[str]:
    return [b["value"] for b in buttons(call.blocks())]


def answers(harness: Harness, user: str = "U1") -> dict:
    assessment = harness.store.current_assessment(harness.store.city_of("T111", user).id)
    return {k: v.value for k, v in harness.store.answers(assessment.id).items()}


def test_an_uncertain_answer_is_confirmed_by_a_button_before_it_is_saved(harness: Harness) -> None:
    api = harness.api
    harness.onboard("U1")
    [confirm] = harness.say("U1", "we have a strategy but the committee only meets twice a year")
    assert "Record it?" in confirm.body["text"] and answers(harness) == {}
    assert values(confirm)[:4] == ["answer:DM1:in_progress", "answer:DM1:met", "answer:DM1:not_yet", "answer:DM1:not_sure"]
    updates = len(api.of("chat.update"))
    harness.press("U1", confirm, "answer:DM1:in_progress")
    api.wait_until(lambda: len(api.of("chat.update")) > updates)
    replaced = api.of("chat.update")[-1]
    assert replaced.body["ts"] == confirm.response["ts"] and "In progress" in replaced.body["text"]
    assert answers(harness) == {"DM1": "in_progress"}
    assert "DM2" in harness.dms("U1")[-1].body["text"]


def test_a_typed_yes_confirms_and_a_typed_no_records_nothing(harness: Harness) -> None:
    harness.onboard("U1")
    harness.say("U1", "we have one but it's out of date and only some departments use it")
    [reply] = harness.say("U1", "no")
    assert answers(harness) == {} and "Which one fits" in reply.body["text"]
    harness.say("U1", "in progress")
    assert answers(harness) == {"DM1": "in_progress"}


def test_leaving_in_your_own_words_pauses(harness: Harness) -> None:
    harness.onboard("U1")
    [reply] = harness.say("U1", "I'm done for today")
    assert "Paused" in reply.body["text"] and answers(harness) == {}
