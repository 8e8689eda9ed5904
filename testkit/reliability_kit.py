"""Shared by the reliability scripts (``bench/*_test.py``) and ``tests/reliability``.

- ``StandIn``: the Web API stand-in of ``testkit/stub_api.py`` that also
  keeps posts per channel, so a client can wait for "the reply in U1's DM"
  without scanning every call.
- ``BotProcess``: ``wwc-bot serve --http`` as a child process on a free
  loopback port, restartable on the same database, killable with SIGKILL.
- ``InProcessApp``: the same app in this process (a shorter Web API timeout
  possible), for tests that need many requests or fast faults; ``quiet()``
  waits until it has sent all it will send, and closing it never waits out a
  fault: its client's retries pause on an event that ``close()`` sets.
- ``AppRun``: a stand-in, an ``InProcessApp`` on it and a ``Sender`` to it.
- ``Sender``: signed Slack requests (``testkit/slack_sim.py``) whose
  transport reports "no answer" (status 0) instead of raising when the app
  is down, for any workspace (``team``).

Every request goes to 127.0.0.1 only.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

from bot.engine import Engine  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.slack.app import build_app, web_client, wiring  # noqa: E402
from bot.slack.outbox import Outbox  # noqa: E402
from bot.slack.retries import listener_retries  # noqa: E402
from bot.slack.serve import http_server  # noqa: E402
from bot.store import Store  # noqa: E402
from knowledge import load_knowledge  # noqa: E402
from testkit.slack_sim import Reply, SlackSim, buttons  # noqa: E402
from testkit.stub_api import Call, Fault, StubSlackAPI  # noqa: E402
from wwc_rules import load_standard  # noqa: E402

SECRET = "reliability-signing-secret"
TOKEN = "xoxb-reliability-token"
PEER = "CPEER"
ADMIN = "UADMIN"
NO_ANSWER = 0  # Reply.status when the app did not answer (down, killed mid-request, timed out)
API_TIMEOUT = 10.0  # the app's own Web API timeout (bot.slack.app.API_TIMEOUT)


class StandIn(StubSlackAPI):
    """The Web API stand-in, with accepted ``chat.postMessage`` calls kept per channel.

    ``keep_calls=False`` keeps no call, only how many posts each channel got (``posts_to`` then holds None
    for each), so long load runs stay small.
    """

    def __init__(self, users: dict[str, dict] | None = None, *, keep_calls: bool = True) -> None:
        super().__init__(users={ADMIN: {"is_admin": True}, **(users or {})})
        self.keep_calls = keep_calls
        self.posts: dict[str, list[Call | None]] = {}
        self._outage: tuple[float, Fault] | None = None
        self.faulted = 0  # calls answered by an outage (an error status, or late)

    def outage(self, seconds: float, *, status: int = 200, retry_after: int | None = None, delay: float = 0.0) -> None:
        """For the next ``seconds`` every call (but ``auth.test``) fails this way: a 5xx, a 429 with
        ``Retry-After``, or an answer after ``delay`` seconds (a client with a shorter timeout gives up)."""
        with self._lock:
            self._outage = (time.monotonic() + seconds, Fault(status, retry_after, delay))

    def release(self) -> None:
        """The outage is over, and every slow answer goes out now (a teardown waits for no fault)."""
        with self._lock:
            self._outage = None
        super().release()

    def _next_fault(self, method: str) -> Fault | None:
        with self._lock:
            if self._outage and method != "auth.test" and time.monotonic() < self._outage[0]:
                self.faulted += 1
                return self._outage[1]
        return super()._next_fault(method)

    def _record(self, call: Call) -> None:
        with self._lock:
            self.answered += 1
            if call.method == "chat.postMessage" and call.status == 200 and call.response.get("ok"):
                self.posts.setdefault(str(call.body.get("channel", "")), []).append(call if self.keep_calls else None)
            if self.keep_calls:
                self.calls.append(call)
            self._lock.notify_all()

    def posts_to(self, channel: str) -> list[Call]:  # type: ignore[return]  (None entries without keep_calls)
        with self._lock:
            return list(self.posts.get(channel, ()))

    def wait_posts(self, channel: str, count: int, timeout: float = 5.0,
                   give_up: Callable[[], bool] = lambda: False) -> list[Call]:
        """Posts to ``channel`` once there are at least ``count`` (fewer after ``timeout`` or ``give_up()``)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.posts.get(channel, ())) < count and time.monotonic() < deadline and not give_up():
                self._lock.wait(0.05)
            return list(self.posts.get(channel, ()))


def dm_channel(user: str) -> str:
    """The DM channel id the stand-in gives ``user`` (``conversations.open``)."""
    return "D" + user.lstrip("U")


def question_code(call: Call) -> str | None:
    """The criterion a posted question asks (from its ``answer:CODE:...`` buttons), or None."""
    for button in buttons(call.blocks()):
        value = str(button.get("value", ""))
        if value.startswith("answer:"):
            return value.split(":")[1]
    return None


# Compiled modules: in the cache the tests run with (scripts/test sets one), else where scripts/test puts it.
PYCACHE = os.environ.get("PYTHONPYCACHEPREFIX") or str(Path(tempfile.gettempdir()) / "wwc-pycache")


def bot_env(api: StubSlackAPI, db: Path, **extra: str) -> dict[str, str]:
    """The app's environment: the stand-in as Web API, a signing secret, ``db`` as database; nothing inherited
    from ``SLACK_*``/``WWC_*`` of this shell. Its compiled modules are kept in ``PYCACHE`` (outside the work
    tree, even where ``PYTHONDONTWRITEBYTECODE`` is set; the tests' own cache if they have one), so a restart
    does not compile them again."""
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("SLACK_", "WWC_")) and k != "PYTHONDONTWRITEBYTECODE"}
    return {**base, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api.url,
            "WWC_DB_PATH": str(db), "WWC_PEER_CHANNEL": PEER, "PYTHONPATH": str(ROOT),
            "PYTHONPYCACHEPREFIX": PYCACHE, **extra}


class BotProcess:
    """``wwc-bot serve --http`` (or another ``argv``) as a child process that prints its events URL when ready."""

    READY = re.compile(r"serving Slack events at (http://\S+/slack/events)")

    def __init__(self, env: dict[str, str], folder: Path, argv: list[str] | None = None) -> None:
        self.env, self.folder = env, folder
        self.argv = argv or [sys.executable, "-m", "bot", "serve", "--http", "--host", "127.0.0.1", "--port", "0"]
        self.proc: subprocess.Popen | None = None
        self.url = ""
        self.starts = 0
        self.ready = threading.Event()

    @property
    def log(self) -> Path:
        return self.folder / f"app-{self.starts}.log"

    def start(self, timeout: float = 30.0) -> float:
        """Start and wait until it serves; returns the seconds that took."""
        self.starts += 1
        began = time.monotonic()
        with self.log.open("w") as out:
            self.proc = subprocess.Popen(self.argv, stdout=out, stderr=subprocess.STDOUT, env=self.env,
                                         cwd=self.folder)
        while time.monotonic() - began < timeout:
            if m := self.READY.search(self.log.read_text(errors="replace")):
                self.url = m.group(1)
                self.ready.set()
                return time.monotonic() - began
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        self.proc.kill()  # never leave a process behind that did not come up
        self.proc.wait(timeout=10)
        raise RuntimeError(f"the app did not start:\n{self.log.read_text(errors='replace')[-3000:]}")

    def __enter__(self) -> BotProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        """Never leave the process behind (a test that failed midway, or one that stopped it already)."""
        if self.proc is not None and self.proc.poll() is None:
            self.kill()

    def kill(self) -> None:
        """SIGKILL: no handler runs, no transaction finishes."""
        assert self.proc is not None
        self.ready.clear()
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def freeze(self) -> None:
        """SIGSTOP: the process does nothing more until ``thaw()`` (or ``kill()``); what it has committed by now
        is what another connection reads, and all that a SIGKILL at this moment would leave."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGCONT)

    def stop(self) -> int:
        """SIGTERM, as a supervisor would; returns the exit code."""
        assert self.proc is not None
        self.ready.clear()
        self.proc.terminate()
        return self.proc.wait(timeout=20)

    def rss_kb(self) -> int:
        """Resident memory of the process (``VmRSS``), in kB."""
        return self._status("VmRSS")

    def threads(self) -> int:
        return self._status("Threads")

    def _status(self, field: str) -> int:
        assert self.proc is not None
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(re.search(rf"{field}:\s+(\d+)", status).group(1))  # type: ignore[union-attr]

    def logs(self) -> str:
        return "".join(p.read_text(errors="replace") for p in sorted(self.folder.glob("app-*.log")))


def post(url: str, body: str | bytes, headers: dict[str, str], timeout: float = 10.0) -> Reply:
    """POST to the app; ``Reply(NO_ANSWER, "")`` when it is down, dies mid-request or times out."""
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return Reply(resp.status, resp.read().decode())
    except urllib.error.HTTPError as err:
        return Reply(err.code, err.read().decode(errors="replace"))
    except (OSError, http.client.HTTPException):
        return Reply(NO_ANSWER, "")


class Sender(SlackSim):
    """``SlackSim`` for workspace ``team``, posting to whatever ``url()`` returns at send time."""

    def __init__(self, url: Callable[[], str], *, team: str = "T111", secret: str = SECRET,
                 response_url: str = "https://hooks.slack.com/commands/T111/1/x", timeout: float = 10.0) -> None:
        super().__init__(secret, lambda body, headers: post(url(), body, headers, timeout), response_url=response_url)
        self.team = team

    def envelope(self, event: dict, event_id: str | None = None) -> dict:
        """Slack's envelope; event ids unique across senders (Slack's are global)."""
        return super().envelope(event, event_id or f"Ev{uuid.uuid4().hex[:20].upper()}")

    def send_json(self, payload: dict, **kw: Any) -> Reply:
        if payload.get("type") == "event_callback":
            payload = {**payload, "team_id": self.team, "event": _with_team(payload.get("event") or {}, self.team)}
        return super().send_json(payload, **kw)

    def send_form(self, fields: dict[str, str], **kw: Any) -> Reply:
        if "payload" in fields:
            payload = json.loads(fields["payload"])
            payload["team"] = {**(payload.get("team") or {}), "id": self.team}
            payload["user"] = {**(payload.get("user") or {}), "team_id": self.team}
            if isinstance(payload.get("view"), dict):
                payload["view"]["team_id"] = self.team
            fields = {**fields, "payload": json.dumps(payload)}
        elif "team_id" in fields:
            fields = {**fields, "team_id": self.team}
        return super().send_form(fields, **kw)


def onboard(api: StandIn, bot: BotProcess, user: str = "U1", city: str = "Tempe, AZ") -> Sender:
    """A ``Sender`` to ``bot`` (wherever it serves after a restart); ``user`` registers ``city`` and its
    population, and gets the first replies."""
    slack = Sender(lambda: bot.url, response_url=api.response_url())
    for text in ("hello", city, "185,000"):
        assert slack.dm(user, text).status == 200
    api.wait_posts(dm_channel(user), 3, timeout=10)
    return slack


def _with_team(event: dict, team: str) -> dict:
    return {**event, "team": team} if "team" in event else event


class InProcessApp:
    """The app wired as ``run_serve`` wires it (the store, the engine, the outbox worker, Bolt behind waitress
    at ``/slack/events``), in this process on a loopback port; ``api_timeout`` replaces the Web API timeout.

    Test-sized time, where a test wants it: ``retry_pace`` scales the waits of the listeners' client between
    tries (backoff and ``Retry-After``; 1 is Slack's own), ``level_check_delay`` replaces the 2 s after an
    answer before its level is checked; ``outbox_backoff``, ``outbox_poll`` and ``channel_gap`` are the
    outbox's first backoff, how often it looks for a post come due, and its gap between two posts to one
    channel (1 s each).
    """

    def __init__(self, api: StandIn, folder: Path, api_timeout: float = API_TIMEOUT, *,
                 outbox_backoff: float = 1.0, outbox_poll: float = 1.0, channel_gap: float = 1.0,
                 retry_pace: float = 1.0, level_check_delay: float | None = None) -> None:
        settings = Settings(_env_file=None, SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=api.url,
                            WWC_DB_PATH=str(folder / "wwc.db"), WWC_PEER_CHANNEL=PEER)
        self.api = api
        self.store = Store(settings.db_path)
        standard = load_standard()
        engine = Engine(self.store, standard, knowledge=load_knowledge(standard))
        client, outbox_client = web_client(settings, TOKEN), web_client(settings, TOKEN, retries=False)
        client.timeout = outbox_client.timeout = api_timeout  # type: ignore[assignment]
        self._closed = closed = threading.Event()

        def pause(seconds: float) -> None:  # (a function: Bolt deep-copies the client for lazy listeners)
            closed.wait(seconds * retry_pace)

        client.retry_handlers = listener_retries(pause=pause)  # the same policy; its waits end at close()
        self.outbox = Outbox(self.store, outbox_client, backoff=outbox_backoff, poll=outbox_poll,
                             channel_gap=channel_gap)
        app = build_app(settings, engine, self.store, client=client, outbox=self.outbox)
        self.service = wiring(app).service  # type: ignore[union-attr]
        if level_check_delay is not None:
            self.service.level_check_delay = level_check_delay
        self.replies = self.service.replies
        self.outbox.start()
        self.server = http_server(app, "127.0.0.1", 0)  # as ``wwc-bot serve --http`` serves it
        self.url = f"http://127.0.0.1:{self.server.effective_port}/slack/events"
        self.closing = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        try:
            self.server.run()
        except OSError:  # its sockets closed under it by close()
            if not self.closing:
                raise

    def settled(self, timeout: float = 30.0) -> bool:
        """Wait until the app has no reply left to post (listeners hand their posting to ``Replies``)."""
        return self.replies.idle(timeout)

    def quiet(self, timeout: float = 30.0, settle: float = 0.05) -> bool:
        """Wait until the app has sent all it is going to: no reply left to post, no level check pending, no
        post pending or in flight in the outbox, no call unanswered at the stand-in, and the same number of
        calls answered ``settle`` seconds apart, twice; False if ``timeout`` ran out first."""
        deadline = time.monotonic() + timeout
        seen, calm = -1, 0
        while time.monotonic() < deadline:
            self.replies.idle(max(deadline - time.monotonic(), 0.0))
            answered = self.api.answered
            busy = (answered != seen or any(self.api.in_flight.values()) or self._checks_pending()
                    or self.outbox_pending())
            calm, seen = (0 if busy else calm + 1), answered
            if calm == 2:
                return True
            time.sleep(settle)
        return False

    def _checks_pending(self) -> bool:
        """A level check is waiting for its delay to pass, or under way (``SlackService.level_checks_pending``)."""
        return self.service.level_checks_pending()

    def outbox_pending(self) -> int:
        """Outbox posts not yet sent (or given up): due later, due now, or being sent."""
        [(count,)] = db_rows(Path(self.store.path), "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')")
        return int(count)

    def close(self) -> None:
        """Stop serving and the workers. Nothing waits out a fault: the stand-in answers at once from now on,
        and a retry pausing for a backoff or ``Retry-After`` tries again now."""
        self.closing = True
        self._closed.set()
        self.api.release()
        self.server.close()
        self.replies.shutdown(timeout=5.0)
        self.outbox.stop()

    def outcome(self, user: str, code: str, team: str = "T111") -> str | None:
        """The outcome ``user``'s city recorded for ``code`` (None if none)."""
        city = self.store.city_of(team, user)
        assessment = self.store.current_assessment(city.id) if city else None
        answer = self.store.answer(assessment.id, code) if assessment else None
        return answer.outcome.value if answer and answer.outcome else None


class AppRun:
    """A Web API stand-in, the app in this process on it, and a ``Sender`` to the app (as workspace T111, its
    ``response_url`` at the stand-in): what the reliability runs share. ``app_options`` go to ``InProcessApp``."""

    def __init__(self, folder: Path, api_timeout: float = API_TIMEOUT, *, respond_as: str = "r",
                 **app_options: Any) -> None:
        self.api = StandIn()
        self.api.start()
        self.app = InProcessApp(self.api, folder, api_timeout, **app_options)
        self.slack = Sender(lambda: self.app.url, response_url=self.api.response_url(respond_as))

    def close(self) -> None:
        self.app.close()
        self.api.stop()


@contextmanager
def scratch(folder: Path | None, prefix: str = "wwc-") -> Iterator[Path]:
    """``folder``, or (None) a temporary folder, removed afterwards."""
    if folder is not None:
        yield folder
        return
    with tempfile.TemporaryDirectory(prefix=prefix) as temporary:
        yield Path(temporary)


@contextmanager
def app_logs(log: Path | None) -> Iterator[None]:
    """Send the in-process app's log records to ``log`` (or nowhere) instead of the console."""
    handler = logging.FileHandler(log) if log else logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root, last_resort = logging.getLogger(), logging.lastResort
    root.addHandler(handler)
    logging.lastResort = None
    try:
        yield
    finally:
        root.removeHandler(handler)
        logging.lastResort = last_resort


def db_rows(db: Path, sql: str) -> list[tuple]:
    """Rows of ``sql`` on the database ``db``, read-only, on a connection of its own (the app may be running)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()
