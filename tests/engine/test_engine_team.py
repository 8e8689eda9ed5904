"""Team work and privacy: invitations, assignments, who answered, one city never sees another."""

from __future__ import annotations

import threading

from bot.engine import Actor, Engine, MessageKind, UserInput
from bot.store import Store
from wwc_rules import Outcome


def tempe(store):
    return store.current_assessment(store.city_of("T1", "U_ANA").id)


def test_naming_an_existing_city_does_not_join_it(ana, new_chat, store):
    eve = new_chat("U_EVE", "Eve")
    eve.say("hi")
    eve.say("tempe, arizona")
    assert store.member("T1", "U_EVE") is None
    assert "only the lead can add people" in eve.replies[0].text and "invite U_EVE" in eve.replies[0].text
    notice = [m for m in eve.replies if m.kind is MessageKind.NOTICE]
    assert [m.recipient for m in notice] == ["U_ANA"] and notice[0].options[0].value == "invite:U_EVE"
    eve.say("status")
    assert "not on a city's team" in eve.replies[0].text
    assert "answered" not in eve.text and "DM1" not in eve.text  # nothing of Tempe's progress leaks


def test_the_lead_invites_with_the_button_and_the_colleague_starts(ana, new_chat, store):
    eve = new_chat("U_EVE", "Eve")
    eve.say("hi")
    eve.say("Tempe, AZ")
    ana.press(eve.replies[-1].options[0].value)
    assert ana.replies[0].text.startswith("Added Eve") or "Added U_EVE" in ana.replies[0].text
    assert ana.replies[1].kind is MessageKind.NOTICE and ana.replies[1].recipient == "U_EVE"
    eve.say("hello")
    assert "Welcome, Eve" in eve.replies[0].text and eve.asked == "DM1"


def test_only_the_lead_assigns_and_invites(ben):
    ben.say("hi")
    assert "Only the city's lead (Ana)" in ben.say("assign U_CY OD")[0].text
    assert "Only the city's lead" in ben.say("invite U_CY")[0].text


def test_assignment_notifies_the_colleague_and_steers_their_questions(ana, new_chat):
    replies = ana.say("assign <@U_BEN|ben> open data")
    assert replies[0].text == "Open Data is now assigned to U_BEN. I've let them know."
    notice = replies[1]
    assert notice.kind is MessageKind.NOTICE and notice.recipient == "U_BEN" and notice.area == "OD"
    ben = new_chat("U_BEN", "Ben")
    ben.say("continue")
    assert "Assigned to you: Open Data" in ben.replies[0].text and ben.asked == "OD1"
    assert ana.say("assign U_BEN OD")[0].text.startswith("Open Data is already assigned to Ben")


def test_two_colleagues_interleaved_store_every_answer_once(ana, new_chat, store, standard):
    ana.say("assign U_BEN OD")
    ana.say("assign U_BEN CI")
    ben = new_chat("U_BEN", "Ben")
    ben.say("start")
    ana.say("continue")
    ana_codes = [c.code for c in standard.criteria_in("DM")]
    ben_codes = [c.code for c in standard.criteria_in("OD") + standard.criteria_in("CI")]
    for i in range(max(len(ana_codes), len(ben_codes))):
        if i < len(ana_codes):
            assert ana.asked == ana_codes[i]
            ana.say("yes")
        if i < len(ben_codes):
            assert ben.asked == ben_codes[i]
            ben.say("not yet")
            ben.press(f"answer:{ben_codes[i]}:not_yet")  # a double click on the button
    answers = store.answers(tempe(store).id)
    assert {c: answers[c] for c in ana_codes} == dict.fromkeys(ana_codes, Outcome.MET)
    assert {c: answers[c] for c in ben_codes} == dict.fromkeys(ben_codes, Outcome.NOT_YET)
    assert len(answers) == len(ana_codes) + len(ben_codes)
    assert len(store.history(tempe(store).id)) == len(answers)
    details = store.answer_details(tempe(store).id)
    assert {details[c].answered_by for c in ben_codes} == {"U_BEN"}


def test_two_colleagues_on_separate_connections_at_the_same_time(ana, db_path, standard, store):
    """Two processes' worth of engines on one file, answering concurrently from threads."""
    ana.say("assign U_BEN OD")
    barrier = threading.Barrier(2)

    def work(user: str, name: str, codes: list[str]) -> None:
        engine = Engine(Store(db_path), standard)
        actor = Actor(workspace="T1", user=user, name=name)
        engine.handle(actor, UserInput(text="continue"))
        barrier.wait()
        for code in codes:
            engine.handle(actor, UserInput(action=f"answer:{code}:met"))
            engine.handle(actor, UserInput(action=f"answer:{code}:met"))  # a double click
        engine.store.close()

    dm = [c.code for c in standard.criteria_in("DM")]
    od = [c.code for c in standard.criteria_in("OD")]
    threads = [
        threading.Thread(target=work, args=("U_ANA", "Ana", dm)),
        threading.Thread(target=work, args=("U_BEN", "Ben", od)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    answers = store.answers(tempe(store).id)
    assert set(answers) == set(dm) | set(od)
    assert len(store.history(tempe(store).id)) == len(answers)
    details = store.answer_details(tempe(store).id)
    assert {details[c].answered_by for c in od} == {"U_BEN"} and {details[c].answered_by for c in dm} == {"U_ANA"}


def test_the_lead_skips_areas_assigned_to_others(ana, standard):
    ana.say("assign U_BEN DM")
    ana.say("continue")
    assert ana.asked == "LC1"


def test_review_shows_who_answered_and_anyone_can_change_with_history(ana, new_chat, store, clock):
    ana.say("yes")
    ana.say("invite U_BEN")
    ben = new_chat("U_BEN", "Ben")
    clock.advance(days=1)
    ben.say("change DM1")
    assert "Current answer: *Met*, by Ana on 2 Mar 2026" in ben.last.text
    ben.say("in progress")  # Ana gave that answer: Ben is told who and when, and asked first
    assert "answered *Met* by Ana on 2 Mar 2026" in ben.last.text and "Change it to *In progress*?" in ben.last.text
    ben.say("yes")
    review = ana.say("review DM")[0].text
    assert "*DM1* Implementing Data Strategy and Governance: *In progress* · Ben · 3 Mar 2026" in review
    history = ana.say("history DM1")[0].text
    assert "Ana changed the answer from unanswered to *Met*" in history
    assert "Ben changed the answer from Met to *In progress*" in history


def test_a_member_of_another_city_cannot_see_or_change_answers(ana, onboard, store, engine):
    ana.say("yes")  # Tempe DM1 = met
    mesa = onboard(user="U_MO", name="Mo", city="Mesa, AZ", population="500000")
    mesa.say("change DM1")
    assert "Current answer" not in mesa.last.text
    mesa.say("no")
    review = mesa.say("review DM")[0].text
    assert "Ana" not in review and "*Not yet* · Mo" in review
    assert store.answers(tempe(store).id) == {"DM1": Outcome.MET}
    assert "already on another city's team" in mesa.say("invite U_ANA")[0].text
    assert store.city_of("T1", "U_ANA").name == "Tempe"
    mesa.say("assign U_ANA OD")
    assert store.assignments(tempe(store).id) == []
    assert engine.dashboard(Actor(workspace="T1", user="U_MO")).city == "Mesa, AZ"


def test_the_same_user_id_in_another_workspace_is_another_person(ana, onboard, store):
    other = onboard(user="U_ANA", workspace="T2", city="Mesa, AZ")
    assert store.city_of("T2", "U_ANA").id != store.city_of("T1", "U_ANA").id
    assert other.asked == "DM1"


def test_direct_methods_for_surfaces(ana, engine, store):
    actor = ana.actor
    saved = engine.record_evidence(actor, "dm2", "https://tempe.gov/inventory", "2024 inventory")
    assert "Evidence saved for *DM2*" in saved[0].text
    assert engine.record_evidence(actor, "DM2", "javascript:alert(1)")[0].kind is MessageKind.ERROR
    assigned = engine.assign(actor, "U_CY", "PA", other_name="Cy")
    assert assigned[-1].recipient == "U_CY" and store.member("T1", "U_CY").name == "Cy"
    assert engine.status(actor)[0].kind is MessageKind.SUMMARY
    assert {m.kind for m in engine.report(actor)} == {MessageKind.REPORT}
    stranger = Actor(workspace="T1", user="U_NOBODY")
    assert engine.status(stranger)[0].kind is MessageKind.ERROR
    assert engine.dashboard(stranger) is None


def test_dashboard_for_the_app_home(ana, engine, standard):
    ana.say("yes")
    ana.say("partly")
    ana.say("assign U_BEN OD")
    board = engine.dashboard(ana.actor)
    assert (board.city, board.role, board.points, board.answered, board.total) == ("Tempe, AZ", "lead", 1, 2, 43)
    assert board.level is None and board.next_level == "Silver" and board.needed_for_next == 21
    dm = board.areas[0]
    assert (dm.code, dm.answered, dm.met, dm.total) == ("DM", 2, 1, len(standard.criteria_in("DM")))
    assert [a.assignee for a in board.areas if a.code == "OD"] == ["U_BEN"]
    assert board.next_question.code == "DM3"
    assert 1 <= len(board.next_steps) <= 3 and board.next_steps[0].code == "DM2"
