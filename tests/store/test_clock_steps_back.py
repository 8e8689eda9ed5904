"""A server clock that steps back never stamps a later change earlier in the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.store import Store
from wwc_rules import Outcome


def test_a_clock_that_steps_back_keeps_the_history_in_order(tmp_path):
    now = [datetime(2026, 5, 1, 12, tzinfo=UTC)]
    store = Store(tmp_path / "wwc.db", clock=lambda: now[0])
    city, _ = store.create_city("T1", "Tempe", "AZ", 185_000, lead="ana")
    a = store.start_assessment(city.id, "wwc-2022", 2026)
    store.record_answer(a.id, "DM1", Outcome.MET, by="ana")
    now[0] -= timedelta(hours=3)  # NTP correction
    store.record_answer(a.id, "DM1", Outcome.NOT_YET, by="ana")
    first, second = store.history(a.id, "DM1")
    assert second.changed_at >= first.changed_at
    store.close()
    again = Store(tmp_path / "wwc.db", clock=lambda: now[0])  # also after a restart
    again.record_answer(a.id, "DM1", Outcome.MET, by="ana")
    assert again.history(a.id, "DM1")[-1].changed_at >= second.changed_at
    again.close()
