"""``wwc-bot serve --http`` as a real process: a whole assessment driven only by signed Slack payloads over HTTP;
and ``wwc-bot serve`` without a setting it needs (one case as a process, each case through ``main``)."""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import SECRET, TOKEN, assert_valid_slack_payloads

from bot import cli
from bot.slack import serve
from bot.store import Store
from testkit.slack_sim import SlackSim, buttons, find_button, http_to
from testkit.stub_api import StubSlackAPI

ROOT = Path(__file__).resolve().parents[2]


def env(api: StubSlackAPI, tmp_path: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "WWC_"))}
    return {**base, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api.url,
            "WWC_DB_PATH": str(tmp_path / "wwc.db"), "WWC_LOG_LEVEL": "DEBUG", "PYTHONPATH": str(ROOT), **extra}


def wwc_bot(*args: str, log: Path, **kw) -> subprocess.Popen:
    """Start ``wwc-bot`` with its output in ``log`` (a file: a pipe nobody reads would block the server)."""
    with log.open("w") as out:
        return subprocess.Popen([sys.executable, "-m", "bot", *args], stdout=out, stderr=subprocess.STDOUT, text=True,
                                **kw)


class Server:
    def __init__(self, proc: subprocess.Popen, log: Path) -> None:
        self.proc, self.log = proc, log
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if m := re.search(r"serving Slack events at (http://\S+)/slack/events", log.read_text()):
                self.base = m.group(1)
                return
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError("wwc-bot did not start:\n" + log.read_text())

    def stop(self) -> str:
        self.proc.terminate()
        self.proc.wait(timeout=15)
        return self.log.read_text()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[StubSlackAPI, Server]]:
    with StubSlackAPI() as api:
        started = time.monotonic()
        log = tmp_path / "wwc-bot.log"
        server = Server(wwc_bot("serve", "--http", "--host", "127.0.0.1", "--port", "0", log=log, cwd=tmp_path,
                                env=env(api, tmp_path)), log)
        server.ready_after = time.monotonic() - started
        try:
            yield api, server
        finally:
            output = server.stop()
            assert TOKEN not in output and SECRET not in output, "a secret reached the log"
            assert server.proc.returncode == 0, output[-2000:]


def test_whole_assessment_over_http(served: tuple[StubSlackAPI, Server], tmp_path: Path) -> None:
    api, server = served
    with urllib.request.urlopen(server.base + "/healthz", timeout=5) as health:
        assert json.load(health) == {"ok": True}
    slack = SlackSim(SECRET, http_to(server.base + "/slack/events"), response_url=api.response_url())

    def dms() -> list:
        return [c for c in api.of("chat.postMessage") if c.body.get("channel") == "D1"]

    def say(text: str) -> None:
        before = len(dms())
        assert slack.dm("U1", text).status == 200
        api.wait_until(lambda: len(dms()) > before, timeout=10)

    for text in ("hello", "Tempe, AZ", "185,000"):
        say(text)
    answered = 0
    while True:
        post = dms()[-1]
        values = [b["value"] for b in buttons(post.blocks()) if b["value"].startswith(("answer:", "gate:"))]
        if not values:
            break
        value = next((v for v in values if v.endswith(":met")), values[0])
        before = len(dms())
        reply = slack.click("U1", find_button(post.blocks(), value), channel="D1", message_ts=post.response["ts"],
                            message_blocks=post.blocks())
        assert reply.status == 200
        api.wait_until(lambda: len(dms()) > before, timeout=10)
        answered += 1
    assert answered == 44  # 43 criteria and the outcome gate
    assert "Platinum" in dms()[-1].body["text"] or "Platinum" in dms()[-2].body["text"]
    assert len(api.of("chat.update")) == 44
    assert_valid_slack_payloads(api)

    forged = SlackSim("wrong-secret", http_to(server.base + "/slack/events")).dm("U1", "not yet")
    assert forged.status == 401
    store = Store(tmp_path / "wwc.db")
    assessment = store.current_assessment(store.city_of("T111", "U1").id)
    assert len(store.answers(assessment.id)) == 43 and assessment.status == "complete"
    assert server.ready_after < 10


MISSING = [
    (("serve", "--http", "--port", "0"), {"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET"),
    (("serve",), {}, "SLACK_APP_TOKEN"),
    (("serve", "--http", "--port", "0"), {"SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN"),
]


def assert_one_line_naming(out: str, name: str) -> None:
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1 and name in lines[0], out


def test_a_missing_setting_fails_at_start_with_one_line_from_the_process(tmp_path: Path) -> None:
    args, missing, name = MISSING[0]
    with StubSlackAPI() as api:
        log = tmp_path / "wwc-bot.log"
        proc = wwc_bot(*args, log=log, cwd=tmp_path, env={**env(api, tmp_path), **missing})
        proc.wait(timeout=20)
        out = log.read_text()
    assert proc.returncode == 2
    assert_one_line_naming(out, name)


@pytest.mark.parametrize(("args", "missing", "name"), MISSING)
def test_a_missing_setting_fails_at_start_with_one_line(tmp_path: Path, monkeypatch, capsys, caplog, args, missing,
                                                         name) -> None:
    """``main`` as the process runs it (its environment and folder, a fresh context); at WWC_LOG_LEVEL=DEBUG any
    log record would be a line more in the process's output."""
    with StubSlackAPI() as api:
        for variable in list(os.environ):
            if variable.startswith(("SLACK_", "WWC_")):
                monkeypatch.delenv(variable)
        for variable, value in {**env(api, tmp_path), **missing}.items():
            monkeypatch.setenv(variable, value)
        monkeypatch.chdir(tmp_path)
        caplog.set_level(logging.DEBUG)

        def past_the_check(*_secrets: str) -> None:  # a failure here, not a server that never returns
            raise AssertionError("serve went on past its settings check")

        monkeypatch.setattr(serve, "redact_tokens", past_the_check)
        hangup = signal.getsignal(signal.SIGHUP)  # serve sets its reload handler before it reads the tokens
        try:
            code = contextvars.Context().run(cli.main, list(args))
        finally:
            signal.signal(signal.SIGHUP, hangup)
    out = capsys.readouterr()
    assert code == 2
    assert_one_line_naming(out.out + out.err, name)
    assert [r.getMessage() for r in caplog.records] == []
