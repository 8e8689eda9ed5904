"""The evidence modal: a link and a note for one criterion (pure view building and validation)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.engine.evidence import URL_HELP, valid_url

from . import ids
from .blocks import escape, plain

MAX_NOTE = 300
URL_ERROR = URL_HELP


@dataclass(frozen=True)
class Evidence:
    code: str
    url: str
    note: str | None


def modal(code: str, title: str) -> dict:
    """The modal for criterion ``code`` (its title shown); the code travels in ``private_metadata``."""
    return {
        "type": "modal",
        "callback_id": ids.EVIDENCE_VIEW,
        "title": plain("Add evidence", 24),
        "submit": plain("Save", 24),
        "close": plain("Cancel", 24),
        "private_metadata": json.dumps({"code": code}),
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*{code}* {escape(title)}"[:3000]}},
            {
                "type": "input",
                "block_id": ids.EVIDENCE_URL_BLOCK,
                "label": plain("Link", 2000),
                "element": {"type": "url_text_input", "action_id": ids.EVIDENCE_URL_ACTION,
                            "placeholder": plain("https://city.gov/…", 150)},
                "hint": plain("A policy, a council resolution, a dashboard or a web page that shows it.", 2000),
            },
            {
                "type": "input",
                "block_id": ids.EVIDENCE_NOTE_BLOCK,
                "optional": True,
                "label": plain("Note", 2000),
                "element": {"type": "plain_text_input", "action_id": ids.EVIDENCE_NOTE_ACTION, "multiline": True,
                            "max_length": MAX_NOTE, "placeholder": plain("e.g. adopted by council in 2021", 150)},
            },
        ],
    }


def parse(view: dict) -> tuple[Evidence | None, dict[str, str]]:
    """The submitted evidence, or ``(None, {block_id: error})`` for ``response_action: errors``."""
    values = view.get("state", {}).get("values", {})
    url = (values.get(ids.EVIDENCE_URL_BLOCK, {}).get(ids.EVIDENCE_URL_ACTION, {}).get("value") or "").strip()
    note = (values.get(ids.EVIDENCE_NOTE_BLOCK, {}).get(ids.EVIDENCE_NOTE_ACTION, {}).get("value") or "").strip()
    try:
        code = str(json.loads(view.get("private_metadata") or "{}")["code"])
    except (ValueError, KeyError, TypeError):
        return None, {ids.EVIDENCE_URL_BLOCK: "This form has expired; use /wwc evidence CODE again."}
    if not valid_url(url):
        return None, {ids.EVIDENCE_URL_BLOCK: URL_ERROR}
    return Evidence(code, url, note[:MAX_NOTE] or None), {}


