"""Cities: registering a city with its lead, finding one by name, its population (``interfaces.Cities``)."""

from __future__ import annotations

from .base import StoreBase
from .city_identity import city_key, city_name_key
from .models import MIN_ELIGIBLE_POPULATION, City, Role


class CitiesStore(StoreBase):
    """The cities of ``Store``."""

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
            lead_row = {"workspace": workspace, "user": lead, "city_id": city_id, "role": Role.LEAD.value}
            db.table("members").upsert(
                {**lead_row, "name": lead_name, "added_by": lead, "joined_at": now}, pk=("workspace", "user")
            )
        assert city_id is not None
        city = self.city(city_id)
        assert city is not None
        return city, True

    def city(self, city_id: int) -> City | None:
        return self._model(City, "SELECT * FROM cities WHERE id = ?", [city_id])

    def find_city(self, workspace: str, name: str, region: str) -> City | None:
        return self._model(
            City, "SELECT * FROM cities WHERE workspace = ? AND key = ?", [workspace, city_key(name, region)]
        )

    def find_city_elsewhere(self, workspace: str, name: str, region: str) -> City | None:
        return self._model(
            City,
            "SELECT * FROM cities WHERE workspace != ? AND key = ? ORDER BY id LIMIT 1",
            [workspace, city_key(name, region)],
        )

    def find_city_by_name(self, workspace: str, name: str) -> list[City]:
        key = city_name_key(name)
        rows = self._all("SELECT * FROM cities WHERE workspace = ? ORDER BY id", [workspace])
        return [City.model_validate(r) for r in rows if city_name_key(r["name"]) == key]

    def set_population(self, city_id: int, population: int) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE cities SET population = ?, eligible = ? WHERE id = ?",
                [population, int(population >= MIN_ELIGIBLE_POPULATION), city_id],
            )
