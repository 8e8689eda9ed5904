"""Accuracy and speed of knowledge.nlu on labelled staff phrasings, per file.

For each labelled file it prints the count, intent accuracy, topic accuracy and
both, and then the median and p99 time to understand one message:

- ``tests/data/nlu_labelled.yml`` and ``tests/data/nlu_dev2.yml`` are the
  tuning sets: the matcher's vocabulary was tuned on them. ``--verbose`` lists
  their misses.
- ``tests/data/nlu_heldout.yml`` ("held-out") was written by someone who saw
  neither the matcher nor the tuning sets, and is never tuned against: only its
  figures are printed, never its phrasings or misses (not even with
  ``--verbose``).

Exits 1 if the held-out intent or topic accuracy is below 90% (without the
held-out file, or with ``--tuning-only``, the bar applies to nlu_labelled.yml).

    python bench/nlu_accuracy.py [--verbose] [--tuning-only]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml

from knowledge.nlu import understand
from wwc_rules import load_standard

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
LABELLED = DATA / "nlu_labelled.yml"
DEV2 = DATA / "nlu_dev2.yml"
HELDOUT = DATA / "nlu_heldout.yml"
TUNING = [("nlu_labelled.yml", LABELLED), ("nlu_dev2.yml", DEV2)]
BAR = 0.90
ROUNDS = 20


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    standard = load_standard("wwc-2022")
    understand("warm up", standard)  # builds the per-standard vocabulary once

    timed: list[str] = []
    gate: tuple[str, float, float] | None = None
    for name, path in TUNING:
        cases = _load(path)
        if cases is None:
            print(f"{name}: not found, skipped")
            continue
        timed += [c["text"] for c in cases]
        intent_ok, topic_ok, both_ok, misses = score(cases, standard)
        _print_split(name, len(cases), intent_ok, topic_ok, both_ok)
        for subset in sorted({c["set"] for c in cases if "set" in c}):
            part = [c for c in cases if c.get("set") == subset]
            s_intent, s_topic, s_both, _ = score(part, standard)
            _print_split(f"  subset {subset}", len(part), s_intent, s_topic, s_both)
        if verbose and misses:
            print("  misses:")
            print("\n".join(misses))
        if path == LABELLED:
            gate = (name, intent_ok / len(cases), topic_ok / len(cases))

    heldout = None if "--tuning-only" in argv else _load(HELDOUT)
    if heldout is not None:
        # Figures only: the phrasings and misses of the held-out set are never printed.
        intent_ok, topic_ok, both_ok, _ = score(heldout, standard)
        _print_split("held-out", len(heldout), intent_ok, topic_ok, both_ok)
        gate = ("held-out", intent_ok / len(heldout), topic_ok / len(heldout))
    elif "--tuning-only" not in argv:
        print("held-out: not found, skipped")

    timings = []
    for _ in range(ROUNDS):
        for text in timed:
            start = time.perf_counter()
            understand(text, standard)
            timings.append(time.perf_counter() - start)
    timings.sort()
    median_ms = statistics.median(timings) * 1000
    p99_ms = timings[int(len(timings) * 0.99) - 1] * 1000
    print(f"matching time:      median {median_ms:.3f} ms, p99 {p99_ms:.3f} ms ({len(timings)} calls)")

    if gate is None:
        print("FAIL: no labelled file found")
        return 1
    name, intent, topic = gate
    if intent >= BAR and topic >= BAR:
        return 0
    print(f"FAIL: {name} intent and topic accuracy must both be at least {BAR:.0%}")
    return 1


def _load(path: Path) -> list[dict] | None:
    if not path.exists():
        return None
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _print_split(name: str, n: int, intent_ok: int, topic_ok: int, both_ok: int) -> None:
    print(
        f"{name}:".ljust(20)
        + f"{n} phrasings; intent {intent_ok / n:.1%} ({intent_ok}), topic {topic_ok / n:.1%} ({topic_ok}),"
        + f" both {both_ok / n:.1%} ({both_ok})"
    )


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
                f"    {case['text']!r}: expected {case['intent']}/{case['topic']}, got {got.intent.value}/{got.topic}"
            )
    return intent_ok, topic_ok, both_ok, misses


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
