"""The roadmap: which gaps, in which order, with what help and why."""

from __future__ import annotations

import pytest

from knowledge.models import ProgramStatus, Status
from knowledge.recommend import for_criterion, recommend
from wwc_rules import Outcome, score


def _roadmap(kb, standard, answers, **kwargs):
    return recommend(kb, standard, score(standard, answers), **kwargs)


def test_empty_assessment_lists_every_criterion_as_not_answered(kb, standard):
    roadmap = _roadmap(kb, standard, {})
    assert len(roadmap.steps) == len(standard.criteria)
    assert all("is not answered yet" in s.reason for s in roadmap.steps)
    assert all(s.outcome is Outcome.NOT_SURE for s in roadmap.steps), "the score counts them as not sure"
    assert all(not s.answered and s.outcome_label == "Not answered" for s in roadmap.steps)


def test_not_sure_given_is_said_as_not_sure(kb, standard):
    step = next(s for s in _roadmap(kb, standard, {"DM2": "not_sure"}).steps if s.code == "DM2")
    assert step.answered and step.outcome_label == "Not sure"
    assert step.reason.startswith("you answered Not sure on DM2")


def test_empty_assessment_puts_core_standards_then_foundational_work_first(kb, standard):
    steps = _roadmap(kb, standard, {}).steps
    assert [s.code for s in steps[:3]] == ["DM1", "LC1", "PA1"]
    assert all("core standard" in s.reason for s in steps[:3])
    steps = steps[3:]
    on_path = [s for s in steps if "shortest path" in s.reason]
    rest = [s for s in steps if "shortest path" not in s.reason]
    assert steps == (*on_path, *rest)
    for group in (on_path, rest):
        ranks = [standard.criterion(s.code).phase.rank for s in group]
        assert ranks == sorted(ranks)
    assert standard.criterion(steps[0].code).phase.value == "commit"


def test_all_met_gives_an_empty_roadmap(kb, standard):
    roadmap = _roadmap(kb, standard, {c.code: "met" for c in standard.criteria})
    assert roadmap.steps == ()


def test_mostly_in_progress_puts_in_progress_first(kb, standard):
    answers = {c.code: "in_progress" for c in standard.criteria}
    answers.update({"DM2": "not_yet", "OD1": "not_sure", "PA1": "met", "DM1": "met", "LC1": "met"})
    steps = _roadmap(kb, standard, answers).steps
    outcomes = [s.outcome for s in steps]
    first_other = outcomes.index(next(o for o in outcomes if o is not Outcome.IN_PROGRESS))
    assert all(o is Outcome.IN_PROGRESS for o in outcomes[:first_other])
    assert {s.code for s in steps[first_other:]} == {"DM2", "OD1"}
    assert "PA1" not in {s.code for s in steps}
    assert steps[0].reason.startswith("you answered In progress on")


def test_path_to_next_level_comes_before_the_other_gaps(kb, standard):
    answers = {c.code: "not_yet" for c in standard.criteria}
    report = score(standard, answers)
    steps = recommend(kb, standard, report).steps
    on_path = [p.code for p in report.path_to_next]
    assert on_path[:3] == ["DM1", "LC1", "PA1"], "unmet core standards lead the path"
    assert [s.code for s in steps[: len(on_path)]] == on_path
    assert all("shortest path to Silver" in s.reason for s in steps[: len(on_path)])


def test_area_filter_keeps_only_that_area(kb, standard):
    roadmap = _roadmap(kb, standard, {"OD1": "not_yet", "OD2": "met", "DM2": "in_progress"}, area="od")
    assert roadmap.area == "OD"
    # OD3 is on the shortest path to Silver, so it comes before OD1 (commit) and OD4 (act).
    assert [s.code for s in roadmap.steps] == ["OD3", "OD1", "OD4"]
    assert all(s.area == "OD" for s in roadmap.steps)


def test_unknown_area_is_an_error(kb, standard):
    with pytest.raises(KeyError):
        _roadmap(kb, standard, {}, area="XX")


def test_limit(kb, standard):
    assert len(_roadmap(kb, standard, {}, limit=5).steps) == 5
    assert _roadmap(kb, standard, {}, limit=0).steps == ()


def test_deterministic(kb, standard):
    answers = {"DM1": "met", "DM2": "in_progress", "OD1": "not_yet", "EVAL2": "not_sure", "RDC7": "in_progress"}
    first = _roadmap(kb, standard, answers)
    assert all(_roadmap(kb, standard, dict(reversed(answers.items()))) == first for _ in range(3))


def test_reason_names_the_answer_and_the_criterion(kb, standard):
    step = next(s for s in _roadmap(kb, standard, {"DM2": "not_yet"}).steps if s.code == "DM2")
    assert step.reason.startswith("you answered Not yet on DM2 (Maintaining a Comprehensive Data Inventory)")


def test_each_step_has_next_step_resources_partner(kb, standard):
    for step in _roadmap(kb, standard, {}).steps:
        assert step.next_step == kb.next_steps[step.code]
        assert 1 <= len(step.resources) <= 3
        assert all(step.code in r.criteria for r in step.resources)
        assert step.partner is not None
        statuses = [r.status for r in step.resources]
        assert statuses == sorted(statuses, key=lambda s: s is Status.ARCHIVED), step.code


def test_resources_for_inventory_put_current_links_before_old_hosts(kb, standard):
    resources = for_criterion(kb, standard, "DM2").resources
    assert resources[0].id == "govex-dataset-starter-kit"
    assert all(r.link_mark is None for r in resources[:2])


def test_current_resources_rank_before_archived_ones(kb, standard):
    resources = for_criterion(kb, standard, "OD1").resources
    assert resources[0].status is Status.CURRENT


@pytest.mark.parametrize(
    ("code", "partner", "program", "past"),
    [
        ("EVAL1", "bit", "wwc-sprints", "sprint-evaluation-policy-2024"),
        ("RDC7", "harvard-gpl", "wwc-sprints", "ocp-procurement-strategy-sprint-2025"),
        ("LC3", "govex", "wwc-sprints", None),
        ("LC6", "bit", "wwc-sprints", None),
        ("BF3", "public-finance-initiative", "wwc-certification-community", None),
    ],
)
def test_partner_and_program_per_criterion(kb, standard, code, partner, program, past):
    help_ = for_criterion(kb, standard, code)
    assert help_.partner.id == partner
    assert help_.program is not None and help_.program.id == program
    assert help_.program.status is ProgramStatus.OPEN, "only open programs are offered"
    assert (help_.past_program.id if help_.past_program else None) == past
    if help_.past_program:
        assert help_.past_program.status is ProgramStatus.PAST


def test_selective_programs_are_not_the_first_offer(kb, standard):
    program = for_criterion(kb, standard, "DM1").program
    assert program.id != "city-data-alliance"
    assert program.status is ProgramStatus.OPEN


def test_peer_matches_the_criterion_when_one_exists(kb, standard):
    assert for_criterion(kb, standard, "PA2").peer.id == "louisville-louiestat"
    assert "RDC1" in for_criterion(kb, standard, "RDC1").peer.criteria


def test_a_peer_is_shown_for_a_criterion_only_when_it_illustrates_it(kb, standard):
    for c in standard.criteria:
        help_ = for_criterion(kb, standard, c.code)
        if help_.peer is not None:
            assert c.code in help_.peer.criteria, c.code
        if help_.area_peer is not None:
            assert help_.peer is None and help_.area_peer.area == c.area
    rdc7 = for_criterion(kb, standard, "RDC7")
    assert rdc7.peer is None and rdc7.area_peer.id == "seattle-homeless-services-contracts"
