"""``wwc-bot backup FILE`` and ``wwc-bot restore FILE``: a consistent copy of the live database.

A plain file copy of a WAL database can miss everything still in the ``-wal`` file. These commands
use SQLite's online backup API, which copies a consistent snapshot while the app keeps running,
check the copy with ``PRAGMA integrity_check``, and write it under a temporary name first, so an
interrupted backup never leaves a half-written file under the name asked for.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from pathlib import Path

from .settings import Settings

SQLITE_MAGIC = b"SQLite format 3\x00"


class UnsafePath(ValueError):
    """A path the command refuses to write to: it would destroy data."""


def is_database(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def check_output_path(path: Path, *, protect: Path, allow_database: bool = False) -> None:
    """Refuse a symlink, a directory, the live database (or its WAL files), or, unless allowed, any
    existing SQLite file: writing a report or a backup over them would destroy data."""
    if path.is_symlink():
        raise UnsafePath(f"{path} is a symbolic link; give the real file name")
    if path.is_dir():
        raise UnsafePath(f"{path} is a folder")
    live = protect.resolve()
    target = path.resolve()
    if target in {live, live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")}:
        raise UnsafePath(f"{path} is the assistant's own database")
    if not allow_database and path.exists() and is_database(path):
        raise UnsafePath(f"{path} is an SQLite database; choose another file name")


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _copy(source: Path, target: Path) -> int:
    """Copy ``source`` into a new file ``target`` with the online backup API; returns the page count."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
    os.close(fd)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
            pages = dst.execute("PRAGMA page_count").fetchone()[0]
            dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        finally:
            dst.close()
            src.close()
        if ok != "ok":
            raise sqlite3.DatabaseError(f"the copy failed its integrity check: {ok}")
        os.replace(tmp, target)
        return int(pages)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_backup(settings: Settings, out: str) -> int:
    source, target = settings.db_path, Path(out)
    if not source.exists():
        print(f"wwc-bot: no database at {source}", file=sys.stderr)
        return 1
    try:
        check_output_path(target, protect=source)
        if target.exists():
            raise UnsafePath(f"{target} exists; choose a new file name (backups are never overwritten)")
        pages = _copy(source, target)
    except (UnsafePath, OSError, sqlite3.Error) as exc:
        print(f"wwc-bot: backup refused: {exc}", file=sys.stderr)
        return 1
    print(f"{target} ({pages} pages, integrity ok)")
    return 0


def run_restore(settings: Settings, backup: str) -> int:
    """Put a backup in place of the database (stop the app first); the replaced file is kept beside it."""
    source, target = Path(backup), settings.db_path
    if not is_database(source):
        print(f"wwc-bot: restore refused: {source} is not an SQLite database", file=sys.stderr)
        return 1
    try:
        check = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            ok = check.execute("PRAGMA integrity_check").fetchone()[0]
            cities = check.execute("SELECT count(*) FROM cities").fetchone()[0]
        finally:
            check.close()
        if ok != "ok":
            raise sqlite3.DatabaseError(f"the backup failed its integrity check: {ok}")
        kept = None
        if target.exists():
            kept = target.with_name(target.name + ".before-restore")
            if not kept.exists():
                _copy(target, kept)
        _copy(source, target.with_name(target.name + ".restoring"))
        for suffix in ("-wal", "-shm"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        os.replace(target.with_name(target.name + ".restoring"), target)
    except (OSError, sqlite3.Error) as exc:
        print(f"wwc-bot: restore failed: {exc}", file=sys.stderr)
        return 1
    note = f"; the previous database is kept as {kept}" if kept else ""
    print(f"{target} restored from {source} ({cities} cities){note}")
    return 0
