"""People talking to the engine across two years, for the annual checkup tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.engine import Actor, Engine, Message, UserInput
from bot.store import Assessment, Store
from bot.store.reporting import city_assessments
from knowledge import load_knowledge
from wwc_rules import Outcome, load_standard

STANDARD = load_standard()
KB = load_knowledge(STANDARD)
CODES = [c.code for c in STANDARD.criteria]
FIRST_DAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NEXT_YEAR = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, start: datetime = FIRST_DAY) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


class Chat:
    """One person talking to the engine; keeps the last replies for assertions."""

    def __init__(self, engine: Engine, actor: Actor) -> None:
        self.engine = engine
        self.actor = actor
        self.replies: list[Message] = []

    def say(self, text: str) -> list[Message]:
        self.replies = self.engine.handle(self.actor, UserInput(text=text))
        return self.replies

    def press(self, value: str) -> list[Message]:
        self.replies = self.engine.handle(self.actor, UserInput(action=value))
        return self.replies

    def open(self) -> list[Message]:
        self.replies = self.engine.begin(self.actor)
        return self.replies

    @property
    def text(self) -> str:
        return "\n".join(m.text for m in self.replies)

    @property
    def asked(self) -> str | None:
        """The criterion of the last question shown."""
        return self.replies[-1].criterion if self.replies else None

    @property
    def values(self) -> list[str]:
        """Every option value offered in the last replies."""
        return [o.value for m in self.replies for o in m.options]


def register(chat: Chat, city: str = "Tempe, AZ") -> Chat:
    """Name a new city and its population: ``chat`` becomes its lead."""
    for text in ("hi", city, "185000"):
        chat.say(text)
    return chat


def first_year(i: int) -> Outcome:
    """Last year's answers: mostly met, with some of each other outcome."""
    return [Outcome.MET, Outcome.MET, Outcome.IN_PROGRESS, Outcome.NOT_YET, Outcome.MET, Outcome.NOT_SURE][i % 6]


FIRST_YEAR = {code: first_year(i) for i, code in enumerate(CODES)}
EVIDENCE = {code: f"https://tempe.gov/evidence/{code.lower()}.pdf" for code in CODES[:10]}


def complete_first_year(chat: Chat, answers: dict[str, Outcome] = FIRST_YEAR, gate: str = "gate:broadband") -> None:
    """Answer every criterion by pressing buttons (with evidence on some), then the outcome gate."""
    for code, outcome in answers.items():
        if code in EVIDENCE:
            chat.say(f"evidence {code} {EVIDENCE[code]} adopted by council")
        chat.press(f"answer:{code}:{outcome.value}")
    chat.press(gate)
    assert "Certification report" in chat.text


def assessments(store: Store, user: str = "U_ANA", workspace: str = "T1") -> list[Assessment]:
    """The assessments of ``user``'s city, oldest first."""
    city = store.city_of(workspace, user)
    assert city is not None
    return city_assessments(store, city.id, STANDARD.id)
