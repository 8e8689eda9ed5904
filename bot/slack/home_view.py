"""The App Home tab: level, checkup progress, a progress bar per practice area, continue, top next steps (pure).

It renders the report's Home view (``bot.report.compose.dashboard_view``): every figure it shows is the report's.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

import wwc_i18n as i18n
from bot.report.models import Dashboard
from wwc_i18n import N_, _, ngettext

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


SELF_ASSESSMENT = N_("A self-assessment, not the official Certification report; Results for America reviews "
                     "applications and decides certification.")


def readiness(d: Dashboard) -> str:
    """Whether the city meets every published requirement of its points level, in words (never "certified")."""
    if d.level and d.certifiable:
        # i18n: {level} is a level's name (Silver, Gold...).
        return _("Meets the published thresholds for {level}, pending review by Results for America.", level=d.level)
    core = ", ".join(d.core_unmet)  # criterion codes (DM1, LC1)
    gate = d.gate_shown is False
    if not core and not gate:
        if d.gate_shown is not None:  # told, and nothing is missing but points
            return ""
        # Not told which is missing: state the rule, see the report for the detail.
        if d.level:
            return _("Not ready for review at any level yet: every core standard must be met and the outcome "
                     "requirement shown (the report says which is missing).")
        return _("Any level also needs: every core standard must be met and the outcome requirement shown (the "
                 "report says which is missing).")
    if d.level:
        if core and gate:
            # i18n: {core} is a comma-separated list of criterion codes (DM1, LC1).
            return _("Not ready for review at any level yet: still needed, the core standards {core} (required for "
                     "any level) and the outcome requirement.", core=core)
        if core:
            # i18n: {core} is a comma-separated list of criterion codes (DM1, LC1).
            return _("Not ready for review at any level yet: still needed, the core standards {core} (required for "
                     "any level).", core=core)
        return _("Not ready for review at any level yet: still needed, the outcome requirement.")
    if core and gate:
        # i18n: {core} is a comma-separated list of criterion codes (DM1, LC1).
        return _("Any level also needs the core standards {core} (required for any level) and the outcome "
                 "requirement.", core=core)
    if core:
        # i18n: {core} is a comma-separated list of criterion codes (DM1, LC1).
        return _("Any level also needs the core standards {core} (required for any level).", core=core)
    return _("Any level also needs the outcome requirement.")


def home(d: Dashboard) -> dict:
    """The Home view of a city's team member: ``d`` is the Home's view of the city's report."""
    figures = {"percent": d.percent, "points": d.points, "total": d.total, "answered": d.answered,
               "criteria": sum(a.total for a in d.areas)}
    if d.level:
        # i18n: {level} is a level's name (Silver, Gold...); the other placeholders are numbers.
        lines = [_("Level: *{level}* (on points) · {percent}% ({points} of {total} points) · {answered} of "
                   "{criteria} criteria answered", level=d.level, **figures)]
    else:
        lines = [_("Level: no level yet · {percent}% ({points} of {total} points) · {answered} of "
                   "{criteria} criteria answered", **figures)]
    ready = readiness(d)
    if ready:
        lines.append(ready)
    if d.next_level:
        # i18n: {level} is the next level's name (Silver, Gold...).
        lines.append(ngettext("Next: *{level}*, {n} more point to go.", "Next: *{level}*, {n} more points to go.",
                              d.needed_for_next, level=d.next_level))
    if d.checkup:
        lines.append(_checkup_line(d))
    blocks: list[dict] = [
        # i18n: a header (at most 150 characters); {city} is the city's name, {year} the assessment's year.
        {"type": "header", "text": plain(_("WWC self-assessment: {city} ({year})", city=d.city, year=d.year), 150)},
        _section("\n".join(lines)),
        _context(_(SELF_ASSESSMENT)),
    ]
    if d.next_question:
        # i18n: {code} is a criterion's code, {title} its title.
        text = _("Next question: *{code}* {title}", code=d.next_question.code, title=escape(d.next_question.title))
        blocks.append({
            "type": "section",
            "text": {"type": "mrkdwn", "text": text[:MAX_SECTION]},
            # i18n: a button (at most 75 characters).
            "accessory": button(_("Continue"), "continue", ids.option_action_id(0), "primary"),
        })
    else:
        blocks.append({
            "type": "section",
            "text": {"type": "mrkdwn",
                     "text": _("Every criterion is answered. See the report for your score and roadmap.")[:MAX_SECTION]},
            # i18n: a button (at most 75 characters).
            "accessory": button(_("Report"), "report", ids.option_action_id(0), "primary"),
        })
    # i18n: a header (at most 150 characters).
    blocks += [{"type": "divider"}, {"type": "header", "text": plain(_("Practice areas"), 150)}]
    for n, area in enumerate(d.areas, start=1):
        progress = {"area": escape(area.name), "code": area.code, "bar": bar(area.answered, area.total),
                    "answered": area.answered, "total": area.total, "met": area.met}
        if area.assignee:
            # i18n: {area} is a practice area's name and {code} its code; `{bar}` is a progress bar drawn with
            # blocks (keep the backquotes); {assignee} is a person's name.
            text = _("*{area}* ({code})\n`{bar}` {answered}/{total} answered · {met} met · assigned to {assignee}",
                     assignee=escape(area.assignee), **progress)
        else:
            # i18n: {area} is a practice area's name and {code} its code; `{bar}` is a progress bar drawn with
            # blocks (keep the backquotes).
            text = _("*{area}* ({code})\n`{bar}` {answered}/{total} answered · {met} met", **progress)
        blocks.append({
            "type": "section",
            "text": {"type": "mrkdwn", "text": text[:MAX_SECTION]},
            # i18n: a button (at most 75 characters).
            "accessory": button(_("Answer"), f"area:{area.code}", ids.option_action_id(n)),
        })
    if d.next_steps:
        # i18n: a header (at most 150 characters).
        blocks += [{"type": "divider"}, {"type": "header", "text": plain(_("Top next steps"), 150)}]
        for step in d.next_steps[:3]:
            link = f"\n<{step.url}|{escape(step.title)}>" if step.url and "|" not in step.url and ">" not in step.url else ""
            blocks.append(_section(f"*{step.code}* {escape(step.text)}{link}"))
            blocks.append(_context(escape(step.reason)))
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}


def _checkup_line(d: Dashboard) -> str:
    """The annual checkup's progress, in one sentence."""
    c = d.checkup
    assert c is not None
    counts = {"year": c.from_year, "confirmed": c.confirmed, "changed": c.changed, "new": c.new, "to_go": c.to_go}
    # i18n: {year} is last year's assessment; the other placeholders are numbers of criteria.
    if c.new and c.to_go:
        return _("Annual checkup from {year}: {confirmed} still true, {changed} changed, {new} new, {to_go} to go.",
                 **counts)
    if c.new:
        return _("Annual checkup from {year}: {confirmed} still true, {changed} changed, {new} new.", **counts)
    if c.to_go:
        return _("Annual checkup from {year}: {confirmed} still true, {changed} changed, {to_go} to go.", **counts)
    return _("Annual checkup from {year}: {confirmed} still true, {changed} changed.", **counts)


def _snapshot_date(when: date | None) -> str:
    """The snapshot's day as ``05 Mar 2026``, in the language in force."""
    if not when:
        return "?"
    return format_date(when, "dd MMM yyyy", locale=i18n.LOCALES[i18n.current()])


def network_section(view: object) -> list[dict]:
    """The network team's part of the Home (network admins only): the latest anonymous snapshot in brief."""
    cities = getattr(view, "cities", 0)
    if not cities:
        note = getattr(view, "note", None)
        # i18n: a header (at most 150 characters).
        return [{"type": "divider"}, {"type": "header", "text": plain(_("The network"), 150)},
                _section(escape(note if isinstance(note, str) else _("No snapshot yet.")))]
    # i18n: one item of a comma-separated list of levels and how many cities hold each ("Silver 12, Gold 7").
    levels = ", ".join(f"{name} {count}" if count is not None else _("{level} fewer than 5", level=name)
                       for name, count in getattr(view, "levels", {}).items())
    gaps = ", ".join(getattr(view, "gaps", ()))
    unsure = ", ".join(getattr(view, "unsure", ()))
    # i18n: {date} is the day of the snapshot; {levels} a list such as "Silver 12, Gold 7".
    lines = [_("{cities} cities in the snapshot of {date}. Levels: {levels}.", cities=cities,
               date=_snapshot_date(getattr(view, "snapshot", None)), levels=levels)]
    # i18n: {codes} is a comma-separated list of criterion codes.
    most = [_("Most common gaps: {codes}.", codes=gaps) if gaps else _("Most common gaps: none."),
            # i18n: “Not sure” is the answer of that name; {codes} a comma-separated list of criterion codes.
            _("Most common Not sure: {codes}.", codes=unsure) if unsure else _("Most common Not sure: none.")]
    lines.append(" ".join(most))
    # i18n: `/wwc network` and `/wwc sprint open PROGRAM` are commands the person types: keep them in English.
    lines.append(_("Say `/wwc network` for the full view and chart; `/wwc sprint open PROGRAM` invites cities with "
                   "a gap."))
    return [
        {"type": "divider"},
        # i18n: a header (at most 150 characters).
        {"type": "header", "text": plain(_("The network (network admins)"), 150)},
        _section("\n".join(lines)),
    ]


def welcome() -> dict:
    """The Home view for someone not on a city's team yet."""
    return {"type": "home", "blocks": [
        # i18n: a header (at most 150 characters).
        {"type": "header", "text": plain(_("WWC Certification assistant"), 150)},
        # i18n: *Start* is the button below: use the same word as its label.
        _section(_("I walk your city through What Works Cities Certification: 43 criteria in 8 practice areas, one "
                   "question at a time, with a dashboard here and next steps for every gap.\n"
                   "Press *Start* (or send me a direct message) and tell me which city you're with.")),
        # i18n: a button (at most 75 characters).
        {"type": "actions", "elements": [button(_("Start"), "continue", ids.option_action_id(0), "primary")]},
    ]}
