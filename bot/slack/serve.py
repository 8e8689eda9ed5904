"""``wwc-bot serve``: run the Slack app over Socket Mode or HTTP.

Socket Mode (the default) needs ``SLACK_BOT_TOKEN`` and ``SLACK_APP_TOKEN``
and no public URL. HTTP mode (``--http``) needs ``SLACK_BOT_TOKEN`` and
``SLACK_SIGNING_SECRET`` and serves the Events API and interactivity at
``/slack/events`` with waitress, a production WSGI server, plus ``GET
/healthz``. Both run the outbox worker (peer-network posts, consent prompts,
reminders) and the checkup-reminder worker.

Anyone on the internet can reach ``/slack/events``, so a request is judged
before its body is trusted, in this order: a ``Content-Length`` over
``MAX_BODY`` gets 413 before a byte of the body is read (waitress itself
refuses it, and ``wsgi_app`` checks again); the body is then read (at most
``MAX_BODY``) and its signature checked (401 if forged or stale) before
anything parses or logs it; only then is it parsed (400 if Bolt could not
read it) and handed to Bolt. ``/healthz`` answers 503 while the database
cannot be written.
"""

from __future__ import annotations

import io
import json
import logging
import signal
from collections.abc import Callable, Iterable

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest

from bot.settings import Settings, SettingsError

from .app import build_app, checked_by_front, web_client, wiring
from .logs import redact_tokens
from .outbox import Outbox
from .reminders import ReminderWorker

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
INTERACTIVE = ("block_actions", "view_submission", "view_closed", "shortcut", "message_action", "block_suggestion")
HEALTH_PATH = "/healthz"
HTTP_THREADS = 8
# The largest request body accepted (1 MiB). Slack's own payloads are far smaller: a DM is at most 40,000
# characters of text; the largest thing Slack sends back is a modal's view on submit, and Slack refuses views
# over 250 kB (``view_too_large``), so even form-encoded (each byte at most 3) it stays under 750 kB; this
# app's own modal is about 1 kB. Above the bound the request cannot be Slack's, and 8 server threads hold at
# most 8 MiB of bodies at once.
MAX_BODY = 1024 * 1024


def run_serve(settings: Settings, *, http: bool = False, host: str = "0.0.0.0", port: int = 3000) -> int:
    """Serve Slack until interrupted; returns the process exit code."""
    if settings.distributed:
        if not http:
            raise SettingsError("installing in many workspaces (SLACK_CLIENT_ID) serves over HTTP: use --http "
                                "(Socket Mode is for one workspace in development)")
        token = None
    else:
        token = _secret(settings.slack_bot_token, "SLACK_BOT_TOKEN", "is not set (the bot token, xoxb-...)")
    if http:
        _secret(settings.slack_signing_secret, "SLACK_SIGNING_SECRET", "is not set (needed to verify requests in --http mode)")
    else:
        _secret(settings.slack_app_token, "SLACK_APP_TOKEN", "is not set (an xapp- token with connections:write, needed for Socket Mode; or use --http)")
    redact_tokens(*(s.get_secret_value() for s in (settings.slack_signing_secret, settings.slack_client_secret) if s))

    from bot.engine import Engine
    from bot.store import Store
    from knowledge import load_knowledge
    from wwc_rules import load_standard

    store = Store(settings.db_path)
    standard = load_standard()
    engine = Engine(store, standard, knowledge=load_knowledge(standard))
    engine.warm()  # every language's standard, knowledge, reader and vocabulary, before the first request
    outbox = Outbox(store, web_client(settings, token, retries=False))
    app = build_app(settings, engine, store, outbox=outbox)
    wired = wiring(app)
    reminders = ReminderWorker(store, outbox, standard=standard,
                               offset_of=wired.service.time_zone if wired is not None else None)
    if wired is not None:
        wired.service.sweep_levels()  # a level reached just before a crash still gets its consent prompt, once
    outbox.start()
    reminders.start()
    try:
        if http:
            _serve_http(app, host, port)
        else:
            _serve_socket_mode(app, settings)
    except KeyboardInterrupt:
        pass
    finally:
        reminders.stop()
        outbox.stop()
    log.info("stopped")
    return 0


def wsgi_app(app: App) -> Callable:
    """The WSGI application: Bolt at ``/slack/events``, a health check at ``/healthz``, and (installed in many
    workspaces) "Add to Slack" at ``/slack/install`` with Slack's redirect to ``/slack/oauth_redirect``."""
    slack = _Handler(app, path=EVENTS_PATH)
    wired = wiring(app)

    oauth = app.oauth_flow
    oauth_paths = {oauth.install_path, oauth.redirect_uri_path} if oauth is not None else set()

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") in oauth_paths and environ.get("REQUEST_METHOD") == "GET":
            return slack(environ, start_response)  # "Add to Slack" and Slack's redirect back (no signature)
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            problem = wired.service.storage_problem() if wired else None
            if problem:
                return _json(start_response, "503 Service Unavailable", {"ok": False, "error": problem})
            return _json(start_response, "200 OK", {"ok": True})
        declared = environ.get("CONTENT_LENGTH") or ""
        if not declared.strip() and environ.get("REQUEST_METHOD") == "POST":
            return _json(start_response, "411 Length Required", {"error": "a Content-Length is required"})
        try:
            length = int(declared or 0)
        except ValueError:
            return _json(start_response, "400 Bad Request", {"error": "the Content-Length is not a number"})
        if length > MAX_BODY:
            return _json(start_response, "413 Request Entity Too Large",
                         {"error": f"a Slack payload is at most {MAX_BODY} bytes"})
        raw = _read(environ["wsgi.input"], length) if length > 0 else b""
        environ["wsgi.input"] = io.BytesIO(raw)
        environ["CONTENT_LENGTH"] = str(len(raw))
        try:
            text = raw.decode("utf-8")  # (Slack's payloads are UTF-8; the signature is checked on this text)
        except UnicodeDecodeError:
            return _json(start_response, "400 Bad Request", {"error": "the body is not a Slack payload"})
        if wired is not None and not wired.verifier.is_valid_request(text, _slack_headers(environ)):
            log.info("refused a request without a valid signature (%d bytes, not read further)", len(raw))
            return _json(start_response, "401 Unauthorized", {"error": "invalid request"})
        request = _readable(raw, environ.get("CONTENT_TYPE"), environ)
        if request is None:
            return _json(start_response, "400 Bad Request", {"error": "the body is not a Slack payload"})
        # Bolt's adapter dispatches it as it is, rather than reading the body again; Bolt does not check its
        # signature again, but only when the front checked it (an app not built here has no verifier)
        environ[_PARSED] = checked_by_front(request) if wired is not None else request
        return slack(environ, start_response)

    return application


def http_server(app: App, host: str, port: int, *, threads: int = HTTP_THREADS, ident: str = "wwc-bot"):
    """The waitress server for ``wsgi_app(app)``: it refuses a body over ``MAX_BODY`` itself, unread."""
    from waitress import create_server  # type: ignore[attr-defined]  # not in types-waitress

    # waitress refuses a body whose length reaches max_request_body_size (413, without reading it)
    return create_server(wsgi_app(app), host=host, port=port, threads=threads, ident=ident,
                         max_request_body_size=MAX_BODY + 1)


def _read(stream, length: int) -> bytes:
    """Up to ``length`` bytes of the body (a stream may return less than asked at once)."""
    chunks, left = [], length
    while left > 0:
        chunk = stream.read(left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _slack_headers(environ: dict) -> dict[str, str]:
    return {"x-slack-request-timestamp": environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""),
            "x-slack-signature": environ.get("HTTP_X_SLACK_SIGNATURE", "")}


def _readable(raw: bytes, content_type: str | None, environ: dict | None = None) -> BoltRequest | None:
    """The request Bolt reads from ``raw`` (with ``environ``'s headers and query, as Bolt's WSGI adapter reads
    them), if it is a payload object Bolt can read, else None: Bolt parses the body before it checks the
    signature, and a body it cannot read (bad JSON or UTF-8, a list, ``"team": 5``) would be a 500 for anyone
    who sends one. Interactive payloads must name the user and workspace (and a view its type) and events carry
    an event object, as Slack's always do (the listeners and Bolt rely on them)."""
    wsgi = WsgiHttpRequest(environ) if environ is not None else None
    try:
        request = BoltRequest(body=raw.decode("utf-8"), query=wsgi.query_string if wsgi else None,
                              headers=wsgi.get_headers() if wsgi else {"content-type": content_type or ""})
    except Exception:  # only parsing ran here, none of the app's code
        return None
    body = request.body
    if not isinstance(body, dict):
        return None
    if body.get("type") == "event_callback":
        return request if isinstance(body.get("event"), dict) else None
    if body.get("type") in INTERACTIVE:
        user, team, view = body.get("user"), body.get("team"), body.get("view")
        ok = (isinstance(user, dict) and bool(user.get("id"))
              and bool(user.get("team_id") or isinstance(team, dict) and team.get("id"))
              and (view is None or isinstance(view, dict) and bool(view.get("type"))))
        return request if ok else None
    return request


# Where ``wsgi_app`` leaves the request it read, for ``_Handler``: a key of the server's own (every header a client
# sends is an ``HTTP_...`` key of the environ), set only after the signature was checked and the body read.
_PARSED = "wwc.bolt_request"


class _Handler(SlackRequestHandler):
    """Bolt's WSGI adapter, dispatching the request ``wsgi_app`` already read and checked (``checked_by_front``:
    Bolt's own middleware does not check its signature again)."""

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        parsed = request.environ.pop(_PARSED, None)
        if isinstance(parsed, BoltRequest):
            return self.app.dispatch(parsed)
        return super().dispatch(request)


def _json(start_response: Callable, status: str, payload: dict) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def _serve_http(app: App, host: str, port: int) -> None:
    server = http_server(app, host, port)
    signal.signal(signal.SIGTERM, _interrupt)
    log.info("serving Slack events at http://%s:%s%s (health: %s)", host, server.effective_port, EVENTS_PATH, HEALTH_PATH)
    try:
        server.run()
    finally:
        server.close()


def _serve_socket_mode(app: App, settings: Settings) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    assert settings.slack_app_token is not None
    signal.signal(signal.SIGTERM, _interrupt)
    log.info("connecting to Slack over Socket Mode")
    SocketModeHandler(app, settings.slack_app_token.get_secret_value()).start()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _secret(value: object, name: str, problem: str) -> str:
    if value is None:
        raise SettingsError(f"{name} {problem}")
    return value.get_secret_value()  # type: ignore[attr-defined]
