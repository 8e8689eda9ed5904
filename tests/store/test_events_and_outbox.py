"""Slack event de-duplication and the announcement outbox."""

from __future__ import annotations

from datetime import timedelta

from bot.store import Store


def test_event_is_processed_only_the_first_time(store, clock):
    assert store.mark_event_processed("Ev1") is True
    assert store.mark_event_processed("Ev1") is False
    clock.advance(hours=2)
    assert store.forget_events_before(clock.now - timedelta(hours=1)) == 1
    assert store.mark_event_processed("Ev1") is True


def test_enqueue_is_idempotent_by_key(store):
    first, created = store.enqueue(
        "C_PEER", "Tempe reached Gold", dedupe_key="level:1:gold", blocks=[{"type": "divider"}]
    )
    again, created_again = store.enqueue("C_PEER", "other text", dedupe_key="level:1:gold")
    assert created and not created_again and again == first
    assert first.blocks == [{"type": "divider"}] and first.status == "pending"


def test_claim_due_respects_not_before_and_counts_attempts(store, clock):
    store.enqueue("C", "now", dedupe_key="a")
    store.enqueue("C", "later", dedupe_key="b", not_before=clock.now + timedelta(minutes=5))
    claimed = store.claim_due(lease=timedelta(hours=1))
    assert [i.text for i in claimed] == ["now"] and claimed[0].attempts == 1
    assert store.claim_due() == []  # leased
    clock.advance(minutes=5)
    assert [i.text for i in store.claim_due()] == ["later"]


def test_a_crashed_claim_comes_back_after_its_lease(store, clock):
    item, _ = store.enqueue("C", "hello", dedupe_key="a")
    store.claim_due(lease=timedelta(seconds=30))
    clock.advance(seconds=31)
    again = store.claim_due()
    assert [i.id for i in again] == [item.id] and again[0].attempts == 2


def test_sent_items_are_never_claimed_again(store, clock):
    item, _ = store.enqueue("C", "hello", dedupe_key="a")
    store.claim_due()
    store.mark_sent(item.id)
    store.reschedule(item.id, 1)  # a late retry decision must not resurrect it
    clock.advance(hours=1)
    assert store.claim_due() == []
    assert store.outbox_item(item.id).sent_at == clock.now - timedelta(hours=1)


def test_reschedule_waits_for_retry_after(store, clock):
    item, _ = store.enqueue("C", "hello", dedupe_key="a")
    store.claim_due()
    store.reschedule(item.id, timedelta(seconds=30), error="ratelimited")
    assert store.claim_due() == []
    clock.advance(seconds=30)
    [again] = store.claim_due()
    assert again.last_error == "ratelimited" and again.attempts == 2


def test_failed_items_stay_failed(store, clock):
    item, _ = store.enqueue("C", "hello", dedupe_key="a")
    store.claim_due()
    store.mark_failed(item.id, "channel_not_found")
    clock.advance(hours=1)
    assert store.claim_due() == [] and store.outbox_item(item.id).status == "failed"


def test_outbox_survives_reopening(db_path, clock):
    Store(db_path, clock=clock).enqueue("C", "hello", dedupe_key="a")
    assert [i.text for i in Store(db_path, clock=clock).claim_due()] == ["hello"]
