"""People talking to the engine across two years, for the annual checkup tests."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from conversation import FIRST_DAY, Chat, FakeClock  # noqa: F401 (re-exported for the checkup tests)
from situations import saved

from bot.engine import Actor, Engine, Message
from bot.store import Assessment, Store
from bot.store.reporting import city_assessments
from knowledge import load_knowledge
from wwc_rules import Outcome, load_standard

STANDARD = load_standard()
KB = load_knowledge(STANDARD)
CODES = [c.code for c in STANDARD.criteria]
NEXT_YEAR = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)


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
    assert "*WWC self-assessment: " in chat.text


ANA = Actor(workspace="T1", user="U_ANA", name="Ana")


@cache
def tempe_after_2026() -> tuple[bytes, tuple[Message, ...]]:
    """Tempe's database once Ana registered it, invited Ben and completed 2026 (on 2 March 2026), and the
    replies she saw last; built through the engine once per test process, copied for every test that needs it."""
    clock = FakeClock()
    store = Store(":memory:", clock=clock)
    chat = register(Chat(Engine(store, STANDARD, clock=clock), ANA))
    chat.say("invite U_BEN")
    complete_first_year(chat)
    return saved(store), tuple(chat.replies)


def assessments(store: Store, user: str = "U_ANA", workspace: str = "T1") -> list[Assessment]:
    """The assessments of ``user``'s city, oldest first."""
    city = store.city_of(workspace, user)
    assert city is not None
    return city_assessments(store, city.id, STANDARD.id)
