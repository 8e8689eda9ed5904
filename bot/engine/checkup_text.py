"""The annual checkup's tally and messages: pure functions from models to ``Message``.

A checkup answer is *confirmed* when it is the same as last year's, *changed*
when it differs, and *new* when nobody answered that criterion last year;
all three are derived from the two years' answers, never stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wwc_i18n import _, ngettext
from wwc_rules import Outcome, OutcomeGate, Standard

from ..store import AnswerRecord, City
from . import render
from .messages import Message, MessageKind, Option
from .text import clip, escape, join_within


def start_option() -> Option:
    """The button that starts this year's checkup (its label in the language in force)."""
    return Option(label=_("Start the checkup"), value="checkup:start", style="primary")


def later_option() -> Option:
    return Option(label=_("Remind me later"), value="checkup:later")


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
        parts = [
            # i18n: an item of a checkup's tally ("30 still true, 2 changed, 1 new, 10 to go"): answers confirmed
            ngettext("{n} still true", "{n} still true", len(self.confirmed)),
            # i18n: an item of a checkup's tally ("30 still true, 2 changed, 1 new, 10 to go"): answers changed
            ngettext("{n} changed", "{n} changed", len(self.changed)),
        ]
        if self.new:
            # i18n: an item of a checkup's tally ("30 still true, 2 changed, 1 new, 10 to go"): criteria answered
            # for the first time this year
            parts.append(ngettext("{n} new", "{n} new", len(self.new)))
        if self.to_go:
            # i18n: an item of a checkup's tally ("30 still true, 2 changed, 1 new, 10 to go"): criteria still to
            # answer
            parts.append(ngettext("{n} to go", "{n} to go", self.to_go))
        return ", ".join(parts)


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
    lines = [note] if note else []
    if last.evidence_url:
        # i18n: {answer} is last year's answer (Met, In progress, ...), given by {who} with an evidence link
        said = _(
            "Last year you answered *{answer}* (by {who}, with evidence {link}). Still true?",
            answer=last.outcome.label,
            who=render.who(last),
            link=escape(last.evidence_url),
        )
    else:
        # i18n: {answer} is last year's answer (Met, In progress, ...), given by {who}
        said = _("Last year you answered *{answer}* (by {who}). Still true?", answer=last.outcome.label,
                 who=render.who(last))
    lines += [
        # i18n: the heading of a checkup question: the criterion's code and practice area, where it sits in the area,
        # the year the checkup starts from and its tally ("30 still true, 2 changed, 11 to go")
        _(
            "*{code} · {area}* ({position} of {count} in this area · checkup from {year}: {tally})",
            code=c.code,
            area=area.name,
            position=position,
            count=len(in_area),
            year=progress.from_year,
            tally=progress.line,
        ),
        f"*{c.title}*",
        c.question,
        said,
    ]
    if evidence:
        lines.append(_("Evidence added this year: {link}", link=escape(evidence)))
    if skipped:
        lines.append(_("You skipped this one earlier."))
    options = [Option(label=_("Still true"), value=f"confirm:{code}", style="primary")]
    options += render.answer_options(code, extras=False)
    if area_rest > 1:
        # i18n: a button that confirms every remaining answer of a practice area ({area})
        label = _("Still true for all of {area}", area=area.name)
        options.append(Option(label=clip(label, 75), value=f"confirm-area:{c.area}"))
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
        # i18n: {answer} is last year's answer (Met, In progress, ...)
        text=_("OK, *{code}* {title} is no longer *{answer}*. What is it now?", code=code, title=c.title,
               answer=last.label),
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
        # i18n: an answer confirmed in the checkup: criterion code and title, the answer, the year it is kept from
        text = _("✓ *{code}* {title}: *{answer}* (still true from {year})", code=code, title=c.title,
                 answer=outcomes[code].label, year=from_year)
        return Message(text=text, kind=MessageKind.ANSWERED, criterion=code, area=c.area)
    area = standard.criterion(codes[0]).area
    listed = ", ".join(f"{code} {outcomes[code].label}" for code in codes)
    # i18n: answers of a practice area confirmed in the checkup: {listed} lists codes and answers ("DM1 Met, DM2 Not yet")
    text = ngettext(
        "✓ Still true from {year} for *{area}*: {listed} ({n} confirmed)",
        "✓ Still true from {year} for *{area}*: {listed} ({n} confirmed)",
        len(codes),
        year=from_year,
        area=standard.area(area).name,
        listed=listed,
    )
    return Message(text=clip(text, render.MAX_TEXT), kind=MessageKind.ANSWERED, area=area)


def confirm_area_question(
    standard: Standard, area: str, codes: list[str], last: Mapping[str, AnswerRecord], unanswered: list[str]
) -> Message:
    """The confirmation step before a whole area carries over."""
    name = standard.area(area).name
    # i18n: {n} is how many answers; {area} a practice area
    lines = [
        ngettext(
            "Confirm that these {n} answers of *{area}* are all still true?",
            "Confirm that these {n} answers of *{area}* are all still true?",
            len(codes),
            area=name,
        )
    ]
    for code in codes:
        record = last[code]
        assert record.outcome is not None
        values = {"code": code, "title": standard.criterion(code).title, "answer": record.outcome.label}
        if record.evidence_url:
            # i18n: last year's answer of a criterion (code, title, answer), which came with an evidence link
            lines.append("• " + _("*{code}* {title}: *{answer}* (with evidence)", **values))
        else:
            lines.append(f"• *{code}* {values['title']}: *{record.outcome.label}*")
    if unanswered:
        lines.append(
            # i18n: {codes} lists the criteria nobody answered last year
            ngettext(
                "Nobody answered {codes} last year; I'll ask it after.",
                "Nobody answered {codes} last year; I'll ask them after.",
                len(unanswered),
                codes=", ".join(unanswered),
            )
        )
    options = (
        Option(label=_("Yes, all still true"), value=f"confirm-area:{area}:yes", style="primary"),
        Option(label=_("No, one at a time"), value="continue"),
    )
    return Message(text=join_within(lines, render.MAX_TEXT), kind=MessageKind.QUESTION, options=options, area=area)


def gate_question(gate: OutcomeGate, last_choice: str, from_year: int) -> Message:
    """The outcome requirement, with last year's choice first as "Still true"."""
    base = render.gate_question(gate)
    label = next((o.label for o in gate.options if o.id == last_choice), None) or _("Not yet")
    # i18n: a button; {option} is the outcome requirement option chosen last year
    kept = Option(label=clip(_("Still true: {option}", option=label), 75), value=f"gate:{last_choice}", style="primary")
    rest = tuple(o for o in base.options if o.value != kept.value)
    # i18n: {option} is the outcome requirement option chosen in {year}
    text = base.text + "\n" + _("In {year} you answered *{option}*. Still true?", year=from_year, option=escape(label))
    return Message(text=clip(text, 2400), kind=MessageKind.QUESTION, options=(kept, *rest))


def summary(progress: Tally, year: int, last: Mapping[str, Outcome], now: Mapping[str, Outcome]) -> Message:
    """The checkup at its end: how many answers were confirmed and what changed."""
    values = {
        "year": year,
        "confirmed": len(progress.confirmed),
        "from_year": progress.from_year,
        "changed": len(progress.changed),
    }
    if progress.new:
        # i18n: the end of a checkup: answers still true from {from_year}, changed, and answered for the first time
        head = _(
            "*Checkup {year} complete:* {confirmed} answers still true from {from_year}, {changed} changed, "
            "{new} answered for the first time.",
            new=len(progress.new),
            **values,
        )
    else:
        # i18n: the end of a checkup: answers still true from {from_year}, and changed
        head = _("*Checkup {year} complete:* {confirmed} answers still true from {from_year}, {changed} changed.",
                 **values)
    lines = [head]
    if progress.changed:
        # i18n: {changes} lists criteria with last year's and this year's answer ("DM2 Met → Not yet")
        changes = ", ".join(f"{c} {last[c].label} → {now[c].label}" for c in progress.changed)
        lines.append(_("Changed: {changes}.", changes=changes))
    return Message(text=join_within(lines, render.MAX_TEXT), kind=MessageKind.SUMMARY)


def started(city: City, year: int, from_year: int, last_score: str) -> Message:
    # i18n: {score} is last year's score line; "Still true" and "Still true for all of an area" name buttons;
    # keep the reply *yes* as a word a person types in your language
    text = _(
        "*Annual checkup {year}* for {city} has started. Your {from_year} assessment stays as it was "
        "({score}).\nFor each criterion I'll show last year's answer: press *Still true* (or say *yes*) or pick "
        "what it is now. *Still true for all of an area* confirms a whole area at once.",
        year=year,
        city=escape(city.label),
        from_year=from_year,
        score=last_score,
    )
    return Message(text=text, kind=MessageKind.INFO)


def offer(year: int, now_year: int, *, lead: bool, leads: str) -> Message:
    """A completed assessment of an earlier year: time for the checkup (only the lead starts it)."""
    # i18n: {year} is the year of the completed assessment, {now_year} this year
    head = _(
        "Your {year} assessment is complete and kept as the record of {year}. It's {now_year}: time for the annual "
        "checkup.",
        year=year,
        now_year=now_year,
    )
    if lead:
        text = head + " " + _("It starts from last year's answers: confirm what's still true, change what isn't.")
        options: tuple[Option, ...] = (start_option(), Option(label=_("Report"), value="report"))
    else:
        # i18n: {leads} names the city's lead (one or more people)
        text = head + " " + _("Ask {leads} (your city's lead) to start it; then you can confirm or update answers.",
                              leads=leads)
        options = (Option(label=_("Report"), value="report"),)
    return Message(text=text, kind=MessageKind.INFO, options=options)


def read_only(year: int, now_year: int, *, lead: bool, leads: str) -> Message:
    """Refusing to change a completed assessment of an earlier year."""
    if lead:
        # i18n: {year} is the year of the completed assessment, {now_year} this year; keep the command *checkup*
        text = _(
            "The {year} assessment is complete and kept as the record of {year}, so its answers can't be changed any "
            "more. Changes go into the {now_year} checkup, which starts from these answers: say *checkup* to start it.",
            year=year,
            now_year=now_year,
        )
        return Message(text=text, kind=MessageKind.ERROR, options=(start_option(),))
    # i18n: {year} is the year of the completed assessment, {now_year} this year; {leads} names the city's lead
    text = _(
        "The {year} assessment is complete and kept as the record of {year}, so its answers can't be changed any "
        "more. Changes go into the {now_year} checkup, which starts from these answers: ask {leads} (your city's "
        "lead) to start it.",
        year=year,
        now_year=now_year,
        leads=leads,
    )
    return Message(text=text, kind=MessageKind.ERROR)


def reminder(city: City, year: int, attempt: int, of: int, recipient: str) -> Message:
    """The lead's reminder that a year has passed since the last completed checkup."""
    # i18n: the yearly reminder to the city's lead; {year} is the year of the completed assessment
    body = _(
        "A year has passed since {city} completed its {year} WWC Certification assessment. "
        "Time for the annual checkup: I'll show each of last year's answers and you confirm what's still true "
        "(one click per criterion, or one per practice area) or change what isn't.",
        city=escape(city.label),
        year=year,
    )
    if attempt > 1:
        # i18n: a repeated reminder: {attempt} of {total} reminders; {reminder} is the reminder's text
        body = _("Reminder {attempt} of {total}: {reminder}", attempt=attempt, total=of, reminder=body)
    return Message(text="📅 " + body, kind=MessageKind.NOTICE, recipient=recipient, options=(start_option(), later_option()))
