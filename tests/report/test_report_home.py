"""The App Home is a view of the report (``dashboard_view``): its figures are the report's, never its own."""

from __future__ import annotations

import json

from report_helpers import GENERATED, KB, STANDARD, add_assessment, add_city, all_answered, report_of

from bot.report.compose import HOME_STEPS, NO_PEERS, build_city_report, dashboard_view
from bot.report.models import CheckupProgress
from bot.slack import home_view
from wwc_rules import Outcome

DM = [c.code for c in STANDARD.criteria_in("DM")]


def riverton(store):
    """Riverton: DM1-DM4 met, DM5 in progress, DM6 not yet, the rest unanswered, no outcome shown; five peers."""
    city = add_city(store, "Riverton", region="AZ")
    answers = {code: Outcome.MET for code in DM[:4]} | {DM[4]: Outcome.IN_PROGRESS, DM[5]: Outcome.NOT_YET}
    add_assessment(store, city, answers, complete=False, gate="none")
    for n in range(5):
        add_assessment(store, add_city(store, f"Peer Town {n}"), all_answered(set(DM[:n * 2])))
    return city


def home_report(store, city):
    return build_city_report(store, STANDARD, KB, city.id, clock=lambda: GENERATED, roadmap_limit=HOME_STEPS,
                             with_peers=False)


def test_the_home_report_is_the_report_without_its_peers(store):
    city = riverton(store)
    full, home = report_of(store, city), home_report(store, city)
    assert full.peers.benchmark.available and home.peers == NO_PEERS
    assert all(a.peer_median is None and a.percentile is None for a in home.areas)
    assert all(x.peer_met_share is None for x in home.criteria)
    assert (home.score, home.readiness, home.core, home.gate) == (full.score, full.readiness, full.core, full.gate)
    assert [a.score for a in home.areas] == [a.score for a in full.areas]
    assert home.roadmap.steps == full.roadmap.steps[:HOME_STEPS]


def test_every_figure_on_the_home_is_the_reports(store):
    city = riverton(store)
    full = report_of(store, city)
    view = dashboard_view(home_report(store, city), role="lead", next_question="DM7", assignees={"OD": "Ben"},
                          checkup=CheckupProgress(from_year=2025, confirmed=1, changed=0, new=5, to_go=37))
    s = full.score
    assert (view.city, view.year, view.role) == ("Riverton, AZ", 2026, "lead")
    assert (view.points, view.total, view.percent, view.answered) == (s.points, s.total, s.percent, s.answered)
    assert (view.points, view.answered) == (4, 6)
    assert (view.level, view.next_level, view.needed_for_next) == (None, s.next_level.name, s.needed_for_next)
    assert view.certifiable is s.ready is False
    assert view.core_unmet == full.core.unmet and "LC1" in view.core_unmet and view.gate_shown is False
    assert [(a.code, a.name, a.met, a.total) for a in view.areas] == [
        (a.score.code, a.score.name, a.score.met, a.score.total) for a in full.areas]
    assert (view.areas[0].answered, view.areas[0].met) == (6, 4)
    assert [a.assignee for a in view.areas if a.assignee] == ["Ben"]
    assert view.next_question.title == full.criterion("DM7").title
    assert [x.code for x in view.next_steps] == [x.code for x in full.roadmap.steps[:HOME_STEPS]]
    assert view.next_steps[0].text == full.roadmap.steps[0].next_step

    text = json.dumps(home_view.home(view), ensure_ascii=False)
    assert f"{s.percent}% ({s.points} of {s.total} points) · 6 of 43 criteria answered" in text
    assert ", ".join(full.core.unmet) in text and "outcome requirement" in text
    assert "`████████░░░░` 6/9 answered · 4 met" in text  # DM: 6 of 9 answered
    assert "Annual checkup from 2025: 1 still true, 0 changed, 5 new, 37 to go." in text
