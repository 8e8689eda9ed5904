"""``/wwc`` subcommands, form-encoded and signed as Slack sends them."""

from __future__ import annotations

import json

import pytest
from harness import ADMIN, PEER, Harness
from slack_sdk.models.blocks import Block

from testkit.fake_time import FakeTime


def ack_text(reply) -> str:
    body = reply.json()
    for b in body.get("blocks", []):
        Block.parse(b).validate_json()
    return body["text"]


def test_help_is_the_ack_itself(harness: Harness) -> None:
    for text in ("", "help", "HELP"):
        reply = harness.slack.command(text)
        assert reply.status == 200
        assert "/wwc start" in ack_text(reply) and "/wwc assign" in ack_text(reply)


def test_unknown_subcommand_gets_a_helpful_reply(harness: Harness) -> None:
    reply = harness.slack.command("stauts please")
    text = ack_text(reply)
    assert "I don't know `/wwc stauts`" in text and "Did you mean `/wwc status`?" in text
    assert "/wwc help" in text
    assert reply.json().get("response_type", "ephemeral") == "ephemeral"


def test_start_from_a_channel_continues_in_the_dm(harness: Harness) -> None:
    pointer = harness.command("U5", "start", channel="CTEAM")
    [dm] = harness.api.wait_for("chat.postMessage")
    assert dm.body["channel"] == "D5" and "Which city" in dm.body["text"]
    assert "direct message" in pointer.body["text"] and pointer.body["response_type"] == "ephemeral"


def test_status_and_report_are_ephemeral_and_about_my_city(harness: Harness) -> None:
    harness.onboard("U1", "Tempe, AZ")
    harness.onboard("U2", "Mesa, AZ")
    harness.say("U2", "met")
    status = harness.command("U1", "status")
    assert status.body["response_type"] == "ephemeral"
    assert "Tempe" in status.body["text"] and "Mesa" not in status.body["text"]
    harness.slack.command("report", user="U1")
    harness.api.wait_until(lambda: bool(_report_posts(harness, "U1")))
    report = _report_posts(harness, "U1")[-1].body["text"]
    assert "Tempe" in report and "Mesa" not in report


def test_next_with_an_area_asks_that_area_in_the_dm(harness: Harness) -> None:
    harness.onboard("U1")
    posts = len(harness.dms("U1"))
    harness.slack.command("next open data", user="U1", channel="D1")
    harness.api.wait_until(lambda: len(harness.dms("U1")) > posts)
    assert "OD1" in harness.dms("U1")[-1].body["text"]
    assert not harness.api.of("respond")  # typed in the DM itself: no pointer needed
    assert "practice area" in harness.command("U1", "next nowhere land").body["text"]


def test_assign_parses_the_escaped_mention_and_tells_the_colleague(harness: Harness) -> None:
    harness.onboard("U1")
    reply = harness.command("U1", "assign <@U2|ben> OD")
    harness.api.wait_until(lambda: harness.dms("U2"), what="the notice to the colleague")
    [notice] = harness.dms("U2")
    assert "Open Data" in notice.body["text"]
    assert "Open Data" in reply.body["text"]
    assessment = harness.store.current_assessment(harness.store.city_of("T111", "U1").id)
    [assignment] = harness.store.assignments(assessment.id)
    assert (assignment.area, assignment.user) == ("OD", "U2")


def test_assign_without_a_mention_explains_how(harness: Harness) -> None:
    harness.onboard("U1")
    assert "/wwc assign @colleague OD" in harness.command("U1", "assign ben").body["text"]


def test_evidence_opens_the_modal(harness: Harness) -> None:
    harness.onboard("U1")
    harness.slack.command("evidence dm2", user="U1")
    [opened] = harness.api.wait_for("views.open")
    view = opened.view()
    assert view["callback_id"] == "wwc.evidence" and json.loads(view["private_metadata"]) == {"code": "DM2"}
    assert "/wwc evidence DM2" in harness.command("U1", "evidence XX9").body["text"]


@pytest.mark.parametrize(
    ("user", "peer_channel"),
    [
        ("U1", None),  # not an admin
        (ADMIN, {"conversation_host_id": "TNETWORK", "is_ext_shared": True}),  # an admin of a guest workspace
        # fail closed: the first admin to ask never becomes the host of a peer-network channel that names none
        (ADMIN, {"context_team_id": None}),
    ],
    ids=["not_an_admin", "admin_of_a_guest_workspace", "channel_that_names_no_host"],
)
def test_announce_is_for_network_admins_only(harness: Harness, user: str, peer_channel: dict | None) -> None:
    if peer_channel is not None:
        harness.api.channels[PEER] = peer_channel
    assert "Only network admins" in harness.command(user, "announce Sprint opens").body["text"]
    assert harness.store.claim_due() == []


def test_announce_is_delivered_once_despite_rate_limits(harness: Harness) -> None:
    fake = FakeTime(start=harness.store.clock())  # the outbox's time moves only when the test moves it
    harness.store.clock, harness.outbox.clock, harness.outbox.sleep = fake.now, fake.monotonic, fake.sleep
    harness.api.fail("chat.postMessage", status=429, retry_after=1, times=2)
    text = "The Open Data Sprint opens on 3 March <!channel>"
    harness.slack.command(f"announce {text}", user=ADMIN)
    harness.slack.command(f"announce {text}", user=ADMIN)  # the same news twice: posted once
    harness.api.wait_until(lambda: len(harness.api.of("respond")) == 2)
    for _ in range(2):
        assert harness.outbox.run_once()  # 429
        fake.advance(0.95)
        assert not harness.outbox.run_once()  # waits for Retry-After (1 s)
        fake.advance(0.05)
    assert harness.outbox.run_once()
    assert not harness.outbox.run_once()
    [posted] = harness.api.of("chat.postMessage")
    assert posted.body["channel"] == PEER and "Open Data Sprint" in posted.body["text"]
    assert "<!channel>" not in json.dumps(posted.body)
    assert [c.status for c in harness.api.attempts("chat.postMessage")] == [429, 429, 200]
    replies = [c.body["text"] for c in harness.api.of("respond")]  # the two commands run at once: either may win
    assert sum("Queued" in r for r in replies) == 1 and sum("already posted" in r for r in replies) == 1


def test_report_is_a_lasting_message_in_the_dm(harness: Harness) -> None:
    harness.onboard("U1")
    harness.say("U1", "met")
    pointer = harness.command("U1", "report")
    assert pointer.body["response_type"] == "ephemeral" and "direct messages" in pointer.body["text"]
    harness.api.wait_until(lambda: bool(_report_posts(harness, "U1")))
    assert "Tempe, AZ" in _report_posts(harness, "U1")[-1].body["text"]


def _report_posts(harness: Harness, user: str) -> list:
    """The DM posts that are the report (it opens with a header block)."""
    return [c for c in harness.dms(user) if any(b.get("type") == "header" for b in c.blocks())]


@pytest.mark.parametrize(("fmt", "starts"), [("csv", b"area,area_name,code,"), ("md", b"# "), ("png", b"\x89PNG")])
def test_report_as_a_file_in_the_dm(harness: Harness, fmt: str, starts: bytes) -> None:
    harness.onboard("U1")
    harness.say("U1", "met")
    harness.slack.command(f"report {fmt}", user="U1")
    [upload] = harness.api.wait_for("upload", timeout=20)
    [done] = harness.api.wait_for("files.completeUploadExternal")
    assert upload.body["content"].startswith(starts), upload.body["content"][:40]
    assert done.body["channel_id"] == "D1" and json.loads(done.body["files"])[0]["title"].endswith(f".{fmt}")
    [reply] = harness.api.wait_for("respond")
    assert f".{fmt}" in reply.body["text"]


def test_the_stand_in_shares_a_file_in_a_conversation_only(api) -> None:  # type: ignore[no-untyped-def]
    """As Slack: ``files.completeUploadExternal`` with a user id as ``channel_id`` is ``invalid_arguments`` (its
    ``channel_id`` must match ``^[CGDZ]…``); the DM's own id is fine."""
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    client = WebClient(token="xoxb-test-token", base_url=api.url, retry_handlers=[])
    for user in ("U1", "W1"):
        with pytest.raises(SlackApiError) as refused:
            client.files_upload_v2(channel=user, filename="a.csv", title="a.csv", content=b"a,b\n")
        assert refused.value.response["error"] == "invalid_arguments"
        assert "json-pointer:/channel_id" in refused.value.response["response_metadata"]["messages"][0]
    shared = client.files_upload_v2(channel="D1", filename="a.csv", title="a.csv", content=b"a,b\n")
    assert shared["ok"] and [c.body["channel_id"] for c in api.of("files.completeUploadExternal")] == ["D1"]


def test_every_subcommand_is_declared_once_and_help_manifests_and_readme_follow_it(harness: Harness) -> None:
    """Issue 13: subcommands were listed by hand in five places; the registry is now the one list."""
    from pathlib import Path

    import yaml

    from bot.slack.listeners.commands import HANDLERS, REGISTRY, SUBCOMMANDS, help_text, usage_hint

    root = Path(__file__).resolve().parents[2]
    names = [sub.name for sub in REGISTRY]
    assert len(names) == len(set(names)) and SUBCOMMANDS == tuple(names)
    assert set(HANDLERS) == set(names) - {"help"}
    text = help_text(_service(harness))
    assert all(f"`/wwc {name}" in text for name in names)
    for manifest in ("app_manifest.yml", "app_manifest_distributed.yml"):
        [command] = yaml.safe_load((root / manifest).read_text())["features"]["slash_commands"]
        assert command["usage_hint"] == usage_hint(), manifest
        for sub in REGISTRY:
            if sub.hint:
                assert sub.name in command["description"], (manifest, sub.name)
    readme = (root / "README.md").read_text()
    wwc_line = readme[readme.index("- **`/wwc`**"):].split("\n- ")[0]
    for sub in REGISTRY:
        assert f"`{sub.name}" in wwc_line or f"`/wwc {sub.name}" in readme, f"README does not mention {sub.name}"


def _service(harness: Harness):
    from bot.slack.app import wiring

    return wiring(harness.app).service
