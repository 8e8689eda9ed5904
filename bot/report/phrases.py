"""Sentences shared by the renderers, as plain unescaped text (each renderer escapes)."""

from __future__ import annotations

from datetime import datetime

from knowledge.models import Program, ProgramStatus

from .models import AreaLine, CityReport

OUTCOME_REQUIRED = "needed before certification at any level"


TITLE = "What Works Cities self-assessment (readiness report)"
NOT_OFFICIAL = ("This is a self-assessment, not the official Certification report; Results for America reviews "
                "applications, issues the official report and decides certification.")


def headline(r: CityReport) -> str:
    """E.g. "Silver on points: 25 of 43 criteria met (58%)"."""
    s = r.score
    level = f"{s.level.name} on points" if s.level else "No level yet on points"
    return f"{level}: {s.points} of {s.total} criteria met ({s.percent}%)"


def distance(r: CityReport) -> str:
    s = r.score
    if s.next_level is None:
        return f"{r.level_name} is the highest level."
    n = s.needed_for_next
    return f"{n} more criteri{'on' if n == 1 else 'a'} met reach {s.next_level.name} ({s.next_level.min_percent}%)."


def gate_line(r: CityReport) -> str:
    g = r.gate
    if g.title is None:
        return "No outcome requirement in this standard."
    if g.status == "shown":
        return f"{g.title}: shown ({g.choice_label})."
    if g.status == "not yet":
        return f"{g.title}: not shown yet, {OUTCOME_REQUIRED}."
    return f"{g.title}: not answered yet, {OUTCOME_REQUIRED}."


def readiness_line(r: CityReport) -> str:
    """Meets the published thresholds (pending review by Results for America), or what is missing."""
    return r.readiness


def core_line(r: CityReport) -> str:
    return r.core.line or "No core standards in this standard."


def city_line(r: CityReport) -> str:
    c = r.city
    people = f"{c.population:,} residents" if c.population is not None else "population unknown"
    if c.in_americas is False:
        eligible = "not eligible: the program is open only to cities in North, Central and South America"
    elif c.eligible is False:
        eligible = "below the 30,000-resident eligibility threshold"
    elif c.eligible:
        eligible = "eligible (30,000+ residents in the Americas)"
    elif c.population is not None and c.in_americas is None:
        eligible = "eligibility unknown: the program is open to cities in North, Central and South America"
    else:
        eligible = "eligibility unknown"
    return f"{people}; {eligible}"


def program_status(p: Program) -> str:
    """How a program stands today: "open", "may no longer run" or "ran in 2024; not open now"."""
    if p.status is ProgramStatus.OPEN:
        return "open"
    if p.status is ProgramStatus.UNCERTAIN:
        return "may no longer run"
    return f"ran in {p.ran}; not open now; ask the Certification Community whether a new round is planned"


def peer_label(step_code: str, specific: bool) -> str:
    return f"Peer example for {step_code}" if specific else f"Area example (not specific to {step_code})"


def area_label(a: AreaLine) -> str:
    return f"{a.name} ({a.code})"


def area_list(r: CityReport, codes: tuple[str, ...]) -> str:
    if not codes:
        return "none"
    by_code = {a.code: a for a in r.areas}
    return ", ".join(f"{area_label(by_code[c])} {by_code[c].percent}%" for c in codes)


def change_line(r: CityReport) -> str | None:
    """E.g. "Since 2025: No level yet → Silver, 20 → 25 criteria met (+5)"."""
    if r.year_over_year is None:
        return None
    ch = r.year_over_year.change
    before = ch.level_before.name if ch.level_before else "No level yet"
    now = ch.level_now.name if ch.level_now else "No level yet"
    level = f"{before} → {now}" if before != now else f"still {now}"
    return (f"Since {r.year_over_year.year_before}: {level}, {ch.points_before} → {ch.points_now} criteria met "
            f"({ch.points_delta:+d}); {len(ch.gained)} gained, {len(ch.lost)} lost")


def benchmark_line(r: CityReport) -> str:
    b = r.peers.benchmark
    if not b.available:
        return b.note
    return f"{b.note} Peer group: {r.peers.group}."


def ordinal(n: int | None) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st, ...; a dash when there is none."""
    if n is None:
        return "–"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def when(dt: datetime | None) -> str:
    return dt.strftime("%Y-%m-%d") if dt else ""


def stamp(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%d %H:%M %Z").strip()

