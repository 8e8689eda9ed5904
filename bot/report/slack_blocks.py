"""The self-assessment as a Slack message: Block Kit blocks and fallback text.

Inside Slack's limits: at most 50 blocks, 3000 characters a section text,
150 a header, 10 elements a context. User text (city names, evidence notes,
people's names) is escaped, so it can never ping ``@channel`` or a user.
"""

from __future__ import annotations

import re

from knowledge.links import link_mark
from knowledge.models import Step
from wwc_i18n import _, current, ngettext
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


def in_english(resource: object) -> str:
    """" (in English)" after a resource whose material is only in English, for a reader of another language."""
    if getattr(resource, "english_only", False) and current() != "en":
        return " " + _("(in English)")
    return ""


def report_text(r: CityReport) -> str:
    """The fallback ``text`` of the message (notifications, screen readers)."""
    # i18n: {city} and {year} are the city and assessment year; {headline}, {readiness} and {distance} are sentences
    # (the level on points, readiness, what the next level needs).
    return _("WWC self-assessment for {city} ({year}): {headline}. {readiness} {distance}",
             city=esc_within(r.city.label, 300), year=r.year, headline=esc(phrases.headline(r)),
             readiness=esc(phrases.readiness_line(r)), distance=esc(phrases.distance(r)))


def report_blocks(r: CityReport) -> list[dict]:
    """The whole report as Block Kit blocks (pure)."""
    values = {"city": esc_within(r.city.label, 300), "standard": esc(r.standard_name),
              "stamp": phrases.stamp(r.generated_at)}
    if r.status == "complete":
        # i18n: {standard} is the standard's name, {stamp} when the report was made.
        status = _("{city} · {standard} · complete · generated {stamp}", **values)
    else:
        # i18n: as above, for an assessment still open.
        status = _("{city} · {standard} · in progress · generated {stamp}", **values)
    if r.roadmap.steps:
        # i18n: English says "steps" for one step too; give the singular its own form.
        roadmap = ngettext("*Roadmap: the next {n} steps*", "*Roadmap: the next {n} steps*",
                           min(ROADMAP_STEPS, len(r.roadmap.steps)))
    else:
        roadmap = _("*Roadmap:* every criterion is met.")
    blocks: list[dict] = [
        # i18n: the message's header (at most 150 characters with the city's name and the year).
        {"type": "header", "text": _plain(_("WWC self-assessment: {city} ({year})",
                                             city=esc_within(r.city.label, 110), year=r.year))},
        _context([status, esc(_(phrases.NOT_OFFICIAL))]
                 + ([_("*Synthetic demo data*: this city and its answers are invented.")] if r.demo else [])),
    ]
    blocks += _sections(_summary(r))
    blocks += _sections(_areas(r))
    blocks.append({"type": "divider"})
    blocks += _sections(roadmap)
    for i, step in enumerate(r.roadmap.steps[:ROADMAP_STEPS], 1):
        blocks += _sections(_step(i, step))
    blocks.append({"type": "divider"})
    for text in (_to_confirm(r), _missing(r), _evidence(r), _benchmarks(r), _change(r), _who(r)):
        if text:
            blocks += _sections(text)
    blocks.append(_context([esc(c) for c in r.caveats]))
    return _fit(blocks)


def report_texts(r: CityReport, limit: int = MAX_SECTION) -> list[str]:
    """The same report as ``report_blocks``, as mrkdwn texts of at most ``limit`` characters each, for a surface
    without Block Kit (the terminal chat); a header is bold, a context line is joined with " · "."""
    lines: list[str] = []
    for block in report_blocks(r):
        if block["type"] == "header":
            lines.append(f"*{block['text']['text']}*")
        elif block["type"] == "section":
            lines.append(block["text"]["text"])
        elif block["type"] == "context":
            lines.append(" · ".join(e["text"] for e in block["elements"]))
    texts: list[str] = []
    for line in lines:
        if texts and len(texts[-1]) + 2 + len(line) <= limit:
            texts[-1] += "\n\n" + line
        else:
            texts.append(line[:limit])
    return texts


def _summary(r: CityReport) -> str:
    lines = [
        f"*{esc(phrases.headline(r))}*",
        # i18n: {text} is a sentence on whether the city meets the published thresholds.
        _("*Readiness:* {text}", text=esc(phrases.readiness_line(r))),
        esc(phrases.core_line(r)),  # it names the core standards itself ("Core standards (required for any level): …")
        # i18n: {text} is a sentence on the outcome requirement.
        _("*Outcome requirement:* {text}", text=esc(phrases.gate_line(r))),
        esc(phrases.distance(r)),
    ]
    change = phrases.change_line(r)
    if change:
        # i18n: {text} is a sentence comparing this year's assessment with last year's.
        lines.append(_("*Change:* {text}", text=esc(change)))
    s = r.score
    lines += [
        # i18n: {areas} is a list of practice areas with their % met.
        _("*Strengths:* {areas}", areas=esc(phrases.area_list(r, s.strengths))),
        # i18n: {areas} is a list of practice areas with their % met.
        _("*Weak areas:* {areas}", areas=esc(phrases.area_list(r, s.weak_areas))),
    ]
    return "\n".join(lines)


def _areas(r: CityReport) -> str:
    lines = [_("*Practice areas*")]
    for a in r.areas:
        s = a.score
        filled = round(s.percent / 10)
        line = f"`{'▓' * filled}{'░' * (10 - filled)}` *{esc(s.name)}* ({s.code}): {s.met}/{s.total} · {s.percent}%"
        if a.peer_median is not None and a.percentile is not None:
            # i18n: {median} is the peers' median % met; {ordinal} the city's percentile rank (1st, 50th, ...).
            line += " · " + _("peers: median {median}%, you are {ordinal} percentile", median=a.peer_median,
                              ordinal=phrases.ordinal(a.percentile))
        if a.met_last_year is not None and r.year_over_year:
            line += f" · {r.year_over_year.year_before}: {a.met_last_year}/{s.total}"
        lines.append(line)
    return "\n".join(lines)


def _step(i: int, s: Step) -> str:
    lines = [
        f"*{i}. {s.code}: {esc(s.title)}*",
        # i18n: {reason} is a clause saying why this step matters (it follows "because").
        _("_Why:_ because {reason}.", reason=esc(clip(s.reason, MAX_LINE))),
        # i18n: {step} is what the city can do next.
        _("_Next step:_ {step}", step=esc(clip(s.next_step, MAX_LINE))),
    ]
    if s.resources:
        # i18n: {links} is a list of resources (guides, toolkits...) as links.
        lines.append(_("_Resources:_ {links}", links=", ".join(marked(x.title, x.url) + in_english(x)
                                                             for x in s.resources)))
    more = []
    if s.program:
        # i18n: {program} is a program's name (as a link) and whether it is open.
        more.append(_("_Program:_ {program}", program=_program(s.program)))
    if s.past_program:
        if s.past_program.kind.value == "sprint":
            # i18n: {program} is a past Sprint's name (as a link) and whether it is open.
            more.append(_("_Past Sprint:_ {program}", program=_program(s.past_program)))
        else:
            # i18n: {program} is a past program's name (as a link) and whether it is open.
            more.append(_("_Past program:_ {program}", program=_program(s.past_program)))
    if s.partner:
        # i18n: {partner} is an organisation's name as a link.
        more.append(_("_Expert partner:_ {partner}", partner=marked(s.partner.name, s.partner.link)))
    peer = s.peer or s.area_peer
    if peer:
        label = phrases.peer_label(s.code, s.peer is not None)
        more.append(f"_{label}:_ {marked(f'{peer.city}, {peer.region}', peer.source)}")
    if more:
        lines.append(" · ".join(more))
    return "\n".join(lines)


def _program(p) -> str:
    if p.url:
        name = marked(p.name, p.url)
    else:
        # i18n: {name} is a program that has no web page of its own.
        name = _("{name} (no page of its own)", name=esc(clip(p.name, 120)))
    return f"{name} ({esc(phrases.program_status(p))})"


def _to_confirm(r: CityReport) -> str:
    if not r.to_confirm:
        return ""
    items = [f"• {c} {esc(r.criterion(c).title)}: {r.criterion(c).outcome_label}" for c in r.to_confirm]
    # i18n: {count} is the number of criteria answered Not sure or not answered.
    return (_("*Items to confirm ({count})*: they count as not met until confirmed", count=len(items)) + "\n"
            + "\n".join(items))


def _missing(r: CityReport) -> str:
    if not r.missing_evidence:
        return _("*Evidence still missing:* none; every criterion answered Met has a link.")
    items = []
    for code in r.missing_evidence:
        x = r.criterion(code)
        if x.answered_by:
            # i18n: {code} and {title} are a criterion's; {name} is the person who answered it.
            items.append(_("• {code} {title} (answered by {name})", code=code, title=esc(x.title),
                           name=esc(clip(x.answered_by, 80))))
        else:
            items.append(f"• {code} {esc(x.title)}")
    # i18n: {count} is the number of criteria answered Met without an evidence link.
    return (_("*Evidence still missing ({count})*: answered Met without a link", count=len(items)) + "\n"
            + "\n".join(items))


def _evidence(r: CityReport) -> str:
    # i18n: the label of an evidence link that has no note of its own.
    items = [f"• {x.code}: {link(x.evidence_note or _('link'), x.evidence_url, 80)}"
             for x in r.criteria if x.evidence_url]
    # i18n: {count} is the number of evidence links.
    return _("*Evidence on file ({count})*", count=len(items)) + "\n" + "\n".join(items) if items else ""


def _benchmarks(r: CityReport) -> str:
    b = r.peers.benchmark
    if not b.available:
        # i18n: {note} says why peer benchmarks are not shown.
        return _("*Peer benchmarks:* {note}", note=esc(b.note))
    behind = sorted(
        (x for x in r.criteria if x.outcome is not Outcome.MET and (x.peer_met_share or 0) >= 50),
        key=lambda x: -(x.peer_met_share or 0),
    )[:5]
    lines = [_("*Peer benchmarks:* {note}", note=esc(phrases.benchmark_line(r)))]
    if behind:
        # i18n: {criteria} is a list of criterion codes, each with the share of peer cities that met it.
        lines.append(_("Most peers met these and you have not yet: {criteria}", criteria=", ".join(
            # i18n: {code} is a criterion code, {share} a percentage.
            _("{code} ({share}% of peer cities met this)", code=x.code, share=x.peer_met_share) for x in behind)))
    return "\n".join(lines)


def _change(r: CityReport) -> str:
    yoy = r.year_over_year
    if yoy is None:
        return ""
    ch = yoy.change
    # i18n: {change} is a sentence comparing this year's assessment with last year's.
    lines = [_("*Year over year:* {change}", change=esc(phrases.change_line(r))),
             # i18n: {count} is a number of criteria.
             _("*Gained ({count}):*", count=len(ch.gained))]
    lines += [f"• {c} {esc(r.criterion(c).title)}" for c in ch.gained]
    # i18n: {count} is a number of criteria.
    lines.append(_("*Lost ({count}):*", count=len(ch.lost)))
    lines += [f"• {c} {esc(r.criterion(c).title)}" for c in ch.lost]
    return "\n".join(lines)


def _who(r: CityReport) -> str:
    if not r.contributors:
        return ""
    lines = [_("*Who answered what*")]
    for p in r.contributors[:15]:
        areas = ", ".join(dict.fromkeys(r.criterion(c).area for c in p.codes))
        # i18n: {name} is a person, {n} how many criteria they answered, {areas} the practice-area codes,
        # {date} the day of their last answer (2026-03-10). English says "answers" for one too; give the
        # singular its own form.
        lines.append(ngettext("• {name}: {n} answers ({areas}), last on {date}",
                              "• {name}: {n} answers ({areas}), last on {date}", len(p.codes),
                              name=esc(clip(p.name, 80)), areas=areas, date=phrases.when(p.last_answered_at)))
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
    note = _context([_("The report is longer than one Slack message: export it with `wwc-bot report` "
                       "(Markdown or CSV) for every detail.")])
    return blocks[: MAX_BLOCKS - 2] + [blocks[-1], note]
