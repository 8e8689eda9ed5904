"""Scoring behaviour a city lead relies on: points, levels, the path to the next level."""

from __future__ import annotations

from pathlib import Path

import pytest

from wwc_rules import Outcome, load_standard, load_standard_file, percent_of, score

FIXTURES = Path(__file__).parent / "fixtures"
STANDARD = load_standard()
CODES = [c.code for c in STANDARD.criteria]


def met(n: int, rest: Outcome | None = None) -> dict[str, Outcome]:
    """The first ``n`` criteria met; the others ``rest`` (or unanswered)."""
    answers = {code: Outcome.MET for code in CODES[:n]}
    if rest is not None:
        answers.update({code: rest for code in CODES[n:]})
    return answers


@pytest.mark.parametrize(
    ("points", "percent", "level", "next_level", "needed"),
    [
        pytest.param(0, 0, None, "Silver", 22, id="nothing met: 22 criteria to Silver"),
        pytest.param(21, 49, None, "Silver", 1, id="21/43 is 48.8% -> 49: no level, one short"),
        pytest.param(22, 51, "Silver", "Gold", 8, id="22/43 is 51.2% -> 51: Silver"),
        pytest.param(29, 67, "Silver", "Gold", 1, id="29/43 is 67.4% -> 67: still Silver"),
        pytest.param(30, 70, "Gold", "Platinum", 7, id="30/43 is 69.8% -> 70: Gold"),
        pytest.param(36, 84, "Gold", "Platinum", 1, id="36/43 is 83.7% -> 84: still Gold"),
        pytest.param(37, 86, "Platinum", None, 0, id="37/43 is 86.0%: Platinum"),
        pytest.param(43, 100, "Platinum", None, 0, id="everything met"),
    ],
)
def test_level_boundaries(points, percent, level, next_level, needed):
    report = score(STANDARD, met(points, Outcome.NOT_YET))
    assert report.points == points
    assert report.total == 43
    assert report.percent == percent
    assert (report.level.name if report.level else None) == level
    assert (report.next_level.name if report.next_level else None) == next_level
    assert report.needed_for_next == needed
    assert len(report.path_to_next) == needed
    # Turning the path to met really reaches the next level, and one fewer does not.
    if next_level:
        after = score(STANDARD, {**met(points, Outcome.NOT_YET), **{s.code: Outcome.MET for s in report.path_to_next}})
        assert after.level.name == next_level
        short = {**met(points, Outcome.NOT_YET), **{s.code: Outcome.MET for s in report.path_to_next[:-1]}}
        assert (score(STANDARD, short).level or None) == report.level


@pytest.mark.parametrize(
    ("points", "total", "expected"),
    [(29, 43, 67), (1, 8, 13), (3, 8, 38), (5, 8, 63), (1, 3, 33), (2, 3, 67), (0, 5, 0), (5, 5, 100)],
    ids=["67.44 down", "12.5 up", "37.5 up", "62.5 up", "33.3 down", "66.7 up", "zero", "all"],
)
def test_percent_rounds_half_up(points, total, expected):
    assert percent_of(points, total) == expected


@pytest.mark.parametrize(
    ("outcome", "points"),
    [(Outcome.MET, 1), (Outcome.IN_PROGRESS, 0), (Outcome.NOT_YET, 0), (Outcome.NOT_SURE, 0)],
)
def test_only_met_earns_a_point(outcome, points):
    assert score(STANDARD, {"DM2": outcome}).points == points


def test_unanswered_counts_as_not_sure():
    report = score(STANDARD, {"DM1": Outcome.MET, "DM2": Outcome.NOT_YET})
    assert report.answered == 2
    assert report.outcomes["LC1"] is Outcome.NOT_SURE
    assert "LC1" in report.to_confirm and "DM2" not in report.to_confirm
    assert len(report.to_confirm) == 41
    assert not report.complete


def test_answers_accept_strings_and_any_case():
    assert score(STANDARD, {"dm1": "met", "Od3": "in_progress"}).outcomes["OD3"] is Outcome.IN_PROGRESS


@pytest.mark.parametrize(
    ("answers", "message"),
    [({"XX9": "met"}, "unknown criterion 'XX9'"), ({"DM1": "yes"}, "DM1: unknown outcome 'yes'")],
)
def test_bad_answers_are_rejected_clearly(answers, message):
    with pytest.raises(ValueError, match=message):
        score(STANDARD, answers)


def test_path_puts_core_standards_first_then_in_progress_then_foundational():
    answers = met(20, Outcome.NOT_YET)  # DM1-OD4 met; PA1, a core standard, not yet
    answers["EVAL4"] = Outcome.IN_PROGRESS  # the last criterion, phase "act"
    report = score(STANDARD, answers)
    assert report.path_to_next[0].code == "PA1"
    assert "core standard" in report.path_to_next[0].reason
    assert report.path_to_next[1].code == "EVAL4"
    assert report.path_to_next[1].outcome is Outcome.IN_PROGRESS
    rest = [STANDARD.criterion(s.code).phase.rank for s in report.path_to_next[2:]]
    assert rest == sorted(rest), "after in-progress work, earlier phases of the Standard come first"


def test_area_results_strengths_and_weak_areas():
    answers = {c.code: Outcome.MET for c in STANDARD.criteria_in("OD")}
    answers.update({c.code: Outcome.IN_PROGRESS for c in STANDARD.criteria_in("BF")})
    report = score(STANDARD, answers)
    od = next(a for a in report.areas if a.code == "OD")
    bf = next(a for a in report.areas if a.code == "BF")
    assert (od.met, od.total, od.percent) == (4, 4, 100)
    assert (bf.met, bf.in_progress, bf.total) == (0, 3, 3)
    assert report.strengths == ("OD",)
    assert "BF" in report.weak_areas and "OD" not in report.weak_areas
    assert [a.code for a in report.areas] == ["DM", "LC", "OD", "PA", "BF", "RDC", "CI", "EVAL"]


@pytest.mark.parametrize(
    ("points", "choice", "certifiable", "passed"),
    [
        pytest.param(30, None, False, False, id="Gold by criteria but no outcome shown"),
        pytest.param(30, "broadband", True, True, id="Gold and broadband shown"),
        pytest.param(10, "air_quality", False, True, id="outcome shown but no level"),
    ],
)
def test_outcome_gate(points, choice, certifiable, passed):
    report = score(STANDARD, met(points), gate_choice=choice)
    assert report.gate.required
    assert report.gate.passed is passed
    assert report.certifiable is certifiable
    assert report.level is not None or not certifiable


def test_unknown_gate_choice_is_rejected():
    with pytest.raises(ValueError, match="unknown outcome-gate choice 'wifi'"):
        score(STANDARD, {}, gate_choice="wifi")


# ------------------------------------------------ a second standard, with prerequisites

MINI = load_standard_file(FIXTURES / "mini-2030.yml")


def test_a_new_version_is_one_data_file():
    assert (MINI.id, len(MINI.areas), len(MINI.criteria)) == ("mini-2030", 2, 5)
    assert [lv.name for lv in MINI.levels] == ["Bronze", "Silver", "Gold"]
    assert score(MINI, {"GV1": "met", "US2": "met"}).level.name == "Bronze"


@pytest.mark.parametrize(
    ("answers", "points", "blocked"),
    [
        pytest.param({"GV2": "met"}, 0, ("GV2",), id="no point while the prerequisite is unmet"),
        pytest.param({"GV1": "met", "GV2": "met"}, 2, (), id="prerequisite met: both count"),
        pytest.param({"GV1": "met", "US1": "met"}, 1, ("US1",), id="chain: US1 needs GV2 needs GV1"),
        pytest.param({"GV1": "met", "GV2": "met", "US1": "met"}, 3, (), id="whole chain met"),
        pytest.param({"GV1": "not_yet", "GV2": "met", "US1": "met"}, 0, ("GV2", "US1"), id="root missing"),
    ],
)
def test_prerequisites(answers, points, blocked):
    report = score(MINI, answers)
    assert report.points == points
    assert report.blocked == blocked


def test_path_brings_prerequisites_along_and_prefers_unlocking():
    # GV2 and US1 are met but blocked by GV1: meeting GV1 alone earns 3 points.
    report = score(MINI, {"GV2": "met", "US1": "met", "US2": "in_progress"})
    assert report.points == 0
    assert [s.code for s in report.path_to_next] == ["GV1"]
    assert score(MINI, {"GV1": "met", "GV2": "met", "US1": "met", "US2": "in_progress"}).level.name == "Silver"

    # Nothing answered: Bronze (40%) needs 2 points; US1 would need GV1 and GV2 first.
    report = score(MINI, {"US1": "in_progress"})
    assert report.needed_for_next == 2
    codes = [s.code for s in report.path_to_next]
    assert score(MINI, {c: "met" for c in codes}).points == 2


@pytest.mark.parametrize("total", [1, 3, 8, 43, 45, 60])
def test_points_needed_matches_counting_up(total):
    from wwc_rules import Level, points_needed
    from wwc_rules.models import Standard

    fake = Standard.model_construct(criteria=tuple(range(total)))  # only len(criteria) is read
    for threshold in range(1, 101):
        level = Level(id="x", name="X", min_percent=threshold)
        for points in range(total + 1):
            brute = next((n for n in range(total + 1 - points) if percent_of(points + n, total) >= threshold), None)
            if brute is not None:
                assert points_needed(fake, points, level) == brute, (total, threshold, points)
