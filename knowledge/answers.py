"""Chat answers composed from the standard, the knowledge base and a city's report.

``answer_question`` turns a message (or an ``Understanding``) into a ``Reply``:
plain text (``*bold*`` allowed, links as ``Title: https://url``), follow-up
suggestions, and, for a city that has not answered anything in an area yet,
``offer_start_area`` so the caller can offer to start that part of the
assessment. The only city data used is the ``report`` passed in.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from wwc_rules import (
    Area,
    Criterion,
    Outcome,
    ScoreReport,
    Standard,
    core_line,
    core_rule_text,
    points_needed,
    readiness,
)

from .links import link_mark
from .models import (
    Confidence,
    CriterionHelp,
    Knowledge,
    Partner,
    Peer,
    Program,
    ProgramStatus,
    Resource,
    Step,
    Term,
)
from .nlu import Intent, Understanding, suggestion, understand
from .recommend import (
    for_criterion,
    partners_for,
    peers_for,
    programs_for_area,
    recommend,
    resources_for,
)

MAX_STEPS = 5
MAX_PEERS = 3
MAX_AREA_RESOURCES = 5

_CAVEAT = {Confidence.VERIFIED: "", Confidence.PARTIAL: " (partly verified)", Confidence.UNCERTAIN: " (not confirmed)"}


class Reply(BaseModel):
    """What the assistant says back."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    intent: Intent
    topic: str | None
    text: str
    suggestions: tuple[str, ...] = ()
    offer_start_area: str | None = None


def answer_question(
    message: str | Understanding,
    standard: Standard,
    knowledge: Knowledge,
    report: ScoreReport | None = None,
) -> Reply:
    """Answer a chat message for a city (``report``) or for anyone (``report=None``).

    >>> reply = answer_question("what's next for open data?", standard, kb, report)
    >>> reply.intent.value, reply.topic
    ('next_steps', 'OD')
    """
    u = message if isinstance(message, Understanding) else understand(message, standard)
    ctx = _Context(standard, knowledge, report, u)
    term = find_term(knowledge, message) if isinstance(message, str) and u.topic is None and u.level is None else None
    if term is not None:
        return ctx.term(term)
    handler = {
        Intent.NEXT_STEPS: ctx.next_steps,
        Intent.EXPLAIN: ctx.explain,
        Intent.LEVEL_DISTANCE: ctx.level_distance,
        Intent.FIND_RESOURCE: ctx.find_resource,
        Intent.WHO_CAN_HELP: ctx.who_can_help,
        Intent.STATUS: ctx.status,
        Intent.HELP: ctx.help,
        Intent.UNKNOWN: ctx.unknown,
    }[u.intent]
    return handler()


class _Context:
    """One question being answered; each public method answers one intent."""

    def __init__(self, standard: Standard, knowledge: Knowledge, report: ScoreReport | None, u: Understanding):
        self.standard, self.knowledge, self.report, self.u = standard, knowledge, report, u
        topic = u.topic or ""
        self.criterion: Criterion | None = standard.criterion(topic) if u.topic_kind == "criterion" else None
        self.area: Area | None = standard.area(topic) if u.topic_kind == "area" else None
        if self.criterion is not None:
            self.area_of_topic: Area | None = standard.area(self.criterion.area)
        else:
            self.area_of_topic = self.area

    # ------------------------------------------------------------ intents

    def next_steps(self) -> Reply:
        if self.criterion is not None:
            return self._criterion_plan(self.criterion)
        if not self._started(self.area.code if self.area else None):
            return self._not_started()
        roadmap = recommend(self.knowledge, self.standard, self._city(), area=self.area.code if self.area else None)
        if not roadmap.steps:
            where = f" in {self.area.name}" if self.area else ""
            return self._reply(f"Every criterion{where} is met. Nice work! Keep the evidence current for your next checkup.")
        scope = self.area.name if self.area else "your city"
        lines = [f"*Next steps for {scope}* ({len(roadmap.steps)} open, most useful first):"]
        for n, step in enumerate(roadmap.steps[:MAX_STEPS], 1):
            lines += ["", *_step_lines(n, step)]
        if len(roadmap.steps) > MAX_STEPS:
            lines += ["", f"…and {len(roadmap.steps) - MAX_STEPS} more."]
        first = roadmap.steps[0]
        return self._reply(
            "\n".join(lines),
            [
                suggestion(Intent.EXPLAIN, first.code, self.standard),
                suggestion(Intent.WHO_CAN_HELP, first.area, self.standard),
            ],
        )

    def explain(self) -> Reply:
        if self.criterion is not None:
            c = self.criterion
            lines = [
                f"*{c.code}: {c.title}* ({self.area_of_topic.name if self.area_of_topic else c.area})",
                c.question,
            ]
            if self.standard.is_core(c.code):
                lines.append(_core_mark(self.standard))
            lines += [
                "",
                "*What counts:*",
                *what_counts_lines(self.standard, c),
                "",
                f"*Why it matters:* {c.why}",
            ]
            said = self._said(c.code)
            if said is not None:
                lines += ["", f"*Your answer:* {said}"]
            lines += ["", f"*Next step:* {self.knowledge.next_steps[c.code]}"]
            return self._reply(
                "\n".join(lines),
                [
                    suggestion(Intent.FIND_RESOURCE, c.code, self.standard),
                    suggestion(Intent.WHO_CAN_HELP, c.area, self.standard),
                ],
            )
        if self.area is not None:
            return self._reply(
                "\n".join(self._area_intro(self.area) + self._area_result_lines(self.area)),
                [suggestion(Intent.NEXT_STEPS, self.area.code, self.standard)],
            )
        return self.help()

    def level_distance(self) -> Reply:
        levels = ", ".join(f"{lv.name} {lv.min_percent}%" for lv in self.standard.levels)
        if not self._started(None):
            return self._reply(
                f"Levels are set by the share of the {len(self.standard.criteria)} criteria met: {levels}. "
                "Answer the assessment and I can tell you how close you are and the shortest path.",
                ["start"],
            )
        r = self._city()
        lines = [
            f"*Where you are:* {r.points} of {r.total} criteria met ({r.percent}%), {_level(r)}.",
            readiness(self.standard, r).headline,
        ]
        asked = next((lv for lv in self.standard.levels if lv.id == self.u.level), None)
        if asked is not None and asked != r.next_level:
            needed = points_needed(self.standard, r.points, asked)
            if needed == 0:
                lines.append(f"You have already reached {asked.name} on points.")
            else:
                lines.append(f"*To reach {asked.name}* ({asked.min_percent}%): {needed} more criteria met in all.")
        if r.next_level is None:
            if r.ready:
                lines.append("That is the top level. Keep the practice going and the evidence current.")
            elif r.core.unmet:
                lines.append(
                    f"That is the top level on points; meet the core standards first: {', '.join(r.core.unmet)}."
                )
        else:
            lines.append(
                f"*To reach {r.next_level.name}* ({r.next_level.min_percent}%): {r.needed_for_next} more criteria met."
            )
            path = [p for p in r.path_to_next if self.area is None or p.area == self.area.code]
            if path:
                label = f"Shortest path in {self.area.name}" if self.area else "Shortest path"
                lines += ["", f"*{label}:*"]
                lines += [f"• {p.code} {p.title} ({r.answer_label(p.code)}): {p.reason}" for p in path[:MAX_STEPS]]
                if len(path) > MAX_STEPS:
                    lines.append(f"…and {len(path) - MAX_STEPS} more.")
        if self.standard.gate is not None and not r.gate.passed:
            lines += [
                "",
                f"Also required, outside the criteria: *{self.standard.gate.title}*. {self.standard.gate.question}",
            ]
        return self._reply("\n".join(lines), ["what's next?", "where do we stand?"])

    def find_resource(self) -> Reply:
        if self.criterion is not None:
            c = self.criterion
            lines = [f"*Resources for {c.code} {c.title}:*"]
            lines += [_resource_line(r) for r in resources_for(self.knowledge, c)]
            help_ = for_criterion(self.knowledge, self.standard, c.code)
            programs = [p for p in (help_.program, help_.past_program) if p is not None]
            if programs:
                lines += ["", *[_program_line(p) for p in programs]]
            return self._reply("\n".join(lines), [suggestion(Intent.WHO_CAN_HELP, c.area, self.standard)])
        if self.area is not None:
            a = self.area
            lines = [f"*Resources for {a.name}:*"]
            lines += [_resource_line(r) for r in self._area_resources(a)]
            open_programs = [
                p for p in programs_for_area(self.knowledge, a.code) if p.status is ProgramStatus.OPEN and not p.selective
            ]
            if open_programs:
                lines += ["", "*Programs:*", *[_program_line(p) for p in open_programs[:2]]]
            return self._reply("\n".join(lines), [suggestion(Intent.NEXT_STEPS, a.code, self.standard)])
        lines = ["*Where to find help for any criterion:*"]
        by_id = {p.id: p for p in self.knowledge.programs}
        lines += [_program_line(by_id[i]) for i in ("wwc-certification-community", "wwc-academy") if i in by_id]
        lines += ["", "Tell me the area or criterion, for example “any guide on data inventories?”."]
        return self._reply("\n".join(lines), [suggestion(Intent.FIND_RESOURCE, "OD", self.standard)])

    def who_can_help(self) -> Reply:
        topic = self.area_of_topic
        if topic is None:
            lines = ["*Expert partners and what they cover:*"]
            for p in self.knowledge.partners:
                areas = ", ".join(dict.fromkeys(s.area for s in p.supports)) or "practice areas not stated in our sources"
                status = " (former partner, closed)" if p.status.value == "former" else ""
                where = p.url or f"Listed at {p.source}"
                lines.append(f"• {p.name}{status}: {areas}. {where}")
            lines += ["", "Ask about an area for peer cities too, for example “who can help with procurement?”."]
            return self._reply("\n".join(lines), [suggestion(Intent.WHO_CAN_HELP, "RDC", self.standard)])
        code = self.criterion.code if self.criterion else None
        scope = f"{self.criterion.code} {self.criterion.title}" if self.criterion else topic.name
        lines = [f"*Who can help with {scope}:*"]
        for partner, confidence, note in partners_for(self.knowledge, topic.code, code):
            lines.append(_partner_line(partner, confidence, note))
        peers = peers_for(self.knowledge, topic.code, code)[:MAX_PEERS]
        if peers:
            if code is None:
                lines += ["", "*Peer cities in this area:*", *[_peer_line(p) for p in peers]]
            else:
                own = [p for p in peers if code in p.criteria]
                rest = [p for p in peers if code not in p.criteria]
                if own:
                    lines += ["", f"*Peer cities that did {code}:*", *[_peer_line(p) for p in own]]
                if rest:
                    lines += ["", f"*Examples from {topic.name} (not specific to {code}):*", *[_peer_line(p) for p in rest]]
        if self.criterion is not None:
            help_ = for_criterion(self.knowledge, self.standard, self.criterion.code)
            programs = [p for p in (help_.program, help_.past_program) if p is not None]
            if programs:
                lines += ["", *[_program_line(p) for p in programs]]
        return self._reply("\n".join(lines), [suggestion(Intent.FIND_RESOURCE, topic.code, self.standard)])

    def status(self) -> Reply:
        if not self._started(None):
            return self._reply(
                "You have not answered any criteria yet, so there is nothing to score. "
                "Start the assessment and I will show where you stand.",
                ["start"],
            )
        r = self._city()
        if self.criterion is not None:
            said = self._said(self.criterion.code) or "Not answered"
            return self._reply(
                f"*{self.criterion.code} {self.criterion.title}:* {said}.",
                [suggestion(Intent.NEXT_STEPS, self.criterion.code, self.standard)],
            )
        if self.area is not None:
            if not self._started(self.area.code):
                return self._not_started()
            return self._reply(
                "\n".join(self._area_result_lines(self.area)), [suggestion(Intent.NEXT_STEPS, self.area.code, self.standard)]
            )
        lines = [
            f"*Level on points:* {_level_name(r)}: {r.points} of {r.total} criteria met ({r.percent}%), "
            f"{r.answered} answered.",
            readiness(self.standard, r).headline,
        ]
        core = core_line(self.standard, r)
        if core:
            lines.append(core)
        if r.next_level is not None:
            lines.append(f"*Next level:* {r.next_level.name}, {r.needed_for_next} more criteria needed.")
        lines += ["", "*By area:*"]
        lines += [f"• {a.name}: {a.met}/{a.total} met, {a.in_progress} in progress" for a in r.areas]
        if r.to_confirm:
            unsure = len(r.to_confirm) - len(r.unanswered)
            parts = [f"{unsure} answered Not sure"] if unsure else []
            parts += [f"{len(r.unanswered)} not answered"] if r.unanswered else []
            lines += ["", f"To confirm: {', '.join(parts)}."]
        return self._reply("\n".join(lines), ["what's next?", "how close are we to the next level?"])

    def help(self) -> Reply:
        text = "\n".join(
            [
                "I can help your city work toward What Works Cities Certification. Try:",
                "• “where do we stand?”",
                "• “what's next for open data?”",
                "• “how close are we to gold?”",
                "• “what is DM2?”",
                "• “any guide on data inventories?”",
                "• “who can help with procurement?”",
                "• “what is the outcome requirement?” or “what are the core standards?”",
            ]
        )
        return self._reply(text, ["where do we stand?", "what's next?"])

    def unknown(self) -> Reply:
        text = "Sorry, I did not understand that."
        if self.u.suggestions:
            text += " Did you mean:\n" + "\n".join(f"• {s}" for s in self.u.suggestions)
        return self._reply(text, self.u.suggestions or ("help",))

    # ------------------------------------------------------------ helpers

    def _reply(self, text: str, suggestions: list[str] | tuple[str, ...] = (), offer: str | None = None) -> Reply:
        return Reply(
            intent=self.u.intent,
            topic=self.u.topic,
            text=text,
            suggestions=tuple(dict.fromkeys([*self.u.suggestions, *suggestions])),
            offer_start_area=offer,
        )

    def _started(self, area: str | None) -> bool:
        """Whether the city has answered anything (in ``area``, or at all)."""
        r = self.report
        if r is None or r.answered == 0:
            return False
        if area is None:
            return True
        result = next(a for a in r.areas if a.code == area)
        return result.met + result.in_progress + result.not_yet > 0

    def _city(self) -> ScoreReport:
        """The city's report, where ``_started`` has already said there is one."""
        assert self.report is not None, "checked by _started"
        return self.report

    def _not_started(self) -> Reply:
        a = self.area
        if a is None:
            return self._reply(
                "You have not answered any criteria yet. Start the assessment and I will build your roadmap.",
                ["start", "help"],
            )
        lines = self._area_intro(a) + [
            "",
            f"You have not answered anything in {a.name} yet. Want to start that part of the assessment?",
        ]
        return self._reply("\n".join(lines), [f"start {a.code}"], offer=a.code)

    def _area_intro(self, a: Area) -> list[str]:
        lines = [f"*{a.name} ({a.code})*: {a.summary}", "", f"It has {len(self.standard.criteria_in(a.code))} criteria:"]
        lines += [f"• {c.code} {c.title}" for c in self.standard.criteria_in(a.code)]
        found = partners_for(self.knowledge, a.code)
        if found:
            lines += ["", "Expert partner: " + _partner_line(*found[0]).removeprefix("• ")]
        return lines

    def _area_result_lines(self, a: Area) -> list[str]:
        if not self._started(a.code):
            return []
        result = next(x for x in self._city().areas if x.code == a.code)
        return [
            "",
            f"*Your {a.name}:* {result.met}/{result.total} met ({result.percent}%), "
            f"{result.in_progress} in progress, {result.not_yet} not yet, {result.not_sure} not sure or not answered.",
        ]

    def _area_resources(self, a: Area) -> list[Resource]:
        """The best resource of each criterion in the area, without repeats."""
        found: list[Resource] = []
        for c in self.standard.criteria_in(a.code):
            for r in resources_for(self.knowledge, c, limit=1):
                if r not in found:
                    found.append(r)
        return found[:MAX_AREA_RESOURCES]

    def _criterion_plan(self, c: Criterion) -> Reply:
        help_ = for_criterion(self.knowledge, self.standard, c.code)
        outcome = self._outcome(c.code)
        lines = [f"*{c.code} {c.title}*"]
        if self.standard.is_core(c.code):
            lines.append(_core_mark(self.standard))
        if outcome is Outcome.MET:
            lines.append("You answered Met on this one. Keep its evidence current.")
        else:
            said = self._said(c.code)
            if said is not None:
                lines.append(f"Your answer: {said}.")
            lines += ["", f"*Next step:* {help_.next_step}"]
            lines += _help_lines(help_)
        return self._reply("\n".join(lines), [suggestion(Intent.EXPLAIN, c.code, self.standard)])

    def _outcome(self, code: str) -> Outcome | None:
        """The city's answer on ``code``; None when there is no report or nobody answered it."""
        if self.report is None or self.report.answered == 0 or code in self.report.unanswered:
            return None
        return self.report.outcomes.get(code)

    def _said(self, code: str) -> str | None:
        """The city's answer on ``code`` for display ("Not answered" too); None without a city report."""
        if self.report is None or self.report.answered == 0:
            return None
        return self.report.answer_label(code)

    # ------------------------------------------------------------ terms

    def term(self, t: Term) -> Reply:
        """A program term ("Honor Roll", "the certification report") answered from data, with sources."""
        lines = [f"*{t.name}*", t.answer]
        part = self._standard_part(t)
        if part:
            lines += ["", *part]
        if t.programs:
            by_id = {p.id: p for p in self.knowledge.programs}
            lines += ["", *[_program_line(by_id[i]) for i in t.programs]]
        if t.also:
            lines += ["", t.also]
        caveat = _CAVEAT[t.confidence].strip()
        lines += ["", "Sources" + (f" {caveat}" if caveat else "") + ":"]
        lines += [f"• {src.name}: {src.url}" + _mark(src.url) for src in t.sources]
        return Reply(
            intent=Intent.EXPLAIN,
            topic=None,
            text="\n".join(lines),
            suggestions=tuple(dict.fromkeys(t.suggestions)),
        )

    def _standard_part(self, t: Term) -> list[str]:
        std, r = self.standard, self.report
        if t.standard_part == "gate" and std.gate is not None:
            options = ", ".join(o.label for o in std.gate.options)
            lines = [f"*{std.gate.title}:* {std.gate.question}", f"Options: {options}."]
            if r is not None and r.answered:
                if r.gate.passed and r.gate.choice:
                    label = next((o.label for o in std.gate.options if o.id == r.gate.choice), r.gate.choice)
                    lines.append(f"*Your answer:* shown ({label}).")
                else:
                    lines.append("*Your answer:* not shown yet.")
            return lines
        if t.standard_part == "core" and std.core is not None:
            lines = [f"*{std.core.title}:* " + ", ".join(
                f"{code} {std.criterion(code).title}" for code in std.core_codes) + "."]
            rule = core_rule_text(std)
            if rule:
                lines.append(rule)
            if r is not None and r.answered:
                line = core_line(std, r)
                if line:
                    lines.append(f"*Your city:* {line}")
            return lines
        if t.standard_part == "eligibility" and std.eligibility is not None:
            e = std.eligibility
            return [f"Rule: cities of {e.min_population:,}+ residents in {e.regions}. Source: {e.source}"]
        return []


def find_term(knowledge: Knowledge, text: str) -> Term | None:
    """The program term a message names ("what is the Honor Roll?"), or None."""
    folded = " ".join(_TERM_WORD.findall(text.casefold()))
    padded = f" {folded} "
    for t in knowledge.terms:
        for phrase in t.phrases:
            words = " ".join(_TERM_WORD.findall(phrase.casefold()))
            if f" {words} " in padded or f" {words}s " in padded:
                return t
    return None


def what_counts_lines(standard: Standard, c: Criterion) -> list[str]:
    """The "what counts" bullets of ``c`` followed by the one-line reading note (every rendering carries it)."""
    return [*[f"• {item}" for item in c.what_counts], f"Note: {standard.reading_note}"]


def _core_mark(standard: Standard) -> str:
    title = standard.core.title.lower().removesuffix("s") if standard.core else "core standard"
    return f"This is a {title}: certification at any level needs it, whatever the total."


def _level(report: ScoreReport) -> str:
    return f"level {report.level.name} on points" if report.level else "no level on points yet"


def _level_name(report: ScoreReport) -> str:
    return report.level.name if report.level else "none yet"


def _mark(url: str | None) -> str:
    mark = link_mark(url)
    return f" ({mark})" if mark else ""


_TERM_WORD = re.compile(r"[a-z0-9]+")


def _step_lines(n: int, step: Step) -> list[str]:
    return [
        f"*{n}. {step.code} {step.title}*",
        f"Why: {step.reason}.",
        f"Next step: {step.next_step}",
        *_help_lines(step),
    ]


def _help_lines(help_: CriterionHelp) -> list[str]:
    """Resources, program, partner and peer of one criterion, one line each."""
    lines = [_resource_line(r) for r in help_.resources]
    if help_.program is not None:
        lines.append(_program_line(help_.program))
    if help_.past_program is not None:
        lines.append(_program_line(help_.past_program))
    if help_.partner is not None:
        confidence = help_.partner_confidence or Confidence.VERIFIED
        lines.append("• Partner: " + _partner_line(help_.partner, confidence, help_.partner_note).removeprefix("• "))
    if help_.peer is not None:
        lines.append(f"• Peer city for {help_.code}: " + _peer_line(help_.peer).removeprefix("• "))
    elif help_.area_peer is not None:
        lines.append(f"• Area example (not specific to {help_.code}): " + _peer_line(help_.area_peer).removeprefix("• "))
    return lines


def _resource_line(r: Resource) -> str:
    extra = ", archived" if r.status.value == "archived" else ""
    return f"• {r.title}: {r.url} ({r.publisher}, {r.kind.value.replace('_', ' ')}{extra}){_CAVEAT[r.confidence]}"


def program_text(p: Program) -> str:
    """One program in plain words: an open offer, one that may have ended, or a past one (history only)."""
    page = f"{p.url}{_mark(p.url)}" if p.url else (p.page_note or "It has no page of its own.")
    if p.status is ProgramStatus.OPEN:
        how = f" {p.eligibility}" if p.eligibility else ""
        return f"Program: {p.name}: {page}{'' if page.endswith('.') else '.'}{how}"
    if p.status is ProgramStatus.UNCERTAIN:
        note = f" {p.note}" if p.note else ""
        return f"{p.name}, which may no longer run ({p.when}): {page}{'' if page.endswith('.') else '.'}{note}"
    kind = "Past Sprint" if p.kind.value == "sprint" else "Past program"
    return (
        f"{kind}: {p.name} (ran in {p.ran}; not open now): {page}{'' if page.endswith('.') else '.'} "
        "Ask the Certification Community whether a new round is planned."
    )


def _program_line(p: Program) -> str:
    caveat = _CAVEAT[p.confidence] if p.status is not ProgramStatus.UNCERTAIN else ""
    return f"• {program_text(p)}{caveat}"


def _partner_line(p: Partner, confidence: Confidence, note: str | None) -> str:
    where = f"{p.url}{_mark(p.url)}" if p.url else f"listed at {p.source}"
    line = f"• {p.name}: {where}{_CAVEAT[confidence]}"
    return f"{line}. {note}" if note else line


def _peer_line(p: Peer) -> str:
    when = f", {p.year}" if p.year else ""
    return f"• {p.city}, {p.region}{when}: {p.summary} Source: {p.source}{_mark(p.source)}{_CAVEAT[p.confidence]}"
