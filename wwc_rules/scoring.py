"""Pure scoring: a standard and a city's answers in, a report out.

Rules (see the README and ``wwc_rules/standards/*.yml``):

* one point per criterion answered *met*; *in progress*, *not yet* and *not
  sure* earn nothing, and an unanswered criterion counts as *not sure*;
* a criterion whose prerequisite has not earned its point earns nothing
  either (it is reported as *blocked*);
* the percent is rounded half-up to a whole number before it is compared with
  the levels' thresholds (29/43 = 67.44% -> 67 -> Silver under 51/68/85);
* the outcome requirement outside the criteria is a pass/fail gate;
* core standards (``core`` in the standard file) are required for any level:
  the level stays a *points* level, but a city is *ready* for review at it only
  with every core standard met and the outcome requirement shown; the
  shortest path puts unmet core standards first.

This is a self-assessment model: Results for America's review decides
certification.

Nothing here reads files, clocks, Slack or SQLite.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import repeat
from typing import cast

from wwc_i18n import N_, _
from wwc_i18n import current as current_language

from .models import (
    Area,
    AreaResult,
    CoreResult,
    Criterion,
    GateResult,
    Level,
    Outcome,
    PathStep,
    ScoreReport,
    Standard,
)

STRENGTH_PERCENT = 75  # an area at or above this share of criteria met is a strength
WEAK_PERCENT = 50  # an area below this share is a weak area

# Enum members as plain names: attribute look-ups on an Enum class are slow,
# and score() is on the hot path of every answer.
MET, IN_PROGRESS, NOT_YET, NOT_SURE = Outcome.MET, Outcome.IN_PROGRESS, Outcome.NOT_YET, Outcome.NOT_SURE

# Which unearned criteria the shortest path tries first: work already under
# way, then what the city is unsure of (it may already be met), then the rest.
_new_tuple = tuple.__new__  # builds a named tuple from a full tuple without its Python-level __new__
_PATH_RANK = {IN_PROGRESS: 0, NOT_SURE: 1, NOT_YET: 2, MET: 0}
_PATH_REASON = {  # shown through the catalog (``wwc_i18n``), in the language in force when the path is made
    Outcome.IN_PROGRESS: N_("already in progress: finishing it earns the point"),
    Outcome.NOT_SURE: N_("not sure yet: it may already be met, so confirm it first"),
    Outcome.NOT_YET: N_("not started: a foundational step"),
    Outcome.MET: N_("answered met, but it only counts once its prerequisites are met"),
}
_UNANSWERED_REASON = N_("not answered yet: it may already be met, so answer it first")


def percent_of(points: int, total: int) -> int:
    """``points / total`` as a whole percent, rounded half-up (exact integer arithmetic)."""
    if total <= 0:
        raise ValueError("total must be positive")
    return (points * 200 + total) // (2 * total)


def level_for(standard: Standard, percent: int) -> Level | None:
    """The highest level whose threshold ``percent`` reaches, or None."""
    reached = None
    for level in standard.levels:
        if percent >= level.min_percent:
            reached = level
    return reached


def points_needed(standard: Standard, points: int, level: Level) -> int:
    """How many more points lift ``points`` to ``level`` (0 if already there)."""
    # percent_of(p, t) >= m  <=>  (200p + t) // 2t >= m  <=>  200p >= 2tm - t
    total = len(standard.criteria)
    lowest = -(-(2 * total * level.min_percent - total) // 200)
    return max(0, lowest - points)


def normalise_answers(standard: Standard, answers: Mapping[str, Outcome | str]) -> dict[str, Outcome]:
    """Answers keyed by upper-case code with Outcome values; unknown codes or outcomes raise ValueError."""
    known = standard.index.by_code
    clean: dict[str, Outcome] = {}
    for code, outcome in answers.items():
        key = code if code in known else code.upper()
        if key not in known:
            raise ValueError(f"unknown criterion {code!r} for standard {standard.id}")
        if outcome.__class__ is Outcome:
            clean[key] = outcome
            continue
        try:
            clean[key] = Outcome(outcome)
        except ValueError:
            allowed = ", ".join(o.value for o in Outcome)
            raise ValueError(f"{key}: unknown outcome {outcome!r} (use one of {allowed})") from None
    return clean


def earned_points(standard: Standard, outcomes: Mapping[str, Outcome]) -> set[str]:
    """Codes that earn their point: met, with every prerequisite earned (transitively)."""
    if not standard.index.has_prerequisites:
        return {code for code, o in outcomes.items() if o is MET}
    earned: set[str] = set()
    pending = [c for c in standard.criteria if outcomes.get(c.code) is MET]
    # Prerequisites are acyclic (checked at load), so this settles in at most len(pending) rounds.
    changed = True
    while changed:
        changed = False
        for c in pending:
            if c.code not in earned and all(p in earned for p in c.prerequisites):
                earned.add(c.code)
                changed = True
    return earned


def score(
    standard: Standard,
    answers: Mapping[str, Outcome | str],
    gate_choice: str | None = None,
) -> ScoreReport:
    """Score a city's answers against ``standard``.

    >>> from wwc_rules import load_standard, score
    >>> report = score(load_standard(), {"DM1": "met", "DM2": "in_progress"})
    >>> report.points, report.percent, report.level
    (1, 2, None)
    """
    index = standard.index
    # Fast path: answers already keyed by upper-case codes with Outcome values (as the store keeps them).
    given: Mapping[str, Outcome]
    if all(o.__class__ is Outcome for o in answers.values()) and index.by_code.keys() >= answers.keys():
        given = cast("Mapping[str, Outcome]", answers)
    else:
        given = normalise_answers(standard, answers)
    get = given.get
    values = [get(code, NOT_SURE) for code in index.codes]  # in the standard's order
    outcomes = dict(zip(index.codes, values))
    earned = earned_points(standard, outcomes)
    total = len(outcomes)
    points = len(earned)
    percent = percent_of(points, total)
    level = level_for(standard, percent)
    next_level = _next_level(standard, level)

    core_unmet = tuple([code for code in index.core_codes if code not in earned])
    unanswered_codes = tuple([code for code in index.codes if code not in given]) if len(given) < total else ()
    path: tuple[PathStep, ...] = ()
    if next_level is not None:
        needed = points_needed(standard, points, next_level)
        unanswered = frozenset(unanswered_codes)
        if index.has_prerequisites:
            path = _shortest_path(standard, outcomes, earned, needed, core_unmet, unanswered)
        else:
            path = _simple_path(standard, values, needed, core_unmet, unanswered)

    if index.has_prerequisites:  # a blocked "met" earns no point: count what was earned
        values_earned = [MET if code in earned else (NOT_YET if o is MET else o) for code, o in zip(index.codes, values)]
    else:
        values_earned = values
    areas = tuple(map(_area_result, standard.areas, index.area_selectors, repeat(values_earned)))
    by_percent = sorted(areas, key=lambda a: a.percent)
    gate = _gate(standard, gate_choice)
    core = CoreResult(index.core_codes, core_unmet)
    return ScoreReport(
        standard_id=standard.id,
        points=points,
        total=total,
        percent=percent,
        level=level,
        next_level=next_level,
        needed_for_next=len(path),
        path_to_next=path,
        areas=areas,
        strengths=tuple(a.code for a in reversed(by_percent) if a.percent >= STRENGTH_PERCENT),
        weak_areas=tuple(a.code for a in by_percent if a.percent < WEAK_PERCENT),
        to_confirm=tuple([code for code, o in zip(index.codes, values) if o is NOT_SURE]),
        blocked=tuple(code for code in given if given[code] is MET and code not in earned) if index.has_prerequisites else (),
        outcomes=outcomes,
        answered=len(given),
        unanswered=unanswered_codes,
        gate=gate,
        core=core,
        ready=level is not None and (gate.passed or not gate.required) and not core_unmet,
    )


def _next_level(standard: Standard, level: Level | None) -> Level | None:
    if level is None:
        return standard.levels[0]
    index = standard.levels.index(level)
    return standard.levels[index + 1] if index + 1 < len(standard.levels) else None


def _shortest_path(
    standard: Standard,
    outcomes: Mapping[str, Outcome],
    earned: set[str],
    points_to_gain: int,
    core_unmet: tuple[str, ...] = (),
    unanswered: frozenset[str] = frozenset(),
) -> tuple[PathStep, ...]:
    """The fewest criteria to turn to *met* to gain ``points_to_gain`` points, with prerequisites.

    Unmet core standards come first (no level counts without them), each with
    its unearned prerequisites. Then greedy by what each move gains (a
    prerequisite can unlock criteria already answered met), then in-progress
    work first, then foundational criteria (earlier phase of the Standard),
    then the order of the standard. Each candidate brings its unearned
    prerequisites along, listed before it.
    """
    index = standard.index
    rank = index.foundational_rank
    now_earned = set(earned)
    moved: list[Criterion] = []
    for code in sorted(core_unmet, key=rank.__getitem__):
        for m in _with_prerequisites(standard, standard.criterion(code), now_earned, outcomes):
            if all(m.code != x.code for x in moved):
                moved.append(m)
    if moved:
        new_earned = earned_points(standard, {**outcomes, **{m.code: MET for m in moved}})
        gained = len(new_earned - now_earned)
        now_earned = new_earned
    else:
        gained = 0
    while gained < points_to_gain:
        best_key, best_moves = None, None
        for c in standard.criteria:
            if c.code in now_earned or outcomes[c.code] is MET or any(m.code == c.code for m in moved):
                continue
            moves = _with_prerequisites(standard, c, now_earned, outcomes)
            gain = len(earned_points(standard, {**outcomes, **{m.code: MET for m in moves}}) - now_earned)
            # Points per move, counting only points still needed, so a long chain does not overshoot.
            key = (-min(gain, points_to_gain - gained) / len(moves), _PATH_RANK[outcomes[c.code]], rank[c.code])
            if best_key is None or key < best_key:
                best_key, best_moves = key, moves
        if best_moves is None:  # nothing left to turn to met
            break
        moved.extend(best_moves)
        new_earned = earned_points(standard, {**outcomes, **{m.code: MET for m in moved}})
        gained += len(new_earned - now_earned)
        now_earned = new_earned
    core = set(core_unmet)
    return tuple(_step(standard, c.code, outcomes[c.code], c.code in core, c.code in unanswered) for c in moved)


def _simple_path(
    standard: Standard,
    values: list[Outcome],
    points_to_gain: int,
    core_unmet: tuple[str, ...] = (),
    unanswered: frozenset[str] = frozenset(),
) -> tuple[PathStep, ...]:
    """The shortest path when every criterion stands alone: each move gains exactly one point.

    Unmet core standards come first, all of them, even when fewer points would
    reach the level on its own: no level counts without them.
    """
    index = standard.index
    order = index.foundational_positions
    codes = index.codes
    rest: Sequence[int]

    def step(i: int, core: bool = False) -> PathStep:
        return _steps_table(standard, core, codes[i] in unanswered)[values[i]][i]

    if core_unmet:
        first = [i for i in order if codes[i] in core_unmet]
        path = [step(i, True) for i in first]
        if len(first) >= points_to_gain:
            return tuple(path)
        taken = set(first)
        rest = [i for i in order if i not in taken]
        needed = points_to_gain - len(first)
    else:
        if points_to_gain == 0:
            return ()
        path, rest, needed = [], order, points_to_gain
    chosen = [i for i in rest if values[i] is IN_PROGRESS]
    if len(chosen) < needed:
        chosen += [i for i in rest if values[i] is NOT_SURE]
    if len(chosen) < needed:
        chosen += [i for i in rest if values[i] is NOT_YET]
    if not unanswered:  # the common case (as the store keeps a finished assessment): one table look-up each
        steps = _steps_table(standard)
        return tuple(path + [steps[values[i]][i] for i in chosen[:needed]])
    return tuple(path + [step(i) for i in chosen[:needed]])


def _steps_table(
    standard: Standard, core: bool = False, unanswered: bool = False
) -> dict[Outcome, tuple[PathStep, ...]]:
    """Every possible path step of a standard, by outcome then position, built once.

    Core standards and unanswered criteria (scored as not sure, said as not answered) have their own reasons.
    """
    key = ("path-steps", core, unanswered, current_language())  # the reasons are words: one table per language
    table = standard.index.memo.get(key)
    if table is None:
        def reason(o: Outcome) -> str:
            base = _(_UNANSWERED_REASON if unanswered and o is NOT_SURE else _PATH_REASON[o])
            if not core:
                return base
            # i18n: {reason} is why this criterion is on the path, e.g. "not started: a foundational step"
            return _("a core standard: no level can be certified without it; {reason}", reason=base)

        table = standard.index.memo[key] = {
            o: tuple(PathStep(c.code, c.title, c.area, o, reason(o)) for c in standard.criteria) for o in Outcome
        }
    return table  # type: ignore[return-value]


def _step(standard: Standard, code: str, outcome: Outcome, core: bool = False, unanswered: bool = False) -> PathStep:
    return _steps_table(standard, core, unanswered)[outcome][standard.index.codes.index(code)]


def _with_prerequisites(
    standard: Standard, criterion: Criterion, earned: set[str], outcomes: Mapping[str, Outcome]
) -> list[Criterion]:
    """``criterion`` preceded by the unearned, not-yet-met prerequisites it needs (depth first)."""
    moves: list[Criterion] = []
    seen: set[str] = set()

    def visit(c: Criterion) -> None:
        for p in c.prerequisites:
            if p not in earned and p not in seen:
                seen.add(p)
                visit(standard.criterion(p))
        if outcomes[c.code] is not MET and all(m.code != c.code for m in moves):
            moves.append(c)

    visit(criterion)
    return moves


def _area_result(area: Area, selector: slice | tuple[int, ...], values: list[Outcome]) -> AreaResult:
    vals = values[selector] if isinstance(selector, slice) else [values[i] for i in selector]
    met, n = vals.count(MET), len(vals)
    percent = (met * 200 + n) // (2 * n)  # percent_of, inlined: this runs 8 times per score
    return _new_tuple(
        AreaResult, (area.code, area.name, met, n, vals.count(IN_PROGRESS), vals.count(NOT_YET), vals.count(NOT_SURE), percent)
    )


def _gate(standard: Standard, choice: str | None) -> GateResult:
    if standard.gate is None:
        return GateResult(required=False, passed=True)
    if choice is None:
        return GateResult(required=True, passed=False)
    ids = [o.id for o in standard.gate.options]
    if choice not in ids:
        raise ValueError(f"unknown outcome-gate choice {choice!r} (use one of {', '.join(ids)})")
    return GateResult(required=True, passed=True, choice=choice)
