"""The annual checkup's tally and messages: pure functions from models to ``Message``.

A checkup answer is *confirmed* when it is the same as last year's, *changed*
when it differs, and *new* when nobody answered that criterion last year;
all three are derived from the two years' answers, never stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wwc_rules import Change, Outcome, OutcomeGate, Standard

from ..store import AnswerRecord, City
from . import render
from .messages import Message, MessageKind, Option
from .text import clip, escape, join_within

START = Option(label="Start the checkup", value="checkup:start", style="primary")
LATER = Option(label="Remind me later", value="checkup:later")


@dataclass(frozen=True)
class Tally:
    """How far a checkup is: criteria confirmed, changed, new this year, and still to answer."""

    from_year: int
    confirmed: tuple[str, ...]
    changed: tuple[str, ...]
    new: tuple[str, ...]
    to_go: int

    @property
    def line(self) -> str:
        parts = [f"{len(self.confirmed)} still true", f"{len(self.changed)} changed"]
        if self.new:
            parts.append(f"{len(self.new)} new")
        return ", ".join(parts) + (f", {self.to_go} to go" if self.to_go else "")


def tally(standard: Standard, last: Mapping[str, Outcome], now: Mapping[str, Outcome], from_year: int) -> Tally:
    """Compare this year's answers with last year's, in the standard's order."""
    codes = [c.code for c in standard.criteria]
    answered = [c for c in codes if c in now]
    return Tally(
        from_year=from_year,
        confirmed=tuple(c for c in answered if last.get(c) is now[c]),
        changed=tuple(c for c in answered if c in last and last[c] is not now[c]),
        new=tuple(c for c in answered if c not in last),
        to_go=len(codes) - len(answered),
    )


def question(
    standard: Standard,
    code: str,
    last: AnswerRecord,
    progress: Tally,
    *,
    area_rest: int,
    evidence: str | None = None,
    skipped: bool = False,
    back: bool = False,
    note: str | None = None,
) -> Message:
    """ "Last year you answered *Met* (by Ana, with evidence ...). Still true?" with the ways to answer."""
    assert last.outcome is not None
    c = standard.criterion(code)
    area = standard.area(c.area)
    in_area = standard.criteria_in(c.area)
    position = [x.code for x in in_area].index(code) + 1
    source = [f"by {render.who(last)}"]
    if last.evidence_url:
        source.append(f"with evidence {escape(last.evidence_url)}")
    lines = [note] if note else []
    where = f"{position} of {len(in_area)} in this area · checkup from {progress.from_year}: {progress.line}"
    lines += [
        f"*{c.code} · {area.name}* ({where})",
        f"*{c.title}*",
        c.question,
        f"Last year you answered *{last.outcome.label}* ({', '.join(source)}). Still true?",
    ]
    if evidence:
        lines.append(f"Evidence added this year: {escape(evidence)}")
    if skipped:
        lines.append("You skipped this one earlier.")
    options = [Option(label="Still true", value=f"confirm:{code}", style="primary")]
    options += render.answer_options(code, extras=False)
    if area_rest > 1:
        options.append(Option(label=clip(f"Still true for all of {area.name}", 75), value=f"confirm-area:{c.area}"))
    options += render.question_extras(code, back=back)
    return Message(
        text=clip("\n".join(lines), 2400),
        kind=MessageKind.QUESTION,
        options=tuple(options),
        criterion=code,
        area=c.area,
    )


def what_now(standard: Standard, code: str, last: Outcome, *, back: bool) -> Message:
    """After "no, it changed": which answer is it now?"""
    c = standard.criterion(code)
    return Message(
        text=f"OK, *{code}* {c.title} is no longer *{last.label}*. What is it now?",
        kind=MessageKind.QUESTION,
        options=render.answer_options(code, back=back),
        criterion=code,
        area=c.area,
    )


def confirmed(standard: Standard, codes: list[str], outcomes: Mapping[str, Outcome], from_year: int) -> Message:
    """The answers that carried over, as one confirmation (it replaces the question in Slack)."""
    if len(codes) == 1:
        code = codes[0]
        c = standard.criterion(code)
        text = f"✓ *{code}* {c.title}: *{outcomes[code].label}* (still true from {from_year})"
        return Message(text=text, kind=MessageKind.ANSWERED, criterion=code, area=c.area)
    area = standard.criterion(codes[0]).area
    listed = ", ".join(f"{code} {outcomes[code].label}" for code in codes)
    text = f"✓ Still true from {from_year} for *{standard.area(area).name}*: {listed} ({len(codes)} confirmed)"
    return Message(text=clip(text, render.MAX_TEXT), kind=MessageKind.ANSWERED, area=area)


def confirm_area_question(
    standard: Standard, area: str, codes: list[str], last: Mapping[str, AnswerRecord], unanswered: list[str]
) -> Message:
    """The confirmation step before a whole area carries over."""
    name = standard.area(area).name
    lines = [f"Confirm that these {len(codes)} answers of *{name}* are all still true?"]
    for code in codes:
        record = last[code]
        assert record.outcome is not None
        evidence = " (with evidence)" if record.evidence_url else ""
        lines.append(f"• *{code}* {standard.criterion(code).title}: *{record.outcome.label}*{evidence}")
    if unanswered:
        lines.append(
            f"Nobody answered {', '.join(unanswered)} last year; I'll ask {'it' if len(unanswered) == 1 else 'them'} after."
        )
    options = (
        Option(label="Yes, all still true", value=f"confirm-area:{area}:yes", style="primary"),
        Option(label="No, one at a time", value="continue"),
    )
    return Message(text=join_within(lines, render.MAX_TEXT), kind=MessageKind.QUESTION, options=options, area=area)


def gate_question(gate: OutcomeGate, last_choice: str, from_year: int) -> Message:
    """The outcome requirement, with last year's choice first as "Still true"."""
    base = render.gate_question(gate)
    label = next((o.label for o in gate.options if o.id == last_choice), "Not yet")
    kept = Option(label=clip(f"Still true: {label}", 75), value=f"gate:{last_choice}", style="primary")
    rest = tuple(o for o in base.options if o.value != kept.value)
    text = f"{base.text}\nIn {from_year} you answered *{escape(label)}*. Still true?"
    return Message(text=clip(text, 2400), kind=MessageKind.QUESTION, options=(kept, *rest))


def change_line(standard: Standard, change: Change, from_year: int) -> str:
    """E.g. "*Since 2026:* Silver → Gold · 25 → 30 of 43 met (+5) · gained OD1, OD2 · lost DM2"."""
    before = change.level_before.name if change.level_before else "no level"
    now = change.level_now.name if change.level_now else "no level"
    level = f"{before} → {now}" if before != now else f"still {now}"
    total = len(standard.criteria)
    parts = [
        f"*Since {from_year}:* {level}",
        f"{change.points_before} → {change.points_now} of {total} met ({change.points_delta:+d})",
    ]
    parts.append("gained " + (", ".join(change.gained) if change.gained else "none"))
    parts.append("lost " + (", ".join(change.lost) if change.lost else "none"))
    return " · ".join(parts)


def summary(progress: Tally, year: int, last: Mapping[str, Outcome], now: Mapping[str, Outcome]) -> Message:
    """The checkup at its end: how many answers were confirmed and what changed."""
    lines = [
        f"*Checkup {year} complete:* {len(progress.confirmed)} answers still true from {progress.from_year}, "
        f"{len(progress.changed)} changed"
        + (f", {len(progress.new)} answered for the first time" if progress.new else "")
        + "."
    ]
    if progress.changed:
        lines.append("Changed: " + ", ".join(f"{c} {last[c].label} → {now[c].label}" for c in progress.changed) + ".")
    return Message(text=join_within(lines, render.MAX_TEXT), kind=MessageKind.SUMMARY)


def started(city: City, year: int, from_year: int, last_score: str) -> Message:
    text = (
        f"*Annual checkup {year}* for {escape(city.label)} has started. Your {from_year} assessment stays as it was "
        f"({last_score}).\nFor each criterion I'll show last year's answer: press *Still true* (or say *yes*) or pick "
        f"what it is now. *Still true for all of an area* confirms a whole area at once."
    )
    return Message(text=text, kind=MessageKind.INFO)


def offer(year: int, now_year: int, *, lead: bool, leads: str) -> Message:
    """A completed assessment of an earlier year: time for the checkup (only the lead starts it)."""
    head = f"Your {year} assessment is complete and kept as the record of {year}. It's {now_year}: time for the annual checkup."
    if lead:
        text = head + " It starts from last year's answers: confirm what's still true, change what isn't."
        options: tuple[Option, ...] = (START, Option(label="Report", value="report"))
    else:
        text = head + f" Ask {leads} (your city's lead) to start it; then you can confirm or update answers."
        options = (Option(label="Report", value="report"),)
    return Message(text=text, kind=MessageKind.INFO, options=options)


def read_only(year: int, now_year: int, *, lead: bool, leads: str) -> Message:
    """Refusing to change a completed assessment of an earlier year."""
    text = (
        f"The {year} assessment is complete and kept as the record of {year}, so its answers can't be changed any more. "
        f"Changes go into the {now_year} checkup, which starts from these answers: "
    )
    if lead:
        return Message(text=text + "say *checkup* to start it.", kind=MessageKind.ERROR, options=(START,))
    return Message(text=text + f"ask {leads} (your city's lead) to start it.", kind=MessageKind.ERROR)


def reminder(city: City, year: int, attempt: int, of: int, recipient: str) -> Message:
    """The lead's reminder that a year has passed since the last completed checkup."""
    head = f"Reminder {attempt} of {of}: " if attempt > 1 else ""
    text = (
        f"📅 {head}A year has passed since {escape(city.label)} completed its {year} WWC Certification assessment. "
        "Time for the annual checkup: I'll show each of last year's answers and you confirm what's still true "
        "(one click per criterion, or one per practice area) or change what isn't."
    )
    return Message(text=text, kind=MessageKind.NOTICE, recipient=recipient, options=(START, LATER))
