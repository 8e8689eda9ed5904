"""Backups, restores and report files never destroy data (issue: nothing acknowledged is ever lost)."""

from __future__ import annotations

import os
import sqlite3

from bot.cli import main
from bot.store import Store
from wwc_rules import Outcome


def _city_with_answers(db):
    store = Store(db)
    city, _ = store.create_city("local", "Tempe", "AZ", 185_000, lead="ana", lead_name="Ana")
    assessment = store.start_assessment(city.id, "wwc-2022", 2026)
    store.record_answer(assessment.id, "DM1", Outcome.MET, by="ana")
    return store  # left open: recent writes still sit in the WAL file


def test_a_backup_of_the_live_database_holds_what_is_still_in_the_wal(tmp_path, monkeypatch):
    db = tmp_path / "wwc.db"
    store = _city_with_answers(db)
    assert (tmp_path / "wwc.db-wal").exists()
    copy = tmp_path / "backup.db"
    monkeypatch.setenv("WWC_DB_PATH", str(db))
    assert main(["backup", str(copy)]) == 0
    con = sqlite3.connect(copy)
    assert con.execute("SELECT count(*) FROM answers WHERE outcome = 'met'").fetchone() == (1,)
    con.close()
    assert main(["backup", str(copy)]) == 1  # a backup is never overwritten
    store.close()


def test_a_restore_puts_the_backup_back_and_keeps_the_replaced_file(tmp_path, monkeypatch):
    db = tmp_path / "wwc.db"
    _city_with_answers(db).close()
    monkeypatch.setenv("WWC_DB_PATH", str(db))
    assert main(["backup", str(tmp_path / "b.db")]) == 0
    db.unlink()
    Store(db).close()  # an empty database in its place
    assert main(["restore", str(tmp_path / "b.db")]) == 0
    restored = Store(db)
    assert restored.city_of("local", "ana").name == "Tempe"
    restored.close()
    assert (tmp_path / "wwc.db.before-restore").exists()


def test_a_report_is_never_written_over_the_database_or_through_a_symlink(tmp_path, monkeypatch, capsys):
    db = tmp_path / "wwc.db"
    _city_with_answers(db).close()
    monkeypatch.setenv("WWC_DB_PATH", str(db))
    before = db.read_bytes()
    assert main(["report", "--city", "Tempe, AZ", "--out", str(db)]) != 0
    assert "own database" in capsys.readouterr().err and db.read_bytes() == before
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    assert main(["report", "--city", "Tempe, AZ", "--out", str(other)]) != 0
    link = tmp_path / "report.md"
    os.symlink(db, link)
    assert main(["report", "--city", "Tempe, AZ", "--out", str(link)]) != 0
    assert db.read_bytes() == before
    assert main(["report", "--city", "Tempe, AZ", "--out", str(tmp_path / "ok.md")]) == 0
    assert "Tempe" in (tmp_path / "ok.md").read_text()
