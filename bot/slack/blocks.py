"""Block Kit rendering of engine messages: pure functions, no I/O.

Everything here stays inside Slack's limits (50 blocks a message, 3000
characters a section, 25 elements an actions block, 75 characters a button)
and every post carries fallback ``text``. Text is escaped so it can never
ping ``@channel``, ``@here`` or a user.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.engine.messages import Message, MessageKind, Option, show_people
from wwc_i18n import N_, _, number

from . import ids

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_ACTIONS = 25
MAX_BUTTON = 75
MAX_FALLBACK = 3000

# i18n: the notification text of a post that has no text of its own.
ASSISTANT = N_("The WWC assistant")

# Buttons that record something and so count only on the person's live prompt (see ``SlackService.deliver``):
# answers, the outcome requirement, confirmations. Skip and Back move on and count only there too.
ONE_SHOT = ("answer:", "gate:", "confirm:", "confirm-area:")
MOVES_ON = ("skip:", "back")

_BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
_AMP = re.compile(r"&(?!(?:amp|lt|gt);)")


@dataclass(frozen=True)
class Post:
    """One Slack message: fallback ``text`` and its ``blocks``."""

    text: str
    blocks: list[dict]


def escape(text: str) -> str:
    """Escape Slack control characters so text cannot form mentions or links.

    ``<!channel>`` and ``<@U1>`` become inert ``&lt;...&gt;``; a bare
    ``@here`` gets a word joiner so it never notifies even with ``link_names``
    on. Idempotent: text the engine already escaped stays as it is.

    >>> escape("<!channel> R&D &lt;@U1&gt;")
    '&lt;!channel&gt; R&amp;D &lt;@U1&gt;'
    """
    text = _AMP.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub(lambda m: "@\u2060" + m.group(1), text)


def unescape(text: str) -> str:
    """Text as the person typed it: Slack sends ``&``, ``<`` and ``>`` as ``&amp;``, ``&lt;`` and ``&gt;``.

    Links and mentions keep Slack's ``<...>`` form (the engine reads those); everything said back is escaped
    again on the way out, so nothing decoded here can ping anyone.

    >>> unescape("Winston-Salem &amp; Forsyth, NC &lt;3")
    'Winston-Salem & Forsyth, NC <3'
    """
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def split_text(text: str, limit: int = MAX_SECTION) -> list[str]:
    """Split text into chunks of at most ``limit`` characters, at line breaks where possible."""
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        chunks.append(rest[:cut])
        rest = rest[cut:].lstrip("\n ")
    if rest or not chunks:
        chunks.append(rest)
    return chunks


def plain(text: str, limit: int) -> dict:
    """A plain_text object cut to ``limit`` characters."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return {"type": "plain_text", "text": text, "emoji": True}


def sections(text: str) -> list[dict]:
    """Escaped mrkdwn sections, one per 3000-character chunk."""
    return [{"type": "section", "text": {"type": "mrkdwn", "text": chunk or " "}} for chunk in split_text(escape(text))]


def button(label: str, value: str, action_id: str, style: str | None = None) -> dict:
    b = {"type": "button", "text": plain(label, MAX_BUTTON), "value": value, "action_id": action_id}
    if style in ("primary", "danger"):
        b["style"] = style
    return b


def actions(buttons: Sequence[dict]) -> list[dict]:
    """Actions blocks of at most 25 buttons each."""
    return [{"type": "actions", "elements": list(buttons[i : i + MAX_ACTIONS])} for i in range(0, len(buttons), MAX_ACTIONS)]


def question_controls(message: Message) -> tuple[Option, ...]:
    """The message's options plus "Why?" and "Add evidence" on a criterion question."""
    options = message.options
    code = message.criterion
    if message.kind is not MessageKind.QUESTION or not code:
        return options
    values = {o.value for o in options}
    extra = []
    if f"why:{code}" not in values:
        # i18n: a button (at most 75 characters; shorter reads better).
        extra.append(Option(label=_("Why does this matter?"), value=f"why:{code}"))
    if f"evidence:{code}" not in values:
        # i18n: a button (at most 75 characters; shorter reads better).
        extra.append(Option(label=_("Add evidence"), value=f"evidence:{code}"))
    return options + tuple(extra)


def message_blocks(message: Message, first_action: int = 0, tag: str = "m0", user: str | None = None) -> list[dict]:
    """Blocks for one engine message, with block ids ``<tag>.<n>`` (``<tag>~<user>.<n>`` when posted for ``user``,
    see ``ids.block_id``); buttons are numbered from ``first_action``."""
    blocks = sections(message.text)
    if message.mentions:  # after escaping: only the listed people become mentions (they cannot be typed in)
        for block in blocks:
            block["text"]["text"] = show_people(block["text"]["text"], message.mentions, lambda u: f"<@{u}>")
    options = question_controls(message)
    if options:
        buttons = [button(o.label, o.value, ids.option_action_id(first_action + i), o.style) for i, o in enumerate(options)]
        blocks += actions(buttons)
    for n, block in enumerate(blocks):
        block["block_id"] = ids.block_id(tag, n, user)
    return blocks


def replace_message(blocks: Sequence[dict], block_id: str, message: Message, user: str | None = None) -> list[dict]:
    """``blocks`` of a posted message with the engine message that owns ``block_id`` replaced by ``message``.

    Used when a question is answered: only the question turns into the
    recorded answer; what was posted with it (an intro, a summary) stays.
    The replacement keeps the owner named in ``block_id`` (or ``user``).
    """
    tag = block_id.rsplit(".", 1)[0]

    def owned(block: dict) -> bool:
        return str(block.get("block_id", "")).rsplit(".", 1)[0] == tag

    if "." not in block_id or not any(owned(b) for b in blocks):
        return message_blocks(message, user=ids.intended_user(block_id) or user)
    out: list[dict] = []
    for block in blocks:
        if not owned(block):
            out.append(block)
        elif not any(owned(b) for b in out):
            out += message_blocks(message, tag=tag)
    return out[:MAX_BLOCKS]


def _values(block: dict) -> list[str]:
    return [str(e.get("value") or "") for e in block.get("elements", []) if e.get("type") == "button"]


def prompt_block_id(blocks: Sequence[dict]) -> str | None:
    """The block id of the actions block that holds a post's answer buttons, if it has any."""
    for block in blocks:
        if block.get("type") == "actions" and any(v.startswith(ONE_SHOT) for v in _values(block)):
            return str(block.get("block_id") or "")
    return None


def close_prompt(blocks: Sequence[dict], note: str) -> list[dict]:
    """A posted prompt with its answer, Skip and Back buttons taken away and ``note`` (mrkdwn) added below."""
    out: list[dict] = []
    for block in blocks:
        if block.get("type") != "actions":
            out.append(block)
            continue
        kept = [e for e in block.get("elements", []) if not str(e.get("value") or "").startswith(ONE_SHOT + MOVES_ON)]
        if kept:
            out.append({**block, "elements": kept})
    context = {"type": "context", "elements": [{"type": "mrkdwn", "text": note}]}
    return out[: MAX_BLOCKS - 1] + [context]


def blocks_text(blocks: Sequence[dict]) -> str:
    """Fallback text for a list of blocks: their section texts."""
    texts = [b["text"]["text"] for b in blocks if b.get("type") == "section" and isinstance(b.get("text"), dict)]
    text = "\n\n".join(texts).strip() or _(ASSISTANT)
    return text if len(text) <= MAX_FALLBACK else text[: MAX_FALLBACK - 1] + "…"


def fallback(messages: Iterable[Message]) -> str:
    """Notification text for a post: the messages' text, escaped and cut."""
    return fallback_text("\n\n".join(show_people(m.text, (), str) for m in messages))


def render(messages: Sequence[Message], user: str | None = None) -> list[Post]:
    """Pack messages into as few posts as fit in 50 blocks each (never splitting a message if avoidable).

    ``user``: the person the posts are for; their buttons act for nobody else (``ids.intended_user``).
    """
    posts: list[Post] = []
    group: list[Message] = []
    blocks: list[dict] = []
    n_actions = 0
    for message in messages:
        own = message_blocks(message, n_actions, f"m{len(group)}", user)
        divider = [{"type": "divider"}] if blocks else []
        if blocks and len(blocks) + len(divider) + len(own) > MAX_BLOCKS:
            posts.append(Post(fallback(group), blocks))
            group, blocks, n_actions, divider = [], [], 0, []
            own = message_blocks(message, 0, "m0", user)
        group.append(message)
        n_actions += len(question_controls(message))
        blocks += divider + own
        while len(blocks) > MAX_BLOCKS:  # one huge message: split it across posts
            posts.append(Post(fallback(group), blocks[:MAX_BLOCKS]))
            blocks = blocks[MAX_BLOCKS:]
    if blocks:
        posts.append(Post(fallback(group), blocks))
    return posts


def announcement(text: str) -> Post:
    """A network-team post for the peer-network channel (``/wwc announce``)."""
    body = sections(text)[: MAX_BLOCKS - 1]
    footer = _("📣 From the What Works Cities network team")[:MAX_SECTION]
    body.append({"type": "context", "elements": [{"type": "mrkdwn", "text": footer}]})
    return Post(fallback_text(text), body)


def sprint_invitation(city: str, program: str, why: str, how: str, value: str) -> Post:
    """A private invitation to a city's lead: which cohort, why this city (its own answers), how to join."""
    # i18n: {program} is a Sprint program's name; {reasons} a list such as "your city answered Not yet on RDC1";
    # {how} a sentence that says how to join.
    text = _("📣 *{program}* is open, and it fits a gap in {city}'s self-assessment: {reasons}. {how}\n"
             "Press the button if your city would like to join; the network team then sees that "
             "{city} asked. Nothing is shared otherwise.", program=program, city=city, reasons=why, how=how)
    body = sections(text) + [{"type": "actions", "elements": [
        # i18n: a button (at most 75 characters).
        button(_("We'd like to join"), value, ids.SPRINT_JOIN_ACTION, "primary"),
        # i18n: a button (at most 75 characters).
        button(_("No more Sprint invitations"), value, ids.SPRINT_OPTOUT_ACTION),
    ]}]
    return Post(fallback_text(text), body)


def level_announcement(city: str, level: str, percent: int, year: int) -> Post:
    """The peer-network post for a city that reached a level (sent only with the lead's consent)."""
    # i18n: {level} is a level's name (Silver, Gold...); {percent} a number; {year} the assessment's year.
    text = _("🎉 {city} meets the published thresholds for *{level}* in its {year} What Works Cities self-assessment "
             "({percent}% of criteria met), pending review by Results for America.",
             city=city, level=level, year=year, percent=number(percent))
    return Post(fallback_text(text), sections(text))


def consent_prompt(city: str, level: str, percent: int, value: str) -> Post:
    """Asks a city's lead whether to announce a new level; ``value`` identifies the level on the buttons."""
    # i18n: {level} is a level's name (Silver, Gold...); {percent} a number.
    text = _("🎉 {city} now meets the published thresholds for *{level}* in its self-assessment ({percent}% of "
             "criteria met), pending review by Results for America. May I share that in the What Works Cities "
             "peer-network channel? Nothing is posted unless you agree.",
             city=city, level=level, percent=number(percent))
    body = sections(text) + [{"type": "actions", "elements": [
        # i18n: a button (at most 75 characters); {level} is a level's name (Silver, Gold...).
        button(_("Announce {level}", level=level), value, ids.CONSENT_ACTION, "primary"),
        # i18n: a button (at most 75 characters).
        button(_("Keep it private"), value, ids.DECLINE_ACTION),
    ]}]
    return Post(fallback_text(text), body)


def fallback_text(text: str) -> str:
    text = escape(text).strip() or _(ASSISTANT)
    return text if len(text) <= MAX_FALLBACK else text[: MAX_FALLBACK - 1] + "…"
