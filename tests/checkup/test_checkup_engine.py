"""The annual checkup through the engine: a second year that starts from the first year's answers."""

from __future__ import annotations

import pytest
from checkup_helpers import CODES, EVIDENCE, FIRST_YEAR, KB, NEXT_YEAR, STANDARD, Chat, assessments, register

from bot.engine import CheckupProgress, MessageKind
from bot.report import build_city_report
from bot.report.markdown import render_markdown
from bot.store import ReadOnlyAssessment, Store
from wwc_rules import Outcome

AREAS = [a.code for a in STANDARD.areas]


def snapshot(store: Store, assessment_id: int) -> tuple:
    """Everything stored about one assessment: its row, its answers with evidence, and its history."""
    return store.assessment(assessment_id), store.answer_details(assessment_id), store.history(assessment_id)


def confirm_every_question(chat: Chat) -> int:
    """Press "Still true" on each question until the outcome gate; returns the number of presses."""
    presses = 0
    while chat.asked:
        chat.press(f"confirm:{chat.asked}")
        presses += 1
        assert presses <= len(CODES)
    return presses


def test_second_year_checkup_completes_by_confirming_and_its_report_shows_the_change(checkup, store, clock):
    first, second = assessments(store)
    assert (first.year, second.year, second.previous_id, second.status) == (2026, 2027, first.id, "open")
    assert "Last year you answered *Met* (by Ana, with evidence https://tempe.gov/evidence/dm1.pdf). Still true?" in (
        checkup.text
    )
    assert checkup.values[:5] == [
        "confirm:DM1",
        "answer:DM1:met",
        "answer:DM1:in_progress",
        "answer:DM1:not_yet",
        "answer:DM1:not_sure",
    ]

    assert confirm_every_question(checkup) == len(CODES)
    gate = checkup.replies[-1]
    assert (gate.options[0].label, gate.options[0].value) == ("Still true: Household broadband", "gate:broadband")
    checkup.say("still true")

    assert f"*Checkup 2027 complete:* {len(CODES)} answers still true from 2026, 0 changed." in checkup.text
    assert "*Change:* Since 2026: still " in checkup.text and "0 gained, 0 lost" in checkup.text
    assert store.answers(second.id) == FIRST_YEAR
    assert store.assessment(second.id).status == "complete"
    dm1 = store.answer(second.id, "DM1")
    assert (dm1.evidence_url, dm1.answered_by, dm1.answered_at) == (EVIDENCE["DM1"], "U_ANA", NEXT_YEAR)

    report = build_city_report(store, STANDARD, KB, second.city_id, clock=clock)
    assert (report.year, report.year_over_year.year_before) == (2027, 2026)
    change = report.year_over_year.change
    assert (change.points_before, change.gained, change.lost) == (change.points_now, (), ())
    assert "## Year-over-year change (2026 → 2027)" in render_markdown(report)


def test_confirming_whole_areas_makes_the_checkup_much_shorter(checkup, store):
    second = assessments(store)[-1]
    inputs = 0
    while checkup.asked:
        area = STANDARD.criterion(checkup.asked).area
        checkup.press(f"confirm-area:{area}")
        assert "Confirm that these" in checkup.text and checkup.values[0] == f"confirm-area:{area}:yes"
        checkup.press(f"confirm-area:{area}:yes")
        inputs += 2
    checkup.press("gate:broadband")
    inputs += 1
    assert store.answers(second.id) == FIRST_YEAR
    assert inputs == 2 * len(AREAS) + 1 < len(CODES) + 1  # a first assessment takes one input per criterion + gate
    assert f"{len(CODES)} answers still true from 2026" in checkup.text


@pytest.mark.parametrize(
    ("ask", "reply", "confirmed"),
    [
        (("press", "confirm-area:OD"), ("press", "confirm-area:OD:yes"), True),
        (("say", "still true for all of open data"), ("say", "yes"), True),
        (("say", "all still true"), ("say", "yes, still true"), True),
        (("press", "confirm-area:OD"), ("press", "continue"), False),
        (("press", "confirm-area:OD"), ("say", "no"), False),
        (("press", "confirm-area:OD"), ("say", "cancel"), False),
    ],
)
def test_confirm_all_for_an_area_asks_first_and_credits_whoever_confirms(checkup, ben, store, ask, reply, confirmed):
    second = assessments(store)[-1]
    ben.say("go to open data")
    assert ben.asked == "OD1" and "Still true for all of Open Data" in [o.label for m in ben.replies for o in m.options]
    getattr(ben, ask[0])(ask[1])
    assert "Confirm that these 4 answers of *Open Data* are all still true?" in ben.text
    assert store.answers(second.id) == {}  # nothing carried over before the confirmation
    getattr(ben, reply[0])(reply[1])

    od = {c.code: FIRST_YEAR[c.code] for c in STANDARD.criteria_in("OD")}
    if confirmed:
        assert store.answers(second.id) == od
        assert "✓ Still true from 2026 for *Open Data*" in ben.text and "(4 confirmed)" in ben.text
        assert {store.answer(second.id, code).answered_by for code in od} == {"U_BEN"}
        assert [h.note for h in store.history(second.id, "OD1")] == ["still true from 2026"]
        assert ben.asked != "OD1"
    else:
        assert store.answers(second.id) == {}
        assert ben.asked == "OD1"


@pytest.mark.parametrize(
    ("typed", "outcome", "confirmed"),
    [
        ("yes", Outcome.MET, True),
        ("Still true!", Outcome.MET, True),
        ("same as last year", Outcome.MET, True),
        ("met", Outcome.MET, True),  # picking last year's answer again is a confirmation: the evidence carries over
        ("partly", Outcome.IN_PROGRESS, False),
        ("not yet", Outcome.NOT_YET, False),
        ("no idea", Outcome.NOT_SURE, False),
    ],
)
def test_typed_replies_to_still_true(checkup, store, typed, outcome, confirmed):
    second = assessments(store)[-1]
    assert checkup.asked == "DM1"  # Met last year, with evidence
    checkup.say(typed)
    dm1 = store.answer(second.id, "DM1")
    assert dm1.outcome is outcome
    assert (dm1.evidence_url == EVIDENCE["DM1"]) is confirmed
    assert ("(still true from 2026)" in checkup.text) is confirmed
    assert ("(was Met in 2026)" in checkup.text) is not confirmed
    assert checkup.asked == "DM2"


def test_no_asks_what_it_is_now(checkup, store):
    second = assessments(store)[-1]
    checkup.say("no")
    assert "is no longer *Met*. What is it now?" in checkup.text and checkup.asked == "DM1"
    assert store.answers(second.id) == {}
    checkup.say("in progress")
    assert store.answers(second.id) == {"DM1": Outcome.IN_PROGRESS} and "(was Met in 2026)" in checkup.text


@pytest.mark.parametrize(
    ("code", "now", "gained", "lost"),
    [
        ("DM1", Outcome.NOT_YET, (), ("DM1",)),  # Met last year
        ("DM4", Outcome.MET, ("DM4",), ()),  # Not yet last year
        ("DM3", Outcome.MET, ("DM3",), ()),  # In progress last year
        ("DM3", Outcome.NOT_YET, (), ()),  # In progress -> Not yet: changed, but neither gained nor lost
    ],
)
def test_changing_one_answer_shows_as_gained_or_lost_and_last_year_stays_intact(
    checkup, store, clock, code, now, gained, lost
):
    first, second = assessments(store)
    before = snapshot(store, first.id)
    while checkup.asked:
        asked = checkup.asked
        checkup.press(f"answer:{asked}:{now.value}" if asked == code else f"confirm:{asked}")
    checkup.press("gate:broadband")

    assert f"{len(CODES) - 1} answers still true from 2026, 1 changed." in checkup.text
    assert f"Changed: {code} {FIRST_YEAR[code].label} → {now.label}." in checkup.text
    change = build_city_report(store, STANDARD, KB, first.city_id, clock=clock).year_over_year.change
    assert (change.gained, change.lost) == (gained, lost)
    assert change.points_now - change.points_before == len(gained) - len(lost)
    assert snapshot(store, first.id) == before  # last year's assessment is exactly as it was
    assert store.answers(first.id) == FIRST_YEAR
    assert store.answers(second.id) == {**FIRST_YEAR, code: now}


def test_criteria_nobody_answered_last_year_are_asked_as_usual(new_chat, store, clock, engine):
    zoe = register(new_chat("U_ZOE", "Zoe"), "Gilbert, AZ")
    last = store.current_assessment(store.city_of("T1", "U_ZOE").id)
    for code in CODES:
        if code != "OD2":
            store.record_answer(last.id, code, Outcome.MET, by="U_ZOE", by_name="Zoe")
    store.set_gate(last.id, "broadband")
    store.set_status(last.id, "complete")  # e.g. completed before OD2 was part of the standard
    clock.now = NEXT_YEAR
    zoe.press("checkup:start")
    zoe.say("go to open data")
    zoe.press("confirm-area:OD")
    assert (
        "these 3 answers of *Open Data*" in zoe.text and "Nobody answered OD2 last year; I'll ask it after." in zoe.text
    )
    zoe.press("confirm-area:OD:yes")
    assert zoe.asked == "OD2"
    assert "Last year" not in zoe.replies[-1].text and "confirm:OD2" not in zoe.values
    zoe.press("answer:OD2:met")
    zoe.say("status")
    assert "Annual checkup from 2026: 3 still true, 0 changed, 1 new, 39 to go." in zoe.text


CLOSED_YEAR_EDITS = [
    ("say", "change DM2"),
    ("press", "change:DM2"),
    ("press", "answer:DM2:not_yet"),
    ("say", "evidence DM2 https://tempe.gov/new.pdf"),
    ("say", "evidence"),
    ("press", "gate:none"),
    ("press", "confirm:DM2"),
    ("press", "confirm-area:DM:yes"),
]


@pytest.mark.parametrize(("how", "what"), CLOSED_YEAR_EDITS)
@pytest.mark.parametrize("who", ["lead", "member"])
def test_a_completed_earlier_year_is_read_only(ana, ben, next_year, store, how, what, who):
    first = assessments(store)[0]
    before = snapshot(store, first.id)
    chat = ana if who == "lead" else ben
    getattr(chat, how)(what)
    assert "The 2026 assessment is complete and kept as the record of 2026, so its answers can't be changed" in (
        chat.text
    )
    if who == "lead":
        assert "say *checkup* to start it" in chat.text and "checkup:start" in chat.values
    else:
        assert "ask Ana (your city's lead) to start it" in chat.text and "checkup:start" not in chat.values
    assert snapshot(store, first.id) == before


WRITES = {
    "answer": lambda store, year: store.record_answer(year, "DM1", Outcome.NOT_YET, by="U_ANA"),
    "evidence": lambda store, year: store.set_evidence(year, "DM1", "https://x.gov/a", None, by="U_ANA"),
    "gate": lambda store, year: store.set_gate(year, "none"),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_the_store_refuses_to_change_a_year_once_its_checkup_started(checkup, store, write):
    first = assessments(store)[0]
    before = snapshot(store, first.id)
    with pytest.raises(ReadOnlyAssessment):
        write(store, first.id)
    assert snapshot(store, first.id) == before


@pytest.mark.parametrize(
    ("how", "what"), [("say", "checkup"), ("say", "start the annual checkup"), ("press", "checkup:start")]
)
def test_a_member_cannot_start_the_checkup(ben, next_year, store, how, what):
    ben.open()
    assert "Ask Ana (your city's lead) to start it" in ben.text and "checkup:start" not in ben.values
    getattr(ben, how)(what)
    assert "Only the city's lead (Ana) can start the annual checkup. Ask them." in ben.text
    assert len(assessments(store)) == 1


def test_colleagues_continue_in_the_new_year_once_the_lead_starts(ana, ben, next_year, store):
    ben.say("skip")  # stale state from last year must not steer this year's questions
    ana.press("checkup:start")
    ben.say("continue")
    assert ben.asked == "DM1" and "Last year you answered *Met* (by Ana" in ben.text
    ben.press("confirm:DM1")
    assert store.answer(assessments(store)[-1].id, "DM1").answered_by == "U_BEN"


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("same year", "The 2027 checkup can start from 1 January 2027"),
        ("unfinished", "Your 2026 assessment isn't finished yet (1 of 43 answered)"),
        ("under way", "The 2027 checkup is under way (0 of 43 answered)"),
    ],
)
def test_a_checkup_starts_only_from_a_completed_assessment_in_a_new_year(new_chat, ana, store, clock, when, expected):
    chat = ana
    if when == "unfinished":
        chat = register(new_chat("U_ZOE", "Zoe"), "Gilbert, AZ")
        chat.press("answer:DM1:met")
        clock.now = NEXT_YEAR
    elif when == "under way":
        clock.now = NEXT_YEAR
        chat.press("checkup:start")
    count = len(assessments(store, chat.actor.user))
    chat.say("checkup")
    assert expected in chat.text
    assert len(assessments(store, chat.actor.user)) == count


def test_status_dashboard_and_history_follow_the_new_year(checkup, engine, store):
    checkup.press("confirm:DM1")
    checkup.press("answer:DM2:not_yet")  # Met last year
    checkup.say("status")
    assert "Tempe, AZ · 2027 assessment* · 2 of 43 answered" in checkup.text
    assert "Annual checkup from 2026: 1 still true, 1 changed, 41 to go." in checkup.text
    # last year's standing is said, so that the new year's low figures do not read as answers lost
    assert ("Your 2026 assessment stays as it was (Level: Silver (on points) · 22 of 43 criteria met (51%)"
            in checkup.text)
    assert "count only what this checkup has confirmed or changed so far" in checkup.text
    dashboard = engine.dashboard(checkup.actor)
    assert (dashboard.year, dashboard.answered) == (2027, 2)
    assert dashboard.checkup == CheckupProgress(from_year=2026, confirmed=1, changed=1, new=0, to_go=41)
    checkup.say("history DM1")
    assert "Ana confirmed *Met* (still true from 2026)" in checkup.text


def test_two_cities_never_see_each_others_previous_answers(ana, new_chat, store, clock):
    mia = register(new_chat("U_MIA", "Mia"), "Mesa, AZ")
    for code in CODES:
        mia.press(f"answer:{code}:not_yet")
    mia.press("gate:none")
    clock.now = NEXT_YEAR
    ana.press("checkup:start")
    mia.press("checkup:start")
    assert "Last year you answered *Not yet* (by Mia). Still true?" in mia.text
    assert "tempe.gov" not in mia.text and "Ana" not in mia.text
    assert "Last year you answered *Met* (by Ana, with evidence https://tempe.gov/evidence/dm1.pdf)" in ana.text
    mia.press("confirm-area:DM:yes")

    tempe_first, tempe_second = assessments(store, "U_ANA")
    mesa_first, mesa_second = assessments(store, "U_MIA")
    assert store.answers(mesa_second.id) == {c.code: Outcome.NOT_YET for c in STANDARD.criteria_in("DM")}
    assert store.answers(tempe_second.id) == {}
    with pytest.raises(ValueError):
        store.start_assessment(mesa_first.city_id, STANDARD.id, 2028, previous_id=tempe_second.id)
    with pytest.raises(ValueError):
        store.confirm_answers(mesa_second.id, ["OD1"], source_id=tempe_first.id, by="U_MIA")
    assert "OD1" not in store.answers(mesa_second.id)


# ------------------------------------------------------------------ reading people in the checkup (issue: read people right)


def test_no_with_a_new_state_is_a_change_confirmed_never_still_true(checkup, store):
    second = assessments(store)[-1]
    assert checkup.asked == "DM1"  # Met last year
    checkup.say("no - it finally started meeting quarterly, so it's done now")
    assert store.answers(second.id) == {}  # not kept as last year's answer, and not recorded unasked
    assert checkup.last.kind is MessageKind.CONFIRM and "changed from last year" in checkup.last.text
    checkup.press(checkup.last.options[0].value)
    assert "DM1" in store.answers(second.id)
    assert [h.note for h in store.history(second.id, "DM1")] == [None]  # a change, not "still true from 2026"


def test_a_re_prompt_keeps_the_same_options_and_numbers(checkup):
    first = [o.value for o in checkup.last.options]
    checkup.say("no")
    again = [o.value for o in checkup.last.options]
    assert again == first  # a habitual "1" still means the same thing
