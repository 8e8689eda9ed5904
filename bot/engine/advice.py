"""The engine's door to ``knowledge/``: roadmaps and answers to free-text questions.

The knowledge package is optional at run time: if it is missing or fails
to load, the roadmap falls back to the shortest path from ``wwc_rules`` and
questions get a pointer to the commands, so the assessment never stops.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from wwc_i18n import _
from wwc_rules import Outcome, ScoreReport, Standard

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RoadmapItem:
    """One gap with what to do next and who or what can help."""

    code: str
    title: str
    area: str
    outcome: Outcome
    next_step: str
    reason: str
    links: tuple[tuple[str, str], ...] = ()  # (title, url): guides, toolkits, courses
    program: tuple[str, str] | None = None  # (name, url), e.g. a Sprint
    partner: tuple[str, str] | None = None  # (name, url)
    peer: str | None = None  # "Tempe, AZ: what they did"
    answered: bool = True  # False when nobody has answered the criterion yet (the score counts it as not sure)


@dataclass(frozen=True)
class Answer:
    text: str
    start_area: str | None = None  # offer to start answering this area
    suggestions: tuple[str, ...] = ()


def _knowledge_api(name: str) -> Any:
    try:
        import knowledge
    except Exception:
        log.warning("knowledge package unavailable", exc_info=True)
        return None
    fn = getattr(knowledge, name, None)
    if not callable(fn):
        log.warning("knowledge.%s is missing; falling back", name)
        return None
    return fn


class Advisor:
    """Roadmaps and answers for one standard; loads the knowledge base on first use."""

    def __init__(self, standard: Standard, knowledge: Any = None) -> None:
        self.standard = standard
        self._kb = knowledge
        self._tried = knowledge is not None

    @property
    def kb(self) -> Any:
        current = _knowledge_api("current_knowledge")
        if current is not None and self._kb is not None:
            latest = current(self.standard)  # the network team may have reloaded it since
            if latest is not None:
                self._kb = latest
        if not self._tried:
            self._tried = True
            load = _knowledge_api("load_knowledge")
            try:
                self._kb = load(self.standard) if load else None
            except Exception:
                log.warning("could not load the knowledge base; using the built-in roadmap", exc_info=True)
        return self._kb

    def roadmap(self, report: ScoreReport, *, area: str | None = None, limit: int = 5) -> list[RoadmapItem]:
        """The top ``limit`` gaps of ``report`` with next steps (from knowledge when available)."""
        recommend = _knowledge_api("recommend") if self.kb is not None else None
        if recommend is not None:
            try:
                roadmap = recommend(self.kb, self.standard, report, area=area, limit=limit)
                return [_item(step) for step in roadmap.steps]
            except Exception:
                log.warning("knowledge.recommend failed; using the built-in roadmap", exc_info=True)
        return self._fallback(report, area, limit)

    def _fallback(self, report: ScoreReport, area: str | None, limit: int) -> list[RoadmapItem]:
        path = [s.code for s in report.path_to_next]
        rest = [c.code for c in self.standard.criteria if c.code not in path]
        items = []
        for code in path + rest:
            c = self.standard.criterion(code)
            outcome = report.outcomes[code]
            if outcome is Outcome.MET and code not in report.blocked or (area and c.area != area):
                continue
            items.append(
                RoadmapItem(
                    code=code,
                    title=c.title,
                    area=c.area,
                    outcome=outcome,
                    # i18n: a roadmap step; {what_counts} is the first thing that counts as met for the criterion
                    next_step=_("Work toward: {what_counts}.", what_counts=c.what_counts[0]),
                    reason=(
                        # i18n: why a roadmap step comes now, shown after "Why here:"; {code} is a criterion code
                        _("because nobody has answered {code} yet", code=code)
                        if code in report.unanswered
                        # i18n: why a roadmap step comes now, shown after "Why here:"; {answer} is the answer given
                        # (Met, In progress, ...) and {code} a criterion code
                        else _("because you answered {answer} on {code}", answer=outcome.label, code=code)
                    ),
                    answered=code not in report.unanswered,
                )
            )
        return items[:limit]

    def answer(self, text: str, report: ScoreReport | None) -> Answer | None:
        """The knowledge base's answer to a free-text question, or None if it cannot help."""
        ask = _knowledge_api("answer_question") if self.kb is not None else None
        if ask is None:
            return None
        try:
            reply = ask(text, self.standard, self.kb, report)
        except Exception:
            log.warning("knowledge.answer_question failed", exc_info=True)
            return None
        intent = getattr(reply, "intent", None)
        if not getattr(reply, "text", None) or getattr(intent, "value", intent) == "unknown":
            return None
        return Answer(
            text=reply.text,
            start_area=getattr(reply, "offer_start_area", None),
            suggestions=tuple(getattr(reply, "suggestions", ()) or ()),
        )


def _item(step: Any) -> RoadmapItem:
    program = getattr(step, "program", None)
    partner = getattr(step, "partner", None)
    peer = getattr(step, "peer", None)
    return RoadmapItem(
        code=step.code,
        title=step.title,
        area=step.area,
        outcome=step.outcome,
        next_step=step.next_step,
        reason=step.reason,
        links=tuple((r.title, str(r.url)) for r in getattr(step, "resources", ())),
        program=(program.name, str(program.url)) if program else None,
        partner=(partner.name, str(partner.url)) if partner else None,
        peer=f"{peer.city}, {peer.region}: {peer.summary}" if peer else None,
        answered=getattr(step, "answered", True),
    )
