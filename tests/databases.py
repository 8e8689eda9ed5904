"""Test databases without the cost of creating them: the migrated empty schema is built once per process and
written where a test's store will open it (opening it then only checks that every migration is applied).

Building the schema on a new file commits (and syncs) once per migration: 20-70 ms here for every test that
opens a store (more when the disk is busy), against ~3 ms for writing these bytes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from pathlib import Path

from bot.store import Store, utcnow


@cache
def migrated(now: datetime | None = None) -> bytes:
    """An empty database with every migration applied at ``now`` (None: the real time of the first call),
    as the bytes of its file."""
    store = Store(":memory:", clock=utcnow if now is None else lambda: now)
    try:
        return store.db.conn.serialize()
    finally:
        store.close()


def new_database(path: Path | str, now: datetime | None = None) -> Path:
    """``path`` becomes a new, migrated, empty database, as a store opening a new file at ``now`` leaves it."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(path)
    path.write_bytes(migrated(now))
    return path


RAM = Path("/dev/shm")  # Linux's memory file system: a commit's sync costs nothing there


@contextmanager
def scratch_folder(fallback: Path) -> Iterator[Path]:
    """A new folder in memory for throwaway databases (``fallback`` where the machine has none), removed after.

    Stores sync every commit (``synchronous=FULL``); on a disk that is a few milliseconds a commit, which is
    most of the time of a test that replays inputs. Nothing a test checks depends on the sync reaching a disk.
    """
    if not (RAM.is_dir() and os.access(RAM, os.W_OK)):
        yield fallback
        return
    folder = Path(tempfile.mkdtemp(prefix="wwc-test-", dir=RAM))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
