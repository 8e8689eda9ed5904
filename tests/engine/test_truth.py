"""Say only what is true, end to end: core standards, readiness, eligibility, the reading note, terms.

A scripted chat answers DM1, LC1 and PA1 Not yet and the other 40 Met, then shows an outcome: the chat,
the Slack App Home and every export must report the core standards as unmet and no readiness at any level,
and nothing may call the self-assessment the certification report or the city certifiable.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from bot.engine import render
from bot.report import build_city_report
from bot.report.csv_export import render_csv
from bot.report.markdown import render_markdown
from bot.report.slack_blocks import report_blocks, report_text
from bot.slack import home_view
from knowledge import load_knowledge

CORE = ("DM1", "LC1", "PA1")
FORBIDDEN = re.compile(r"certifiable|ready to apply|certification report:|\bis certified\b", re.IGNORECASE)
NOT_READY = "not ready for review at any level"


@pytest.fixture
def core_missing(ana, standard):
    """Ana's Tempe with DM1, LC1 and PA1 Not yet, the other 40 Met, and household broadband shown."""
    for c in standard.criteria:
        ana.press(f"answer:{c.code}:{'not_yet' if c.code in CORE else 'met'}")
    ana.press("gate:broadband")
    return ana


def _exports(store, standard, chat) -> dict[str, str]:
    city = store.city_of(chat.actor.workspace, chat.actor.user)
    report = build_city_report(store, standard, load_knowledge(standard), city.id, clock=lambda: store.clock())
    return {
        "md": render_markdown(report),
        "csv": render_csv(report),
        "slack": json.dumps(report_blocks(report)) + report_text(report),
    }


def test_chat_reports_the_core_standards_unmet_and_no_readiness(core_missing):
    text = core_missing.text
    assert "*WWC self-assessment: Tempe, AZ (2026)*" in text
    assert "*Platinum on points: 40 of 43 criteria met (93%)*" in text
    assert NOT_READY in text and "because the core standards DM1, LC1 and PA1 are not met yet" in text
    assert "Core standards (required for any level): DM1, LC1 and PA1 are not met yet." in text
    assert "not the official Certification report" in text
    assert not FORBIDDEN.search(text)
    status = core_missing.say("status")[0].text
    assert NOT_READY in status and not FORBIDDEN.search(status)
    roadmap = "\n".join(m.text for m in core_missing.say("roadmap"))
    assert roadmap.index("DM1") < roadmap.index("LC1") < roadmap.index("PA1")
    assert "core standard, required for certification at any level" in roadmap


def test_chat_questions_about_distance_say_the_same(core_missing):
    reply = core_missing.say("how close are we to platinum?")
    text = "\n".join(m.text for m in reply)
    assert NOT_READY in text and "DM1" in text and not FORBIDDEN.search(text)


def test_the_app_home_shows_no_readiness(core_missing, engine):
    board = engine.dashboard(core_missing.actor)
    assert board.level == "Platinum" and board.certifiable is False
    text = json.dumps(home_view.home(board))
    assert "WWC self-assessment: Tempe, AZ" in text and "Not ready for review at any level" in text
    assert "not the official Certification report" in text and not FORBIDDEN.search(text)


def test_every_export_reports_the_core_standards_unmet_and_no_readiness(core_missing, store, standard):
    exports = _exports(store, standard, core_missing)
    for name, text in exports.items():
        assert NOT_READY in text, name
        assert not FORBIDDEN.search(text), name
    assert "DM1, LC1 and PA1 are not met yet" in exports["md"] and "DM1, LC1 and PA1 are not met yet" in exports["slack"]
    rows = list(csv.DictReader(io.StringIO(exports["csv"])))
    assert [r["code"] for r in rows if r["core_standard"] == "yes"] == list(CORE)


def test_a_ready_city_meets_the_published_thresholds_pending_review(ana, standard, engine):
    for c in standard.criteria:
        ana.press(f"answer:{c.code}:met")
    ana.press("gate:broadband")
    assert "Meets the published thresholds for Platinum, pending review by Results for America" in ana.text
    assert not FORBIDDEN.search(ana.text)
    board = engine.dashboard(ana.actor)
    assert board.certifiable and "pending review by Results for America" in json.dumps(home_view.home(board))


# ------------------------------------------------------------------ eligibility


def test_manchester_uk_is_told_the_program_is_open_to_cities_in_the_americas(onboard):
    chat = onboard(city="Manchester, UK", population="550000")
    text = chat.text
    assert "open only to cities in North, Central and South America" in text
    assert "not open to Manchester, UK" in text and "self-assessment" in text
    assert "is eligible" not in text


def test_a_country_given_after_the_name_counts_too(new_chat):
    chat = new_chat("U_MAX", "Max")
    chat.say("hi")
    chat.say("Manchester")
    chat.say("United Kingdom")
    chat.say("550,000")
    assert "North, Central and South America" in chat.text and "is eligible" not in chat.text


def test_a_city_in_the_americas_is_told_it_is_eligible(onboard):
    chat = onboard(city="Medellín, Colombia", population="2500000")
    assert "eligible" in chat.text and "North, Central and South America" in chat.text


# ------------------------------------------------------------------ what counts and the reading note


def test_the_reading_note_helper_renders_every_what_counts(standard):
    for c in standard.criteria:
        text = render.what_counts_text(standard, c.code)
        assert all(item in text for item in c.what_counts)
        assert text.rstrip().endswith(f"Note: {standard.reading_note}"), c.code


def test_questions_about_a_criterion_carry_the_reading_note(ana, standard):
    text = "\n".join(m.text for m in ana.say("what is DM2?"))
    assert "What counts" in text and standard.reading_note in text


def test_why_carries_the_reading_note(ana, standard):
    text = "\n".join(m.text for m in ana.say("why"))
    assert "What counts" in text and standard.reading_note in text


# ------------------------------------------------------------------ unanswered and terms


def test_an_unanswered_criterion_is_not_answered_not_not_sure(ana):
    ana.say("yes")  # DM1 met; DM2 onward unanswered
    text = "\n".join(m.text for m in ana.say("what is DM3?"))
    assert "Your answer:* Not answered" in text and "Not sure" not in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what is the honor roll?", "2018"),
        ("are city solutions sprints still running?", "What Works Cities Sprints"),
        ("what is the outcome requirement?", "change outcome"),
        ("is this the official certification report?", "self-assessment"),
    ],
)
def test_program_terms_are_answered_in_chat(ana, question, expected):
    text = "\n".join(m.text for m in ana.say(question))
    assert expected in text, text
    assert "Sources" in text
