"""The network team's view: per-criterion shares from the monthly snapshot, never fewer than 5 cities behind a
figure, no city named; Markdown, CSV and a PNG from the command line."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from report_helpers import CODES, STANDARD, add_assessment, add_city, all_answered

from bot.cli import main
from bot.report.network import build_network_view, render_network_csv, render_network_markdown
from bot.store import Store


def _network(tmp_path, cities: int) -> Store:
    now = [datetime(2026, 3, 10, tzinfo=UTC)]
    store = Store(tmp_path / "wwc.db", clock=lambda: now[0])
    for i in range(cities):
        add_assessment(store, add_city(store, f"City{i}"), all_answered(set(CODES[: 10 + 3 * i])))
    return store


def test_shares_per_criterion_from_the_snapshot(tmp_path):
    store = _network(tmp_path, 6)
    view = build_network_view(store, STANDARD, datetime(2026, 4, 5, tzinfo=UTC))
    shares = {c.code: c.met for c in view.criteria}
    assert view.cities == 6 and shares["DM1"] == 100 and shares[CODES[-1]] == 0
    assert shares[CODES[12]] == 83  # 5 of 6 cities met it
    rows = list(csv.DictReader(io.StringIO(render_network_csv(view))))
    assert len(rows) == 43 and rows[0]["share_met"] == "100" and rows[0]["cities"] == "6"
    text = render_network_markdown(view)
    assert "City0" not in text and "City5" not in text  # no city is named


def test_fewer_than_five_cities_withholds_every_figure(tmp_path):
    store = _network(tmp_path, 4)
    view = build_network_view(store, STANDARD, datetime(2026, 4, 5, tzinfo=UTC))
    assert view.cities == 0 and view.criteria == () and "5 cities" in view.note


def test_small_cells_are_hidden_and_cannot_be_worked_out_from_the_total(tmp_path):
    store = _network(tmp_path, 6)
    view = build_network_view(store, STANDARD, datetime(2026, 4, 5, tzinfo=UTC))
    hidden = [k for k, v in view.levels.items() if v is None]
    assert all(v is None or v == 0 or v >= 5 for v in view.levels.values())
    assert len(hidden) != 1


def test_the_command_line_prints_csv_and_writes_a_chart(tmp_path, monkeypatch, capsys):
    _network(tmp_path, 6).close()
    monkeypatch.setenv("WWC_DB_PATH", str(tmp_path / "wwc.db"))
    assert main(["network", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("area,code,criterion,share_met") and "DM1" in out
    png = tmp_path / "net.png"
    assert main(["network", "--format", "png", "--out", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["network", "--format", "md", "--out", str(tmp_path / "wwc.db")]) == 1  # never over the database
