"""Sentences shared by the renderers, as plain unescaped text (each renderer escapes)."""

from __future__ import annotations

from datetime import UTC, datetime

import wwc_i18n
from knowledge.models import Program, ProgramStatus
from wwc_i18n import N_, _, long_date, ngettext, number
from wwc_rules import AreaResult

from .models import CityReport

TITLE = N_("What Works Cities self-assessment (readiness report)")
NOT_OFFICIAL = N_("This is a self-assessment, not the official Certification report; Results for America reviews "
                  "applications, issues the official report and decides certification.")


def headline(r: CityReport) -> str:
    """E.g. "Silver on points: 25 of 43 criteria met (58%)"."""
    s = r.score
    if s.level:
        # i18n: {level} is a certification level (Silver, Gold, Platinum); {points} of {total} criteria met.
        return _("{level} on points: {points} of {total} criteria met ({percent}%)",
                 level=s.level.name, points=s.points, total=s.total, percent=s.percent)
    # i18n: {points} of {total} criteria met; {percent} the share met.
    return _("No level yet on points: {points} of {total} criteria met ({percent}%)",
             points=s.points, total=s.total, percent=s.percent)


def distance(r: CityReport) -> str:
    s = r.score
    if s.next_level is None:
        # i18n: {level} is the city's certification level.
        return _("{level} is the highest level.", level=r.level_name)
    # i18n: {level} is the next certification level and {percent} its threshold (% of criteria met).
    return ngettext("{n} more criterion met reach {level} ({percent}%).",
                    "{n} more criteria met reach {level} ({percent}%).",
                    s.needed_for_next, level=s.next_level.name, percent=s.next_level.min_percent)


def gate_line(r: CityReport) -> str:
    g = r.gate
    if g.title is None:
        return _("No outcome requirement in this standard.")
    said = f"“{' '.join(g.words.split())[:200]}”" if g.words else None
    if g.status == "shown" and said:
        # i18n: {title} is the outcome requirement; {choice} the outcome shown; {words} what the person said, quoted.
        return _("{title}: shown ({choice}). In the city's words: {words}", title=g.title, choice=g.choice_label,
                 words=said)
    if g.status == "shown":
        # i18n: {title} is the outcome requirement; {choice} the outcome the city chose to show.
        return _("{title}: shown ({choice}).", title=g.title, choice=g.choice_label)
    if g.status == "not yet" and said:
        # i18n: {title} is the outcome requirement; {words} what the person said, quoted.
        return _("{title}: not shown yet, needed before certification at any level. In the city's words: {words}",
                 title=g.title, words=said)
    if g.status == "not yet":
        # i18n: {title} is the outcome requirement.
        return _("{title}: not shown yet, needed before certification at any level.", title=g.title)
    # i18n: {title} is the outcome requirement.
    return _("{title}: not answered yet, needed before certification at any level.", title=g.title)


def readiness_line(r: CityReport) -> str:
    """Meets the published thresholds (pending review by Results for America), or what is missing."""
    return r.readiness


def core_line(r: CityReport) -> str:
    return r.core.line or _("No core standards in this standard.")


def city_line(r: CityReport) -> str:
    c = r.city
    if c.population is not None:
        people = ngettext("{n} resident", "{n} residents", c.population)
    else:
        people = _("population unknown")
    if c.in_americas is False:
        eligible = _("not eligible: the program is open only to cities in North, Central and South America")
    elif c.eligible is False:
        eligible = _("below the 30,000-resident eligibility threshold")
    elif c.eligible:
        eligible = _("eligible (30,000+ residents in the Americas)")
    elif c.population is not None and c.in_americas is None:
        eligible = _("eligibility unknown: the program is open to cities in North, Central and South America")
    else:
        eligible = _("eligibility unknown")
    # i18n: {population} is "185,000 residents" or "population unknown"; {eligibility} whether the city may apply.
    return _("{population}; {eligibility}", population=people, eligibility=eligible)


def program_status(p: Program) -> str:
    """How a program stands today: "open", "may no longer run" or "ran in 2024; not open now"."""
    if p.status is ProgramStatus.OPEN:
        return _("open")
    if p.status is ProgramStatus.UNCERTAIN:
        return _("may no longer run")
    # i18n: {ran} is when a past program ran (e.g. "2024").
    return _("ran in {ran}; not open now; ask the Certification Community whether a new round is planned", ran=p.ran)


def peer_label(step_code: str, specific: bool) -> str:
    if specific:
        # i18n: {code} is a criterion code (e.g. DM1).
        return _("Peer example for {code}", code=step_code)
    # i18n: {code} is a criterion code (e.g. DM1).
    return _("Area example (not specific to {code})", code=step_code)


def area_label(a: AreaResult) -> str:
    return f"{a.name} ({a.code})"


def area_list(r: CityReport, codes: tuple[str, ...]) -> str:
    if not codes:
        return _("none")
    return ", ".join(f"{area_label(r.score.area(c))} {r.score.area(c).percent}%" for c in codes)


def change_line(r: CityReport) -> str | None:
    """E.g. "Since 2025: No level yet → Silver, 20 → 25 criteria met (+5)"."""
    if r.year_over_year is None:
        return None
    ch = r.year_over_year.change
    before = ch.level_before.name if ch.level_before else _("No level yet")
    now = ch.level_now.name if ch.level_now else _("No level yet")
    values = {
        "year": r.year_over_year.year_before, "before": before, "now": now, "points_before": ch.points_before,
        "points_now": ch.points_now, "delta": f"{ch.points_delta:+d}", "gained": len(ch.gained), "lost": len(ch.lost),
    }
    if before != now:
        # i18n: {year} is last assessment's year; {before} → {now} are levels; {points_before} → {points_now}
        # criteria met, {delta} the signed difference (+5); {gained} and {lost} are numbers of criteria.
        return _("Since {year}: {before} → {now}, {points_before} → {points_now} criteria met ({delta}); "
                 "{gained} gained, {lost} lost", **values)
    # i18n: as above; the level ({now}) did not change.
    return _("Since {year}: still {now}, {points_before} → {points_now} criteria met ({delta}); "
             "{gained} gained, {lost} lost", **values)


def benchmark_line(r: CityReport) -> str:
    b = r.peers.benchmark
    if not b.available:
        return b.note
    # i18n: {note} is a sentence about the peer benchmarks; {group} describes the peers (e.g. "cities of 30,000-99,999
    # residents").
    return _("{note} Peer group: {group}.", note=b.note, group=r.peers.group)


def ordinal(n: int | None) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st, ... in English, the language's own ordinal otherwise; a dash when there is none."""
    if n is None:
        return "–"
    if wwc_i18n.current() != wwc_i18n.ENGLISH:
        # i18n: an ordinal number, here a percentile rank ("you are {n}º percentile"): 50º, 50.º, ...
        return _("{n}º", n=number(n))
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def when(dt: datetime | None) -> str:
    return dt.strftime("%Y-%m-%d") if dt else ""


def stamp(dt: datetime) -> str:
    """When a report was made, in words and in UTC (``December 1, 2026, 05:55 UTC``; the city's time zone is
    not known)."""
    at = dt.astimezone(UTC) if dt.tzinfo else dt.replace(tzinfo=UTC)
    return f"{long_date(at.date())}, {at:%H:%M} UTC"

