"""Per-user conversation state, stored as JSON by the store.

It never holds *which* criterion comes next: that is derived from the
answers (``progress.next_criterion``). It only remembers what the answers
cannot tell: the mode, the area the user chose, the question on screen
(for "why" and typed answers), a short back-stack, what they skipped, and
how many unusable messages came in a row, and what the assistant is waiting
for a yes or no on (``pending``: a reading to confirm, a change of a
colleague's answer, an offer to start an area). It also notes which assessment
it belongs to: when the lead starts a new year's checkup, everyone's
questions, skips and back-stack of last year are dropped.

The diagram below is the conversation's contract: ``bot/engine/conversation.py``
holds the same transitions as a table (mode x move -> handler and the modes it
may lead to), and a test keeps the two in step. ``any`` stands for every mode
of a city's member (not onboarding); edge labels are moves.

```mermaid
stateDiagram-v2
    %% Generated from and checked against bot/engine/conversation.py's table (tests/engine/test_conversation_table.py).
    %% Edge labels are moves; "any" is every mode of a city's member. Moves that keep the mode are not drawn.
    [*] --> new
    new --> city: continue
    new --> city: language
    new --> asking: joined
    new --> done: joined
    new --> gate: joined
    new --> city: text
    new --> population: text
    new --> waiting: text
    city --> asking: joined
    city --> done: joined
    city --> gate: joined
    city --> population: text
    city --> region: text
    city --> waiting: text
    region --> asking: joined
    region --> done: joined
    region --> gate: joined
    region --> population: text
    region --> region: text
    region --> waiting: text
    population --> asking: joined
    population --> done: joined
    population --> gate: joined
    population --> asking: text
    population --> waiting: text
    waiting --> asking: joined
    waiting --> done: joined
    waiting --> gate: joined
    waiting --> population: text
    waiting --> region: text
    asking --> asking: text
    asking --> confirm: text
    asking --> done: text
    asking --> gate: text
    confirm --> asking: answer
    confirm --> confirm: answer
    confirm --> done: answer
    confirm --> gate: answer
    confirm --> asking: keep
    confirm --> done: keep
    confirm --> gate: keep
    confirm --> asking: reply_no
    confirm --> done: reply_no
    confirm --> gate: reply_no
    confirm --> asking: reply_outcome
    confirm --> confirm: reply_outcome
    confirm --> done: reply_outcome
    confirm --> gate: reply_outcome
    confirm --> asking: reply_yes
    confirm --> confirm: reply_yes
    confirm --> done: reply_yes
    confirm --> gate: reply_yes
    confirm --> asking: text
    confirm --> confirm: text
    confirm --> done: text
    confirm --> gate: text
    offer --> asking: reply_no
    offer --> done: reply_no
    offer --> gate: reply_no
    offer --> asking: reply_yes
    offer --> done: reply_yes
    offer --> gate: reply_yes
    evidence --> asking: cancel
    evidence --> done: cancel
    evidence --> gate: cancel
    evidence --> asking: text
    evidence --> done: text
    evidence --> gate: text
    gate --> asking: text
    gate --> confirm: text
    gate --> done: text
    gate --> gate: text
    paused --> asking: cancel
    paused --> done: cancel
    paused --> gate: cancel
    paused --> asking: continue
    paused --> done: continue
    paused --> gate: continue
    paused --> asking: text
    paused --> done: text
    paused --> gate: text
    confirm_area --> asking: cancel
    confirm_area --> done: cancel
    confirm_area --> gate: cancel
    confirm_area --> asking: text
    confirm_area --> confirm: text
    confirm_area --> done: text
    confirm_area --> gate: text
    done --> asking: text
    done --> confirm: text
    done --> done: text
    done --> gate: text
    any --> asking: answer
    any --> confirm: answer
    any --> done: answer
    any --> gate: answer
    any --> asking: area
    any --> done: area
    any --> gate: area
    any --> asking: back
    any --> done: back
    any --> gate: back
    any --> asking: cancel
    any --> done: cancel
    any --> gate: cancel
    any --> asking: change
    any --> gate: change_outcome
    any --> asking: checkup
    any --> done: checkup
    any --> gate: checkup
    any --> asking: confirm_area
    any --> confirm_area: confirm_area
    any --> done: confirm_area
    any --> gate: confirm_area
    any --> asking: continue
    any --> done: continue
    any --> gate: continue
    any --> asking: correction
    any --> confirm: correction
    any --> done: correction
    any --> gate: correction
    any --> evidence: evidence
    any --> asking: gate
    any --> done: gate
    any --> gate: gate
    any --> paused: leave
    any --> paused: pause
    any --> offer: question
    any --> asking: skip
    any --> done: skip
    any --> gate: skip
    any --> asking: still_true
    any --> done: still_true
    any --> gate: still_true
    any --> asking: text
    any --> confirm: text
    any --> done: text
    any --> gate: text
```

"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from wwc_rules import Outcome

BACK_STACK = 10


class Mode(str, Enum):
    NEW = "new"
    CITY = "city"
    REGION = "region"
    POPULATION = "population"
    WAITING = "waiting"
    ASKING = "asking"
    EVIDENCE = "evidence"
    GATE = "gate"
    PAUSED = "paused"
    DONE = "done"
    CONFIRM_AREA = "confirm_area"  # asked whether all of an area's answers of last year are still true
    CONFIRM = "confirm"  # a reading, a correction or a change of a colleague's answer awaits yes or no
    OFFER = "offer"  # an answer to a question offered to start a practice area

    @property
    def onboarding(self) -> bool:
        return self in (Mode.NEW, Mode.CITY, Mode.REGION, Mode.POPULATION, Mode.WAITING)


class Pending(BaseModel):
    """What the assistant asked a yes or no about, and where the conversation goes back to after."""

    model_config = ConfigDict(extra="ignore")

    kind: Literal["answer", "correction", "overwrite", "offer", "gate"]
    code: str | None = None  # the criterion it is about
    outcome: Outcome | None = None  # the reading shown first (or the change asked about)
    gate: str | None = None  # a gate option id ("none" for not yet)
    words: str | None = None  # the person's own words, kept with the answer
    links: list[str] = Field(default_factory=list)
    area: str | None = None  # an offer to start this area
    back_to: Mode = Mode.ASKING


class ConversationState(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    mode: Mode = Mode.NEW
    focus_area: str | None = None
    last_asked: str | None = None
    back: list[str] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list)
    failures: int = 0
    evidence_for: str | None = None
    draft_city: str | None = None
    draft_region: str | None = None
    confirm_area: str | None = None  # the area awaiting "yes, all still true"
    assessment_id: int | None = None  # the assessment the fields above refer to
    pending: Pending | None = None  # see ``Pending``; only in the CONFIRM and OFFER modes
    last_answered: str | None = None  # the answer a correction ("I meant in progress") changes

    def start_over(self, assessment_id: int) -> None:
        """A new assessment (a checkup) began: forget the old one's questions, skips and back-stack."""
        self.assessment_id = assessment_id
        self.focus_area = self.last_asked = self.evidence_for = self.confirm_area = None
        self.pending, self.last_answered = None, None
        self.back, self.skipped, self.failures = [], [], 0
        if not self.mode.onboarding:
            self.mode = Mode.ASKING

    def push_back(self, code: str) -> None:
        """Remember ``code`` as the question to return to on "back"."""
        if self.back and self.back[-1] == code:
            return
        self.back = (self.back + [code])[-BACK_STACK:]

    def skip(self, code: str) -> None:
        self.skipped = [c for c in self.skipped if c != code] + [code]

    def unskip(self, code: str) -> None:
        if code in self.skipped:
            self.skipped = [c for c in self.skipped if c != code]
