"""Every export says what is true: a self-assessment, readiness with the core standards, past programs as past."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from matplotlib.figure import Figure
from report_helpers import CODES, add_assessment, add_city, report_of

from bot.report.chart import _draw
from bot.report.csv_export import render_csv
from bot.report.markdown import render_markdown
from bot.report.slack_blocks import report_blocks, report_text
from knowledge.links import UNOFFICIAL, is_mirror
from wwc_rules import Outcome

CORE = ("DM1", "LC1", "PA1")
FORBIDDEN = re.compile(r"certifiable|ready to apply|certification report:", re.IGNORECASE)


def _core_missing(store, name="Riverton", region="AZ"):
    city = add_city(store, name, region=region)
    add_assessment(store, city, {c: Outcome.NOT_YET if c in CORE else Outcome.MET for c in CODES}, gate="broadband")
    return report_of(store, city)


def _chart_text(report) -> str:
    fig = Figure()
    _draw(fig, report)
    texts = [fig._suptitle.get_text()] + [ax.get_title() for ax in fig.axes]
    return " ".join(" ".join(t.split()) for t in texts)


@pytest.fixture
def report(store):
    return _core_missing(store)


def test_the_report_knows_the_core_standards_are_unmet(report):
    assert report.score.level.name == "Platinum" and not report.score.ready
    assert report.core.unmet == CORE
    assert "not ready for review at any level" in report.readiness


def test_markdown_says_self_assessment_core_unmet_and_no_readiness(report):
    md = render_markdown(report)
    assert md.startswith("# What Works Cities self-assessment (readiness report): Riverton, AZ")
    assert "not the official Certification report" in md
    assert "**Readiness:** Platinum on points only: not ready for review at any level" in md
    assert "**Core standards:** Core standards (required for any level): DM1, LC1 and PA1 are not met yet." in md
    assert not FORBIDDEN.search(md)
    assert "pending review" not in md


def test_csv_marks_the_core_standards_and_carries_readiness(report):
    rows = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert [r["code"] for r in rows if r["core_standard"] == "yes"] == list(CORE)
    assert all("not ready for review at any level" in r["readiness"] for r in rows)
    assert all(r["outcome"] == "Not yet" for r in rows if r["core_standard"])


def test_slack_blocks_say_self_assessment_and_no_readiness(report):
    dumped = json.dumps(report_blocks(report)) + report_text(report)
    assert "WWC self-assessment" in dumped and "not ready for review at any level" in dumped
    assert "DM1, LC1 and PA1 are not met yet" in dumped
    assert not FORBIDDEN.search(dumped)


def test_the_chart_titles_itself_a_self_assessment_and_says_not_ready(report):
    text = _chart_text(report)
    assert "self-assessment" in text and "Platinum on points" in text
    assert "not ready for review at any level" in text and "Not the official report" in text


def test_a_ready_city_is_pending_review_never_certified(store):
    city = add_city(store, "Readyville", region="AZ")
    add_assessment(store, city, {c: Outcome.MET for c in CODES}, gate="air_quality")
    r = report_of(store, city)
    md = render_markdown(r)
    assert "Meets the published thresholds for Platinum, pending review by Results for America." in md
    assert not FORBIDDEN.search(md + json.dumps(report_blocks(r)) + render_csv(r))


def test_a_city_outside_the_americas_is_told_the_program_is_not_open_there(store):
    r = _core_missing(store, name="Manchester", region="UK")
    assert r.city.eligible is False and r.city.in_americas is False
    md = render_markdown(r)
    assert "not eligible: the program is open only to cities in North, Central and South America" in md


def test_past_programs_are_shown_as_past_and_area_examples_are_labelled(store):
    city = add_city(store, "Gapton", region="AZ")
    add_assessment(store, city, {c: Outcome.MET for c in CODES if not c.startswith(("RDC", "EVAL"))})
    r = report_of(store, city)
    md = render_markdown(r)
    blocks = json.dumps(report_blocks(r))
    for line in md.splitlines():
        if line.startswith("- Program:"):
            assert "(open)" in line, line
        if line.startswith("- Past"):
            assert "ran in" in line and "not open now" in line and "new round is planned" in line, line
            assert "community.results4america.org/)" not in line, "a community home page is not a Sprint page"
    steps = {s.code: s for s in r.roadmap.steps}
    assert any(s.past_program for s in steps.values())
    assert all(s.program is None or s.program.status.value == "open" for s in steps.values())
    if "RDC7" in steps:
        assert steps["RDC7"].peer is None
    assert "Area example (not specific to" in md or "Area example (not specific to" in blocks


def test_unanswered_criteria_are_shown_as_not_answered(store):
    city = add_city(store, "Halfway", region="AZ")
    add_assessment(store, city, {"DM1": Outcome.MET, "DM2": Outcome.NOT_SURE}, complete=False)
    r = report_of(store, city)
    md = render_markdown(r)
    assert "| DM3 | Maintaining" not in md  # (sanity: DM3 is Sharing Data)
    table = md.split("## All criteria")[1]
    assert re.search(r"\| DM3 \| Sharing Data \|  \| Not answered \|", table)
    assert re.search(r"\| DM2 \| [^|]+ \|  \| Not sure \|", table)
    path = md.split("## Path to ")[1].split("## Roadmap")[0]
    for line in path.splitlines():
        if "**" in line and "**DM2**" not in line:
            assert "not sure" not in line.lower() and line.count("ot answered") == 2, line
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(render_csv(r)))}
    assert rows["DM3"]["outcome"] == "Not answered" and rows["DM2"]["outcome"] == "Not sure"


def test_every_mirror_link_in_an_export_is_marked(store):
    city = add_city(store, "Linkton", region="AZ")
    add_assessment(store, city, {})
    r = report_of(store, city)
    for line in render_markdown(r).splitlines():
        for url in re.findall(r"\((https?://[^)\s]+)\)", line):
            if is_mirror(url):
                assert UNOFFICIAL in line, line
