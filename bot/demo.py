"""``wwc-bot demo``: a synthetic network of cities in a separate demo database.

Newcomers see peer benchmarks, year-over-year change and the full report at
once. Every city is labelled "Demo City NN (synthetic)" in region "Demo",
evidence links point to example.org, and the database is marked as demo in
its ``meta`` table. Demo data never goes into a database that is not a demo
one. The same seed and day always give the same network.
"""

from __future__ import annotations

import json
import random
import shlex
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from wwc_rules import Outcome, Phase, Standard, load_standard, score

from .settings import Settings
from .store import Role, Store
from .store.reporting import all_cities, inspect_database, is_demo, mark_demo

DEMO_DB = "wwc-demo.db"
WORKSPACE = "demo"
REGION = "Demo"
DEFAULT_CITIES = 12
DEFAULT_SEED = 7
MAX_CITIES = 99

# Foundational work is more often in place: the phase of the 2015 Standard shifts the odds of "met".
_PHASE_BONUS = {Phase.COMMIT: 0.20, Phase.MEASURE: 0.05, Phase.TAKE_STOCK: -0.05, Phase.ACT: -0.15}
# Who answers each practice area in a demo city.
_ROLES = {"lead": "Demo Lead", "analyst": "Demo Data Analyst", "budget": "Demo Budget Officer"}
_AREA_ROLE = {"DM": "analyst", "LC": "lead", "OD": "analyst", "PA": "analyst",
              "BF": "budget", "RDC": "budget", "CI": "lead", "EVAL": "budget"}
_POPULATIONS = ((45_000, 95_000), (120_000, 480_000), (520_000, 1_400_000))
_NOTES = ("Council resolution (synthetic example)", "Published policy page (synthetic example)",
          "Dashboard screenshot (synthetic example)", "Internal memo (synthetic example)",
          "Meeting minutes (synthetic example)")


class DemoError(RuntimeError):
    """The demo cannot be written where asked; the message says why."""


@dataclass(frozen=True)
class DemoSummary:
    cities: tuple[str, ...]
    years: tuple[int, int]
    assessments: int
    answers: int
    evidence: int
    users: int


def city_name(number: int) -> str:
    return f"Demo City {number:02d} (synthetic)"


class _Stamps:
    """The store's clock during the build: a time the builder sets by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def build_demo(store: Store, standard: Standard, *, cities: int, seed: int, today: date) -> DemoSummary:
    """Fill ``store`` with ``cities`` synthetic cities, each with last year's and this year's assessment."""
    if not 1 <= cities <= MAX_CITIES:
        raise DemoError(f"the demo has 1 to {MAX_CITIES} cities, not {cities}")
    if all_cities(store) and not is_demo(store):
        raise DemoError("this database holds real cities; demo data never goes into a real database")
    mark_demo(store, json.dumps({"seed": seed, "cities": cities, "day": today.isoformat()}))
    network = random.Random(f"{seed}:network")
    difficulty = {c.code: network.uniform(-0.12, 0.12) for c in standard.criteria}
    stamps = _Stamps(datetime.combine(today, time(12), UTC))
    original, store.clock, monotonic = store.clock, stamps, store.monotonic
    store.monotonic = False  # the demo writes last year's history after this year's set-up
    try:
        built = [_city(store, standard, n, random.Random(f"{seed}:{n}"), difficulty, stamps, today)
                 for n in range(1, cities + 1)]
    finally:
        store.clock, store.monotonic = original, monotonic
    return DemoSummary(
        cities=tuple(city_name(n) for n in range(1, cities + 1)),
        years=(today.year - 1, today.year),
        assessments=2 * cities,
        answers=sum(a for a, _ in built),
        evidence=sum(e for _, e in built),
        users=len(_ROLES) * cities,
    )


def _city(store: Store, standard: Standard, n: int, rng: random.Random, difficulty: dict[str, float],
          stamps: _Stamps, today: date) -> tuple[int, int]:
    """One demo city with two completed assessments; returns (answers, evidence links)."""
    low, high = _POPULATIONS[n % len(_POPULATIONS)]
    users = {role: (f"demo-{n:02d}-{role}", f"{title} {n:02d}") for role, title in _ROLES.items()}
    lead, lead_name = users["lead"]
    stamps.now = datetime(today.year - 1, 2, 1, 9, tzinfo=UTC)
    city, _ = store.create_city(WORKSPACE, city_name(n), REGION, rng.randrange(low, high, 1000),
                                lead=lead, lead_name=lead_name)
    for role, (user, name) in users.items():
        if role != "lead":
            store.add_member(WORKSPACE, user, city.id, added_by=lead, name=name, role=Role.MEMBER)

    maturity = rng.uniform(0.25, 0.80)
    first = {c.code: _first_year(rng, maturity + _PHASE_BONUS[c.phase] + difficulty[c.code])
             for c in standard.criteria}
    second = {code: _next_year(rng, outcome) for code, outcome in first.items()}
    gate = rng.choice(standard.gate.options).id if standard.gate else None
    now = datetime.combine(today, time(9), UTC)
    # This year's work ends before this month began (when the year allows), so the peer benchmarks' and the
    # network view's monthly snapshot already holds it.
    month_start = datetime(today.year, today.month, 1, 9, tzinfo=UTC)
    end = month_start - timedelta(days=1) if today.month > 1 else now
    this_year = max(datetime(today.year, 1, 1, tzinfo=UTC), end - timedelta(days=56))
    years = ((today.year - 1, first, datetime(today.year - 1, 3, 1, 9, tzinfo=UTC), timedelta(days=90)),
             (today.year, second, this_year, end - this_year))
    done = [_assessment(store, standard, city.id, year, answers, users, gate, rng, stamps, start, span, n)
            for year, answers, start, span in years]
    return sum(a for a, _ in done), sum(e for _, e in done)


def _first_year(rng: random.Random, chance: float) -> Outcome:
    if rng.random() < min(max(chance, 0.03), 0.97):
        return Outcome.MET
    roll = rng.random()
    return Outcome.IN_PROGRESS if roll < 0.40 else Outcome.NOT_YET if roll < 0.85 else Outcome.NOT_SURE


def _next_year(rng: random.Random, last: Outcome) -> Outcome:
    """A year of progress: work in progress mostly lands, a few met criteria lapse."""
    roll = rng.random()
    if last is Outcome.MET:
        return Outcome.MET if roll < 0.95 else Outcome.IN_PROGRESS
    if last is Outcome.IN_PROGRESS:
        return Outcome.MET if roll < 0.55 else Outcome.IN_PROGRESS
    if last is Outcome.NOT_SURE:
        return Outcome.MET if roll < 0.45 else Outcome.NOT_YET
    return Outcome.MET if roll < 0.15 else Outcome.IN_PROGRESS if roll < 0.50 else Outcome.NOT_YET


def _assessment(store: Store, standard: Standard, city_id: int, year: int, answers: dict[str, Outcome],
                users: dict[str, tuple[str, str]], gate: str | None, rng: random.Random, stamps: _Stamps,
                start: datetime, span: timedelta, n: int) -> tuple[int, int]:
    """Record one year's answers, evidence, area assignments and gate; returns (answers, evidence links)."""
    stamps.now = start
    assessment = store.start_assessment(city_id, standard.id, year)
    lead = users["lead"][0]
    for area, role in _AREA_ROLE.items():
        store.assign_area(assessment.id, area, users[role][0], by=lead)
    offsets = sorted(rng.uniform(0, span.total_seconds()) for _ in standard.criteria)
    evidence = 0
    for c, offset in zip(standard.criteria, offsets, strict=True):
        stamps.now = start + timedelta(seconds=round(offset))
        user, name = users[_AREA_ROLE[c.area]]
        store.record_answer(assessment.id, c.code, answers[c.code], by=user, by_name=name)
        if answers[c.code] is Outcome.MET and rng.random() < 0.85:
            url = f"https://example.org/demo-city-{n:02d}/{year}/{c.code.lower()}"
            store.set_evidence(assessment.id, c.code, url, rng.choice(_NOTES), by=user, by_name=name)
            evidence += 1
    reached = score(standard, answers).level is not None
    store.set_gate(assessment.id, gate if gate and (reached or rng.random() < 0.3) else "none")
    stamps.now = start + span
    store.set_status(assessment.id, "complete")
    return len(answers), evidence


def run_demo(settings: Settings, db: str | None, cities: int = DEFAULT_CITIES, seed: int = DEFAULT_SEED) -> int:
    """The ``wwc-bot demo`` command: build the demo network, print what was made and what to try."""
    path = Path(db or DEMO_DB)
    try:
        _check_target(path, explicit=db is not None, live=settings.db_path)
    except DemoError as exc:
        print(f"wwc-bot demo: {exc}", file=sys.stderr)
        return 1
    replaced = path.exists()
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    store = Store(path)
    try:
        summary = build_demo(store, load_standard(), cities=cities, seed=seed, today=date.today())
    except DemoError as exc:
        print(f"wwc-bot demo: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    _print_summary(path, summary, seed, replaced)
    return 0


def _check_target(path: Path, *, explicit: bool, live: Path) -> None:
    """Refuse any target that is not a new file or an earlier demo database."""
    try:
        kind = inspect_database(path)
    except Exception as exc:  # not SQLite, unreadable, ...: never overwrite it
        raise DemoError(f"{path} is not a demo database ({exc}); choose another file with --db") from None
    if kind.exists and not kind.demo:
        cities = f"{kind.cities} real cit{'y' if kind.cities == 1 else 'ies'}"
        what = f"holds {cities}" if kind.cities else "is not a demo database"
        raise DemoError(f"{path} {what}; demo data never goes into a real database. Choose another file with --db.")
    if path.resolve() == live.resolve() and not (explicit and kind.demo):
        raise DemoError(f"{path} is the assistant's own database (WWC_DB_PATH); choose another file with --db.")


def _print_summary(path: Path, s: DemoSummary, seed: int, replaced: bool) -> None:
    verb = "Replaced the demo network in" if replaced else "Created a synthetic demo network in"
    first, last = s.cities[0], s.cities[-1]
    print(f"{verb} {path} (seed {seed}; marked as demo data, kept apart from real databases):")
    print(f"  {len(s.cities)} cities: {first}{' ... ' + last if len(s.cities) > 1 else ''}, region {REGION!r}")
    print(f"  {s.assessments} completed assessments ({s.years[0]} and {s.years[1]}), {s.answers} answers, "
          f"{s.evidence} evidence links on example.org, {s.users} demo users")
    if len(s.cities) <= 5:
        print("  Note: peer benchmarks need at least 6 cities (5 peers); run with --cities 6 or more to see them.")
    print("Next, try:")
    print(f"  wwc-bot report --db {shlex.quote(str(path))} --city {shlex.quote(first)} --format png")
    print(f"  wwc-bot report --db {shlex.quote(str(path))} --city {shlex.quote(first)} --format md")
