"""City keys in the store: one city however it is spelled, and m006 re-keying older databases."""

from __future__ import annotations

from datetime import timedelta

from sqlite_utils import Database

from bot.store import Role, Store, city_key, migrations


def test_the_same_city_spelled_another_way_is_not_created_twice(store):
    city, created = store.create_city("T1", "the City of Riverton", "Ohio", 40_000, lead="U_ANA", lead_name="Ana")
    for name, region in (("Riverton", "OH"), ("RIVERTON.", "oh"), ("City of Riverton", "Ohio")):
        again, created_again = store.create_city("T1", name, region, 40_000, lead="U_EVE")
        assert not created_again and again.id == city.id
    assert created and store.member("T1", "U_EVE") is None
    assert store.find_city("T1", "Riverton", "Ohio") == city
    assert store.find_city("T1", "Riverton", "AZ") is None
    assert store.find_city_by_name("T1", "riverton") == store.find_city_by_name("T1", "City of Riverton") == [city]


def test_accents_are_one_city(store):
    city, _ = store.create_city("T1", "Bogotá", "Colombia", 7_900_000, lead="U_ANA")
    assert store.find_city("T1", "BOGOTA", "colombia") == city
    assert store.find_city_by_name("T1", "bogota") == [city]
    assert store.city(city.id).name == "Bogotá"  # the name shown keeps its accent


def _old_database(db_path, clock) -> Database:
    """A database at the schema before m006 (cities keyed the old way)."""
    db = Database(db_path)
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    before = migrations.MIGRATIONS[: [fn.__name__ for fn in migrations.MIGRATIONS].index("m006_city_keys")]
    for fn in before:
        fn(db)
        db.execute("INSERT INTO _migrations VALUES (?, ?)", [fn.__name__, clock().isoformat()])
    db.conn.commit()
    return db


def test_m006_rekeys_cities_and_keeps_colliding_ones_apart(db_path, clock):
    db = _old_database(db_path, clock)
    day = clock()
    rows = [
        # id, workspace, name, region, old key, created: two Rivertons that are one city under the new key
        (1, "T1", "the City of Riverton", "Ohio", "the city of riverton ohio", day),
        (2, "T1", "Riverton", "OH", "riverton oh", day + timedelta(days=3)),
        (3, "T1", "Tempe", "AZ", "tempe az", day),
        # in T2 the row with the higher id is the older one: age, not id, decides who keeps the key
        (4, "T2", "Bogota", "Colombia", "bogota colombia", day + timedelta(days=9)),
        (5, "T2", "Bogotá", "colombia", "bogotá colombia", day + timedelta(days=1)),
        (6, "T2", "Riverton", "OH", "riverton oh", day),  # another workspace: no collision with T1
    ]
    for city_id, workspace, name, region, key, created in rows:
        db["cities"].insert(
            {"id": city_id, "workspace": workspace, "name": name, "region": region, "key": key,
             "population": 40_000, "eligible": 1, "created_at": created.isoformat()}
        )
    for user, city_id in (("U_ANA", 1), ("U_BEN", 2), ("U_TIM", 3), ("U_BO", 4), ("U_BEA", 5), ("U_RAY", 6)):
        workspace = "T1" if city_id <= 3 else "T2"
        db["members"].insert(
            {"workspace": workspace, "user": user, "city_id": city_id, "role": "lead", "joined_at": day.isoformat()}
        )
    db.conn.commit()
    db.close()

    store = Store(db_path, clock=clock)
    keys = dict(store.db.execute("SELECT id, key FROM cities").fetchall())
    assert keys == {
        1: "riverton|oh",
        2: "riverton|oh#2",
        3: "tempe|az",
        4: "bogota|colombia#4",
        5: "bogota|colombia",
        6: "riverton|oh",
    }
    assert keys[1] == city_key("Riverton", "OH") and keys[5] == city_key("Bogotá", "Colombia")
    # Nothing merged or lost: every city and its lead are still there.
    assert store.db.execute("SELECT COUNT(*) FROM cities").fetchone()[0] == 6
    assert store.city_of("T1", "U_BEN").id == 2 and store.member("T1", "U_BEN").role is Role.LEAD
    assert store.city_of("T2", "U_BO").id == 4
    # New look-ups find the older city; nobody can register a third Riverton in T1.
    assert store.find_city("T1", "Riverton", "Ohio").id == 1
    assert store.find_city("T2", "bogota", "COLOMBIA").id == 5
    again, created = store.create_city("T1", "Riverton", "OH", 40_000, lead="U_EVE")
    assert not created and again.id == 1
    assert [c.id for c in store.find_city_by_name("T1", "Riverton")] == [1, 2]
    store.close()

    reopened = Store(db_path, clock=clock)  # applied once: reopening changes nothing
    assert dict(reopened.db.execute("SELECT id, key FROM cities").fetchall()) == keys
    names = [r[0] for r in reopened.db.execute("SELECT name FROM _migrations ORDER BY rowid")]
    assert names.count("m006_city_keys") == 1
    reopened.close()


def test_m006_on_an_empty_database(db_path, clock):
    _old_database(db_path, clock).close()
    store = Store(db_path, clock=clock)
    city, created = store.create_city("T1", "Riverton", "OH", 40_000, lead="U_ANA")
    assert created and store.db.execute("SELECT key FROM cities").fetchone()[0] == "riverton|oh"
    store.close()
