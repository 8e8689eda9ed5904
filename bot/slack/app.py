"""``build_app``: the Bolt app of the WWC assistant, wired to the engine and the store."""

from __future__ import annotations

import logging
import secrets
import weakref
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from slack_bolt import App
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier

from bot.engine import Engine
from bot.settings import Settings
from bot.store import Store

from . import bolt_fixes, listeners
from .directory import Directory
from .keepalive import KeepAliveWebClient
from .logs import hide_request_bodies
from .middleware import RecordFirst
from .outbox import Outbox
from .retries import listener_retries
from .service import SlackService

log = logging.getLogger(__name__)

API_TIMEOUT = 10  # seconds for one Web API call
# Bolt runs listeners (their saving and their ack) on these threads; what comes after the ack (posting
# replies) runs on the service's own ``Replies`` pool, so a slow Web API never holds them up for the next ack.
LISTENER_THREADS = 16


@dataclass(frozen=True)
class Wiring:
    """What the HTTP front (``serve.wsgi_app``) needs of an app built here: the signature check, and the
    service whose store ``/healthz`` probes."""

    verifier: SignatureVerifier
    service: SlackService


_WIRING: weakref.WeakKeyDictionary[App, Wiring] = weakref.WeakKeyDictionary()


def wiring(app: App) -> Wiring | None:
    """The ``Wiring`` of an app made by ``build_app`` (None for any other Bolt app)."""
    return _WIRING.get(app)


def web_client(settings: Settings, token: str, *, retries: bool = True) -> WebClient:
    """A keep-alive Web API client on ``SLACK_API_URL`` (when set); ``retries``: the listeners' policy (``retries.py``)."""
    kwargs = {"base_url": settings.slack_api_url} if settings.slack_api_url else {}
    # Without retries the outbox decides about every retry itself.
    return KeepAliveWebClient(token=token, timeout=API_TIMEOUT, retry_handlers=listener_retries() if retries else [],
                              **kwargs)


def build_app(
    settings: Settings,
    engine: Engine,
    store: Store,
    *,
    client: WebClient | None = None,
    outbox: Outbox | None = None,
) -> App:
    """The Bolt ``App``: signed requests, event dedupe, and one listener module per surface.

    ``client`` defaults to a ``WebClient`` on ``settings.slack_api_url``;
    ``outbox`` (peer-network posts) defaults to an unstarted one on the same
    store, whose queued posts a running worker (``serve``) delivers.
    """
    if client is None:
        if settings.slack_bot_token is None:
            raise ValueError("build_app needs settings.slack_bot_token or a client")
        client = web_client(settings, settings.slack_bot_token.get_secret_value())
    elif not any(isinstance(h, RateLimitErrorRetryHandler) for h in client.retry_handlers):
        client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    # Without a signing secret (Socket Mode) no HTTP request may verify: an unguessable one, never an empty one.
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else secrets.token_hex(32)
    with _quiet_token_warning():  # Bolt warns that SLACK_BOT_TOKEN in the environment is unused next to `client`
        app = App(client=client, signing_secret=secret, process_before_response=False, name="wwc-assistant",
                  listener_executor=ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="wwc-listener"))
    if outbox is None:
        outbox = Outbox(store, KeepAliveWebClient(token=client.token, base_url=client.base_url, timeout=API_TIMEOUT,
                                                  retry_handlers=[]))
    service = SlackService(settings=settings, client=client, engine=engine, store=store, outbox=outbox, directory=Directory(client))
    hide_request_bodies()
    bolt_fixes.install()  # a slash command whose text says "payload" is a command, not a 404
    app.use(RecordFirst(service))
    listeners.register(app, service)
    _WIRING[app] = Wiring(SignatureVerifier(secret), service)
    return app


@contextmanager
def _quiet_token_warning() -> Iterator[None]:
    bolt_log = logging.getLogger("slack_bolt.App")
    unused = warning_client_prioritized_and_token_skipped()

    def drop(record: logging.LogRecord) -> bool:
        return record.getMessage() != unused

    bolt_log.addFilter(drop)
    try:
        yield
    finally:
        bolt_log.removeFilter(drop)
