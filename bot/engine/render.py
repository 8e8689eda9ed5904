"""Message builders: pure functions from models to ``Message``.

Everything a user typed or named (cities, display names, notes, links) is
escaped here before it is quoted back. Texts stay short: a question well
under 2,500 characters, a report section under ``MAX_TEXT``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache

from wwc_rules import Outcome, OutcomeGate, ScoreReport, Standard

from ..store import MIN_ELIGIBLE_POPULATION, AnswerRecord, City, HistoryEntry
from .advice import RoadmapItem
from .messages import Message, MessageKind, Option
from .text import bullets, clip, escape, join_within

MAX_TEXT = 2900  # Slack allows 3,000 characters in a section

ANSWER_LABELS = {
    Outcome.MET: "Met",
    Outcome.IN_PROGRESS: "In progress",
    Outcome.NOT_YET: "Not yet",
    Outcome.NOT_SURE: "Not sure",
}
ANSWER_HINT = "Reply *Met*, *In progress*, *Not yet* or *Not sure* (your own words work too: “yes, since 2021”, “partly”, “no idea”)."


def day(when: datetime | None) -> str:
    return f"{when.day} {when:%b %Y}" if when else "?"


def who(record: AnswerRecord) -> str:
    return escape(record.answered_by_name or record.answered_by or "someone")


@lru_cache(maxsize=1024)  # options are immutable; every question carries them
def answer_options(code: str, *, back: bool = False, extras: bool = True) -> tuple[Option, ...]:
    options = (
        Option(label="Met", value=f"answer:{code}:met", style="primary"),
        Option(label="In progress", value=f"answer:{code}:in_progress"),
        Option(label="Not yet", value=f"answer:{code}:not_yet"),
        Option(label="Not sure", value=f"answer:{code}:not_sure"),
    )
    return options + question_extras(code, back=back) if extras else options


@lru_cache(maxsize=1024)
def question_extras(code: str, *, back: bool = False) -> tuple[Option, ...]:
    """The controls every criterion question carries after its answers: why, evidence, skip (and back)."""
    extras = (
        Option(label="Why it matters", value=f"why:{code}"),
        Option(label="Add evidence", value=f"evidence:{code}"),
        Option(label="Skip", value=f"skip:{code}"),
    )
    return extras + (Option(label="Back", value="back"),) if back else extras


def question(
    standard: Standard,
    code: str,
    answers: Mapping[str, Outcome],
    *,
    current: AnswerRecord | None = None,
    skipped: bool = False,
    back: bool = False,
    note: str | None = None,
) -> Message:
    """One criterion as a question, with where it sits and any answer already given."""
    c = standard.criterion(code)
    area = standard.area(c.area)
    in_area = standard.criteria_in(c.area)
    position = [x.code for x in in_area].index(code) + 1
    lines = [note] if note else []
    lines += [
        f"*{c.code} · {area.name}* ({position} of {len(in_area)} in this area · "
        f"{len(answers)} of {len(standard.criteria)} answered)",
        f"*{c.title}*",
        c.question,
    ]
    if current and current.outcome:
        lines.append(f"Current answer: *{current.outcome.label}*, by {who(current)} on {day(current.answered_at)}.")
    if current and current.evidence_url:
        lines.append(f"Evidence: {escape(current.evidence_url)}")
    if skipped:
        lines.append("You skipped this one earlier.")
    return Message(
        text=clip("\n".join(lines), 2400),
        kind=MessageKind.QUESTION,
        options=answer_options(code, back=back),
        criterion=code,
        area=c.area,
    )


def answered(
    standard: Standard, code: str, outcome: Outcome, previous: Outcome | None, changed: bool, *, since: str = ""
) -> Message:
    """The confirmation of a recorded answer; ``since`` notes last year's answer in a checkup."""
    c = standard.criterion(code)
    if not changed:
        tail = " (already recorded)"
    elif previous is not None:
        tail = f" (was {previous.label})"
    else:
        tail = f" ({since})" if since else ""
    return Message(
        text=f"✓ *{code}* {c.title}: *{outcome.label}*{tail}", kind=MessageKind.ANSWERED, criterion=code, area=c.area
    )


def why(standard: Standard, code: str, *, ask: bool) -> Message:
    c = standard.criterion(code)
    text = (
        f"*{c.code} · {c.title}*\n*Why it matters:* {c.why}\n*What counts:*\n{bullets(list(c.what_counts))}\n"
        f"*Evidence to keep:*\n{bullets(list(c.evidence))}"
    )
    options = answer_options(code, extras=False) if ask else ()
    return Message(text=clip(text, MAX_TEXT), kind=MessageKind.HELP, options=options, criterion=code, area=c.area)


def area_summary(standard: Standard, area_code: str, answers: Mapping[str, Outcome], *, heading: str) -> Message:
    area = standard.area(area_code)
    codes = [c.code for c in standard.criteria_in(area_code)]
    counts = {o: sum(1 for x in codes if answers.get(x) is o) for o in Outcome}
    parts = [f"{counts[o]} {o.label.lower()}" for o in Outcome if counts[o] and o is not Outcome.MET]
    open_ = len([x for x in codes if x not in answers])
    line = f"*{heading}: {area.name}*: {counts[Outcome.MET]} of {len(codes)} met"
    if parts:
        line += " · " + ", ".join(parts)
    if open_:
        line += f" · {open_} not answered"
    gaps = [x for x in codes if answers.get(x) in (Outcome.IN_PROGRESS, Outcome.NOT_YET)]
    if gaps:
        line += f"\nGaps to work on: {', '.join(gaps)}. Say *review {area_code}* to see who answered what."
    return Message(text=line, kind=MessageKind.SUMMARY, area=area_code)


def gate_question(gate: OutcomeGate) -> Message:
    options = [Option(label=clip(o.label, 75), value=f"gate:{o.id}") for o in gate.options]
    options.append(Option(label="Not yet", value="gate:none"))
    text = f"*All criteria answered. Last one: {gate.title}*\n{gate.question}\nWhy: {gate.why}"
    return Message(text=clip(text, 2400), kind=MessageKind.QUESTION, options=tuple(options))


def score_line(report: ScoreReport) -> str:
    base = f"{report.points} of {report.total} criteria met ({report.percent}%)"
    if report.level:
        return f"*Level: {report.level.name}* · {base}"
    return f"*No certification level yet* · {base}"


def distance_line(report: ScoreReport) -> str:
    if report.next_level is None:
        return "You are at the top level."
    path = ", ".join(f"{s.code} ({s.outcome.label.lower()})" for s in report.path_to_next[:6])
    rest = len(report.path_to_next) - 6
    more = f" and {rest} more" if rest > 0 else ""
    return (
        f"*Next level: {report.next_level.name}* ({report.next_level.min_percent}%): "
        f"{report.needed_for_next} more criteria to meet. Quickest path: {path}{more}."
    )


def gate_line(standard: Standard, report: ScoreReport) -> str | None:
    if standard.gate is None:
        return None
    if report.gate.passed:
        label = next(o.label for o in standard.gate.options if o.id == report.gate.choice)
        return f"Outcome requirement: shown ({label})."
    return "Outcome requirement: not shown yet; certification needs it."


def eligibility_note(city: City) -> str | None:
    if city.eligible is False:
        return (
            f"Note: WWC Certification is open to cities of {MIN_ELIGIBLE_POPULATION:,}+ residents; "
            f"{escape(city.label)} ({city.population:,}) can use this as a self-assessment and plan."
        )
    return None


def report(standard: Standard, city: City, year: int, result: ScoreReport, *, since: str | None = None) -> Message:
    """The report in one message; ``since`` is the change against last year's assessment."""
    lines = [f"*Certification report: {escape(city.label)} · {year}*", score_line(result)]
    if since:
        lines.append(since)
    gate = gate_line(standard, result)
    if gate:
        lines.append(gate)
    if result.level and standard.gate is not None:
        lines.append(
            f"Certifiable at {result.level.name}."
            if result.certifiable
            else f"Certifiable at {result.level.name} once the outcome requirement is shown."
        )
    lines.append(distance_line(result))
    lines.append("*By practice area:*")
    lines += [
        f"• {a.name}: {a.met} of {a.total} met" + (f", {a.in_progress} in progress" if a.in_progress else "")
        for a in result.areas
    ]
    names = {a.code: a.name for a in standard.areas}
    if result.strengths:
        lines.append("Strengths: " + ", ".join(names[c] for c in result.strengths) + ".")
    if result.weak_areas:
        lines.append("Biggest gaps: " + ", ".join(names[c] for c in result.weak_areas) + ".")
    if result.to_confirm and result.complete:
        lines.append("To confirm (answered Not sure): " + ", ".join(result.to_confirm) + ".")
    if not result.complete:
        lines.append(f"{result.total - result.answered} criteria are not answered yet and count as Not sure.")
    note = eligibility_note(city)
    if note:
        lines.append(note)
    return Message(
        text=join_within(lines, MAX_TEXT),
        kind=MessageKind.REPORT,
        options=(Option(label="Roadmap", value="roadmap"), Option(label="Status", value="status")),
    )


def roadmap(items: list[RoadmapItem], *, heading: str = "Roadmap: your next steps") -> list[Message]:
    """The roadmap, whole steps packed into as few messages as fit Slack's section limit."""
    if not items:
        return [Message(text="*Roadmap:* every criterion is met. Nothing left to close!", kind=MessageKind.REPORT)]
    messages: list[Message] = []
    text = f"*{heading}*"
    for i, item in enumerate(items, 1):
        lines = [
            f"{i}. *{item.code} {item.title}* ({item.outcome.label.lower()}): {clip(item.next_step, 400)}",
            f"   Why here: {clip(item.reason, 300)}.",
        ]
        lines += [f"   • {clip(title, 120)}: {url}" for title, url in item.links[:2]]
        if item.program:
            lines.append(f"   • Program: {item.program[0]}: {item.program[1]}")
        if item.partner:
            lines.append(f"   • Expert partner: {item.partner[0]}: {item.partner[1]}")
        if item.peer:
            lines.append(f"   • Peer example: {clip(item.peer, 160)}")
        step = "\n".join(lines)
        if len(text) + len(step) + 1 > MAX_TEXT:
            messages.append(Message(text=text, kind=MessageKind.REPORT))
            text = step
        else:
            text += "\n" + step
    return [*messages, Message(text=text, kind=MessageKind.REPORT)]


def status(
    standard: Standard,
    city: City,
    year: int,
    result: ScoreReport,
    answers: Mapping[str, Outcome],
    assignees: Mapping[str, str],
    next_code: str | None,
    *,
    checkup: str | None = None,
) -> Message:
    lines = [
        f"*{escape(city.label)} · {year} assessment* · {len(answers)} of {len(standard.criteria)} answered",
        score_line(result),
        distance_line(result),
    ]
    if checkup:
        lines.insert(1, checkup)
    for area in standard.areas:
        codes = [c.code for c in standard.criteria_in(area.code)]
        done = sum(1 for c in codes if c in answers)
        owner = f" (assigned to {escape(assignees[area.code])})" if area.code in assignees else ""
        lines.append(f"• {area.code} {area.name}: {done}/{len(codes)} answered{owner}")
    if next_code:
        lines.append(f"Next question: *{next_code}* {standard.criterion(next_code).title}.")
    options = (
        Option(label="Continue", value="continue", style="primary"),
        Option(label="Report", value="report"),
        Option(label="Roadmap", value="roadmap"),
    )
    return Message(text=join_within(lines, MAX_TEXT), kind=MessageKind.SUMMARY, options=options)


def review(standard: Standard, area_code: str, details: Mapping[str, AnswerRecord]) -> Message:
    area = standard.area(area_code)
    lines = [f"*Review: {area.name}*"]
    for c in standard.criteria_in(area_code):
        record = details.get(c.code)
        if record is None or record.outcome is None:
            line = f"• *{c.code}* {c.title}: not answered"
        else:
            line = f"• *{c.code}* {c.title}: *{record.outcome.label}* · {who(record)} · {day(record.answered_at)}"
        if record and record.evidence_url:
            note = f" ({escape(clip(record.evidence_note, 80))})" if record.evidence_note else ""
            line += f"\n   evidence: {escape(record.evidence_url)}{note}"
        lines.append(line)
    lines.append("To change one, say *change CODE* (e.g. change " + standard.criteria_in(area_code)[0].code + ").")
    return Message(text=join_within(lines, MAX_TEXT), kind=MessageKind.SUMMARY, area=area_code)


def review_overview(standard: Standard, answers: Mapping[str, Outcome]) -> Message:
    lines = ["*Review:* which area? Say *review OD* (or pick one)."]
    for area in standard.areas:
        codes = [c.code for c in standard.criteria_in(area.code)]
        lines.append(f"• {area.code} {area.name}: {sum(1 for c in codes if c in answers)}/{len(codes)} answered")
    options = tuple(Option(label=clip(a.name, 75), value=f"review:{a.code}") for a in standard.areas)
    return Message(text="\n".join(lines), kind=MessageKind.SUMMARY, options=options)


def history(standard: Standard, code: str, entries: list[HistoryEntry]) -> Message:
    c = standard.criterion(code)
    if not entries:
        return Message(text=f"*{code} {c.title}*: no answers or changes yet.", kind=MessageKind.INFO, criterion=code)
    lines = [f"*History of {code}* {c.title}"]
    for h in entries[-15:]:
        by = escape(h.changed_by_name or h.changed_by)
        if h.field == "outcome" and h.note:
            lines.append(f"• {day(h.changed_at)}: {by} confirmed *{Outcome(h.new_value).label}* ({escape(h.note)})")
        elif h.field == "outcome":
            old = Outcome(h.old_value).label if h.old_value else "unanswered"
            lines.append(f"• {day(h.changed_at)}: {by} changed the answer from {old} to *{Outcome(h.new_value).label}*")
        else:
            lines.append(f"• {day(h.changed_at)}: {by} set the evidence to {escape(clip(h.new_value or '', 120))}")
    return Message(text=join_within(lines, MAX_TEXT), kind=MessageKind.INFO, criterion=code)


COMMANDS = (
    "*Answer* with Met, In progress, Not yet or Not sure, in your own words if you like.\n"
    "*why* (or *what counts*): why the question matters and what counts as met\n"
    "*skip* · *back* · *change DM2*: move around; skipped questions come back at the end\n"
    "*go to open data* (or *area OD*): jump to a practice area\n"
    "*evidence https://… note*: attach a link to the current question (or *evidence DM2 …*)\n"
    "*status* · *report* · *roadmap* · *review OD* · *history DM2*\n"
    "*pause*: stop for now; your answers are saved and I pick up where you left off\n"
    "Ask questions too: “what's next for open data?”, “how do we get to gold?”"
)


def help_all(lead: bool) -> Message:
    text = "*How this works*\n" + COMMANDS
    if lead:
        text += "\n*As the lead:* *invite @colleague* adds someone to your city's team; *assign @colleague OD* hands them an area."
    return Message(text=text, kind=MessageKind.HELP, options=(Option(label="Continue", value="continue"),))


def help_here(standard: Standard, code: str, *, back: bool) -> Message:
    c = standard.criterion(code)
    text = (
        f"You're on *{code}*: {c.title}.\n{ANSWER_HINT}\n"
        "Or: *why* (what counts) · *evidence* · *skip* · *back* · *help* for every command."
    )
    return Message(
        text=text, kind=MessageKind.HELP, options=answer_options(code, back=back), criterion=code, area=c.area
    )


def not_understood(said: str, code: str | None, *, back: bool) -> Message:
    text = f"Sorry, I couldn't use {said}. {ANSWER_HINT} Type *help* for more."
    options = answer_options(code, back=back) if code else (Option(label="Help", value="help"),)
    return Message(text=text, kind=MessageKind.ERROR, options=options, criterion=code)


def explain_options(standard: Standard, code: str, *, back: bool) -> Message:
    c = standard.criterion(code)
    text = (
        f"Let me explain how to answer *{code}* ({c.title}). Pick the one that fits best:\n"
        "• *Met*: you have it in place today and could show evidence (“yes, adopted in 2021”)\n"
        "• *In progress*: work has started but is not finished (“partly”, “working on it”)\n"
        "• *Not yet*: it does not exist yet (“no”, “not yet”)\n"
        "• *Not sure*: you don't know; you can confirm later (“no idea”)\n"
        "Not your area? Say *skip* and a colleague can answer it, or *why* to see what counts."
    )
    return Message(
        text=text, kind=MessageKind.HELP, options=answer_options(code, back=back), criterion=code, area=c.area
    )
