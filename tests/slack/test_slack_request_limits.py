"""Unsigned and oversized requests are refused before their body is read, parsed or logged.

Four forged 64 MB requests once raised the app's memory by 1.15 GB and wrote 268 MB of log: the body was
read whole, parsed (to check that Bolt could read it) and then logged by Bolt's signature check at INFO.
"""

from __future__ import annotations

import io
import json
import logging
import socket
import threading
import time

import pytest
import slack_bolt.request.request as bolt_request
from harness import SECRET, Harness

from bot.slack import serve
from testkit.slack_sim import Reply, SlackSim, dispatch_to

MARKER = "FORGED-BODY-MARKER"
BIG = 64 * 1024 * 1024


class SpyInput(io.RawIOBase):
    """A request body stream that counts what the app read from it (and serves ``data``, padded with spaces)."""

    def __init__(self, data: bytes = b"", size: int | None = None) -> None:
        self.data, self.size, self.taken = data, len(data) if size is None else size, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        n = min(len(buffer), self.size - self.taken)
        chunk = self.data[self.taken:self.taken + n].ljust(n, b" ")
        buffer[:n] = chunk
        self.taken += n
        return n


def environ(stream: io.RawIOBase, length: int | str | None, headers: dict[str, str] | None = None,
            method: str = "POST", path: str = serve.EVENTS_PATH) -> dict:
    env = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
           "SERVER_PROTOCOL": "HTTP/1.1",
           "SERVER_PORT": "3000", "wsgi.url_scheme": "http", "wsgi.input": stream,
           "CONTENT_TYPE": "application/json"}
    if length is not None:
        env["CONTENT_LENGTH"] = str(length)
    for name, value in (headers or {}).items():
        env["HTTP_" + name.upper().replace("-", "_")] = value
    return env


def call(application, env: dict) -> tuple[int, str]:
    seen: dict = {}

    def start_response(status: str, headers: list) -> None:
        seen["status"] = int(status.split()[0])

    body = b"".join(application(env, start_response))
    return seen["status"], body.decode()


@pytest.fixture
def parsed(monkeypatch) -> list[int]:
    """Every body Bolt's parser was given (its length): an unsigned body must never get there."""
    seen: list[int] = []
    real = bolt_request.parse_body

    def spy(body, content_type):
        seen.append(len(body))
        return real(body, content_type)

    monkeypatch.setattr(bolt_request, "parse_body", spy)
    return seen


def forged_headers(body: str) -> dict[str, str]:
    return SlackSim("not-the-secret", dispatch_to(None)).headers(body, "application/json")  # type: ignore[arg-type]


def test_a_declared_64_mb_body_gets_413_before_a_byte_is_read(harness: Harness, parsed: list[int]) -> None:
    application = serve.wsgi_app(harness.app)
    for headers in ({}, forged_headers("{}"), SlackSim(SECRET, dispatch_to(harness.app)).headers("{}", "application/json")):
        stream = SpyInput(size=BIG)
        status, _ = call(application, environ(stream, BIG, headers))
        assert status == 413
        assert stream.taken == 0
    assert parsed == []
    assert serve.MAX_BODY < 2 * 1024 * 1024  # Slack's own payloads are far below 1 MB


def test_a_body_without_a_length_is_refused_unread(harness: Harness, parsed: list[int]) -> None:
    stream = SpyInput(size=BIG)
    status, _ = call(serve.wsgi_app(harness.app), environ(stream, None, forged_headers("{}")))
    assert status == 411 and stream.taken == 0 and parsed == []
    status, _ = call(serve.wsgi_app(harness.app), environ(SpyInput(size=10), "ten", forged_headers("{}")))
    assert status == 400 and parsed == []


def test_a_forged_body_under_the_bound_gets_401_unparsed_and_unlogged(harness: Harness, parsed: list[int],
                                                                      caplog) -> None:
    caplog.set_level(logging.DEBUG)
    event = SlackSim(SECRET, dispatch_to(harness.app)).envelope({"type": "message", "channel_type": "im",
                                                                 "user": "U1", "text": MARKER * 40_000})
    body = json.dumps(event)
    assert serve.MAX_BODY // 2 < len(body) < serve.MAX_BODY
    stream = SpyInput(body.encode())
    status, _ = call(serve.wsgi_app(harness.app), environ(stream, len(body), forged_headers(body)))
    assert status == 401
    assert parsed == []
    assert MARKER not in caplog.text
    assert harness.store.load_state("T111", "U1") is None


def test_bolts_own_signature_check_does_not_log_the_body(harness: Harness, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("slack_bolt", "slack_bolt.RequestVerification"):  # as configured when serving at INFO or DEBUG
        caplog.set_level(logging.DEBUG, logger=name)
    forger = SlackSim("not-the-secret", dispatch_to(harness.app))
    assert forger.dm("U1", MARKER).status == 401
    assert forger.command(f"announce {MARKER}", user="U1").status == 401
    assert MARKER not in caplog.text


def _post_signed_help(harness: Harness) -> str:
    """Send a signed `/wwc help` through the WSGI front; it must be answered. Returns the body sent."""
    sent: list[tuple[str, dict[str, str]]] = []
    SlackSim(SECRET, lambda body, headers: sent.append((body, headers)) or Reply(0, "")).command("help")
    [(body, headers)] = sent
    env = environ(SpyInput(body.encode()), len(body), headers)
    env["CONTENT_TYPE"] = headers["content-type"]
    status, answer = call(serve.wsgi_app(harness.app), env)
    assert status == 200 and "/wwc start" in answer
    return body


def test_a_signed_request_still_goes_through(harness: Harness) -> None:
    _post_signed_help(harness)


def test_a_signed_request_is_parsed_and_checked_once(harness: Harness, parsed: list[int], monkeypatch) -> None:
    from slack_sdk.signature import SignatureVerifier

    checked: list[bool] = []
    real = SignatureVerifier.is_valid
    monkeypatch.setattr(SignatureVerifier, "is_valid",
                        lambda self, *a, **k: checked.append(real(self, *a, **k)) or checked[-1])
    body = _post_signed_help(harness)
    assert parsed == [len(body)]  # the front's reading is the one Bolt dispatches
    assert checked == [True]  # the front's check only: Bolt's would check the same signature over the same body
    forged = SlackSim("not-the-secret", dispatch_to(harness.app)).command("help")
    assert forged.status == 401 and checked == [True, False]  # without the front, Bolt still checks (and refuses)


def test_the_http_server_refuses_a_64_mb_request_without_waiting_for_its_body(harness: Harness) -> None:
    server = serve.http_server(harness.app, "127.0.0.1", 0)

    def run() -> None:
        try:
            server.run()
        except OSError:  # its sockets closed under it when the test ends
            pass

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        began = time.monotonic()
        with socket.create_connection(("127.0.0.1", server.effective_port), timeout=5) as sock:
            sock.sendall(f"POST {serve.EVENTS_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         f"Content-Length: {BIG}\r\n\r\n".encode() + b"{" * 4096)
            answer = sock.recv(200).decode(errors="replace")
        assert answer.startswith("HTTP/1.1 413"), answer
        assert time.monotonic() - began < 3
    finally:
        server.close()
