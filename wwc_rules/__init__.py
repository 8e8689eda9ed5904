"""The What Works Cities standard as data, and pure scoring.

>>> from wwc_rules import load_standard, score
>>> standard = load_standard()          # the current (2022) standard
>>> report = score(standard, {"DM1": "met"})
>>> report.level is None, report.next_level.name
(True, 'Silver')

This package never touches Slack, SQLite, the network or the clock; the only
I/O is reading the shipped standard files (``loader``, and their translations in
``i18n``) and, for the few words it says itself (outcome names, readiness, path
reasons), the translation catalogs of ``wwc_i18n``.
"""

from .compare import MIN_PEERS, AreaBenchmark, AreaChange, Benchmark, Change, benchmark, compare
from .eligibility import EligibilityCheck, check_eligibility, region_in_americas
from .loader import (
    DEFAULT_STANDARD,
    StandardError,
    available_standards,
    load_standard,
    load_standard_file,
    parse_standard,
)
from .models import (
    DEFAULT_READING_NOTE,
    OUTCOME_LABELS,
    Area,
    AreaResult,
    CoreResult,
    CoreRule,
    Criterion,
    Eligibility,
    GateResult,
    Level,
    Outcome,
    OutcomeGate,
    PathStep,
    Phase,
    ScoreReport,
    Standard,
)
from .readiness import Readiness, core_line, core_rule_text, readiness
from .scoring import level_for, normalise_answers, percent_of, points_needed, score

__all__ = [
    "MIN_PEERS",
    "AreaBenchmark",
    "AreaChange",
    "Benchmark",
    "Change",
    "benchmark",
    "compare",
    "DEFAULT_READING_NOTE",
    "DEFAULT_STANDARD",
    "OUTCOME_LABELS",
    "Area",
    "AreaResult",
    "CoreResult",
    "CoreRule",
    "Criterion",
    "Eligibility",
    "EligibilityCheck",
    "GateResult",
    "Level",
    "Outcome",
    "OutcomeGate",
    "PathStep",
    "Phase",
    "Readiness",
    "ScoreReport",
    "Standard",
    "StandardError",
    "available_standards",
    "check_eligibility",
    "core_line",
    "core_rule_text",
    "level_for",
    "load_standard",
    "load_standard_file",
    "normalise_answers",
    "parse_standard",
    "percent_of",
    "points_needed",
    "readiness",
    "region_in_americas",
    "score",
]
