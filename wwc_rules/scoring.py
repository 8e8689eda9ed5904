"""Pure scoring: a standard and a city's answers in, a report out.

Rules (see the README and ``wwc_rules/standards/*.yml``):

* one point per criterion answered *met*; *in progress*, *not yet* and *not
  sure* earn nothing, and an unanswered criterion counts as *not sure*;
* a criterion whose prerequisite has not earned its point earns nothing
  either (it is reported as *blocked*);
* the percent is rounded half-up to a whole number before it is compared with
  the levels' thresholds (29/43 = 67.44% -> 67 -> Silver under 51/68/85);
* the outcome requirement outside the criteria is a pass/fail gate: a city
  is certifiable at its level only once it has shown one of the gate options.

Nothing here reads files, clocks, Slack or SQLite.
"""

from __future__ import annotations

from collections.abc import Mapping

from .models import (
    AreaResult,
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

# Which unearned criteria the shortest path tries first: work already under
# way, then what the city is unsure of (it may already be met), then the rest.
_PATH_RANK = {Outcome.IN_PROGRESS: 0, Outcome.NOT_SURE: 1, Outcome.NOT_YET: 2, Outcome.MET: 0}
_PATH_REASON = {
    Outcome.IN_PROGRESS: "already in progress: finishing it earns the point",
    Outcome.NOT_SURE: "not sure yet: it may already be met, so confirm it first",
    Outcome.NOT_YET: "not started: a foundational step",
    Outcome.MET: "answered met, but it only counts once its prerequisites are met",
}


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
    total = len(standard.criteria)
    extra = 0
    while percent_of(points + extra, total) < level.min_percent:
        extra += 1
    return extra


def normalise_answers(standard: Standard, answers: Mapping[str, Outcome | str]) -> dict[str, Outcome]:
    """Answers keyed by upper-case code with Outcome values; unknown codes or outcomes raise ValueError."""
    clean: dict[str, Outcome] = {}
    for code, outcome in answers.items():
        key = code.upper()
        if not standard.has_criterion(key):
            raise ValueError(f"unknown criterion {code!r} for standard {standard.id}")
        try:
            clean[key] = outcome if isinstance(outcome, Outcome) else Outcome(outcome)
        except ValueError:
            allowed = ", ".join(o.value for o in Outcome)
            raise ValueError(f"{key}: unknown outcome {outcome!r} (use one of {allowed})") from None
    return clean


def earned_points(standard: Standard, outcomes: Mapping[str, Outcome]) -> set[str]:
    """Codes that earn their point: met, with every prerequisite earned (transitively)."""
    earned: set[str] = set()
    pending = [c for c in standard.criteria if outcomes.get(c.code) is Outcome.MET]
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
    given = normalise_answers(standard, answers)
    outcomes = {c.code: given.get(c.code, Outcome.NOT_SURE) for c in standard.criteria}
    earned = earned_points(standard, outcomes)
    total = len(standard.criteria)
    points = len(earned)
    percent = percent_of(points, total)
    level = level_for(standard, percent)
    next_level = _next_level(standard, level)

    path: tuple[PathStep, ...] = ()
    needed = 0
    if next_level is not None:
        path = _shortest_path(standard, outcomes, earned, points_needed(standard, points, next_level))
        needed = len(path)

    areas = tuple(_area_result(standard, a.code, a.name, outcomes, earned) for a in standard.areas)
    strengths = tuple(a.code for a in sorted(areas, key=lambda a: -a.percent) if a.percent >= STRENGTH_PERCENT)
    weak = tuple(a.code for a in sorted(areas, key=lambda a: a.percent) if a.percent < WEAK_PERCENT)

    gate = _gate(standard, gate_choice)
    return ScoreReport.model_construct(
        standard_id=standard.id,
        points=points,
        total=total,
        percent=percent,
        level=level,
        next_level=next_level,
        needed_for_next=needed,
        path_to_next=path,
        areas=areas,
        strengths=strengths,
        weak_areas=weak,
        to_confirm=tuple(code for code, o in outcomes.items() if o is Outcome.NOT_SURE),
        blocked=tuple(code for code, o in outcomes.items() if o is Outcome.MET and code not in earned),
        outcomes=outcomes,
        answered=len(given),
        gate=gate,
        certifiable=level is not None and (gate.passed or not gate.required),
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
) -> tuple[PathStep, ...]:
    """The fewest criteria to turn to *met* to gain ``points_to_gain`` points.

    Greedy by what each move gains (a prerequisite can unlock criteria already
    answered met), then in-progress work first, then foundational criteria
    (earlier phase of the Standard), then the order of the standard. Each
    candidate brings its unearned prerequisites along, listed before it.
    """
    order = {c.code: i for i, c in enumerate(standard.criteria)}
    if not standard.has_prerequisites:
        # Every move gains exactly one point: sorting the candidates is enough.
        open_ = [c for c in standard.criteria if outcomes[c.code] is not Outcome.MET]
        open_.sort(key=lambda c: (_PATH_RANK[outcomes[c.code]], c.phase.rank, order[c.code]))
        return tuple(_step(c, outcomes[c.code]) for c in open_[:points_to_gain])
    now_earned = set(earned)
    chosen: list[Criterion] = []
    gained = 0
    while gained < points_to_gain:
        best_key, best_moves = None, None
        for c in standard.criteria:
            if c.code in now_earned or outcomes[c.code] is Outcome.MET:
                continue
            moves = _with_prerequisites(standard, c, now_earned, outcomes)
            gain = len(earned_points(standard, {**outcomes, **{m.code: Outcome.MET for m in moves}}) - now_earned)
            key = (-gain / len(moves), _PATH_RANK[outcomes[c.code]], c.phase.rank, order[c.code])
            if best_key is None or key < best_key:
                best_key, best_moves = key, moves
        if best_moves is None:  # nothing left to turn to met
            break
        chosen.extend(best_moves)
        simulated = {**outcomes, **{m.code: Outcome.MET for m in chosen}}
        new_earned = earned_points(standard, simulated)
        gained += len(new_earned - now_earned)
        now_earned = new_earned
    return tuple(_step(c, outcomes[c.code]) for c in chosen)


def _step(c: Criterion, outcome: Outcome) -> PathStep:
    return PathStep.model_construct(code=c.code, title=c.title, area=c.area, outcome=outcome, reason=_PATH_REASON[outcome])


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
        if outcomes[c.code] is not Outcome.MET and c.code not in {m.code for m in moves}:
            moves.append(c)

    visit(criterion)
    return moves


def _area_result(
    standard: Standard, code: str, name: str, outcomes: Mapping[str, Outcome], earned: set[str]
) -> AreaResult:
    codes = [c.code for c in standard.criteria if c.area == code]
    met = sum(1 for c in codes if c in earned)
    counts = {o: sum(1 for c in codes if outcomes[c] is o) for o in Outcome}
    return AreaResult.model_construct(
        code=code,
        name=name,
        met=met,
        total=len(codes),
        in_progress=counts[Outcome.IN_PROGRESS],
        not_yet=counts[Outcome.NOT_YET],
        not_sure=counts[Outcome.NOT_SURE],
        percent=percent_of(met, len(codes)),
    )


def _gate(standard: Standard, choice: str | None) -> GateResult:
    if standard.gate is None:
        return GateResult.model_construct(required=False, passed=True, choice=None)
    if choice is None:
        return GateResult.model_construct(required=True, passed=False, choice=None)
    ids = [o.id for o in standard.gate.options]
    if choice not in ids:
        raise ValueError(f"unknown outcome-gate choice {choice!r} (use one of {', '.join(ids)})")
    return GateResult.model_construct(required=True, passed=True, choice=choice)
