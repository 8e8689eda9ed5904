"""``StoreBase``: the connections, transactions and clock every part of ``Store`` shares.

Writes run in ``BEGIN IMMEDIATE`` transactions and are committed before the
method returns, so a reply sent after a call never announces something a
crash could lose.

One file serves many threads and processes: WAL mode lets readers work
while one writer commits, ``busy_timeout`` makes writers queue instead of
failing, each thread reads on its own connection, and a process's write
transactions take turns on one.

The concerns of ``Store`` (``answers``, ``team``, ``outbox_store``, ...) are
mixins of this class: they reach the database only through ``_write``,
``_one``, ``_all`` (or ``_model`` and ``_models``) and ``_stamp``. Code outside the class (``reporting``)
uses ``query_one`` and ``query_all`` on ``Store.db`` and ``Store.transaction``.

A write that is just an upsert uses sqlite-utils' ``table.upsert`` in ``_write``; its ``atomic()``
is then a savepoint of the ``BEGIN IMMEDIATE`` transaction, which commits or rolls back with it.
Writes on the path of every input (the conversation state, an answer) are SQL: ``upsert`` reads the
table's schema on each call, about ten times the cost of the statement.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlite_utils import Database

from . import migrations

Clock = Callable[[], datetime]
Model = TypeVar("Model", bound=BaseModel)
BUSY_TIMEOUT_MS = 10_000


def utcnow() -> datetime:
    return datetime.now(UTC)


def query_one(db: Database, sql: str, params: list[Any]) -> dict[str, Any] | None:
    """The first row of a query as ``{column: value}``, or None."""
    cursor = db.execute(sql, params)
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row))


def query_all(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """Every row of a query as ``{column: value}``."""
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


class StoreBase:
    """Opening the database, its connections and write transactions, and the clock that stamps rows."""


    def __init__(self, path: str | Path, *, clock: Clock = utcnow, monotonic: bool = True) -> None:
        self.path = str(path)
        self.clock = clock
        self.monotonic = monotonic  # stamps never go back (the demo builder turns this off to write history)
        self._clock_guard = threading.Lock()
        self._last_now: datetime | None = None
        self._local = threading.local()
        self._memory = Database(memory=True) if self.path == ":memory:" else None
        self._opened_by = threading.get_ident()
        self._writer = self._memory  # the connection of every write transaction (a file's: opened on first use)
        self._writer_lock = threading.Lock()
        self._writing: int | None = None  # the thread whose write transaction is under way
        self._unsynced = False  # that transaction commits without a sync (``_write(synced=False)``)
        db = self.db
        if self._memory is None:
            db.enable_wal()
        migrations.apply(db, self._now)
        if self.monotonic:  # never stamp earlier than the audit trail already holds, also after a restart
            row = db.execute("SELECT changed_at FROM answer_history ORDER BY id DESC LIMIT 1").fetchone()
            if row:
                self._last_now = datetime.fromisoformat(row[0])

    # ------------------------------------------------------------ plumbing

    @property
    def db(self) -> Database:
        if self._writing == threading.get_ident() and self._writer is not None:
            return self._writer
        if self._memory is not None:
            return self._memory
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._connect()
        return db

    def _connect(self, *, shared: bool = False) -> Database:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=not shared)
        db = Database(conn)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # FULL: in WAL mode each commit syncs the log before it returns, so what Slack is told was saved survives
        # a power loss or a crash of the machine too (NORMAL syncs only at checkpoints: the last commits could go).
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        return db

    def close(self) -> None:
        db = self._memory or getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
        if self._memory is None and self._writer is not None and threading.get_ident() == self._opened_by:
            with self._writer_lock:
                self._writer.close()
                self._writer = None

    @contextmanager
    def _write(self, *, synced: bool = True) -> Iterator[Database]:
        """One write transaction, taking the write lock up front so read-then-write cannot race.

        A write inside the same thread's transaction joins it. The threads of
        a process take turns on one connection for their write transactions
        (waiting here up to the busy timeout), so its page cache stays valid
        from one to the next: a commit on another connection makes SQLite
        drop it, and every input would read its pages again.

        ``synced=False`` (bookkeeping only: which post is a person's open question) commits without waiting for
        the disk: it survives the process being killed, and the next synced commit puts it on disk with its own,
        but a power loss right after it can forget it. Nothing a person was told was saved is written so.
        """
        if self._writing == threading.get_ident():
            if synced and self._unsynced:
                raise RuntimeError("a write that must be synced inside an unsynced transaction")
            yield self.db
            return
        if not self._writer_lock.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
            raise sqlite3.OperationalError("database is locked")
        try:
            db = self._writer = self._writer or self._connect(shared=True)
            if not synced:
                db.conn.execute("PRAGMA synchronous = NORMAL")
                self._unsynced = True
            try:
                db.conn.execute("BEGIN IMMEDIATE")
                self._writing = threading.get_ident()
                try:
                    yield db
                    db.conn.execute("COMMIT")
                except BaseException:
                    if db.conn.in_transaction:
                        db.conn.execute("ROLLBACK")
                    raise
            finally:
                if not synced:
                    self._unsynced = False
                    try:
                        db.conn.execute("PRAGMA synchronous = FULL")
                    except sqlite3.Error:  # (a failed rollback left it in a transaction) never keep it unsynced:
                        db.close()  # the next write opens a new, synced connection
                        self._writer = None
        finally:
            self._writing = None
            self._writer_lock.release()

    def transaction(self) -> AbstractContextManager[Database]:
        return self._write()

    def _now(self) -> datetime:
        """The clock's time, never earlier than a time already used: a clock that steps back (NTP, a VM
        restored) must not stamp a later change earlier in the audit trail or hold back queued posts."""
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("the store's clock must return an aware datetime")
        now = now.astimezone(UTC)
        if not self.monotonic:
            return now
        with self._clock_guard:
            if self._last_now is not None and now < self._last_now:
                now = self._last_now
            self._last_now = now
        return now

    def _stamp(self, when: datetime | None = None) -> str:
        return (when or self._now()).astimezone(UTC).isoformat(timespec="microseconds")

    def _one(self, sql: str, params: list[Any]) -> dict[str, Any] | None:
        return query_one(self.db, sql, params)

    def _all(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        return query_all(self.db, sql, params)

    def _model(self, model: type[Model], sql: str, params: list[Any]) -> Model | None:
        """The first row of a query as a ``model``, or None."""
        row = self._one(sql, params)
        return model.model_validate(row) if row else None

    def _models(self, model: type[Model], sql: str, params: list[Any]) -> list[Model]:
        """Every row of a query as a ``model``."""
        return [model.model_validate(r) for r in self._all(sql, params)]

    def check_writable(self) -> None:
        with self._write() as db:  # sqlite3.Error if the file cannot be written
            probe = {"event_id": "wwc:health-probe", "processed_at": self._stamp()}
            db.table("processed_events").upsert(probe, pk="event_id")
