"""Bad input over HTTP: malformed bodies, forged and stale signatures, and hypothesis-generated messages, commands
and payloads; nothing crashes, pings anyone or leaks another city's data."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from testkit.abuse_test import CATEGORIES, FORBIDDEN, FUZZ, AbuseRun, audit_call
from testkit.reliability_kit import SECRET, post

BODIES = [b"\x00", b"{", b"\xff\xfe{}", b"payload=%7B", b"payload=null", b"payload=%5B%5D", b"[]", b"null", b"42"]


@pytest.fixture(scope="module")
def abuse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AbuseRun]:
    run = AbuseRun(tmp_path_factory.mktemp("abuse"), level_check_delay=0.05)
    yield run
    run.close()


def signed(body: bytes, secret: str = SECRET) -> dict[str, str]:
    stamp = str(int(time.time()))
    return {"x-slack-request-timestamp": stamp,
            "x-slack-signature": "v0=" + hmac.new(secret.encode(), f"v0:{stamp}:".encode() + body,
                                                  hashlib.sha256).hexdigest()}


@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded"])
@pytest.mark.parametrize("body", BODIES)
def test_a_body_that_cannot_be_parsed_is_refused_without_a_server_error(abuse: AbuseRun, body: bytes,
                                                                         content_type: str) -> None:
    forged = post(abuse.app.url, body, {"content-type": content_type, **signed(body, "not-the-secret")})
    genuine = post(abuse.app.url, body, {"content-type": content_type, **signed(body)})
    assert forged.status in (400, 401) and 400 <= genuine.status < 500, (forged, genuine)


@pytest.mark.parametrize("payload", [{"authorizations": [5]}, {"authorizations": "x"}, {"team": 5}, {"user": 5},
                                     {"enterprise": 5}, {"type": "block_actions", "channel": 5}])
def test_a_forged_payload_with_odd_field_types_is_refused_without_a_server_error(abuse: AbuseRun,
                                                                                  payload: dict) -> None:
    body = json.dumps(payload).encode()
    forged = post(abuse.app.url, body, {"content-type": "application/json", **signed(body, "not-the-secret")})
    assert forged.status in (400, 401), forged


@pytest.mark.parametrize("name", list(CATEGORIES))
def test_generated_input_never_crashes_pings_or_leaks(abuse: AbuseRun, name: str) -> None:
    """Each category with 50 hypothesis examples (``bench/abuse_test.py`` runs more), then the audit of all output."""
    seen = len(abuse.problems)
    abuse.category(name, 50)
    assert abuse.tried[name] >= 50
    assert abuse.problems[seen:] == []


def test_injected_text_in_stored_evidence_is_inert_wherever_it_is_shown_again(abuse: AbuseRun) -> None:
    mark = len(abuse.api.calls)
    text = "evidence DM2 <https://evil.example/x|click here> <!channel> <@UEVIL1> <!subteam^S1|@all> @here"
    assert abuse.slack.dm(FUZZ, text).status == 200
    acks = []
    for again in ("report", "review DM", "history DM2", "status"):
        assert abuse.slack.dm(FUZZ, again).status == 200
        acks.append(abuse.slack.command(again, user=FUZZ))
    assert abuse.slack.home_opened(FUZZ).status == 200
    abuse.quiet()
    calls = abuse.api.calls[mark:]
    assert {c.method for c in calls} >= {"chat.postMessage", "respond", "views.publish"}
    assert [p for c in calls for p in audit_call(c)] == []
    assert all(a.status == 200 and not FORBIDDEN.search(a.body) for a in acks)


CLICK = {"type": "block_actions", "user": {"id": FUZZ, "team_id": "T111"}, "team": {"id": "T111"},
         "container": {"type": "message", "message_ts": "1.1", "channel_id": "DFUZZ"}, "trigger_id": "1.2.3",
         "actions": [{"action_id": "wwc.option.0", "block_id": "b1", "value": "continue", "type": "button"}]}
SUBMIT = {"type": "view_submission", "user": {"id": FUZZ, "team_id": "T111"}, "team": {"id": "T111"},
          "view": {"type": "modal", "callback_id": "wwc.evidence", "state": {"values": {}}, "private_metadata": "{}"}}


@pytest.mark.parametrize(("payload", "missing"), [(CLICK, "user"), (SUBMIT, "user"), (CLICK, "user.id"),
                                                  (SUBMIT, "team+user.team_id"), (CLICK, "team+user.team_id"),
                                                  (SUBMIT, "view.type")])
def test_a_signed_payload_without_the_user_or_team_slack_always_sends_is_refused(abuse: AbuseRun, payload: dict,
                                                                                  missing: str) -> None:
    body = json.loads(json.dumps(payload))
    if missing == "user":
        del body["user"]
    elif missing == "user.id":
        del body["user"]["id"]
    elif missing == "view.type":
        del body["view"]["type"]
    else:
        del body["team"], body["user"]["team_id"]
    assert send_as_is(abuse, urlencode({"payload": json.dumps(body)}), "application/x-www-form-urlencoded") == 400


def test_a_signed_event_whose_event_is_not_an_object_is_refused(abuse: AbuseRun) -> None:
    envelope = {**abuse.slack.envelope(abuse.slack.dm_event(FUZZ, "status")), "event": ""}
    assert send_as_is(abuse, json.dumps(envelope), "application/json") == 400


def send_as_is(abuse: AbuseRun, body: str, content_type: str) -> int:
    """Sign and send ``body`` unchanged (``Sender`` would fill in the workspace)."""
    return abuse.slack.transport(body, abuse.slack.headers(body, content_type)).status
