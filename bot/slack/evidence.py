"""The evidence modal: a link and a note for one criterion (pure view building and validation)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.engine.evidence import URL_HELP, valid_url
from wwc_i18n import _

from . import ids
from .blocks import escape, plain

MAX_NOTE = 300
URL_ERROR = URL_HELP  # (marked where it is defined; shown with ``_(URL_ERROR)``)
MAX_TITLE = 24  # Slack's limit for a modal's title and its submit and close buttons


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
        # i18n: at most 24 characters (the title of the form to add evidence)
        "title": plain(_("Add evidence"), MAX_TITLE),
        # i18n: at most 24 characters (the form's save button)
        "submit": plain(_("Save"), MAX_TITLE),
        # i18n: at most 24 characters (the form's cancel button)
        "close": plain(_("Cancel"), MAX_TITLE),
        "private_metadata": json.dumps({"code": code}),
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*{code}* {escape(title)}"[:3000]}},
            {
                "type": "input",
                "block_id": ids.EVIDENCE_URL_BLOCK,
                # i18n: a form field's label
                "label": plain(_("Link"), 2000),
                "element": {"type": "url_text_input", "action_id": ids.EVIDENCE_URL_ACTION,
                            # i18n: an example web link shown in the empty field (at most 150 characters)
                            "placeholder": plain(_("https://city.gov/…"), 150)},
                "hint": plain(_("A policy, a council resolution, a dashboard or a web page that shows it."), 2000),
            },
            {
                "type": "input",
                "block_id": ids.EVIDENCE_NOTE_BLOCK,
                "optional": True,
                # i18n: a form field's label
                "label": plain(_("Note"), 2000),
                "element": {"type": "plain_text_input", "action_id": ids.EVIDENCE_NOTE_ACTION, "multiline": True,
                            # i18n: an example shown in the empty field (at most 150 characters)
                            "max_length": MAX_NOTE, "placeholder": plain(_("e.g. adopted by council in 2021"), 150)},
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
        # i18n: /wwc evidence CODE is the command the person types: keep it in English.
        return None, {ids.EVIDENCE_URL_BLOCK: _("This form has expired; use /wwc evidence CODE again.")}
    if not valid_url(url):
        return None, {ids.EVIDENCE_URL_BLOCK: _(URL_ERROR)}
    return Evidence(code, url, note[:MAX_NOTE] or None), {}


