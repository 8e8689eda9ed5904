"""The self-assessment as a Markdown document a city lead can hand to the mayor's office."""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.links import link_mark
from knowledge.models import Step
from wwc_i18n import N_, _

from . import phrases
from .models import CityReport
from .slack_blocks import in_english

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
    values = {"standard": md(r.standard_name), "year": r.year, "stamp": phrases.stamp(r.generated_at)}
    if r.status == "complete":
        # i18n: {standard} is the standard's name, {year} the assessment year, {stamp} when the report was made.
        status = _("{standard} · assessment year {year} · complete · generated {stamp}", **values)
    else:
        # i18n: as above, for an assessment still open.
        status = _("{standard} · assessment year {year} · in progress · generated {stamp}", **values)
    lines = [
        # i18n: the document's Markdown heading: {title} is the report's title, {city} the city.
        _("# {title}: {city}", title=_(phrases.TITLE), city=md(r.city.label)),
        "",
        status,
        "",
        f"> {md(_(phrases.NOT_OFFICIAL))}",
    ]
    if r.demo:
        lines += ["", _("> **Synthetic demo data.** This city and its answers are invented for demonstration.")]
    return "\n".join(lines)


def _summary(r: CityReport) -> str:
    s = r.score
    # i18n: {answered} of {total} criteria answered; {to_confirm} and {no_evidence} are numbers of criteria.
    answered = _("{answered} of {total} criteria; {to_confirm} to confirm; {no_evidence} met without evidence",
                 answered=s.answered, total=s.total, to_confirm=len(r.to_confirm), no_evidence=len(r.missing_evidence))
    rows = [
        (_("Level on points"), phrases.headline(r)),
        (_("Readiness"), phrases.readiness_line(r)),
        (_("Core standards"), phrases.core_line(r)),
        (_("Outcome requirement"), phrases.gate_line(r)),
        (_("Next level"), phrases.distance(r)),
        (_("City"), phrases.city_line(r)),
        (_("Strengths"), phrases.area_list(r, s.strengths)),
        (_("Weak areas"), phrases.area_list(r, s.weak_areas)),
        (_("Answered"), answered),
    ]
    change = phrases.change_line(r)
    if change:
        rows.append((_("Change"), change))
    lines = [
        # i18n: a summary line: {label} is its label (e.g. "Readiness"), {value} its text.
        _("- **{label}:** {value}", label=k, value=md(v))
        for k, v in rows
    ]
    return _("## Summary") + "\n\n" + "\n".join(lines)


def _areas(r: CityReport) -> str:
    peers = r.peers.benchmark.available
    yoy = r.year_over_year is not None
    head = [_("Practice area"), _("Met"), _("In progress"), _("Not yet"), _("Not sure or not answered"), _("% met")]
    head += [_("Peer median"), _("Percentile")] if peers else []
    # i18n: a table column: criteria met in the assessment of {year}.
    head += [_("Met in {year}", year=r.year_over_year.year_before)] if r.year_over_year is not None else []
    rows = []
    for a in r.areas:
        s = a.score
        row = [phrases.area_label(s), f"{s.met}/{s.total}", s.in_progress, s.not_yet, s.not_sure, f"{s.percent}%"]
        row += [f"{a.peer_median}%", phrases.ordinal(a.percentile)] if peers else []
        row += [f"{a.met_last_year}/{s.total}"] if yoy else []
        rows.append(row)
    return _("## Practice areas") + "\n\n" + _table(head, rows)


def _path(r: CityReport) -> str:
    s = r.score
    if s.next_level is None:
        return _("## Path to the next level") + f"\n\n{md(phrases.distance(r))}"
    steps = [
        f"{i}. **{p.code}** {md(p.title)} ({md(r.area_name(p.area))}): {s.answer_label(p.code)}; {md(p.reason)}"
        for i, p in enumerate(s.path_to_next, 1)
    ]
    # i18n: {level} is the next certification level (Silver, Gold, Platinum).
    return _("## Path to {level}", level=s.next_level.name) + f"\n\n{md(phrases.distance(r))}\n\n" + "\n".join(steps)


def _roadmap(r: CityReport) -> str:
    if not r.roadmap.steps:
        return _("## Roadmap") + "\n\n" + _("Every criterion is met: no gaps left.")
    return _("## Roadmap") + "\n\n" + _("The next steps, most urgent first.") + "\n\n" + "\n\n".join(
        _step(i, step) for i, step in enumerate(r.roadmap.steps, 1)
    )


# The kinds of resource, as shown (the knowledge base's ids are English words).
_RESOURCE_KINDS = {
    "guide": N_("guide"),
    "toolkit": N_("toolkit"),
    "course": N_("course"),
    "template": N_("template"),
    "case_study": N_("case study"),
    "community": N_("community"),
}


def _resource_kind(value: str) -> str:
    kind = _RESOURCE_KINDS.get(value)
    return _(kind) if kind else value.replace("_", " ")


def _step(i: int, s: Step) -> str:
    lines = [
        f"### {i}. {s.code}: {md(s.title)}",
        "",
        # i18n: {reason} is a clause saying why this step matters (it follows "because").
        _("*Why:* because {reason}.", reason=md(s.reason)),
        "",
        # i18n: {step} is what the city can do next.
        _("*Next step:* {step}", step=md(s.next_step)),
    ]
    # i18n: {link} is the resource's title as a link, {publisher} who published it, {kind} a guide, toolkit, course...
    extra = [_("- Resource: {link} ({publisher}, {kind})", link=marked_link(x.title, x.url), publisher=md(x.publisher),
               kind=_resource_kind(x.kind.value)) + in_english(x)
             for x in s.resources]
    if s.program:
        # i18n: {program} is a program's name (as a link), when it runs and whether it is open.
        extra.append(_("- Program: {program}", program=_program(s.program)))
    if s.past_program:
        if s.past_program.kind.value == "sprint":
            # i18n: {program} is a past Sprint's name (as a link), when it ran and whether it is open.
            extra.append(_("- Past Sprint: {program}", program=_program(s.past_program)))
        else:
            # i18n: {program} is a past program's name (as a link), when it ran and whether it is open.
            extra.append(_("- Past program: {program}", program=_program(s.past_program)))
    if s.partner:
        # i18n: {partner} is an organisation's name as a link.
        extra.append(_("- Expert partner: {partner}", partner=marked_link(s.partner.name, s.partner.link)))
    peer = s.peer or s.area_peer
    if peer:
        extra.append(f"- {phrases.peer_label(s.code, s.peer is not None)}: {md(peer.city)}, {md(peer.region)}: "
                     # i18n: the label of a link to where a peer city's example comes from.
                     f"{md(peer.summary)} ({marked_link(_('source'), peer.source)})")
    return "\n".join(lines + ([""] + extra if extra else []))


def _program(p) -> str:
    if p.url:
        page = marked_link(p.name, p.url)
    elif p.page_note:
        page = f"{md(p.name)} ({md(p.page_note)})"
    else:
        # i18n: {name} is a program that has no web page of its own.
        page = _("{name} (no page of its own)", name=md(p.name))
    return f"{page}: {md(p.when)} ({md(phrases.program_status(p))})"


def _to_confirm(r: CityReport) -> str:
    if not r.to_confirm:
        return _("## Items to confirm") + "\n\n" + _("None: every criterion has a definite answer.")
    items = [f"- **{c}** {md(r.criterion(c).title)}: {r.criterion(c).outcome_label}" for c in r.to_confirm]
    return (_("## Items to confirm") + "\n\n" + _("Answered Not sure or not answered yet; they count as not met.")
            + "\n\n" + "\n".join(items))


def _missing(r: CityReport) -> str:
    if not r.missing_evidence:
        return (_("## Evidence still missing") + "\n\n"
                + _("None: every criterion answered Met has an evidence link."))
    items = []
    for code in r.missing_evidence:
        line = r.criterion(code)
        if line.answered_by:
            # i18n: {code} and {title} are a criterion's; {name} is a person, {date} a date (2026-03-10).
            items.append(_("- **{code}** {title} (answered by {name} on {date})", code=code, title=md(line.title),
                           name=md(line.answered_by), date=phrases.when(line.answered_at)))
        else:
            items.append(f"- **{code}** {md(line.title)}")
    return (_("## Evidence still missing") + "\n\n" + _("Answered Met without an evidence link:") + "\n\n"
            + "\n".join(items))


def _benchmarks(r: CityReport) -> str:
    b = r.peers.benchmark
    if not b.available:
        # i18n: {note} says why peer benchmarks are not shown.
        withheld = _("*Withheld:* {note}", note=md(b.note))
        return _("## Peer benchmarks") + "\n\n" + withheld
    head = [_("Practice area"), _("You"), _("Peer median"), _("Your percentile")]
    rows = [[phrases.area_label(a.score), f"{a.score.percent}%", f"{a.peer_median}%", phrases.ordinal(a.percentile)]
            for a in r.areas]
    # i18n: {line} is a sentence about the peer group.
    text = _("{line} The percentile is the share of peers at or below you (ties count half); the share of peers "
             "that met each criterion is in the criteria table.", line=md(phrases.benchmark_line(r)))
    return _("## Peer benchmarks") + "\n\n" + text + "\n\n" + _table(head, rows)


def _change(r: CityReport) -> str:
    yoy = r.year_over_year
    if yoy is None:
        return _("## Year-over-year change") + "\n\n" + _("No earlier completed assessment to compare with.")
    ch = yoy.change
    head = [_("Practice area"), _("Met in {year}", year=yoy.year_before), _("Met in {year}", year=r.year),
            _("Change")]
    rows = [[phrases.area_label(a.score), a.met_last_year, a.score.met, f"{a.score.met - (a.met_last_year or 0):+d}"]
            for a in r.areas]
    gained = [f"- **{c}** {md(r.criterion(c).title)}" for c in ch.gained] or [_("- none")]
    lost = [f"- **{c}** {md(r.criterion(c).title)}" for c in ch.lost] or [_("- none")]
    return "\n".join([
        # i18n: {before} and {now} are the two assessment years compared.
        _("## Year-over-year change ({before} → {now})", before=yoy.year_before, now=r.year), "",
        md(phrases.change_line(r)), "",
        _table(head, rows), "", _("**Criteria gained:**"), "", *gained, "", _("**Criteria lost:**"), "", *lost,
    ])


def _who(r: CityReport) -> str:
    if not r.contributors:
        return _("## Who answered what") + "\n\n" + _("No answers yet.")
    rows = [[p.name, len(p.codes), ", ".join(p.codes), phrases.when(p.last_answered_at)] for p in r.contributors]
    return _("## Who answered what") + "\n\n" + _table(
        [_("Person"), _("Answers"), _("Criteria"), _("Last answer")], rows)


def _criteria(r: CityReport) -> str:
    peers = r.peers.benchmark.available
    yoy = r.year_over_year is not None
    head = [_("Code"), _("Criterion"), _("Core standard"), _("Outcome"), _("Answered by"), _("Answered at"),
            _("Evidence")]
    head += [_("% of peers met")] if peers else []
    head += [str(r.year_over_year.year_before)] if r.year_over_year is not None else []
    rows = []
    for x in r.criteria:
        # i18n: the label of an evidence link that has no note of its own.
        evidence = link(x.evidence_note or _("link"), x.evidence_url) if x.evidence_url else md(x.evidence_note)
        core = _("yes") if x.code in r.core.codes else ""
        row = [x.code, x.title, core, x.outcome_label, x.answered_by or "", phrases.when(x.answered_at), _Raw(evidence)]
        row += [f"{x.peer_met_share}%"] if peers else []
        row += [x.last_year.label if x.last_year else ""] if yoy else []
        rows.append(row)
    return _("## All criteria") + "\n\n" + _table(head, rows)


def _caveats(r: CityReport) -> str:
    return _("## Caveats") + "\n\n" + "\n".join(f"- {md(c)}" for c in r.caveats)


class _Raw(str):
    """A table cell already made safe (it holds a link)."""


def _table(head: list[str], rows: Sequence[Sequence[object]]) -> str:
    def cell(v: object) -> str:
        return v if isinstance(v, _Raw) else md(str(v))

    lines = ["| " + " | ".join(cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
