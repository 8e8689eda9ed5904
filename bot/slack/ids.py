"""Every Slack identifier the app uses: command, action ids, callback ids, block ids.

Engine options become buttons whose ``action_id`` is ``wwc.option.<n>`` (unique
within one message) and whose ``value`` is the engine's option value, so one
listener handles every answer, why, skip, area and continue button.
"""

from __future__ import annotations

import re

COMMAND = "/wwc"

OPTION_ACTION = re.compile(r"^wwc\.option\.\d+$")
CONSENT_ACTION = "wwc.announce_level"  # the lead agrees to announce a new level
DECLINE_ACTION = "wwc.keep_private"  # the lead prefers not to announce

EVIDENCE_VIEW = "wwc.evidence"
EVIDENCE_URL_BLOCK = "evidence_url"
EVIDENCE_URL_ACTION = "url"
EVIDENCE_NOTE_BLOCK = "evidence_note"
EVIDENCE_NOTE_ACTION = "note"


def option_action_id(n: int) -> str:
    """The action id of the ``n``-th option button in one message or view."""
    return f"wwc.option.{n}"
