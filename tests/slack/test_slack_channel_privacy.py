"""A city's answers, evidence notes and assignees never appear where every member of a channel can read them.

``@assistant review`` (``history``, ``report``, ``status``) in an ordinary channel or a group DM used to be
answered in the thread. Now anything about one city goes to the asker's DM, with a short note in the thread
that says so; general questions ("what is DM2?") are still answered in the thread, with a pointer to the DM
for the rest.
"""

from __future__ import annotations

import pytest
from harness import Harness

from testkit.stub_api import Call

SECRET = "tempe-secret-note"
CITY_WORDS = ("Tempe", SECRET, "User U1", "User U2", "Open Data: ")  # the city, its evidence, its people


def channel_posts(h: Harness, channel: str) -> list[Call]:
    return [c for c in h.api.calls if c.method in ("chat.postMessage", "chat.postEphemeral")
            and c.body.get("channel") == channel]


def setup_city(h: Harness) -> None:
    h.onboard("U1", "Tempe, AZ")
    h.say("U1", "yes, we adopted it in 2021")
    h.say("U1", f"evidence DM1 https://tempe.gov/plan.pdf {SECRET}")
    h.say("U1", "assign <@U2> OD", replies=1)


@pytest.mark.parametrize("channel", ["CTEAM", "GMPIM"], ids=["channel", "group-dm"])
def test_city_data_asked_for_in_a_channel_goes_to_the_askers_dm(harness: Harness, channel: str) -> None:
    setup_city(harness)
    for text in ("review", "review DM", "history DM1", "report", "status"):
        dms, notes = len(harness.dms("U1")), len(channel_posts(harness, channel))
        assert harness.slack.mention("U1", text, channel=channel).status == 200
        harness.api.wait_until(lambda dms=dms, notes=notes: len(harness.dms("U1")) > dms
                               and len(channel_posts(harness, channel)) > notes, what=f"the DM and the note for {text!r}")
        note = channel_posts(harness, channel)[-1]
        assert "direct message" in note.body["text"] and note.body.get("thread_ts"), note.body
    shown = [c.body for c in channel_posts(harness, channel)]
    leaks = [(word, body["text"][:200]) for body in shown for word in CITY_WORDS if word in str(body)]
    assert leaks == []
    review = [c.body["text"] for c in harness.dms("U1") if SECRET in c.body["text"]]
    assert review  # the evidence note did reach the asker, privately


def test_general_questions_are_answered_in_the_thread_with_a_pointer(harness: Harness) -> None:
    setup_city(harness)
    assert harness.slack.mention("U1", "what is DM2?", channel="CTEAM").status == 200
    harness.api.wait_until(lambda: channel_posts(harness, "CTEAM"), what="the answer in the thread")
    [answer] = channel_posts(harness, "CTEAM")
    assert answer.body["thread_ts"] and "DM2" in answer.body["text"]
    assert "direct message" in answer.body["text"]
    assert not [w for w in CITY_WORDS if w in str(answer.body)]
    assert answer.method == "chat.postMessage"
    assert all(b["type"] != "actions" for b in answer.blocks())  # no buttons anyone in the channel could press


def test_a_city_question_in_a_channel_is_answered_privately(harness: Harness) -> None:
    setup_city(harness)
    dms = len(harness.dms("U1"))
    assert harness.slack.mention("U1", "how many criteria have we met?", channel="CTEAM").status == 200
    harness.api.wait_until(lambda: len(harness.dms("U1")) > dms and channel_posts(harness, "CTEAM"),
                           what="the private answer and the note")
    assert not [w for c in channel_posts(harness, "CTEAM") for w in CITY_WORDS if w in str(c.body)]


def test_a_bare_mention_explains_what_can_be_asked_here(harness: Harness) -> None:
    setup_city(harness)
    assert harness.slack.mention("U1", "", channel="CTEAM").status == 200
    harness.api.wait_until(lambda: channel_posts(harness, "CTEAM"), what="the help in the thread")
    [help_post] = channel_posts(harness, "CTEAM")
    assert "direct message" in help_post.body["text"] and not [w for w in CITY_WORDS if w in str(help_post.body)]
