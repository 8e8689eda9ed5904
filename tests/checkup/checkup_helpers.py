"""People talking to the engine across two years, for the annual checkup tests."""

from __future__ import annotations

from datetime import UTC, datetime

from conversation import FIRST_DAY, Chat, FakeClock  # noqa: F401 (re-exported for the checkup tests)

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


def assessments(store: Store, user: str = "U_ANA", workspace: str = "T1") -> list[Assessment]:
    """The assessments of ``user``'s city, oldest first."""
    city = store.city_of(workspace, user)
    assert city is not None
    return city_assessments(store, city.id, STANDARD.id)
