"""Nudges (issue 14, reminders as people expect): an unfinished assessment and an assigned area, at the person's
own working hours, as often as the lead chose, once each; "off" stops them and the checkup reminder too."""

from __future__ import annotations

from datetime import timedelta

from bot.engine import due_reminders
from bot.engine.nudges import choose, due_nudges, in_working_hours


def due(store, standard, clock, offsets=None):
    offsets = offsets or {}
    return due_nudges(store, standard, clock(), lambda workspace, user: offsets.get(user))


def send(store, nudges, clock):
    return [n for n in nudges if store.record_nudge(n.key, n.city_id, n.recipient, n.kind, clock())]


def test_an_idle_assessment_nudges_its_lead_once_a_week_with_a_continue_button(ana, store, standard, clock):
    ana.say("met")  # one answer, then nothing
    clock.advance(days=6)
    assert due(store, standard, clock) == []
    clock.advance(days=1)  # a week idle: Monday 09:00 UTC
    [nudge] = due(store, standard, clock)
    assert (nudge.recipient, nudge.kind) == ("U_ANA", "unfinished")
    assert "1 of 43" in nudge.message.text and nudge.message.options[0].value == "continue"
    assert send(store, [nudge], clock) == [nudge] and send(store, [nudge], clock) == []
    clock.advance(days=3)
    assert due(store, standard, clock) == []  # nudged three days ago
    clock.advance(days=4)
    assert [n.kind for n in due(store, standard, clock)] == ["unfinished"]


def test_an_answer_puts_the_nudge_off(ana, store, standard, clock):
    clock.advance(days=6)
    ana.say("met")
    clock.advance(days=2)
    assert due(store, standard, clock) == []


def test_nudges_wait_for_a_working_hour_where_the_person_is(ana, store, standard, clock):
    clock.advance(days=7)  # Monday 09:00 UTC
    assert due(store, standard, clock, {"U_ANA": -5 * 3600}) == []  # 04:00 in Bogota
    clock.advance(hours=5)
    assert [n.recipient for n in due(store, standard, clock, {"U_ANA": -5 * 3600})] == ["U_ANA"]  # 09:00 there
    clock.advance(days=5)  # Saturday
    assert not in_working_hours(clock(), -5 * 3600)


def test_a_colleague_handed_an_area_is_nudged_about_it(ana, new_chat, store, standard, clock):
    ana.say("invite U_BEN")
    ben = new_chat("U_BEN", "Ben")
    ben.say("hi")
    ana.say("assign U_BEN OD")
    clock.advance(days=7)
    nudges = {n.recipient: n for n in due(store, standard, clock)}
    assert nudges["U_BEN"].kind == "area:OD" and nudges["U_BEN"].message.options[0].value == "area:OD"
    assert "4 of 4 criteria are still open" in nudges["U_BEN"].message.text


def test_the_lead_chooses_how_often_and_off_stops_everything(ana, new_chat, store, standard, clock):
    assert "every week" in choose(store, "T1", "U_ANA", "")
    assert "at most every month" in choose(store, "T1", "U_ANA", "monthly")
    clock.advance(days=7)
    assert due(store, standard, clock) == []
    clock.advance(days=23)
    assert [n.kind for n in due(store, standard, clock)] == ["unfinished"]
    assert "off" in choose(store, "T1", "U_ANA", "off")
    assert due(store, standard, clock) == []
    city = store.city_of("T1", "U_ANA")
    store.set_status(store.current_assessment(city.id).id, "complete")
    assert due_reminders(store, clock() + timedelta(days=400)) == []  # no checkup reminder either
    assert "Say `/wwc remind weekly`" in choose(store, "T1", "U_ANA", "hourly")


def test_only_the_lead_changes_it(ana, new_chat, store):
    ana.say("invite U_BEN")
    new_chat("U_BEN", "Ben").say("hi")
    assert "Only your city's lead" in choose(store, "T1", "U_BEN", "off")
    assert store.reminder_every(store.city_of("T1", "U_ANA").id) is None
