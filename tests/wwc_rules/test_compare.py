"""Peer benchmarks and year-over-year change, checked against hand computations."""

from __future__ import annotations

import pytest

from wwc_rules import Outcome, benchmark, compare, load_standard, score

STANDARD = load_standard()
OD = [c.code for c in STANDARD.criteria_in("OD")]  # OD1-OD4


def city(od_met: int, extra: dict | None = None):
    answers = {code: Outcome.MET for code in OD[:od_met]}
    answers.update(extra or {})
    return score(STANDARD, answers)


def test_withheld_below_five_peers():
    result = benchmark(city(2), [city(1), city(2), city(3), city(4)])
    assert not result.available
    assert result.peer_count == 4
    assert "at least 5 other cities" in result.note and "4 have so far" in result.note
    assert result.areas == () and result.criteria_met_share == {}


def test_five_peers_match_a_hand_computation():
    # Open Data has 4 criteria. Peers met 0, 1, 2, 2 and 4 of them: 0%, 25%, 50%, 50%, 100%.
    peers = [city(0), city(1), city(2), city(2), city(4)]
    own = city(2)  # 50%
    result = benchmark(own, peers)
    assert result.available and result.peer_count == 5
    od = next(a for a in result.areas if a.code == "OD")
    # Below: 2 peers (0%, 25%); equal: 2 (50%, 50%) count half -> (2 + 1) / 5 = 60%.
    assert (od.percent, od.peer_median, od.percentile) == (50, 50, 60)
    # OD1 met by 4 of 5 (all but the 0% city) = 80%; OD3 by 1 of 5 = 20%; OD4 by 1 of 5.
    assert result.criteria_met_share["OD1"] == 80
    assert result.criteria_met_share["OD2"] == 60
    assert result.criteria_met_share["OD3"] == 20
    assert result.criteria_met_share["DM1"] == 0
    # Areas nobody answered: everyone at 0%, so this city sits at the middle.
    dm = next(a for a in result.areas if a.code == "DM")
    assert (dm.percent, dm.peer_median, dm.percentile) == (0, 0, 50)


def test_top_and_bottom_percentiles():
    peers = [city(1)] * 6
    assert next(a for a in benchmark(city(4), peers).areas if a.code == "OD").percentile == 100
    assert next(a for a in benchmark(city(0), peers).areas if a.code == "OD").percentile == 0


def test_peers_of_another_standard_are_not_counted():
    from pathlib import Path

    from wwc_rules import load_standard_file

    mini = load_standard_file(Path(__file__).parent / "fixtures" / "mini-2030.yml")
    others = [score(mini, {"GV1": "met"})] * 5
    assert benchmark(city(1), others).peer_count == 0


def test_year_over_year_change():
    last_year = city(2, {"DM1": Outcome.MET, "DM2": Outcome.MET})
    this_year = city(4, {"DM1": Outcome.MET, "DM2": Outcome.NOT_YET, "PA1": Outcome.MET})
    change = compare(last_year, this_year)
    assert (change.points_before, change.points_now, change.points_delta) == (4, 6, 2)
    assert change.gained == ("OD3", "OD4", "PA1")
    assert change.lost == ("DM2",)
    od = next(a for a in change.areas if a.code == "OD")
    assert (od.met_before, od.met_now) == (2, 4)


def test_compare_needs_one_standard():
    from pathlib import Path

    from wwc_rules import load_standard_file

    mini = load_standard_file(Path(__file__).parent / "fixtures" / "mini-2030.yml")
    with pytest.raises(ValueError, match="different standards"):
        compare(score(mini, {}), city(1))
