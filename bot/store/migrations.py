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
    db.table("cities").create(
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
    db.table("cities").create_index(["workspace", "key"], unique=True)
    db.table("members").create(
        {"workspace": str, "user": str, "city_id": int, "role": str, "name": str, "added_by": str, "joined_at": str},
        pk=("workspace", "user"),
        not_null={"city_id", "role", "joined_at"},
        foreign_keys=[("city_id", "cities", "id")],
    )
    db.table("members").create_index(["city_id"])


@migration
def m002_assessments_and_answers(db: Database) -> None:
    db.table("assessments").create(
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
    db.table("assessments").create_index(["city_id", "standard_id", "year"], unique=True)
    db.table("answers").create(
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
    db.table("answer_history").create(
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
    db.table("answer_history").create_index(["assessment_id", "criterion"])
    # The audit trail is append-only: the database itself refuses edits.
    for op in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER answer_history_no_{op.lower()} BEFORE {op} ON answer_history "
            "BEGIN SELECT RAISE(ABORT, 'answer_history is append-only'); END"
        )
    db.table("assignments").create(
        {"assessment_id": int, "area": str, "user": str, "assigned_by": str, "assigned_at": str},
        pk=("assessment_id", "area"),
        not_null={"user", "assigned_at"},
    )


@migration
def m003_conversations_events_outbox(db: Database) -> None:
    db.table("conversations").create(
        {"workspace": str, "user": str, "state": str, "updated_at": str},
        pk=("workspace", "user"),
        not_null={"state", "updated_at"},
    )
    db.table("processed_events").create({"event_id": str, "processed_at": str}, pk="event_id")
    db.table("outbox").create(
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
    db.table("outbox").create_index(["dedupe_key"], unique=True)
    db.table("outbox").create_index(["status", "not_before"])


@migration
def m004_meta(db: Database) -> None:
    """Facts about the database itself, e.g. ``demo`` for a synthetic demo network."""
    db.table("meta").create({"key": str, "value": str}, pk="key", not_null={"value"})


@migration
def m005_checkups_and_reminders(db: Database) -> None:
    """Annual checkups: an assessment's link to last year's, a note on history entries, sent reminders."""
    db.execute("ALTER TABLE assessments ADD COLUMN previous_id INTEGER REFERENCES assessments(id)")
    db.execute("ALTER TABLE answer_history ADD COLUMN note TEXT")
    db.table("reminders").create(
        {"id": int, "city_id": int, "year": int, "attempt": int, "due_at": str, "sent_at": str},
        pk="id",
        not_null={"city_id", "year", "attempt", "due_at", "sent_at"},
        foreign_keys=[("city_id", "cities", "id")],
    )
    db.table("reminders").create_index(["city_id", "year", "attempt"], unique=True)


@migration
def m006_city_keys(db: Database) -> None:
    """Recompute ``cities.key`` with ``city_key``: "the City of Riverton", "Ohio" is ``riverton|oh``.

    Cities of one workspace that now share a key are not merged: the oldest keeps the key and
    each newer one gets ``<key>#<id>``, so the unique index holds and nothing is lost. (This uses
    the current ``city_key``: a later change to it needs a migration of its own.)
    """
    _recompute_city_keys(db)


@migration
def m007_words_and_evidence(db: Database) -> None:
    """The person's own words with each answer (and in the audit trail), the outcome requirement's words,
    and several evidence links per criterion (adding never replaces; removing is explicit and logged)."""
    db.execute("ALTER TABLE answers ADD COLUMN words TEXT")
    db.execute("ALTER TABLE answer_history ADD COLUMN words TEXT")
    db.execute("ALTER TABLE assessments ADD COLUMN gate_words TEXT")
    db.table("evidence").create(
        {
            "id": int,
            "assessment_id": int,
            "criterion": str,
            "url": str,
            "note": str,
            "added_by": str,
            "added_by_name": str,
            "added_at": str,
            "removed_at": str,
            "removed_by": str,
        },
        pk="id",
        not_null={"assessment_id", "criterion", "url", "added_by", "added_at"},
        foreign_keys=[("assessment_id", "assessments", "id")],
    )
    db.execute(
        "CREATE UNIQUE INDEX evidence_live ON evidence (assessment_id, criterion, url) WHERE removed_at IS NULL"
    )
    db.execute(
        "INSERT INTO evidence (assessment_id, criterion, url, note, added_by, added_by_name, added_at) "
        "SELECT assessment_id, criterion, evidence_url, evidence_note, COALESCE(answered_by, 'unknown'), "
        "answered_by_name, COALESCE(answered_at, '1970-01-01T00:00:00+00:00') FROM answers WHERE evidence_url IS NOT NULL"
    )


@migration
def m008_city_keys_fold_look_alikes(db: Database) -> None:
    """Recompute ``cities.key`` again: invisible characters and look-alike letters of other scripts no
    longer make another city (a Cyrillic "Tеmpe" is Tempe). Collisions are kept apart as in m006."""
    _recompute_city_keys(db)


@migration
def m009_sprint_invitations(db: Database) -> None:
    """Sprint cohorts matched to gaps: one invitation per program, cohort and city; leads who opted out."""
    db.table("sprint_invitations").create(
        {
            "program": str,
            "cohort": str,
            "city_id": int,
            "codes": str,  # the criteria with the gap, e.g. "RDC1 not_yet, RDC4 in_progress"
            "invited_at": str,
            "asked_to_join_at": str,
        },
        pk=("program", "cohort", "city_id"),
        not_null={"codes", "invited_at"},
        foreign_keys=[("city_id", "cities", "id")],
    )
    db.table("sprint_optouts").create({"workspace": str, "user": str, "at": str}, pk=("workspace", "user"), not_null={"at"})


@migration
def m010_live_prompts(db: Database) -> None:
    """The one message per person whose answer buttons still count (the latest question or confirmation)."""
    db.table("live_prompts").create(
        {
            "workspace": str,
            "user": str,
            "channel": str,
            "ts": str,  # the Slack message
            "code": str,  # the criterion it asks about ("" for the outcome requirement and others)
            "blocks": str,  # the posted blocks (JSON), to take its buttons away once it is no longer open
            "taken": int,  # 1 once one of its answer buttons recorded something
            "posted_at": str,
        },
        pk=("workspace", "user"),
        not_null={"channel", "ts", "blocks", "posted_at"},
        defaults={"taken": 0, "code": ""},
    )


@migration
def m011_outbox_workspace(db: Database) -> None:
    """The workspace whose token posts a queued item (many workspaces); empty: the single token, or the host's."""
    db.table("outbox").add_column("workspace", str, not_null_default="")


@migration
def m012_assistant_threads(db: Database) -> None:
    """Threads of Slack's agent surface (the Messages tab as an assistant) and what the person was viewing."""
    db.table("assistant_threads").create(
        {
            "channel": str,
            "thread_ts": str,
            "workspace": str,
            "user": str,
            "context_channel": str,  # the channel the person had open when the thread started or last changed
            "started_at": str,
            "updated_at": str,
        },
        pk=("channel", "thread_ts"),
        not_null={"workspace", "user", "started_at", "updated_at"},
        defaults={"context_channel": ""},
    )


@migration
def m013_nudges(db: Database) -> None:
    """How often a city's people are nudged (the lead chooses; 0 = never) and the nudges sent, once each."""
    db.table("reminder_settings").create(
        {"city_id": int, "every_days": int, "set_by": str, "set_at": str},
        pk="city_id",
        not_null={"every_days", "set_at"},
        foreign_keys=[("city_id", "cities", "id")],
    )
    db.table("nudges_sent").create(
        {"key": str, "city_id": int, "user": str, "kind": str, "sent_at": str},
        pk="key",
        not_null={"city_id", "user", "kind", "sent_at"},
    )
    db.table("nudges_sent").create_index(["city_id", "user", "kind"])


@migration
def m014_languages(db: Database) -> None:
    """The language each person reads: chosen by them, or taken from their Slack locale until they choose.
    (The peer-network channel's language is a setting, ``WWC_PEER_LANGUAGE``.)"""
    db.table("languages").create(
        {"workspace": str, "user": str, "language": str, "chosen": int, "set_at": str},
        pk=("workspace", "user"),
        not_null={"language", "chosen", "set_at"},
    )


def _recompute_city_keys(db: Database) -> None:
    from .store import city_key  # store.py imports this module

    rows = db.execute("SELECT id, workspace, name, region FROM cities ORDER BY created_at, id").fetchall()
    keys: dict[int, str] = {}
    taken: set[tuple[str, str]] = set()
    for city_id, workspace, name, region in rows:
        key = city_key(name, region or "")
        if (workspace, key) in taken:
            key = f"{key}#{city_id}"
        taken.add((workspace, key))
        keys[city_id] = key
    # Placeholders first, so no row meets another's old key on the way (new keys hold no "#" but these).
    db.execute("UPDATE cities SET key = '#' || id")
    db.conn.executemany("UPDATE cities SET key = ? WHERE id = ?", [(key, city_id) for city_id, key in keys.items()])


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
