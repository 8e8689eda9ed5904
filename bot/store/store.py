"""``Store``: every read and write of the assistant's SQLite database.

Only this package knows table names. Writes run in ``BEGIN IMMEDIATE``
transactions and are committed before the method returns, so a reply sent
after a call never announces something a crash could lose. Writes are
idempotent: the same answer twice leaves one row and one history entry.

One file serves many threads and processes: WAL mode lets readers work
while one writer commits, ``busy_timeout`` makes writers queue instead of
failing, each thread reads on its own connection, and a process's write
transactions take turns on one.

``Store`` is put together from one mixin per concern (``cities``, ``team``,
``answers``, ``conversations``, ``outbox_store``, ``reminders``, ``events``,
``languages``, ``invitations``) over ``base.StoreBase``; ``interfaces`` has
the typed interface of each. City identity (``city_key``) is in
``city_identity`` and is also importable from here.
"""

from __future__ import annotations

from .answers import AnswersStore, ReadOnlyAssessment
from .base import BUSY_TIMEOUT_MS, Clock, StoreBase, utcnow
from .cities import CitiesStore
from .city_identity import (
    CANADIAN_PROVINCES,
    REGION_CODES,
    REGION_NAMES,
    US_STATES,
    city_key,
    city_name_key,
    fold,
    mixed_scripts,
    region_code,
    strip_invisible,
)
from .conversations import ConversationsStore
from .events import EventsStore
from .interfaces import StoreLike
from .invitations import InvitationsStore
from .languages import LanguagesStore
from .outbox_store import OutboxStore
from .reminders import RemindersStore
from .team import TeamStore

__all__ = [
    "BUSY_TIMEOUT_MS",
    "CANADIAN_PROVINCES",
    "REGION_CODES",
    "REGION_NAMES",
    "US_STATES",
    "Clock",
    "ReadOnlyAssessment",
    "Store",
    "city_key",
    "city_name_key",
    "fold",
    "mixed_scripts",
    "region_code",
    "strip_invisible",
    "utcnow",
]


class Store(
    CitiesStore,
    TeamStore,
    AnswersStore,
    ConversationsStore,
    OutboxStore,
    RemindersStore,
    EventsStore,
    LanguagesStore,
    InvitationsStore,
    StoreBase,
):
    """The assistant's database. ``Store(":memory:")`` is for single-threaded tests.

    >>> store = Store(":memory:")
    >>> city, created = store.create_city("local", "Tempe", "AZ", 185_000, lead="ana", lead_name="Ana")
    >>> store.city_of("local", "ana").name, created
    ('Tempe', True)
    """


def _implements(store: Store) -> StoreLike:
    """Never called: mypy checks here that ``Store`` implements every interface of ``interfaces.StoreLike``."""
    return store
