"""Message builders: pure functions from models to ``Message``.

Everything a user typed or named (cities, display names, notes, links) is
escaped here before it is quoted back. Texts stay short: a question well
under 2,500 characters, a report section under ``MAX_TEXT``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache

from reading import Reading
from wwc_rules import Outcome, OutcomeGate, ScoreReport, Standard, core_line, readiness

from ..store import MIN_ELIGIBLE_POPULATION, AnswerRecord, City, EvidenceLink, HistoryEntry
from .advice import RoadmapItem
from .evidence import URL_HELP
from .messages import Message, MessageKind, Option
from .text import bullets, clip, escape, join_within, quote

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
        if current.words:
            lines.append(f"In their words: {quote(current.words, 200)}")
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
        f"*{c.code} · {c.title}*\n*Why it matters:* {c.why}\n*What counts:*\n{what_counts_text(standard, code)}\n"
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


def gate_question(gate: OutcomeGate, *, current: str | None = None, words: str | None = None) -> Message:
    """The outcome requirement as a question; ``current`` (an option id or "none") when it is answered again."""
    options = [Option(label=clip(o.label, 75), value=f"gate:{o.id}") for o in gate.options]
    options.append(Option(label="Not yet", value="gate:none"))
    if current is None:
        text = f"*All criteria answered. Last one: {gate.title}*\n{gate.question}\nWhy: {gate.why}"
    else:
        label = gate_label(gate, current)
        said = f" (in your words: {quote(words, 200)})" if words else ""
        text = f"*{gate.title}*\n{gate.question}\nYour answer now: *{label}*{said}. Pick the one that is true today."
    return Message(text=clip(text, 2400), kind=MessageKind.QUESTION, options=tuple(options))


def gate_label(gate: OutcomeGate, choice: str | None) -> str:
    if choice in (None, "none"):
        return "Not yet"
    return next((o.label for o in gate.options if o.id == choice), "Not yet")


def score_line(report: ScoreReport) -> str:
    """The level on points, the count, and whether the published requirements of any level are met."""
    base = f"{report.points} of {report.total} criteria met ({report.percent}%)"
    if not report.level:
        return f"*No level yet* (on points) · {base}"
    line = f"*Level: {report.level.name}* (on points) · {base}"
    if report.ready:
        return f"{line} · meets the published thresholds, pending review by Results for America"
    missing = []
    if report.core.unmet:
        missing.append(f"core standards {', '.join(report.core.unmet)} not met")
    if report.gate.required and not report.gate.passed:
        missing.append("outcome requirement not shown")
    return f"{line} · not ready for review at any level: {'; '.join(missing)}"


def distance_line(report: ScoreReport) -> str:
    if report.next_level is None:
        if report.core.unmet:
            return (
                "*Top level on points.* No level counts until the core standards are met: "
                f"{', '.join(report.core.unmet)}."
            )
        if report.gate.required and not report.gate.passed:
            return "*Top level on points.* No level counts until the outcome requirement is shown."
        return "You are at the top level on points."
    path = ", ".join(f"{s.code} ({report.answer_label(s.code).lower()})" for s in report.path_to_next[:6])
    rest = len(report.path_to_next) - 6
    more = f" and {rest} more" if rest > 0 else ""
    core = " (core standards first)" if report.core.unmet else ""
    return (
        f"*Next level: {report.next_level.name}* ({report.next_level.min_percent}%): "
        f"{report.needed_for_next} more criteria to meet. Quickest path{core}: {path}{more}."
    )


def gate_line(standard: Standard, report: ScoreReport, words: str | None = None) -> str | None:
    if standard.gate is None:
        return None
    said = f" In your words: {quote(words, 200)}." if words else ""
    if report.gate.passed:
        label = next(o.label for o in standard.gate.options if o.id == report.gate.choice)
        return f"Outcome requirement: shown ({label}).{said} Say *change outcome* to change it."
    return f"Outcome requirement: not shown yet; every level needs it.{said} Say *change outcome* to answer it."


def eligibility_note(city: City) -> str | None:
    """A note when the city cannot apply: outside the Americas, or below the population floor."""
    if city.in_americas is False:
        return (
            "Note: What Works Cities Certification is open only to cities in North, Central and South America "
            f"(with {MIN_ELIGIBLE_POPULATION:,}+ residents), so it is not open to {escape(city.label)}. You can still "
            "use this assistant as a self-assessment and learning tool; it is not an application."
        )
    if city.eligible is False:
        people = f" ({city.population:,})" if city.population is not None else ""
        return (
            f"Note: WWC Certification is open to cities of {MIN_ELIGIBLE_POPULATION:,}+ residents in the Americas; "
            f"{escape(city.label)}{people} can use this as a self-assessment and plan."
        )
    return None


def report(
    standard: Standard,
    city: City,
    year: int,
    result: ScoreReport,
    *,
    since: str | None = None,
    gate_words: str | None = None,
) -> Message:
    """The self-assessment in one message; ``since`` is the change against last year's assessment."""
    lines = [f"*Self-assessment (readiness report): {escape(city.label)} · {year}*", score_line(result)]
    if since:
        lines.append(since)
    gate = gate_line(standard, result, gate_words)
    if gate:
        lines.append(gate)
    core = core_line(standard, result)
    if core:
        lines.append(core)
    if result.level is None:  # with a level, ``score_line`` already says whether it is ready
        lines.append(readiness_line(standard, result))
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
    unsure = [c for c in result.to_confirm if c not in result.unanswered]
    if unsure:
        lines.append("To confirm (answered Not sure): " + ", ".join(unsure) + ".")
    if not result.complete:
        lines.append(f"{result.total - result.answered} criteria are not answered yet (the score counts them as not met).")
    note = eligibility_note(city)
    if note:
        lines.append(note)
    lines.append(SELF_ASSESSMENT_NOTE)
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
            f"{i}. *{item.code} {item.title}* ({_said(item)}): {clip(item.next_step, 400)}",
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


def _said(item: RoadmapItem) -> str:
    return (item.outcome.label if item.answered else "Not answered").lower()


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


def review(
    standard: Standard,
    area_code: str,
    details: Mapping[str, AnswerRecord],
    links: Mapping[str, list[EvidenceLink]] | None = None,
) -> Message:
    area = standard.area(area_code)
    lines = [f"*Review: {area.name}*"]
    for c in standard.criteria_in(area_code):
        record = details.get(c.code)
        if record is None or record.outcome is None:
            line = f"• *{c.code}* {c.title}: not answered"
        else:
            line = f"• *{c.code}* {c.title}: *{record.outcome.label}* · {who(record)} · {day(record.answered_at)}"
            if record.words:
                line += f"\n   in their words: {quote(record.words, 160)}"
        shown = (links or {}).get(c.code) or []
        if not shown and record and record.evidence_url:
            note = f" ({escape(clip(record.evidence_note, 80))})" if record.evidence_note else ""
            line += f"\n   evidence: {escape(record.evidence_url)}{note}"
        for link in shown[:5]:
            note = f" ({escape(clip(link.note, 80))})" if link.note else ""
            line += f"\n   evidence: {escape(link.url)}{note}"
        if len(shown) > 5:
            line += f"\n   and {len(shown) - 5} more links (say *evidence {c.code}* to list them)"
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
        said = f": {quote(h.words, 160)}" if h.words else ""
        if h.field == "outcome" and h.note:
            lines.append(f"• {day(h.changed_at)}: {by} confirmed *{Outcome(h.new_value).label}* ({escape(h.note)})")
        elif h.field == "outcome":
            old = Outcome(h.old_value).label if h.old_value else "unanswered"
            lines.append(
                f"• {day(h.changed_at)}: {by} changed the answer from {old} to *{Outcome(h.new_value).label}*{said}"
            )
        elif h.field == "evidence_removed":
            lines.append(f"• {day(h.changed_at)}: {by} removed the evidence {escape(clip(h.old_value or '', 120))}")
        else:
            lines.append(f"• {day(h.changed_at)}: {by} added the evidence {escape(clip(h.new_value or '', 120))}")
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
        text += (
            "\n*As the lead:* *invite @colleague* adds someone to your city's team; *assign @colleague OD* hands "
            "them an area; *remove @colleague* takes them off; *make @colleague lead* hands over the lead role."
        )
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


# ------------------------------------------------------------------ reading people: confirmations and moves


def confirm_reading(standard: Standard, code: str, reading: Reading, *, changed_from: Outcome | None = None) -> Message:
    """ "I read that as *In progress* (...). Record it?" with the four outcomes, the reading first."""
    assert reading.outcome is not None
    c = standard.criterion(code)
    why = "; ".join(reading.cues[:2])
    because = f" ({why})" if why else ""
    was = f", changed from last year's *{changed_from.label}*" if changed_from is not None else ""
    text = (
        f"*{code}* {c.title}: I read {quote(reading.words, 160)} as *{reading.outcome.label}*{was}{because}. "
        "Record it? The answer is saved only when you say"
        + (" (your link is kept as evidence either way)." if reading.links else ".")
    )
    return Message(
        text=clip(text, 2400),
        kind=MessageKind.CONFIRM,
        options=_outcomes_first(code, reading.outcome),
        criterion=code,
        area=c.area,
    )


def _outcomes_first(code: str, first: Outcome | None, keep: str | None = None) -> tuple[Option, ...]:
    ordered = ([first] if first else []) + [o for o in Outcome if o is not first]
    options = [
        Option(
            label=("Yes, " + o.label.lower()) if o is first else o.label,
            value=f"answer:{code}:{o.value}",
            style="primary" if o is first else None,
        )
        for o in ordered
    ]
    if keep:
        options.append(Option(label=keep, value="keep"))
    return tuple(options)


def which_then(standard: Standard, code: str, *, back: bool) -> Message:
    c = standard.criterion(code)
    return Message(
        text=f"OK, nothing recorded. Which one fits *{code}* {c.title}?",
        kind=MessageKind.QUESTION,
        options=answer_options(code, back=back),
        criterion=code,
        area=c.area,
    )


def confirm_correction(standard: Standard, code: str, current: AnswerRecord | None, outcome: Outcome | None) -> Message:
    """ "Change *DM1* (now *Met*, by Ana on 2 Mar) to ...?" with the outcomes and "leave it"."""
    c = standard.criterion(code)
    now = (
        f" (now *{current.outcome.label}*, by {who(current)} on {day(current.answered_at)})"
        if current and current.outcome
        else " (not answered yet)"
    )
    ask = f" to *{outcome.label}*?" if outcome else "? Pick the right answer."
    text = f"Change *{code}* {c.title}{now}{ask} Nothing changes until you say."
    return Message(
        text=clip(text, 2400),
        kind=MessageKind.CONFIRM,
        options=_outcomes_first(code, outcome, keep="Leave it as it is"),
        criterion=code,
        area=c.area,
    )


def overwrite_question(standard: Standard, code: str, current: AnswerRecord, outcome: Outcome) -> Message:
    """A colleague gave this answer: say who and when, and ask before changing it."""
    assert current.outcome is not None
    c = standard.criterion(code)
    text = (
        f"*{code}* {c.title} was answered *{current.outcome.label}* by {who(current)} on {day(current.answered_at)}. "
        f"Change it to *{outcome.label}*? They will see the change in the history."
    )
    options = (
        Option(
            label=clip(f"Yes, change to {outcome.label.lower()}", 75),
            value=f"answer:{code}:{outcome.value}",
            style="primary",
        ),
        Option(label=clip(f"Keep {current.outcome.label.lower()}", 75), value="keep"),
    )
    return Message(text=clip(text, 2400), kind=MessageKind.CONFIRM, options=options, criterion=code, area=c.area)


def still_waiting(standard: Standard, pending) -> Message:
    """After a side trip ("status", "why?"): the reading shown back is still waiting for its yes."""
    code, outcome = pending.code, pending.outcome
    c = standard.criterion(code)
    reading = f" as *{outcome.label}*" if outcome else ""
    said = f" {quote(pending.words, 120)}" if pending.words else ""
    text = f"Still waiting for your word on *{code}* {c.title}: record{said}{reading}? The answer is saved only when you say."
    return Message(text=clip(text, 2400), kind=MessageKind.CONFIRM, options=_outcomes_first(code, outcome),
                   criterion=code, area=c.area)


def reading_dropped(code: str, outcome: Outcome | None) -> Message:
    """A reading that waited for a yes was left for something else: say it was not saved."""
    what = f" (*{outcome.label}*)" if outcome else ""
    return Message(text=f"Nothing was recorded for *{code}*{what}: it was waiting for your yes.", kind=MessageKind.INFO,
                   criterion=code)


def pleasantry(asking: bool) -> Message:
    """A reply to small talk: nothing recorded, and where things stand."""
    text = "👍 Here's where we were:" if asking else "👍 Nothing to record there. Say `continue` when you're ready."
    return Message(text=text, kind=MessageKind.INFO)


def kept_as_it_was(code: str | None) -> Message:
    what = f"*{code}* stays" if code else "It stays"
    return Message(text=f"OK, {what} as it was. Nothing changed.", kind=MessageKind.INFO)


def nothing_recorded() -> Message:
    return Message(text="OK, nothing recorded.", kind=MessageKind.INFO)


def offer_declined() -> Message:
    return Message(text="OK, let's carry on where we were.", kind=MessageKind.INFO)


def links_saved(code: str, urls: list[str]) -> Message:
    shown = ", ".join(escape(u) for u in urls[:3])
    more = f" and {len(urls) - 3} more" if len(urls) > 3 else ""
    noun = "link" if len(urls) == 1 else "links"
    return Message(
        text=f"📎 Saved your {noun} as evidence for *{code}*: {shown}{more}", kind=MessageKind.INFO, criterion=code
    )


def evidence_saved(code: str, url: str, note: str | None, count: int) -> Message:
    shown = f" ({escape(note)})" if note else ""
    total = f" ({count} links for {code} now; *remove evidence {code} N* takes one away)" if count > 1 else ""
    return Message(
        text=f"📎 Evidence saved for *{code}*: {escape(url)}{shown}{total}", kind=MessageKind.INFO, criterion=code
    )


def evidence_list(code: str, links: list[EvidenceLink], *, removing: bool = False) -> Message:
    if not links:
        return Message(text=f"*{code}* has no evidence links yet.", kind=MessageKind.INFO, criterion=code)
    lines = [f"*Evidence for {code}:*"]
    lines += [
        f"{i}. {escape(e.url)}" + (f" ({escape(clip(e.note, 80))})" if e.note else "") for i, e in enumerate(links, 1)
    ]
    if removing:
        lines.append(f"Say *remove evidence {code} N* with the number of the link to remove.")
    return Message(text=join_within(lines, MAX_TEXT), kind=MessageKind.INFO, criterion=code)


def evidence_removed(code: str, url: str, left: int) -> Message:
    return Message(
        text=f"Removed {escape(url)} from the evidence for *{code}* ({left} left).",
        kind=MessageKind.INFO,
        criterion=code,
    )


def evidence_which() -> Message:
    return Message(
        text="Which criterion is it for? For example: *evidence DM2 https://… adopted 2021*.", kind=MessageKind.ERROR
    )


def evidence_ask(standard: Standard, code: str) -> Message:
    return Message(
        text=f"Send a link for *{code}* ({standard.criterion(code).title}), optionally followed by a short "
        "note, e.g. “https://city.gov/data-policy.pdf adopted by council in 2021”. Or *cancel*.",
        kind=MessageKind.QUESTION,
        criterion=code,
        options=(Option(label="Cancel", value="continue"),),
    )


def evidence_give_up(code: str) -> Message:
    return Message(
        text="I need a web link starting with https:// to store as evidence. Let's go on; "
        f"say *evidence {code}* when you have one.",
        kind=MessageKind.HELP,
    )


def evidence_not_a_link(said: str, code: str) -> Message:
    return Message(
        text=f"That doesn't look like a link: {said}. Paste one starting with https://, or say *cancel*.",
        kind=MessageKind.ERROR,
        criterion=code,
    )


def evidence_must_be_link(code: str) -> Message:
    return Message(text=f"Not saved as evidence for *{code}*: {URL_HELP}.", kind=MessageKind.ERROR, criterion=code)


def links_refused(code: str, urls: list[str]) -> Message:
    """Links found in an answer that no surface accepts as evidence (the same rule everywhere)."""
    shown = ", ".join(escape(clip(u, 80)) for u in urls[:3])
    return Message(text=f"Not saved as evidence for *{code}*: {shown}. {URL_HELP}.", kind=MessageKind.INFO,
                   criterion=code)


def no_evidence_added() -> Message:
    return Message(text="OK, no evidence added.", kind=MessageKind.INFO)


def no_question_waiting() -> Message:
    return Message(text="There is no question waiting for an answer right now.", kind=MessageKind.INFO)


def cannot_answer() -> Message:
    return Message(
        text="I can't answer that one. Try “what's next for open data?”, “how do we get to gold?”, "
        "“what is DM2?”, or type *help*.",
        kind=MessageKind.ANSWER,
        options=(Option(label="Back to the questions", value="continue"),),
    )


def knowledge_answer(standard: Standard, text: str, start_area: str | None) -> Message:
    options = []
    if start_area:
        name = standard.area(start_area).name
        options.append(Option(label=clip(f"Answer {name} now", 75), value=f"area:{start_area}"))
        text += f"\nShall we answer *{name}* now? (yes / no)"
    options.append(Option(label="Back to the questions", value="continue"))
    return Message(text=clip(text, MAX_TEXT), kind=MessageKind.ANSWER, options=tuple(options), area=start_area)


def all_answered(result: ScoreReport, *, quiet: bool) -> Message:
    text = f"All {result.total} criteria are answered. {score_line(result)}."
    if not quiet:
        text += " Say *report*, *roadmap*, *review OD* or *change DM2*."
    return Message(
        text=text,
        kind=MessageKind.INFO,
        options=(Option(label="Report", value="report"), Option(label="Roadmap", value="roadmap")),
    )


def gate_help() -> Message:
    return Message(text="Pick one of the options below, or *Not yet* if none applies.", kind=MessageKind.HELP)


def gate_not_understood(said: str, gate: OutcomeGate) -> Message:
    return Message(
        text=f"Sorry, I couldn't use {said}. Pick one of these, or *Not yet*.",
        kind=MessageKind.ERROR,
        options=gate_question(gate).options,
    )


def confirm_gate(gate: OutcomeGate, choice: str, cues: tuple[str, ...]) -> Message:
    label = gate_label(gate, choice)
    why = f" ({'; '.join(cues[:2])})" if cues else ""
    if choice == "none":
        text = f"*{gate.title}*: I read that as *Not yet shown*{why}. Record it? Nothing is saved until you say."
    else:
        text = (
            f"*{gate.title}*: I read that as *shown: {escape(label)}*{why}. Record it? "
            "Only record it if the city can show it meets an internationally recognized standard on it."
        )
    first = Option(
        label=clip(f"Yes, {label.lower()}" if choice != "none" else "Yes, not yet", 75),
        value=f"gate:{choice}",
        style="primary",
    )
    rest = tuple(o for o in gate_question(gate).options if o.value != first.value)
    return Message(text=clip(text, 2400), kind=MessageKind.CONFIRM, options=(first, *rest))


def gate_recorded(gate: OutcomeGate, choice: str, words: str | None) -> Message:
    said = f" (your words: {quote(words, 160)})" if words else ""
    return Message(text=f"✓ *{gate.title}*: *{escape(gate_label(gate, choice))}*{said}", kind=MessageKind.ANSWERED)


def no_outcome_requirement() -> Message:
    return Message(text="This standard has no outcome requirement.", kind=MessageKind.INFO)


def option_not_available() -> Message:
    return Message(text="That option is not available.", kind=MessageKind.ERROR)


def only_one_left(code: str) -> str:
    return f"{code} is the only question left. Answer *Not sure* if nobody knows yet; you can change it later."


def skipped(code: str) -> Message:
    return Message(text=f"Skipped {code}; I'll ask it again at the end.", kind=MessageKind.INFO)


def nothing_to_go_back_to() -> Message:
    return Message(text="There is no earlier question to go back to.", kind=MessageKind.INFO)


def welcome_back_short() -> Message:
    return Message(text="Welcome back!", kind=MessageKind.INFO)


def nothing_to_cancel() -> Message:
    return Message(text="Nothing to cancel.", kind=MessageKind.INFO)


def paused(answered: int, total: int) -> Message:
    return Message(
        text=f"Paused. Everything is saved ({answered} of {total} answered). "
        "Say *continue* whenever you're ready, today or next week.",
        kind=MessageKind.INFO,
        options=(Option(label="Continue", value="continue"),),
    )


def unknown_area(said: str, hint: str) -> Message:
    return Message(text=f"I don't know the area {said}. {hint}", kind=MessageKind.ERROR)


def history_which() -> Message:
    return Message(text="Whose history? Say e.g. *history DM2*.", kind=MessageKind.ERROR)


def option_gone() -> Message:
    return Message(
        text="That option isn't available any more, so nothing changed. Say *continue* to carry on.",
        kind=MessageKind.INFO,
        options=(Option(label="Continue", value="continue"),),
    )


# ------------------------------------------------------------------ truth helpers (self-assessment wording)

SELF_ASSESSMENT_NOTE = (
    "This is a self-assessment, not the official Certification report; Results for America reviews "
    "applications and decides certification."
)


def readiness_line(standard: Standard, result: ScoreReport) -> str:
    """Whether the city meets every published requirement of its points level, said as a self-assessment."""
    return readiness(standard, result).headline


def what_counts_text(standard: Standard, code: str) -> str:
    """The "what counts" bullets of ``code`` with the reading note under them (for ``why`` and any other view)."""
    c = standard.criterion(code)
    return f"{bullets(list(c.what_counts))}\nNote: {standard.reading_note}"


def eligibility_text(city: City) -> str:
    """What registration says about eligibility: the note when the city cannot apply, else the rule."""
    note = eligibility_note(city)
    if note:
        return note
    if city.in_americas is None:
        return (
            f"WWC Certification is open to cities of {MIN_ELIGIBLE_POPULATION:,}+ residents in North, Central and "
            f"South America; I could not tell where {escape(city.region or city.name)} is, so check that it qualifies."
        )
    people = f"{city.population:,} residents" if city.population is not None else "its population"
    return (
        f"With {people} in the Americas, {escape(city.name)} is eligible to apply for WWC Certification under the "
        f"published rule ({MIN_ELIGIBLE_POPULATION:,}+ residents in North, Central and South America)."
    )


def suggested_prompts(has_city: bool) -> tuple[tuple[str, str], ...]:
    """Prompts offered in Slack's agent surface (the Messages tab): (what the button says, what pressing it sends).

    At most four (Slack's limit); each sends words the conversation already understands.
    """
    if has_city:
        return (
            ("Where do we stand?", "Where do we stand?"),
            ("Continue the assessment", "continue"),
            ("What's next for open data?", "What's next for open data?"),
            ("How do we get to Gold?", "How do we get to Gold?"),
        )
    return (
        ("Start my city's assessment", "hello"),
        ("How do we get to Gold?", "How do we get to Gold?"),
        ("What's next for open data?", "What's next for open data?"),
    )


THINKING = "is looking that up…"
