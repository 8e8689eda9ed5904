"""The schema the migrations build, against a snapshot (``schema.sql``).

Databases in use were built by these migrations: a change to an applied one, or to how sqlite-utils
writes the tables it creates, would give a new database a schema the old ones do not have. A new
migration changes the snapshot on purpose: write it again with ``python tests/store/test_schema.py``
and review the difference.
"""

from __future__ import annotations

import sys
from pathlib import Path

SNAPSHOT = Path(__file__).with_name("schema.sql")


def schema(path: Path) -> str:
    """Every table, index and trigger of a new database, as SQLite keeps their definitions."""
    from bot.store import Store

    store = Store(path)
    try:
        rows = store.db.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type DESC, tbl_name, name"
        ).fetchall()
    finally:
        store.close()
    return "".join(f"{sql};\n" for (sql,) in rows)


def test_the_migrations_build_the_snapshot_schema(tmp_path: Path) -> None:
    assert schema(tmp_path / "new.db") == SNAPSHOT.read_text(encoding="utf-8")


if __name__ == "__main__":  # write the snapshot again (after adding a migration)
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    with tempfile.TemporaryDirectory() as folder:
        SNAPSHOT.write_text(schema(Path(folder) / "new.db"), encoding="utf-8")
