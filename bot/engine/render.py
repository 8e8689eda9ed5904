"""Message builders: pure functions from models to ``Message``.

Everything a user typed or named (cities, display names, notes, links) is
escaped here before it is quoted back. Texts stay short: a question well
under 2,500 characters, a report section under ``MAX_TEXT``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache

from babel.dates import format_date

from reading import Reading
from wwc_i18n import LOCALES, N_, _, current, ngettext, number
from wwc_rules import Outcome, OutcomeGate, ScoreReport, Standard, readiness

from ..store import MIN_ELIGIBLE_POPULATION, AnswerRecord, City, EvidenceLink, HistoryEntry
from .advice import RoadmapItem
from .evidence import URL_HELP
from .messages import Message, MessageKind, Option
from .text import bullets, clip, escape, join_within, quote

MAX_TEXT = 2900  # Slack allows 3,000 characters in a section

ANSWER_LABELS = {  # English; shown through the catalog with ``_(ANSWER_LABELS[o])``
    Outcome.MET: N_("Met"),
    Outcome.IN_PROGRESS: N_("In progress"),
    Outcome.NOT_YET: N_("Not yet"),
    Outcome.NOT_SURE: N_("Not sure"),
}
# i18n: the four answers are the button labels (Met, In progress, Not yet, Not sure); the quoted examples are
# things a person may type, so give examples in your language.
ANSWER_HINT = N_(
    "Reply *Met*, *In progress*, *Not yet* or *Not sure* (your own words work too: “yes, since 2021”, “partly”, “no idea”)."
)


def day(when: datetime | None) -> str:
    """A short date (``2 Mar 2026``) the way the language in force writes it."""
    return format_date(when, "d MMM y", locale=LOCALES[current()]) if when else "?"


def who(record: AnswerRecord) -> str:
    # i18n: who answered, when the name is unknown
    return escape(record.answered_by_name or record.answered_by or _("someone"))


def answer_options(code: str, *, back: bool = False, extras: bool = True) -> tuple[Option, ...]:
    return _answer_options(code, back, extras, current())


def question_extras(code: str, *, back: bool = False) -> tuple[Option, ...]:
    """The controls every criterion question carries after its answers: why, evidence, skip (and back)."""
    return _question_extras(code, back, current())


@lru_cache(maxsize=1024)  # options are immutable; every question carries them (one set per language)
def _answer_options(code: str, back: bool, extras: bool, lang: str) -> tuple[Option, ...]:
    options = (
        Option(label=Outcome.MET.label, value=f"answer:{code}:met", style="primary"),
        Option(label=Outcome.IN_PROGRESS.label, value=f"answer:{code}:in_progress"),
        Option(label=Outcome.NOT_YET.label, value=f"answer:{code}:not_yet"),
        Option(label=Outcome.NOT_SURE.label, value=f"answer:{code}:not_sure"),
    )
    return options + _question_extras(code, back, lang) if extras else options


@lru_cache(maxsize=1024)
def _question_extras(code: str, back: bool, lang: str) -> tuple[Option, ...]:
    extras = (
        Option(label=_("Why it matters"), value=f"why:{code}"),
        Option(label=_("Add evidence"), value=f"evidence:{code}"),
        Option(label=_("Skip"), value=f"skip:{code}"),
    )
    return extras + (Option(label=_("Back"), value="back"),) if back else extras


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
        # i18n: the heading of a criterion question: its code, its practice area, where it sits in the area and
        # how many of all the criteria are answered
        _(
            "*{code} · {area}* ({position} of {count} in this area · {answered} of {total} answered)",
            code=c.code,
            area=area.name,
            position=position,
            count=len(in_area),
            answered=len(answers),
            total=len(standard.criteria),
        ),
        f"*{c.title}*",
        c.question,
    ]
    if current and current.outcome:
        lines.append(
            # i18n: {answer} is an answer (Met, In progress, ...); {who} a person's name; {date} a short date
            _(
                "Current answer: *{answer}*, by {who} on {date}.",
                answer=current.outcome.label,
                who=who(current),
                date=day(current.answered_at),
            )
        )
        if current.words:
            # i18n: {words} is what the person typed, in quotes
            lines.append(_("In their words: {words}", words=quote(current.words, 200)))
    if current and current.evidence_url:
        lines.append(_("Evidence: {link}", link=escape(current.evidence_url)))
    if skipped:
        lines.append(_("You skipped this one earlier."))
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
        # i18n: a recorded answer: criterion code, title and the answer (Met, In progress, ...)
        text = _("✓ *{code}* {title}: *{answer}* (already recorded)", code=code, title=c.title, answer=outcome.label)
    elif previous is not None:
        # i18n: a changed answer: {previous} is the answer it had before (Met, In progress, ...)
        text = _(
            "✓ *{code}* {title}: *{answer}* (was {previous})",
            code=code,
            title=c.title,
            answer=outcome.label,
            previous=previous.label,
        )
    else:
        tail = f" ({since})" if since else ""
        text = f"✓ *{code}* {c.title}: *{outcome.label}*{tail}"
    return Message(text=text, kind=MessageKind.ANSWERED, criterion=code, area=c.area)


def why(standard: Standard, code: str, *, ask: bool) -> Message:
    c = standard.criterion(code)
    # i18n: a criterion explained: {why} is a sentence, {what_counts} and {evidence} are bulleted lists
    text = _(
        "*{code} · {title}*\n*Why it matters:* {why}\n*What counts:*\n{what_counts}\n*Evidence to keep:*\n{evidence}",
        code=c.code,
        title=c.title,
        why=c.why,
        what_counts=what_counts_text(standard, code),
        evidence=bullets(list(c.evidence)),
    )
    options = answer_options(code, extras=False) if ask else ()
    return Message(text=clip(text, MAX_TEXT), kind=MessageKind.HELP, options=options, criterion=code, area=c.area)


def area_summary(standard: Standard, area_code: str, answers: Mapping[str, Outcome], *, heading: str) -> Message:
    area = standard.area(area_code)
    codes = [c.code for c in standard.criteria_in(area_code)]
    counts = {o: sum(1 for x in codes if answers.get(x) is o) for o in Outcome}
    parts = [f"{counts[o]} {o.label.lower()}" for o in Outcome if counts[o] and o is not Outcome.MET]
    open_ = len([x for x in codes if x not in answers])
    # i18n: {heading} is e.g. "Area complete"; {area} a practice area; then how many of its criteria are met
    line = _(
        "*{heading}: {area}*: {met} of {total} met",
        heading=heading,
        area=area.name,
        met=counts[Outcome.MET],
        total=len(codes),
    )
    if parts:
        line += " · " + ", ".join(parts)
    if open_:
        # i18n: one item of an area's tally: how many criteria are not answered
        line += " · " + ngettext("{n} not answered", "{n} not answered", open_)
    gaps = [x for x in codes if answers.get(x) in (Outcome.IN_PROGRESS, Outcome.NOT_YET)]
    if gaps:
        # i18n: {codes} is a list of criterion codes; the command *review {area}* may be given in your language if the chat understands it there
        line += "\n" + _(
            "Gaps to work on: {codes}. Say *review {area}* to see who answered what.",
            codes=", ".join(gaps),
            area=area_code,
        )
    return Message(text=line, kind=MessageKind.SUMMARY, area=area_code)


def gate_question(gate: OutcomeGate, *, current: str | None = None, words: str | None = None) -> Message:
    """The outcome requirement as a question; ``current`` (an option id or "none") when it is answered again."""
    options = [Option(label=clip(o.label, 75), value=f"gate:{o.id}") for o in gate.options]
    options.append(Option(label=_("Not yet"), value="gate:none"))
    if current is None:
        # i18n: the outcome requirement asked after the last criterion: its title, its question and why it matters
        text = _(
            "*All criteria answered. Last one: {title}*\n{question}\nWhy: {why}",
            title=gate.title,
            question=gate.question,
            why=gate.why,
        )
    elif words:
        # i18n: the outcome requirement asked again: {answer} is the option chosen before; {words} what they typed
        text = _(
            "*{title}*\n{question}\nYour answer now: *{answer}* (in your words: {words}). Pick the one that is true today.",
            title=gate.title,
            question=gate.question,
            answer=gate_label(gate, current),
            words=quote(words, 200),
        )
    else:
        # i18n: the outcome requirement asked again: {answer} is the option chosen before
        text = _(
            "*{title}*\n{question}\nYour answer now: *{answer}*. Pick the one that is true today.",
            title=gate.title,
            question=gate.question,
            answer=gate_label(gate, current),
        )
    return Message(text=clip(text, 2400), kind=MessageKind.QUESTION, options=tuple(options))


def gate_label(gate: OutcomeGate, choice: str | None) -> str:
    if choice in (None, "none"):
        return _("Not yet")
    return next((o.label for o in gate.options if o.id == choice), None) or _("Not yet")


def score_line(report: ScoreReport) -> str:
    """The level on points, the count, and whether the published requirements of any level are met."""
    # i18n: the score: criteria met of all criteria, and the percentage
    base = _(
        "{points} of {total} criteria met ({percent}%)",
        points=report.points,
        total=report.total,
        percent=report.percent,
    )
    if not report.level:
        # i18n: no certification level reached on points (the items of a status line are separated by " · ")
        return _("*No level yet* (on points)") + " · " + base
    # i18n: {level} is a certification level (Silver, Gold, ...) reached on points
    line = _("*Level: {level}* (on points)", level=report.level.name) + " · " + base
    if report.ready:
        return line + " · " + _("meets the published thresholds, pending review by Results for America")
    missing = []
    if report.core.unmet:
        # i18n: {codes} is a list of criterion codes (core standards)
        missing.append(_("core standards {codes} not met", codes=", ".join(report.core.unmet)))
    if report.gate.required and not report.gate.passed:
        missing.append(_("outcome requirement not shown"))
    # i18n: {missing} lists what is missing, separated by semicolons
    return line + " · " + _("not ready for review at any level: {missing}", missing="; ".join(missing))


def distance_line(report: ScoreReport) -> str:
    if report.next_level is None:
        if report.core.unmet:
            # i18n: {codes} is a list of criterion codes (the core standards not met)
            return _(
                "*Top level on points.* No level counts until the core standards are met: {codes}.",
                codes=", ".join(report.core.unmet),
            )
        if report.gate.required and not report.gate.passed:
            return _("*Top level on points.* No level counts until the outcome requirement is shown.")
        return _("You are at the top level on points.")
    path = ", ".join(f"{s.code} ({report.answer_label(s.code).lower()})" for s in report.path_to_next[:6])
    rest = len(report.path_to_next) - 6
    if rest > 0:
        # i18n: {codes} is a list of criteria (code and answer); {count} how many more are not listed
        path = _("{codes} and {count} more", codes=path, count=rest)
    values = {"level": report.next_level.name, "percent": report.next_level.min_percent, "path": path}
    if report.core.unmet:
        # i18n: {level} is the next certification level and {percent} its threshold; {n} how many more criteria
        # must be met; {path} lists criteria (code and answer)
        return ngettext(
            "*Next level: {level}* ({percent}%): {n} more criteria to meet. Quickest path (core standards first): {path}.",
            "*Next level: {level}* ({percent}%): {n} more criteria to meet. Quickest path (core standards first): {path}.",
            report.needed_for_next,
            **values,
        )
    # i18n: {level} is the next certification level and {percent} its threshold; {n} how many more criteria must
    # be met; {path} lists criteria (code and answer)
    return ngettext(
        "*Next level: {level}* ({percent}%): {n} more criteria to meet. Quickest path: {path}.",
        "*Next level: {level}* ({percent}%): {n} more criteria to meet. Quickest path: {path}.",
        report.needed_for_next,
        **values,
    )


def eligibility_note(city: City) -> str | None:
    """A note when the city cannot apply: outside the Americas, or below the population floor."""
    if city.in_americas is False:
        # i18n: {minimum} is the minimum population; {city} the city's name
        return _(
            "Note: What Works Cities Certification is open only to cities in North, Central and South America "
            "(with {minimum}+ residents), so it is not open to {city}. You can still "
            "use this assistant as a self-assessment and learning tool; it is not an application.",
            minimum=number(MIN_ELIGIBLE_POPULATION),
            city=escape(city.label),
        )
    if city.eligible is False:
        if city.population is not None:
            # i18n: {minimum} is the minimum population; {city} the city's name and {population} its population
            return _(
                "Note: WWC Certification is open to cities of {minimum}+ residents in the Americas; "
                "{city} ({population}) can use this as a self-assessment and plan.",
                minimum=number(MIN_ELIGIBLE_POPULATION),
                city=escape(city.label),
                population=number(city.population),
            )
        # i18n: {minimum} is the minimum population; {city} the city's name
        return _(
            "Note: WWC Certification is open to cities of {minimum}+ residents in the Americas; "
            "{city} can use this as a self-assessment and plan.",
            minimum=number(MIN_ELIGIBLE_POPULATION),
            city=escape(city.label),
        )
    return None


def roadmap(items: list[RoadmapItem], *, heading: str | None = None) -> list[Message]:
    """The roadmap, whole steps packed into as few messages as fit Slack's section limit."""
    if not items:
        return [Message(text=_("*Roadmap:* every criterion is met. Nothing left to close!"), kind=MessageKind.REPORT)]
    if heading is None:
        heading = _("Roadmap: your next steps")
    messages: list[Message] = []
    text = f"*{heading}*"
    for i, item in enumerate(items, 1):
        lines = [
            f"{i}. *{item.code} {item.title}* ({_said(item)}): {clip(item.next_step, 400)}",
            # i18n: why this step comes now; {reason} is a clause such as "because you answered Not yet on DM2"
            "   " + _("Why here: {reason}.", reason=clip(item.reason, 300)),
        ]
        lines += [f"   • {clip(title, 120)}: {url}" for title, url in item.links[:2]]
        if item.program:
            # i18n: a program that helps with this step: its name and its link
            lines.append("   • " + _("Program: {name}: {link}", name=item.program[0], link=item.program[1]))
        if item.partner:
            # i18n: an expert partner organization: its name and its link
            lines.append("   • " + _("Expert partner: {name}: {link}", name=item.partner[0], link=item.partner[1]))
        if item.peer:
            # i18n: {example} is another city and what it did ("Tempe, AZ: ...")
            lines.append("   • " + _("Peer example: {example}", example=clip(item.peer, 160)))
        step = "\n".join(lines)
        if len(text) + len(step) + 1 > MAX_TEXT:
            messages.append(Message(text=text, kind=MessageKind.REPORT))
            text = step
        else:
            text += "\n" + step
    return [*messages, Message(text=text, kind=MessageKind.REPORT)]


def _said(item: RoadmapItem) -> str:
    return (item.outcome.label if item.answered else _("Not answered")).lower()


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
        # i18n: the status heading: the city, the assessment's year, and criteria answered of all criteria
        _(
            "*{city} · {year} assessment* · {answered} of {total} answered",
            city=escape(city.label),
            year=year,
            answered=len(answers),
            total=len(standard.criteria),
        ),
        score_line(result),
        distance_line(result),
    ]
    if checkup:
        lines.insert(1, checkup)
    for area in standard.areas:
        codes = [c.code for c in standard.criteria_in(area.code)]
        done = sum(1 for c in codes if c in answers)
        values = {"code": area.code, "area": area.name, "done": done, "total": len(codes)}
        if area.code in assignees:
            # i18n: a practice area (code and name), its criteria answered of its total, and who it is assigned to
            line = _("{code} {area}: {done}/{total} answered (assigned to {who})", who=escape(assignees[area.code]),
                     **values)
        else:
            # i18n: a practice area (code and name) and its criteria answered of its total
            line = _("{code} {area}: {done}/{total} answered", **values)
        lines.append("• " + line)
    if next_code:
        lines.append(
            _("Next question: *{code}* {title}.", code=next_code, title=standard.criterion(next_code).title)
        )
    options = (
        Option(label=_("Continue"), value="continue", style="primary"),
        Option(label=_("Report"), value="report"),
        Option(label=_("Roadmap"), value="roadmap"),
    )
    return Message(text=join_within(lines, MAX_TEXT), kind=MessageKind.SUMMARY, options=options)


def review(
    standard: Standard,
    area_code: str,
    details: Mapping[str, AnswerRecord],
    links: Mapping[str, list[EvidenceLink]] | None = None,
) -> Message:
    area = standard.area(area_code)
    # i18n: {area} is a practice area
    lines = [_("*Review: {area}*", area=area.name)]
    for c in standard.criteria_in(area_code):
        record = details.get(c.code)
        if record is None or record.outcome is None:
            # i18n: a criterion in a review (code and title) that nobody answered
            line = "• " + _("*{code}* {title}: not answered", code=c.code, title=c.title)
        else:
            line = f"• *{c.code}* {c.title}: *{record.outcome.label}* · {who(record)} · {day(record.answered_at)}"
            if record.words:
                # i18n: {words} is what the person typed, in quotes
                line += "\n   " + _("in their words: {words}", words=quote(record.words, 160))
        shown = (links or {}).get(c.code) or []
        if not shown and record and record.evidence_url:
            note = f" ({escape(clip(record.evidence_note, 80))})" if record.evidence_note else ""
            # i18n: {link} is an evidence link, maybe followed by a note in brackets
            line += "\n   " + _("evidence: {link}", link=escape(record.evidence_url) + note)
        for link in shown[:5]:
            note = f" ({escape(clip(link.note, 80))})" if link.note else ""
            # i18n: {link} is an evidence link, maybe followed by a note in brackets
            line += "\n   " + _("evidence: {link}", link=escape(link.url) + note)
        if len(shown) > 5:
            # i18n: keep the command *evidence {code}* as it is
            line += "\n   " + ngettext(
                "and {n} more links (say *evidence {code}* to list them)",
                "and {n} more links (say *evidence {code}* to list them)",
                len(shown) - 5,
                code=c.code,
            )
        lines.append(line)
    # i18n: keep the command "change" as it is; CODE stands for a criterion code, {code} is an example code
    lines.append(_("To change one, say *change CODE* (e.g. change {code}).", code=standard.criteria_in(area_code)[0].code))
    return Message(text=join_within(lines, MAX_TEXT), kind=MessageKind.SUMMARY, area=area_code)


def review_overview(standard: Standard, answers: Mapping[str, Outcome]) -> Message:
    # i18n: keep the command *review OD* as it is (OD is the code of a practice area)
    lines = [_("*Review:* which area? Say *review OD* (or pick one).")]
    for area in standard.areas:
        codes = [c.code for c in standard.criteria_in(area.code)]
        done = sum(1 for c in codes if c in answers)
        lines.append(
            "• " + _("{code} {area}: {done}/{total} answered", code=area.code, area=area.name, done=done, total=len(codes))
        )
    options = tuple(Option(label=clip(a.name, 75), value=f"review:{a.code}") for a in standard.areas)
    return Message(text="\n".join(lines), kind=MessageKind.SUMMARY, options=options)


def history(standard: Standard, code: str, entries: list[HistoryEntry]) -> Message:
    c = standard.criterion(code)
    if not entries:
        return Message(
            text=_("*{code} {title}*: no answers or changes yet.", code=code, title=c.title),
            kind=MessageKind.INFO,
            criterion=code,
        )
    lines = [_("*History of {code}* {title}", code=code, title=c.title)]
    for h in entries[-15:]:
        by = escape(h.changed_by_name or h.changed_by)
        said = f": {quote(h.words, 160)}" if h.words else ""
        when = day(h.changed_at)
        if h.field == "outcome" and h.note:
            # i18n: a history entry: a short date, a person, the answer confirmed and a note in brackets
            line = _(
                "{date}: {who} confirmed *{answer}* ({note})",
                date=when,
                who=by,
                answer=Outcome(h.new_value).label,
                note=escape(stored_note(h.note)),
            )
        elif h.field == "outcome" and h.old_value:
            # i18n: a history entry: a short date, a person, the answer before and the answer after
            line = _(
                "{date}: {who} changed the answer from {old} to *{new}*",
                date=when,
                who=by,
                old=Outcome(h.old_value).label,
                new=Outcome(h.new_value).label,
            ) + said
        elif h.field == "outcome":
            # i18n: a history entry: a short date, a person, and the first answer given
            line = _(
                "{date}: {who} changed the answer from unanswered to *{new}*",
                date=when,
                who=by,
                new=Outcome(h.new_value).label,
            ) + said
        elif h.field == "evidence_removed":
            # i18n: a history entry: a short date, a person and an evidence link
            line = _(
                "{date}: {who} removed the evidence {link}", date=when, who=by, link=escape(clip(h.old_value or "", 120))
            )
        else:
            # i18n: a history entry: a short date, a person and an evidence link
            line = _(
                "{date}: {who} added the evidence {link}", date=when, who=by, link=escape(clip(h.new_value or "", 120))
            )
        lines.append("• " + line)
    return Message(text=join_within(lines, MAX_TEXT), kind=MessageKind.INFO, criterion=code)


# i18n: the list of commands; keep the command words in *bold* (why, skip, back, change DM2, status, ...) as they
# are, since those are what a person types
COMMANDS = N_(
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
    text = _("*How this works*") + "\n" + _(COMMANDS)
    if lead:
        # i18n: keep the commands (invite, assign, remove, make ... lead) as they are; @colleague stands for a person
        text += "\n" + _(
            "*As the lead:* *invite @colleague* adds someone to your city's team; *assign @colleague OD* hands "
            "them an area; *remove @colleague* takes them off; *make @colleague lead* hands over the lead role."
        )
    return Message(text=text, kind=MessageKind.HELP, options=(Option(label=_("Continue"), value="continue"),))


def help_here(standard: Standard, code: str, *, back: bool) -> Message:
    c = standard.criterion(code)
    # i18n: {code} and {title} are the current criterion; {hint} is how to answer; keep the commands (why,
    # evidence, skip, back, help) as they are
    text = _(
        "You're on *{code}*: {title}.\n{hint}\n"
        "Or: *why* (what counts) · *evidence* · *skip* · *back* · *help* for every command.",
        code=code,
        title=c.title,
        hint=_(ANSWER_HINT),
    )
    return Message(
        text=text, kind=MessageKind.HELP, options=answer_options(code, back=back), criterion=code, area=c.area
    )


def not_understood(said: str, code: str | None, *, back: bool) -> Message:
    # i18n: {said} is what the person typed, in quotes; {hint} is how to answer; keep the command *help*
    text = _("Sorry, I couldn't use {said}. {hint} Type *help* for more.", said=said, hint=_(ANSWER_HINT))
    options = answer_options(code, back=back) if code else (Option(label=_("Help"), value="help"),)
    return Message(text=text, kind=MessageKind.ERROR, options=options, criterion=code)


def explain_options(standard: Standard, code: str, *, back: bool) -> Message:
    c = standard.criterion(code)
    # i18n: the four answers are the button labels; the quoted examples are things a person may type, so give
    # examples in your language; keep the commands *skip* and *why*
    text = _(
        "Let me explain how to answer *{code}* ({title}). Pick the one that fits best:\n"
        "• *Met*: you have it in place today and could show evidence (“yes, adopted in 2021”)\n"
        "• *In progress*: work has started but is not finished (“partly”, “working on it”)\n"
        "• *Not yet*: it does not exist yet (“no”, “not yet”)\n"
        "• *Not sure*: you don't know; you can confirm later (“no idea”)\n"
        "Not your area? Say *skip* and a colleague can answer it, or *why* to see what counts.",
        code=code,
        title=c.title,
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
    values = {
        "code": code,
        "title": c.title,
        "words": quote(reading.words, 160),
        "answer": reading.outcome.label,
        "because": because,
    }
    if changed_from is not None:
        # i18n: {words} is what the person typed, in quotes; {answer} the answer read from it and {previous} last
        # year's answer (Met, In progress, ...); {because} is empty or the cues that decided it, in brackets
        # (with a space before)
        read = _(
            "*{code}* {title}: I read {words} as *{answer}*, changed from last year's *{previous}*{because}.",
            previous=changed_from.label,
            **values,
        )
    else:
        # i18n: {words} is what the person typed, in quotes; {answer} the answer read from it (Met, In progress, ...);
        # {because} is empty or the cues that decided it, in brackets (with a space before)
        read = _("*{code}* {title}: I read {words} as *{answer}*{because}.", **values)
    if reading.links:
        record = _("Record it? The answer is saved only when you say (your link is kept as evidence either way).")
    else:
        record = _("Record it? The answer is saved only when you say.")
    text = read + " " + record
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
            # i18n: a button that confirms an answer; {answer} is the answer in lower case (met, in progress, ...)
            label=_("Yes, {answer}", answer=o.label.lower()) if o is first else o.label,
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
        text=_("OK, nothing recorded. Which one fits *{code}* {title}?", code=code, title=c.title),
        kind=MessageKind.QUESTION,
        options=answer_options(code, back=back),
        criterion=code,
        area=c.area,
    )


def confirm_correction(standard: Standard, code: str, current: AnswerRecord | None, outcome: Outcome | None) -> Message:
    """ "Change *DM1* (now *Met*, by Ana on 2 Mar) to ...?" with the outcomes and "leave it"."""
    c = standard.criterion(code)
    values = {"code": code, "title": c.title}
    if current and current.outcome:
        now = {"current": current.outcome.label, "who": who(current), "date": day(current.answered_at)}
        if outcome:
            # i18n: {current} is the answer now, given by {who} on {date}; {answer} the new answer
            text = _(
                "Change *{code}* {title} (now *{current}*, by {who} on {date}) to *{answer}*? "
                "Nothing changes until you say.",
                answer=outcome.label,
                **values,
                **now,
            )
        else:
            # i18n: {current} is the answer now, given by {who} on {date}
            text = _(
                "Change *{code}* {title} (now *{current}*, by {who} on {date})? Pick the right answer. "
                "Nothing changes until you say.",
                **values,
                **now,
            )
    elif outcome:
        # i18n: {answer} is the new answer (Met, In progress, ...)
        text = _(
            "Change *{code}* {title} (not answered yet) to *{answer}*? Nothing changes until you say.",
            answer=outcome.label,
            **values,
        )
    else:
        text = _("Change *{code}* {title} (not answered yet)? Pick the right answer. Nothing changes until you say.",
                 **values)
    return Message(
        text=clip(text, 2400),
        kind=MessageKind.CONFIRM,
        options=_outcomes_first(code, outcome, keep=_("Leave it as it is")),
        criterion=code,
        area=c.area,
    )


def overwrite_question(standard: Standard, code: str, current: AnswerRecord, outcome: Outcome) -> Message:
    """A colleague gave this answer: say who and when, and ask before changing it."""
    assert current.outcome is not None
    c = standard.criterion(code)
    # i18n: a colleague ({who}) answered {current} on {date}; {answer} is the new answer
    text = _(
        "*{code}* {title} was answered *{current}* by {who} on {date}. "
        "Change it to *{answer}*? They will see the change in the history.",
        code=code,
        title=c.title,
        current=current.outcome.label,
        who=who(current),
        date=day(current.answered_at),
        answer=outcome.label,
    )
    options = (
        Option(
            # i18n: a button; {answer} is the new answer in lower case (met, in progress, ...)
            label=clip(_("Yes, change to {answer}", answer=outcome.label.lower()), 75),
            value=f"answer:{code}:{outcome.value}",
            style="primary",
        ),
        # i18n: a button; {answer} is the answer now, in lower case (met, in progress, ...)
        Option(label=clip(_("Keep {answer}", answer=current.outcome.label.lower()), 75), value="keep"),
    )
    return Message(text=clip(text, 2400), kind=MessageKind.CONFIRM, options=options, criterion=code, area=c.area)


def still_waiting(standard: Standard, pending) -> Message:
    """After a side trip ("status", "why?"): the reading shown back is still waiting for its yes."""
    code, outcome = pending.code, pending.outcome
    c = standard.criterion(code)
    values = {"code": code, "title": c.title}
    words = quote(pending.words, 120) if pending.words else None
    if words and outcome:
        # i18n: {words} is what the person typed, in quotes; {answer} the answer read from it
        ask = _("Still waiting for your word on *{code}* {title}: record {words} as *{answer}*?", words=words,
                answer=outcome.label, **values)
    elif words:
        # i18n: {words} is what the person typed, in quotes
        ask = _("Still waiting for your word on *{code}* {title}: record {words}?", words=words, **values)
    elif outcome:
        # i18n: {answer} is the answer read from what the person typed
        ask = _("Still waiting for your word on *{code}* {title}: record as *{answer}*?", answer=outcome.label,
                **values)
    else:
        ask = _("Still waiting for your word on *{code}* {title}: record?", **values)
    text = ask + " " + _("The answer is saved only when you say.")
    return Message(text=clip(text, 2400), kind=MessageKind.CONFIRM, options=_outcomes_first(code, outcome),
                   criterion=code, area=c.area)


def reading_dropped(code: str, outcome: Outcome | None) -> Message:
    """A reading that waited for a yes was left for something else: say it was not saved."""
    if outcome:
        # i18n: {answer} is the answer that was read but not confirmed
        text = _("Nothing was recorded for *{code}* (*{answer}*): it was waiting for your yes.", code=code,
                 answer=outcome.label)
    else:
        text = _("Nothing was recorded for *{code}*: it was waiting for your yes.", code=code)
    return Message(text=text, kind=MessageKind.INFO, criterion=code)


def pleasantry(asking: bool) -> Message:
    """A reply to small talk: nothing recorded, and where things stand."""
    # i18n: keep the command `continue` as it is
    text = _("👍 Here's where we were:") if asking else _("👍 Nothing to record there. Say `continue` when you're ready.")
    return Message(text=text, kind=MessageKind.INFO)


def kept_as_it_was(code: str | None) -> Message:
    if code:
        text = _("OK, *{code}* stays as it was. Nothing changed.", code=code)
    else:
        text = _("OK, It stays as it was. Nothing changed.")
    return Message(text=text, kind=MessageKind.INFO)


def nothing_recorded() -> Message:
    return Message(text=_("OK, nothing recorded."), kind=MessageKind.INFO)


def offer_declined() -> Message:
    return Message(text=_("OK, let's carry on where we were."), kind=MessageKind.INFO)


def links_saved(code: str, urls: list[str]) -> Message:
    shown = ", ".join(escape(u) for u in urls[:3])
    if len(urls) > 3:
        # i18n: {links} lists three links; {count} how many more were saved
        text = _("📎 Saved your links as evidence for *{code}*: {links} and {count} more", code=code, links=shown,
                 count=len(urls) - 3)
    else:
        # i18n: {links} lists the links saved
        text = ngettext(
            "📎 Saved your link as evidence for *{code}*: {links}",
            "📎 Saved your links as evidence for *{code}*: {links}",
            len(urls),
            code=code,
            links=shown,
        )
    return Message(text=text, kind=MessageKind.INFO, criterion=code)


def evidence_saved(code: str, url: str, note: str | None, count: int) -> Message:
    shown = f" ({escape(note)})" if note else ""
    if count > 1:
        # i18n: {link} is the link, maybe followed by a note in brackets; {n} how many links the criterion has now;
        # keep the command *remove evidence {code} N* (N stands for a link's number)
        text = ngettext(
            "📎 Evidence saved for *{code}*: {link} ({n} links for {code} now; *remove evidence {code} N* takes one away)",
            "📎 Evidence saved for *{code}*: {link} ({n} links for {code} now; *remove evidence {code} N* takes one away)",
            count,
            code=code,
            link=escape(url) + shown,
        )
    else:
        # i18n: {link} is the link, maybe followed by a note in brackets
        text = _("📎 Evidence saved for *{code}*: {link}", code=code, link=escape(url) + shown)
    return Message(text=text, kind=MessageKind.INFO, criterion=code)


def evidence_list(code: str, links: list[EvidenceLink], *, removing: bool = False) -> Message:
    if not links:
        return Message(text=_("*{code}* has no evidence links yet.", code=code), kind=MessageKind.INFO, criterion=code)
    lines = [_("*Evidence for {code}:*", code=code)]
    lines += [
        f"{i}. {escape(e.url)}" + (f" ({escape(clip(e.note, 80))})" if e.note else "") for i, e in enumerate(links, 1)
    ]
    if removing:
        # i18n: keep the command *remove evidence {code} N* (N stands for a link's number)
        lines.append(_("Say *remove evidence {code} N* with the number of the link to remove.", code=code))
    return Message(text=join_within(lines, MAX_TEXT), kind=MessageKind.INFO, criterion=code)


def evidence_removed(code: str, url: str, left: int) -> Message:
    return Message(
        # i18n: {link} is the link removed; {n} how many links are left
        text=ngettext(
            "Removed {link} from the evidence for *{code}* ({n} left).",
            "Removed {link} from the evidence for *{code}* ({n} left).",
            left,
            link=escape(url),
            code=code,
        ),
        kind=MessageKind.INFO,
        criterion=code,
    )


def evidence_which() -> Message:
    return Message(
        # i18n: keep the command *evidence DM2 https://…*; translate the note after it ("adopted 2021")
        text=_("Which criterion is it for? For example: *evidence DM2 https://… adopted 2021*."),
        kind=MessageKind.ERROR,
    )


def evidence_ask(standard: Standard, code: str) -> Message:
    return Message(
        # i18n: {code} and {title} are the criterion; translate the example note; keep the command *cancel*
        text=_(
            "Send a link for *{code}* ({title}), optionally followed by a short "
            "note, e.g. “https://city.gov/data-policy.pdf adopted by council in 2021”. Or *cancel*.",
            code=code,
            title=standard.criterion(code).title,
        ),
        kind=MessageKind.QUESTION,
        criterion=code,
        options=(Option(label=_("Cancel"), value="continue"),),
    )


def evidence_give_up(code: str) -> Message:
    return Message(
        # i18n: keep the command *evidence {code}* as it is
        text=_(
            "I need a web link starting with https:// to store as evidence. Let's go on; "
            "say *evidence {code}* when you have one.",
            code=code,
        ),
        kind=MessageKind.HELP,
    )


def evidence_not_a_link(said: str, code: str) -> Message:
    return Message(
        # i18n: {said} is what the person typed, in quotes; keep the command *cancel*
        text=_("That doesn't look like a link: {said}. Paste one starting with https://, or say *cancel*.", said=said),
        kind=MessageKind.ERROR,
        criterion=code,
    )


def evidence_must_be_link(code: str) -> Message:
    # i18n: {help} says what a valid link looks like
    text = _("Not saved as evidence for *{code}*: {help}.", code=code, help=_(URL_HELP))
    return Message(text=text, kind=MessageKind.ERROR, criterion=code)


def links_refused(code: str, urls: list[str]) -> Message:
    """Links found in an answer that no surface accepts as evidence (the same rule everywhere)."""
    shown = ", ".join(escape(clip(u, 80)) for u in urls[:3])
    # i18n: {links} lists the links refused; {help} says what a valid link looks like
    text = _("Not saved as evidence for *{code}*: {links}. {help}.", code=code, links=shown, help=_(URL_HELP))
    return Message(text=text, kind=MessageKind.INFO, criterion=code)


def no_evidence_added() -> Message:
    return Message(text=_("OK, no evidence added."), kind=MessageKind.INFO)


def no_question_waiting() -> Message:
    return Message(text=_("There is no question waiting for an answer right now."), kind=MessageKind.INFO)


def cannot_answer() -> Message:
    return Message(
        # i18n: the quoted examples are questions a person may type, so give them in your language; keep *help*
        text=_(
            "I can't answer that one. Try “what's next for open data?”, “how do we get to gold?”, "
            "“what is DM2?”, or type *help*."
        ),
        kind=MessageKind.ANSWER,
        options=(Option(label=_("Back to the questions"), value="continue"),),
    )


def knowledge_answer(standard: Standard, text: str, start_area: str | None) -> Message:
    options = []
    if start_area:
        name = standard.area(start_area).name
        # i18n: a button; {area} is a practice area
        options.append(Option(label=clip(_("Answer {area} now", area=name), 75), value=f"area:{start_area}"))
        # i18n: {area} is a practice area; "yes / no" are the replies a person may type
        text += "\n" + _("Shall we answer *{area}* now? (yes / no)", area=name)
    options.append(Option(label=_("Back to the questions"), value="continue"))
    return Message(text=clip(text, MAX_TEXT), kind=MessageKind.ANSWER, options=tuple(options), area=start_area)


def all_answered(result: ScoreReport, *, quiet: bool) -> Message:
    # i18n: {total} is the number of criteria; {score} the score line (level, criteria met, ...)
    text = _("All {total} criteria are answered. {score}.", total=result.total, score=score_line(result))
    if not quiet:
        # i18n: keep the commands (report, roadmap, review OD, change DM2) as they are
        text += " " + _("Say *report*, *roadmap*, *review OD* or *change DM2*.")
    return Message(
        text=text,
        kind=MessageKind.INFO,
        options=(Option(label=_("Report"), value="report"), Option(label=_("Roadmap"), value="roadmap")),
    )


def gate_help() -> Message:
    # i18n: "Not yet" is the button of that name
    return Message(text=_("Pick one of the options below, or *Not yet* if none applies."), kind=MessageKind.HELP)


def gate_not_understood(said: str, gate: OutcomeGate) -> Message:
    return Message(
        # i18n: {said} is what the person typed, in quotes; "Not yet" is the button of that name
        text=_("Sorry, I couldn't use {said}. Pick one of these, or *Not yet*.", said=said),
        kind=MessageKind.ERROR,
        options=gate_question(gate).options,
    )


def confirm_gate(gate: OutcomeGate, choice: str, cues: tuple[str, ...]) -> Message:
    label = gate_label(gate, choice)
    why = f" ({'; '.join(cues[:2])})" if cues else ""
    if choice == "none":
        # i18n: {title} is the outcome requirement; {why} is empty or the cues that decided it, in brackets (with a
        # space before)
        text = _(
            "*{title}*: I read that as *Not yet shown*{why}. Record it? Nothing is saved until you say.",
            title=gate.title,
            why=why,
        )
    else:
        # i18n: {title} is the outcome requirement and {option} the option read; {why} is empty or the cues that
        # decided it, in brackets (with a space before)
        text = _(
            "*{title}*: I read that as *shown: {option}*{why}. Record it? "
            "Only record it if the city can show it meets an internationally recognized standard on it.",
            title=gate.title,
            option=escape(label),
            why=why,
        )
    first = Option(
        label=clip(_("Yes, {answer}", answer=label.lower()) if choice != "none" else _("Yes, not yet"), 75),
        value=f"gate:{choice}",
        style="primary",
    )
    rest = tuple(o for o in gate_question(gate).options if o.value != first.value)
    return Message(text=clip(text, 2400), kind=MessageKind.CONFIRM, options=(first, *rest))


def gate_recorded(gate: OutcomeGate, choice: str, words: str | None) -> Message:
    label = escape(gate_label(gate, choice))
    if words:
        # i18n: {title} is the outcome requirement, {option} the option recorded; {words} what they typed, in quotes
        text = _("✓ *{title}*: *{option}* (your words: {words})", title=gate.title, option=label,
                 words=quote(words, 160))
    else:
        text = f"✓ *{gate.title}*: *{label}*"
    return Message(text=text, kind=MessageKind.ANSWERED)


def no_outcome_requirement() -> Message:
    return Message(text=_("This standard has no outcome requirement."), kind=MessageKind.INFO)


def option_not_available() -> Message:
    return Message(text=_("That option is not available."), kind=MessageKind.ERROR)


def only_one_left(code: str) -> str:
    # i18n: "Not sure" is the answer of that name
    return _("{code} is the only question left. Answer *Not sure* if nobody knows yet; you can change it later.", code=code)


def skipped(code: str) -> Message:
    return Message(text=_("Skipped {code}; I'll ask it again at the end.", code=code), kind=MessageKind.INFO)


def nothing_to_go_back_to() -> Message:
    return Message(text=_("There is no earlier question to go back to."), kind=MessageKind.INFO)


def welcome_back_short() -> Message:
    return Message(text=_("Welcome back!"), kind=MessageKind.INFO)


def nothing_to_cancel() -> Message:
    return Message(text=_("Nothing to cancel."), kind=MessageKind.INFO)


def not_recorded_on_leaving(standard: Standard, code: str, outcome: Outcome) -> Message:
    """An answer said together with a farewell ("in progress, I'll finish the rest later") is not recorded."""
    c = standard.criterion(code)
    # i18n: {answer} is an answer (Met, In progress, ...); {code} and {title} name the criterion
    text = _("I haven't recorded *{answer}* for *{code}* {title}: pausing records nothing. When you continue, "
             "answer it again or tap a choice.", answer=outcome.label, code=code, title=c.title)
    return Message(text=text, kind=MessageKind.INFO, criterion=code, area=c.area)


def paused(answered: int, total: int) -> Message:
    return Message(
        # i18n: keep the command *continue* as it is
        text=_(
            "Paused. Everything is saved ({answered} of {total} answered). "
            "Say *continue* whenever you're ready, today or next week.",
            answered=answered,
            total=total,
        ),
        kind=MessageKind.INFO,
        options=(Option(label=_("Continue"), value="continue"),),
    )


def unknown_area(said: str, hint: str) -> Message:
    # i18n: {said} is what the person typed, in quotes; {hint} lists the areas or says how to name one
    return Message(text=_("I don't know the area {said}. {hint}", said=said, hint=hint), kind=MessageKind.ERROR)


def history_which() -> Message:
    # i18n: keep the command *history DM2* as it is
    return Message(text=_("Whose history? Say e.g. *history DM2*."), kind=MessageKind.ERROR)


def option_gone() -> Message:
    return Message(
        # i18n: keep the command *continue* as it is
        text=_("That option isn't available any more, so nothing changed. Say *continue* to carry on."),
        kind=MessageKind.INFO,
        options=(Option(label=_("Continue"), value="continue"),),
    )


# ------------------------------------------------------------------ truth helpers (self-assessment wording)



def readiness_line(standard: Standard, result: ScoreReport) -> str:
    """Whether the city meets every published requirement of its points level, said as a self-assessment."""
    return readiness(standard, result).headline


def what_counts_text(standard: Standard, code: str) -> str:
    """The "what counts" bullets of ``code`` with the reading note under them (for ``why`` and any other view)."""
    c = standard.criterion(code)
    # i18n: {note} says how to read the criteria (from the standard)
    return bullets(list(c.what_counts)) + "\n" + _("Note: {note}", note=standard.reading_note)


def eligibility_text(city: City) -> str:
    """What registration says about eligibility: the note when the city cannot apply, else the rule."""
    note = eligibility_note(city)
    if note:
        return note
    if city.in_americas is None:
        # i18n: {minimum} is the minimum population; {place} the city's state, country or name
        return _(
            "WWC Certification is open to cities of {minimum}+ residents in North, Central and "
            "South America; I could not tell where {place} is, so check that it qualifies.",
            minimum=number(MIN_ELIGIBLE_POPULATION),
            place=escape(city.region or city.name),
        )
    if city.population is not None:
        # i18n: {population} is the city's population, {city} its name; {minimum} the minimum population
        return _(
            "With {population} residents in the Americas, {city} is eligible to apply for WWC Certification under the "
            "published rule ({minimum}+ residents in North, Central and South America).",
            population=number(city.population),
            city=escape(city.name),
            minimum=number(MIN_ELIGIBLE_POPULATION),
        )
    # i18n: {city} is the city's name; {minimum} the minimum population
    return _(
        "With its population in the Americas, {city} is eligible to apply for WWC Certification under the "
        "published rule ({minimum}+ residents in North, Central and South America).",
        city=escape(city.name),
        minimum=number(MIN_ELIGIBLE_POPULATION),
    )


def suggested_prompts(has_city: bool) -> tuple[tuple[str, str], ...]:
    """Prompts offered in Slack's agent surface (the Messages tab): (what the button says, what pressing it sends).

    At most four (Slack's limit); each sends words the conversation already understands.
    """
    # i18n: suggested prompts: pressing one sends the same words as the person's message, so keep them questions
    # the assistant understands in your language
    stand, next_open_data, gold = _("Where do we stand?"), _("What's next for open data?"), _("How do we get to Gold?")
    if has_city:
        return (
            (stand, stand),
            (_("Continue the assessment"), "continue"),
            (next_open_data, next_open_data),
            (gold, gold),
        )
    return (
        (_("Start my city's assessment"), "hello"),
        (gold, gold),
        (next_open_data, next_open_data),
    )


# i18n: shown after the assistant's name while it works ("WWC Assistant is looking that up…")
THINKING = N_("is looking that up…")


_STILL_TRUE_NOTE = re.compile(r"still true from (\d{4})")


def stored_note(note: str) -> str:
    """A note the store keeps in English (one record for a team that mixes languages), said in the reader's."""
    if m := _STILL_TRUE_NOTE.fullmatch(note):
        # i18n: a note in an answer's history: the checkup confirmed last year's answer
        return _("still true from {year}", year=m.group(1))
    return note


_LANGUAGE_SET = {  # each said in the language just chosen, so the person can tell it worked
    "en": N_("From now on I'll write to you in English. (Type `language es` or `language pt` to change it.)"),
    "es": N_("From now on I'll write to you in Spanish. (Type `language en` or `language pt` to change it.)"),
    "pt": N_("From now on I'll write to you in Portuguese. (Type `language en` or `language es` to change it.)"),
}


def language_set(lang: str) -> Message:
    """The person chose ``lang`` (already in force): say so in that language; their team is not affected."""
    return Message(text=_(_LANGUAGE_SET.get(lang, _LANGUAGE_SET["en"])), kind=MessageKind.INFO, language=lang)
