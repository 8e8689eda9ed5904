"""A question's buttons are for the person it was asked of.

A message in a channel (a thread, a shared channel) can be seen, and its buttons pressed, by every member.
Before this, another city's lead pressing "Met" on our question recorded Met for *their* city, and the
owner's own press afterwards was dropped as a double click: the one-shot key named the message and the
value, not the user. Now the intended user travels in the block ids; anyone else's press changes nothing
and gets a word only they see.
"""

from __future__ import annotations

from harness import Harness

from bot.slack import ids
from bot.slack.listeners.actions import one_shot_key
from testkit.slack_sim import buttons, find_button


def outcome(h: Harness, user: str, code: str) -> str | None:
    assessment = h.store.current_assessment(h.store.city_of("T111", user).id)
    answer = h.store.answer(assessment.id, code)
    return answer.outcome.value if answer and answer.outcome else None


def test_another_users_press_changes_nothing_and_the_owners_press_still_counts(harness: Harness) -> None:
    tempe = harness.onboard("U1", "Tempe, AZ")
    harness.onboard("U2", "Mesa, AZ")
    button = find_button(tempe.blocks(), "answer:DM1:met")
    assert ids.intended_user(button["block_id"]) == "U1"

    def press(user: str):  # the question seen in a channel thread, where both can press it
        return harness.slack.click(user, button, channel="CTEAM", message_ts=tempe.response["ts"],
                                   message_blocks=tempe.blocks())

    updates, u2_posts = len(harness.api.of("chat.update")), len(harness.dms("U2"))
    assert press("U2").status == 200
    [word] = harness.api.wait_for("respond")
    assert word.body["response_type"] == "ephemeral" and word.body.get("replace_original") in (False, "false")
    assert "didn't record" in word.body["text"] and "Tempe" not in word.body["text"]
    assert outcome(harness, "U2", "DM1") is None and outcome(harness, "U1", "DM1") is None
    assert len(harness.api.of("chat.update")) == updates and len(harness.dms("U2")) == u2_posts

    before = len(harness.dms("U1"))
    assert press("U1").status == 200
    harness.api.wait_until(lambda: len(harness.dms("U1")) > before, what="the owner's next question")
    assert outcome(harness, "U1", "DM1") == "met" and outcome(harness, "U2", "DM1") is None


def test_every_button_of_a_question_is_refused_to_anyone_else(harness: Harness) -> None:
    tempe = harness.onboard("U1", "Tempe, AZ")
    harness.onboard("U2", "Mesa, AZ")
    state = harness.store.load_state("T111", "U2")
    posts = len(harness.dms("U2"))
    values = [b["value"] for b in buttons(tempe.blocks())]
    assert {"why:DM1", "skip:DM1"} <= set(values)
    for b in buttons(tempe.blocks()):
        assert ids.intended_user(b["block_id"]) == "U1"
        assert harness.slack.click("U2", b, channel="CTEAM", message_ts=tempe.response["ts"]).status == 200
    harness.api.wait_until(lambda: len(harness.api.of("respond")) == len(values), what="one word per press")
    assert not harness.api.of("views.open") and len(harness.dms("U2")) == posts
    assert harness.store.load_state("T111", "U2") == state


def test_a_button_without_an_owner_works_only_in_the_pressers_own_dm(harness: Harness) -> None:
    post = harness.onboard("U1")
    unowned = {"action_id": ids.option_action_id(0), "value": "answer:DM1:met", "block_id": "m0.1"}
    assert harness.slack.click("U1", unowned, channel="CTEAM", message_ts=post.response["ts"]).status == 200
    [word] = harness.api.wait_for("respond")
    assert "didn't record" in word.body["text"] and outcome(harness, "U1", "DM1") is None
    harness.slack.click("U1", unowned, channel="D1", message_ts=post.response["ts"], message_blocks=post.blocks())
    harness.api.wait_until(lambda: outcome(harness, "U1", "DM1") == "met", what="the answer")


def test_the_one_shot_key_names_the_user() -> None:
    container = {"type": "message", "channel_id": "CTEAM", "message_ts": "1.000100"}
    mine, theirs = (one_shot_key("T111", u, container, "answer:DM1:met") for u in ("U1", "U2"))
    assert mine != theirs and "U1" in mine and "U2" in theirs


def test_rendered_questions_carry_their_owner_and_keep_it_when_replaced(harness: Harness) -> None:
    post = harness.onboard("U1")
    assert {ids.intended_user(b["block_id"]) for b in post.blocks() if "block_id" in b} == {"U1"}
    harness.press("U1", post, "answer:DM1:met", expect="chat.update")
    [update] = harness.api.of("chat.update")
    assert {ids.intended_user(b["block_id"]) for b in update.blocks() if "block_id" in b} <= {"U1"}


def test_an_uncertain_answer_is_confirmed_by_its_owner_only(harness: Harness) -> None:
    """The engine's confirmation step ("I read that as In progress. Record it?"): nothing is saved until the
    person who wrote it presses one of its buttons."""
    harness.onboard("U1", "Tempe, AZ")
    harness.onboard("U2", "Mesa, AZ")
    [confirm] = harness.say("U1", "we have one but it is out of date")[-1:]
    button = find_button(confirm.blocks(), "answer:DM1:")
    assert ids.intended_user(button["block_id"]) == "U1" and outcome(harness, "U1", "DM1") is None
    assert harness.slack.click("U2", button, channel="CTEAM", message_ts=confirm.response["ts"],
                               message_blocks=confirm.blocks()).status == 200
    harness.api.wait_for("respond")
    assert outcome(harness, "U1", "DM1") is None and outcome(harness, "U2", "DM1") is None
    harness.press("U1", confirm, button["value"], expect="chat.update")
    assert outcome(harness, "U1", "DM1") == button["value"].rsplit(":", 1)[1]
