"""Chat answers for a city with answers, without answers, and without a report."""

from __future__ import annotations

import re

import pytest

from knowledge.answers import Reply, answer_question
from knowledge.nlu import Intent, understand
from wwc_rules import score

URL = re.compile(r"https?://\S+")


@pytest.fixture
def city(standard):
    return score(standard, {"DM1": "met", "DM2": "in_progress", "OD1": "not_yet", "OD2": "met", "PA2": "in_progress"})


@pytest.fixture
def fresh(standard):
    return score(standard, {})


def test_whats_next_for_open_data_with_answers_gives_the_roadmap(standard, kb, city):
    reply = answer_question("what's next for open data?", standard, kb, city)
    assert (reply.intent, reply.topic, reply.offer_start_area) == (Intent.NEXT_STEPS, "OD", None)
    assert "Next steps for Open Data" in reply.text
    assert "OD1 Open Data Policy" in reply.text and "you answered Not yet on OD1" in reply.text
    assert "OD2 " not in reply.text  # already met
    assert URL.search(reply.text)


def test_whats_next_for_open_data_without_answers_offers_to_start(standard, kb, fresh):
    reply = answer_question("what's next for open data?", standard, kb, fresh)
    assert reply.offer_start_area == "OD"
    assert "Open Data (OD)" in reply.text and "OD4 User Insights" in reply.text
    assert "Want to start" in reply.text
    assert "start OD" in reply.suggestions


def test_area_not_started_while_others_are(standard, kb, city):
    reply = answer_question("next steps for budget", standard, kb, city)
    assert reply.offer_start_area == "BF"


def test_no_report_at_all_offers_to_start(standard, kb):
    reply = answer_question("whats nxt for opn data", standard, kb, None)
    assert reply.offer_start_area == "OD"


def test_explain_criterion_includes_the_city_answer_only_when_given(standard, kb, city):
    with_city = answer_question("what is DM2?", standard, kb, city)
    anonymous = answer_question("what is DM2?", standard, kb, None)
    assert "*Your answer:* In progress" in with_city.text
    assert "Your answer" not in anonymous.text
    assert "Maintaining a Comprehensive Data Inventory" in anonymous.text


def test_an_unanswered_criterion_is_said_as_not_answered(standard, kb, city):
    reply = answer_question("what is DM3?", standard, kb, city)
    assert "*Your answer:* Not answered" in reply.text
    assert "Not sure" not in reply.text
    plan = answer_question("what's next for DM3?", standard, kb, city)
    assert "Not sure" not in plan.text


def test_who_can_help_with_procurement(standard, kb):
    reply = answer_question("who can help with procurement?", standard, kb, None)
    assert "Government Performance Lab" in reply.text
    assert "Seattle" in reply.text


def test_who_can_help_marks_inferred_partners(standard, kb):
    reply = answer_question("who helps with budget and finance", standard, kb, None)
    assert "Results for America" in reply.text and "(not confirmed)" in reply.text


def test_find_resource_lists_title_and_url(standard, kb):
    reply = answer_question("any guide on data inventories?", standard, kb, None)
    assert "Open Data Dataset Starter Kit (dataset inventory guidelines): https://github.com/govex/open-data-inventory" in reply.text
    assert "labs.centerforgov.org" not in reply.text.split("\n")[1], "a current source ranks above a legacy host"


def test_level_distance_for_a_city(standard, kb, city):
    reply = answer_question("how close are we to gold?", standard, kb, city)
    assert "To reach Gold" in reply.text and "To reach Silver" in reply.text
    assert "DM2" in reply.text  # in progress: first on the path


def test_level_distance_without_answers_explains_levels(standard, kb, fresh):
    reply = answer_question("how close are we to gold?", standard, kb, fresh)
    assert "Silver 51%" in reply.text and "start" in reply.suggestions


def test_status_with_and_without_answers(standard, kb, city, fresh):
    assert "2 of 43 criteria met" in answer_question("where do we stand?", standard, kb, city).text
    assert "not answered any criteria" in answer_question("where do we stand?", standard, kb, fresh).text


def test_unknown_gets_did_you_mean(standard, kb):
    reply = answer_question("asdfgh qwerty", standard, kb, None)
    assert reply.intent is Intent.UNKNOWN
    assert "Did you mean" in reply.text and reply.suggestions


def test_accepts_an_understanding(standard, kb, city):
    u = understand("what's next for open data?", standard)
    assert answer_question(u, standard, kb, city) == answer_question("what's next for open data?", standard, kb, city)


@pytest.mark.parametrize("text", ["help", "what is open data", "any resources?", "who can help", "what's next", "ok thanks"])
def test_every_reply_is_text_within_slack_limits(standard, kb, city, text):
    reply = answer_question(text, standard, kb, city)
    assert isinstance(reply, Reply) and reply.text.strip()
    assert len(reply.text) < 12000


def test_no_user_text_is_echoed(standard, kb):
    reply = answer_question("<!channel> hello <@U123>", standard, kb, None)
    assert "<!channel>" not in reply.text and "<@U123>" not in reply.text
