"""The database cannot be written (disk full, read-only, locked): the person is told, nothing is acknowledged as
done, the error is logged and ``/healthz`` fails until writes work again.

Faults are injected into the store's own SQLite connections: ``readonly`` is SQLite's real refusal
(``PRAGMA query_only``: "attempt to write a readonly database", raised by ``BEGIN IMMEDIATE``); ``full``
fails the ``COMMIT`` after the writes ran ("database or disk is full"), so the rollback is exercised too;
``locked`` fails ``BEGIN`` ("database is locked").
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable, Iterator

import pytest
from harness import ADMIN, Harness, assert_valid_slack_payloads

from bot.slack import evidence, ids, serve
from testkit.slack_sim import find_button
from testkit.stub_api import StubSlackAPI

SAVE_FAILED = "couldn't save that"


class Fault:
    mode: str | None = None
    on_commit: Callable[[], object] | None = None  # ("slow") run just before each COMMIT


class FaultyConnection(sqlite3.Connection):
    def execute(self, sql: str, *args):  # type: ignore[override]
        head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        super().execute(f"PRAGMA query_only = {'ON' if Fault.mode == 'readonly' else 'OFF'}")
        if Fault.mode == "locked" and head == "BEGIN":
            raise sqlite3.OperationalError("database is locked")
        if Fault.mode == "full" and head == "COMMIT":
            raise sqlite3.OperationalError("database or disk is full")
        if Fault.mode == "slow" and head == "COMMIT" and Fault.on_commit is not None:
            Fault.on_commit()
        return super().execute(sql, *args)


@pytest.fixture
def faulty(api: StubSlackAPI, tmp_path, monkeypatch) -> Iterator[Harness]:
    """A harness whose store's connections fail writes while ``Fault.mode`` is set."""
    path = str(tmp_path / "wwc.db")
    real = sqlite3.connect

    def connect(database, *args, **kwargs):
        if str(database) == path:
            kwargs["factory"] = FaultyConnection
        return real(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    Fault.mode, Fault.on_commit = None, None
    h = Harness(api, tmp_path)
    try:
        yield h
    finally:
        Fault.mode, Fault.on_commit = None, None
        h.outbox.stop()
    assert_valid_slack_payloads(api)


def health(h: Harness) -> tuple[int, dict]:
    seen: dict = {}
    env = {"REQUEST_METHOD": "GET", "PATH_INFO": serve.HEALTH_PATH, "QUERY_STRING": "", "SERVER_NAME": "x",
           "SERVER_PORT": "1", "wsgi.url_scheme": "http", "wsgi.input": None}
    body = b"".join(serve.wsgi_app(h.app)(env, lambda status, headers: seen.setdefault("status", status)))
    return int(seen["status"].split()[0]), json.loads(body)


def outcome(h: Harness, code: str) -> str | None:
    assessment = h.store.current_assessment(h.store.city_of("T111", "U1").id)
    answer = h.store.answer(assessment.id, code)
    return answer.outcome.value if answer and answer.outcome else None


@pytest.mark.parametrize("mode", ["full", "readonly", "locked"])
def test_a_typed_answer_is_not_acknowledged_as_done_and_the_person_is_told(faulty: Harness, mode: str,
                                                                           caplog) -> None:
    h = faulty
    h.onboard("U1")
    assert health(h)[0] == 200
    Fault.mode = mode
    posts = len(h.dms("U1"))
    reply = h.slack.dm("U1", "yes, we adopted it in 2021")
    h.api.wait_until(lambda: len(h.dms("U1")) > posts, what="the failure reply")
    [told] = h.dms("U1")[posts:]
    assert SAVE_FAILED in told.body["text"] and "nothing was recorded" in told.body["text"]
    assert reply.status == 200  # handled: the person knows; Slack's retries would only repeat the refusal
    assert any(r.levelno >= logging.ERROR and "nothing was recorded" in r.getMessage() for r in caplog.records)
    status, body = health(h)
    assert status == 503 and body["ok"] is False
    Fault.mode = None
    assert outcome(h, "DM1") is None
    assert health(h)[0] == 200
    h.say("U1", "yes, we adopted it in 2021")
    assert outcome(h, "DM1") == "met"


def test_a_typed_answers_replies_wait_for_its_commit(faulty: Harness) -> None:
    """The replies are handed to the reply pool inside the transaction (to be rendered while it commits): none
    reaches Slack before the COMMIT has returned, however long it takes."""
    h = faulty
    h.onboard("U1")
    posts, seen = len(h.dms("U1")), []

    def slow_commit() -> None:
        time.sleep(0.3)  # the reply thread has rendered the replies by now, and waits
        seen.append(len(h.dms("U1")))

    Fault.mode, Fault.on_commit = "slow", slow_commit
    replies = h.say("U1", "yes, we adopted it in 2021")
    Fault.mode = None
    assert seen and seen[0] == posts  # nothing was posted while the answer's COMMIT had not returned
    assert outcome(h, "DM1") == "met" and replies and SAVE_FAILED not in replies[0].body["text"]


def test_a_typed_answer_whose_commit_fails_sends_none_of_its_prepared_replies(faulty: Harness) -> None:
    h = faulty
    h.onboard("U1")
    posts = len(h.dms("U1"))
    Fault.mode = "full"  # the COMMIT fails after the engine ran (its replies were handed over already)
    assert h.slack.dm("U1", "yes, we adopted it in 2021").status == 200
    h.api.wait_until(lambda: len(h.dms("U1")) > posts, what="the failure reply")
    h.settle()
    Fault.mode = None
    [told] = h.dms("U1")[posts:]  # only the failure: not the "Recorded" and next question prepared before it
    assert SAVE_FAILED in told.body["text"]
    assert not h.api.of("chat.update")  # and the question on screen kept its buttons
    assert outcome(h, "DM1") is None


def test_replies_prepared_during_a_commit_need_handle_to_own_that_commit(harness: Harness) -> None:
    from bot.engine import Actor, UserInput
    from bot.slack.app import wiring

    service = wiring(harness.app).service  # type: ignore[union-attr]
    sent: list[object] = []
    with harness.store.transaction(), pytest.raises(RuntimeError, match="own its transaction"):
        service.handle(Actor(workspace="T111", user="U1"), UserInput(text="hello"), reply=sent.append)
    harness.settle()
    assert sent == [] and harness.store.load_state("T111", "U1") is None


@pytest.mark.parametrize("mode", ["full", "readonly"])
def test_a_button_press_is_not_recorded_and_the_question_stays(faulty: Harness, mode: str) -> None:
    h = faulty
    post = h.onboard("U1")
    Fault.mode = mode
    button = find_button(post.blocks(), "answer:DM1:met")
    reply = h.slack.click("U1", button, channel="D1", message_ts=post.response["ts"], message_blocks=post.blocks())
    assert reply.status == 200
    [told] = h.api.wait_for("respond")
    assert SAVE_FAILED in told.body["text"] and told.body.get("replace_original") in (False, "false", None)
    assert not h.api.of("chat.update")
    assert health(h)[0] == 503
    Fault.mode = None
    assert outcome(h, "DM1") is None
    h.press("U1", post, "answer:DM1:met", expect="chat.update")  # the same button works once storage is back
    assert outcome(h, "DM1") == "met"


@pytest.mark.parametrize("mode", ["full", "readonly", "locked"])
def test_assign_and_announce_say_they_were_not_saved(faulty: Harness, mode: str) -> None:
    h = faulty
    h.onboard("U1")
    Fault.mode = mode
    assigned = h.slack.command("assign <@U2|ben> OD", user="U1")
    announced = h.slack.command("announce The Open Data Sprint opens on 3 March", user=ADMIN)
    for reply in (assigned, announced):
        assert reply.status == 200 and SAVE_FAILED in reply.json()["text"], reply
    Fault.mode = None
    assessment = h.store.current_assessment(h.store.city_of("T111", "U1").id)
    assert h.store.assignments(assessment.id) == []
    assert h.store.claim_due() == []
    assert not h.dms("U2")  # the colleague was not told of an assignment that does not exist
    assert not [c for c in h.api.of("respond") if "Open Data" in c.body.get("text", "")]


def test_evidence_keeps_the_modal_open_with_the_reason(faulty: Harness) -> None:
    h = faulty
    h.onboard("U1")
    Fault.mode = "full"
    values = {ids.EVIDENCE_URL_BLOCK: {ids.EVIDENCE_URL_ACTION: {"type": "url_text_input",
                                                                 "value": "https://tempe.gov/strategy.pdf"}}}
    reply = h.slack.submit("U1", evidence.modal("DM1", "Data strategy"), values)
    body = reply.json()
    assert reply.status == 200 and body["response_action"] == "errors"
    assert SAVE_FAILED in json.dumps(body["errors"])
    Fault.mode = None
    assessment = h.store.current_assessment(h.store.city_of("T111", "U1").id)
    assert h.store.evidence(assessment.id, "DM1") == []


def test_healthz_fails_while_the_database_cannot_be_written(faulty: Harness) -> None:
    assert health(faulty)[0] == 200
    for mode in ("readonly", "full", "locked"):
        Fault.mode = mode
        status, body = health(faulty)
        assert status == 503 and "database" in body["error"], (mode, body)
        Fault.mode = None
        assert health(faulty) == (200, {"ok": True})


def test_the_fault_injection_is_real(faulty: Harness) -> None:
    """The injected connection fails the store's own writes with SQLite's errors (a check of the test itself)."""
    Fault.mode = "readonly"
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        faulty.store.mark_event_processed("Ev1")
    Fault.mode = "full"
    with pytest.raises(sqlite3.OperationalError, match="full"):
        faulty.store.mark_event_processed("Ev2")
    Fault.mode = None
    assert faulty.store.mark_event_processed("Ev2")  # rolled back: never recorded

