"""Composing the report through the real store: benchmarks by hand, privacy, last year, who answered."""

from __future__ import annotations

import csv
import io
import json

import pytest
from report_helpers import STANDARD, add_assessment, add_city, all_answered, report_of

from bot.report.csv_export import render_csv
from bot.report.markdown import render_markdown
from bot.report.peers import ALL, BANDS, peer_group
from bot.report.slack_blocks import report_blocks, report_text
from bot.store.reporting import PeerSubmission
from wwc_rules import Outcome

DM = [c.code for c in STANDARD.criteria_in("DM")]  # DM1-DM9
PEER_NAMES = ["Peer Town A", "Peer Town B", "Peer Town C", "Peer Town D", "Peer Town E"]
PEER_DM_MET = [0, 2, 4, 6, 9]


def network(store, peers: int = 5):
    """Riverton (DM1-DM4 met) and ``peers`` peer cities meeting the first 0, 2, 4, 6, 9 DM criteria."""
    own = add_city(store, "Riverton", region="AZ")
    add_assessment(store, own, all_answered(set(DM[:4])))
    for name, k in list(zip(PEER_NAMES, PEER_DM_MET, strict=True))[:peers]:
        city = add_city(store, name, workspace="T2" if name.endswith("E") else "T1")
        if name.endswith("E"):  # an older completed assessment is superseded by the latest one
            add_assessment(store, city, all_answered(set()), year=2025)
        add_assessment(store, city, all_answered(set(DM[:k])))
    unfinished = add_city(store, "Open Town")  # an open assessment is never a peer
    add_assessment(store, unfinished, all_answered(set(DM)), complete=False)
    return own


def test_benchmarks_with_five_peers_match_a_hand_computation(store):
    report = report_of(store, network(store))
    bench = report.peers.benchmark
    assert bench.available and bench.peer_count == 5
    dm = next(a for a in report.areas if a.score.code == "DM")
    # Riverton 4/9 = 44%; peers 0%, 22%, 44%, 67%, 100%: median 44%; 2 below + 1 tie of 5 -> 50th percentile.
    assert (dm.score.percent, dm.peer_median, dm.percentile) == (44, 44, 50)
    lc = next(a for a in report.areas if a.score.code == "LC")
    assert (lc.score.percent, lc.peer_median, lc.percentile) == (0, 0, 50)  # everyone ties at 0%
    shares = {x.code: x.peer_met_share for x in report.criteria}
    # DM1 met by peers with 2, 4, 6, 9 -> 4 of 5; DM5 by 6, 9 -> 2 of 5; DM9 by 9 -> 1 of 5.
    assert (shares["DM1"], shares["DM3"], shares["DM5"], shares["DM9"], shares["LC1"]) == (80, 60, 40, 20, 0)
    assert report.peers.group == BANDS[2].label  # all five are 100,000-499,999 like Riverton

    md = render_markdown(report)
    assert "| Data Management (DM) | 44% | 44% | 50th |" in md
    assert "Compared with 5 other cities" in md
    rows = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert (rows[0]["area"], rows[0]["code"], rows[0]["peer_met_share"]) == ("DM", "DM1", "80")


def test_benchmarks_are_withheld_with_four_peers(store):
    report = report_of(store, network(store, peers=4))
    bench = report.peers.benchmark
    assert not bench.available and bench.peer_count == 4
    assert all(x.peer_met_share is None for x in report.criteria)
    assert all(a.peer_median is None and a.percentile is None for a in report.areas)
    note = ("Peer benchmarks appear once at least 5 other cities have completed this standard's assessment; "
            "4 have so far.")
    assert note in render_markdown(report)
    assert any(note in json.dumps(b) for b in report_blocks(report))
    assert all(row["peer_met_share"] == "" for row in csv.DictReader(io.StringIO(render_csv(report))))


def test_no_output_names_or_places_another_city(store):
    report = report_of(store, network(store))
    outputs = [render_markdown(report), render_csv(report), json.dumps(report_blocks(report)), report_text(report)]
    for text in outputs:
        assert "Riverton" in text or text.startswith("area,")
        for other in [*PEER_NAMES, "Peer Town", "Peerland", "Open Town"]:
            assert other not in text


def test_population_band_is_used_only_when_it_holds_five_peers():
    same = [PeerSubmission(200_000, None, {})] * 5
    far = [PeerSubmission(2_000_000, None, {})] * 3
    group, chosen = peer_group(150_000, same + far)
    assert group == "cities of 100,000-499,999 residents" and len(chosen) == 5
    group, chosen = peer_group(150_000, same[:4] + far)
    assert group.startswith(ALL) and "fewer than 5 cities of 100,000-499,999 residents" in group and len(chosen) == 7
    assert peer_group(None, same + far) == (ALL, same + far)
    assert peer_group(150_000, same + far, by_band=False)[1] == same + far


def test_year_over_year_change_for_a_city_with_two_assessments(store):
    city = add_city(store, "Riverton", region="AZ")
    add_assessment(store, city, all_answered({"DM1", "DM2", "LC1"}), year=2025)
    add_assessment(store, city, all_answered({"DM1", "DM2", "DM3", "DM4"}), year=2026, complete=False)
    report = report_of(store, city)
    assert report.year == 2026 and report.status == "open"
    yoy = report.year_over_year
    assert yoy is not None and yoy.year_before == 2025
    assert (yoy.change.points_before, yoy.change.points_now) == (3, 4)
    assert yoy.change.gained == ("DM3", "DM4") and yoy.change.lost == ("LC1",)
    assert {a.score.code: a.met_last_year for a in report.areas}["DM"] == 2
    assert report.criterion("LC1").last_year is Outcome.MET

    md = render_markdown(report)
    assert "## Year-over-year change (2025 → 2026)" in md
    assert "Since 2025: still No level yet, 3 → 4 criteria met (+1); 2 gained, 1 lost" in md
    lost = md.split("**Criteria lost:**")[1]
    assert "**LC1** Executive Commitment" in lost.split("##")[0]
    lc1 = next(r for r in csv.DictReader(io.StringIO(render_csv(report))) if r["code"] == "LC1")
    assert (lc1["outcome"], lc1["last_year_outcome"]) == ("Not yet", "Met")
    assert "*Gained (2):*" in json.dumps(report_blocks(report))


def test_no_year_over_year_without_an_earlier_completed_assessment(store):
    city = add_city(store, "Riverton", region="AZ")
    add_assessment(store, city, {"DM1": Outcome.MET}, year=2025, complete=False)
    add_assessment(store, city, {"DM1": Outcome.MET}, year=2026)
    report = report_of(store, city)
    assert report.year_over_year is None
    assert "No earlier completed assessment to compare with." in render_markdown(report)


def test_who_answered_what_evidence_and_items_to_confirm(store):
    city = add_city(store, "Riverton", region="AZ")
    answers = all_answered({"DM1", "DM2", "LC1"})
    answers.pop("EVAL4")
    answers["EVAL3"] = Outcome.NOT_SURE
    aid = add_assessment(store, city, {c: o for c, o in answers.items() if not c.startswith("LC")}, complete=False)
    for code in [c.code for c in STANDARD.criteria_in("LC")]:
        store.record_answer(aid, code, answers[code], by="U_BEN", by_name=None)
    store.set_evidence(aid, "DM1", "https://example.org/dm1", "Data strategy on the city site", by="U_ANA")
    report = report_of(store, city)

    assert [(p.name, len(p.codes)) for p in report.contributors] == [("Ana", 35), ("U_BEN", 7)]
    assert report.criterion("LC1").answered_by == "U_BEN"
    assert report.missing_evidence == ("DM2", "LC1")
    assert report.to_confirm == ("EVAL3", "EVAL4")
    assert report.criterion("EVAL4").outcome is None and report.criterion("EVAL4").outcome_label == "Not answered"
    assert report.gate.status == "shown" and report.gate.choice_label == "Household broadband"
    assert report.generated_at.isoformat() == "2026-04-01T12:00:00+00:00"
    assert report.roadmap.steps and report.roadmap.steps[0].code not in {"DM1", "DM2", "LC1"}


def test_a_city_without_an_assessment_is_a_clear_error(store):
    from bot.report import ReportError

    city = add_city(store, "Riverton", region="AZ")
    with pytest.raises(ReportError, match="Riverton, AZ has no assessment"):
        report_of(store, city)
