"""``wwc-bot report`` end to end: ``python -m bot report`` in a subprocess on a real database file."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from report_helpers import CODES, FakeClock, add_assessment, add_city, all_answered

from bot.cli import main
from bot.store import Store
from wwc_rules import Outcome

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "wwc.db"
    store = Store(path, clock=FakeClock())
    riverton = add_city(store, "Riverton", region="AZ")
    add_assessment(store, riverton, all_answered(set(CODES[:25])))
    for region in ("IL", "MO"):
        add_assessment(store, add_city(store, "Springfield", region=region), {"DM1": Outcome.MET})
    store.close()
    return path


def wwc(db: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "WWC_DB_PATH": str(db), "PYTHONPATH": str(ROOT)}
    env.pop("SLACK_BOT_TOKEN", None)
    return subprocess.run([sys.executable, "-m", "bot", "report", *args], cwd=db.parent, env=env,
                          capture_output=True, text=True, timeout=60)


def test_markdown_with_the_default_file_name(db):
    done = wwc(db, "--city", "riverton", "--format", "md")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "wwc-report-riverton-2026.md"
    text = (db.parent / "wwc-report-riverton-2026.md").read_text(encoding="utf-8")
    assert text.startswith("# What Works Cities self-assessment (readiness report): Riverton, AZ")
    assert "Silver on points: 25 of 43 criteria met (58%)" in text


def test_png_and_csv_to_a_chosen_file(db, tmp_path):
    out = tmp_path / "out" / "chart.png"
    out.parent.mkdir()
    done = wwc(db, "--city", "Springfield, MO", "--format", "png", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    assert Image.open(out).size == (1100, 650)


def test_csv_in_process_with_db_after_the_command(db, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WWC_DB_PATH", raising=False)
    assert main(["report", "--db", str(db), "--city", "RIVERTON", "--format", "csv"]) == 0
    assert capsys.readouterr().out.strip() == "wwc-report-riverton-2026.csv"
    rows = list(csv.DictReader((tmp_path / "wwc-report-riverton-2026.csv").open(encoding="utf-8")))
    assert [r["code"] for r in rows] == CODES


def test_unknown_and_ambiguous_cities_are_clear_errors(db):
    done = wwc(db, "--city", "Atlantis", "--format", "md")
    assert done.returncode == 1
    assert "no city called 'Atlantis'" in done.stderr
    assert "Known cities: Riverton, AZ; Springfield, IL; Springfield, MO" in done.stderr
    done = wwc(db, "--city", "springfield", "--format", "md")
    assert done.returncode == 1
    assert "'springfield' is ambiguous: Springfield, IL; Springfield, MO" in done.stderr
    assert not list(db.parent.glob("wwc-report-*"))


def test_missing_database_is_not_created(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "none.db"), "report", "--city", "Riverton"]) == 1
    assert "no database at" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("lang,level", [("es", "Plata"), ("pt", "Prata")])
def test_a_report_in_another_language_has_no_english_left(db, tmp_path, monkeypatch, capsys, lang, level):
    from languages import english_pieces

    monkeypatch.chdir(tmp_path)
    for fmt in ("md", "csv"):
        out = tmp_path / f"r.{fmt}"
        assert main(["report", "--db", str(db), "--city", "riverton", "--format", fmt, "--lang", lang,
                     "--out", str(out)]) == 0
        text = out.read_text(encoding="utf-8")
        assert level in text and "Silver" not in text
        assert [p for p in english_pieces() if p in text] == [], fmt
