"""Who a Slack user is: display name and admin flag, from ``users.info``, cached.

A name is looked up before Slack gets its ack (the actor of every input),
so that lookup has a short timeout and no retry waits: Slack allows 3 s in
all, and a name can be filled in later. The admin flag (who may announce)
is asked the same quick way, since ``/wwc announce`` is queued before its
ack; when Slack cannot answer in time it is unknown (None), not False.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from .tokens import RoutingWebClient

NAME_TIMEOUT = 1.5  # seconds for a name lookup (it delays the ack)


@dataclass(frozen=True)
class Person:
    id: str
    name: str | None
    is_admin: bool  # a workspace Admin, Owner or Primary Owner
    tz_offset: int | None = None  # seconds east of UTC in the person's Slack time zone (None: unknown)
    locale: str | None = None  # the person's Slack language ("es-LA", "pt-BR"), asked with include_locale


class Directory:
    """``users.info`` lookups, kept for ``ttl`` seconds (names rarely change; admin rights matter sooner)."""

    def __init__(self, client: WebClient, ttl: float = 300.0) -> None:
        self.client = client
        self.quick = RoutingWebClient(token=client.token, base_url=client.base_url, timeout=NAME_TIMEOUT,
                                        retry_handlers=[])
        self.ttl = ttl
        self._cache: dict[str, tuple[float, Person]] = {}
        self._lock = threading.Lock()

    def person(self, user: str, *, quick: bool = False) -> Person:
        """The user's name and admin flag; ``quick`` gives up fast (no name, no admin) when Slack is slow."""
        hit = self._cached(user)
        if hit is not None and hit[0]:
            return hit[1]
        try:
            return self._lookup(user, quick)
        except (SlackApiError, OSError):  # an error answer, a timeout, a refused connection: no name, no admin
            return hit[1] if hit else Person(user, None, False)

    def name(self, user: str) -> str | None:
        return self.person(user, quick=True).name

    def tz_offset(self, user: str) -> int | None:
        """The person's offset from UTC in seconds (their Slack time zone); None if Slack could not say."""
        return self.person(user).tz_offset

    def locale(self, user: str) -> str | None:
        """The person's Slack locale (asked quickly; None when Slack could not say in time)."""
        return self.person(user, quick=True).locale

    def cached_locale(self, user: str) -> str | None:
        """The person's Slack locale as last seen (fresh or not), without asking Slack; None if never seen."""
        hit = self._cached(user)
        return hit[1].locale if hit else None

    def admin(self, user: str) -> bool | None:
        """Whether ``user`` is a workspace Admin or Owner (asked quickly); None if Slack could not say in time."""
        hit = self._cached(user)
        if hit is not None and hit[0]:
            return hit[1].is_admin
        try:
            return self._lookup(user, quick=True).is_admin
        except SlackApiError as err:
            if err.response.status_code >= 500 or err.response.status_code == 429:
                return None
            return False  # user_not_found and the like: not an admin
        except OSError:  # a timeout, a refused connection
            return None

    def _cached(self, user: str) -> tuple[bool, Person] | None:
        """``(fresh, person)`` from the cache, or None."""
        with self._lock:
            hit = self._cache.get(user)
        return (time.monotonic() - hit[0] < self.ttl, hit[1]) if hit else None

    def _lookup(self, user: str, quick: bool) -> Person:
        info = (self.quick if quick else self.client).users_info(user=user, include_locale=True)["user"]
        profile = info.get("profile") or {}
        name = profile.get("display_name") or profile.get("real_name") or info.get("real_name") or info.get("name")
        admin = bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner"))
        offset = info.get("tz_offset")
        locale = info.get("locale") if isinstance(info.get("locale"), str) else None
        person = Person(user, name or None, admin, int(offset) if isinstance(offset, (int, float)) else None, locale)
        with self._lock:
            self._cache[user] = (time.monotonic(), person)
        return person
