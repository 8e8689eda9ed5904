"""A ``WebClient`` that keeps its HTTP connection to the Web API open between calls.

slack_sdk's ``WebClient`` opens a new connection (and, against slack.com, a
new TLS session) for every call; answering one question costs two or three
calls. ``KeepAliveWebClient`` keeps one connection per thread and host and
reuses it, so a call costs one round trip. Everything else is slack_sdk's
own code: request building, retry handlers (a 429 or 5xx is raised as the
``HTTPError`` that urllib would raise, so the handlers see the same thing),
and response parsing. A connection the server closed while idle is noticed
before it is reused; a connection that failed mid-call is never reused.
With a proxy configured, slack_sdk's own transport is used. Either way a
request made for a reply prepared during its input's commit is held back
until that commit is done (``commit_gate``): here at its one write, once the
connection is chosen and the request's bytes are ready; through slack_sdk's
transport before the request is handed to it.

slack_sdk formats a debug line with the whole request body (a message's
blocks) on every call unless its logger's own level is above DEBUG; the
client's logger gets the level logging is configured with, so that line is
only built when debug logging is on.
"""

from __future__ import annotations

import http.client
import io
import logging
import select
import threading
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import Request

from slack_sdk import WebClient

from .commit_gate import saved


class KeepAliveWebClient(WebClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("logger", _sdk_logger())
        super().__init__(*args, **kwargs)
        self._connections = threading.local()

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        parts = urlsplit(url)
        if self.proxy is not None or parts.scheme not in ("http", "https"):
            saved()  # a reply prepared during its input's commit goes out only once the input is saved
            return super()._perform_urllib_http_request_internal(url, req)
        key = (parts.scheme, parts.hostname, parts.port)
        conn = self._connection(key)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            conn.request(req.get_method(), path or "/", body=req.data, headers=dict(req.header_items()))
            resp = conn.getresponse()
            body = resp.read()
        except BaseException:
            self._forget(key)
            raise
        if resp.will_close:
            self._forget(key)
        if resp.status >= 300:
            raise HTTPError(url, resp.status, resp.reason, resp.headers, io.BytesIO(body))
        if resp.headers.get_content_type() == "application/gzip":
            return {"status": resp.status, "headers": resp.headers, "body": body}
        charset = resp.headers.get_content_charset() or "utf-8"
        return {"status": resp.status, "headers": resp.headers, "body": body.decode(charset)}

    def _connection(self, key: tuple[str, str | None, int | None]) -> http.client.HTTPConnection:
        pool: dict = self._connections.__dict__.setdefault("pool", {})
        conn = pool.get(key)
        if conn is not None and (conn.sock is None or _closed_by_peer(conn.sock)):
            conn.close()
            conn = None
        if conn is None:
            scheme, host, port = key
            if scheme == "https":
                conn = _OneWriteHTTPS(host or "", port, timeout=self.timeout, context=self.ssl)
            else:
                conn = _OneWriteHTTP(host or "", port, timeout=self.timeout)
            pool[key] = conn
        return conn

    def _forget(self, key: tuple[str, str | None, int | None]) -> None:
        conn = self._connections.__dict__.get("pool", {}).pop(key, None)
        if conn is not None:
            conn.close()


class _OneWrite:
    """http.client writes a request's headers and its body with two ``send`` calls; a Web API call's body is
    small and already in memory, so both go out in one write (one system call, one TCP segment or TLS record,
    and the server reads the whole request at once). Any other body is sent as http.client sends it."""

    _buffer: list[bytes]

    def _send_output(self, message_body: Any = None, encode_chunked: bool = False) -> None:
        # A reply prepared during its input's commit goes out only once the input is saved (``commit_gate``): the
        # connection is chosen and the request built while the commit syncs, and nothing (not even a new
        # connection's connect) leaves before it returned; ``NotSaved`` if it rolled back (the connection, its
        # request half made, is then closed by the caller).
        saved()
        if isinstance(message_body, bytes) and not encode_chunked:
            self._buffer.extend((b"", message_body))  # headers, the blank line, then the body
            message = b"\r\n".join(self._buffer)
            del self._buffer[:]
            self.send(message)  # type: ignore[attr-defined]
            return
        super()._send_output(message_body, encode_chunked)  # type: ignore[misc]


class _OneWriteHTTP(_OneWrite, http.client.HTTPConnection):
    pass


class _OneWriteHTTPS(_OneWrite, http.client.HTTPSConnection):
    pass


def _sdk_logger() -> logging.Logger:
    """slack_sdk's logger for our clients, with its own level set to the level now in effect."""
    sdk = logging.getLogger("slack_sdk.web.base_client")
    log = sdk.getChild("keepalive")
    log.setLevel(sdk.getEffectiveLevel())
    return log


def _closed_by_peer(sock: Any) -> bool:
    """An idle connection is readable only if the server closed it (or sent something unasked)."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)
