"""Text in, text out: Slack's escapes are decoded on the way in (a link with "&" works in exports, a city name
keeps its "&"), and a slash command that says "payload" is still a command (an upstream Bolt quirk)."""

from __future__ import annotations

from harness import ADMIN, Harness


def test_an_ampersand_in_a_link_and_a_city_name_is_stored_as_typed(harness: Harness) -> None:
    harness.onboard("U1", "Winston-Salem &amp; Forsyth, NC")
    city = harness.store.city_of("T111", "U1")
    assert city.name == "Winston-Salem & Forsyth"
    harness.say("U1", "evidence DM1 https://data.ws.gov/policy?id=7&amp;v=2 adopted 2021")
    assessment = harness.store.current_assessment(city.id)
    assert [e.url for e in harness.store.evidence(assessment.id, "DM1")] == ["https://data.ws.gov/policy?id=7&v=2"]


def test_a_slash_command_that_says_payload_is_a_command(harness: Harness) -> None:
    reply = harness.slack.command("announce the payload of the new open data Sprint", user=ADMIN)
    assert reply.status == 200
    assert harness.api.wait_until(lambda: any("payload of the new" in (i.text or "") for i in harness.store.claim_due()))
