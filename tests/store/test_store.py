"""The store: schema, idempotent writes, audit trail, membership and state."""

from __future__ import annotations

import sqlite3

import pytest

from bot.store import Role, Store
from wwc_rules import Outcome


def test_migrations_run_once_and_reopening_is_safe(db_path, clock):
    Store(db_path, clock=clock).close()
    again = Store(db_path, clock=clock)
    names = [r[0] for r in again.db.execute("SELECT name FROM _migrations ORDER BY rowid")]
    assert names == sorted(names) and len(names) == len(set(names)) >= 3


def test_file_database_uses_wal_and_a_busy_timeout(store):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_same_answer_twice_leaves_one_row_and_one_history_entry(store, assessment):
    assert store.record_answer(assessment.id, "DM1", Outcome.MET, by="U_ANA", by_name="Ana") is True
    assert store.record_answer(assessment.id, "DM1", Outcome.MET, by="U_ANA", by_name="Ana") is False
    assert store.answers(assessment.id) == {"DM1": Outcome.MET}
    assert len(store.history(assessment.id)) == 1


def test_changing_an_answer_keeps_the_old_one_in_history(store, assessment, clock):
    store.record_answer(assessment.id, "DM1", Outcome.NOT_YET, by="U_ANA", by_name="Ana")
    clock.advance(days=3)
    store.record_answer(assessment.id, "DM1", Outcome.MET, by="U_BEN", by_name="Ben")
    detail = store.answer(assessment.id, "DM1")
    assert (detail.outcome, detail.answered_by_name, detail.answered_at) == (Outcome.MET, "Ben", clock.now)
    trail = [(h.old_value, h.new_value, h.changed_by) for h in store.history(assessment.id, "DM1")]
    assert trail == [(None, "not_yet", "U_ANA"), ("not_yet", "met", "U_BEN")]


def test_history_is_append_only(store, assessment):
    store.record_answer(assessment.id, "DM1", Outcome.MET, by="U_ANA")
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("UPDATE answer_history SET new_value = 'not_yet'")
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("DELETE FROM answer_history")


def test_evidence_can_come_before_the_answer_and_is_idempotent(store, assessment):
    url = "https://tempe.gov/data-strategy.pdf"
    assert store.set_evidence(assessment.id, "DM1", url, "adopted 2021", by="U_ANA") is True
    assert store.set_evidence(assessment.id, "DM1", url, "adopted 2021", by="U_ANA") is False
    assert store.answers(assessment.id) == {}
    store.record_answer(assessment.id, "DM1", Outcome.MET, by="U_ANA")
    detail = store.answer_details(assessment.id)["DM1"]
    assert (detail.outcome, detail.evidence_url, detail.evidence_note) == (Outcome.MET, url, "adopted 2021")
    assert [h.field for h in store.history(assessment.id)] == ["evidence", "outcome"]


def test_first_person_leads_and_an_existing_city_is_not_joined_silently(store):
    city, created = store.create_city("T1", "St. Louis", "MO", 300_000, lead="U_ANA", lead_name="Ana")
    again, created_again = store.create_city("T1", "st louis", "mo", 300_000, lead="U_EVE")
    assert created and not created_again and again.id == city.id
    assert store.member("T1", "U_ANA").role is Role.LEAD
    assert store.member("T1", "U_EVE") is None
    assert store.find_city_by_name("T1", "ST. LOUIS") == [city]


def test_small_cities_are_registered_but_not_eligible(store):
    city, _ = store.create_city("T1", "Smallville", "KS", 12_000, lead="U_ANA")
    assert city.eligible is False
    store.set_population(city.id, 31_000)
    assert store.city(city.id).eligible is True


def test_a_member_belongs_to_one_city_per_workspace(store):
    tempe, _ = store.create_city("T1", "Tempe", "AZ", 185_000, lead="U_ANA")
    mesa, _ = store.create_city("T1", "Mesa", "AZ", 500_000, lead="U_MO")
    assert store.add_member("T1", "U_BEN", tempe.id, added_by="U_ANA", name="Ben") is True
    assert store.add_member("T1", "U_BEN", tempe.id, added_by="U_ANA") is False
    with pytest.raises(ValueError):
        store.add_member("T1", "U_BEN", mesa.id, added_by="U_MO")
    assert [m.user for m in store.members(tempe.id)] == ["U_ANA", "U_BEN"]
    assert store.city_of("T1", "U_BEN") == tempe
    assert store.city_of("OTHER", "U_BEN") is None


def test_assessment_is_created_once_per_city_standard_and_year(store, assessment):
    assert store.start_assessment(assessment.city_id, "wwc-2022", 2026) == assessment
    later = store.start_assessment(assessment.city_id, "wwc-2022", 2027)
    assert store.current_assessment(assessment.city_id) == later


def test_gate_and_completion(store, assessment, clock):
    store.set_gate(assessment.id, "broadband")
    store.set_status(assessment.id, "complete")
    first = store.assessment(assessment.id)
    clock.advance(hours=1)
    store.set_status(assessment.id, "complete")
    assert (first.gate_choice, first.status) == ("broadband", "complete")
    assert store.assessment(assessment.id).completed_at == first.completed_at == clock.now.replace(hour=9)


def test_assignments_replace_and_are_idempotent(store, assessment):
    assert store.assign_area(assessment.id, "OD", "U_BEN", by="U_ANA") is True
    assert store.assign_area(assessment.id, "OD", "U_BEN", by="U_ANA") is False
    assert store.assign_area(assessment.id, "OD", "U_CY", by="U_ANA") is True
    assert [(a.area, a.user) for a in store.assignments(assessment.id)] == [("OD", "U_CY")]


def test_conversation_state_round_trips_per_user(store):
    assert store.load_state("T1", "U_ANA") is None
    store.save_state("T1", "U_ANA", {"mode": "asking", "skipped": ["DM2"]})
    store.save_state("T1", "U_ANA", {"mode": "paused", "skipped": []})
    assert store.load_state("T1", "U_ANA") == {"mode": "paused", "skipped": []}
    assert store.load_state("T2", "U_ANA") is None


def test_naive_clock_is_refused(db_path):
    from datetime import datetime

    with pytest.raises(ValueError):
        Store(db_path, clock=datetime.now)


def test_memory_store_works_for_unit_tests(clock):
    store = Store(":memory:", clock=clock)
    city, _ = store.create_city("T1", "Tempe", "AZ", None, lead="U_ANA")
    assert city.eligible is None and store.members(city.id)[0].user == "U_ANA"


def test_a_transaction_groups_writes_all_or_nothing(store, assessment):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.mark_event_processed("Ev1")
            store.record_answer(assessment.id, "DM1", Outcome.MET, by="U_ANA")
            raise RuntimeError("crash before commit")
    assert store.answers(assessment.id) == {} and store.mark_event_processed("Ev1") is True
    with store.transaction():
        store.record_answer(assessment.id, "DM1", Outcome.MET, by="U_ANA")
        store.save_state("T1", "U_ANA", {"mode": "asking"})
    assert store.answers(assessment.id) == {"DM1": Outcome.MET} and store.load_state("T1", "U_ANA")


def test_a_write_of_some_columns_of_a_row_keeps_the_others(store, assessment, clock):
    url = "https://tempe.gov/data-strategy.pdf"
    store.record_answer(assessment.id, "DM1", Outcome.MET, by="U_ANA", by_name="Ana", words="yes, since 2021")
    answered = clock.now
    clock.advance(days=1)
    assert store.set_evidence(assessment.id, "DM1", url, "adopted 2021", by="U_BEN", by_name="Ben") is True
    detail = store.answer(assessment.id, "DM1")
    assert (detail.outcome, detail.answered_by, detail.answered_by_name, detail.words) == (
        Outcome.MET,
        "U_ANA",
        "Ana",
        "yes, since 2021",
    )
    assert (detail.evidence_url, detail.evidence_note, detail.answered_at) == (url, "adopted 2021", answered)


def test_a_later_setting_or_lead_row_replaces_the_whole_row(store, clock):
    tempe, _ = store.create_city("T1", "Tempe", "AZ", 185_000, lead="U_ANA")
    store.add_member("T1", "U_BEN", tempe.id, added_by="U_ANA", name="Ben")
    store.set_reminder_every(tempe.id, 14, by="U_ANA")
    clock.advance(days=1)
    store.set_reminder_every(tempe.id, 0, by="U_BEN")
    setting = store.db.execute("SELECT every_days, set_by, set_at FROM reminder_settings").fetchall()
    assert setting == [(0, "U_BEN", clock.now.isoformat(timespec="microseconds"))]
    mesa, _ = store.create_city("T1", "Mesa", "AZ", 500_000, lead="U_BEN", lead_name="Benjamin")
    ben = store.member("T1", "U_BEN")
    assert (ben.city_id, ben.role, ben.name, ben.added_by, ben.joined_at) == (
        mesa.id,
        Role.LEAD,
        "Benjamin",
        "U_BEN",
        clock.now,
    )


def test_writes_in_a_failed_transaction_leave_nothing(store, assessment):
    city_id = assessment.city_id
    with pytest.raises(RuntimeError), store.transaction():
        store.assign_area(assessment.id, "OD", "U_BEN", by="U_ANA")
        store.set_evidence(assessment.id, "DM1", "https://tempe.gov/a.pdf", None, by="U_ANA")
        store.set_reminder_every(city_id, 7, by="U_ANA")
        raise RuntimeError("the reply failed")
    assert store.assignments(assessment.id) == [] and store.answer_details(assessment.id) == {}
    assert store.evidence(assessment.id, "DM1") == [] and store.reminder_every(city_id) is None
    with store.transaction():
        store.assign_area(assessment.id, "OD", "U_BEN", by="U_ANA")
        store.set_reminder_every(city_id, 7, by="U_ANA")
    assert [a.user for a in store.assignments(assessment.id)] == ["U_BEN"] and store.reminder_every(city_id) == 7
