"""Persistence for the assistant: one SQLite file, reached only through ``Store``.

>>> from bot.store import Store
>>> store = Store("wwc.db")   # runs pending migrations, turns on WAL
"""

from .models import (
    MIN_ELIGIBLE_POPULATION,
    AnswerRecord,
    Assessment,
    Assignment,
    City,
    EvidenceLink,
    HistoryEntry,
    Member,
    OutboxItem,
    Role,
    SentReminder,
)
from .store import Clock, ReadOnlyAssessment, Store, city_key, utcnow

__all__ = [
    "MIN_ELIGIBLE_POPULATION",
    "AnswerRecord",
    "Assessment",
    "Assignment",
    "City",
    "Clock",
    "EvidenceLink",
    "HistoryEntry",
    "Member",
    "OutboxItem",
    "ReadOnlyAssessment",
    "Role",
    "SentReminder",
    "Store",
    "city_key",
    "utcnow",
]
