"""How the listeners' Web API client retries: replies outlast a short Slack outage, and are never posted twice.

slack_sdk retries only connection errors by default. Added: a 429 is retried
after Slack's ``Retry-After``, a 500/503 with exponential backoff (0.5, 1, 2 s
plus jitter), both up to ``RETRIES`` times in all; and a call that timed out is
retried only if repeating it cannot post anything twice (reads, and writes that
set a state: ``chat.update``, ``views.publish``). ``chat.postMessage`` is never
repeated after a timeout: Slack may have posted it.

Every wait between two tries goes through ``pause`` (``time.sleep``): a test
passes one that it can speed up or cut short, so it never waits on real time.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from slack_sdk.http_retry import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler, RetryHandler
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

RETRIES = 3
SAFE_TO_REPEAT = frozenset({
    "auth.test", "users.info", "conversations.open", "conversations.info", "conversations.history",
    "chat.update", "views.publish",
})

Pause = Callable[[float], object]


class _Pausing(RetryHandler):
    """slack_sdk's wait before the next try, through ``pause`` instead of ``time.sleep``."""

    pause: Pause = time.sleep

    def prepare_for_next_attempt(self, *, state: RetryState, request: HttpRequest,
                                 response: HttpResponse | None = None, error: Exception | None = None) -> None:
        state.next_attempt_requested = True
        self.pause(self._interval(state, response))
        state.increment_current_attempt()

    def _interval(self, state: RetryState, response: HttpResponse | None) -> float:
        return self.interval_calculator.calculate_sleep_duration(state.current_attempt)


class _ConnectionErrors(_Pausing, ConnectionErrorRetryHandler):
    pass


class _ServerErrors(_Pausing, ServerErrorRetryHandler):
    pass


class _RateLimits(_Pausing, RateLimitErrorRetryHandler):
    def _interval(self, state: RetryState, response: HttpResponse | None) -> float:
        """Slack's ``Retry-After`` (1 s without one) and up to a second of jitter, as slack_sdk waits."""
        for name, values in (response.headers if response is not None else {}).items():
            if name.lower() == "retry-after":
                try:
                    return max(float(values[0]), 0.0) + random.random()
                except (IndexError, TypeError, ValueError):
                    break
        return 1.0 + random.random()


class SafeTimeoutRetryHandler(_Pausing):
    """Retries a call that timed out, if it is in ``SAFE_TO_REPEAT``."""

    def _can_retry(self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
                   error: Exception | None = None) -> bool:
        method = request.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        return response is None and isinstance(error, TimeoutError) and method in SAFE_TO_REPEAT


def listener_retries(pause: Pause = time.sleep) -> list[RetryHandler]:
    """The listeners' retry handlers; each waits between tries with ``pause(seconds)``."""
    handlers: list[_Pausing] = [
        _ConnectionErrors(),
        _RateLimits(max_retry_count=RETRIES),
        _ServerErrors(max_retry_count=RETRIES),
        SafeTimeoutRetryHandler(max_retry_count=RETRIES),
    ]
    for handler in handlers:
        handler.pause = pause
    return list(handlers)
