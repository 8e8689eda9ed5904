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

from .models import Level, ScoreReport, Standard

REVIEW = "pending review by Results for America"


class Readiness(NamedTuple):
    ready: bool
    level: Level | None  # the points level (None: below every threshold)
    core_unmet: tuple[str, ...]
    gate_missing: bool  # the outcome requirement is required and not shown
    headline: str  # one sentence for any surface
    blockers: tuple[str, ...]  # what stands between the points level and readiness, in words


def readiness(standard: Standard, report: ScoreReport) -> Readiness:
    """What ``report`` means for certification, in words that never claim a certification."""
    gate_missing = report.gate.required and not report.gate.passed
    blockers = []
    if report.core.unmet:
        blockers.append(f"the core {_standards(report.core.unmet)} {_is_are(report.core.unmet)} not met yet")
    if gate_missing:
        title = standard.gate.title.lower() if standard.gate else "outcome requirement"
        blockers.append(f"the outcome requirement ({title}) is not shown yet")
    level = report.level
    if level is None:
        first = standard.levels[0]
        headline = (
            f"Not at the points threshold of any level yet ({first.name} needs {first.min_percent}% of "
            "criteria met)."
        )
        if blockers:
            headline += f" Any level also needs what is missing here: {join_and(blockers)}."
    elif report.ready:
        headline = f"Meets the published thresholds for {level.name}, {REVIEW}."
    else:
        headline = f"{level.name} on points only: not ready for review at any level, because {join_and(blockers)}."
    return Readiness(report.ready, level, report.core.unmet, gate_missing, headline, tuple(blockers))


def core_line(standard: Standard, report: ScoreReport) -> str | None:
    """One line on the core standards, or None when the standard has none."""
    rule = standard.core
    if rule is None or not report.core.codes:
        return None
    codes = join_and(list(report.core.codes))
    if report.core.unmet:
        return (
            f"{rule.title} (required for any level): {join_and(list(report.core.unmet))} "
            f"{_is_are(report.core.unmet)} not met yet."
        )
    return f"{rule.title} (required for any level): all met ({codes})."


def core_rule_text(standard: Standard) -> str | None:
    """The core-standard rule with its source and how sure it is, or None."""
    rule = standard.core
    if rule is None:
        return None
    sure = {
        "confirmed": "confirmed by official sources",
        "single_source": "from a single official source; confirm it with Results for America",
        "unsure": "not confirmed; check it with Results for America",
    }[rule.confidence]
    return f"{rule.rule} Source: {rule.source_name}, {rule.source} ({sure})."


def join_and(items: list[str] | tuple[str, ...]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _standards(codes: tuple[str, ...]) -> str:
    return ("standard " if len(codes) == 1 else "standards ") + join_and(list(codes))


def _is_are(codes: tuple[str, ...]) -> str:
    return "is" if len(codes) == 1 else "are"
