"""Assessments and their answers, evidence and audit trail (``interfaces.Answers``).

Writes are idempotent: the same answer twice leaves one row and one history entry.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from wwc_rules import Outcome

from .base import StoreBase
from .models import AnswerRecord, Assessment, EvidenceLink, HistoryEntry

_OUTCOMES = {o.value: o for o in Outcome}  # a dict look-up, several times faster than Outcome(value)
_ANSWER = ("assessment_id", "criterion")  # the primary key of the answers table
# A later year's checkup of the same city and standard makes an assessment read-only (``superseded``).
_SUPERSEDED = (
    "SELECT 1 AS yes FROM assessments a JOIN assessments b ON b.city_id = a.city_id "
    "AND b.standard_id = a.standard_id AND b.year > a.year WHERE a.id = ? LIMIT 1"
)
# ``record_answer``: whether the assessment is superseded, and the criterion's outcome so far (None if unanswered).
_OUTCOME_IF_WRITABLE = (
    f"SELECT EXISTS ({_SUPERSEDED}), "
    "(SELECT outcome FROM answers WHERE assessment_id = ? AND criterion = ?)"
)


class ReadOnlyAssessment(ValueError):
    """The assessment was followed by a later year's checkup: it is kept as it was."""


class AnswersStore(StoreBase):
    """The assessments, answers, evidence and history of ``Store``."""

    # ------------------------------------------------------------ assessments

    def start_assessment(
        self, city_id: int, standard_id: str, year: int, *, previous_id: int | None = None
    ) -> Assessment:
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
        return self._model(
            Assessment, "SELECT * FROM assessments WHERE city_id = ? ORDER BY year DESC, id DESC LIMIT 1", [city_id]
        )

    def assessment(self, assessment_id: int) -> Assessment | None:
        return self._model(Assessment, "SELECT * FROM assessments WHERE id = ?", [assessment_id])

    def superseded(self, assessment_id: int) -> bool:
        return self._one(_SUPERSEDED, [assessment_id]) is not None

    def _writable(self, assessment_id: int) -> None:
        if self.superseded(assessment_id):
            raise ReadOnlyAssessment(f"assessment {assessment_id} was followed by a later checkup; it is read-only")

    def set_gate(self, assessment_id: int, choice: str | None, *, words: str | None = None) -> None:
        with self._write() as db:
            self._writable(assessment_id)
            db.execute(
                "UPDATE assessments SET gate_choice = ?, gate_words = ? WHERE id = ?", [choice, words, assessment_id]
            )

    def set_status(self, assessment_id: int, status: str) -> None:
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
        with self._write() as db:
            # ``_writable`` and the answer's outcome so far, in one statement (on every answer)
            superseded, old = db.execute(_OUTCOME_IF_WRITABLE, [assessment_id, assessment_id, criterion]).fetchone()
            if superseded:
                raise ReadOnlyAssessment(f"assessment {assessment_id} was followed by a later checkup; it is read-only")
            if old == outcome.value:
                return False
            now = self._stamp()
            db.execute(  # on every answer: an upsert in SQL, not sqlite-utils' (see base)
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
        with self._write() as db:
            self._writable(assessment_id)
            now = self._stamp()
            live = self._live_evidence(assessment_id, criterion, url)
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
            # The answer row keeps the latest link, for older readers (its other columns stay as they are).
            key = {"assessment_id": assessment_id, "criterion": criterion}
            db.table("answers").upsert({**key, "evidence_url": url, "evidence_note": note}, pk=_ANSWER)
            self._log(db, assessment_id, criterion, "evidence", None, _evidence_text(url, note), by, by_name, now)
            return True

    def remove_evidence(
        self, assessment_id: int, criterion: str, url: str, *, by: str, by_name: str | None = None
    ) -> bool:
        with self._write() as db:
            self._writable(assessment_id)
            now = self._stamp()
            live = self._live_evidence(assessment_id, criterion, url)
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

    def _live_evidence(self, assessment_id: int, criterion: str, url: str) -> dict[str, Any] | None:
        """The id and note of the criterion's link ``url``, unless it was removed (or never added)."""
        return self._one(
            "SELECT id, note FROM evidence WHERE assessment_id = ? AND criterion = ? AND url = ? "
            "AND removed_at IS NULL",
            [assessment_id, criterion, url],
        )

    def evidence(self, assessment_id: int, criterion: str) -> list[EvidenceLink]:
        return self._models(
            EvidenceLink,
            "SELECT url, note, added_by, added_by_name, added_at FROM evidence WHERE assessment_id = ? "
            "AND criterion = ? AND removed_at IS NULL ORDER BY id",
            [assessment_id, criterion],
        )

    def confirm_answers(
        self,
        assessment_id: int,
        criteria: list[str],
        *,
        source_id: int,
        by: str,
        by_name: str | None = None,
    ) -> list[str]:
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
                what = {"outcome": old.outcome.value, "evidence_url": url, "evidence_note": text}
                who = {"answered_by": by, "answered_by_name": by_name, "answered_at": now}
                key = {"assessment_id": assessment_id, "criterion": code}
                db.table("answers").upsert({**key, **what, **who}, pk=_ANSWER)
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
        rows = self.db.execute(
            "SELECT criterion, outcome FROM answers WHERE assessment_id = ? AND outcome IS NOT NULL", [assessment_id]
        )
        return {criterion: _OUTCOMES[outcome] for criterion, outcome in rows}

    def answer_details(self, assessment_id: int) -> dict[str, AnswerRecord]:
        rows = self._all("SELECT * FROM answers WHERE assessment_id = ? ORDER BY criterion", [assessment_id])
        return {r["criterion"]: AnswerRecord.model_validate(r) for r in rows}

    def answer(self, assessment_id: int, criterion: str) -> AnswerRecord | None:
        sql = "SELECT * FROM answers WHERE assessment_id = ? AND criterion = ?"
        return self._model(AnswerRecord, sql, [assessment_id, criterion])

    def history(self, assessment_id: int, criterion: str | None = None) -> list[HistoryEntry]:
        sql = "SELECT * FROM answer_history WHERE assessment_id = ?"
        params: list[Any] = [assessment_id]
        if criterion is not None:
            sql += " AND criterion = ?"
            params.append(criterion)
        return self._models(HistoryEntry, sql + " ORDER BY id", params)


    # ------------------------------------------------------------ assessments that checkup reminders and nudges look at

    def latest_completed(self, city_id: int | None = None) -> list[Assessment]:
        sql = (
            "SELECT a.* FROM assessments a WHERE a.status = 'complete' AND NOT EXISTS ("
            "SELECT 1 FROM assessments b WHERE b.city_id = a.city_id AND (b.year > a.year "
            "OR (b.year = a.year AND b.id > a.id)))"
        )
        params: list[Any] = []
        if city_id is not None:
            sql += " AND a.city_id = ?"
            params.append(city_id)
        return self._models(Assessment, sql + " ORDER BY a.city_id", params)

    def open_assessments(self) -> list[Assessment]:
        return self._models(
            Assessment,
            "SELECT a.* FROM assessments a WHERE a.status = 'open' AND a.id = (SELECT b.id FROM assessments b "
            "WHERE b.city_id = a.city_id ORDER BY b.year DESC, b.id DESC LIMIT 1) ORDER BY a.city_id",
            [],
        )

    def last_answered(self, assessment_id: int, user: str | None = None) -> datetime | None:
        sql = "SELECT MAX(answered_at) AS at FROM answers WHERE assessment_id = ?"
        params: list[Any] = [assessment_id]
        if user is not None:
            sql += " AND answered_by = ?"
            params.append(user)
        row = self._one(sql, params)
        return datetime.fromisoformat(row["at"]) if row and row["at"] else None


def _evidence_text(url: str | None, note: str | None) -> str | None:
    if url is None and note is None:
        return None
    return " ".join(p for p in (url, note) if p)
