"""Building cities, assessments and reports through the real store, for the report tests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from bot.report import CityReport, build_city_report
from bot.store import City, Store
from knowledge import load_knowledge
from wwc_rules import Outcome, load_standard

STANDARD = load_standard()
KB = load_knowledge(STANDARD)
CODES = [c.code for c in STANDARD.criteria]
GENERATED = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, start: datetime = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def add_city(
    store: Store,
    name: str,
    *,
    region: str = "Peerland",
    population: int | None = 150_000,
    workspace: str = "T1",
    lead: str | None = None,
) -> City:
    city, _ = store.create_city(workspace, name, region, population, lead=lead or f"U_{name}", lead_name=f"Lead {name}")
    return city


def add_assessment(
    store: Store,
    city: City,
    answers: Mapping[str, Outcome],
    *,
    year: int = 2026,
    complete: bool = True,
    gate: str | None = "broadband",
    by: str = "U_ANA",
    by_name: str | None = "Ana",
) -> int:
    """One assessment with ``answers``; every other criterion stays unanswered."""
    assessment = store.start_assessment(city.id, STANDARD.id, year)
    for code, outcome in answers.items():
        store.record_answer(assessment.id, code, outcome, by=by, by_name=by_name)
    if gate:
        store.set_gate(assessment.id, gate)
    if complete:
        store.set_status(assessment.id, "complete")
    return assessment.id


def all_answered(met: set[str], rest: Outcome = Outcome.NOT_YET) -> dict[str, Outcome]:
    return {code: Outcome.MET if code in met else rest for code in CODES}


def report_of(store: Store, city: City) -> CityReport:
    return build_city_report(store, STANDARD, KB, city.id, clock=lambda: GENERATED)
