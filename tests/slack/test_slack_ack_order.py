"""Slack's acknowledgement comes after the commit of what it acknowledges, on every surface.

A stand-in for a kill right after the ack: the moment Bolt's ``ack()`` is called, the database is read on a
fresh connection (so only committed rows are seen). Whatever that snapshot lacks would be lost if the process
died then, although Slack (and the person) had been told it was done. Before this, ``/wwc assign`` and
``/wwc announce`` were acknowledged first and saved later: a kill right after the 200 lost them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator

import pytest
from harness import ADMIN, Harness
from slack_bolt import App
from slack_bolt.context.ack.ack import Ack

from bot.slack import evidence, ids
from testkit.slack_sim import find_button

Probe = Callable[[sqlite3.Connection], object]


class AckProbe:
    """Records, at each ``ack()``, what ``probe`` reads from the committed database."""

    def __init__(self, harness: Harness) -> None:
        self.path = harness.settings.db_path
        self.probe: Probe | None = None
        self.seen: list[object] = []

    def snapshot(self) -> None:
        if self.probe is None:
            return
        db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            self.seen.append(self.probe(db))
        finally:
            db.close()

    def first(self, probe: Probe, act: Callable[[], object]) -> object:
        """Run ``act`` and return what ``probe`` saw at its first ack (or response)."""
        self.probe, self.seen = probe, []
        act()
        self.probe = None
        assert self.seen, "no ack() was called and no response given"
        return self.seen[0]


@pytest.fixture
def acks(harness: Harness, monkeypatch) -> Iterator[AckProbe]:
    """Snapshots at each ``ack()`` and, for a request answered without one (an event ``RecordFirst`` answers
    itself), when Bolt hands its response to the HTTP server."""
    probe = AckProbe(harness)
    real, dispatch = Ack.__call__, App.dispatch

    def probing(self, *args, **kwargs):
        probe.snapshot()
        return real(self, *args, **kwargs)

    def answering(self, req):
        response = dispatch(self, req)
        probe.snapshot()
        return response

    monkeypatch.setattr(Ack, "__call__", probing)
    monkeypatch.setattr(App, "dispatch", answering)
    yield probe


def rows(sql: str) -> Probe:
    return lambda db: db.execute(sql).fetchall()


def test_assign_is_committed_before_its_ack(harness: Harness, acks: AckProbe) -> None:
    harness.onboard("U1")
    seen = acks.first(rows("SELECT area, user FROM assignments"),
                      lambda: harness.slack.command("assign <@U2|ben> OD", user="U1"))
    assert seen == [("OD", "U2")]


def test_announce_is_queued_before_its_ack(harness: Harness, acks: AckProbe) -> None:
    seen = acks.first(rows("SELECT channel, text FROM outbox"),
                      lambda: harness.slack.command("announce The Open Data Sprint opens on 3 March", user=ADMIN))
    assert len(seen) == 1 and "Open Data Sprint" in seen[0][1]  # type: ignore[index]


def test_start_and_next_save_the_conversation_before_their_ack(harness: Harness, acks: AckProbe) -> None:
    state = rows("SELECT state FROM conversations WHERE user = 'U5'")
    assert acks.first(state, lambda: harness.slack.command("start", user="U5", channel="CTEAM"))
    harness.onboard("U1")
    before = harness.store.load_state("T111", "U1")
    seen = acks.first(rows("SELECT state FROM conversations WHERE user = 'U1'"),
                      lambda: harness.slack.command("next OD", user="U1", channel="D1"))
    assert seen and '"OD' in seen[0][0] and harness.store.load_state("T111", "U1") != before  # type: ignore[index]


def test_answers_by_button_and_by_typing_are_committed_before_their_ack(harness: Harness, acks: AckProbe) -> None:
    post = harness.onboard("U1")
    answers = rows("SELECT criterion, outcome FROM answers ORDER BY criterion")
    button = find_button(post.blocks(), "answer:DM1:met")
    seen = acks.first(answers, lambda: harness.slack.click("U1", button, channel="D1", message_ts=post.response["ts"],
                                                           message_blocks=post.blocks()))
    assert seen == [("DM1", "met")]
    seen = acks.first(answers, lambda: harness.slack.dm("U1", "not yet"))
    assert seen == [("DM1", "met"), ("DM2", "not_yet")]


def test_evidence_is_committed_before_the_modal_closes(harness: Harness, acks: AckProbe) -> None:
    harness.onboard("U1")
    values = {ids.EVIDENCE_URL_BLOCK: {ids.EVIDENCE_URL_ACTION: {"type": "url_text_input",
                                                                 "value": "https://tempe.gov/strategy.pdf"}}}
    seen = acks.first(rows("SELECT criterion FROM evidence"),
                      lambda: harness.slack.submit("U1", evidence.modal("DM1", "Data strategy"), values))
    assert seen == [("DM1",)]


def test_the_leads_consent_is_queued_before_its_ack(harness: Harness, acks: AckProbe) -> None:
    harness.onboard("U1", "Tempe, AZ")
    for _ in range(22):  # 22 of 43 is Silver (DM1, LC1 and PA1, the core standards, among them)
        harness.say("U1", "met")
    for _ in range(21):
        harness.say("U1", "not yet")
    harness.say("U1", "broadband")  # the outcome requirement shown: Silver meets every published requirement
    harness.api.wait_until(lambda: _queued_consent(harness), timeout=8, what="the consent prompt")
    city = harness.store.city_of("T111", "U1")
    assessment = harness.store.current_assessment(city.id)
    button = {"action_id": ids.CONSENT_ACTION, "value": f"{city.id}:{assessment.year}:Silver", "block_id": "c1"}
    seen = acks.first(rows("SELECT dedupe_key FROM outbox WHERE dedupe_key LIKE 'level:%'"),
                      lambda: harness.slack.click("U1", button, channel="D1", message_ts="1700000000.000100"))
    assert len(seen) == 1, seen  # type: ignore[arg-type]


def _queued(harness: Harness) -> list[str]:
    db = sqlite3.connect(harness.settings.db_path)
    try:
        return [k for (k,) in db.execute("SELECT dedupe_key FROM outbox")]
    finally:
        db.close()


def _queued_consent(harness: Harness) -> bool:
    return any(k.startswith("consent:") for k in _queued(harness))
