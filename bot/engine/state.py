"""Per-user conversation state, stored as JSON by the store.

It never holds *which* criterion comes next: that is derived from the
answers (``progress.next_criterion``). It only remembers what the answers
cannot tell: the mode, the area the user chose, the question on screen
(for "why" and typed answers), a short back-stack, what they skipped, and
how many unusable messages came in a row. It also notes which assessment
it belongs to: when the lead starts a new year's checkup, everyone's
questions, skips and back-stack of last year are dropped.

```mermaid
stateDiagram-v2
    [*] --> new
    new --> city: any message
    city --> region: name without state/country
    city --> population: new city
    region --> population: new city
    city --> waiting: city already registered (ask its lead)
    region --> waiting
    population --> asking: city registered, user is lead
    waiting --> asking: the lead invited them
    asking --> asking: answer / skip / back / change / area
    asking --> evidence: "evidence" without a link
    evidence --> asking: link given / cancel
    asking --> gate: last criterion answered
    gate --> done: gate answered (report shown)
    asking --> paused: pause
    paused --> asking: continue (days later too)
    done --> asking: change CODE
    done --> asking: checkup (lead, a new year): last year's answers, "still true?"
    asking --> confirm_area: "still true for all of OD"
    confirm_area --> asking: yes (area confirmed) / no / anything else
```
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

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

    @property
    def onboarding(self) -> bool:
        return self in (Mode.NEW, Mode.CITY, Mode.REGION, Mode.POPULATION, Mode.WAITING)


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

    def start_over(self, assessment_id: int) -> None:
        """A new assessment (a checkup) began: forget the old one's questions, skips and back-stack."""
        self.assessment_id = assessment_id
        self.focus_area = self.last_asked = self.evidence_for = self.confirm_area = None
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
