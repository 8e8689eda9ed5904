"""Work after the ack (posting replies) runs here, off Bolt's listener threads, in order for each person.

Bolt runs a listener's ack and whatever follows it on one of its executor's
threads. Posting a reply takes one Web API call or more; with Slack
answering slowly (seconds a call) a burst of presses would hold every thread
on posting, and the next press would wait for a free thread before it could
even be acknowledged (Slack gives up after 3 s). So a listener saves, acks,
and hands the posting to ``Replies``: a small pool of its own threads, with
one queue per person so that the replies to two quick inputs arrive in the
order of the inputs. An error in a job is logged, never raised (the input
was recorded and acknowledged already).
"""

from __future__ import annotations

import contextvars
import logging
import threading
from collections import deque
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger(__name__)

REPLY_THREADS = 32


class Replies:
    """Run jobs on a pool of ``threads``; the jobs of one key run one at a time, in the order given."""

    def __init__(self, threads: int = REPLY_THREADS) -> None:
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="wwc-reply")
        self._queues: dict[Hashable, deque[tuple[str, Callable[[], object], contextvars.Context]]] = {}
        self._lock = threading.Condition()

    def submit(self, key: Hashable, what: str, job: Callable[[], object]) -> None:
        """Queue ``job`` (described as ``what`` in logs) behind the key's earlier jobs; it runs in a copy of the
        caller's context (the workspace it acts for, ``tokens``)."""
        item = (what, job, contextvars.copy_context())
        with self._lock:
            queue = self._queues.get(key)
            if queue is not None:
                queue.append(item)
                return
            self._queues[key] = deque([item])
        self._pool.submit(self._run, key)

    def _run(self, key: Hashable) -> None:
        while True:
            with self._lock:
                queue = self._queues[key]
                if not queue:
                    del self._queues[key]
                    self._lock.notify_all()
                    return
                what, job, context = queue[0]
            try:
                context.run(job)
            except Exception:
                log.exception("%s failed after the ack", what)
            with self._lock:
                queue.popleft()

    def idle(self, timeout: float | None = None) -> bool:
        """Wait until no job is queued or running (tests, shutdown); False if ``timeout`` ran out first."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._queues, timeout)

    def shutdown(self, timeout: float = 15.0) -> None:
        self.idle(timeout)
        self._pool.shutdown(wait=False)
