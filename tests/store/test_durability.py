"""A commit is on disk when it returns: WAL with ``synchronous=FULL`` syncs the log at every commit.

With ``synchronous=NORMAL`` (WAL's usual setting) a commit survives a crash of the process but not a power
loss or a crash of the machine: the log is synced only at checkpoints, so an answer Slack got its 200 for
could vanish. Every connection the store opens (each thread's reader and the writer) must sync.
"""

from __future__ import annotations

import threading

import pytest

from bot.store import Store
from wwc_rules import Outcome

FULL = 2  # PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA


def test_every_connection_syncs_each_commit(store: Store, assessment) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == FULL
    with store.transaction() as db:  # the writer's connection
        assert db.execute("PRAGMA synchronous").fetchone()[0] == FULL
    seen: list[int] = []

    def other_thread() -> None:
        seen.append(store.db.execute("PRAGMA synchronous").fetchone()[0])
        with store.transaction() as db:
            seen.append(db.execute("PRAGMA synchronous").fetchone()[0])
        store.close()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert seen == [FULL, FULL]


def test_a_reopened_store_syncs_too(db_path) -> None:
    Store(db_path).close()
    again = Store(db_path)
    try:
        assert again.db.execute("PRAGMA synchronous").fetchone()[0] == FULL
    finally:
        again.close()


def test_only_the_open_question_bookkeeping_commits_without_waiting_for_the_disk(store: Store, assessment) -> None:
    """Which post is a person's open question is written unsynced (it survives a kill, and a lost one only makes
    the app ask again); an answer written next, on the same connection, is synced as before."""
    with store.transaction() as db:
        writer = db.conn
    modes: list[tuple[str, int]] = []
    writer.set_trace_callback(lambda sql: modes.append(
        (sql.split()[0], writer.execute("PRAGMA synchronous").fetchone()[0])) if sql.startswith("COMMIT") else None)
    try:
        store.set_live_prompt("T1", "U1", "D1", "1.1", "DM1", [])
        store.close_live_prompt("T1", "U1", "1.1")
        store.forget_live_prompt("T1", "U1")
        store.record_answer(assessment.id, "DM1", Outcome.MET, by="U1")
    finally:
        writer.set_trace_callback(None)
    assert modes == [("COMMIT", 1), ("COMMIT", 1), ("COMMIT", 1), ("COMMIT", FULL)]
    assert writer.execute("PRAGMA synchronous").fetchone()[0] == FULL


def test_a_write_that_must_be_synced_never_joins_an_unsynced_one(store: Store) -> None:
    with pytest.raises(RuntimeError, match="must be synced"), store._write(synced=False):
        store.save_state("T1", "U1", {})
    with store.transaction() as db:  # and the writer syncs again afterwards
        assert db.execute("PRAGMA synchronous").fetchone()[0] == FULL
    assert store.load_state("T1", "U1") is None  # the refused write was rolled back

