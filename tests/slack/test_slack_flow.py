"""The DM conversation driven by signed Slack payloads through the real Bolt app."""

from __future__ import annotations

import json
import time

import pytest
from harness import ADMIN, Harness

from bot.slack.app import wiring
from testkit.slack_sim import buttons, find_button

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


def test_typed_answer_is_recorded_and_next_question_follows_in_one_post(harness: Harness) -> None:
    first = harness.onboard("U1")
    assert "DM1" in first.body["text"]
    [reply] = harness.say("U1", "yes, we adopted it in 2021")
    assert "*DM1*" in reply.body["text"] and "Met" in reply.body["text"]
    assert any(v.startswith("answer:DM2:") for v in answer_buttons(reply))
    assessment = harness.store.current_assessment(harness.store.city_of("T111", "U1").id)
    assert str(harness.store.answers(assessment.id)["DM1"].value) == "met"


def test_retried_event_is_answered_once(harness: Harness) -> None:
    harness.onboard("U1")
    event = harness.slack.dm_event("U1", "met")
    posts = len(harness.dms("U1"))
    assert harness.slack.event(event, event_id="EvRETRY1").status == 200
    harness.api.wait_until(lambda: len(harness.dms("U1")) == posts + 1)
    for retry in (1, 2, 3):
        assert harness.slack.event(event, event_id="EvRETRY1", retry=retry).status == 200
    time.sleep(0.3)
    assert len(harness.dms("U1")) == posts + 1
    history = harness.store.history(harness.store.current_assessment(harness.store.city_of("T111", "U1").id).id, "DM1")
    assert len(history) == 1


def test_double_click_records_and_posts_once(harness: Harness) -> None:
    post = harness.onboard("U1")
    button = find_button(post.blocks(), "answer:DM1:met")
    posts = len(harness.dms("U1"))
    for _ in range(3):
        reply = harness.slack.click("U1", button, channel=post.response["channel"], message_ts=post.response["ts"],
                                    message_blocks=post.blocks())
        assert reply.status == 200
    harness.api.wait_until(lambda: len(harness.dms("U1")) >= posts + 1)
    time.sleep(0.3)
    assert len(harness.dms("U1")) == posts + 1
    assert len(harness.api.of("chat.update")) == 1


def test_edits_joins_and_bot_messages_are_ignored(harness: Harness) -> None:
    harness.onboard("U1")
    before = len(harness.api.calls)
    slack = harness.slack
    for extra in ({"subtype": "message_changed"}, {"subtype": "channel_join"}, {"bot_id": "B999", "subtype": "bot_message"},
                  {"bot_id": "BBOT"}):
        assert slack.event(slack.dm_event("U1", "met", **extra)).status == 200
    assert slack.event(slack.dm_event("UBOT", "met", bot_id="BBOT")).status == 200  # our own post
    time.sleep(0.3)
    assert [c.method for c in harness.api.calls[before:]] == []
    assessment = harness.store.current_assessment(harness.store.city_of("T111", "U1").id)
    assert harness.store.answers(assessment.id) == {}


def test_user_text_cannot_ping_anyone(harness: Harness) -> None:
    harness.onboard("U1")
    harness.say("U1", "<!channel> <!here> <@U999> @everyone hello?")
    for call in harness.api.calls:
        text = json.dumps(call.body)
        for ping in ("<!channel>", "<!here>", "<@U999>", "<!everyone>"):
            assert ping not in text, call.method


def test_mention_is_answered_in_the_thread(harness: Harness) -> None:
    harness.onboard("U1")
    harness.slack.mention("U1", "what's next for open data?", channel="CTEAM")
    [reply] = harness.api.wait_for("chat.postMessage", count=1 + len(harness.dms("U1")))[-1:]
    assert reply.body["channel"] == "CTEAM"
    assert reply.body["thread_ts"]
    assert "open data" in reply.body["text"].lower()


def test_mention_in_a_shared_channel_is_only_shown_to_the_asker(harness: Harness) -> None:
    harness.onboard("U1")
    envelope = harness.slack.envelope({"type": "app_mention", "text": "<@UBOT> status", "user": "U1", "ts": "1.000001",
                                       "channel": "CSHARED", "event_ts": "1.000001"})
    envelope["is_ext_shared_channel"] = True
    harness.slack.send_json(envelope)
    [reply] = harness.api.wait_for("chat.postEphemeral")
    assert reply.body["channel"] == "CSHARED" and reply.body["user"] == "U1"
    # a top-level mention has no thread yet, and Slack does not show an ephemeral message in a missing thread
    assert not reply.body.get("thread_ts")
    assert not [c for c in harness.api.of("chat.postMessage") if c.body.get("channel") == "CSHARED"]
    assert "Tempe" in harness.dms("U1")[-1].body["text"]  # the status itself, in the asker's DM


def test_a_mention_inside_a_shared_thread_is_pointed_to_in_that_thread(harness: Harness) -> None:
    harness.onboard("U1")
    envelope = harness.slack.envelope({"type": "app_mention", "text": "<@UBOT> status", "user": "U1", "ts": "2.000002",
                                       "thread_ts": "1.000001", "channel": "CSHARED", "event_ts": "2.000002"})
    envelope["is_ext_shared_channel"] = True
    harness.slack.send_json(envelope)
    [reply] = harness.api.wait_for("chat.postEphemeral")
    assert reply.body["thread_ts"] == "1.000001"


def test_home_shows_level_progress_continue_and_next_steps(harness: Harness) -> None:
    post = harness.onboard("U1")
    harness.press("U1", post, "answer:DM1:met")
    harness.slack.home_opened("U1")
    [publish] = harness.api.wait_for("views.publish")
    view = publish.view()
    text = json.dumps(view)
    assert view["type"] == "home" and "Tempe, AZ" in text
    assert "1/9 answered" in text  # a progress bar per area
    assert sum(1 for b in view["blocks"] if "░" in json.dumps(b, ensure_ascii=False)) == 8
    assert any(b["value"] == "continue" for b in buttons(view["blocks"]))
    # an answer republishes the Home for someone who looks at it
    harness.say("U1", "not yet")
    harness.api.wait_for("views.publish", count=2)
    assert "2/9 answered" in json.dumps(harness.api.of("views.publish")[-1].view())


def test_home_continue_button_asks_the_next_question_in_the_dm(harness: Harness) -> None:
    harness.onboard("U1")
    harness.slack.home_opened("U1")
    [publish] = harness.api.wait_for("views.publish")
    posts = len(harness.dms("U1"))
    button = find_button(publish.view()["blocks"], "area:OD")
    harness.slack.click("U1", button, channel="", view={**publish.view(), "id": publish.response["view"]["id"]})
    harness.api.wait_until(lambda: len(harness.dms("U1")) > posts)
    assert "OD1" in harness.dms("U1")[-1].body["text"]
    harness.api.wait_for("views.publish", count=2)


def test_home_for_someone_new_invites_them_to_start(harness: Harness) -> None:
    harness.slack.home_opened("UNEW")
    [publish] = harness.api.wait_for("views.publish")
    assert any(b["value"] == "continue" for b in buttons(publish.view()["blocks"]))


def test_a_colleague_asks_to_join_and_the_lead_adds_them_with_a_button(harness: Harness) -> None:
    harness.onboard("U1", "Tempe, AZ")
    harness.say("U2", "hello")
    before = len(harness.dms("U1"))
    harness.say("U2", "Tempe, AZ")
    harness.api.wait_until(lambda: len(harness.dms("U1")) > before)
    notice = harness.dms("U1")[-1]
    assert "asked to join" in notice.body["text"]
    # the requester is shown as a Slack mention (their real profile), never by a display name they chose
    shown = " ".join(b["text"]["text"] for b in notice.body["blocks"] if b.get("type") == "section")
    assert "<@U2> asked to join" in shown and "User U2" not in shown
    joined = len(harness.dms("U2"))
    harness.press("U1", notice, "invite:U2")
    harness.api.wait_until(lambda: len(harness.dms("U2")) > joined)
    assert "added you" in harness.dms("U2")[-1].body["text"]
    assert harness.store.city_of("T111", "U2").name == "Tempe"


def slack_cannot_open_dms(harness: Harness) -> None:
    """The app has forgotten every DM (a restart) and ``conversations.open`` fails past the client's retries (which
    do not wait out their backoff here)."""
    service = wiring(harness.app).service  # type: ignore[union-attr]
    service._dms.clear()
    for handler in service.client.retry_handlers:
        if hasattr(handler, "pause"):
            handler.pause = lambda seconds: None
    harness.api.fail("conversations.open", status=500, times=50)


def test_a_press_after_a_restart_is_answered_while_slack_cannot_open_the_dm(harness: Harness) -> None:
    """The app no longer knows the person's DM (a restart) and ``conversations.open`` fails past the client's
    retries: the next question still comes, posted to the person (it used to be lost after the ack)."""
    post = harness.onboard("U1")
    harness.settle()
    slack_cannot_open_dms(harness)
    harness.press("U1", post, "answer:DM1:met")
    reply = harness.api.of("chat.postMessage")[-1]
    assert reply.body["channel"] == "U1" and reply.response["channel"] == "D1"  # Slack puts it in the DM
    assert "*DM2 · " in reply.body["text"]


def test_after_the_dm_could_not_be_opened_the_next_question_still_loses_its_buttons(harness: Harness) -> None:
    """The question posted to the person's id (Slack could not open the DM) is recorded under the DM's id that
    Slack answered with, so answering it by typing later takes its buttons away (``chat.update`` needs that id)."""
    post = harness.onboard("U1")
    harness.settle()
    slack_cannot_open_dms(harness)
    harness.press("U1", post, "answer:DM1:met")
    assert harness.store.live_prompt("T111", "U1").channel == "D1"
    updates = len(harness.api.of("chat.update"))
    harness.say("U1", "met")
    assert [c.body["channel"] for c in harness.api.of("chat.update")[updates:]] == ["D1"]


def test_a_report_file_is_not_uploaded_to_the_persons_id_while_slack_cannot_open_the_dm(harness: Harness) -> None:
    """``files.completeUploadExternal`` shares a file in a conversation only (Slack refuses a user id), so while
    Slack cannot open the DM nothing is uploaded, and the command's own reply says the file did not come (it used
    to upload to the person's id: Slack refused it, and the person heard nothing)."""
    harness.onboard("U1")
    harness.say("U1", "met")
    harness.settle()
    slack_cannot_open_dms(harness)
    reply = harness.command("U1", "report csv").body["text"]
    harness.settle()
    assert harness.api.attempts("files.getUploadURLExternal") == []
    assert harness.api.attempts("files.completeUploadExternal") == []
    assert "couldn't send you" in reply and ".csv" in reply and "try again in a minute" in reply
    assert "I've sent" not in reply


@pytest.mark.parametrize(("step", "fault"), [
    ("files.completeUploadExternal", {"error": "not_in_channel"}),  # Slack refuses to share it
    ("upload", {"status": 500}),  # the file's bytes are refused at the upload URL
])
def test_a_report_file_whose_upload_fails_is_not_said_to_be_sent(harness: Harness, step: str, fault: dict) -> None:
    """The upload fails after the DM was opened: the person is told the file did not come, never "I've sent"
    (the failure used to end the job after the ack with nothing said)."""
    harness.onboard("U1")
    harness.say("U1", "met")
    harness.settle()
    harness.api.fail(step, **fault)
    reply = harness.command("U1", "report md").body["text"]
    harness.settle()
    assert [c.body.get("channel_id") for c in harness.api.attempts("files.completeUploadExternal")] in ([], ["D1"])
    assert "couldn't send you" in reply and ".md" in reply and "try again in a minute" in reply
    assert "I've sent" not in reply


def test_a_command_that_fails_after_the_ack_tells_the_person(harness: Harness) -> None:
    """``/wwc report`` acknowledged, then Slack refuses the report's post: the person is told something went wrong
    (the failure used to end the job with only a log line, and the command looked ignored)."""
    harness.onboard("U1")
    harness.say("U1", "met")
    harness.settle()
    harness.api.fail("chat.postMessage", error="msg_too_long")
    reply = harness.command("U1", "report").body["text"]
    harness.settle()
    assert "something went wrong" in reply and "try again" in reply


@pytest.mark.parametrize(("command", "fault"), [
    ("language es", ("views.publish", "invalid_arguments")),  # Home refreshed after the new language was set
    ("assign <@U2|ben> OD", ("conversations.open", "user_disabled")),  # the colleague told after the assignment
])
def test_no_apology_after_a_command_already_said_it_was_done(harness: Harness, command: str, fault: tuple) -> None:
    """Work that follows a reply saying the command was done (a Home refresh, a notice to a colleague) fails: the
    person gets no "something went wrong, try again" contradicting it (trying again would do it twice)."""
    harness.onboard("U1")
    harness.settle()
    harness.api.fail(fault[0], error=fault[1])
    before = len(harness.api.of("respond"))
    assert harness.slack.command(command, user="U1").status == 200
    harness.settle()
    said = [c.body["text"] for c in harness.api.of("respond")[before:]]
    assert not any("something went wrong" in text for text in said)
    if command.startswith("assign"):  # and the lead learns the colleague was not told
        assert len(said) == 2 and "couldn't send" in said[1] and "let them know yourself" in said[1]
    else:
        assert len(said) == 1


def test_the_network_chart_is_not_uploaded_to_the_admins_id_while_slack_cannot_open_the_dm(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``/wwc network``: the summary still reaches the admin (a post to their id lands in the DM), the chart is not
    uploaded to their id, and the reply says so instead of "I've sent the network view"."""
    import bot.report.network as network

    view = network.NetworkView("WWC 2022", None, 2026, 6, {}, {}, None, (), (), (), (), "")
    monkeypatch.setattr(network, "build_network_view", lambda *args: view)  # (6 cities: a chart to send)
    monkeypatch.setattr(network, "render_network_markdown", lambda v: "*The network* in figures")
    monkeypatch.setattr(network, "render_network_chart", lambda v: b"\x89PNG chart")
    slack_cannot_open_dms(harness)
    reply = harness.command(ADMIN, "network").body["text"]
    harness.settle()
    [summary] = harness.api.of("chat.postMessage")
    assert summary.body["channel"] == ADMIN and summary.response["channel"] == "DADMIN"
    assert harness.api.attempts("files.getUploadURLExternal") == []
    assert "couldn't send its chart" in reply and "wwc-network-2026.png" in reply and "I've sent" not in reply
