"""The self-assessment as a Slack message: Block Kit blocks and fallback text.

Inside Slack's limits: at most 50 blocks, 3000 characters a section text,
150 a header, 10 elements a context. User text (city names, evidence notes,
people's names) is escaped, so it can never ping ``@channel`` or a user.
"""

from __future__ import annotations

import re

from knowledge.links import link_mark
from knowledge.models import Step
from wwc_rules import Outcome

from . import phrases
from .models import CityReport

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_LINE = 600  # one list line; keeps every split far from the section limit
ROADMAP_STEPS = 5
_BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
_SAFE_URL = re.compile(r"^https?://[^\s<>|]+$")


def esc(text: str | None) -> str:
    """Escape ``& < >`` and defuse bare ``@channel``/``@here`` so the text can never notify anyone."""
    if not text:
        return ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub(lambda m: "@\u2060" + m.group(1), text)


def clip(text: str | None, limit: int) -> str:
    """Whitespace-collapsed ``text`` cut to ``limit`` characters (before escaping)."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def esc_within(text: str, limit: int) -> str:
    """``text`` escaped in at most ``limit`` characters, cut before escaping so no entity is split."""
    n = limit
    while len(out := esc(clip(text, n))) > limit:
        n -= len(out) - limit
    return out


def link(label: str, url: str | None, limit: int = 120) -> str:
    """``<url|label>`` for a plain http(s) URL, else the escaped label."""
    label = esc(clip(label, limit))
    if url and _SAFE_URL.match(url) and len(url) <= 1000:
        return f"<{url}|{label}>"
    return label


def marked(label: str, url: str | None, limit: int = 120) -> str:
    """``link`` followed by its mark when it is an unofficial copy or an old address."""
    mark = link_mark(url)
    return link(label, url, limit) + (f" ({mark})" if mark and f"({mark})" not in label else "")


def report_text(r: CityReport) -> str:
    """The fallback ``text`` of the message (notifications, screen readers)."""
    return (f"WWC self-assessment for {esc_within(r.city.label, 300)} ({r.year}): {esc(phrases.headline(r))}. "
            f"{esc(phrases.readiness_line(r))} {esc(phrases.distance(r))}")


def report_blocks(r: CityReport) -> list[dict]:
    """The whole report as Block Kit blocks (pure)."""
    blocks: list[dict] = [
        {"type": "header", "text": _plain(f"WWC self-assessment: {esc_within(r.city.label, 110)} ({r.year})")},
        _context([f"{esc_within(r.city.label, 300)} · {esc(r.standard_name)} · "
                  f"{'complete' if r.status == 'complete' else 'in progress'} · "
                  f"generated {phrases.stamp(r.generated_at)}", esc(phrases.NOT_OFFICIAL)]
                 + (["*Synthetic demo data*: this city and its answers are invented."] if r.demo else [])),
    ]
    blocks += _sections(_summary(r))
    blocks += _sections(_areas(r))
    blocks.append({"type": "divider"})
    blocks += _sections(f"*Roadmap: the next {min(ROADMAP_STEPS, len(r.roadmap.steps))} steps*"
                        if r.roadmap.steps else "*Roadmap:* every criterion is met.")
    for i, step in enumerate(r.roadmap.steps[:ROADMAP_STEPS], 1):
        blocks += _sections(_step(i, step))
    blocks.append({"type": "divider"})
    for text in (_to_confirm(r), _missing(r), _evidence(r), _benchmarks(r), _change(r), _who(r)):
        if text:
            blocks += _sections(text)
    blocks.append(_context([esc(c) for c in r.caveats]))
    return _fit(blocks)


def _summary(r: CityReport) -> str:
    lines = [f"*{esc(phrases.headline(r))}*", f"*Readiness:* {esc(phrases.readiness_line(r))}",
             f"*Core standards:* {esc(phrases.core_line(r))}",
             f"*Outcome requirement:* {esc(phrases.gate_line(r))}", esc(phrases.distance(r))]
    change = phrases.change_line(r)
    if change:
        lines.append(f"*Change:* {esc(change)}")
    s = r.score
    lines += [f"*Strengths:* {esc(phrases.area_list(r, s.strengths))}",
              f"*Weak areas:* {esc(phrases.area_list(r, s.weak_areas))}"]
    return "\n".join(lines)


def _areas(r: CityReport) -> str:
    lines = ["*Practice areas*"]
    for a in r.areas:
        filled = round(a.percent / 10)
        line = f"`{'▓' * filled}{'░' * (10 - filled)}` *{esc(a.name)}* ({a.code}): {a.met}/{a.total} · {a.percent}%"
        if a.peer_median is not None and a.percentile is not None:
            line += f" · peers: median {a.peer_median}%, you are {phrases.ordinal(a.percentile)} percentile"
        if a.met_last_year is not None and r.year_over_year:
            line += f" · {r.year_over_year.year_before}: {a.met_last_year}/{a.total}"
        lines.append(line)
    return "\n".join(lines)


def _step(i: int, s: Step) -> str:
    lines = [f"*{i}. {s.code}: {esc(s.title)}*", f"_Why:_ because {esc(clip(s.reason, MAX_LINE))}.",
             f"_Next step:_ {esc(clip(s.next_step, MAX_LINE))}"]
    if s.resources:
        lines.append("_Resources:_ " + ", ".join(marked(x.title, x.url) for x in s.resources))
    more = []
    if s.program:
        more.append(f"_Program:_ {_program(s.program)}")
    if s.past_program:
        kind = "Past Sprint" if s.past_program.kind.value == "sprint" else "Past program"
        more.append(f"_{kind}:_ {_program(s.past_program)}")
    if s.partner:
        more.append(f"_Expert partner:_ {marked(s.partner.name, s.partner.link)}")
    peer = s.peer or s.area_peer
    if peer:
        label = phrases.peer_label(s.code, s.peer is not None)
        more.append(f"_{label}:_ {marked(f'{peer.city}, {peer.region}', peer.source)}")
    if more:
        lines.append(" · ".join(more))
    return "\n".join(lines)


def _program(p) -> str:
    name = marked(p.name, p.url) if p.url else f"{esc(clip(p.name, 120))} (no page of its own)"
    return f"{name} ({esc(phrases.program_status(p))})"


def _to_confirm(r: CityReport) -> str:
    if not r.to_confirm:
        return ""
    items = [f"• {c} {esc(r.criterion(c).title)}: {r.criterion(c).outcome_label}" for c in r.to_confirm]
    return f"*Items to confirm ({len(items)})*: they count as not met until confirmed\n" + "\n".join(items)


def _missing(r: CityReport) -> str:
    if not r.missing_evidence:
        return "*Evidence still missing:* none; every criterion answered Met has a link."
    items = []
    for code in r.missing_evidence:
        x = r.criterion(code)
        who = f" (answered by {esc(clip(x.answered_by, 80))})" if x.answered_by else ""
        items.append(f"• {code} {esc(x.title)}{who}")
    return f"*Evidence still missing ({len(items)})*: answered Met without a link\n" + "\n".join(items)


def _evidence(r: CityReport) -> str:
    items = [f"• {x.code}: {link(x.evidence_note or 'link', x.evidence_url, 80)}"
             for x in r.criteria if x.evidence_url]
    return f"*Evidence on file ({len(items)})*\n" + "\n".join(items) if items else ""


def _benchmarks(r: CityReport) -> str:
    b = r.peers.benchmark
    if not b.available:
        return f"*Peer benchmarks:* {esc(b.note)}"
    behind = sorted(
        (x for x in r.criteria if x.outcome is not Outcome.MET and (x.peer_met_share or 0) >= 50),
        key=lambda x: -(x.peer_met_share or 0),
    )[:5]
    lines = [f"*Peer benchmarks:* {esc(phrases.benchmark_line(r))}"]
    if behind:
        lines.append("Most peers met these and you have not yet: " + ", ".join(
            f"{x.code} ({x.peer_met_share}% of peer cities met this)" for x in behind))
    return "\n".join(lines)


def _change(r: CityReport) -> str:
    yoy = r.year_over_year
    if yoy is None:
        return ""
    ch = yoy.change
    lines = [f"*Year over year:* {esc(phrases.change_line(r))}", f"*Gained ({len(ch.gained)}):*"]
    lines += [f"• {c} {esc(r.criterion(c).title)}" for c in ch.gained]
    lines.append(f"*Lost ({len(ch.lost)}):*")
    lines += [f"• {c} {esc(r.criterion(c).title)}" for c in ch.lost]
    return "\n".join(lines)


def _who(r: CityReport) -> str:
    if not r.contributors:
        return ""
    lines = ["*Who answered what*"]
    for p in r.contributors[:15]:
        areas = ", ".join(dict.fromkeys(r.criterion(c).area for c in p.codes))
        lines.append(f"• {esc(clip(p.name, 80))}: {len(p.codes)} answers ({areas}), last on "
                     f"{phrases.when(p.last_answered_at)}")
    return "\n".join(lines)


def _sections(text: str) -> list[dict]:
    """One section per chunk of at most ``MAX_SECTION`` characters, split at line breaks."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        line = line if len(line) <= MAX_SECTION else line[: MAX_SECTION - 1] + "…"
        if current and len(current) + 1 + len(line) > MAX_SECTION:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    chunks.append(current or " ")
    return [{"type": "section", "text": {"type": "mrkdwn", "text": c}} for c in chunks]


def _context(texts: list[str] | tuple[str, ...]) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": t} for t in texts[:MAX_CONTEXT_ELEMENTS]]}


def _plain(text: str) -> dict:
    return {"type": "plain_text", "text": text, "emoji": True}


def _fit(blocks: list[dict]) -> list[dict]:
    """At most ``MAX_BLOCKS`` blocks; a cut report says where the rest is."""
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    note = _context(["The report is longer than one Slack message: export it with `wwc-bot report` "
                     "(Markdown or CSV) for every detail."])
    return blocks[: MAX_BLOCKS - 2] + [blocks[-1], note]
