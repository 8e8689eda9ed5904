"""Small text helpers: Slack-style escaping, clipping and plain lists."""

from __future__ import annotations

import re

_MENTION = re.compile(r"<(?=[!@#])")


def escape(text: str) -> str:
    """Escape user text the way Slack does, so quoting it back can never ping anyone.

    >>> escape("<!channel> & <@U123>")
    '&lt;!channel&gt; &amp; &lt;@U123&gt;'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def defang(text: str) -> str:
    """Neutralise Slack mentions (``<!here>``, ``<@U1>``, ``<#C1>``) in text from elsewhere, keeping links."""
    return _MENTION.sub("&lt;", text)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quote(text: str, limit: int = 80) -> str:
    """User text, clipped, escaped and in quotes, to say back what we did not understand."""
    return f"“{escape(clip(' '.join(text.split()), limit))}”"


def bullets(lines: list[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


def join_within(parts: list[str], limit: int, sep: str = "\n") -> str:
    """Join ``parts`` but stop before the text would pass ``limit`` characters."""
    out: list[str] = []
    size = 0
    for part in parts:
        if size + len(part) + len(sep) > limit:
            out.append("…")
            break
        out.append(part)
        size += len(part) + len(sep)
    return sep.join(out)
