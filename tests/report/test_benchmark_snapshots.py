"""Peer benchmarks come from monthly snapshots: the differencing attack of the safety issue (a lead runs the
report before and after one more city completes) reveals nothing about that city."""

from __future__ import annotations

from datetime import UTC, datetime

from report_helpers import CODES, KB, STANDARD, add_assessment, add_city, all_answered

from bot.report import build_city_report
from bot.store import Store
from wwc_rules import Outcome


class Clock:
    def __init__(self, when: datetime) -> None:
        self.now = when

    def __call__(self) -> datetime:
        return self.now


def _report(store, city, when):
    return build_city_report(store, STANDARD, KB, city.id, clock=lambda: when)


def test_one_more_city_completing_does_not_move_the_benchmarks(tmp_path):
    clock = Clock(datetime(2026, 3, 10, tzinfo=UTC))
    store = Store(tmp_path / "wwc.db", clock=clock)
    me = add_city(store, "Mine")
    add_assessment(store, me, all_answered(set(CODES[:20])))
    for i in range(5):  # five peers complete in March
        add_assessment(store, add_city(store, f"Peer{i}"), all_answered(set(CODES[: 10 + i])))
    before = _report(store, me, datetime(2026, 4, 15, tzinfo=UTC))
    assert before.peers.benchmark.available and before.peers.benchmark.peer_count == 5

    clock.now = datetime(2026, 4, 20, tzinfo=UTC)  # the attack: one more city completes, all Met
    add_assessment(store, add_city(store, "Target"), all_answered(set(CODES)))
    after = _report(store, me, datetime(2026, 4, 25, tzinfo=UTC))
    next_month = _report(store, me, datetime(2026, 5, 3, tzinfo=UTC))
    assert after.peers == before.peers and next_month.peers == before.peers  # nothing to difference

    clock.now = datetime(2026, 5, 10, tzinfo=UTC)  # four more cities: five changed since the snapshot
    for i in range(4):
        add_assessment(store, add_city(store, f"Late{i}"), all_answered(set(CODES[:5])))
    later = _report(store, me, datetime(2026, 6, 2, tzinfo=UTC))
    assert later.peers.benchmark.peer_count == 10  # the new snapshot holds the five new cities at once


def test_an_answer_changed_after_completion_waits_for_the_next_snapshot(tmp_path):
    clock = Clock(datetime(2026, 3, 10, tzinfo=UTC))
    store = Store(tmp_path / "wwc.db", clock=clock)
    me = add_city(store, "Mine")
    add_assessment(store, me, all_answered(set(CODES[:20])))
    peers = [add_city(store, f"Peer{i}") for i in range(5)]
    ids = [add_assessment(store, p, all_answered(set(CODES[:10]))) for p in peers]
    before = _report(store, me, datetime(2026, 4, 15, tzinfo=UTC))
    clock.now = datetime(2026, 4, 16, tzinfo=UTC)
    store.record_answer(ids[0], CODES[40], Outcome.MET, by="U_X")  # one peer changes one answer
    after = _report(store, me, datetime(2026, 4, 20, tzinfo=UTC))
    assert after.peers == before.peers


def test_no_snapshot_yet_shows_no_peer_figures(tmp_path):
    clock = Clock(datetime(2026, 4, 10, tzinfo=UTC))
    store = Store(tmp_path / "wwc.db", clock=clock)
    me = add_city(store, "Mine")
    add_assessment(store, me, all_answered(set(CODES[:20])))
    for i in range(6):
        add_assessment(store, add_city(store, f"Peer{i}"), all_answered(set(CODES[:10])))
    report = _report(store, me, datetime(2026, 4, 20, tzinfo=UTC))
    assert not report.peers.benchmark.available and "monthly snapshots" in report.peers.benchmark.note
