"""The shipped knowledge base covers the standard and is honest about its sources."""

from __future__ import annotations

import pytest

from knowledge.models import Confidence, PartnerStatus, ProgramStatus, Status
from knowledge.recommend import partners_for, peers_for


def test_every_criterion_has_a_resource(kb, standard):
    uncovered = [c.code for c in standard.criteria if not any(c.code in r.criteria for r in kb.resources)]
    assert uncovered == []


def test_every_criterion_has_a_current_resource(kb, standard):
    uncovered = [
        c.code
        for c in standard.criteria
        if not any(c.code in r.criteria and r.status is Status.CURRENT for r in kb.resources)
    ]
    assert uncovered == []


def test_every_criterion_has_a_next_step(kb, standard):
    assert sorted(kb.next_steps) == sorted(c.code for c in standard.criteria)


@pytest.mark.parametrize("area", ["DM", "LC", "OD", "PA", "BF", "RDC", "CI", "EVAL"])
def test_every_area_has_an_active_partner_and_a_peer(kb, area):
    assert partners_for(kb, area), f"no active partner for {area}"
    assert any(p.area == area for p in peers_for(kb, area)), f"no peer example in {area}"


def test_areas_in_the_standard_are_the_eight_of_2022(standard):
    assert [a.code for a in standard.areas] == ["DM", "LC", "OD", "PA", "BF", "RDC", "CI", "EVAL"]


def test_every_item_has_a_source_url_and_a_confidence(kb):
    for item in [*kb.resources, *kb.programs, *kb.partners, *kb.peers]:
        assert item.source.startswith(("http://", "https://")), item.id
        assert isinstance(item.confidence, Confidence)


def test_descriptions_are_one_short_line(kb):
    for r in kb.resources:
        assert "\n" not in r.description and len(r.description) <= 260, r.id


def test_sunlight_is_a_former_partner_and_its_guides_are_archived(kb):
    sunlight = next(p for p in kb.partners if p.id == "sunlight-foundation")
    assert sunlight.status is PartnerStatus.FORMER
    guides = [r for r in kb.resources if r.publisher.startswith("Sunlight Foundation")]
    assert guides and all(r.status is Status.ARCHIVED for r in guides)


def test_partner_roles_match_the_reference(kb):
    def covers(partner_id: str) -> dict[str, set[str]]:
        partner = next(p for p in kb.partners if p.id == partner_id)
        return {s.area: set(s.criteria) for s in partner.supports}

    assert set(covers("rfa")) == {"DM", "LC", "OD", "PA", "BF", "RDC", "CI", "EVAL"}
    assert {"DM", "PA", "OD"} <= set(covers("govex"))
    assert covers("bit") == {"EVAL": set(), "LC": {"LC6"}}
    assert covers("harvard-gpl") == {"RDC": set(), "LC": {"LC7"}}


def test_community_impact_points_to_rfa_marked_uncertain(kb):
    partner, confidence, note = partners_for(kb, "CI")[0]
    assert partner.id == "rfa"
    assert confidence is Confidence.UNCERTAIN and note


def test_budget_and_finance_names_the_public_finance_initiative_as_inferred(kb):
    partner, confidence, note = partners_for(kb, "BF")[0]
    assert partner.id == "public-finance-initiative"
    assert confidence is not Confidence.VERIFIED and "inference" in note
    rfa = dict((p.id, (c, n)) for p, c, n in partners_for(kb, "BF"))["rfa"]
    assert "No expert partner" not in rfa[1]


def test_the_current_partner_roster_is_complete_with_sources(kb):
    ids = {p.id for p in kb.partners if p.status is PartnerStatus.ACTIVE}
    assert {"rfa", "bit", "harvard-gpl", "govex", "public-digital", "cornell-tech-urban-tech-hub",
            "public-finance-initiative"} <= ids
    for pid in ("public-digital", "cornell-tech-urban-tech-hub"):
        partner = next(p for p in kb.partners if p.id == pid)
        assert partner.supports == (), "no source names their areas: roster only"
        assert partner.source == "https://www.bloomberg.org/program/government-innovation/what-works-cities/"


def test_gpl_for_lc7_is_marked_uncertain(kb):
    partner, confidence, _ = partners_for(kb, "LC", "LC7")[0]
    assert partner.id == "harvard-gpl" and confidence is Confidence.UNCERTAIN


def test_the_academy_is_marked_uncertain_and_the_community_comes_first(kb):
    ids = [p.id for p in kb.programs]
    academy = next(p for p in kb.programs if p.id == "wwc-academy")
    assert academy.url == "https://whatworkscities.bloomberg.org/sprints-2/"
    assert academy.status is ProgramStatus.UNCERTAIN and academy.confidence is Confidence.UNCERTAIN
    assert academy.eligibility is None, "no promise of free accounts"
    assert "free accounts" not in academy.description
    assert [f.name for f in academy.formats] == ["Courses", "Sprints", "Pop-Up Trainings", "WWC on Tour"]
    assert ids.index("wwc-certification-community") < ids.index("wwc-academy")


def test_ids_are_unique_across_each_file(kb):
    for items in (kb.resources, kb.programs, kb.partners, kb.peers):
        ids = [i.id for i in items]
        assert len(ids) == len(set(ids))
