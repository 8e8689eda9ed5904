"""Free-text questions: intent and topic, typos, did-you-mean, accuracy, speed."""

from __future__ import annotations

import statistics
import time
from functools import cache
from pathlib import Path

import pytest
from yaml_files import read_yaml

from knowledge.nlu import Intent, suggestion, understand

DATA = Path(__file__).resolve().parents[1] / "data"
LABELLED = "nlu_labelled.yml"
# A second tuning set, written without seeing the matcher (tests/data/nlu_heldout.yml is never
# read by the tests: it is only scored by bench/nlu_accuracy.py).
DEV2 = "nlu_dev2.yml"


@cache
def tuning_set(name: str) -> tuple[dict, ...]:
    """The labelled cases of ``tests/data/<name>``, read once (no test changes them)."""
    return tuple(read_yaml(DATA / name))


def test_labelled_set_is_large_enough():
    cases = tuning_set(LABELLED)
    assert len(cases) >= 150
    assert {c["intent"] for c in cases} == {i.value for i in Intent}


@pytest.mark.parametrize(("name", "at_least"), [(LABELLED, 150), (DEV2, 200)])
def test_accuracy_on_a_tuning_set(standard, name, at_least):
    cases = tuning_set(name)
    assert len(cases) >= at_least
    got = [understand(c["text"], standard) for c in cases]
    intent = sum(g.intent.value == c["intent"] for g, c in zip(got, cases)) / len(cases)
    topic = sum(g.topic == c["topic"] for g, c in zip(got, cases)) / len(cases)
    assert intent >= 0.9, f"intent accuracy {intent:.1%}"
    assert topic >= 0.9, f"topic accuracy {topic:.1%}"


@pytest.mark.parametrize(
    ("text", "intent", "kind", "topic"),
    [
        ("whats nxt for opn data", Intent.NEXT_STEPS, "area", "OD"),
        ("who can help with procurement?", Intent.WHO_CAN_HELP, "area", "RDC"),
        ("what is DM2?", Intent.EXPLAIN, "criterion", "DM2"),
        ("what is dm 2", Intent.EXPLAIN, "criterion", "DM2"),
        ("explain stat meetings", Intent.EXPLAIN, "criterion", "PA2"),
        ("CDO", Intent.EXPLAIN, "criterion", "LC5"),
        ("RCT", Intent.EXPLAIN, "criterion", "EVAL2"),
        ("stat program", Intent.EXPLAIN, "criterion", "PA2"),
        ("how close are we to gold?", Intent.LEVEL_DISTANCE, None, None),
        ("any guide on data inventories?", Intent.FIND_RESOURCE, "criterion", "DM2"),
        ("where do we stand?", Intent.STATUS, None, None),
        ("help", Intent.HELP, None, None),
        ("Qué es DM3?", Intent.EXPLAIN, "criterion", "DM3"),
    ],
)
def test_examples_from_the_issue(standard, text, intent, kind, topic):
    u = understand(text, standard)
    assert (u.intent, u.topic_kind, u.topic) == (intent, kind, topic)
    assert 0.0 < u.confidence <= 1.0


@pytest.mark.parametrize(
    ("text", "intent", "topic"),
    [
        # preambles and greetings do not hide the question
        ("hey bot quick q, what's next for open data?", Intent.NEXT_STEPS, "OD"),
        ("good morning! where do we stand on evaluations", Intent.STATUS, "EVAL"),
        ("hi, I was wondering if there is anything on data inventories", Intent.FIND_RESOURCE, "DM2"),
        ("sorry to bother, what is a learning agenda?", Intent.EXPLAIN, "EVAL1"),
        ("hey bot", Intent.HELP, None),
        # indirect ways to ask for people
        ("we'd love to talk to a city that has done an open data policy", Intent.WHO_CAN_HELP, "OD1"),
        ("has anyone done a data inventory before?", Intent.WHO_CAN_HELP, "DM2"),
        # questions with words between their cue ("how * doing")
        ("how is our procurement doing", Intent.STATUS, "RDC"),
        ("did we mark the privacy one as met?", Intent.STATUS, "DM5"),
        # using the bot itself
        ("how do i assign the procurement section to my colleague", Intent.HELP, "RDC"),
        ("help with open data", Intent.NEXT_STEPS, "OD"),
        # a criterion described in plain words
        ("how do we start breaking down our data by race and neighborhood", Intent.NEXT_STEPS, "DM8"),
        ("who can help us after a ransomware attack", Intent.WHO_CAN_HELP, "DM6"),
        # typos: swapped letters, a missing space
        ("whats nxet for oepn data", Intent.NEXT_STEPS, "OD"),
        ("who can help with dataquality", Intent.WHO_CAN_HELP, "DM4"),
        # an ordinary word is not "corrected" into a cue or topic
        ("why is executive commitment a core standard", Intent.EXPLAIN, "LC1"),
        # off topic
        ("whats the weather like today", Intent.UNKNOWN, None),
        ("recommend a good pizza place downtown", Intent.UNKNOWN, None),
    ],
)
def test_how_staff_ask(standard, text, intent, topic):
    u = understand(text, standard)
    assert (u.intent, u.topic) == (intent, topic)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("what's the Honor Roll?", Intent.FIND_RESOURCE),
        ("how does a city make the honor roll", Intent.FIND_RESOURCE),
        ("tell me about City Solutions Sprints", Intent.FIND_RESOURCE),
        ("are there any city solutions sprints coming up", Intent.FIND_RESOURCE),
        ("what is the outcome requirement", Intent.EXPLAIN),
        ("explain the outcome requirement", Intent.EXPLAIN),
        ("what is the certification report", Intent.EXPLAIN),
        ("what goes in the official report?", Intent.EXPLAIN),
    ],
)
def test_program_and_certification_terms(standard, text, intent):
    u = understand(text, standard)
    assert (u.intent, u.topic) == (intent, None)


def test_suggestions_are_understood_as_suggested(standard):
    codes = [a.code for a in standard.areas] + [c.code for c in standard.criteria]
    intents = [Intent.NEXT_STEPS, Intent.EXPLAIN, Intent.FIND_RESOURCE, Intent.WHO_CAN_HELP, Intent.STATUS]
    wrong = [
        (text, u.intent.value, u.topic)
        for intent in intents
        for code in codes
        if (u := understand(text := suggestion(intent, code, standard), standard)).intent is not intent or u.topic != code
    ]
    assert not wrong


def test_level_named_in_the_question(standard):
    assert understand("how close are we to gold?", standard).level == "gold"
    assert understand("how far to platnum", standard).level == "platinum"
    assert understand("what's next", standard).level is None


@pytest.mark.parametrize("text", ["asdfgh qwerty", "xyzzy plugh", "lol", "", "   ", "!!!"])
def test_gibberish_gets_did_you_mean(standard, text):
    u = understand(text, standard)
    assert u.intent is Intent.UNKNOWN and u.topic is None
    assert u.confidence <= 0.3
    assert 1 <= len(u.suggestions) <= 3


def test_unknown_code_suggests_real_ones(standard):
    u = understand("what is dm12", standard)
    assert u.topic is None
    assert "what is DM1?" in u.suggestions


def test_two_unrelated_topics_are_not_guessed(standard):
    u = understand("what's next for open data and budgeting", standard)
    assert u.intent is Intent.NEXT_STEPS
    assert u.topic is None
    assert len(u.suggestions) == 2 and all(s.startswith("what's next for") for s in u.suggestions)
    assert u.confidence < 0.8


def test_a_criterion_and_its_area_resolve_to_the_criterion(standard):
    u = understand("open data portal in the open data area", standard)
    assert u.topic == "OD3"


def test_typos_lower_confidence(standard):
    clean = understand("what's next for open data", standard)
    typo = understand("whats nxt for opn data", standard)
    assert typo.topic == clean.topic == "OD"
    assert typo.confidence < clean.confidence


def test_user_text_is_never_echoed_in_suggestions(standard):
    u = understand("<!channel> zzzzqqq", standard)
    assert all("<!channel>" not in s for s in u.suggestions)


def test_median_time_well_under_a_millisecond(standard):
    texts = [c["text"] for c in tuning_set(LABELLED)]
    understand("warm up", standard)
    timings = []
    for text in texts:
        start = time.perf_counter()
        understand(text, standard)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.0005
