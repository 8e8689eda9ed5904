"""How many assessments ``wwc_rules.score`` scores per second in one thread (one core).

    python bench/score_bench.py [--n 20000]

Scores N varied 43-answer assessments (fixed seed) and prints the rate, the
time per assessment, and, as a baseline from the same run, the cost of the
least a scorer must do (count the met answers), so the figure can be compared
across machines. The bar (issue 2) is >= 20,000 assessments per second.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from wwc_rules import Outcome, load_standard, score  # noqa: E402

BAR = 20_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="assessments to score")
    args = parser.parse_args()
    standard = load_standard()
    rng = random.Random(2022)
    outcomes = list(Outcome)
    cases = []
    for _ in range(args.n):
        answered = rng.randint(0, len(standard.criteria))
        cases.append({c.code: rng.choice(outcomes) for c in rng.sample(standard.criteria, answered)})

    for case in cases[:200]:  # warm up
        score(standard, case)

    start = time.process_time()
    levels = 0
    for case in cases:
        levels += score(standard, case).level is not None
    elapsed = time.process_time() - start

    start = time.process_time()
    for case in cases:
        sum(1 for o in case.values() if o is Outcome.MET)
    baseline = time.process_time() - start

    rate = args.n / elapsed
    print(f"scored {args.n} assessments in {elapsed:.3f} s of CPU time in one thread (one core) ({levels} reached a level)")
    print(f"  {rate:,.0f} assessments/s, {elapsed / args.n * 1e6:.1f} us each")
    print(f"  baseline (count met answers only): {baseline / args.n * 1e6:.2f} us each; score() costs {elapsed / baseline:.0f}x that")
    print(f"  bar: >= {BAR:,} assessments/s: {'PASS' if rate >= BAR else 'FAIL'}")
    return 0 if rate >= BAR else 1


if __name__ == "__main__":
    sys.exit(main())
