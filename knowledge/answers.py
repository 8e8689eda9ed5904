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

from wwc_i18n import ENGLISH, N_, _, current, ngettext, number
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
    Kind,
    Knowledge,
    Partner,
    PartnerStatus,
    Peer,
    Program,
    ProgramKind,
    ProgramStatus,
    Resource,
    Status,
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

# The mark shown in brackets after an item the research notes do not fully support (none when verified).
_CAVEAT: dict[Confidence, str | None] = {
    Confidence.VERIFIED: None,
    # i18n: a mark shown in brackets after a resource, program, partner or peer city: the sources support it in part
    Confidence.PARTIAL: N_("partly verified"),
    # i18n: a mark shown in brackets after a resource, program, partner or peer city: the sources do not confirm it
    Confidence.UNCERTAIN: N_("not confirmed"),
}
# The heading of a term's sources, by how well they support the answer.
_SOURCES = {
    # i18n: the heading over the list of sources of an answer about a program term
    Confidence.VERIFIED: N_("Sources:"),
    # i18n: the heading over the list of sources of an answer about a program term, which they support in part
    Confidence.PARTIAL: N_("Sources (partly verified):"),
    # i18n: the heading over the list of sources of an answer about a program term, which they do not confirm
    Confidence.UNCERTAIN: N_("Sources (not confirmed):"),
}
# What kind of material a resource is, shown after its publisher.
_KINDS = {
    Kind.GUIDE: N_("guide"),
    Kind.TOOLKIT: N_("toolkit"),
    Kind.COURSE: N_("course"),
    Kind.TEMPLATE: N_("template"),
    Kind.CASE_STUDY: N_("case study"),
    Kind.COMMUNITY: N_("community"),
}


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
            if self.area:
                # i18n: {area} is a practice area (Open Data)
                done = _(
                    "Every criterion in {area} is met. Nice work! Keep the evidence current for your next checkup.",
                    area=self.area.name,
                )
            else:
                done = _("Every criterion is met. Nice work! Keep the evidence current for your next checkup.")
            return self._reply(done)
        count = len(roadmap.steps)
        if self.area:
            # i18n: {area} is a practice area; {n} is how many criteria are still open in it
            heading = ngettext(
                "*Next steps for {area}* ({n} open, most useful first):",
                "*Next steps for {area}* ({n} open, most useful first):",
                count,
                area=self.area.name,
            )
        else:
            # i18n: {n} is how many criteria are still open
            heading = ngettext(
                "*Next steps for your city* ({n} open, most useful first):",
                "*Next steps for your city* ({n} open, most useful first):",
                count,
            )
        lines = [heading]
        for n, step in enumerate(roadmap.steps[:MAX_STEPS], 1):
            lines += ["", *_step_lines(n, step)]
        if count > MAX_STEPS:
            lines += ["", _more(count - MAX_STEPS)]
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
                _("*What counts:*"),
                *what_counts_lines(self.standard, c),
                "",
                # i18n: {why} is the criterion's explanation of why it matters (a sentence or two)
                _("*Why it matters:* {why}", why=c.why),
            ]
            said = self._said(c.code)
            if said is not None:
                # i18n: {answer} is the city's answer on a criterion: Met, In progress, Not yet, Not sure or Not answered
                lines += ["", _("*Your answer:* {answer}", answer=said)]
            # i18n: {step} is one plain sentence saying what to do next on a criterion
            lines += ["", _("*Next step:* {step}", step=self.knowledge.next_steps[c.code])]
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
        # i18n: a certification level and the share of criteria it needs, e.g. "Gold 68%"
        levels = ", ".join(_("{level} {percent}%", level=lv.name, percent=lv.min_percent) for lv in self.standard.levels)
        if not self._started(None):
            return self._reply(
                # i18n: {n} is the number of criteria in the standard; {levels} lists the levels, e.g. "Silver 51%, Gold 68%"
                ngettext(
                    "Levels are set by the share of the {n} criteria met: {levels}. "
                    "Answer the assessment and I can tell you how close you are and the shortest path.",
                    "Levels are set by the share of the {n} criteria met: {levels}. "
                    "Answer the assessment and I can tell you how close you are and the shortest path.",
                    len(self.standard.criteria),
                    levels=levels,
                ),
                ["start"],
            )
        r = self._city()
        if r.level:
            # i18n: {points} of {total} criteria met, {percent} their share; {level} is the level reached (Silver)
            where = _(
                "*Where you are:* {points} of {total} criteria met ({percent}%), level {level} on points.",
                points=r.points, total=r.total, percent=r.percent, level=r.level.name,
            )
        else:
            # i18n: {points} of {total} criteria met, {percent} their share
            where = _(
                "*Where you are:* {points} of {total} criteria met ({percent}%), no level on points yet.",
                points=r.points, total=r.total, percent=r.percent,
            )
        lines = [where, readiness(self.standard, r).headline]
        asked = next((lv for lv in self.standard.levels if lv.id == self.u.level), None)
        if asked is not None and asked != r.next_level:
            needed = points_needed(self.standard, r.points, asked)
            if needed == 0:
                # i18n: {level} is a certification level (Gold)
                lines.append(_("You have already reached {level} on points.", level=asked.name))
            else:
                # i18n: {level} is a certification level (Gold), {percent} the share of criteria it needs; {n} how
                # many more criteria the city must meet to get there
                lines.append(ngettext(
                    "*To reach {level}* ({percent}%): {n} more criteria met in all.",
                    "*To reach {level}* ({percent}%): {n} more criteria met in all.",
                    needed,
                    level=asked.name, percent=asked.min_percent,
                ))
        if r.next_level is None:
            if r.ready:
                lines.append(_("That is the top level. Keep the practice going and the evidence current."))
            elif r.core.unmet:
                # i18n: {codes} lists the codes of the core standards not met yet, e.g. "DM1, OD1"
                lines.append(_(
                    "That is the top level on points; meet the core standards first: {codes}.",
                    codes=", ".join(r.core.unmet),
                ))
        else:
            # i18n: {level} is the next certification level (Gold), {percent} the share of criteria it needs; {n} how
            # many more criteria the city must meet to get there
            lines.append(ngettext(
                "*To reach {level}* ({percent}%): {n} more criteria met.",
                "*To reach {level}* ({percent}%): {n} more criteria met.",
                r.needed_for_next,
                level=r.next_level.name, percent=r.next_level.min_percent,
            ))
            path = [p for p in r.path_to_next if self.area is None or p.area == self.area.code]
            if path:
                if self.area:
                    # i18n: {area} is a practice area; a list of criteria follows
                    lines += ["", _("*Shortest path in {area}:*", area=self.area.name)]
                else:
                    lines += ["", _("*Shortest path:*")]
                lines += [f"• {p.code} {p.title} ({r.answer_label(p.code)}): {p.reason}" for p in path[:MAX_STEPS]]
                if len(path) > MAX_STEPS:
                    lines.append(_more(len(path) - MAX_STEPS))
        if self.standard.gate is not None and not r.gate.passed:
            lines += [
                "",
                # i18n: {title} is the outcome requirement's name, {question} the question it asks the city
                _(
                    "Also required, outside the criteria: *{title}*. {question}",
                    title=self.standard.gate.title, question=self.standard.gate.question,
                ),
            ]
        return self._reply("\n".join(lines), [_ask_whats_next(), _ask_where_we_stand()])

    def find_resource(self) -> Reply:
        if self.criterion is not None:
            c = self.criterion
            # i18n: {code} and {title} are a criterion's code and title (DM2 Data Inventory)
            lines = [_("*Resources for {code} {title}:*", code=c.code, title=c.title)]
            lines += [_resource_line(r) for r in resources_for(self.knowledge, c)]
            help_ = for_criterion(self.knowledge, self.standard, c.code)
            programs = [p for p in (help_.program, help_.past_program) if p is not None]
            if programs:
                lines += ["", *[_program_line(p) for p in programs]]
            return self._reply("\n".join(lines), [suggestion(Intent.WHO_CAN_HELP, c.area, self.standard)])
        if self.area is not None:
            a = self.area
            # i18n: {area} is a practice area
            lines = [_("*Resources for {area}:*", area=a.name)]
            lines += [_resource_line(r) for r in self._area_resources(a)]
            open_programs = [
                p for p in programs_for_area(self.knowledge, a.code) if p.status is ProgramStatus.OPEN and not p.selective
            ]
            if open_programs:
                lines += ["", _("*Programs:*"), *[_program_line(p) for p in open_programs[:2]]]
            return self._reply("\n".join(lines), [suggestion(Intent.NEXT_STEPS, a.code, self.standard)])
        lines = [_("*Where to find help for any criterion:*")]
        by_id = {p.id: p for p in self.knowledge.programs}
        lines += [_program_line(by_id[i]) for i in ("wwc-certification-community", "wwc-academy") if i in by_id]
        # i18n: the example in quotes is a question the person could type: translate it as they would ask it
        lines += ["", _("Tell me the area or criterion, for example “any guide on data inventories?”.")]
        return self._reply("\n".join(lines), [suggestion(Intent.FIND_RESOURCE, "OD", self.standard)])

    def who_can_help(self) -> Reply:
        topic = self.area_of_topic
        if topic is None:
            lines = [_("*Expert partners and what they cover:*")]
            for p in self.knowledge.partners:
                codes = ", ".join(dict.fromkeys(s.area for s in p.supports))
                # i18n: shown in place of a partner's practice areas when no source names them
                areas = codes or _("practice areas not stated in our sources")
                # i18n: {source} is the address of the page that lists an expert partner
                where = p.url or _("Listed at {source}", source=p.source)
                if p.status is PartnerStatus.FORMER:
                    # i18n: {name} is an expert partner that no longer works with the program; {areas} the practice
                    # area codes it covered (or "practice areas not stated in our sources"); {where} its page or
                    # "Listed at …"
                    lines.append(_("• {name} (former partner, closed): {areas}. {where}", name=p.name, areas=areas,
                                   where=where))
                else:
                    lines.append(f"• {p.name}: {areas}. {where}")
            # i18n: the example in quotes is a question the person could type: translate it as they would ask it
            lines += ["", _("Ask about an area for peer cities too, for example “who can help with procurement?”.")]
            return self._reply("\n".join(lines), [suggestion(Intent.WHO_CAN_HELP, "RDC", self.standard)])
        code = self.criterion.code if self.criterion else None
        scope = f"{self.criterion.code} {self.criterion.title}" if self.criterion else topic.name
        # i18n: {scope} is a practice area (Open Data) or a criterion's code and title (DM2 Data Inventory)
        lines = [_("*Who can help with {scope}:*", scope=scope)]
        for partner, confidence, note in partners_for(self.knowledge, topic.code, code):
            lines.append(_partner_line(partner, confidence, note))
        peers = peers_for(self.knowledge, topic.code, code)[:MAX_PEERS]
        if peers:
            if code is None:
                lines += ["", _("*Peer cities in this area:*"), *[_peer_line(p) for p in peers]]
            else:
                own = [p for p in peers if code in p.criteria]
                rest = [p for p in peers if code not in p.criteria]
                if own:
                    # i18n: {code} is a criterion code (DM2)
                    lines += ["", _("*Peer cities that did {code}:*", code=code), *[_peer_line(p) for p in own]]
                if rest:
                    # i18n: {area} is a practice area, {code} a criterion code in it (DM2)
                    heading = _("*Examples from {area} (not specific to {code}):*", area=topic.name, code=code)
                    lines += ["", heading, *[_peer_line(p) for p in rest]]
        if self.criterion is not None:
            help_ = for_criterion(self.knowledge, self.standard, self.criterion.code)
            programs = [p for p in (help_.program, help_.past_program) if p is not None]
            if programs:
                lines += ["", *[_program_line(p) for p in programs]]
        return self._reply("\n".join(lines), [suggestion(Intent.FIND_RESOURCE, topic.code, self.standard)])

    def status(self) -> Reply:
        if not self._started(None):
            return self._reply(
                _(
                    "You have not answered any criteria yet, so there is nothing to score. "
                    "Start the assessment and I will show where you stand."
                ),
                ["start"],
            )
        r = self._city()
        if self.criterion is not None:
            said = self._said(self.criterion.code) or _("Not answered")
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
        if r.level:
            # i18n: {level} is the level reached (Silver); {points} of {total} criteria met, {percent} their share;
            # {answered} how many criteria the city has answered
            level = _(
                "*Level on points:* {level}: {points} of {total} criteria met ({percent}%), {answered} answered.",
                level=r.level.name, points=r.points, total=r.total, percent=r.percent, answered=r.answered,
            )
        else:
            # i18n: {points} of {total} criteria met, {percent} their share; {answered} how many criteria the city
            # has answered
            level = _(
                "*Level on points:* none yet: {points} of {total} criteria met ({percent}%), {answered} answered.",
                points=r.points, total=r.total, percent=r.percent, answered=r.answered,
            )
        lines = [level, readiness(self.standard, r).headline]
        core = core_line(self.standard, r)
        if core:
            lines.append(core)
        if r.next_level is not None:
            # i18n: {level} is the next certification level (Gold); {n} how many more criteria it needs
            lines.append(ngettext(
                "*Next level:* {level}, {n} more criteria needed.",
                "*Next level:* {level}, {n} more criteria needed.",
                r.needed_for_next,
                level=r.next_level.name,
            ))
        lines += ["", _("*By area:*")]
        # i18n: one practice area's result: {met} of {total} criteria met, {in_progress} answered In progress
        lines += [_("• {area}: {met}/{total} met, {in_progress} in progress", area=a.name, met=a.met, total=a.total,
                    in_progress=a.in_progress) for a in r.areas]
        if r.to_confirm:
            unsure = len(r.to_confirm) - len(r.unanswered)
            unanswered = len(r.unanswered)
            if unsure and unanswered:
                # i18n: criteria to confirm: {unsure} answered with the option “Not sure”, {unanswered} not answered
                lines += ["", _("To confirm: {unsure} answered Not sure, {unanswered} not answered.", unsure=unsure,
                                unanswered=unanswered)]
            elif unsure:
                # i18n: criteria to confirm: {unsure} answered with the option “Not sure”
                lines += ["", _("To confirm: {unsure} answered Not sure.", unsure=unsure)]
            else:
                # i18n: criteria to confirm: {unanswered} not answered
                lines += ["", _("To confirm: {unanswered} not answered.", unanswered=unanswered)]
        return self._reply("\n".join(lines), [_ask_whats_next(), _ask_next_level()])

    def help(self) -> Reply:
        text = "\n".join(
            [
                _("I can help your city work toward What Works Cities Certification. Try:"),
                # i18n: an example question the person could type: translate it as they would ask it in the chat
                _("• “where do we stand?”"),
                # i18n: an example question the person could type: translate it as they would ask it in the chat
                _("• “what's next for open data?”"),
                # i18n: an example question the person could type: translate it as they would ask it in the chat
                _("• “how close are we to gold?”"),
                # i18n: an example question the person could type: translate it as they would ask it in the chat
                _("• “what is DM2?”"),
                # i18n: an example question the person could type: translate it as they would ask it in the chat
                _("• “any guide on data inventories?”"),
                # i18n: an example question the person could type: translate it as they would ask it in the chat
                _("• “who can help with procurement?”"),
                # i18n: example questions the person could type: translate them as they would ask them in the chat
                _("• “what is the outcome requirement?” or “what are the core standards?”"),
            ]
        )
        return self._reply(text, [_ask_where_we_stand(), _ask_whats_next()])

    def unknown(self) -> Reply:
        if self.u.suggestions:
            # i18n: a list of questions the person may have meant follows, one per line
            text = _("Sorry, I did not understand that. Did you mean:") + "\n"
            text += "\n".join(f"• {s}" for s in self.u.suggestions)
        else:
            text = _("Sorry, I did not understand that.")
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
                _("You have not answered any criteria yet. Start the assessment and I will build your roadmap."),
                ["start", "help"],
            )
        lines = self._area_intro(a) + [
            "",
            # i18n: {area} is a practice area
            _("You have not answered anything in {area} yet. Want to start that part of the assessment?", area=a.name),
        ]
        return self._reply("\n".join(lines), [f"start {a.code}"], offer=a.code)

    def _area_intro(self, a: Area) -> list[str]:
        criteria = self.standard.criteria_in(a.code)
        # i18n: {n} is how many criteria a practice area has; the list of them follows
        lines = [f"*{a.name} ({a.code})*: {a.summary}", "", ngettext("It has {n} criterion:", "It has {n} criteria:",
                                                                         len(criteria))]
        lines += [f"• {c.code} {c.title}" for c in criteria]
        found = partners_for(self.knowledge, a.code)
        if found:
            # i18n: {partner} is an expert partner's name and page, e.g. "GovEx: https://govex.jhu.edu"
            lines += ["", _("Expert partner: {partner}", partner=_partner_text(*found[0]))]
        return lines

    def _area_result_lines(self, a: Area) -> list[str]:
        if not self._started(a.code):
            return []
        result = next(x for x in self._city().areas if x.code == a.code)
        return [
            "",
            # i18n: the city's result in practice area {area}: {met} of {total} criteria met ({percent} their share),
            # then how many are in progress, not yet, and not sure or not answered
            _(
                "*Your {area}:* {met}/{total} met ({percent}%), {in_progress} in progress, {not_yet} not yet, "
                "{not_sure} not sure or not answered.",
                area=a.name, met=result.met, total=result.total, percent=result.percent,
                in_progress=result.in_progress, not_yet=result.not_yet, not_sure=result.not_sure,
            ),
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
            # i18n: "Met" is the name of the answer option
            lines.append(_("You answered Met on this one. Keep its evidence current."))
        else:
            said = self._said(c.code)
            if said is not None:
                # i18n: {answer} is the city's answer on a criterion: In progress, Not yet, Not sure or Not answered
                lines.append(_("Your answer: {answer}.", answer=said))
            lines += ["", _("*Next step:* {step}", step=help_.next_step)]
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
        lines += ["", _(_SOURCES[t.confidence])]
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
            # i18n: {options} lists the ways a city can show the outcome requirement, separated by commas
            lines = [f"*{std.gate.title}:* {std.gate.question}", _("Options: {options}.", options=options)]
            if r is not None and r.answered:
                if r.gate.passed and r.gate.choice:
                    label = next((o.label for o in std.gate.options if o.id == r.gate.choice), r.gate.choice)
                    # i18n: the city has shown the outcome requirement; {option} is the way it chose
                    lines.append(_("*Your answer:* shown ({option}).", option=label))
                else:
                    # i18n: the city has not shown the outcome requirement yet
                    lines.append(_("*Your answer:* not shown yet."))
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
                    # i18n: {line} says which core standards the city meets (a sentence)
                    lines.append(_("*Your city:* {line}", line=line))
            return lines
        if t.standard_part == "eligibility" and std.eligibility is not None:
            e = std.eligibility
            # i18n: who may apply: cities of at least {population} residents in {regions} (e.g. "North, Central and
            # South America"); {source} is the address of the page that says so
            return [_(
                "Rule: cities of {population}+ residents in {regions}. Source: {source}",
                population=number(e.min_population), regions=e.regions, source=e.source,
            )]
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
    # i18n: {note} is the standard's one-line note on how to read the criteria
    return [*[f"• {item}" for item in c.what_counts], _("Note: {note}", note=standard.reading_note)]


def _core_mark(standard: Standard) -> str:
    """Says a criterion is a core standard, naming them as the standard does (in English in the singular)."""
    if standard.core is None:
        # i18n: the name of one core standard, in lower case; it fills {title} in "This is a {title}: …"
        title = _("core standard")
    elif standard.language == ENGLISH:
        title = standard.core.title.lower().removesuffix("s")
    else:
        title = standard.core.title.lower()
    # i18n: {title} is the standard's name for its core standards in lower case: singular in English ("core
    # standard"), the standard's own plural name in other languages ("estándares básicos"), so a translation may
    # say "this is one of the {title}"
    return _("This is a {title}: certification at any level needs it, whatever the total.", title=title)


def _more(count: int) -> str:
    # i18n: after a list cut short: {n} is how many items were left out
    return ngettext("…and {n} more.", "…and {n} more.", count)


def _ask_whats_next() -> str:
    # i18n: a question offered as a button the person can tap to send: translate it as they would type it in
    # the chat (the assistant must understand it)
    return _("what's next?")


def _ask_where_we_stand() -> str:
    # i18n: a question offered as a button the person can tap to send: translate it as they would type it in
    # the chat (the assistant must understand it)
    return _("where do we stand?")


def _ask_next_level() -> str:
    # i18n: a question offered as a button the person can tap to send: translate it as they would type it in
    # the chat (the assistant must understand it)
    return _("how close are we to the next level?")


def _mark(url: str | None) -> str:
    """The link's mark in brackets (already in the language in force), or nothing."""
    mark = link_mark(url)
    return f" ({mark})" if mark else ""


def _caveat(confidence: Confidence) -> str:
    """" (partly verified)", " (not confirmed)" or nothing."""
    mark = _CAVEAT[confidence]
    return f" ({_(mark)})" if mark else ""


_TERM_WORD = re.compile(r"[a-z0-9]+")


def _step_lines(n: int, step: Step) -> list[str]:
    return [
        f"*{n}. {step.code} {step.title}*",
        # i18n: {reason} says why a criterion is on the roadmap (lower case clauses joined with "; ")
        _("Why: {reason}.", reason=step.reason),
        # i18n: {step} is one plain sentence saying what to do next on a criterion
        _("Next step: {step}", step=step.next_step),
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
        # i18n: {partner} is an expert partner's name and page, e.g. "GovEx: https://govex.jhu.edu"
        lines.append(_("• Partner: {partner}", partner=_partner_text(help_.partner, confidence, help_.partner_note)))
    if help_.peer is not None:
        # i18n: {code} is a criterion code (DM2); {peer} a city's example: "City, Region, year: what it did Source: …"
        lines.append(_("• Peer city for {code}: {peer}", code=help_.code, peer=_peer_text(help_.peer)))
    elif help_.area_peer is not None:
        # i18n: {code} is a criterion code (DM2); {peer} a city's example from the same practice area:
        # "City, Region, year: what it did Source: …"
        lines.append(_("• Area example (not specific to {code}): {peer}", code=help_.code,
                       peer=_peer_text(help_.area_peer)))
    return lines


def _resource_line(r: Resource) -> str:
    kind = _(_KINDS[r.kind])
    if r.status is Status.ARCHIVED:
        # i18n: after a resource's link, in brackets: who publishes it, what kind it is (guide, toolkit…), and that
        # it is archived
        details = _("{publisher}, {kind}, archived", publisher=r.publisher, kind=kind)
    else:
        details = f"{r.publisher}, {kind}"
    line = f"• {r.title}: {r.url} ({details}){_caveat(r.confidence)}"
    if r.english_only and current() != ENGLISH:
        # i18n: after a resource: the material itself is only in English
        line += " " + _("(in English)")
    return line


def program_text(p: Program) -> str:
    """One program in plain words: an open offer, one that may have ended, or a past one (history only)."""
    # i18n: said of a program that has no web page of its own
    page = f"{p.url}{_mark(p.url)}" if p.url else (p.page_note or _("It has no page of its own."))
    if not page.endswith("."):
        page += "."
    if p.status is ProgramStatus.OPEN:
        how = f" {p.eligibility}" if p.eligibility else ""
        # i18n: {name} is an open program; {page} its address (or a sentence on where it was announced)
        return _("Program: {name}: {page}", name=p.name, page=page) + how
    if p.status is ProgramStatus.UNCERTAIN:
        note = f" {p.note}" if p.note else ""
        # i18n: {name} is a program that may have ended; {when} when it ran as the sources say; {page} its address
        # (or a sentence on where it was announced)
        return _("{name}, which may no longer run ({when}): {page}", name=p.name, when=p.when, page=page) + note
    if p.kind is ProgramKind.SPRINT:
        # i18n: {name} is a past WWC Sprint; {years} when it ran ("2024", "2019-2021" or a phrase); {page} its
        # address (or a sentence on where it was announced)
        return _(
            "Past Sprint: {name} (ran in {years}; not open now): {page} "
            "Ask the Certification Community whether a new round is planned.",
            name=p.name, years=p.ran, page=page,
        )
    # i18n: {name} is a past program; {years} when it ran ("2024", "2019-2021" or a phrase); {page} its address
    # (or a sentence on where it was announced)
    return _(
        "Past program: {name} (ran in {years}; not open now): {page} "
        "Ask the Certification Community whether a new round is planned.",
        name=p.name, years=p.ran, page=page,
    )


def _program_line(p: Program) -> str:
    caveat = _caveat(p.confidence) if p.status is not ProgramStatus.UNCERTAIN else ""
    return f"• {program_text(p)}{caveat}"


def _partner_text(p: Partner, confidence: Confidence, note: str | None) -> str:
    """An expert partner and its page (or where it is listed), with how sure the match is and a note."""
    if p.url:
        line = f"{p.name}: {p.url}{_mark(p.url)}{_caveat(confidence)}"
    else:
        # i18n: {name} is an expert partner; {source} the address of the page that lists it
        line = _("{name}: listed at {source}", name=p.name, source=p.source) + _caveat(confidence)
    return f"{line}. {note}" if note else line


def _partner_line(p: Partner, confidence: Confidence, note: str | None) -> str:
    return f"• {_partner_text(p, confidence, note)}"


def _peer_text(p: Peer) -> str:
    """A peer city's example: where, when, what it did, and the source it was checked against."""
    place = f"{p.city}, {p.region}, {p.year}" if p.year else f"{p.city}, {p.region}"
    # i18n: after a peer city's example; {source} is the address it was checked against
    source = _("Source: {source}", source=p.source)
    return f"{place}: {p.summary} {source}{_mark(p.source)}{_caveat(p.confidence)}"


def _peer_line(p: Peer) -> str:
    return f"• {_peer_text(p)}"
