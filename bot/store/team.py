"""A city's team: its members and leads, and who was given which area (``interfaces.Team``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import StoreBase
from .models import Assessment, Assignment, City, Member, Role

# ``membership``: a member's row, their city's and its latest assessment's, read in one statement. The markers
# split the row (the three tables share column names such as ``id``).
_MEMBERSHIP = (
    "SELECT m.*, NULL AS \"|city\", c.*, NULL AS \"|assessment\", a.* FROM members m "
    "JOIN cities c ON c.id = m.city_id "
    "LEFT JOIN assessments a ON a.id = (SELECT b.id FROM assessments b WHERE b.city_id = m.city_id "
    "ORDER BY b.year DESC, b.id DESC LIMIT 1) "
    "WHERE m.workspace = ? AND m.user = ?"
)


class TeamStore(StoreBase):
    """The members and assignments of ``Store``."""

    if TYPE_CHECKING:  # from CitiesStore

        def city(self, city_id: int) -> City | None: ...

    # ------------------------------------------------------------ members

    def member(self, workspace: str, user: str) -> Member | None:
        return self._model(Member, "SELECT * FROM members WHERE workspace = ? AND user = ?", [workspace, user])

    def membership(self, workspace: str, user: str) -> tuple[Member, City, Assessment | None] | None:
        # (one statement instead of ``member``, ``city`` and ``current_assessment``: read on every input)
        cursor = self.db.execute(_MEMBERSHIP, [workspace, user])
        row = cursor.fetchone()
        if row is None:
            return None
        names = [d[0] for d in cursor.description]
        at_city, at_assessment = names.index("|city"), names.index("|assessment")
        member = Member.model_validate(dict(zip(names[:at_city], row[:at_city])))
        city = City.model_validate(dict(zip(names[at_city + 1 : at_assessment], row[at_city + 1 : at_assessment])))
        rest = dict(zip(names[at_assessment + 1 :], row[at_assessment + 1 :]))
        return member, city, Assessment.model_validate(rest) if rest.get("id") is not None else None

    def city_of(self, workspace: str, user: str) -> City | None:
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
        return self._models(Member, "SELECT * FROM members WHERE city_id = ? ORDER BY joined_at, user", [city_id])

    def leads(self, city_id: int) -> list[Member]:
        return [m for m in self.members(city_id) if m.is_lead]


    # ------------------------------------------------------------ assignments

    def assign_area(self, assessment_id: int, area: str, user: str, *, by: str) -> bool:
        with self._write() as db:
            row = self._one("SELECT user FROM assignments WHERE assessment_id = ? AND area = ?", [assessment_id, area])
            if row and row["user"] == user:
                return False
            assignment = {"assessment_id": assessment_id, "area": area, "user": user, "assigned_by": by}
            db.table("assignments").upsert({**assignment, "assigned_at": self._stamp()}, pk=("assessment_id", "area"))
            return True

    def assignments(self, assessment_id: int) -> list[Assignment]:
        sql = "SELECT * FROM assignments WHERE assessment_id = ? ORDER BY assigned_at"
        return self._models(Assignment, sql, [assessment_id])
