"""``wwc-bot demo``: a labelled synthetic network, deterministic, never mixed into a real database."""

from __future__ import annotations

from datetime import date

import pytest
from report_helpers import KB, STANDARD, add_city

from bot.cli import main
from bot.demo import DemoError, build_demo, city_name
from bot.report import build_city_report
from bot.report.markdown import render_markdown
from bot.store import Store, utcnow
from bot.store.reporting import all_cities, city_assessments, inspect_database, is_demo
from wwc_rules import Outcome, Phase

TODAY = date(2026, 3, 15)


def dump(store: Store) -> list[tuple]:
    tables = ("cities", "members", "assessments", "answers", "answer_history", "assignments")
    return [tuple(row) for t in tables for row in store.db.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3")]


def test_demo_is_labelled_plausible_and_deterministic(tmp_path):
    first, second = Store(tmp_path / "a.db"), Store(tmp_path / "b.db")
    summary = build_demo(first, STANDARD, cities=8, seed=3, today=TODAY)
    build_demo(second, STANDARD, cities=8, seed=3, today=TODAY)
    assert dump(first) == dump(second)

    assert is_demo(first) and summary.cities[6] == city_name(7) == "Demo City 07 (synthetic)"
    cities = all_cities(first)
    assert [(c.name, c.region) for c in cities] == [(city_name(n), "Demo") for n in range(1, 9)]
    met = {p: [0, 0] for p in Phase}
    points = {2025: 0, 2026: 0}
    for city in cities:
        history = city_assessments(first, city.id, STANDARD.id)
        assert [(a.year, a.status) for a in history] == [(2025, "complete"), (2026, "complete")]
        for a in history:
            details = first.answer_details(a.id)
            assert len(details) == 43
            assert all(d.evidence_url.startswith("https://example.org/") for d in details.values() if d.evidence_url)
            assert all(d.answered_by_name.startswith("Demo ") for d in details.values())
            points[a.year] += sum(d.outcome is Outcome.MET for d in details.values())
            for d in details.values():
                met[STANDARD.criterion(d.criterion).phase][0] += d.outcome is Outcome.MET
                met[STANDARD.criterion(d.criterion).phase][1] += 1
    assert points[2026] > points[2025]  # progress year over year
    assert met[Phase.COMMIT][0] / met[Phase.COMMIT][1] > met[Phase.ACT][0] / met[Phase.ACT][1]

    report = build_city_report(first, STANDARD, KB, cities[0].id, clock=utcnow)
    assert report.peers.benchmark.available and report.peers.benchmark.peer_count == 7
    assert report.year_over_year is not None and report.demo
    assert "Synthetic demo data" in render_markdown(report)
    assert build_demo(Store(tmp_path / "c.db"), STANDARD, cities=8, seed=4, today=TODAY) and \
        dump(Store(tmp_path / "c.db")) != dump(first)


def test_build_refuses_a_store_with_real_cities(store):
    add_city(store, "Tempe", region="AZ")
    with pytest.raises(DemoError, match="real cities"):
        build_demo(store, STANDARD, cities=2, seed=1, today=TODAY)
    assert not is_demo(store) and len(all_cities(store)) == 1


def test_command_refuses_a_real_database_and_leaves_it_alone(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    real = tmp_path / "city.db"
    store = Store(real)
    add_city(store, "Tempe", region="AZ")
    store.close()
    before = real.read_bytes()
    assert main(["demo", "--db", str(real), "--cities", "6"]) == 1
    assert "holds 1 real city; demo data never goes into a real database" in capsys.readouterr().err
    assert real.read_bytes() == before and inspect_database(real) == (True, False, 1)


def test_command_never_writes_the_assistants_database_unless_it_is_a_demo(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WWC_DB_PATH", "wwc-demo.db")
    assert main(["demo", "--cities", "2"]) == 1  # the default demo file is the live database
    assert "the assistant's own database" in capsys.readouterr().err
    Store(tmp_path / "wwc-demo.db").close()  # a fresh, empty assistant database
    assert main(["demo", "--db", "wwc-demo.db", "--cities", "2"]) == 1
    assert "is not a demo database" in capsys.readouterr().err
    assert not is_demo(Store(tmp_path / "wwc-demo.db"))


def test_command_builds_and_rebuilds_a_demo_database(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WWC_DB_PATH", raising=False)
    assert main(["demo", "--cities", "6", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "Created a synthetic demo network in wwc-demo.db" in out
    assert "6 cities: Demo City 01 (synthetic) ... Demo City 06 (synthetic)" in out
    assert "wwc-bot report --db wwc-demo.db --city 'Demo City 01 (synthetic)' --format png" in out
    assert main(["demo", "--cities", "6", "--seed", "2"]) == 0
    assert "Replaced the demo network in wwc-demo.db" in capsys.readouterr().out
    assert inspect_database(tmp_path / "wwc-demo.db") == (True, True, 6)
    assert main(["report", "--db", "wwc-demo.db", "--city", "Demo City 01 (synthetic)", "--format", "md"]) == 0
    md = (tmp_path / capsys.readouterr().out.strip()).read_text(encoding="utf-8")
    assert "Compared with 5 other cities" in md and "Demo City 02" not in md
