"""Renderers: complete Markdown and CSV, a deterministic PNG, Slack blocks inside Block Kit limits."""

from __future__ import annotations

import csv
import io
import json

import pytest
from PIL import Image
from report_helpers import CODES, add_assessment, add_city, all_answered, report_of
from slack_sdk.models.blocks import Block

from bot.report.chart import SIZE, render_chart
from bot.report.csv_export import COLUMNS, render_csv
from bot.report.markdown import render_markdown
from bot.report.slack_blocks import MAX_BLOCKS, report_blocks, report_text
from wwc_rules import Outcome

SECTIONS = [
    "# What Works Cities self-assessment (readiness report): ", "## Summary", "## Practice areas", "## Path to ", "## Roadmap",
    "## Items to confirm", "## Evidence still missing", "## Peer benchmarks", "## Year-over-year change",
    "## Who answered what", "## All criteria", "## Caveats",
]
HOSTILE = "<!channel> Springfield & <@U123> <https://evil.example|click>"


@pytest.fixture
def report(store):
    city = add_city(store, "Riverton", region="AZ")
    met = set(CODES[::2])
    add_assessment(store, city, all_answered(set(CODES[::3])), year=2025)
    aid = add_assessment(store, city, all_answered(met, rest=Outcome.IN_PROGRESS), complete=False)
    store.set_evidence(aid, CODES[0], "https://example.org/policy", "=HYPERLINK(\"x\") adopted 2021", by="U_ANA")
    for i in range(5):
        peer = add_city(store, f"Peer {i}")
        add_assessment(store, peer, all_answered(set(CODES[: 10 * i])))
    return report_of(store, city)


def test_markdown_has_every_section_and_criterion(report):
    md = render_markdown(report)
    positions = [md.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    table = md.split("## All criteria")[1]
    assert all(f"\n| {code} | " in table for code in CODES)
    assert "[Resource" not in md and "- Resource: [" in md  # roadmap resources are links
    assert "official review, the official report and the certification decision are made by Results for America" in md
    assert "not the official Certification report" in md
    assert "paraphrase" in md
    assert "=HYPERLINK(\"x\") adopted 2021](https://example.org/policy)" in md  # evidence note as the link


def test_markdown_makes_user_text_inert(store):
    city = add_city(store, "<script>alert(1)</script> | *Town*", region="AZ")
    add_assessment(store, city, {"DM1": Outcome.MET})
    md = render_markdown(report_of(store, city))
    assert "<script>" not in md and "&lt;script&gt;" in md and "\\| \\*Town\\*" in md


def test_csv_has_one_row_per_criterion(report):
    rows = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert tuple(rows[0].keys()) == COLUMNS
    assert [r["code"] for r in rows] == CODES
    first = rows[0]
    assert first["outcome"] == "Met" and first["answered_by"] == "Ana" and first["answered_at"].startswith("2026-")
    assert first["evidence_url"] == "https://example.org/policy"
    assert first["evidence_note"] == "'=HYPERLINK(\"x\") adopted 2021"  # never a live spreadsheet formula
    assert first["peer_met_share"] == "80" and first["last_year_outcome"] == "Met"
    assert rows[1]["outcome"] == "In progress" and rows[1]["last_year_outcome"] == "Not yet"


def test_png_is_valid_of_the_expected_size_and_deterministic(report):
    png = render_chart(report)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    image.verify()
    assert Image.open(io.BytesIO(png)).size == SIZE == (1100, 650)
    assert render_chart(report) == png
    assert b"Software" not in png and b"matplotlib" not in png.lower()


def test_png_handles_math_symbols_and_long_names(store):
    city = add_city(store, "$x^2$ " + "Very Long City Name " * 10, region="AZ")
    add_assessment(store, city, {"DM1": Outcome.MET})
    assert Image.open(io.BytesIO(render_chart(report_of(store, city)))).size == SIZE


def _check_blocks(blocks: list[dict]) -> None:
    assert 0 < len(blocks) <= MAX_BLOCKS
    for b in blocks:
        Block.parse(b).validate_json()
        if b["type"] == "header":
            assert len(b["text"]["text"]) <= 150
        if b["type"] == "section":
            assert 0 < len(b["text"]["text"]) <= 3000


def test_slack_blocks_pass_validation(report):
    blocks = report_blocks(report)
    _check_blocks(blocks)
    text = json.dumps(blocks)
    assert "Riverton" in text and "Roadmap" in text and "Peer benchmarks" in text and "Year over year" in text
    assert "Riverton, AZ (2026): " in report_text(report)


def test_slack_blocks_stay_in_limits_and_never_ping_with_hostile_text(store):
    city = add_city(store, HOSTILE * 3, region="<!here>", lead="U_LEAD")
    aid = add_assessment(store, city, all_answered(set(CODES[:30]), rest=Outcome.NOT_SURE),
                         by="U_X", by_name="<!everyone> @channel Mallory")
    for code in CODES:
        store.set_evidence(aid, code, "https://example.org/" + code, (HOSTILE + " note ") * 200, by="U_X")
    report = report_of(store, city)
    blocks = report_blocks(report)
    _check_blocks(blocks)
    dumped = json.dumps(blocks) + report_text(report)
    for ping in ("<!channel>", "<!here>", "<!everyone>", "<@U123>", "<https://evil.example|", "@channel"):
        assert ping not in dumped
    assert "&lt;!channel&gt; Springfield &amp; &lt;@U123&gt;" in dumped
    assert len(report_text(report)) <= 3000
