"""Which workspace's token a Web API call uses, when one app serves many workspaces.

With a single ``SLACK_BOT_TOKEN`` every call uses it. Installed through OAuth
in many workspaces, Bolt finds each request's installation (``context.bot_token``);
the first middleware notes it in a context variable (``acting_for``), and the
app's shared keep-alive client (``RoutingWebClient``) sends every call with
the token noted for the work at hand. The note travels with the work:
Bolt's listener threads (``ContextExecutor``) and the reply pool
(``Replies``) run each job in a copy of the context it was handed over in.
The outbox worker notes the workspace of each queued post before sending it
(``Installations.token``).
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from .keepalive import KeepAliveWebClient

log = logging.getLogger(__name__)

_TOKEN: contextvars.ContextVar[str | None] = contextvars.ContextVar("wwc_bot_token", default=None)
_TEAM: contextvars.ContextVar[str | None] = contextvars.ContextVar("wwc_team", default=None)


def note(token: str | None, team: str | None) -> None:
    """The work at hand acts for ``team`` with ``token`` (set by the first middleware, per request)."""
    _TOKEN.set(token)
    _TEAM.set(team)


@contextmanager
def acting_for(token: str | None, team: str | None) -> Iterator[None]:
    """Calls in this block use ``token`` (None: the client's own)."""
    tokens = _TOKEN.set(token), _TEAM.set(team)
    try:
        yield
    finally:
        _TOKEN.reset(tokens[0])
        _TEAM.reset(tokens[1])


def current_team() -> str | None:
    """The workspace (installation) the work at hand acts for, if one was noted."""
    return _TEAM.get()


class RoutingWebClient(KeepAliveWebClient):
    """The keep-alive client, whose token is the one noted for the work at hand (else its own)."""

    @property
    def token(self) -> str | None:
        return _TOKEN.get() or self._own_token

    @token.setter
    def token(self, value: str | None) -> None:
        self._own_token = value


class ContextExecutor(ThreadPoolExecutor):
    """A thread pool whose jobs run in a copy of the context they were submitted from."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        context = contextvars.copy_context()
        return super().submit(context.run, fn, *args, **kwargs)


class Installations:
    """Bot tokens by workspace from the OAuth installation store (none in single-token mode)."""

    def __init__(self, store: Any | None = None, default: str | None = None) -> None:
        self.store = store  # slack_sdk InstallationStore
        self.default = default

    def token(self, team: str | None) -> str | None:
        """The bot token of ``team``'s installation; the single token (or None) if there is no store."""
        if self.store is None or team is None:
            return self.default
        bot = self.store.find_bot(enterprise_id=None, team_id=team)
        if bot is None:  # a workspace of an Enterprise Grid organisation: its rows name the organisation too
            enterprise = self._enterprise_of(team)
            bot = self.store.find_bot(enterprise_id=enterprise, team_id=team) if enterprise else None
        if bot is None:
            log.warning("no installation for workspace %s", team)
            return None
        return bot.bot_token

    def _enterprise_of(self, team: str) -> str | None:
        """The organisation of ``team``'s latest installation (slack_sdk's SQLite store, its ``slack_bots`` table)."""
        connect = getattr(self.store, "connect", None)
        if connect is None or self.store is None:
            return None
        with connect() as conn:
            row = conn.execute(
                "SELECT enterprise_id FROM slack_bots WHERE client_id = ? AND team_id = ? AND enterprise_id != '' "
                "ORDER BY installed_at DESC LIMIT 1",
                [self.store.client_id, team],
            ).fetchone()
        return str(row[0]) if row else None
