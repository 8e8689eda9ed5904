"""The lead can take someone off the team and hand over the lead role (issue: each city's data stays its own)."""

from __future__ import annotations

from wwc_rules import Outcome


def test_the_lead_removes_a_member_who_then_sees_nothing(ana, ben, store):
    ben.say("hi")
    ben.say("yes")  # Ben answers DM1
    ana.say("assign U_BEN OD")
    ana.say("remove U_BEN")
    assert "Removed Ben" in ana.text and "took you off" in ana.text
    assert store.member("T1", "U_BEN") is None
    ben.say("status")
    assert "not on a city's team" in ben.text or "Which city" in ben.text
    assessment = store.current_assessment(store.city_of("T1", "U_ANA").id)
    assert store.answers(assessment.id) == {"DM1": Outcome.MET}  # their answer stays, with their name
    assert store.assignments(assessment.id) == []


def test_only_the_lead_removes_and_the_lead_cannot_remove_themselves(ana, ben, store):
    ben.say("hi")
    ben.say("remove U_ANA")
    assert "Only the city's lead" in ben.text and store.member("T1", "U_ANA") is not None
    ana.say("remove U_ANA")
    assert "hand the lead role" in ana.text


def test_the_lead_hands_over_the_lead_role(ana, ben, store):
    ben.say("hi")
    ana.say("make U_BEN lead")
    assert store.member("T1", "U_BEN").is_lead and not store.member("T1", "U_ANA").is_lead
    assert "made you the lead" in ana.text
    ana.say("invite U_CAL")
    assert "Only the city's lead" in ana.text


def test_the_lead_role_goes_only_to_a_team_member(ana, store):
    ana.say("make U_STRANGER lead")
    assert "must be on the" in ana.text and store.member("T1", "U_ANA").is_lead
