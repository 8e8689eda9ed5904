"""Readiness in words: what a score report says about certification, said the same way everywhere.

A score report's level is a *points* level. Whether a city meets every
published requirement of that level (the core standards and the outcome
requirement too) is *readiness*. Even then this is a self-assessment: the
official review and the certification decision belong to Results for America.
Texts are plain (no Markdown); every surface adds its own formatting.

>>> from wwc_rules import load_standard, score
>>> standard = load_standard()
>>> answers = {c.code: "met" for c in standard.criteria if c.code not in ("DM1", "LC1", "PA1")}
>>> r = readiness(standard, score(standard, answers, gate_choice="broadband"))
>>> r.ready, r.level.name, r.core_unmet
(False, 'Platinum', ('DM1', 'LC1', 'PA1'))
"""

from __future__ import annotations

from typing import NamedTuple

import wwc_i18n as i18n
from wwc_i18n import N_, _, ngettext

from .models import Level, ScoreReport, Standard


class Readiness(NamedTuple):
    ready: bool
    level: Level | None  # the points level (None: below every threshold)
    core_unmet: tuple[str, ...]
    gate_missing: bool  # the outcome requirement is required and not shown
    headline: str  # one sentence for any surface, in the language in force
    blockers: tuple[str, ...]  # what stands between the points level and readiness, in words


def readiness(standard: Standard, report: ScoreReport) -> Readiness:
    """What ``report`` means for certification, in words that never claim a certification."""
    gate_missing = report.gate.required and not report.gate.passed
    blockers = []
    if report.core.unmet:
        blockers.append(ngettext(
            "the core standard {codes} is not met yet", "the core standards {codes} are not met yet",
            len(report.core.unmet), codes=join_and(report.core.unmet),
        ))
    if gate_missing:
        title = standard.gate.title.lower() if standard.gate else _("outcome requirement")
        blockers.append(_("the outcome requirement ({title}) is not shown yet", title=title))
    level = report.level
    if level is None:
        first = standard.levels[0]
        if blockers:
            headline = _(
                "Not at the points threshold of any level yet ({level} needs {percent}% of criteria met). "
                "Any level also needs what is missing here: {missing}.",
                level=first.name, percent=first.min_percent, missing=join_and(blockers),
            )
        else:
            headline = _(
                "Not at the points threshold of any level yet ({level} needs {percent}% of criteria met).",
                level=first.name, percent=first.min_percent,
            )
    elif report.ready:
        headline = _("Meets the published thresholds for {level}, pending review by Results for America.",
                     level=level.name)
    else:
        headline = _("{level} on points only: not ready for review at any level, because {missing}.",
                     level=level.name, missing=join_and(blockers))
    return Readiness(report.ready, level, report.core.unmet, gate_missing, headline, tuple(blockers))


def core_line(standard: Standard, report: ScoreReport) -> str | None:
    """One line on the core standards, or None when the standard has none."""
    rule = standard.core
    if rule is None or not report.core.codes:
        return None
    if report.core.unmet:
        # i18n: {title} is the name of the core standards ("Core standards"); {codes} e.g. "DM1 and PA1"
        return ngettext(
            "{title} (required for any level): {codes} is not met yet.",
            "{title} (required for any level): {codes} are not met yet.",
            len(report.core.unmet), title=rule.title, codes=join_and(report.core.unmet),
        )
    return _("{title} (required for any level): all met ({codes}).", title=rule.title,
             codes=join_and(report.core.codes))


_SURE = {
    "confirmed": N_("confirmed by official sources"),
    "single_source": N_("from a single official source; confirm it with Results for America"),
    "unsure": N_("not confirmed; check it with Results for America"),
}


def core_rule_text(standard: Standard) -> str | None:
    """The core-standard rule with its source and how sure it is, or None."""
    rule = standard.core
    if rule is None:
        return None
    return _("{rule} Source: {source_name}, {source} ({sure}).", rule=rule.rule, source_name=rule.source_name,
             source=rule.source, sure=_(_SURE[rule.confidence]))


def join_and(items: list[str] | tuple[str, ...]) -> str:
    """``a, b and c`` in the language in force (Spanish ``a, b y c``, Portuguese ``a, b e c``)."""
    return i18n.join_and(list(items))
