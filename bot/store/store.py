"""``Store``: every read and write of the assistant's SQLite database.

Only this package knows table names. Writes run in ``BEGIN IMMEDIATE``
transactions and are committed before the method returns, so a reply sent
after a call never announces something a crash could lose. Writes are
idempotent: the same answer twice leaves one row and one history entry.

One file serves many threads and processes: WAL mode lets readers work
while one writer commits, ``busy_timeout`` makes writers queue instead of
failing, each thread reads on its own connection, and a process's write
transactions take turns on one.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pydantic_core
from sqlite_utils import Database

from wwc_rules import Outcome

from . import migrations
from .models import (
    MIN_ELIGIBLE_POPULATION,
    AnswerRecord,
    Assessment,
    Assignment,
    City,
    EvidenceLink,
    HistoryEntry,
    LivePrompt,
    Member,
    OutboxItem,
    Role,
    SentReminder,
)

Clock = Callable[[], datetime]
_OUTCOMES = {o.value: o for o in Outcome}  # a dict look-up, several times faster than Outcome(value)
BUSY_TIMEOUT_MS = 10_000


class ReadOnlyAssessment(ValueError):
    """The assessment was followed by a later year's checkup: it is kept as it was."""


def utcnow() -> datetime:
    return datetime.now(UTC)


# ------------------------------------------------------------ city identity
# One city, one key: "the City of Riverton, Ohio", "Riverton OH" and "RIVERTON, OH." are the same
# city. The tables below also serve the engine's parsing of city names (bot.engine.matching).


def _pairs(text: str) -> dict[str, str]:
    return dict(pair.strip().split(":") for pair in text.split(","))


US_STATES = _pairs(
    "alabama:AL, alaska:AK, arizona:AZ, arkansas:AR, california:CA, colorado:CO, connecticut:CT, "
    "delaware:DE, florida:FL, georgia:GA, hawaii:HI, idaho:ID, illinois:IL, indiana:IN, iowa:IA, "
    "kansas:KS, kentucky:KY, louisiana:LA, maine:ME, maryland:MD, massachusetts:MA, michigan:MI, "
    "minnesota:MN, mississippi:MS, missouri:MO, montana:MT, nebraska:NE, nevada:NV, new hampshire:NH, "
    "new jersey:NJ, new mexico:NM, new york:NY, north carolina:NC, north dakota:ND, ohio:OH, oklahoma:OK, "
    "oregon:OR, pennsylvania:PA, rhode island:RI, south carolina:SC, south dakota:SD, tennessee:TN, "
    "texas:TX, utah:UT, vermont:VT, virginia:VA, washington:WA, west virginia:WV, wisconsin:WI, "
    "wyoming:WY, district of columbia:DC, washington dc:DC, puerto rico:PR"
)
CANADIAN_PROVINCES = _pairs(
    "alberta:AB, british columbia:BC, manitoba:MB, new brunswick:NB, newfoundland and labrador:NL, "
    "newfoundland:NL, nova scotia:NS, northwest territories:NT, nunavut:NU, ontario:ON, "
    "prince edward island:PE, quebec:QC, saskatchewan:SK, yukon:YT, yukon territory:YT, "
    "colombie britannique:BC, nouveau brunswick:NB, terre neuve et labrador:NL, nouvelle ecosse:NS, "
    "territoires du nord ouest:NT, ile du prince edouard:PE"
)
# Names of states and provinces (case and accent folded, words single-spaced) -> their two-letter code.
REGION_NAMES = {**US_STATES, **CANADIAN_PROVINCES}
REGION_CODES = frozenset(REGION_NAMES.values())
# Abbreviations that name a state only in the state's place ("Riverton, Calif."; "PQ" is Quebec's old code).
_REGION_ABBREVIATIONS = _pairs(
    "ala:AL, ariz:AZ, ark:AR, calif:CA, cal:CA, colo:CO, conn:CT, del:DE, fla:FL, ill:IL, ind:IN, "
    "kan:KS, kans:KS, mass:MA, mich:MI, minn:MN, miss:MS, mont:MT, neb:NE, nebr:NE, nev:NV, okla:OK, "
    "ore:OR, penn:PA, penna:PA, tenn:TN, tex:TX, wash:WA, wis:WI, wisc:WI, wyo:WY, pq:QC, que:QC, ont:ON, "
    "alta:AB, sask:SK, man:MB"
)
_REGION_PREFIXES = (("state", "of"), ("commonwealth", "of"), ("province", "of"), ("territory", "of"))
# Other spellings of a country, folded, -> one spelling ("Brasil" = "Brazil"; accents are folded anyway).
_COUNTRIES = _pairs(
    "brasil:brazil, republica federativa do brasil:brazil, estados unidos mexicanos:mexico, mejico:mexico, "
    "republica de colombia:colombia, espana:spain, republica dominicana:dominican republic, belice:belize, "
    "usa:united states, us:united states, united states of america:united states, estados unidos:united states, "
    "eeuu:united states, eua:united states, uk:united kingdom, great britain:united kingdom"
)
# Words before a city's own name that do not make it another city ("City of", "Prefeitura de").
_DESIGNATORS = tuple(
    tuple(d.split())
    for d in (
        "city and county of | city of | town of | village of | borough of | township of | municipality of | "
        "ciudad de | municipio de | municipalidad de | cidade de | cidade do | cidade da | municipio do | "
        "municipio da | prefeitura de | prefeitura do | prefeitura da | prefeitura municipal de | "
        "prefeitura da cidade de | prefeitura da cidade do | ville de | municipalite de"
    ).split(" | ")
)
_ARTICLES = frozenset({"the", "la", "el", "a", "o", "le", "l"})  # dropped before a designator ("la ciudad de")
_SHORT_WORDS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_KEY_WORD = re.compile(r"[^\W_]+")


_UNACCENTED = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})


# Letters of other scripts that look like Latin ones ("Tеmpe" with a Cyrillic е is still Tempe).
_CONFUSABLE = str.maketrans(
    {
        **dict(zip("аеорсхуікјѕԁһԛԝвнмтзпл", "aeopcxyikjsdhqwbhmt3nn")),
        **dict(zip("αβεικνορτυχωζ", "abeiknoptuxwz")),
        "ɡ": "g", "ɩ": "i", "ɑ": "a", "ſ": "s",
    }
)


def strip_invisible(text: str) -> str:
    """Text without zero-width and other invisible format characters (Unicode category Cf)."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def fold(text: str) -> str:
    """Unicode NFKC, invisible characters removed, case folded, look-alike letters of other scripts
    read as Latin, accents dropped: "Bogotá", "BOGOTA" and "Воgota" (a Cyrillic В) are all "bogota"."""
    text = strip_invisible(unicodedata.normalize("NFKC", text)).casefold().translate(_UNACCENTED)
    text = text.translate(_CONFUSABLE)
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def mixed_scripts(text: str) -> bool:
    """True when the letters of one word come from more than one script ("Tеmpe" with a Cyrillic е)."""
    for word in text.split():
        scripts = {unicodedata.name(ch, "?").split(" ")[0] for ch in word if ch.isalpha()}
        if len(scripts) > 1:
            return True
    return False


def _key_words(text: str) -> list[str]:
    """Folded words, punctuation dropped: "St. Louis" -> ["st", "louis"]."""
    return _KEY_WORD.findall(fold(text))


def region_code(region: str) -> str | None:
    """The two-letter code of a US state (with DC and PR) or Canadian province, whatever the spelling.

    >>> [region_code(r) for r in ("Ohio", "oh.", "State of Ohio", "Québec", "Peru")]
    ['OH', 'OH', 'OH', 'QC', None]
    """
    words = _key_words(region)
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    for prefix in _REGION_PREFIXES:
        if len(words) > len(prefix) and tuple(words[: len(prefix)]) == prefix:
            words = words[len(prefix) :]
    joined, compact = " ".join(words), "".join(words)
    if joined in REGION_NAMES:
        return REGION_NAMES[joined]
    if compact.upper() in REGION_CODES:  # "oh", "D.C."
        return compact.upper()
    return _REGION_ABBREVIATIONS.get(compact)


def _region_key(region: str) -> str:
    code = region_code(region)
    if code is not None:
        return code.casefold()
    words = _key_words(region)
    joined, compact = " ".join(words), "".join(words)  # "U.S.A." is "usa"
    return (_COUNTRIES.get(joined) or _COUNTRIES.get(compact) or compact).replace(" ", "")


def city_name_key(name: str) -> str:
    """A city's name without what does not make it another city: case, accents, punctuation,
    spacing, a leading "the" or "City of" ("Ciudad de", "Prefeitura de", ...), "St."/"Saint".

    >>> city_name_key("The City of St. Louis") == city_name_key("saint-louis") == "saintlouis"
    True
    """
    words = [_SHORT_WORDS.get(w, w) for w in _key_words(name)]
    while True:
        start = 1 if len(words) > 1 and words[0] in _ARTICLES else 0
        designator = next((d for d in _DESIGNATORS if tuple(words[start : start + len(d)]) == d), None)
        if designator is not None and len(words) > start + len(designator):
            words = words[start + len(designator) :]
        elif start and words[0] == "the":
            words = words[1:]
        else:
            return "".join(words)


def _split_region(text: str) -> tuple[str, str]:
    """``(name, region)`` of "Riverton, Ohio" or "Riverton OH"; region "" if there is none."""
    head, comma, tail = text.rpartition(",")
    if comma and _key_words(head) and _key_words(tail):
        return head, tail
    words = text.split()
    for n in (4, 3, 2, 1):
        tail = " ".join(words[-n:])
        if len(words) > n and region_code(tail) and "".join(_key_words(tail)) not in _REGION_ABBREVIATIONS:
            return " ".join(words[:-n]), tail
    return text, ""


def city_key(name: str, region: str) -> str:
    """The one key of a city in its workspace: ``"riverton|oh"`` for "the City of Riverton", "Ohio".

    Case, accents, punctuation and spacing do not make another city, nor do "City of" and the like,
    "St."/"Saint" or "Ft."/"Fort"; states and provinces count by their code, countries by one
    spelling. Without a region, one given in the name is used ("Riverton, OH", "Riverton Ohio").

    >>> city_key("the City of Riverton", "Ohio") == city_key("RIVERTON, OH.", "") == "riverton|oh"
    True
    """
    if not _key_words(region):
        name, region = _split_region(name)
    return f"{city_name_key(name)}|{_region_key(region)}"


class Store:
    """The assistant's database. ``Store(":memory:")`` is for single-threaded tests.

    >>> store = Store(":memory:")
    >>> city, created = store.create_city("local", "Tempe", "AZ", 185_000, lead="ana", lead_name="Ana")
    >>> store.city_of("local", "ana").name, created
    ('Tempe', True)
    """

    def __init__(self, path: str | Path, *, clock: Clock = utcnow, monotonic: bool = True) -> None:
        self.path = str(path)
        self.clock = clock
        self.monotonic = monotonic  # stamps never go back (the demo builder turns this off to write history)
        self._clock_guard = threading.Lock()
        self._last_now: datetime | None = None
        self._local = threading.local()
        self._memory = Database(memory=True) if self.path == ":memory:" else None
        self._opened_by = threading.get_ident()
        self._writer = self._memory  # the connection of every write transaction (a file's: opened on first use)
        self._writer_lock = threading.Lock()
        self._writing: int | None = None  # the thread whose write transaction is under way
        db = self.db
        if self._memory is None:
            db.enable_wal()
        migrations.apply(db, self._now)
        if self.monotonic:  # never stamp earlier than the audit trail already holds, also after a restart
            row = db.execute("SELECT changed_at FROM answer_history ORDER BY id DESC LIMIT 1").fetchone()
            if row:
                self._last_now = datetime.fromisoformat(row[0])

    # ------------------------------------------------------------ plumbing

    @property
    def db(self) -> Database:
        """This thread's connection (opened on first use); in its write transaction, the writer's."""
        if self._writing == threading.get_ident() and self._writer is not None:
            return self._writer
        if self._memory is not None:
            return self._memory
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._connect()
        return db

    def _connect(self, *, shared: bool = False) -> Database:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=not shared)
        db = Database(conn)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # FULL: in WAL mode each commit syncs the log before it returns, so what Slack is told was saved survives
        # a power loss or a crash of the machine too (NORMAL syncs only at checkpoints: the last commits could go).
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        return db

    def close(self) -> None:
        """Close this thread's connection; in the thread that opened the store, the writer's too."""
        db = self._memory or getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
        if self._memory is None and self._writer is not None and threading.get_ident() == self._opened_by:
            with self._writer_lock:
                self._writer.close()
                self._writer = None

    @contextmanager
    def _write(self) -> Iterator[Database]:
        """One write transaction, taking the write lock up front so read-then-write cannot race.

        A write inside the same thread's transaction joins it. The threads of
        a process take turns on one connection for their write transactions
        (waiting here up to the busy timeout), so its page cache stays valid
        from one to the next: a commit on another connection makes SQLite
        drop it, and every input would read its pages again.
        """
        if self._writing == threading.get_ident():
            yield self.db
            return
        if not self._writer_lock.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
            raise sqlite3.OperationalError("database is locked")
        try:
            db = self._writer = self._writer or self._connect(shared=True)
            db.conn.execute("BEGIN IMMEDIATE")
            self._writing = threading.get_ident()
            try:
                yield db
                db.conn.execute("COMMIT")
            except BaseException:
                if db.conn.in_transaction:
                    db.conn.execute("ROLLBACK")
                raise
        finally:
            self._writing = None
            self._writer_lock.release()

    def transaction(self) -> AbstractContextManager[Database]:
        """Group several calls into one write transaction: all of them commit, or none.

        Store writes inside the block join it, e.g. recording a Slack event id
        together with the answer it carried.
        """
        return self._write()

    def _now(self) -> datetime:
        """The clock's time, never earlier than a time already used: a clock that steps back (NTP, a VM
        restored) must not stamp a later change earlier in the audit trail or hold back queued posts."""
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("the store's clock must return an aware datetime")
        now = now.astimezone(UTC)
        if not self.monotonic:
            return now
        with self._clock_guard:
            if self._last_now is not None and now < self._last_now:
                now = self._last_now
            self._last_now = now
        return now

    def _stamp(self, when: datetime | None = None) -> str:
        return (when or self._now()).astimezone(UTC).isoformat(timespec="microseconds")

    def _one(self, sql: str, params: list[Any]) -> dict[str, Any] | None:
        cursor = self.db.execute(sql, params)
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cursor.description], row))

    def _all(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        cursor = self.db.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    # ------------------------------------------------------------ cities and members

    def create_city(
        self,
        workspace: str,
        name: str,
        region: str,
        population: int | None,
        *,
        lead: str,
        lead_name: str | None = None,
    ) -> tuple[City, bool]:
        """Register a city with ``lead`` as its lead; returns ``(city, created)``.

        If the city already exists in the workspace nothing changes and
        ``created`` is False: joining an existing city is the lead's call.
        """
        with self._write() as db:
            existing = self.find_city(workspace, name, region)
            if existing is not None:
                return existing, False
            now = self._stamp()
            eligible = None if population is None else int(population >= MIN_ELIGIBLE_POPULATION)
            city_id = db.execute(
                "INSERT INTO cities (workspace, name, region, key, population, eligible, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [workspace, name, region, city_key(name, region), population, eligible, now],
            ).lastrowid
            db.execute(
                "INSERT INTO members (workspace, user, city_id, role, name, added_by, joined_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace, user) DO UPDATE SET "
                "city_id = excluded.city_id, role = excluded.role, name = excluded.name, "
                "added_by = excluded.added_by, joined_at = excluded.joined_at",
                [workspace, lead, city_id, Role.LEAD.value, lead_name, lead, now],
            )
        assert city_id is not None
        city = self.city(city_id)
        assert city is not None
        return city, True

    def city(self, city_id: int) -> City | None:
        row = self._one("SELECT * FROM cities WHERE id = ?", [city_id])
        return City.model_validate(row) if row else None

    def find_city(self, workspace: str, name: str, region: str) -> City | None:
        row = self._one("SELECT * FROM cities WHERE workspace = ? AND key = ?", [workspace, city_key(name, region)])
        return City.model_validate(row) if row else None

    def find_city_elsewhere(self, workspace: str, name: str, region: str) -> City | None:
        """The same city (by its key) registered from another workspace, if any."""
        row = self._one(
            "SELECT * FROM cities WHERE workspace != ? AND key = ? ORDER BY id LIMIT 1",
            [workspace, city_key(name, region)],
        )
        return City.model_validate(row) if row else None

    def find_city_by_name(self, workspace: str, name: str) -> list[City]:
        """Cities of the workspace called ``name`` (any state/country)."""
        key = city_name_key(name)
        rows = self._all("SELECT * FROM cities WHERE workspace = ? ORDER BY id", [workspace])
        return [City.model_validate(r) for r in rows if city_name_key(r["name"]) == key]

    def set_population(self, city_id: int, population: int) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE cities SET population = ?, eligible = ? WHERE id = ?",
                [population, int(population >= MIN_ELIGIBLE_POPULATION), city_id],
            )

    def member(self, workspace: str, user: str) -> Member | None:
        row = self._one("SELECT * FROM members WHERE workspace = ? AND user = ?", [workspace, user])
        return Member.model_validate(row) if row else None

    def city_of(self, workspace: str, user: str) -> City | None:
        """The city ``user`` belongs to in ``workspace``, or None."""
        member = self.member(workspace, user)
        return self.city(member.city_id) if member else None

    def add_member(
        self,
        workspace: str,
        user: str,
        city_id: int,
        *,
        added_by: str,
        name: str | None = None,
        role: Role = Role.MEMBER,
    ) -> bool:
        """Add ``user`` to a city; False if already a member of it (a name is filled in if missing).

        Raises ``ValueError`` if the user belongs to another city of the workspace.
        """
        with self._write() as db:
            current = self.member(workspace, user)
            if current is not None:
                if current.city_id != city_id:
                    raise ValueError(f"{user} already belongs to another city")
                if name and not current.name:
                    db.execute("UPDATE members SET name = ? WHERE workspace = ? AND user = ?", [name, workspace, user])
                return False
            db.execute(
                "INSERT INTO members (workspace, user, city_id, role, name, added_by, joined_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [workspace, user, city_id, role.value, name, added_by, self._stamp()],
            )
            return True

    def remove_member(self, workspace: str, user: str, city_id: int) -> bool:
        """Take ``user`` off the city's team (their assigned areas go back to nobody); True if they were on it.

        The answers they gave stay, with their name, in the answers and the audit trail.
        """
        with self._write() as db:
            current = self.member(workspace, user)
            if current is None or current.city_id != city_id:
                return False
            db.execute("DELETE FROM members WHERE workspace = ? AND user = ?", [workspace, user])
            db.execute(
                "DELETE FROM assignments WHERE user = ? AND assessment_id IN "
                "(SELECT id FROM assessments WHERE city_id = ?)",
                [user, city_id],
            )
            return True

    def hand_over_lead(self, workspace: str, city_id: int, *, from_user: str, to_user: str) -> bool:
        """Make ``to_user`` (a member of the city) its lead and ``from_user`` a member, in one transaction."""
        with self._write() as db:
            giver, taker = self.member(workspace, from_user), self.member(workspace, to_user)
            if giver is None or taker is None or giver.city_id != city_id or taker.city_id != city_id:
                return False
            if not giver.is_lead or taker.is_lead:
                return False
            db.execute(
                "UPDATE members SET role = ? WHERE workspace = ? AND user = ?", [Role.LEAD.value, workspace, to_user]
            )
            db.execute(
                "UPDATE members SET role = ? WHERE workspace = ? AND user = ?", [Role.MEMBER.value, workspace, from_user]
            )
            return True

    def set_member_name(self, workspace: str, user: str, name: str) -> None:
        with self._write() as db:
            db.execute("UPDATE members SET name = ? WHERE workspace = ? AND user = ?", [name, workspace, user])

    def members(self, city_id: int) -> list[Member]:
        rows = self._all("SELECT * FROM members WHERE city_id = ? ORDER BY joined_at, user", [city_id])
        return [Member.model_validate(r) for r in rows]

    def leads(self, city_id: int) -> list[Member]:
        return [m for m in self.members(city_id) if m.is_lead]

    # ------------------------------------------------------------ assessments

    def start_assessment(
        self, city_id: int, standard_id: str, year: int, *, previous_id: int | None = None
    ) -> Assessment:
        """The city's assessment of ``standard_id`` for ``year``, created if missing (race-safe).

        ``previous_id`` links an annual checkup to the same city's earlier
        assessment of the same standard, whose answers it starts from.
        """
        if previous_id is not None:
            previous = self.assessment(previous_id)
            if previous is None or (previous.city_id, previous.standard_id) != (city_id, standard_id):
                raise ValueError("a checkup starts from the same city's assessment of the same standard")
            if previous.year >= year:
                raise ValueError(f"a checkup for {year} cannot start from {previous.year}")
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO assessments (city_id, standard_id, year, status, created_at, previous_id) "
                "VALUES (?, ?, ?, 'open', ?, ?)",
                [city_id, standard_id, year, self._stamp(), previous_id],
            )
        row = self._one(
            "SELECT * FROM assessments WHERE city_id = ? AND standard_id = ? AND year = ?",
            [city_id, standard_id, year],
        )
        return Assessment.model_validate(row)

    def current_assessment(self, city_id: int) -> Assessment | None:
        """The city's most recent assessment, or None."""
        row = self._one("SELECT * FROM assessments WHERE city_id = ? ORDER BY year DESC, id DESC LIMIT 1", [city_id])
        return Assessment.model_validate(row) if row else None

    def assessment(self, assessment_id: int) -> Assessment | None:
        row = self._one("SELECT * FROM assessments WHERE id = ?", [assessment_id])
        return Assessment.model_validate(row) if row else None

    def superseded(self, assessment_id: int) -> bool:
        """True once the city has a later assessment of the same standard (this one is then read-only)."""
        row = self._one(
            "SELECT 1 AS yes FROM assessments a JOIN assessments b ON b.city_id = a.city_id "
            "AND b.standard_id = a.standard_id AND b.year > a.year WHERE a.id = ? LIMIT 1",
            [assessment_id],
        )
        return row is not None

    def _writable(self, assessment_id: int) -> None:
        if self.superseded(assessment_id):
            raise ReadOnlyAssessment(f"assessment {assessment_id} was followed by a later checkup; it is read-only")

    def set_gate(self, assessment_id: int, choice: str | None, *, words: str | None = None) -> None:
        """Record the outcome-gate answer (an option id, or "none" for not yet) and the person's words."""
        with self._write() as db:
            self._writable(assessment_id)
            db.execute(
                "UPDATE assessments SET gate_choice = ?, gate_words = ? WHERE id = ?", [choice, words, assessment_id]
            )

    def set_status(self, assessment_id: int, status: str) -> None:
        """Mark an assessment "open" or "complete" (idempotent; keeps the first completion time)."""
        with self._write() as db:
            completed = self._stamp() if status == "complete" else None
            db.execute(
                "UPDATE assessments SET status = ?, completed_at = CASE WHEN ? IS NULL THEN NULL "
                "ELSE COALESCE(completed_at, ?) END WHERE id = ?",
                [status, completed, completed, assessment_id],
            )

    # ------------------------------------------------------------ answers

    def record_answer(
        self,
        assessment_id: int,
        criterion: str,
        outcome: Outcome,
        *,
        by: str,
        by_name: str | None = None,
        words: str | None = None,
    ) -> bool:
        """Set one criterion's outcome (with the person's own words); True if it changed.

        The same outcome again changes nothing (no history entry), even with other words.
        """
        with self._write() as db:
            self._writable(assessment_id)
            row = self._one(
                "SELECT outcome FROM answers WHERE assessment_id = ? AND criterion = ?", [assessment_id, criterion]
            )
            old = row["outcome"] if row else None
            if old == outcome.value:
                return False
            now = self._stamp()
            db.execute(
                "INSERT INTO answers (assessment_id, criterion, outcome, answered_by, answered_by_name, answered_at, "
                "words) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (assessment_id, criterion) DO UPDATE SET "
                "outcome = excluded.outcome, answered_by = excluded.answered_by, "
                "answered_by_name = excluded.answered_by_name, answered_at = excluded.answered_at, "
                "words = excluded.words",
                [assessment_id, criterion, outcome.value, by, by_name, now, words],
            )
            self._log(db, assessment_id, criterion, "outcome", old, outcome.value, by, by_name, now, words=words)
            return True

    def set_evidence(
        self, assessment_id: int, criterion: str, url: str, note: str | None, *, by: str, by_name: str | None = None
    ) -> bool:
        """Add an evidence link (and note) to a criterion, answered or not; True if it changed.

        Adding never replaces: a criterion holds several links. The same link again only updates its
        note (a new note) or changes nothing. The answer row keeps the latest link for older readers.
        """
        with self._write() as db:
            self._writable(assessment_id)
            now = self._stamp()
            live = self._one(
                "SELECT id, note FROM evidence WHERE assessment_id = ? AND criterion = ? AND url = ? "
                "AND removed_at IS NULL",
                [assessment_id, criterion, url],
            )
            if live is not None and (live["note"] == note or note is None):
                return False
            if live is not None:
                db.execute("UPDATE evidence SET note = ? WHERE id = ?", [note, live["id"]])
            else:
                db.execute(
                    "INSERT INTO evidence (assessment_id, criterion, url, note, added_by, added_by_name, added_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [assessment_id, criterion, url, note, by, by_name, now],
                )
            db.execute(
                "INSERT INTO answers (assessment_id, criterion, evidence_url, evidence_note) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (assessment_id, criterion) DO UPDATE SET "
                "evidence_url = excluded.evidence_url, evidence_note = excluded.evidence_note",
                [assessment_id, criterion, url, note],
            )
            self._log(db, assessment_id, criterion, "evidence", None, _evidence_text(url, note), by, by_name, now)
            return True

    def remove_evidence(
        self, assessment_id: int, criterion: str, url: str, *, by: str, by_name: str | None = None
    ) -> bool:
        """Remove one evidence link (kept in the table and the audit trail as removed); True if it was there."""
        with self._write() as db:
            self._writable(assessment_id)
            now = self._stamp()
            live = self._one(
                "SELECT id, note FROM evidence WHERE assessment_id = ? AND criterion = ? AND url = ? "
                "AND removed_at IS NULL",
                [assessment_id, criterion, url],
            )
            if live is None:
                return False
            db.execute("UPDATE evidence SET removed_at = ?, removed_by = ? WHERE id = ?", [now, by, live["id"]])
            latest = self._one(
                "SELECT url, note FROM evidence WHERE assessment_id = ? AND criterion = ? AND removed_at IS NULL "
                "ORDER BY id DESC LIMIT 1",
                [assessment_id, criterion],
            )
            db.execute(
                "UPDATE answers SET evidence_url = ?, evidence_note = ? WHERE assessment_id = ? AND criterion = ?",
                [latest["url"] if latest else None, latest["note"] if latest else None, assessment_id, criterion],
            )
            old = _evidence_text(url, live["note"])
            self._log(db, assessment_id, criterion, "evidence_removed", old, None, by, by_name, now)
            return True

    def evidence(self, assessment_id: int, criterion: str) -> list[EvidenceLink]:
        """The criterion's evidence links, oldest first (removed ones left out)."""
        rows = self._all(
            "SELECT url, note, added_by, added_by_name, added_at FROM evidence WHERE assessment_id = ? "
            "AND criterion = ? AND removed_at IS NULL ORDER BY id",
            [assessment_id, criterion],
        )
        return [EvidenceLink.model_validate(r) for r in rows]

    def confirm_answers(
        self,
        assessment_id: int,
        criteria: list[str],
        *,
        source_id: int,
        by: str,
        by_name: str | None = None,
    ) -> list[str]:
        """Copy last year's outcome and evidence of ``criteria`` from ``source_id``; returns the codes copied.

        A checkup's "still true": ``by`` becomes the answerer now, and the
        history notes where the answer came from. Criteria already answered
        here, or not answered in ``source_id``, are left alone; evidence
        already attached here is kept. All or nothing, in one transaction.
        """
        with self._write() as db:
            self._writable(assessment_id)
            target, source = self.assessment(assessment_id), self.assessment(source_id)
            if target is None or source is None or target.previous_id != source_id:
                raise ValueError("answers are only confirmed from the assessment a checkup started from")
            before, here = self.answer_details(source_id), self.answer_details(assessment_id)
            note = f"still true from {source.year}"
            now = self._stamp()
            done = []
            for code in criteria:
                old, mine = before.get(code), here.get(code)
                if old is None or old.outcome is None or (mine is not None and mine.outcome is not None):
                    continue
                keep = mine is not None and mine.evidence_url is not None
                url, text = (
                    (mine.evidence_url, mine.evidence_note) if keep and mine else (old.evidence_url, old.evidence_note)
                )
                db.execute(
                    "INSERT INTO answers (assessment_id, criterion, outcome, evidence_url, evidence_note, answered_by, "
                    "answered_by_name, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (assessment_id, criterion) DO UPDATE SET outcome = excluded.outcome, "
                    "evidence_url = excluded.evidence_url, evidence_note = excluded.evidence_note, "
                    "answered_by = excluded.answered_by, answered_by_name = excluded.answered_by_name, "
                    "answered_at = excluded.answered_at",
                    [assessment_id, code, old.outcome.value, url, text, by, by_name, now],
                )
                self._log(db, assessment_id, code, "outcome", None, old.outcome.value, by, by_name, now, note)
                if not keep and old.evidence_url:
                    evidence = _evidence_text(old.evidence_url, old.evidence_note)
                    self._log(db, assessment_id, code, "evidence", None, evidence, by, by_name, now, note)
                db.execute(
                    "INSERT OR IGNORE INTO evidence (assessment_id, criterion, url, note, added_by, added_by_name, "
                    "added_at) SELECT ?, criterion, url, note, ?, ?, ? FROM evidence WHERE assessment_id = ? "
                    "AND criterion = ? AND removed_at IS NULL ORDER BY id",
                    [assessment_id, by, by_name, now, source_id, code],
                )
                done.append(code)
            return done

    def _log(
        self,
        db: Database,
        assessment_id: int,
        criterion: str,
        field: str,
        old: str | None,
        new: str | None,
        by: str,
        by_name: str | None,
        when: str,
        note: str | None = None,
        *,
        words: str | None = None,
    ) -> None:
        db.execute(
            "INSERT INTO answer_history (assessment_id, criterion, field, old_value, new_value, changed_by, "
            "changed_by_name, changed_at, note, words) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [assessment_id, criterion, field, old, new, by, by_name, when, note, words],
        )

    def answers(self, assessment_id: int) -> dict[str, Outcome]:
        """``{code: Outcome}`` for every answered criterion (what ``wwc_rules.score`` takes)."""
        rows = self.db.execute(
            "SELECT criterion, outcome FROM answers WHERE assessment_id = ? AND outcome IS NOT NULL", [assessment_id]
        )
        return {criterion: _OUTCOMES[outcome] for criterion, outcome in rows}

    def answer_details(self, assessment_id: int) -> dict[str, AnswerRecord]:
        """Every answer row with who answered, when, and the evidence."""
        rows = self._all("SELECT * FROM answers WHERE assessment_id = ? ORDER BY criterion", [assessment_id])
        return {r["criterion"]: AnswerRecord.model_validate(r) for r in rows}

    def answer(self, assessment_id: int, criterion: str) -> AnswerRecord | None:
        row = self._one("SELECT * FROM answers WHERE assessment_id = ? AND criterion = ?", [assessment_id, criterion])
        return AnswerRecord.model_validate(row) if row else None

    def history(self, assessment_id: int, criterion: str | None = None) -> list[HistoryEntry]:
        """The audit trail, oldest first, optionally for one criterion."""
        sql = "SELECT * FROM answer_history WHERE assessment_id = ?"
        params: list[Any] = [assessment_id]
        if criterion is not None:
            sql += " AND criterion = ?"
            params.append(criterion)
        return [HistoryEntry.model_validate(r) for r in self._all(sql + " ORDER BY id", params)]

    # ------------------------------------------------------------ assignments

    def assign_area(self, assessment_id: int, area: str, user: str, *, by: str) -> bool:
        """Give ``area`` to ``user`` (replacing any earlier assignee); False if unchanged."""
        with self._write() as db:
            row = self._one("SELECT user FROM assignments WHERE assessment_id = ? AND area = ?", [assessment_id, area])
            if row and row["user"] == user:
                return False
            db.execute(
                "INSERT INTO assignments (assessment_id, area, user, assigned_by, assigned_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (assessment_id, area) DO UPDATE SET user = excluded.user, "
                "assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at",
                [assessment_id, area, user, by, self._stamp()],
            )
            return True

    def assignments(self, assessment_id: int) -> list[Assignment]:
        rows = self._all("SELECT * FROM assignments WHERE assessment_id = ? ORDER BY assigned_at", [assessment_id])
        return [Assignment.model_validate(r) for r in rows]

    # ------------------------------------------------------------ checkup reminders

    def latest_completed(self, city_id: int | None = None) -> list[Assessment]:
        """Each city's most recent assessment where it is complete (no checkup started since)."""
        sql = (
            "SELECT a.* FROM assessments a WHERE a.status = 'complete' AND NOT EXISTS ("
            "SELECT 1 FROM assessments b WHERE b.city_id = a.city_id AND (b.year > a.year "
            "OR (b.year = a.year AND b.id > a.id)))"
        )
        params: list[Any] = []
        if city_id is not None:
            sql += " AND a.city_id = ?"
            params.append(city_id)
        return [Assessment.model_validate(r) for r in self._all(sql + " ORDER BY a.city_id", params)]

    def sent_reminders(self, city_id: int | None = None) -> list[SentReminder]:
        """Checkup reminders already sent, by city, year and attempt."""
        sql = "SELECT * FROM reminders"
        params: list[Any] = []
        if city_id is not None:
            sql += " WHERE city_id = ?"
            params.append(city_id)
        rows = self._all(sql + " ORDER BY city_id, year, attempt", params)
        return [SentReminder.model_validate(r) for r in rows]

    def record_reminder(self, city_id: int, year: int, attempt: int, *, due_at: datetime, sent_at: datetime) -> bool:
        """Record that a reminder went out; True the first time for ``(city_id, year, attempt)``."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO reminders (city_id, year, attempt, due_at, sent_at) VALUES (?, ?, ?, ?, ?)",
                [city_id, year, attempt, self._stamp(due_at), self._stamp(sent_at)],
            )
            return cursor.rowcount == 1

    # ------------------------------------------------------------ nudges (unfinished assessments, assigned areas)

    def reminder_every(self, city_id: int) -> int | None:
        """Days between nudges the city's lead chose (0: none at all), or None if never chosen."""
        row = self._one("SELECT every_days FROM reminder_settings WHERE city_id = ?", [city_id])
        return int(row["every_days"]) if row else None

    def set_reminder_every(self, city_id: int, days: int, *, by: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO reminder_settings (city_id, every_days, set_by, set_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (city_id) DO UPDATE SET every_days = excluded.every_days, set_by = excluded.set_by, "
                "set_at = excluded.set_at",
                [city_id, days, by, self._stamp()],
            )

    def language(self, workspace: str, user: str) -> tuple[str, bool] | None:
        """The language ``user`` reads and whether they chose it (False: taken from Slack's locale), or None."""
        row = self._one("SELECT language, chosen FROM languages WHERE workspace = ? AND user = ?", [workspace, user])
        return (str(row["language"]), bool(row["chosen"])) if row else None

    def set_language(self, workspace: str, user: str, language: str, *, chosen: bool) -> None:
        """Keep ``language`` for ``user``; a locale seen in Slack never replaces a language the person chose."""
        with self._write() as db:
            db.execute(
                "INSERT INTO languages (workspace, user, language, chosen, set_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (workspace, user) DO UPDATE SET language = excluded.language, chosen = excluded.chosen, "
                "set_at = excluded.set_at WHERE excluded.chosen = 1 OR languages.chosen = 0",
                [workspace, user, language, int(chosen), self._stamp()],
            )

    def open_assessments(self) -> list[Assessment]:
        """Every city's latest assessment, where it is still open."""
        rows = self._all(
            "SELECT a.* FROM assessments a WHERE a.status = 'open' AND a.id = (SELECT b.id FROM assessments b "
            "WHERE b.city_id = a.city_id ORDER BY b.year DESC, b.id DESC LIMIT 1) ORDER BY a.city_id",
            [],
        )
        return [Assessment.model_validate(r) for r in rows]

    def last_answered(self, assessment_id: int, user: str | None = None) -> datetime | None:
        """When the assessment (or ``user`` in it) last recorded an answer."""
        sql = "SELECT MAX(answered_at) AS at FROM answers WHERE assessment_id = ?"
        params: list[Any] = [assessment_id]
        if user is not None:
            sql += " AND answered_by = ?"
            params.append(user)
        row = self._one(sql, params)
        return datetime.fromisoformat(row["at"]) if row and row["at"] else None

    def last_nudge(self, city_id: int, user: str, kind: str) -> datetime | None:
        row = self._one(
            "SELECT MAX(sent_at) AS at FROM nudges_sent WHERE city_id = ? AND user = ? AND kind = ?", [city_id, user, kind]
        )
        return datetime.fromisoformat(row["at"]) if row and row["at"] else None

    def record_nudge(self, key: str, city_id: int, user: str, kind: str, sent_at: datetime) -> bool:
        """Record a nudge as sent; False if ``key`` was sent before (then it is not sent again)."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO nudges_sent (key, city_id, user, kind, sent_at) VALUES (?, ?, ?, ?, ?)",
                [key, city_id, user, kind, self._stamp(sent_at)],
            )
            return cursor.rowcount == 1

    # ------------------------------------------------------------ conversation state

    def load_state(self, workspace: str, user: str) -> dict[str, Any] | None:
        """The saved conversation state of a user (a JSON object), or None."""
        row = self._one("SELECT state FROM conversations WHERE workspace = ? AND user = ?", [workspace, user])
        return pydantic_core.from_json(row["state"]) if row else None

    def save_state(self, workspace: str, user: str, state: dict[str, Any]) -> None:
        # pydantic's JSON (Rust): read and written on every input, several times faster than the json module.
        with self._write() as db:
            db.execute(
                "INSERT INTO conversations (workspace, user, state, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (workspace, user) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                [workspace, user, pydantic_core.to_json(state).decode(), self._stamp()],
            )

    # ------------------------------------------------------------ Slack events

    def mark_event_processed(self, event_id: str) -> bool:
        """True the first time ``event_id`` is seen, False for every retry (atomic across processes)."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO processed_events (event_id, processed_at) VALUES (?, ?)",
                [event_id, self._stamp()],
            )
            return cursor.rowcount == 1

    def forget_events_before(self, when: datetime) -> int:
        """Drop processed-event ids older than ``when`` (Slack stops retrying after minutes)."""
        with self._write() as db:
            return db.execute("DELETE FROM processed_events WHERE processed_at < ?", [self._stamp(when)]).rowcount

    # ------------------------------------------------------------ the live prompt of each person

    def live_prompt(self, workspace: str, user: str) -> LivePrompt | None:
        row = self._one("SELECT * FROM live_prompts WHERE workspace = ? AND user = ?", [workspace, user])
        if row is None:
            return None
        return LivePrompt.model_validate({**row, "blocks": json.loads(row["blocks"]), "taken": int(row["taken"] or 0)})

    def set_live_prompt(
        self, workspace: str, user: str, channel: str, ts: str, code: str, blocks: list[dict]
    ) -> LivePrompt | None:
        """Make a just-posted message the person's live prompt; returns the one it replaces (to be closed)."""
        with self._write() as db:
            before = self.live_prompt(workspace, user)
            db.execute(
                "INSERT OR REPLACE INTO live_prompts (workspace, user, channel, ts, code, blocks, taken, posted_at) "
                "VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
                [workspace, user, channel, ts, code, json.dumps(blocks), self._stamp()],
            )
        return before if before is not None and (before.channel, before.ts) != (channel, ts) else None

    def take_live_prompt(self, workspace: str, user: str, channel: str, ts: str) -> bool | None:
        """A press on message ``ts`` may record: True (and it is taken), False if that message is no longer open
        (a newer one was posted, or one of its buttons already recorded), None if nothing is known of the person."""
        with self._write() as db:
            live = self.live_prompt(workspace, user)
            if live is None:
                return None
            if live.ts != ts or live.taken:  # a message ts names one post of the app's (the channel may be seen
                return False  # differently, e.g. from a thread or a shared channel)
            db.execute("UPDATE live_prompts SET taken = 1 WHERE workspace = ? AND user = ?", [workspace, user])
            return True

    def is_live_prompt(self, workspace: str, user: str, channel: str, ts: str) -> bool | None:
        """Like ``take_live_prompt`` without taking it (for Skip and Back, which record nothing)."""
        live = self.live_prompt(workspace, user)
        if live is None:
            return None
        return live.ts == ts and not live.taken

    def close_live_prompt(self, workspace: str, user: str, ts: str, *, by_typing: bool = False) -> None:
        """The message ``ts`` no longer counts: closed on screen (1), or answered by typing and still to be shown
        closed (2, ``by_typing``; the reply that follows takes its buttons away)."""
        with self._write() as db:
            db.execute(
                "UPDATE live_prompts SET taken = ? WHERE workspace = ? AND user = ? AND ts = ?",
                [2 if by_typing else 1, workspace, user, ts],
            )

    def forget_live_prompt(self, workspace: str, user: str) -> None:
        """No message is known to be the person's latest question (it went to the outbox)."""
        with self._write() as db:
            db.execute("DELETE FROM live_prompts WHERE workspace = ? AND user = ?", [workspace, user])

    # ------------------------------------------------------------ Slack's agent surface

    def note_assistant_thread(
        self, channel: str, thread_ts: str, workspace: str, user: str, context_channel: str = ""
    ) -> None:
        """Keep an assistant thread (and what its person was viewing) here, not read back from Slack's history."""
        with self._write() as db:
            now = self._stamp()
            db.execute(
                "INSERT INTO assistant_threads (channel, thread_ts, workspace, user, context_channel, started_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel, thread_ts) DO UPDATE SET "
                "context_channel = excluded.context_channel, updated_at = excluded.updated_at",
                [channel, thread_ts, workspace, user, context_channel, now, now],
            )

    def is_assistant_thread(self, channel: str, thread_ts: str) -> bool:
        row = self._one("SELECT 1 AS x FROM assistant_threads WHERE channel = ? AND thread_ts = ?", [channel, thread_ts])
        return row is not None

    # ------------------------------------------------------------ announcement outbox

    def enqueue(
        self,
        channel: str,
        text: str,
        *,
        dedupe_key: str,
        blocks: list[dict] | None = None,
        not_before: datetime | None = None,
        attempts: int = 0,
        workspace: str = "",
    ) -> tuple[OutboxItem, bool]:
        """Queue a post once per ``dedupe_key``; returns ``(item, created)``.

        ``attempts``: tries already made elsewhere (1 for a post that may have reached Slack: the worker then
        looks for it in the channel before posting).
        """
        with self._write() as db:
            now = self._stamp()
            cursor = db.execute(
                "INSERT OR IGNORE INTO outbox (channel, text, blocks, dedupe_key, status, attempts, not_before, "
                "created_at, workspace) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?)",
                [
                    channel,
                    text,
                    json.dumps(blocks) if blocks is not None else None,
                    dedupe_key,
                    attempts,
                    self._stamp(not_before) if not_before else now,
                    now,
                    workspace,
                ],
            )
            created = cursor.rowcount == 1
        row = self._one("SELECT * FROM outbox WHERE dedupe_key = ?", [dedupe_key])
        assert row is not None  # inserted or already there, in the same transaction
        return _outbox_item(row), created

    def claim_due(self, *, limit: int = 10, lease: timedelta = timedelta(seconds=60)) -> list[OutboxItem]:
        """Claim up to ``limit`` due items, oldest first; each attempt is counted.

        A claimed item is hidden for ``lease``; if the sender dies before
        ``mark_sent``, the item becomes due again when the lease ends.
        """
        with self._write() as db:
            now = self._now()
            rows = self._all(
                "SELECT * FROM outbox WHERE status IN ('pending', 'sending') AND not_before <= ? "
                "ORDER BY not_before, id LIMIT ?",
                [self._stamp(now), limit],
            )
            if not rows:
                return []
            ids = [r["id"] for r in rows]
            db.execute(
                f"UPDATE outbox SET status = 'sending', attempts = attempts + 1, not_before = ? "
                f"WHERE id IN ({', '.join('?' * len(ids))})",
                [self._stamp(now + lease), *ids],
            )
            rows = self._all(f"SELECT * FROM outbox WHERE id IN ({', '.join('?' * len(ids))}) ORDER BY id", ids)
        return [_outbox_item(r) for r in rows]

    def mark_sent(self, item_id: int) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE outbox SET status = 'sent', sent_at = COALESCE(sent_at, ?) WHERE id = ?",
                [self._stamp(), item_id],
            )

    def reschedule(self, item_id: int, delay: timedelta | float, *, error: str | None = None) -> None:
        """Try again after ``delay`` (a timedelta or seconds), e.g. Slack's ``Retry-After``."""
        seconds = delay.total_seconds() if isinstance(delay, timedelta) else float(delay)
        with self._write() as db:
            db.execute(
                "UPDATE outbox SET status = 'pending', not_before = ?, last_error = ? WHERE id = ? AND status != 'sent'",
                [self._stamp(self._now() + timedelta(seconds=seconds)), error, item_id],
            )

    def mark_failed(self, item_id: int, error: str) -> None:
        """Give up on an item (e.g. the channel does not exist)."""
        with self._write() as db:
            db.execute("UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?", [error, item_id])

    def outbox_item(self, item_id: int) -> OutboxItem | None:
        row = self._one("SELECT * FROM outbox WHERE id = ?", [item_id])
        return _outbox_item(row) if row else None

    # ------------------------------------------------------------ delivery in order, and a health probe

    def claim_next_in_order(self, *, lease: timedelta = timedelta(seconds=60)) -> OutboxItem | None:
        """Claim the oldest due item whose channel has no earlier post still to go out (its attempt is counted).

        A post that failed for a while holds up the later posts to its channel until it is sent or given up
        (``failed``), so after an outage a channel's posts arrive in the order they were queued. An earlier
        item that was never tried and is scheduled for later does not hold anything up.
        """
        with self._write() as db:
            now = self._stamp()
            row = self._one(
                "SELECT * FROM outbox AS o WHERE o.status IN ('pending', 'sending') AND o.not_before <= ? "
                "AND NOT EXISTS (SELECT 1 FROM outbox AS e WHERE e.channel = o.channel AND e.id < o.id "
                "AND e.status IN ('pending', 'sending') AND (e.attempts > 0 OR e.not_before <= ?)) "
                "ORDER BY o.not_before, o.id LIMIT 1",
                [now, now],
            )
            if row is None:
                return None
            db.execute(
                "UPDATE outbox SET status = 'sending', attempts = attempts + 1, not_before = ? WHERE id = ?",
                [self._stamp(self._now() + lease), row["id"]],
            )
            row = self._one("SELECT * FROM outbox WHERE id = ?", [row["id"]])
        assert row is not None
        return _outbox_item(row)

    def release_leases(self) -> int:
        """At start (one process serves one database): posts a killed process was sending are due again now.

        Their attempt count stays, so the outbox first checks whether Slack already has them (never twice).
        """
        with self._write() as db:
            cursor = db.execute("UPDATE outbox SET status = 'pending', not_before = ? WHERE status = 'sending'",
                                [self._stamp()])
            return cursor.rowcount

    def check_writable(self) -> None:
        """Commit one small write (a health probe); raises ``sqlite3.Error`` if the database cannot be written."""
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO processed_events (event_id, processed_at) VALUES (?, ?)",
                ["wwc:health-probe", self._stamp()],
            )


    # ------------------------------------------------------------ Sprint cohorts matched to gaps

    def cities_with_gap(self, standard_id: str, codes: list[str]) -> list[tuple[City, dict[str, Outcome]]]:
        """Each city whose current assessment of ``standard_id`` answers Not yet or In progress on any of ``codes``."""
        out = []
        for row in self._all("SELECT * FROM cities ORDER BY id", []):
            city = City.model_validate(row)
            assessment = self.current_assessment(city.id)
            if assessment is None or assessment.standard_id != standard_id:
                continue
            answers = self.answers(assessment.id)
            gaps = {c: answers[c] for c in codes if answers.get(c) in (Outcome.NOT_YET, Outcome.IN_PROGRESS)}
            if gaps:
                out.append((city, gaps))
        return out

    def record_invitation(self, program: str, cohort: str, city_id: int, codes: str) -> bool:
        """Note that a city was invited to a cohort; False if it already was (one invitation per city and cohort)."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO sprint_invitations (program, cohort, city_id, codes, invited_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [program, cohort, city_id, codes, self._stamp()],
            )
            return cursor.rowcount == 1

    def ask_to_join(self, program: str, cohort: str, city_id: int) -> bool:
        """A city's lead asked to join a cohort it was invited to; False if not invited or already asked."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE sprint_invitations SET asked_to_join_at = ? WHERE program = ? AND cohort = ? AND city_id = ? "
                "AND asked_to_join_at IS NULL",
                [self._stamp(), program, cohort, city_id],
            )
            return cursor.rowcount == 1

    def invitation_counts(self, program: str, cohort: str) -> tuple[int, int]:
        """(cities invited, cities that asked to join) for a cohort: counts only, never names."""
        row = self._one(
            "SELECT COUNT(*) AS invited, COUNT(asked_to_join_at) AS joined FROM sprint_invitations "
            "WHERE program = ? AND cohort = ?",
            [program, cohort],
        )
        return (int(row["invited"]), int(row["joined"])) if row else (0, 0)

    def joined_cities(self, program: str, cohort: str) -> list[City]:
        """The cities that asked to join (they chose to be known to the network team)."""
        rows = self._all(
            "SELECT c.* FROM sprint_invitations i JOIN cities c ON c.id = i.city_id WHERE i.program = ? "
            "AND i.cohort = ? AND i.asked_to_join_at IS NOT NULL ORDER BY c.name",
            [program, cohort],
        )
        return [City.model_validate(r) for r in rows]

    def opt_out_of_invitations(self, workspace: str, user: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO sprint_optouts (workspace, user, at) VALUES (?, ?, ?)",
                [workspace, user, self._stamp()],
            )

    def opted_out(self, workspace: str, user: str) -> bool:
        return self._one("SELECT 1 AS yes FROM sprint_optouts WHERE workspace = ? AND user = ?", [workspace, user]) is not None


def _evidence_text(url: str | None, note: str | None) -> str | None:
    if url is None and note is None:
        return None
    return " ".join(p for p in (url, note) if p)


def _outbox_item(row: dict[str, Any]) -> OutboxItem:
    return OutboxItem.model_validate({**row, "blocks": json.loads(row["blocks"]) if row["blocks"] else None})
