"""Read-only queries for reports and the demo network, on top of ``Store``.

Peer queries hand out answers and populations only, never a city's name or
id, so nothing downstream can reveal which city a peer report came from.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from wwc_rules import MIN_PEERS, Outcome

from .base import query_all, query_one
from .models import Assessment, City
from .store import Store

DEMO_KEY = "demo"


class PeerSubmission(NamedTuple):
    """The latest completed assessment of one other city, stripped of who it is."""

    population: int | None
    gate_choice: str | None
    answers: dict[str, Outcome]


class DatabaseKind(NamedTuple):
    exists: bool
    demo: bool
    cities: int


def all_cities(store: Store) -> list[City]:
    """Every city of every workspace, by name then region."""
    rows = query_all(store.db, "SELECT * FROM cities ORDER BY name COLLATE NOCASE, region COLLATE NOCASE, id", [])
    return [City.model_validate(r) for r in rows]


def city_assessments(store: Store, city_id: int, standard_id: str) -> list[Assessment]:
    """A city's assessments of one standard, oldest first."""
    rows = query_all(
        store.db,
        "SELECT * FROM assessments WHERE city_id = ? AND standard_id = ? ORDER BY year, id", [city_id, standard_id]
    )
    return [Assessment.model_validate(r) for r in rows]


_LATEST_COMPLETE = """
    SELECT a.id, a.gate_choice, c.population FROM assessments a JOIN cities c ON c.id = a.city_id
    WHERE a.standard_id = ? AND a.status = 'complete' AND a.city_id != ?
      AND NOT EXISTS (
        SELECT 1 FROM assessments b
        WHERE b.city_id = a.city_id AND b.standard_id = a.standard_id AND b.status = 'complete'
          AND (b.year > a.year OR (b.year = a.year AND b.id > a.id)))
"""


def snapshot_cutoff(
    store: Store, standard_id: str, exclude_city_id: int, now: datetime, *, min_changed: int = MIN_PEERS
) -> datetime | None:
    """The moment peer benchmarks are taken at, so that comparing two reports never reveals one city.

    Benchmarks are published from monthly snapshots. The first snapshot is the first start of a month
    by which ``min_changed`` other cities had completed an assessment; a later month's snapshot
    replaces it only once at least ``min_changed`` other cities completed or changed an assessment
    since. Between snapshots the figures do not move, so a city that completes alone cannot be read
    off the difference of two reports. None while there is no snapshot yet.
    """
    events: dict[int, list[datetime]] = {}
    rows = query_all(
        store.db,
        "SELECT a.city_id, a.completed_at AS at FROM assessments a WHERE a.standard_id = ? AND a.city_id != ? "
        "AND a.completed_at IS NOT NULL UNION ALL "
        "SELECT a.city_id, h.changed_at AS at FROM answer_history h JOIN assessments a ON a.id = h.assessment_id "
        "WHERE a.standard_id = ? AND a.city_id != ? AND a.completed_at IS NOT NULL AND h.changed_at > a.completed_at",
        [standard_id, exclude_city_id, standard_id, exclude_city_id],
    )
    for r in rows:
        events.setdefault(r["city_id"], []).append(datetime.fromisoformat(r["at"]))
    if not events:
        return None
    first = min(t for ts in events.values() for t in ts)
    boundary = _month_start(first)
    end = _month_start(now)
    cutoff: datetime | None = None
    while boundary <= end:
        since = cutoff if cutoff is not None else datetime.min.replace(tzinfo=boundary.tzinfo)
        moved = sum(1 for ts in events.values() if any(since < t <= boundary for t in ts))
        if moved >= min_changed:
            cutoff = boundary
        boundary = _next_month(boundary)
    return cutoff


def _month_start(when: datetime) -> datetime:
    return when.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _next_month(when: datetime) -> datetime:
    return when.replace(year=when.year + 1, month=1) if when.month == 12 else when.replace(month=when.month + 1)


def peer_submissions(
    store: Store, standard_id: str, exclude_city_id: int, *, as_of: datetime | None = None
) -> list[PeerSubmission]:
    """The latest completed assessment of every city but ``exclude_city_id`` on ``standard_id``.

    With ``as_of`` (a snapshot from ``snapshot_cutoff``), only assessments completed by then count,
    with their answers as they stood then (rebuilt from the append-only history).
    """
    if as_of is not None:
        return _submissions_as_of(store, standard_id, exclude_city_id, as_of)
    heads = query_all(store.db, _LATEST_COMPLETE + " ORDER BY a.id", [standard_id, exclude_city_id])
    answers: dict[int, dict[str, Outcome]] = {h["id"]: {} for h in heads}
    rows = query_all(
        store.db,
        f"SELECT assessment_id, criterion, outcome FROM answers WHERE outcome IS NOT NULL "
        f"AND assessment_id IN (SELECT id FROM ({_LATEST_COMPLETE}))",
        [standard_id, exclude_city_id],
    )
    for r in rows:
        answers[r["assessment_id"]][r["criterion"]] = Outcome(r["outcome"])
    return [PeerSubmission(h["population"], h["gate_choice"], answers[h["id"]]) for h in heads]


def _submissions_as_of(
    store: Store, standard_id: str, exclude_city_id: int, as_of: datetime, *, up_to_year: int | None = None
) -> list[PeerSubmission]:
    stamp = as_of.isoformat()
    heads = query_all(
        store.db,
        "SELECT a.id, a.city_id, a.year, a.gate_choice, c.population FROM assessments a "
        "JOIN cities c ON c.id = a.city_id WHERE a.standard_id = ? AND a.city_id != ? "
        "AND a.completed_at IS NOT NULL AND a.completed_at <= ? AND a.year <= ? ORDER BY a.city_id, a.year, a.id",
        [standard_id, exclude_city_id, stamp, up_to_year if up_to_year is not None else 9999],
    )
    latest: dict[int, dict] = {}
    for h in heads:
        latest[h["city_id"]] = h  # ordered by year then id: the last one is the latest
    out = []
    for h in sorted(latest.values(), key=lambda r: r["id"]):
        answers: dict[str, Outcome] = {}
        for r in query_all(
            store.db,
            "SELECT criterion, new_value FROM answer_history WHERE assessment_id = ? AND field = 'outcome' "
            "AND changed_at <= ? ORDER BY id",
            [h["id"], stamp],
        ):
            if r["new_value"]:
                answers[r["criterion"]] = Outcome(r["new_value"])
        out.append(PeerSubmission(h["population"], h["gate_choice"], answers))
    return out


def is_demo(store: Store) -> bool:
    """True if the database was filled by ``wwc-bot demo``."""
    return query_one(store.db, "SELECT 1 AS yes FROM meta WHERE key = ?", [DEMO_KEY]) is not None


def mark_demo(store: Store, description: str) -> None:
    """Label the database as a synthetic demo network (committed at once)."""
    with store.transaction() as db:
        db.table("meta").upsert({"key": DEMO_KEY, "value": description}, pk="key")


def inspect_database(path: str | Path) -> DatabaseKind:
    """What a database file holds, read-only: never creates, migrates or locks it for writing."""
    path = Path(path)
    if not path.exists():
        return DatabaseKind(exists=False, demo=False, cities=0)
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        cities = conn.execute("SELECT COUNT(*) FROM cities").fetchone()[0] if "cities" in tables else 0
        demo = "meta" in tables and conn.execute("SELECT 1 FROM meta WHERE key = ?", [DEMO_KEY]).fetchone() is not None
    finally:
        conn.close()
    return DatabaseKind(exists=True, demo=demo, cities=cities)


def network_submissions(
    store: Store, standard_id: str, as_of: datetime, *, up_to_year: int | None = None
) -> list[PeerSubmission]:
    """Every city's latest completed assessment as it stood at the snapshot ``as_of`` (no city excluded)."""
    return _submissions_as_of(store, standard_id, 0, as_of, up_to_year=up_to_year)


def activity(store: Store, standard_id: str, year: int, as_of: datetime) -> dict[str, int]:
    """How many cities started, finished and updated (an annual checkup) an assessment of ``year`` by ``as_of``."""
    stamp = as_of.isoformat()
    row = query_one(
        store.db,
        "SELECT COUNT(DISTINCT CASE WHEN created_at <= ? THEN city_id END) AS started, "
        "COUNT(DISTINCT CASE WHEN completed_at IS NOT NULL AND completed_at <= ? THEN city_id END) AS finished, "
        "COUNT(DISTINCT CASE WHEN previous_id IS NOT NULL AND created_at <= ? THEN city_id END) AS updated "
        "FROM assessments WHERE standard_id = ? AND year = ?",
        [stamp, stamp, stamp, standard_id, year],
    )
    return {k: int(row[k] or 0) for k in ("started", "finished", "updated")} if row else {}
