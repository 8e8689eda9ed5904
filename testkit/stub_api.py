"""A local stand-in for Slack's Web API, for tests and benchmarks.

A stdlib ``ThreadingHTTPServer`` on 127.0.0.1 (a free port) that answers like
Slack (``chat.postMessage`` returns ``ok`` and a ``ts``, ``conversations.open``
a DM channel, ...) and records every call with its JSON or form body. Faults
can be injected per method for the next N calls: a 429 with ``Retry-After``,
a 5xx, or a slow response (``release()`` answers the slow ones at once, so a
teardown never waits them out). ``response_url`` posts land here too (path
``/respond/<anything>``) and are recorded as method ``respond``; file uploads
(``files_upload_v2``) as ``files.getUploadURLExternal``, ``upload`` (the bytes)
and ``files.completeUploadExternal``.

Where the app depends on what Slack refuses, the stand-in refuses it too: ``conversations.history``,
``conversations.info`` and ``chat.update`` take a conversation id only (``C``, ``G``, ``D``; a user id
is ``channel_not_found``), a ``chat.postMessage`` to a user id lands in the app's DM with that user
(``D`` + the id's rest), whose history then holds it, and ``files.completeUploadExternal`` shares a file in a
conversation only: a user id as its ``channel_id`` is ``invalid_arguments``, as Slack answers it.

    with StubSlackAPI() as api:
        client = WebClient(token="xoxb-test", base_url=api.url)
        api.fail("chat.postMessage", status=429, retry_after=1, times=2)
        ...
        api.wait_for("chat.postMessage", count=1)
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_USER = "UBOT"
BOT_ID = "BBOT"
TEAM = "T111"
# What ``files.completeUploadExternal`` takes as ``channel_id``, as Slack's refusal of a user id quotes it (the
# stand-in's short ids, such as ``D1``, are not held to its length).
SHARE_CHANNEL_PATTERN = "^[CGDZ][A-Z0-9]{8,}$"


@dataclass
class Call:
    """One recorded request: the API method (or ``respond``), its decoded body and when it arrived."""

    method: str
    body: dict[str, Any]
    headers: dict[str, str]
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)
    peer: int = 0  # the client's port: calls on one kept-alive connection share it
    at: float = field(default_factory=time.monotonic)

    def blocks(self) -> list[dict]:
        blocks = self.body.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else blocks

    def view(self) -> dict:
        view = self.body.get("view") or {}
        return json.loads(view) if isinstance(view, str) else view


@dataclass
class Fault:
    status: int = 200
    retry_after: int | None = None
    delay: float = 0.0
    times: int = 1
    error: str | None = None  # answer HTTP 200 with {"ok": false, "error": error}
    close: bool = False  # close the connection after answering (as a server closing an idle keep-alive)


class StubSlackAPI:
    """The Web API stand-in. Use as a context manager, or ``start()``/``stop()``."""

    def __init__(self, users: dict[str, dict] | None = None, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.calls: list[Call] = []
        self.clock = clock  # stamps ``Call.at`` (a test with a fake clock reads its own time there)
        self.in_flight: Counter[str] = Counter()  # calls received and not answered yet, by method
        self.answered = 0  # calls answered so far
        self._released = threading.Event()
        self.users: dict[str, dict] = dict(users or {})
        self.channels: dict[str, dict] = {}  # conversations.info overrides, e.g. {"C1": {"conversation_host_id": "T9"}}
        self._faults: dict[str, list[Fault]] = {}
        # OAuth: tokens issued by oauth.v2.access (token -> workspace), revoked ones answer token_revoked
        self.installed: dict[str, str] = {}
        self.revoked: set[str] = set()
        self._codes_used: set[str] = set()
        self._lock = threading.Condition()
        self._ts = itertools.count(1)
        self._last_ts = 0
        self._server = _QuietServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.01,), name="stub-slack-api",
                                        daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        """The Web API base URL, as ``SLACK_API_URL`` or ``WebClient(base_url=...)``."""
        return f"http://127.0.0.1:{self.port}/api/"

    def _new_ts(self) -> str:
        """A message ts as Slack makes it: the posting time in seconds and microseconds, unique."""
        with self._lock:
            micros = self._last_ts = max(int(time.time() * 1_000_000), self._last_ts + 1)
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def response_url(self, name: str = "r") -> str:
        return f"http://127.0.0.1:{self.port}/respond/{name}"

    def start(self) -> StubSlackAPI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> StubSlackAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- faults and queries

    def fail(self, method: str, *, status: int = 200, retry_after: int | None = None, delay: float = 0.0, times: int = 1,
             error: str | None = None, close: bool = False) -> None:
        """Answer the next ``times`` calls of ``method`` with ``status`` (and ``Retry-After``) or a Slack
        ``error``, after ``delay`` seconds (a slow response)."""
        with self._lock:
            self._faults.setdefault(method, []).append(Fault(status, retry_after, delay, times, error, close))

    def release(self) -> None:
        """Answer every slow call now, and delay none from now on (a teardown does not wait out a fault)."""
        self._released.set()

    def of(self, method: str) -> list[Call]:
        """Recorded calls of one method that Slack accepted (status 200)."""
        with self._lock:
            return [c for c in self.calls if c.method == method and c.status == 200 and c.response.get("ok")]

    def attempts(self, method: str) -> list[Call]:
        """Every recorded call of one method, including the ones answered with an injected fault."""
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def clear(self) -> None:
        with self._lock:
            self.calls.clear()

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait until at least ``count`` accepted calls of ``method`` arrived; return them."""
        return self.wait_until(lambda: len(self.of(method)) >= count, timeout, f"{count} x {method}") and self.of(method)

    def wait_until(self, predicate: Callable[[], bool], timeout: float = 5.0, what: str = "condition") -> bool:
        deadline = time.monotonic() + timeout
        with self._lock:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [c.method for c in self.calls]
                    raise AssertionError(f"timed out waiting for {what}; calls so far: {seen}")
                self._lock.wait(min(left, 0.05))
        return True

    # ---- answering

    def _next_fault(self, method: str) -> Fault | None:
        with self._lock:
            queue = self._faults.get(method) or []
            if not queue:
                return None
            fault = queue[0]
            fault.times -= 1
            if fault.times <= 0:
                queue.pop(0)
            return fault

    def _record(self, call: Call) -> None:
        with self._lock:
            self.answered += 1
            self.calls.append(call)
            self._lock.notify_all()

    @staticmethod
    def token_of(headers: dict[str, str], body: dict[str, Any]) -> str | None:
        auth = headers.get("authorization", "")
        return auth.removeprefix("Bearer ").strip() or body.get("token") or None

    def refuse_token(self, method: str, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any] | None:
        """As Slack: a revoked token gets ``token_revoked``; a workspace-shaped token never issued, ``invalid_auth``."""
        if method in ("respond", "upload", "oauth.v2.access"):
            return None
        token = self.token_of(headers, body)
        if token in self.revoked:
            return {"ok": False, "error": "token_revoked"}
        if token and token.startswith("xoxb-T") and token not in self.installed:
            return {"ok": False, "error": "invalid_auth"}
        if token is None:
            return {"ok": False, "error": "not_authed"}
        return None

    def team_of(self, call: Call) -> str | None:
        """The workspace whose token made ``call`` (None for the single test token)."""
        return self.installed.get(self.token_of(call.headers, call.body) or "")

    def revoke(self, team: str) -> None:
        """The workspace uninstalled the app: its tokens stop working."""
        with self._lock:
            self.revoked.update(t for t, owner in self.installed.items() if owner == team)

    def _oauth_access(self, body: dict[str, Any]) -> dict[str, Any]:
        code = str(body.get("code") or "")
        if not code.startswith("code-") or code in self._codes_used:
            return {"ok": False, "error": "invalid_code"}
        if not body.get("basic_auth") and not (body.get("client_id") and body.get("client_secret")):
            return {"ok": False, "error": "invalid_client_id"}
        team = code.removeprefix("code-").split("-")[0]
        with self._lock:
            self._codes_used.add(code)
            token = f"xoxb-{team}-{next(self._ts)}"
            self.installed[token] = team
        return {"ok": True, "access_token": token, "token_type": "bot", "scope": "chat:write,commands,im:history",
                "bot_user_id": f"UBOT{team}", "app_id": "A0WWC", "team": {"id": team, "name": f"Workspace {team}"},
                "enterprise": None, "is_enterprise_install": False,
                "authed_user": {"id": f"UINSTALLER{team}", "scope": "", "access_token": None, "token_type": None}}

    def answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        """Slack's answer to one call (always ``ok`` unless a fault was injected)."""
        if method == "oauth.v2.access":
            return self._oauth_access(body)
        if method.startswith("assistant.threads."):  # as Slack: a DM conversation id and the thread's ts
            if not str(body.get("channel_id") or "").startswith("D") or not body.get("thread_ts"):
                return {"ok": False, "error": "invalid_arguments"}
            if method == "assistant.threads.setSuggestedPrompts":
                prompts = body.get("prompts")
                prompts = json.loads(prompts) if isinstance(prompts, str) else prompts
                if not prompts or len(prompts) > 4 or not all(p.get("title") and p.get("message") for p in prompts):
                    return {"ok": False, "error": "invalid_arguments"}
            if method == "assistant.threads.setStatus" and not isinstance(body.get("status"), str):
                return {"ok": False, "error": "invalid_arguments"}
            return {"ok": True}
        if method == "auth.test":
            team = self.installed.get(str(body.get("token") or ""), TEAM)
            bot = (BOT_USER, BOT_ID) if team == TEAM else (f"UBOT{team}", f"B{team}")
            return {"ok": True, "url": "https://stub.slack.com/", "team": "Stub", "user": "wwc", "team_id": team,
                    "user_id": bot[0], "bot_id": bot[1], "is_enterprise_install": False}
        if method in ("chat.update", "conversations.info") and not is_conversation(str(body.get("channel") or "")):
            return {"ok": False, "error": "channel_not_found"}  # as Slack: these take a conversation id only
        if method in ("chat.postMessage", "chat.update"):
            ts = body.get("ts") or self._new_ts()
            channel = dm_of(body.get("channel", ""))  # a user id posts to the app's DM with that user
            return {"ok": True, "channel": channel, "ts": ts,
                    "message": {"type": "message", "text": body.get("text", ""), "user": BOT_USER, "bot_id": BOT_ID, "ts": ts}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{1700000000 + next(self._ts)}.000200"}
        if method == "conversations.open":
            user = str(body.get("users", "U0")).split(",")[0]
            return {"ok": True, "channel": {"id": "D" + user.lstrip("U")}}
        if method in ("views.publish", "views.open", "views.update", "views.push"):
            view = body.get("view")
            view = json.loads(view) if isinstance(view, str) else (view or {})
            return {"ok": True, "view": {**view, "id": f"V{next(self._ts)}", "hash": "h1"}}
        if method == "conversations.history":
            channel = str(body.get("channel") or "")
            if not is_conversation(channel):  # Slack reads history by conversation id only
                return {"ok": False, "error": "channel_not_found"}
            posted = [c for c in self.of("chat.postMessage") if dm_of(str(c.body.get("channel") or "")) == channel]
            messages = [{"type": "message", "ts": c.response["ts"], "text": c.body.get("text", ""), "bot_id": BOT_ID,
                         "metadata": c.body.get("metadata")} for c in reversed(posted)]
            return {"ok": True, "messages": messages, "has_more": False}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts)}"
            return {"ok": True, "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            channel_id = str(body.get("channel_id") or "")
            if channel_id and not channel_id.startswith(("C", "G", "D", "Z")):
                return {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": [
                    f"[ERROR] input must match regex pattern: {SHARE_CHANNEL_PATTERN} [json-pointer:/channel_id]"]}}
            files = body.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title", "")} for f in files]}
        if method == "conversations.info":
            return {"ok": True, "channel": {"id": body.get("channel"), "context_team_id": TEAM,
                                            **self.channels.get(body.get("channel", ""), {})}}
        if method == "users.info":
            user = body.get("user", "")
            info = {"id": user, "team_id": TEAM, "name": user.lower(), "is_admin": False, "is_owner": False, "is_bot": False,
                    "profile": {"display_name": f"User {user}", "real_name": f"User {user}"}}
            found = {**info, "locale": "en-US", **self.users.get(user, {})}
            if str(body.get("include_locale", "")).lower() not in ("true", "1"):
                del found["locale"]  # as Slack: the locale comes only when asked for
            return {"ok": True, "user": found}
        return {"ok": True}


def is_conversation(channel: str) -> bool:
    """A conversation id (public or private channel, group DM, DM), as Slack's reading methods require."""
    return channel[:1] in ("C", "G", "D") and channel[1:].isalnum()


def dm_of(channel: str) -> str:
    """Where a post to ``channel`` lands: a user id (``U1``/``W1``) means the app's DM with that user (``D1``)."""
    return "D" + channel[1:] if channel[:1] in ("U", "W") else channel


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (a timeout test) is not an error of the stand-in; anything else is reported."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _handler(api: StubSlackAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = 1 << 16  # headers and body leave in one segment (no Nagle/delayed-ACK stall on keep-alive)

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

        def do_POST(self) -> None:
            data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path.startswith("/upload/"):  # files_upload_v2 sends the file's bytes to the upload URL
                self._answer("upload", {"file_id": self.path.rsplit("/", 1)[-1], "content": data})
                return
            raw = data.decode("utf-8")
            method = "respond" if self.path.startswith("/respond/") else self.path.split("?")[0].rsplit("/", 1)[-1]
            kind = self.headers.get("Content-Type", "")
            body: dict[str, Any] = json.loads(raw or "{}") if "json" in kind else dict(parse_qsl(raw))
            if "?" in self.path:
                body.update(parse_qsl(self.path.split("?", 1)[1]))
            self._answer(method, body)

        def _answer(self, method: str, body: dict[str, Any]) -> None:
            with api._lock:
                api.in_flight[method] += 1
                api._lock.notify_all()
            try:
                self._answer_now(method, body)
            finally:
                with api._lock:
                    api.in_flight[method] -= 1
                    api._lock.notify_all()

        def _answer_now(self, method: str, body: dict[str, Any]) -> None:
            fault = api._next_fault(method)
            if fault and fault.delay:
                api._released.wait(fault.delay)
            status = fault.status if fault else 200
            if status == 429:
                payload: dict[str, Any] = {"ok": False, "error": "ratelimited"}
            elif status >= 400:
                payload = {"ok": False, "error": "internal_error"}
            elif fault and fault.error:
                payload = {"ok": False, "error": fault.error}
            else:
                headers = {k.lower(): v for k, v in self.headers.items()}
                refused = api.refuse_token(method, headers, body)
                if method == "auth.test":  # which workspace: the token's
                    body = {**body, "token": api.token_of(headers, body)}
                if method == "oauth.v2.access":  # the app's client id and secret: HTTP Basic auth, or in the form
                    body = {**body, "basic_auth": headers.get("authorization", "").startswith("Basic ")}
                payload = refused or ({"ok": True} if method in ("respond", "upload") else api.answer(method, body))
            headers = {k.lower(): v for k, v in self.headers.items()}
            api._record(Call(method, body, headers, status, payload, self.client_address[1], api.clock()))
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            if fault and fault.retry_after is not None:
                self.send_header("Retry-After", str(fault.retry_after))
            if fault and fault.close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST

    return Handler
