"""Replies prepared while their input is being committed, and sent to Slack only once it is.

A typed input's replies are known before its transaction commits; the commit itself waits for the disk
(``synchronous=FULL``). So ``SlackService.handle`` hands the replies to the reply pool inside the
transaction, with a ``CommitGate``: the reply thread renders them and builds its Web API request while the
commit is syncing, and the request waits at the last moment, just before its first byte goes out
(``KeepAliveWebClient``; ``saved()`` before anything else that must see the committed input, such as a
report read from the database). Nothing reaches Slack before the commit; when the transaction rolls back,
``saved()`` raises ``NotSaved`` and nothing is sent at all.

Work with no gate (everything outside such a job) never waits.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_GATE: contextvars.ContextVar[CommitGate | None] = contextvars.ContextVar("wwc_commit_gate", default=None)


class NotSaved(Exception):
    """The input a job was prepared for was rolled back: the job must send nothing (never an ``OSError``, so no
    caller mistakes it for a Web API failure and queues the reply)."""


class CommitGate:
    """Resolved once by the thread that owns the transaction: committed, or not."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self._committed = False

    def resolve(self, committed: bool) -> None:
        self._committed = committed
        self._done.set()

    def wait(self) -> None:
        """Block until the transaction ended; ``NotSaved`` unless it committed."""
        self._done.wait()
        if not self._committed:
            raise NotSaved

    @contextmanager
    def held(self) -> Iterator[None]:
        """Work in this block (on this thread) waits for the gate wherever it calls ``saved()``."""
        token = _GATE.set(self)
        try:
            yield
        finally:
            _GATE.reset(token)


def saved() -> None:
    """Wait until the input the work at hand answers is committed (at once when there is no gate); ``NotSaved``
    if it was rolled back."""
    gate = _GATE.get()
    if gate is not None:
        gate.wait()
