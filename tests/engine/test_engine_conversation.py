"""The assessment conversation as a user experiences it."""

from __future__ import annotations

from bot.engine import Actor, Engine, MessageKind, UserInput
from bot.store import Store
from wwc_rules import Outcome


def test_onboarding_makes_the_first_person_lead_and_asks_the_first_criterion(new_chat, store):
    chat = new_chat("U_ANA", "Ana")
    assert "Which city" in chat.say("hi")[0].text
    assert "residents" in chat.say("Tempe, AZ")[0].text
    chat.say("about 185k")
    assert "assessment lead" in chat.replies[0].text and "eligible" in chat.replies[0].text
    assert chat.last.kind is MessageKind.QUESTION and chat.asked == "DM1"
    assert [o.label for o in chat.last.options][:4] == ["Met", "In progress", "Not yet", "Not sure"]
    assert store.member("T1", "U_ANA").is_lead


def test_city_without_state_asks_for_it(new_chat):
    chat = new_chat("U_ANA")
    chat.say("hi")
    assert "Which state" in chat.say("Tempe")[0].text
    assert "Tempe, AZ" in chat.say("Arizona")[0].text


def test_a_first_message_naming_the_city_is_taken_as_the_answer(new_chat):
    chat = new_chat("U_ANA")
    chat.say("Tempe, AZ")
    assert chat.replies[0].text.startswith("Welcome") and "residents does Tempe, AZ have" in chat.last.text


def test_small_city_is_usable_with_a_note(onboard):
    chat = onboard(city="Smallville, KS", population="12,000")
    assert "30,000" in chat.replies[0].text and chat.asked == "DM1"


def test_free_text_answers_are_recorded_and_the_next_question_follows(ana, store):
    ana.say("yes we adopted it in 2021")
    assert ana.replies[0].kind is MessageKind.ANSWERED and ana.asked == "DM2"
    ana.say("partly")
    ana.say("no idea")
    assessment = store.current_assessment(store.city_of("T1", "U_ANA").id)
    assert store.answers(assessment.id) == {"DM1": Outcome.MET, "DM2": Outcome.IN_PROGRESS, "DM3": Outcome.NOT_SURE}
    assert store.answer(assessment.id, "DM1").answered_by_name == "Ana"


def test_buttons_answer_the_criterion_they_belong_to(ana):
    ana.press("answer:DM1:not_yet")
    assert ana.asked == "DM2"
    ana.press("answer:DM1:met")  # an old button pressed again: changes DM1, keeps going
    assert "(was Not yet)" in ana.replies[0].text and ana.asked == "DM2"


def test_the_same_answer_twice_is_one_row_and_one_history_entry(ana, store):
    ana.press("answer:DM1:met")
    ana.press("answer:DM1:met")
    assert "already recorded" in ana.replies[0].text
    assessment = store.current_assessment(store.city_of("T1", "U_ANA").id)
    assert len(store.history(assessment.id, "DM1")) == 1


def test_skip_back_and_change(ana, store, standard):
    ana.say("yes")  # DM1
    ana.say("skip")  # DM2 skipped
    assert ana.asked == "DM3" and "again at the end" in ana.replies[0].text
    ana.say("back")
    assert ana.asked == "DM2" and "skipped this one earlier" in ana.last.text
    ana.say("no")
    assert ana.asked == "DM3"
    ana.say("change DM1")
    assert ana.asked == "DM1" and "Current answer: *Met*, by Ana" in ana.last.text
    ana.say("in progress")
    assert ana.asked == "DM3"
    assessment = store.current_assessment(store.city_of("T1", "U_ANA").id)
    assert [(h.old_value, h.new_value) for h in store.history(assessment.id, "DM1")] == [
        (None, "met"),
        ("met", "in_progress"),
    ]


def test_skipped_questions_come_back_last(ana, standard):
    ana.say("skip")  # DM1
    for _ in range(len(standard.criteria) - 1):
        ana.say("yes")
    assert ana.asked == "DM1" and "skipped this one earlier" in ana.last.text


def test_jumping_to_an_area_and_area_summary(ana, standard):
    ana.say("go to open data")
    assert ana.asked == "OD1" and "Now on *Open Data*" in ana.last.text
    for _ in standard.criteria_in("OD"):
        ana.say("yes")
    summary = [m for m in ana.replies if m.kind is MessageKind.SUMMARY]
    assert summary and "Area complete: Open Data" in summary[0].text and "4 of 4 met" in summary[0].text
    assert ana.asked == "DM1"  # back to the first open area
    ana.say("area OD")
    assert "Already complete" in ana.replies[0].text and ana.asked == "DM1"


def test_why_and_help_for_the_current_question(ana):
    assert "Why it matters" in ana.say("why")[0].text and "What counts" in ana.replies[0].text
    assert ana.replies[0].criterion == "DM1"
    assert "You're on *DM1*" in ana.say("?")[0].text
    assert "How this works" in ana.say("help")[0].text


def test_repeated_unusable_answers_get_an_explanation_not_a_loop(ana):
    first = ana.say("banana")[0]
    assert first.kind is MessageKind.ERROR and "“banana”" in first.text
    ana.say("qwerty")
    explained = ana.say("zzz")[0]
    assert explained.kind is MessageKind.HELP and "Pick the one that fits best" in explained.text
    assert all(label in explained.text for label in ("*Met*", "*In progress*", "*Not yet*", "*Not sure*"))
    assert ana.say("more nonsense")[0].kind is MessageKind.ERROR  # the counter starts again


def test_user_text_quoted_back_is_escaped(ana):
    text = ana.say("<!channel> <@U123> & <!here>")[0].text
    assert "<!channel>" not in text and "<@U123>" not in text and "<!here>" not in text
    assert "&lt;!channel&gt; &lt;@U123&gt; &amp; &lt;!here&gt;" in text


def test_names_and_notes_are_escaped(onboard):
    chat = onboard(name="Eve <!everyone>")
    chat.say("yes")
    chat.say("evidence DM1 https://city.gov/a?x=1&y=2 see <@U999>")
    chat.say("review DM")
    assert "<@U999>" not in chat.text and "<!everyone>" not in chat.text
    assert "Eve &lt;!everyone&gt;" in chat.text and "&lt;@U999&gt;" in chat.text


def test_evidence_in_two_steps_and_cancel(ana, store):
    assert ana.say("evidence")[0].kind is MessageKind.QUESTION
    assert ana.say("not a link")[0].kind is MessageKind.ERROR
    ana.say("https://tempe.gov/strategy.pdf adopted 2021")
    assert "Evidence saved for *DM1*" in ana.replies[0].text and ana.asked == "DM1"
    assessment = store.current_assessment(store.city_of("T1", "U_ANA").id)
    assert store.answer(assessment.id, "DM1").evidence_note == "adopted 2021"
    ana.say("evidence")
    ana.say("cancel")
    assert "no evidence added" in ana.replies[0].text and ana.asked == "DM1"


def test_a_pasted_link_is_evidence_for_the_current_question(ana, store):
    ana.say("https://tempe.gov/inventory.csv")
    assessment = store.current_assessment(store.city_of("T1", "U_ANA").id)
    assert store.answer(assessment.id, "DM1").evidence_url == "https://tempe.gov/inventory.csv"


def test_pause_and_continue(ana):
    ana.say("yes")
    assert "Paused" in ana.say("pause")[0].text
    ana.say("good morning")
    assert ana.replies[0].text == "Welcome back!" and ana.asked == "DM2"


def test_status_and_partial_report(ana):
    ana.say("yes")
    status = ana.say("status")[0]
    assert (
        status.kind is MessageKind.SUMMARY
        and "1 of 43 answered" in status.text
        and "Next question: *DM2*" in status.text
    )
    report = ana.say("report")
    text = "\n".join(m.text for m in report)
    assert {m.kind for m in report} == {MessageKind.REPORT} and "1 of 43 criteria met" in text
    assert "*Roadmap: the next 5 steps*" in text and "Items to confirm (42)" in text


def test_full_assessment_ends_with_gate_score_level_and_roadmap(ana, standard, store):
    for i, c in enumerate(standard.criteria):
        assert ana.asked == c.code
        ana.say("yes" if i < 33 else "working on it")
    assert ana.last.kind is MessageKind.QUESTION and ana.last.criterion is None
    assert [o.value for o in ana.last.options][-1] == "gate:none"
    ana.say("broadband")
    kinds = [m.kind for m in ana.replies]
    assert kinds[0] is MessageKind.ANSWERED and len(kinds) >= 2 and set(kinds[1:]) == {MessageKind.REPORT}
    report = "\n".join(m.text for m in ana.replies[1:])
    assert "*Gold on points: 33 of 43 criteria met (77%)*" in report
    assert "Platinum" in report and "shown (Household broadband). In the city's words: “broadband”" in report
    assert "*Roadmap: the next 5 steps*" in report and "*5. " in report  # five whole steps, none cut
    assert all(len(m.text) <= 3000 for m in ana.replies)
    assessment = store.current_assessment(store.city_of("T1", "U_ANA").id)
    assert assessment.status == "complete" and assessment.gate_choice == "broadband"
    ana.say("change DM1")
    ana.say("no")
    assert "All 43 criteria are answered" in ana.last.text and "Gold" in ana.last.text


def test_resume_after_reopening_the_database(db_path, standard, clock, onboard, new_chat):
    first = onboard(engine_=Engine(Store(db_path, clock=clock), standard, clock=clock))
    first.say("yes")
    first.say("skip")
    first.say("no")
    clock.advance(days=5)
    again = Engine(Store(db_path, clock=clock), standard, clock=clock)
    replies = again.begin(Actor(workspace="T1", user="U_ANA", name="Ana"))
    assert "2 of 43 criteria answered" in replies[0].text
    assert replies[-1].criterion == "DM4"
    chat = new_chat("U_ANA", "Ana", engine_=again)
    chat.say("yes")
    assert chat.replies[0].criterion == "DM4" and chat.asked == "DM5"


def test_begin_with_a_city_skips_the_city_question(engine):
    replies = engine.begin(Actor(workspace="T1", user="U_ANA"), city="Tempe, AZ")
    assert "residents does Tempe, AZ have" in replies[-1].text


def test_questions_go_to_the_knowledge_base(ana):
    reply = ana.say("what's next for open data?")[0]
    assert reply.kind is MessageKind.ANSWER and reply.options[-1].value == "continue"
    assert ana.asked is None or ana.asked == "DM1"
    ana.say("no, not now")  # declines the offer to start Open Data: nothing is recorded, DM1 is asked again
    assert ana.asked == "DM1" and "DM1" not in ana.engine.store.answers(1)


def test_messages_stay_short(ana, standard):
    for c in standard.criteria[:10]:
        assert len(ana.last.text) < 2500
        ana.say("why")
        assert len(ana.last.text) < 3000
        ana.press(f"answer:{c.code}:met")


def test_long_input_is_cut_not_crashing(ana):
    reply = ana.say("x" * 50_000)[0]
    assert reply.kind is MessageKind.ERROR and len(reply.text) < 500


def test_handle_takes_an_empty_input(engine, ana):
    assert engine.handle(ana.actor, UserInput())[0].kind is MessageKind.ERROR
