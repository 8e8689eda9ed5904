"""How the listeners' Web API client retries: replies outlast a short Slack outage, and are never posted twice.

slack_sdk retries only connection errors by default. Added: a 429 is retried
after Slack's ``Retry-After``, a 500/503 with exponential backoff (0.5, 1, 2 s
plus jitter), both up to ``RETRIES`` times in all; and a call that timed out is
retried only if repeating it cannot post anything twice (reads, and writes that
set a state: ``chat.update``, ``views.publish``). ``chat.postMessage`` is never
repeated after a timeout: Slack may have posted it.
"""

from __future__ import annotations

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


class SafeTimeoutRetryHandler(RetryHandler):
    """Retries a call that timed out, if it is in ``SAFE_TO_REPEAT``."""

    def _can_retry(self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
                   error: Exception | None = None) -> bool:
        method = request.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        return response is None and isinstance(error, TimeoutError) and method in SAFE_TO_REPEAT


def listener_retries() -> list[RetryHandler]:
    return [
        ConnectionErrorRetryHandler(),
        RateLimitErrorRetryHandler(max_retry_count=RETRIES),
        ServerErrorRetryHandler(max_retry_count=RETRIES),
        SafeTimeoutRetryHandler(max_retry_count=RETRIES),
    ]
