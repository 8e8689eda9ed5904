"""The conversation as one table: mode x move -> handler, and the modes each handler may lead to.

A *move* is what a person's input is, decided in this order (``classify`` in ``engine.py``):

1. a pressed option (``answer:DM2:met``, ``skip:DM2`` ...) is that option;
2. while the assistant waits for a yes or no (modes ``confirm`` and ``offer``), a reply to it
   ("yes", "no", "in progress") answers that and nothing else;
3. a typed command that is the whole message ("skip", "status", "change DM2");
4. then ``reading.read_move``: leaving ("done for today"), a correction of an earlier answer
   ("I meant in progress", "DM1 is actually met"), a question ("what counts?"), and only then
   an answer in the person's own words (``text``).

Handlers return a ``Step``: the messages and the next mode. The engine sets the mode from the
step and checks it against the row's ``to``; a test checks the rows against the state diagram
in ``state.py``. ``ANY`` rows apply in every mode of a city's member that has no row of its own
for that move; ``SAME`` means the mode does not change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from .messages import Message
from .state import Mode

if TYPE_CHECKING:  # pragma: no cover
    pass

log = logging.getLogger(__name__)


class Move(str, Enum):
    ANSWER = "answer"  # an answer option pressed (or its number typed in the terminal)
    TEXT = "text"  # free text: an answer in the person's words, a link, a gate choice...
    REPLY_YES = "reply_yes"  # "yes" to the assistant's own question
    REPLY_NO = "reply_no"
    REPLY_OUTCOME = "reply_outcome"  # "no, in progress": the outcome named instead
    KEEP = "keep"  # "leave it as it is" pressed on a confirmation
    CORRECTION = "correction"
    LEAVE = "leave"
    QUESTION = "question"
    JOINED = "joined"  # the first message after the lead let the person in
    WHY = "why"
    SKIP = "skip"
    BACK = "back"
    CHANGE = "change"
    CHANGE_OUTCOME = "change_outcome"
    AREA = "area"
    EVIDENCE = "evidence"
    REMOVE_EVIDENCE = "remove_evidence"
    STATUS = "status"
    PAUSE = "pause"
    CONTINUE = "continue"
    HELP = "help"
    HELP_HERE = "help_here"
    REPORT = "report"
    ROADMAP = "roadmap"
    REVIEW = "review"
    HISTORY = "history"
    ASSIGN = "assign"
    INVITE = "invite"
    REMOVE_MEMBER = "remove_member"
    HAND_OVER = "hand_over"
    GATE = "gate"
    CHECKUP = "checkup"
    STILL_TRUE = "still_true"  # a checkup's "still true" for one criterion
    CONFIRM_AREA = "confirm_area"
    CANCEL = "cancel"
    LANGUAGE = "language"  # "en español", "language pt": the person's language, then what was on screen
    IGNORED = "ignored"  # an option value that means nothing here (stale or forged)


class _Same:
    def __repr__(self) -> str:
        return "SAME"


SAME: Any = _Same()  # the mode the input came in
ANY = "any"


@dataclass
class Step:
    """What a handler did: the messages to send and the mode the conversation is in next."""

    messages: list[Message]
    mode: Mode

    def __radd__(self, other: list[Message]) -> Step:  # [message] + step
        return Step(list(other) + self.messages, self.mode)

    def __add__(self, other: list[Message]) -> Step:  # step + [message]
        return Step(self.messages + list(other), self.mode)


Handler = Callable[[Any, Any, Any], Step]  # (engine, Session or OnboardingInput, Command or None)


@dataclass(frozen=True)
class Row:
    handler: Handler
    to: frozenset[Any] = field(default_factory=lambda: frozenset({SAME}))


def row(handler: Handler, *to: Any) -> Row:
    return Row(handler, frozenset(to or (SAME,)))


FLOW = (Mode.ASKING, Mode.GATE, Mode.DONE)  # where "ask the next question" can lead


class Table:
    """Rows keyed by (mode or ANY, move)."""

    def __init__(self, rows: dict[tuple[Mode | str, Move], Row]) -> None:
        self.rows = rows

    def find(self, mode: Mode, move: Move) -> Row | None:
        return self.rows.get((mode, move)) or self.rows.get((ANY, move))

    def transitions(self) -> set[tuple[str, str, str]]:
        """(from, to, move) for every change of mode the table allows (``SAME`` is no change)."""
        out = set()
        for (mode, move), r in self.rows.items():
            source = mode.value if isinstance(mode, Mode) else mode
            for target in r.to:
                if target is SAME:
                    continue
                if target.value != source or isinstance(mode, Mode):
                    out.add((source, target.value, move.value))
        return out


def check(table: Table, mode: Mode, move: Move, step: Step) -> None:
    """Log (and let tests fail on) a handler that led somewhere its row does not allow."""
    r = table.find(mode, move)
    if r is None:
        return
    allowed = {mode if t is SAME else t for t in r.to}
    if step.mode not in allowed:
        log.error(
            "conversation: %s in mode %s led to %s, not in %s",
            move.value,
            mode.value,
            step.mode.value,
            sorted(m.value for m in allowed),
        )
        VIOLATIONS.append((mode, move, step.mode))


VIOLATIONS: list[tuple[Mode, Move, Mode]] = []  # tests assert this stays empty


def diagram_edges(doc: str) -> set[tuple[str, str, str]]:
    """(from, to, label) for every ``a --> b: label`` line of a mermaid state diagram."""
    edges = set()
    for line in doc.splitlines():
        line = line.strip()
        if "-->" not in line or ":" not in line or line.startswith("[*]"):
            continue
        left, _, label = line.partition(":")
        source, _, target = left.partition("-->")
        edges.add((source.strip(), target.strip(), label.strip()))
    return edges

