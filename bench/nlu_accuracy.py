"""Accuracy and speed of knowledge.nlu on the labelled staff phrasings.

Prints intent accuracy, topic accuracy, both, and the median and p99 time to
understand one message; exits 1 if intent or topic accuracy is below 90%.

    python bench/nlu_accuracy.py [--verbose]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml

from knowledge.nlu import understand
from wwc_rules import load_standard

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "nlu_labelled.yml"
BAR = 0.90
ROUNDS = 20


def main(argv: list[str]) -> int:
    standard = load_standard("wwc-2022")
    cases = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    understand("warm up", standard)  # builds the per-standard vocabulary once

    intent_ok, topic_ok, both_ok, misses = score(cases, standard)

    timings = []
    for _ in range(ROUNDS):
        for case in cases:
            start = time.perf_counter()
            understand(case["text"], standard)
            timings.append(time.perf_counter() - start)
    timings.sort()
    median_ms = statistics.median(timings) * 1000
    p99_ms = timings[int(len(timings) * 0.99) - 1] * 1000

    n = len(cases)
    print(f"labelled phrasings: {n}")
    print(f"intent accuracy:    {intent_ok / n:.1%} ({intent_ok}/{n})")
    print(f"topic accuracy:     {topic_ok / n:.1%} ({topic_ok}/{n})")
    print(f"both correct:       {both_ok / n:.1%} ({both_ok}/{n})")
    for name in sorted({c["set"] for c in cases if "set" in c}):
        subset = [c for c in cases if c.get("set") == name]
        s_intent, s_topic, s_both, _ = score(subset, standard)
        k = len(subset)
        print(
            f"subset {name}:".ljust(20) + f"intent {s_intent / k:.1%}, topic {s_topic / k:.1%}, both {s_both / k:.1%} ({k})"
        )
    print(f"matching time:      median {median_ms:.3f} ms, p99 {p99_ms:.3f} ms ({len(timings)} calls)")
    if "--verbose" in argv and misses:
        print("misses:")
        print("\n".join(misses))
    passed = intent_ok / n >= BAR and topic_ok / n >= BAR
    if not passed:
        print(f"FAIL: intent and topic accuracy must both be at least {BAR:.0%}")
    return 0 if passed else 1


def score(cases: list[dict], standard) -> tuple[int, int, int, list[str]]:
    """Counts of right intents, right topics, both right, and a line per miss."""
    intent_ok = topic_ok = both_ok = 0
    misses = []
    for case in cases:
        got = understand(case["text"], standard)
        i_ok = got.intent.value == case["intent"]
        t_ok = got.topic == case["topic"]
        intent_ok += i_ok
        topic_ok += t_ok
        both_ok += i_ok and t_ok
        if not (i_ok and t_ok):
            misses.append(
                f"  {case['text']!r}: expected {case['intent']}/{case['topic']}, got {got.intent.value}/{got.topic}"
            )
    return intent_ok, topic_ok, both_ok, misses


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
