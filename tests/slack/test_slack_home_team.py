"""In a Slack Connect channel a person acts for their own workspace, never for the channel's host: only a city's
own people can register it or answer for it."""

from __future__ import annotations

from harness import Harness


def test_a_guest_from_another_workspace_registers_in_their_own_workspace(harness: Harness) -> None:
    harness.onboard("U1", "Tempe, AZ")  # a city of the host workspace T111
    for n, text in enumerate(("hi", "Mesa, AZ", "185,000"), start=1):  # a user whose home is TGUEST
        harness.slack.event(harness.slack.dm_event("UG1", text, user_team="TGUEST"))
        harness.api.wait_until(lambda n=n: len(harness.dms("UG1")) >= n)
    harness.api.wait_until(lambda: harness.store.member("TGUEST", "UG1") is not None)
    assert harness.store.member("T111", "UG1") is None  # never a member of the host's city
    guest = harness.store.member("TGUEST", "UG1")
    assert guest is not None and guest.is_lead  # their own workspace's city
    host_city = harness.store.city_of("T111", "U1")
    assert guest.city_id != host_city.id
    harness.slack.event(harness.slack.dm_event("UG2", "Tempe, AZ", user_team="TGUEST"))  # the host's city
    harness.api.wait_until(lambda: len(harness.dms("UG2")) >= 1)
    assert harness.store.member("TGUEST", "UG2") is None and harness.store.member("T111", "UG2") is None
