"""How well the assistant reads people: free-text answers and questions, on every labelled split.

For each answer set (``tests/data/answers_*.yml``) it runs ``reading.read_move`` exactly as the
engine does while a criterion is asked, and counts what would happen:

- silently wrong: a definite outcome recorded without confirmation that differs from what the
  person meant (an answer recorded on the wrong criterion, a question, a farewell or a correction
  recorded as an answer, a correction applied to the wrong answer): must be 0;
- recorded right at once: the meant outcome recorded with no extra step;
- confirmed: shown back first ("I read that as ... Record it?"), reading right or not;
- asked back: no reading, the question is asked again;
- moves: leaving, questions and corrections recognised as such.

"at once" is the share of answers with a clear meaning (``clear: true``, an outcome label) that
are recorded right at once. For the question sets it prints intent and topic accuracy.
Held-out splits are reported as figures only; ``--verbose`` lists misses of tuning sets alone.

    python bench/reading_accuracy.py [--verbose] [--lang=en|es|pt]

Spanish and Portuguese sets (``tests/data/es``, ``tests/data/pt``) are read with that language's lexicon
and the standard in that language; their bar is silently wrong = 0 (issue 16).
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date
from pathlib import Path

import yaml

from bot.engine.commands import Cmd, parse_text
from knowledge.nlu import nlu_file, understand
from reading import Move, available_languages, load_lexicon, read_move
from wwc_rules import DEFAULT_STANDARD, Outcome
from wwc_rules.i18n import translated

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
ANSWER_SETS = [  # (split, file, language); Spanish and Portuguese sets live in tests/data/<lang>/
    ("tuning", "answers_dev.yml"),
    ("tuning", "answers_dev2.yml"),
    ("tuning", "answers_dev3.yml"),
    ("tuning", "answers_dev4.yml"),
    ("tuning", "answers_dev5.yml"),
    ("tuning", "answers_dev6.yml"),
    ("tuning", "answers_dev7.yml"),  # a red team's: replies the reader recorded wrongly at once, and honest near-misses
    ("tuning", "answers_dev8.yml"),  # a second red team's (2026-12-01, third session), new families
    ("held-out", "answers_heldout.yml"),
    ("held-out", "answers_heldout2.yml"),
    ("held-out", "answers_heldout3.yml"),
    ("held-out", "answers_heldout4.yml"),
    ("held-out", "answers_heldout5.yml"),  # written 2026-12-01, after the reader changes of that day began
    ("held-out", "answers_heldout6.yml"),  # written 2026-12-01, near the end of that day's reader changes
    ("held-out", "answers_heldout7.yml"),  # written 2026-12-01 (second session), before that session's reader changes
    ("held-out", "answers_heldout8.yml"),  # written 2026-12-01 (third session), after most of that session's changes
    ("tuning", "es/answers_dev.yml"),
    ("held-out", "es/answers_heldout.yml"),
    ("tuning", "pt/answers_dev.yml"),
    ("held-out", "pt/answers_heldout.yml"),
]
QUESTION_SETS = [
    ("tuning", "nlu_labelled.yml"),
    ("tuning", "nlu_dev2.yml"),
    ("held-out", "nlu_heldout.yml"),
    ("tuning", "es/nlu_dev.yml"),
    ("held-out", "es/nlu_heldout.yml"),
    ("tuning", "pt/nlu_dev.yml"),
    ("held-out", "pt/nlu_heldout.yml"),
]
FOREIGN = {"es", "pt"}  # languages whose bar is "silently wrong = 0" alone (issue 16); English also needs 70% at once


def language_of(name: str) -> str:
    head = name.split("/")[0]
    return head if head in FOREIGN else "en"
TODAY = date(2026, 11, 30)  # the day the sets were written (BF3 counts the past 24 months)
OUTCOMES = {o.value for o in Outcome}
AT_ONCE_BAR = 0.70
QUESTION_BAR = 0.90


def judge(item: dict, standard, lexicon=None) -> tuple[str, str]:
    """(verdict, what happened) for one labelled answer."""
    criterion = standard.criterion(item["code"])
    label = item["label"]
    command = parse_text(item["text"], standard).kind  # whole-message commands come first, as in the engine
    if command is not Cmd.TEXT:
        moved = {Cmd.PAUSE: "leave", Cmd.WHY: "question", Cmd.HELP: "question", Cmd.HELP_HERE: "question"}
        return ("move_right" if moved.get(command) == label else "move_wrong"), f"command {command.value}"
    got = read_move(item["text"], criterion, standard, lexicon, has_previous=True, today=TODAY)
    r = got.reading
    if got.move is Move.ANSWER:
        if label == "correction" and item.get("target") == item["code"]:
            label = item["outcome"]  # a correction of the criterion being asked: an answer to it is what was meant
        if r.outcome is not None and r.certain:
            did = f"recorded {r.outcome.value}"
            return ("right_at_once" if r.outcome.value == label else "silently_wrong"), did
        if r.outcome is not None:
            return ("confirmed_right" if r.outcome.value == label else "confirmed_other"), f"confirm {r.outcome.value}"
        return "asked_back", "asked back"
    if got.move is Move.CORRECTION:
        did = f"correction of {got.target} to {r.outcome.value if r.outcome else '?'}"
        if label != "correction":
            return ("silently_wrong" if r.certain else "move_wrong"), did
        target_ok = got.target == item.get("target")
        if r.certain:
            right = target_ok and r.outcome is not None and r.outcome.value == item.get("outcome")
            return ("move_right" if right else "silently_wrong"), did
        return ("move_right" if target_ok else "move_wrong"), did
    return ("move_right" if label == got.move.value else "move_wrong"), got.move.value


def answers_report(name: str, split: str, standard, verbose: bool) -> dict[str, float]:
    items = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    lexicon = load_lexicon(standard.language)
    verdicts: Counter[str] = Counter()
    clear = at_once = 0
    misses = []
    for item in items:
        verdict, did = judge(item, standard, lexicon)
        verdicts[verdict] += 1
        if item["label"] in OUTCOMES and item.get("clear"):
            clear += 1
            at_once += verdict == "right_at_once"
        if verdict in ("silently_wrong", "confirmed_other", "move_wrong", "asked_back") or (
            verdict == "confirmed_right" and item.get("clear")
        ):
            misses.append(f"  [{verdict}] {item['id']} {item['code']} {item['text']!r}: meant {item['label']}, {did}")
    n = len(items)
    rate = at_once / clear if clear else 0.0
    print(f"answers, {split} ({name}): {n}")
    print(f"  silently wrong:         {verdicts['silently_wrong']}")
    print(f"  recorded right at once: {verdicts['right_at_once']} ({at_once}/{clear} = {rate:.1%} of clear answers)")
    print(
        f"  confirmed first:        {verdicts['confirmed_right'] + verdicts['confirmed_other']} "
        f"(reading right {verdicts['confirmed_right']}, other {verdicts['confirmed_other']})"
    )
    print(f"  asked back:             {verdicts['asked_back']}")
    print(f"  moves (leave, question, correction): {verdicts['move_right']} right, {verdicts['move_wrong']} other")
    if verbose and split != "held-out" and misses:
        print("\n".join(misses))
    return {"silent": verdicts["silently_wrong"], "at_once": rate}


def questions_report(name: str, split: str, standard, verbose: bool) -> tuple[float, float]:
    items = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    intent = topic = both = 0
    misses = []
    for item in items:
        got = understand(item["text"], standard)
        i_ok, t_ok = got.intent.value == item["intent"], got.topic == item["topic"]
        intent += i_ok
        topic += t_ok
        both += i_ok and t_ok
        if not (i_ok and t_ok):
            misses.append(f"  {item['text']!r}: {item['intent']}/{item['topic']}, got {got.intent.value}/{got.topic}")
    n = len(items)
    print(f"questions, {split} ({name}): {n}: intent {intent / n:.1%}, topic {topic / n:.1%}, both {both / n:.1%}")
    if verbose and split != "held-out" and misses:
        print("\n".join(misses))
    return intent / n, topic / n


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    only = next((a.split("=", 1)[1] for a in argv if a.startswith("--lang=")), None)
    ok = True
    for split, name in ANSWER_SETS:
        lang = language_of(name)
        if (DATA / name).exists() and only in (None, lang):
            if lang not in available_languages():
                print(f"answers, {split} ({name}): no reader lexicon for {lang!r} yet")
                ok = False
                continue
            figures = answers_report(name, split, translated(DEFAULT_STANDARD, lang), verbose)
            ok &= figures["silent"] == 0
            if split == "held-out" and lang not in FOREIGN:
                ok &= figures["at_once"] >= AT_ONCE_BAR
    for split, name in QUESTION_SETS:
        lang = language_of(name)
        if (DATA / name).exists() and only in (None, lang):
            if not nlu_file(lang).exists():
                print(f"questions, {split} ({name}): no question vocabulary for {lang!r} yet")
                ok = False
                continue
            i, t = questions_report(name, split, translated(DEFAULT_STANDARD, lang), verbose)
            if split == "held-out":
                ok &= i >= QUESTION_BAR and t >= QUESTION_BAR
    print("PASS" if ok else "FAIL: silently wrong must be 0, held-out at once >= 70%, held-out questions >= 90%")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
