"""``build_app``: the Bolt app of the WWC assistant, wired to the engine and the store."""

from __future__ import annotations

import logging
import secrets
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.middleware import Middleware, RequestVerification
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.oauth.installation_store.sqlite3 import SQLite3InstallationStore
from slack_sdk.oauth.state_store.sqlite3 import SQLite3OAuthStateStore
from slack_sdk.signature import SignatureVerifier

import wwc_i18n as i18n
from bot.engine import Engine
from bot.settings import Settings
from bot.store import Store

from . import bolt_fixes, listeners, tokens
from .directory import Directory
from .listeners import mentions, messages
from .logs import hide_request_bodies
from .middleware import RecordFirst, for_the_engine
from .outbox import Outbox
from .retries import listener_retries
from .service import SlackService, home_team
from .tokens import ContextExecutor, Installations, RoutingWebClient

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


# The requests whose signature the HTTP front (``serve.wsgi_app``) checked before it built them from the body it
# checked: Bolt's own check of the same signature over the same body is not run again for them (``CheckedOnce``).
_FRONT_CHECKED: weakref.WeakSet[BoltRequest] = weakref.WeakSet()


def checked_by_front(request: BoltRequest) -> BoltRequest:
    """Note that ``request`` was built by the HTTP front from a body whose signature it checked; returns it."""
    _FRONT_CHECKED.add(request)
    return request


class CheckedOnce(RequestVerification):
    """Bolt's signature check, for every request but one the HTTP front checked already (``checked_by_front``):
    a request that reaches the app any other way (``App.dispatch``, another adapter) is still checked here."""

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        if req in _FRONT_CHECKED:
            return next()
        return super().process(req=req, resp=resp, next=next)


def web_client(settings: Settings, token: str | None, *, retries: bool = True) -> WebClient:
    """A keep-alive Web API client on ``SLACK_API_URL`` (when set); ``retries``: the listeners' policy (``retries.py``).

    Its token is the one noted for the work at hand (``tokens``), else ``token``.
    """
    kwargs = {"base_url": settings.slack_api_url} if settings.slack_api_url else {}
    # Without retries the outbox decides about every retry itself.
    return RoutingWebClient(token=token, timeout=API_TIMEOUT, retry_handlers=listener_retries() if retries else [],
                            **kwargs)


# The bot scopes asked at install time: the same as both manifests' (tests/slack/test_slack_manifest.py).
INSTALL_SCOPES = ("app_mentions:read", "assistant:write", "channels:history", "channels:read", "chat:write", "commands", "files:write",
                  "groups:history", "groups:read", "im:history", "im:read", "im:write", "users:read")


def oauth_flow(settings: Settings) -> tuple[OAuthFlow, SQLite3InstallationStore]:
    """"Add to Slack" at ``/slack/install``; each workspace's installation (its bot token) and the OAuth states
    are kept in the app's own SQLite file (slack_sdk's stores)."""
    assert settings.slack_client_id is not None and settings.slack_client_secret is not None
    database = str(settings.db_path)
    installation_store = SQLite3InstallationStore(database=database, client_id=settings.slack_client_id)
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=list(INSTALL_SCOPES),
        redirect_uri=settings.slack_redirect_uri,
        installation_store=installation_store,
        state_store=SQLite3OAuthStateStore(database=database, expiration_seconds=600),
    )
    return OAuthFlow(client=web_client(settings, None), settings=oauth), installation_store


def per_request(service: SlackService) -> PerRequest:
    """First of all, for every request (one middleware, ``PerRequest``):

    - the app's service in the context (``listeners.SERVICE``), where every listener (a module-level function,
      ``listeners.service_of``) finds it;
    - the calls made for the request use its workspace's token (``tokens``);
    - everything done for it (the ack, the replies posted later, Home, modals) is in the acting person's language
      (``wwc_i18n``); work handed to other threads copies this context.

    Set, not scoped: Bolt runs the middleware one after another (``next()`` only lets the chain go on), so a
    ``with`` here would end before the listeners run. Every request sets the token and the language afresh
    (English when there is no person), so nothing is left over from the thread's last request."""
    return PerRequest(service)


class PerRequest(Middleware):
    """``per_request``'s middleware: a ``Middleware`` of its own, so that Bolt calls it as it is (a function
    middleware has its arguments looked up and built anew on every request, which cost more than its work)."""

    def __init__(self, service: SlackService) -> None:
        self.service = service
        self.shared = listeners.Shared(service)

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        return self(context=req.context, body=req.body, next=next)

    def __call__(self, context: BoltContext, body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse:
        context[listeners.SERVICE] = self.shared
        tokens.note(context.bot_token, context.team_id)
        user = context.user_id
        if user and not for_the_engine(body):
            self.service.speak(home_team(body, context.team_id or ""), user)
        else:  # no person, or what a person said to the assistant: ``RecordFirst`` tells their language itself
            i18n.activate(i18n.ENGLISH)
        return next()


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
        if settings.slack_bot_token is None and not settings.distributed:
            raise ValueError("build_app needs settings.slack_bot_token, an OAuth client id and secret, or a client")
        token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
        client = web_client(settings, token)
    elif not any(isinstance(h, RateLimitErrorRetryHandler) for h in client.retry_handlers):
        client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    # Without a signing secret (Socket Mode) no HTTP request may verify: an unguessable one, never an empty one.
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else secrets.token_hex(32)
    installations = Installations(default=None)
    extra: dict[str, Any] = {}
    if settings.distributed:
        extra["oauth_flow"], installations.store = oauth_flow(settings)
    executor = ContextExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="wwc-listener")
    with _quiet_token_warning():  # Bolt warns that SLACK_BOT_TOKEN in the environment is unused next to `client`
        app = App(client=client, signing_secret=secret, process_before_response=False, name="wwc-assistant",
                  listener_executor=executor, **extra)
    # Bolt's signature check, in its place among Bolt's own middleware (before a URL verification is answered)
    app._middleware_list[:] = [CheckedOnce(secret) if type(m) is RequestVerification else m
                               for m in app._middleware_list]
    if settings.distributed:
        app.enable_token_revocation_listeners()  # an uninstall removes the installation; the city data stays
    if outbox is None:
        outbox = Outbox(store, RoutingWebClient(token=client.token, base_url=client.base_url, timeout=API_TIMEOUT,
                                                retry_handlers=[]))
    outbox.installations, outbox.home = installations, settings.peer_team or ""
    service = SlackService(settings=settings, client=client, engine=engine, store=store, outbox=outbox, directory=Directory(client))
    hide_request_bodies()
    bolt_fixes.install()  # a slash command whose text says "payload" is a command, not a 404
    app.use(per_request(service))
    app.use(RecordFirst(service, repliers={"message": messages.reply, "app_mention": mentions.reply}))
    listeners.register(app)
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
