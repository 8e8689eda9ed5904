"""Every Slack identifier the app uses: command, action ids, callback ids, block ids.

Engine options become buttons whose ``action_id`` is ``wwc.option.<n>`` (unique
within one message) and whose ``value`` is the engine's option value, so one
listener handles every answer, why, skip, area and continue button.

A message meant for one person carries their user id in its block ids
(``m0~U123.2``: engine message 0, block 2, for ``U123``): a message in a
channel can be seen by everyone there, and its buttons act only for the
person it was posted for.
"""

from __future__ import annotations

import re

COMMAND = "/wwc"

OPTION_ACTION = re.compile(r"^wwc\.option\.\d+$")
CONSENT_ACTION = "wwc.announce_level"  # the lead agrees to announce a new level
DECLINE_ACTION = "wwc.keep_private"  # the lead prefers not to announce
SPRINT_JOIN_ACTION = "wwc.sprint_join"  # a lead asks to join a Sprint cohort they were invited to
SPRINT_OPTOUT_ACTION = "wwc.sprint_optout"  # a lead wants no more Sprint invitations

EVIDENCE_VIEW = "wwc.evidence"
EVIDENCE_URL_BLOCK = "evidence_url"
EVIDENCE_URL_ACTION = "url"
EVIDENCE_NOTE_BLOCK = "evidence_note"
EVIDENCE_NOTE_ACTION = "note"


def option_action_id(n: int) -> str:
    """The action id of the ``n``-th option button in one message or view."""
    return f"wwc.option.{n}"


_OWNED_BLOCK = re.compile(r"^[^~]*~([A-Z0-9]+)\.\d+$")


def block_id(tag: str, n: int, user: str | None = None) -> str:
    """The id of block ``n`` of the engine message ``tag`` (``m0``), naming ``user`` if it is meant for one person."""
    return f"{tag}~{user}.{n}" if user else f"{tag}.{n}"


def intended_user(block: str) -> str | None:
    """The user a block (and its buttons) was posted for, or None if it names nobody."""
    m = _OWNED_BLOCK.match(block or "")
    return m.group(1) if m else None
