"""Sprint cohorts matched to gaps: which cities to invite, invitations, requests to join, opt-outs
(``interfaces.Invitations``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wwc_rules import Outcome

from .base import StoreBase
from .models import Assessment, City


class InvitationsStore(StoreBase):
    """The sprint invitations of ``Store``."""

    if TYPE_CHECKING:  # from AnswersStore

        def current_assessment(self, city_id: int) -> Assessment | None: ...

        def answers(self, assessment_id: int) -> dict[str, Outcome]: ...

    def cities_with_gap(self, standard_id: str, codes: list[str]) -> list[tuple[City, dict[str, Outcome]]]:
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
        with self._write() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO sprint_invitations (program, cohort, city_id, codes, invited_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [program, cohort, city_id, codes, self._stamp()],
            )
            return cursor.rowcount == 1

    def ask_to_join(self, program: str, cohort: str, city_id: int) -> bool:
        with self._write() as db:
            cursor = db.execute(
                "UPDATE sprint_invitations SET asked_to_join_at = ? WHERE program = ? AND cohort = ? AND city_id = ? "
                "AND asked_to_join_at IS NULL",
                [self._stamp(), program, cohort, city_id],
            )
            return cursor.rowcount == 1

    def invitation_counts(self, program: str, cohort: str) -> tuple[int, int]:
        row = self._one(
            "SELECT COUNT(*) AS invited, COUNT(asked_to_join_at) AS joined FROM sprint_invitations "
            "WHERE program = ? AND cohort = ?",
            [program, cohort],
        )
        return (int(row["invited"]), int(row["joined"])) if row else (0, 0)

    def joined_cities(self, program: str, cohort: str) -> list[City]:
        return self._models(
            City,
            "SELECT c.* FROM sprint_invitations i JOIN cities c ON c.id = i.city_id WHERE i.program = ? "
            "AND i.cohort = ? AND i.asked_to_join_at IS NOT NULL ORDER BY c.name",
            [program, cohort],
        )

    def opt_out_of_invitations(self, workspace: str, user: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO sprint_optouts (workspace, user, at) VALUES (?, ?, ?)",
                [workspace, user, self._stamp()],
            )

    def opted_out(self, workspace: str, user: str) -> bool:
        return self._one("SELECT 1 AS yes FROM sprint_optouts WHERE workspace = ? AND user = ?", [workspace, user]) is not None
