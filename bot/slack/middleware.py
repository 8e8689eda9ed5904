"""Cross-cutting Bolt middleware: Slack's retried events are handled once."""

from __future__ import annotations

import logging
from typing import Callable

from slack_bolt import BoltRequest, BoltResponse

from bot.store import Store

log = logging.getLogger(__name__)


def once_per_event(store: Store) -> Callable[..., BoltResponse]:
    """Middleware: an ``event_callback`` whose ``event_id`` was seen before is acknowledged and dropped.

    Slack re-sends an event (``X-Slack-Retry-Num``) when it did not see our
    200 in time; the id is recorded durably, so a retry after a restart is
    dropped too.
    """

    def middleware(req: BoltRequest, body: dict, next: Callable[[], BoltResponse]) -> BoltResponse:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not store.mark_event_processed(event_id):
            retry = (req.headers.get("x-slack-retry-num") or ["0"])[0]
            log.info("event %s already handled; dropping the retry (attempt %s)", event_id, retry)
            return BoltResponse(status=200, body="")
        return next()

    return middleware
