"""Free-text questions: intent and topic, typos, did-you-mean, accuracy, speed."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest
import yaml

from knowledge.nlu import Intent, understand

LABELLED = Path(__file__).resolve().parents[1] / "data" / "nlu_labelled.yml"
CASES = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))


def test_labelled_set_is_large_enough():
    assert len(CASES) >= 150
    assert {c["intent"] for c in CASES} == {i.value for i in Intent}


def test_accuracy_on_the_labelled_set(standard):
    got = [understand(c["text"], standard) for c in CASES]
    intent = sum(g.intent.value == c["intent"] for g, c in zip(got, CASES)) / len(CASES)
    topic = sum(g.topic == c["topic"] for g, c in zip(got, CASES)) / len(CASES)
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
    texts = [c["text"] for c in CASES]
    understand("warm up", standard)
    timings = []
    for text in texts:
        start = time.perf_counter()
        understand(text, standard)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.0005
