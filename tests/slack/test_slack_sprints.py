"""Sprints matched to gaps: opening a cohort privately invites exactly the leads of cities whose answers show the
gap, once per city and cohort; the network team sees counts only, and names only of cities that asked to join."""

from __future__ import annotations

import json

import pytest
import yaml
from harness import ADMIN, Harness

import knowledge
from knowledge.loader import DATA_DIR
from wwc_rules import Outcome

PROGRAM = "sprint-rdc-goals-2027"


@pytest.fixture
def sprint_data(tmp_path):
    """A new open cohort for RDC1, added through the network team's knowledge folder (no code change)."""
    shipped = yaml.safe_load((DATA_DIR / "programs.yml").read_text(encoding="utf-8"))
    base = next(p for p in shipped if p["id"] == "wwc-sprints")
    folder = tmp_path / "kb"
    folder.mkdir()
    new = {**base, "id": PROGRAM, "name": "RDC goals Sprint 2027", "criteria": ["RDC1"], "areas": ["RDC"]}
    (folder / "programs.yml").write_text(yaml.safe_dump([new]), encoding="utf-8")
    yield folder
    knowledge.configure(None)


def _city(harness: Harness, lead: str, name: str, rdc1: Outcome | None) -> None:
    store = harness.store
    city, _ = store.create_city("T111", name, "AZ", 120_000, lead=lead, lead_name=lead)
    assessment = store.start_assessment(city.id, harness.engine.standard.id, 2026)
    if rdc1 is not None:
        store.record_answer(assessment.id, "RDC1", rdc1, by=lead)


def _invitations(harness: Harness) -> list:
    return [i for i in harness.store.claim_due(limit=100) if i.dedupe_key.startswith("sprint:")]


def test_opening_a_cohort_invites_exactly_the_leads_with_the_gap_once(harness: Harness, sprint_data) -> None:
    knowledge.configure(sprint_data)
    harness.slack.command("reload", user=ADMIN)
    assert "Knowledge reloaded" in harness.api.wait_for("respond")[-1].body["text"]
    _city(harness, "UA", "Alpha", Outcome.NOT_YET)
    _city(harness, "UB", "Beta", Outcome.IN_PROGRESS)
    _city(harness, "UC", "Gamma", Outcome.MET)
    _city(harness, "UD", "Delta", None)  # not answered: no gap shown
    answered = len(harness.api.of("respond"))
    harness.slack.command(f"sprint open {PROGRAM} 2027-spring", user=ADMIN)
    reply = harness.api.wait_for("respond", answered + 1)[-1].body["text"]  # this command's answer, not the last one
    assert "invited the leads of 2 more cities" in reply and "Alpha" not in reply  # counts, no names
    invites = _invitations(harness)
    assert sorted(i.channel for i in invites) == ["UA", "UB"]
    assert "your city answered Not yet on RDC1" in next(i for i in invites if i.channel == "UA").text
    answered = len(harness.api.of("respond"))
    harness.slack.command(f"sprint open {PROGRAM} 2027-spring", user=ADMIN)  # again: nobody twice
    assert "2 more" not in harness.api.wait_for("respond", answered + 1)[-1].body["text"]
    assert _invitations(harness) == []


def test_only_network_admins_open_cohorts(harness: Harness, sprint_data) -> None:
    harness.slack.command(f"sprint open {PROGRAM}", user="U1")
    assert "Only network admins" in harness.api.wait_for("respond")[-1].body["text"]


def test_a_city_that_asks_to_join_is_counted_and_named_to_the_network_team(harness: Harness, sprint_data) -> None:
    knowledge.configure(sprint_data)
    knowledge.reload_knowledge(harness.engine.standard)
    _city(harness, "UA", "Alpha", Outcome.NOT_YET)
    _city(harness, "UB", "Beta", Outcome.NOT_YET)
    harness.slack.command(f"sprint open {PROGRAM} c1", user=ADMIN)
    harness.api.wait_for("respond")
    city = harness.store.city_of("T111", "UA")
    value = f"{PROGRAM}|c1|{city.id}"
    harness.slack.click("UA", {"action_id": "wwc.sprint_join", "value": value, "block_id": "s1"}, channel="DUA")
    harness.api.wait_until(lambda: harness.store.invitation_counts(PROGRAM, "c1") == (2, 1))
    harness.slack.command(f"sprint status {PROGRAM} c1", user=ADMIN)
    harness.api.wait_until(lambda: any("cities invited" in c.body.get("text", "") for c in harness.api.of("respond")))
    status = next(c.body["text"] for c in harness.api.of("respond") if "cities invited" in c.body.get("text", ""))
    assert "2 cities invited, 1 asked to join" in status and "Alpha" in status and "Beta" not in status


def test_a_lead_who_opts_out_is_not_invited_again(harness: Harness, sprint_data) -> None:
    knowledge.configure(sprint_data)
    knowledge.reload_knowledge(harness.engine.standard)
    _city(harness, "UA", "Alpha", Outcome.NOT_YET)
    harness.slack.click("UA", {"action_id": "wwc.sprint_optout", "value": "x", "block_id": "s1"}, channel="DUA")
    harness.api.wait_until(lambda: harness.store.opted_out("T111", "UA"))
    answered = len(harness.api.of("respond"))
    harness.slack.command(f"sprint open {PROGRAM} c2", user=ADMIN)
    harness.api.wait_for("respond", answered + 1)
    assert _invitations(harness) == []


def test_the_network_view_goes_to_the_admins_dm(harness: Harness) -> None:
    harness.slack.command("network", user=ADMIN)
    harness.api.wait_until(lambda: any(c.body.get("channel") == f"D{ADMIN}" or "network view" in
                                       json.dumps(c.body) for c in harness.api.of("chat.postMessage")))
    assert "network view" in harness.api.wait_for("respond")[-1].body["text"]


def test_the_app_home_of_a_network_admin_has_the_network_section(harness: Harness) -> None:
    harness.slack.home_opened(ADMIN)
    [publish] = harness.api.wait_for("views.publish")
    text = json.dumps(publish.view()["blocks"])
    assert "The network" in text
    harness.slack.home_opened("U1")
    harness.api.wait_until(lambda: len(harness.api.of("views.publish")) >= 2)
    assert "The network" not in json.dumps(harness.api.of("views.publish")[-1].view()["blocks"])
