"""The database schema as an ordered list of migrations.

Each migration is a function of a ``sqlite_utils.Database``; its name is
recorded in ``_migrations`` when applied. ``apply`` runs the pending ones,
each in its own ``BEGIN IMMEDIATE`` transaction that re-checks what is
applied, so two processes opening a new file at once cannot both run one.
Never edit an applied migration: append a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlite_utils import Database

Migration = Callable[[Database], None]
MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_cities_and_members(db: Database) -> None:
    db["cities"].create(
        {
            "id": int,
            "workspace": str,
            "name": str,
            "region": str,
            "key": str,
            "population": int,
            "eligible": int,
            "created_at": str,
        },
        pk="id",
        not_null={"workspace", "name", "region", "key", "created_at"},
    )
    db["cities"].create_index(["workspace", "key"], unique=True)
    db["members"].create(
        {"workspace": str, "user": str, "city_id": int, "role": str, "name": str, "added_by": str, "joined_at": str},
        pk=("workspace", "user"),
        not_null={"city_id", "role", "joined_at"},
        foreign_keys=[("city_id", "cities", "id")],
    )
    db["members"].create_index(["city_id"])


@migration
def m002_assessments_and_answers(db: Database) -> None:
    db["assessments"].create(
        {
            "id": int,
            "city_id": int,
            "standard_id": str,
            "year": int,
            "status": str,
            "gate_choice": str,
            "created_at": str,
            "completed_at": str,
        },
        pk="id",
        not_null={"city_id", "standard_id", "year", "status", "created_at"},
        foreign_keys=[("city_id", "cities", "id")],
    )
    db["assessments"].create_index(["city_id", "standard_id", "year"], unique=True)
    db["answers"].create(
        {
            "assessment_id": int,
            "criterion": str,
            "outcome": str,
            "evidence_url": str,
            "evidence_note": str,
            "answered_by": str,
            "answered_by_name": str,
            "answered_at": str,
        },
        pk=("assessment_id", "criterion"),
        foreign_keys=[("assessment_id", "assessments", "id")],
    )
    db["answer_history"].create(
        {
            "id": int,
            "assessment_id": int,
            "criterion": str,
            "field": str,
            "old_value": str,
            "new_value": str,
            "changed_by": str,
            "changed_by_name": str,
            "changed_at": str,
        },
        pk="id",
        not_null={"assessment_id", "criterion", "field", "changed_by", "changed_at"},
    )
    db["answer_history"].create_index(["assessment_id", "criterion"])
    # The audit trail is append-only: the database itself refuses edits.
    for op in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER answer_history_no_{op.lower()} BEFORE {op} ON answer_history "
            "BEGIN SELECT RAISE(ABORT, 'answer_history is append-only'); END"
        )
    db["assignments"].create(
        {"assessment_id": int, "area": str, "user": str, "assigned_by": str, "assigned_at": str},
        pk=("assessment_id", "area"),
        not_null={"user", "assigned_at"},
    )


@migration
def m003_conversations_events_outbox(db: Database) -> None:
    db["conversations"].create(
        {"workspace": str, "user": str, "state": str, "updated_at": str},
        pk=("workspace", "user"),
        not_null={"state", "updated_at"},
    )
    db["processed_events"].create({"event_id": str, "processed_at": str}, pk="event_id")
    db["outbox"].create(
        {
            "id": int,
            "channel": str,
            "text": str,
            "blocks": str,
            "dedupe_key": str,
            "status": str,
            "attempts": int,
            "not_before": str,
            "created_at": str,
            "sent_at": str,
            "last_error": str,
        },
        pk="id",
        not_null={"channel", "text", "dedupe_key", "status", "attempts", "not_before", "created_at"},
        defaults={"attempts": 0, "status": "pending"},
    )
    db["outbox"].create_index(["dedupe_key"], unique=True)
    db["outbox"].create_index(["status", "not_before"])


@migration
def m004_meta(db: Database) -> None:
    """Facts about the database itself, e.g. ``demo`` for a synthetic demo network."""
    db["meta"].create({"key": str, "value": str}, pk="key", not_null={"value"})


@migration
def m005_checkups_and_reminders(db: Database) -> None:
    """Annual checkups: an assessment's link to last year's, a note on history entries, sent reminders."""
    db.execute("ALTER TABLE assessments ADD COLUMN previous_id INTEGER REFERENCES assessments(id)")
    db.execute("ALTER TABLE answer_history ADD COLUMN note TEXT")
    db["reminders"].create(
        {"id": int, "city_id": int, "year": int, "attempt": int, "due_at": str, "sent_at": str},
        pk="id",
        not_null={"city_id", "year", "attempt", "due_at", "sent_at"},
        foreign_keys=[("city_id", "cities", "id")],
    )
    db["reminders"].create_index(["city_id", "year", "attempt"], unique=True)


def apply(db: Database, now: Callable[[], datetime]) -> list[str]:
    """Apply pending migrations in order; return the names applied now."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = []
    for fn in MIGRATIONS:
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            if db.execute("SELECT 1 FROM _migrations WHERE name = ?", [fn.__name__]).fetchone() is None:
                fn(db)
                db.execute("INSERT INTO _migrations VALUES (?, ?)", [fn.__name__, now().isoformat()])
                done.append(fn.__name__)
        except BaseException:
            db.conn.execute("ROLLBACK")
            raise
        db.conn.execute("COMMIT")
    return done
