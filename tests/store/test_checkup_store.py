"""The store's part of the annual checkup: linked years, confirmed answers, read-only years, reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlite_utils import Database

from bot.store import ReadOnlyAssessment, Store, migrations
from wwc_rules import Outcome

STANDARD = "wwc-2022"


@pytest.fixture
def city(store):
    city, _ = store.create_city("T1", "Tempe", "AZ", 185_000, lead="U_ANA", lead_name="Ana")
    return city


@pytest.fixture
def last_year(store, city):
    """Tempe's completed 2026 assessment: DM1 met with evidence, DM2 not yet, DM3 only evidence."""
    a = store.start_assessment(city.id, STANDARD, 2026)
    store.record_answer(a.id, "DM1", Outcome.MET, by="U_ANA", by_name="Ana")
    store.set_evidence(a.id, "DM1", "https://tempe.gov/dm1.pdf", "adopted 2021", by="U_ANA")
    store.record_answer(a.id, "DM2", Outcome.NOT_YET, by="U_ANA", by_name="Ana")
    store.set_evidence(a.id, "DM3", "https://tempe.gov/dm3.pdf", None, by="U_ANA")
    store.set_gate(a.id, "broadband")
    store.set_status(a.id, "complete")
    return store.assessment(a.id)


def test_a_checkup_is_linked_to_the_same_citys_earlier_assessment(store, city, last_year):
    checkup = store.start_assessment(city.id, STANDARD, 2027, previous_id=last_year.id)
    assert (checkup.year, checkup.previous_id, checkup.status) == (2027, last_year.id, "open")
    assert store.start_assessment(city.id, STANDARD, 2027, previous_id=last_year.id) == checkup  # race-safe
    other, _ = store.create_city("T1", "Mesa", "AZ", 500_000, lead="U_MIA")
    for bad in (
        lambda: store.start_assessment(other.id, STANDARD, 2027, previous_id=last_year.id),  # another city's
        lambda: store.start_assessment(city.id, "wwc-2015", 2027, previous_id=last_year.id),  # another standard
        lambda: store.start_assessment(city.id, STANDARD, 2026, previous_id=last_year.id),  # not a later year
    ):
        with pytest.raises(ValueError):
            bad()


def test_confirming_copies_outcome_and_evidence_as_answered_now_by_the_confirmer(store, city, last_year, clock):
    checkup = store.start_assessment(city.id, STANDARD, 2027, previous_id=last_year.id)
    clock.advance(days=370)
    store.set_evidence(checkup.id, "DM2", "https://tempe.gov/dm2-2027.pdf", None, by="U_BEN")  # new this year
    done = store.confirm_answers(
        checkup.id, ["DM1", "DM2", "DM3", "DM4"], source_id=last_year.id, by="U_BEN", by_name="Ben"
    )
    assert done == ["DM1", "DM2"]  # DM3 had only evidence last year, DM4 nothing
    dm1, dm2 = store.answer(checkup.id, "DM1"), store.answer(checkup.id, "DM2")
    assert (dm1.outcome, dm1.evidence_url, dm1.evidence_note) == (
        Outcome.MET,
        "https://tempe.gov/dm1.pdf",
        "adopted 2021",
    )
    assert (dm1.answered_by, dm1.answered_by_name, dm1.answered_at) == ("U_BEN", "Ben", clock.now)
    assert (dm2.outcome, dm2.evidence_url) == (Outcome.NOT_YET, "https://tempe.gov/dm2-2027.pdf")  # this year's kept
    assert [(h.field, h.old_value, h.note) for h in store.history(checkup.id, "DM1")] == [
        ("outcome", None, "still true from 2026"),
        ("evidence", None, "still true from 2026"),
    ]
    assert store.confirm_answers(checkup.id, ["DM1"], source_id=last_year.id, by="U_ANA") == []  # already answered
    assert store.answer(checkup.id, "DM1").answered_by == "U_BEN"


def test_confirming_only_from_the_assessment_the_checkup_started_from(store, city, last_year):
    checkup = store.start_assessment(city.id, STANDARD, 2027, previous_id=last_year.id)
    other, _ = store.create_city("T1", "Mesa", "AZ", 500_000, lead="U_MIA")
    theirs = store.start_assessment(other.id, STANDARD, 2026)
    store.record_answer(theirs.id, "DM4", Outcome.MET, by="U_MIA")
    with pytest.raises(ValueError):
        store.confirm_answers(checkup.id, ["DM4"], source_id=theirs.id, by="U_ANA")
    assert store.answers(checkup.id) == {}


def test_a_year_followed_by_a_checkup_is_read_only(store, city, last_year):
    assert not store.superseded(last_year.id)
    store.record_answer(last_year.id, "DM4", Outcome.MET, by="U_ANA")  # the store allows it until a checkup starts
    checkup = store.start_assessment(city.id, STANDARD, 2027, previous_id=last_year.id)
    assert store.superseded(last_year.id) and not store.superseded(checkup.id)
    before = (store.answer_details(last_year.id), store.history(last_year.id), store.assessment(last_year.id))
    for write in (
        lambda: store.record_answer(last_year.id, "DM1", Outcome.NOT_YET, by="U_ANA"),
        lambda: store.set_evidence(last_year.id, "DM5", "https://x.gov/a", None, by="U_ANA"),
        lambda: store.set_gate(last_year.id, "none"),
    ):
        with pytest.raises(ReadOnlyAssessment):
            write()
    assert (store.answer_details(last_year.id), store.history(last_year.id), store.assessment(last_year.id)) == before
    store.record_answer(checkup.id, "DM1", Outcome.NOT_YET, by="U_ANA")  # this year is open


def test_latest_completed_is_each_citys_last_assessment_when_complete(store, city, last_year):
    other, _ = store.create_city("T1", "Mesa", "AZ", 500_000, lead="U_MIA")
    store.start_assessment(other.id, STANDARD, 2026)  # open: no checkup is due
    assert [a.id for a in store.latest_completed()] == [last_year.id]
    assert store.latest_completed(other.id) == []
    store.start_assessment(city.id, STANDARD, 2027, previous_id=last_year.id)
    assert store.latest_completed() == []


def test_a_reminder_is_recorded_once_per_city_year_and_attempt(store, city, db_path, clock):
    when = datetime(2027, 3, 2, 9, tzinfo=UTC)
    assert store.record_reminder(city.id, 2026, 1, due_at=when, sent_at=when)
    assert not store.record_reminder(city.id, 2026, 1, due_at=when, sent_at=when + timedelta(hours=1))
    assert store.record_reminder(city.id, 2026, 2, due_at=when, sent_at=when + timedelta(days=30))
    reopened = Store(db_path, clock=clock)
    assert [(r.year, r.attempt, r.sent_at) for r in reopened.sent_reminders(city.id)] == [
        (2026, 1, when),
        (2026, 2, when + timedelta(days=30)),
    ]
    reopened.close()


def test_a_database_from_before_checkups_is_upgraded_without_losing_anything(db_path, clock):
    db = Database(db_path)
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for fn in migrations.MIGRATIONS[:4]:  # the schema before annual checkups
        fn(db)
        db.execute("INSERT INTO _migrations VALUES (?, ?)", [fn.__name__, clock().isoformat()])
    db.conn.commit()
    db.close()
    raw = Database(db_path)  # last year's data, written in the old schema
    raw["cities"].insert(
        {
            "id": 1,
            "workspace": "T1",
            "name": "Tempe",
            "region": "AZ",
            "key": "tempe az",
            "population": 185000,
            "eligible": 1,
            "created_at": clock().isoformat(),
        }
    )
    raw["assessments"].insert(
        {
            "id": 1,
            "city_id": 1,
            "standard_id": STANDARD,
            "year": 2026,
            "status": "complete",
            "gate_choice": "broadband",
            "created_at": clock().isoformat(),
            "completed_at": clock().isoformat(),
        }
    )
    raw["answers"].insert(
        {
            "assessment_id": 1,
            "criterion": "DM1",
            "outcome": "met",
            "answered_by": "U_ANA",
            "answered_at": clock().isoformat(),
        }
    )
    raw["answer_history"].insert(
        {
            "assessment_id": 1,
            "criterion": "DM1",
            "field": "outcome",
            "new_value": "met",
            "changed_by": "U_ANA",
            "changed_at": clock().isoformat(),
        }
    )
    raw.conn.commit()
    raw.close()

    store = Store(db_path, clock=clock)
    assert store.assessment(1).previous_id is None and store.assessment(1).status == "complete"
    assert store.answers(1) == {"DM1": Outcome.MET}
    assert [h.note for h in store.history(1)] == [None]
    checkup = store.start_assessment(1, STANDARD, 2027, previous_id=1)
    assert store.confirm_answers(checkup.id, ["DM1"], source_id=1, by="U_ANA") == ["DM1"]
    store.close()
