"""Read-only queries for reports and the demo network, on top of ``Store``.

Peer queries hand out answers and populations only, never a city's name or
id, so nothing downstream can reveal which city a peer report came from.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import NamedTuple

from wwc_rules import Outcome

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
    rows = store._all("SELECT * FROM cities ORDER BY name COLLATE NOCASE, region COLLATE NOCASE, id", [])
    return [City.model_validate(r) for r in rows]


def city_assessments(store: Store, city_id: int, standard_id: str) -> list[Assessment]:
    """A city's assessments of one standard, oldest first."""
    rows = store._all(
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


def peer_submissions(store: Store, standard_id: str, exclude_city_id: int) -> list[PeerSubmission]:
    """The latest completed assessment of every city but ``exclude_city_id`` on ``standard_id``."""
    heads = store._all(_LATEST_COMPLETE + " ORDER BY a.id", [standard_id, exclude_city_id])
    answers: dict[int, dict[str, Outcome]] = {h["id"]: {} for h in heads}
    rows = store._all(
        f"SELECT assessment_id, criterion, outcome FROM answers WHERE outcome IS NOT NULL "
        f"AND assessment_id IN (SELECT id FROM ({_LATEST_COMPLETE}))",
        [standard_id, exclude_city_id],
    )
    for r in rows:
        answers[r["assessment_id"]][r["criterion"]] = Outcome(r["outcome"])
    return [PeerSubmission(h["population"], h["gate_choice"], answers[h["id"]]) for h in heads]


def is_demo(store: Store) -> bool:
    """True if the database was filled by ``wwc-bot demo``."""
    return store._one("SELECT 1 AS yes FROM meta WHERE key = ?", [DEMO_KEY]) is not None


def mark_demo(store: Store, description: str) -> None:
    """Label the database as a synthetic demo network (committed at once)."""
    with store._write() as db:
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [DEMO_KEY, description])


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
