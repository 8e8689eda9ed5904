"""The self-assessment as a Markdown document a city lead can hand to the mayor's office."""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.links import link_mark
from knowledge.models import Step

from . import phrases
from .models import CityReport

_SPECIAL = re.compile(r"([\\`*_\[\]|#])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_SAFE_URL = re.compile(r"^https?://[^\s<>()\[\]|\"']+$")


def md(text: str | None) -> str:
    """User or data text made inert in Markdown: no HTML, no formatting, no table breaks, one line."""
    if not text:
        return ""
    text = " ".join(text.split())
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def link(label: str, url: str | None) -> str:
    """``[label](url)`` for a plain http(s) URL; anything else is shown as inert text."""
    if url and _SAFE_URL.match(url):
        return f"[{md(label)}]({url})"
    return md(label) + (f" ({md(url)})" if url else "")


def marked_link(label: str, url: str | None) -> str:
    """A link followed by its mark when it is an unofficial copy or an old address."""
    mark = link_mark(url)
    return link(label, url) + (f" ({md(mark)})" if mark and f"({mark})" not in label else "")


def render_markdown(r: CityReport) -> str:
    """The complete report as Markdown (pure)."""
    parts = [
        _title(r), _summary(r), _areas(r), _path(r), _roadmap(r), _to_confirm(r), _missing(r),
        _benchmarks(r), _change(r), _who(r), _criteria(r), _caveats(r),
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


def _title(r: CityReport) -> str:
    lines = [
        f"# {phrases.TITLE}: {md(r.city.label)}",
        "",
        f"{md(r.standard_name)} · assessment year {r.year} · {'complete' if r.status == 'complete' else 'in progress'}"
        f" · generated {phrases.stamp(r.generated_at)}",
        "",
        f"> {md(phrases.NOT_OFFICIAL)}",
    ]
    if r.demo:
        lines += ["", "> **Synthetic demo data.** This city and its answers are invented for demonstration."]
    return "\n".join(lines)


def _summary(r: CityReport) -> str:
    s = r.score
    rows = [
        ("Level on points", phrases.headline(r)),
        ("Readiness", phrases.readiness_line(r)),
        ("Core standards", phrases.core_line(r)),
        ("Outcome requirement", phrases.gate_line(r)),
        ("Next level", phrases.distance(r)),
        ("City", phrases.city_line(r)),
        ("Strengths", phrases.area_list(r, s.strengths)),
        ("Weak areas", phrases.area_list(r, s.weak_areas)),
        ("Answered", f"{s.answered} of {s.total} criteria; {len(r.to_confirm)} to confirm; "
                     f"{len(r.missing_evidence)} met without evidence"),
    ]
    change = phrases.change_line(r)
    if change:
        rows.append(("Change", change))
    return "## Summary\n\n" + "\n".join(f"- **{k}:** {md(v)}" for k, v in rows)


def _areas(r: CityReport) -> str:
    peers = r.peers.benchmark.available
    yoy = r.year_over_year is not None
    head = ["Practice area", "Met", "In progress", "Not yet", "Not sure or not answered", "% met"]
    head += ["Peer median", "Percentile"] if peers else []
    head += [f"Met in {r.year_over_year.year_before}"] if r.year_over_year is not None else []
    rows = []
    for a in r.areas:
        row = [phrases.area_label(a), f"{a.met}/{a.total}", a.in_progress, a.not_yet, a.not_sure, f"{a.percent}%"]
        row += [f"{a.peer_median}%", phrases.ordinal(a.percentile)] if peers else []
        row += [f"{a.met_last_year}/{a.total}"] if yoy else []
        rows.append(row)
    return "## Practice areas\n\n" + _table(head, rows)


def _path(r: CityReport) -> str:
    s = r.score
    if s.next_level is None:
        return f"## Path to the next level\n\n{md(phrases.distance(r))}"
    steps = [
        f"{i}. **{p.code}** {md(p.title)} ({md(r.area_name(p.area))}): {s.answer_label(p.code)}; {md(p.reason)}"
        for i, p in enumerate(s.path_to_next, 1)
    ]
    return f"## Path to {s.next_level.name}\n\n{md(phrases.distance(r))}\n\n" + "\n".join(steps)


def _roadmap(r: CityReport) -> str:
    if not r.roadmap.steps:
        return "## Roadmap\n\nEvery criterion is met: no gaps left."
    return "## Roadmap\n\nThe next steps, most urgent first.\n\n" + "\n\n".join(
        _step(i, step) for i, step in enumerate(r.roadmap.steps, 1)
    )


def _step(i: int, s: Step) -> str:
    lines = [f"### {i}. {s.code}: {md(s.title)}", "", f"*Why:* because {md(s.reason)}.", "",
             f"*Next step:* {md(s.next_step)}"]
    extra = [f"- Resource: {marked_link(x.title, x.url)} ({md(x.publisher)}, {x.kind.value.replace('_', ' ')})"
             for x in s.resources]
    if s.program:
        extra.append(f"- Program: {_program(s.program)}")
    if s.past_program:
        kind = "Past Sprint" if s.past_program.kind.value == "sprint" else "Past program"
        extra.append(f"- {kind}: {_program(s.past_program)}")
    if s.partner:
        extra.append(f"- Expert partner: {marked_link(s.partner.name, s.partner.link)}")
    peer = s.peer or s.area_peer
    if peer:
        extra.append(f"- {phrases.peer_label(s.code, s.peer is not None)}: {md(peer.city)}, {md(peer.region)}: "
                     f"{md(peer.summary)} ({marked_link('source', peer.source)})")
    return "\n".join(lines + ([""] + extra if extra else []))


def _program(p) -> str:
    page = marked_link(p.name, p.url) if p.url else f"{md(p.name)} ({md(p.page_note or 'no page of its own')})"
    return f"{page}: {md(p.when)} ({md(phrases.program_status(p))})"


def _to_confirm(r: CityReport) -> str:
    if not r.to_confirm:
        return "## Items to confirm\n\nNone: every criterion has a definite answer."
    items = [f"- **{c}** {md(r.criterion(c).title)}: {r.criterion(c).outcome_label}" for c in r.to_confirm]
    return "## Items to confirm\n\nAnswered Not sure or not answered yet; they count as not met.\n\n" + "\n".join(items)


def _missing(r: CityReport) -> str:
    if not r.missing_evidence:
        return "## Evidence still missing\n\nNone: every criterion answered Met has an evidence link."
    items = []
    for code in r.missing_evidence:
        line = r.criterion(code)
        who = f" (answered by {md(line.answered_by)} on {phrases.when(line.answered_at)})" if line.answered_by else ""
        items.append(f"- **{code}** {md(line.title)}{who}")
    return "## Evidence still missing\n\nAnswered Met without an evidence link:\n\n" + "\n".join(items)


def _benchmarks(r: CityReport) -> str:
    b = r.peers.benchmark
    if not b.available:
        return f"## Peer benchmarks\n\n*Withheld:* {md(b.note)}"
    head = ["Practice area", "You", "Peer median", "Your percentile"]
    rows = [[phrases.area_label(a), f"{a.percent}%", f"{a.peer_median}%", phrases.ordinal(a.percentile)]
            for a in r.areas]
    return (f"## Peer benchmarks\n\n{md(phrases.benchmark_line(r))} The percentile is the share of peers at or "
            "below you (ties count half); the share of peers that met each criterion is in the criteria table.\n\n"
            + _table(head, rows))


def _change(r: CityReport) -> str:
    yoy = r.year_over_year
    if yoy is None:
        return "## Year-over-year change\n\nNo earlier completed assessment to compare with."
    ch = yoy.change
    head = ["Practice area", f"Met in {yoy.year_before}", f"Met in {r.year}", "Change"]
    rows = [[phrases.area_label(a), a.met_last_year, a.met, f"{a.met - (a.met_last_year or 0):+d}"] for a in r.areas]
    gained = [f"- **{c}** {md(r.criterion(c).title)}" for c in ch.gained] or ["- none"]
    lost = [f"- **{c}** {md(r.criterion(c).title)}" for c in ch.lost] or ["- none"]
    return "\n".join([
        f"## Year-over-year change ({yoy.year_before} → {r.year})", "", md(phrases.change_line(r)), "",
        _table(head, rows), "", "**Criteria gained:**", "", *gained, "", "**Criteria lost:**", "", *lost,
    ])


def _who(r: CityReport) -> str:
    if not r.contributors:
        return "## Who answered what\n\nNo answers yet."
    rows = [[p.name, len(p.codes), ", ".join(p.codes), phrases.when(p.last_answered_at)] for p in r.contributors]
    return "## Who answered what\n\n" + _table(["Person", "Answers", "Criteria", "Last answer"], rows)


def _criteria(r: CityReport) -> str:
    peers = r.peers.benchmark.available
    yoy = r.year_over_year is not None
    head = ["Code", "Criterion", "Core standard", "Outcome", "Answered by", "Answered at", "Evidence"]
    head += ["% of peers met"] if peers else []
    head += [str(r.year_over_year.year_before)] if r.year_over_year is not None else []
    rows = []
    for x in r.criteria:
        evidence = link(x.evidence_note or "link", x.evidence_url) if x.evidence_url else md(x.evidence_note)
        core = "yes" if x.code in r.core.codes else ""
        row = [x.code, x.title, core, x.outcome_label, x.answered_by or "", phrases.when(x.answered_at), _Raw(evidence)]
        row += [f"{x.peer_met_share}%"] if peers else []
        row += [x.last_year.label if x.last_year else ""] if yoy else []
        rows.append(row)
    return "## All criteria\n\n" + _table(head, rows)


def _caveats(r: CityReport) -> str:
    return "## Caveats\n\n" + "\n".join(f"- {md(c)}" for c in r.caveats)


class _Raw(str):
    """A table cell already made safe (it holds a link)."""


def _table(head: list[str], rows: Sequence[Sequence[object]]) -> str:
    def cell(v: object) -> str:
        return v if isinstance(v, _Raw) else md(str(v))

    lines = ["| " + " | ".join(cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
