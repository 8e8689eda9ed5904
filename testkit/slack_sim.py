"""Signed Slack requests in Slack's real payload shapes, for tests and benchmarks.

The payloads follow bolt-python's own scenario fixtures (``tests/scenario_tests``:
the ``event_callback`` envelope of ``test_events.py``, the form-encoded slash
command of ``test_slash_command.py``, the ``payload=`` block_actions of
``test_block_actions.py`` and the view_submission of ``test_view_submission.py``).
Every request is signed with ``SignatureVerifier(secret).generate_signature``.

A ``SlackSim`` sends them either straight into ``App.dispatch`` or over HTTP to
a running server:

    slack = SlackSim(secret, dispatch_to(app))          # or http_to("http://127.0.0.1:3000/slack/events")
    slack.dm("U1", "hello")
    slack.command("status", user="U1")
"""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from slack_bolt import App, BoltRequest
from slack_sdk.signature import SignatureVerifier

TEAM = "T111"
APP_ID = "A111"
BOT_USER = "UBOT"


@dataclass
class Reply:
    """Our app's HTTP answer to one request."""

    status: int
    body: str

    def json(self) -> dict[str, Any]:
        return json.loads(self.body) if self.body else {}


Transport = Callable[[str, dict[str, str]], Reply]


def dispatch_to(app: App) -> Transport:
    """Send requests through the real ``App.dispatch`` (no network)."""

    def send(body: str, headers: dict[str, str]) -> Reply:
        resp = app.dispatch(BoltRequest(body=body, headers=headers))
        return Reply(resp.status, resp.body)

    return send


def http_to(url: str, timeout: float = 10.0) -> Transport:
    """POST requests to a running ``/slack/events`` endpoint."""

    def send(body: str, headers: dict[str, str]) -> Reply:
        req = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return Reply(resp.status, resp.read().decode())
        except urllib.error.HTTPError as err:
            return Reply(err.code, err.read().decode())

    return send


class SlackSim:
    """Builds, signs and sends Slack requests as a workspace's users would cause them."""

    def __init__(self, secret: str, transport: Transport, *, response_url: str = "https://hooks.slack.com/commands/T111/1/x") -> None:
        self.verifier = SignatureVerifier(secret)
        self.transport = transport
        self.response_url = response_url
        self._seq = itertools.count(1)

    # ---- signing

    def headers(self, body: str, content_type: str, *, timestamp: int | None = None, retry: int | None = None) -> dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        headers = {
            "content-type": content_type,
            "x-slack-request-timestamp": ts,
            "x-slack-signature": self.verifier.generate_signature(timestamp=ts, body=body),
        }
        if retry:
            headers |= {"x-slack-retry-num": str(retry), "x-slack-retry-reason": "http_timeout"}
        return headers

    def send_json(self, payload: dict, **kw: Any) -> Reply:
        body = json.dumps(payload)
        return self.transport(body, self.headers(body, "application/json", **kw))

    def send_form(self, fields: dict[str, str], **kw: Any) -> Reply:
        body = urlencode(fields)
        return self.transport(body, self.headers(body, "application/x-www-form-urlencoded", **kw))

    def _ts(self) -> str:
        return f"{int(time.time())}.{next(self._seq):06d}"

    # ---- Events API

    def envelope(self, event: dict, event_id: str | None = None) -> dict:
        """The ``event_callback`` envelope of bolt-python's ``test_events.py``."""
        return {
            "token": "verification_token",
            "team_id": TEAM,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._seq):08d}",
            "event_time": int(time.time()),
            "authed_users": [BOT_USER],
        }

    def dm_event(self, user: str, text: str, channel: str | None = None, **extra: Any) -> dict:
        ts = self._ts()
        return {
            "client_msg_id": f"msg-{ts}",
            "type": "message",
            "text": text,
            "user": user,
            "ts": ts,
            "team": TEAM,
            "channel": channel or "D" + user.lstrip("U"),
            "event_ts": ts,
            "channel_type": "im",
            **extra,
        }

    def dm(self, user: str, text: str, **kw: Any) -> Reply:
        return self.event(self.dm_event(user, text), **kw)

    def mention(self, user: str, text: str, channel: str = "C111", thread_ts: str | None = None, **kw: Any) -> Reply:
        ts = self._ts()
        event = {"client_msg_id": f"msg-{ts}", "type": "app_mention", "text": f"<@{BOT_USER}> {text}", "user": user,
                 "ts": ts, "team": TEAM, "channel": channel, "event_ts": ts}
        if thread_ts:
            event["thread_ts"] = thread_ts
        return self.event(event, **kw)

    def home_opened(self, user: str, **kw: Any) -> Reply:
        event = {"type": "app_home_opened", "user": user, "channel": "D" + user.lstrip("U"), "tab": "home",
                 "event_ts": self._ts()}
        return self.event(event, **kw)

    def event(self, event: dict, *, event_id: str | None = None, retry: int | None = None, **kw: Any) -> Reply:
        return self.send_json(self.envelope(event, event_id), retry=retry, **kw)

    # ---- slash command (form-encoded, as in test_slash_command.py)

    def command(self, text: str, user: str = "U1", channel: str = "C111", **kw: Any) -> Reply:
        fields = {
            "token": "verification_token",
            "team_id": TEAM,
            "team_domain": "city",
            "channel_id": channel,
            "channel_name": "random",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/wwc",
            "text": text,
            "api_app_id": APP_ID,
            "response_url": self.response_url,
            "trigger_id": f"{next(self._seq)}.111.trigger",
        }
        return self.send_form(fields, **kw)

    # ---- interactivity (payload=..., as in test_block_actions.py / test_view_submission.py)

    def interactive(self, payload: dict, **kw: Any) -> Reply:
        return self.send_form({"payload": json.dumps(payload)}, **kw)

    def click(self, user: str, action: dict, *, channel: str, message_ts: str | None = None, view: dict | None = None,
              ephemeral: bool = False, message_blocks: list[dict] | None = None, **kw: Any) -> Reply:
        """Press a button: ``action`` is the button element as posted (with its ``block_id``) on a message or view."""
        if view is not None:
            container = {"type": "view", "view_id": view.get("id", "V1")}
        else:
            container = {"type": "message", "message_ts": message_ts, "channel_id": channel, "is_ephemeral": ephemeral}
        payload = {
            "type": "block_actions",
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
            "api_app_id": APP_ID,
            "token": "verification_token",
            "container": container,
            "trigger_id": f"{next(self._seq)}.222.trigger",
            "team": {"id": TEAM, "domain": "city"},
            "channel": {"id": channel, "name": "directmessage"},
            "response_url": self.response_url,
            "actions": [{
                "action_id": action["action_id"],
                "block_id": action.get("block_id", "b1"),
                "text": action.get("text", {"type": "plain_text", "text": "Button"}),
                "value": action.get("value", ""),
                "type": "button",
                "action_ts": self._ts(),
            }],
        }
        if view is not None:
            payload["view"] = view
        if message_ts is not None:
            payload["message"] = {"type": "message", "ts": message_ts, "user": BOT_USER, "bot_id": "BBOT", "text": "",
                                  "blocks": message_blocks or []}
        return self.interactive(payload, **kw)

    def submit(self, user: str, view: dict, values: dict[str, dict[str, dict]], **kw: Any) -> Reply:
        """Submit a modal that the app opened (``view`` as sent to ``views.open``) with ``state.values``."""
        submitted = {
            "id": "V111", "team_id": TEAM, "type": "modal", "app_id": APP_ID, "bot_id": "BBOT", "root_view_id": "V111",
            "hash": "1596530361.3wRYuk7G", "previous_view_id": None, "external_id": "", "clear_on_close": False,
            "notify_on_close": False, "private_metadata": "", **view, "state": {"values": values},
        }
        payload = {
            "type": "view_submission",
            "team": {"id": TEAM, "domain": "city"},
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
            "api_app_id": APP_ID,
            "token": "verification_token",
            "trigger_id": f"{next(self._seq)}.333.trigger",
            "view": submitted,
            "response_urls": [],
        }
        return self.interactive(payload, **kw)


def buttons(blocks: list[dict]) -> list[dict]:
    """Every button element in a list of blocks."""
    found = []
    for block in blocks:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("type") == "button":
                found.append({**element, "block_id": block.get("block_id", "b1")})
        accessory = block.get("accessory")
        if accessory and accessory.get("type") == "button":
            found.append({**accessory, "block_id": block.get("block_id", "b1")})
    return found


def find_button(blocks: list[dict], value_prefix: str) -> dict:
    """The first button whose value starts with ``value_prefix``."""
    for b in buttons(blocks):
        if b.get("value", "").startswith(value_prefix):
            return b
    raise AssertionError(f"no button with value {value_prefix!r} in {[b.get('value') for b in buttons(blocks)]}")
