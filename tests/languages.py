"""Shared by the language tests: runs of English words that must not appear in a Spanish or Portuguese screen."""

from __future__ import annotations

import re
from functools import cache

from bot.engine import Message
from knowledge import load_knowledge
from wwc_i18n import extract
from wwc_rules import load_standard

# English words that may stay in any language: names of programs and organisations, and command words
# shown in `backticks` (people may type the English ones too).
ALLOWED = ("What Works Cities", "Results for America", "Bloomberg Philanthropies")


@cache
def english_pieces() -> frozenset[str]:
    """Runs of English words from every catalog text and every text of the English standard and knowledge."""
    texts: list[str] = []
    for msg in extract():
        texts += [msg.id] if isinstance(msg.id, str) else list(msg.id)
    standard = load_standard()
    for c in standard.criteria:
        texts += [c.question, c.why, *c.what_counts, *c.evidence]
    texts += [a.summary for a in standard.areas]
    kb = load_knowledge(standard, overlay=None)
    texts += list(kb.next_steps.values()) + [r.description for r in kb.resources]
    pieces = set()
    for text in texts:
        for literal in re.split(r"\{[^{}]*\}|`[^`]*`|<[^<>]*>|[*_\n•]", text):
            for part in re.split(r"[.:;!?()\"“”]", literal):
                part = part.strip(" ,-–—'")
                if len(part) >= 18 and part.count(" ") >= 2 and not any(a in part for a in ALLOWED):
                    pieces.add(part)
    return frozenset(pieces)


def english_left(messages: list[Message]) -> list[str]:
    found = []
    for m in messages:
        shown = " ".join([m.text, *(o.label for o in m.options)])
        found += [f"{p!r} in {shown[:120]!r}" for p in english_pieces() if p in shown]
    return found


