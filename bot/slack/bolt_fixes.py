"""Work-arounds for upstream Bolt behaviour the app depends on, each with a note of the upstream bug.

``slack_bolt.request.internals.parse_body`` takes any form-encoded body that merely *contains* the word
"payload" for an interactivity payload, and returns ``{}`` when there is no ``payload`` field: a slash command
such as ``/wwc announce the payload of the new Sprint`` then matches no listener (HTTP 404). Here a body is read
as a payload only when it has a ``payload`` field; anything else is read as the form it is. Installed once by
``bot.slack.app.build_app``; remove when Bolt parses by field rather than by substring.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

import slack_bolt.request.request as bolt_request


def parse_body(body: str, content_type: str | None) -> dict[str, Any]:
    if not body:
        return {}
    if (content_type is not None and content_type == "application/json") or body.startswith("{"):
        return json.loads(body)
    params = dict(parse_qsl(body, keep_blank_values=True))
    payload = params.get("payload")
    return json.loads(payload) if payload is not None else params


def install() -> None:
    bolt_request.parse_body = parse_body
