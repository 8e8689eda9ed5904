"""A commit is on disk when it returns: WAL with ``synchronous=FULL`` syncs the log at every commit.

With ``synchronous=NORMAL`` (WAL's usual setting) a commit survives a crash of the process but not a power
loss or a crash of the machine: the log is synced only at checkpoints, so an answer Slack got its 200 for
could vanish. Every connection the store opens (each thread's reader and the writer) must sync.
"""

from __future__ import annotations

import threading

from bot.store import Store

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
