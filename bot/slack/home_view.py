"""The App Home tab: level, checkup progress, a progress bar per practice area, continue, top next steps (pure)."""

from __future__ import annotations

from bot.engine import Dashboard

from . import ids
from .blocks import MAX_SECTION, button, escape, plain

BAR = 12
MAX_HOME_BLOCKS = 100


def bar(done: int, total: int, width: int = BAR) -> str:
    """A text progress bar: ``bar(3, 6)`` is six full and six empty cells."""
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def _section(text: str) -> dict:
    if len(text) > MAX_SECTION:
        text = text[: MAX_SECTION - 1] + "…"
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:MAX_SECTION]}]}


SELF_ASSESSMENT = ("A self-assessment, not the official Certification report; Results for America reviews "
                   "applications and decides certification.")


def readiness(d: Dashboard) -> str:
    """Whether the city meets every published requirement of its points level, in words (never "certified")."""
    if d.level and d.certifiable:
        return f"Meets the published thresholds for {d.level}, pending review by Results for America."
    missing = []
    if d.core_unmet:
        missing.append(f"the core standards {', '.join(d.core_unmet)} (required for any level)")
    if d.gate_shown is False:
        missing.append("the outcome requirement")
    if not missing:
        if d.gate_shown is not None:  # told, and nothing is missing but points
            return ""
        # Not told which is missing: state the rule, see the report for the detail.
        rule = "every core standard must be met and the outcome requirement shown (the report says which is missing)"
        return f"Not ready for review at any level yet: {rule}." if d.level else f"Any level also needs: {rule}."
    if d.level:
        return f"Not ready for review at any level yet: still needed, {' and '.join(missing)}."
    return f"Any level also needs {' and '.join(missing)}."


def home(d: Dashboard) -> dict:
    """The Home view of a city's team member."""
    level = f"*{d.level}* (on points)" if d.level else "no level yet"
    lines = [f"Level: {level} · {d.percent}% ({d.points} of {d.total} points) · {d.answered} of "
             f"{sum(a.total for a in d.areas)} criteria answered"]
    ready = readiness(d)
    if ready:
        lines.append(ready)
    if d.next_level:
        lines.append(f"Next: *{d.next_level}*, {d.needed_for_next} more point{'s' if d.needed_for_next != 1 else ''} to go.")
    if d.checkup:
        c = d.checkup
        tail = (f", {c.new} new" if c.new else "") + (f", {c.to_go} to go" if c.to_go else "")
        lines.append(f"Annual checkup from {c.from_year}: {c.confirmed} still true, {c.changed} changed{tail}.")
    blocks: list[dict] = [
        {"type": "header", "text": plain(f"WWC self-assessment: {d.city} ({d.year})", 150)},
        _section("\n".join(lines)),
        _context(SELF_ASSESSMENT),
    ]
    if d.next_question:
        blocks.append({
            "type": "section",
            "text": {"type": "mrkdwn", "text": f"Next question: *{d.next_question.code}* {escape(d.next_question.title)}"},
            "accessory": button("Continue", "continue", ids.option_action_id(0), "primary"),
        })
    else:
        blocks.append({
            "type": "section",
            "text": {"type": "mrkdwn", "text": "Every criterion is answered. See the report for your score and roadmap."},
            "accessory": button("Report", "report", ids.option_action_id(0), "primary"),
        })
    blocks += [{"type": "divider"}, {"type": "header", "text": plain("Practice areas", 150)}]
    for n, area in enumerate(d.areas, start=1):
        who = f" · assigned to {escape(area.assignee)}" if area.assignee else ""
        blocks.append({
            "type": "section",
            "text": {"type": "mrkdwn", "text": f"*{escape(area.name)}* ({area.code})\n`{bar(area.answered, area.total)}` "
                                               f"{area.answered}/{area.total} answered · {area.met} met{who}"},
            "accessory": button("Answer", f"area:{area.code}", ids.option_action_id(n)),
        })
    if d.next_steps:
        blocks += [{"type": "divider"}, {"type": "header", "text": plain("Top next steps", 150)}]
        for step in d.next_steps[:3]:
            link = f"\n<{step.url}|{escape(step.title)}>" if step.url and "|" not in step.url and ">" not in step.url else ""
            blocks.append(_section(f"*{step.code}* {escape(step.text)}{link}"))
            blocks.append(_context(escape(step.reason)))
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}


def network_section(view: object) -> list[dict]:
    """The network team's part of the Home (network admins only): the latest anonymous snapshot in brief."""
    cities = getattr(view, "cities", 0)
    if not cities:
        return [{"type": "divider"}, {"type": "header", "text": plain("The network", 150)},
                _section(escape(getattr(view, "note", "No snapshot yet.")))]
    levels = ", ".join(f"{name} {count if count is not None else 'fewer than 5'}"
                       for name, count in getattr(view, "levels", {}).items())
    gaps = ", ".join(getattr(view, "gaps", ())) or "none"
    unsure = ", ".join(getattr(view, "unsure", ())) or "none"
    snapshot = getattr(view, "snapshot", None)
    when = f"{snapshot:%d %b %Y}" if snapshot else "?"
    return [
        {"type": "divider"},
        {"type": "header", "text": plain("The network (network admins)", 150)},
        _section(f"{cities} cities in the snapshot of {when}. Levels: {levels}.\n"
                 f"Most common gaps: {gaps}. Most common Not sure: {unsure}.\n"
                 "Say `/wwc network` for the full view and chart; `/wwc sprint open PROGRAM` invites cities with a gap."),
    ]


def welcome() -> dict:
    """The Home view for someone not on a city's team yet."""
    return {"type": "home", "blocks": [
        {"type": "header", "text": plain("WWC Certification assistant", 150)},
        _section("I walk your city through What Works Cities Certification: 43 criteria in 8 practice areas, one "
                 "question at a time, with a dashboard here and next steps for every gap.\n"
                 "Press *Start* (or send me a direct message) and tell me which city you're with."),
        {"type": "actions", "elements": [button("Start", "continue", ids.option_action_id(0), "primary")]},
    ]}
