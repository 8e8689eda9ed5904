"""The store's contract: ``Store`` implements every interface of ``bot.store.interfaces``, the interfaces
name each public member of ``Store`` exactly once (a new method must be put under one), and a store
behaves as the interfaces say, checked only through them (another backend can be added to ``BACKENDS``)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.store import Store, interfaces
from bot.store.interfaces import (
    INTERFACES,
    Answers,
    Cities,
    Conversations,
    Events,
    Invitations,
    Languages,
    Lifecycle,
    OutboxQueue,
    Reminders,
    SqliteAccess,
    StoreLike,
    Team,
)
from wwc_rules import Outcome

# How each interface member's signature may differ in Store: the interface asks less of another backend.
ALLOWED_RETURN_DIFFERENCES = {"transaction": ("AbstractContextManager[object]", "AbstractContextManager[Database]")}


def interface_members(interface: type) -> set[str]:
    """The public names an interface declares (methods, properties and attributes), its bases' included."""
    names: set[str] = set()
    for cls in interface.__mro__:
        if not getattr(cls, "_is_protocol", False) or cls.__module__ == "typing":
            continue
        names |= {n for n in vars(cls) if not n.startswith("_")}
        names |= {n for n in vars(cls).get("__annotations__", {}) if not n.startswith("_")}
    return names


def public_members(store: Store) -> set[str]:
    """Every public method and property of ``Store``, and the public attributes an instance has."""
    return {n for n in dir(Store) if not n.startswith("_")} | {n for n in vars(store) if not n.startswith("_")}


# ------------------------------------------------------------ Store implements the interfaces


@pytest.mark.parametrize("interface", INTERFACES, ids=lambda i: i.__name__)
def test_store_is_an_instance_of_each_interface(store: Store, interface: type) -> None:
    assert isinstance(store, interface)


def test_store_is_store_like(store: Store) -> None:
    assert isinstance(store, StoreLike)


def test_store_type_checks_as_each_interface(store: Store) -> None:
    # Assignments mypy checks (as it does for bot/ in bot.store.store._implements).
    lifecycle: Lifecycle = store
    cities: Cities = store
    team: Team = store
    answers: Answers = store
    conversations: Conversations = store
    outbox: OutboxQueue = store
    reminders: Reminders = store
    events: Events = store
    languages: Languages = store
    invitations: Invitations = store
    sqlite: SqliteAccess = store
    everything: StoreLike = store
    views = (lifecycle, cities, team, answers, conversations, outbox, reminders, events, languages, invitations)
    assert all(view is store for view in (*views, sqlite, everything))


def test_the_interfaces_name_every_public_member_of_store_once(store: Store) -> None:
    owners: dict[str, list[str]] = {}
    for interface in INTERFACES:
        for name in interface_members(interface):
            owners.setdefault(name, []).append(interface.__name__)
    twice = {name: where for name, where in owners.items() if len(where) > 1}
    assert not twice, f"named by more than one interface: {twice}"
    missing = public_members(store) - set(owners)
    assert not missing, f"public members of Store under no interface in bot/store/interfaces.py: {sorted(missing)}"
    assert set(owners) <= public_members(store)


def test_store_like_is_every_interface_but_sqlite_access() -> None:
    parts = [i for i in INTERFACES if i is not SqliteAccess]
    assert interface_members(StoreLike) == set().union(*(interface_members(i) for i in parts))
    assert not interface_members(SqliteAccess) & interface_members(StoreLike)


def _signatures() -> Iterator[tuple[str, str]]:
    for interface in INTERFACES:
        for name in sorted(interface_members(interface)):
            if callable(vars(interface).get(name)):
                yield interface.__name__, name


@pytest.mark.parametrize(("interface", "name"), list(_signatures()))
def test_each_method_has_the_signature_its_interface_declares(interface: str, name: str) -> None:
    declared = inspect.signature(getattr(getattr(interfaces, interface), name))
    actual = inspect.signature(getattr(Store, name))
    assert list(actual.parameters.values()) == list(declared.parameters.values())
    returns = (str(declared.return_annotation), str(actual.return_annotation))
    assert returns[0] == returns[1] or ALLOWED_RETURN_DIFFERENCES.get(name) == returns


@pytest.mark.parametrize(("interface", "name"), list(_signatures()))
def test_each_method_is_described_once_by_its_interface(interface: str, name: str) -> None:
    assert inspect.getdoc(getattr(getattr(interfaces, interface), name)), f"{interface}.{name} has no docstring"
    assert getattr(Store, name).__doc__ is None, (
        f"Store.{name} has a docstring: the one of {interface}.{name} is the contract (add to it there; "
        "a note on how Store does it is a comment)"
    )


# ------------------------------------------------------------ behaviour, through the interfaces only


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _sqlite_file(tmp_path: Path, clock: Clock) -> StoreLike:
    return Store(tmp_path / "contract.db", clock=clock)


def _sqlite_memory(tmp_path: Path, clock: Clock) -> StoreLike:
    return Store(":memory:", clock=clock)


# Each backend: (tmp_path, clock) -> a fresh, empty store.
BACKENDS: dict[str, Callable[[Path, Clock], StoreLike]] = {"sqlite-file": _sqlite_file, "sqlite-memory": _sqlite_memory}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: Any, tmp_path: Path) -> Iterator[tuple[StoreLike, Clock]]:
    clock = Clock()
    impl = BACKENDS[request.param](tmp_path, clock)
    yield impl, clock
    impl.close()


def _city_with_assessment(impl: StoreLike) -> tuple[int, int]:
    city, _ = impl.create_city("T1", "Tempe", "AZ", 185_000, lead="U_ANA", lead_name="Ana")
    return city.id, impl.start_assessment(city.id, "wwc-2022", 2026).id


def test_contract_lifecycle_a_transaction_commits_all_or_nothing(backend: tuple[StoreLike, Clock]) -> None:
    impl, _ = backend
    with pytest.raises(RuntimeError), impl.transaction():
        assert impl.mark_event_processed("Ev1") is True
        raise RuntimeError("the reply failed")
    with impl.transaction():
        assert impl.mark_event_processed("Ev1") is True
        assert impl.mark_event_processed("Ev2") is True
    assert (impl.mark_event_processed("Ev1"), impl.mark_event_processed("Ev2")) == (False, False)
    impl.check_writable()


def test_contract_cities_are_one_per_key(backend: tuple[StoreLike, Clock]) -> None:
    impl, _ = backend
    cities: Cities = impl
    city, created = cities.create_city("T1", "the City of Riverton", "Ohio", 40_000, lead="U_ANA")
    again, created_again = cities.create_city("T1", "RIVERTON, OH.", "", 40_000, lead="U_BEN")
    assert created and not created_again and again == city
    assert cities.find_city("T1", "Riverton", "OH") == city == cities.city(city.id)
    assert cities.find_city_elsewhere("T2", "Riverton", "OH") == city
    assert [c.id for c in cities.find_city_by_name("T1", "riverton")] == [city.id]


def test_contract_team_members_and_lead(backend: tuple[StoreLike, Clock]) -> None:
    impl, _ = backend
    city_id, assessment_id = _city_with_assessment(impl)
    team: Team = impl
    assert team.add_member("T1", "U_BEN", city_id, added_by="U_ANA", name="Ben") is True
    assert team.add_member("T1", "U_BEN", city_id, added_by="U_ANA") is False
    assert team.assign_area(assessment_id, "DM", "U_BEN", by="U_ANA") is True
    assert team.assign_area(assessment_id, "DM", "U_BEN", by="U_ANA") is False
    assert team.hand_over_lead("T1", city_id, from_user="U_ANA", to_user="U_BEN") is True
    assert [m.user for m in team.leads(city_id)] == ["U_BEN"]
    city = team.city_of("T1", "U_ANA")
    assert city is not None and city.id == city_id
    assert team.remove_member("T1", "U_BEN", city_id) is True and team.assignments(assessment_id) == []


def test_contract_membership_is_the_member_their_city_and_its_current_assessment(
    backend: tuple[StoreLike, Clock],
) -> None:
    impl, _ = backend
    team: Team = impl
    city, _ = impl.create_city("T1", "Tempe", "AZ", 185_000, lead="U_ANA", lead_name="Ana")
    assert team.membership("T1", "U_NOBODY") is None and team.membership("T2", "U_ANA") is None
    found = team.membership("T1", "U_ANA")
    assert found is not None and found[0] == team.member("T1", "U_ANA") and found[1] == impl.city(city.id)
    assert found[2] is None  # no assessment started yet
    first = impl.start_assessment(city.id, "wwc-2022", 2026)
    checkup = impl.start_assessment(city.id, "wwc-2022", 2027, previous_id=first.id)
    found = team.membership("T1", "U_ANA")
    assert found is not None and found[2] == checkup == impl.current_assessment(city.id)


def test_contract_answers_are_idempotent_and_audited(backend: tuple[StoreLike, Clock]) -> None:
    impl, clock = backend
    _, assessment_id = _city_with_assessment(impl)
    answers: Answers = impl
    assert answers.record_answer(assessment_id, "DM1", Outcome.NOT_YET, by="U_ANA") is True
    assert answers.record_answer(assessment_id, "DM1", Outcome.NOT_YET, by="U_ANA") is False
    clock.now += timedelta(days=1)
    assert answers.record_answer(assessment_id, "DM1", Outcome.MET, by="U_ANA") is True
    assert answers.set_evidence(assessment_id, "DM1", "https://x.test/a", None, by="U_ANA") is True
    assert answers.answers(assessment_id) == {"DM1": Outcome.MET}
    trail = [(h.field, h.new_value) for h in answers.history(assessment_id, "DM1")]
    assert trail == [("outcome", "not_yet"), ("outcome", "met"), ("evidence", "https://x.test/a")]
    assert answers.last_answered(assessment_id) == clock.now


def test_contract_conversations_keep_state_and_the_live_prompt(backend: tuple[StoreLike, Clock]) -> None:
    impl, _ = backend
    conversations: Conversations = impl
    assert conversations.load_state("T1", "U_ANA") is None
    conversations.save_state("T1", "U_ANA", {"step": "ask", "codes": ["DM1"]})
    assert conversations.load_state("T1", "U_ANA") == {"step": "ask", "codes": ["DM1"]}
    assert conversations.set_live_prompt("T1", "U_ANA", "D1", "1.1", "DM1", []) is None
    replaced = conversations.set_live_prompt("T1", "U_ANA", "D1", "1.2", "DM2", [])
    assert replaced is not None and replaced.ts == "1.1"
    assert conversations.take_live_prompt("T1", "U_ANA", "D1", "1.1") is False
    assert conversations.take_live_prompt("T1", "U_ANA", "D1", "1.2") is True
    assert conversations.take_live_prompt("T1", "U_ANA", "D1", "1.2") is False


def test_contract_a_typed_answer_closes_the_open_prompt_that_asks_it(backend: tuple[StoreLike, Clock]) -> None:
    impl, _ = backend
    conversations: Conversations = impl
    assert conversations.close_answered_prompt("T1", "U_ANA", {"DM1"}) is False  # no prompt yet
    conversations.set_live_prompt("T1", "U_ANA", "D1", "1.1", "DM2", [{"type": "divider"}])
    assert conversations.close_answered_prompt("T1", "U_ANA", set()) is False
    assert conversations.close_answered_prompt("T1", "U_ANA", {"DM1", "OD1"}) is False  # asks another criterion
    assert conversations.close_answered_prompt("T1", "U_BEN", {"DM2"}) is False  # someone else's
    live = conversations.live_prompt("T1", "U_ANA")
    assert live is not None and live.taken == 0
    assert conversations.close_answered_prompt("T1", "U_ANA", {"DM1", "DM2"}) is True
    live = conversations.live_prompt("T1", "U_ANA")
    assert live is not None and live.taken == 2 and live.blocks == [{"type": "divider"}]  # answered by typing
    assert conversations.close_answered_prompt("T1", "U_ANA", {"DM2"}) is False  # closed already
    conversations.set_live_prompt("T1", "U_ANA", "D1", "1.2", "DM3", [])
    assert conversations.take_live_prompt("T1", "U_ANA", "D1", "1.2") is True  # a press took it
    assert conversations.close_answered_prompt("T1", "U_ANA", {"DM3"}) is False
    assert conversations.live_prompt("T1", "U_ANA").taken == 1  # type: ignore[union-attr]


def test_contract_outbox_queues_once_and_leases(backend: tuple[StoreLike, Clock]) -> None:
    impl, clock = backend
    outbox: OutboxQueue = impl
    item, created = outbox.enqueue("C", "hello", dedupe_key="k")
    assert created and outbox.enqueue("C", "other", dedupe_key="k") == (item, False)
    claimed = outbox.claim_next_in_order(lease=timedelta(seconds=30))
    assert claimed is not None and claimed.id == item.id and claimed.attempts == 1
    assert outbox.claim_due() == []
    clock.now += timedelta(seconds=31)
    assert [i.id for i in outbox.claim_due()] == [item.id]
    outbox.mark_sent(item.id)
    sent = outbox.outbox_item(item.id)
    assert sent is not None and sent.status == "sent"


def test_contract_reminders_and_nudges_are_recorded_once(backend: tuple[StoreLike, Clock]) -> None:
    impl, clock = backend
    city_id, _ = _city_with_assessment(impl)
    reminders: Reminders = impl
    assert reminders.record_reminder(city_id, 2027, 1, due_at=clock.now, sent_at=clock.now) is True
    assert reminders.record_reminder(city_id, 2027, 1, due_at=clock.now, sent_at=clock.now) is False
    assert reminders.record_nudge("n1", city_id, "U_ANA", "idle", clock.now) is True
    assert reminders.record_nudge("n1", city_id, "U_ANA", "idle", clock.now) is False
    assert reminders.last_nudge(city_id, "U_ANA", "idle") == clock.now
    assert reminders.reminder_every(city_id) is None
    reminders.set_reminder_every(city_id, 14, by="U_ANA")
    assert reminders.reminder_every(city_id) == 14


def test_contract_events_and_languages(backend: tuple[StoreLike, Clock]) -> None:
    impl, clock = backend
    events: Events = impl
    languages: Languages = impl
    assert events.mark_event_processed("Ev1") is True and events.mark_event_processed("Ev1") is False
    clock.now += timedelta(hours=2)
    assert events.forget_events_before(clock.now - timedelta(hours=1)) == 1
    languages.set_language("T1", "U_ANA", "es", chosen=True)
    languages.set_language("T1", "U_ANA", "en", chosen=False)  # a locale seen in Slack
    assert languages.language("T1", "U_ANA") == ("es", True)


def test_contract_invitations_once_per_city_and_cohort(backend: tuple[StoreLike, Clock]) -> None:
    impl, _ = backend
    city_id, assessment_id = _city_with_assessment(impl)
    impl.record_answer(assessment_id, "DM1", Outcome.IN_PROGRESS, by="U_ANA")
    invitations: Invitations = impl
    assert [(c.id, gaps) for c, gaps in invitations.cities_with_gap("wwc-2022", ["DM1"])] == [
        (city_id, {"DM1": Outcome.IN_PROGRESS})
    ]
    assert invitations.record_invitation("sprint", "2026-1", city_id, "DM1") is True
    assert invitations.record_invitation("sprint", "2026-1", city_id, "DM1") is False
    assert invitations.ask_to_join("sprint", "2026-1", city_id) is True
    assert invitations.invitation_counts("sprint", "2026-1") == (1, 1)
    invitations.opt_out_of_invitations("T1", "U_ANA")
    assert invitations.opted_out("T1", "U_ANA") is True
