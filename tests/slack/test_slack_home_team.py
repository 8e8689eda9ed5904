"""In a Slack Connect channel a person acts for their own workspace, never for the channel's host: only a city's
own people can register it or answer for it."""

from __future__ import annotations

import json

from harness import Harness

from bot.report import build_city_report
from bot.slack.blocks import escape


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


def test_the_home_shows_the_figures_of_the_city_report(harness: Harness) -> None:
    """App Home renders the report `/wwc report` posts (``bot.report``): the same points, core standards and areas."""
    post = harness.onboard("U1")
    harness.press("U1", post, "answer:DM1:met")
    harness.say("U1", "in progress")  # DM2
    harness.say("U1", "met")  # DM3
    harness.slack.home_opened("U1")
    [publish] = harness.api.wait_for("views.publish")
    home = json.dumps(publish.view(), ensure_ascii=False)
    city = harness.store.city_of("T111", "U1")
    report = build_city_report(harness.store, harness.engine.standard, harness.engine.advisor.kb, city.id,
                               clock=harness.store.clock)
    s = report.score
    assert f"{s.percent}% ({s.points} of {s.total} points) · {s.answered} of 43 criteria answered" in home
    assert (s.points, s.answered) == (2, 3)
    assert f"the core standards {', '.join(report.core.unmet)} (required for any level)" in home
    areas = {b["accessory"]["value"]: b["text"]["text"] for b in publish.view()["blocks"]
             if b.get("accessory", {}).get("value", "").startswith("area:")}
    for a in report.areas:
        line = areas[f"area:{a.score.code}"]
        assert line.startswith(f"*{escape(a.score.name)}* ({a.score.code})")
        assert f"/{a.score.total} answered · {a.score.met} met" in line
    steps = [f"*{x.code}*" for x in report.roadmap.steps[:3]]
    assert [home.index(code) for code in steps] == sorted(home.index(code) for code in steps)
