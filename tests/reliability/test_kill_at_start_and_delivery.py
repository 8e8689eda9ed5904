"""SIGKILL during the first start (migrations on a new database) and during outbox delivery: the database is
always whole, and every queued announcement reaches Slack at least once and at most once."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import time
from pathlib import Path

from bot.store import migrations
from testkit.reliability_kit import ADMIN, PEER, BotProcess, Sender, StandIn, bot_env, onboard
from testkit.reliability_kit import db_rows as _rows


def wal_written(db: Path) -> int:
    """When the database's write-ahead log was last written to (0 while there is none): every commit does."""
    try:
        return (db.parent / f"{db.name}-wal").stat().st_mtime_ns
    except FileNotFoundError:
        return 0


def migrated(db: Path, *, alive: bool = True) -> int:
    """How many migrations the database holds (0 before the table that counts them). While the app writes, read
    only (its log is readable as it goes); once it is dead, as a writer would, recovering the log it left."""
    try:
        if alive:
            return len(_rows(db, "SELECT name FROM _migrations"))
        conn = sqlite3.connect(db)
        try:
            return len(conn.execute("SELECT name FROM _migrations").fetchall())
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def killed_once_migrated(bot: BotProcess, db: Path, target: int) -> int:
    """Start the app on ``db`` and SIGKILL it as soon as ``target`` migrations are committed (in the middle of
    the next one); returns how many it left."""
    before = wal_written(db)
    proc = subprocess.Popen(bot.argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=bot.env,
                            cwd=bot.folder)
    deadline = time.monotonic() + 30
    while proc.poll() is None and time.monotonic() < deadline:
        if wal_written(db) != before and migrated(db) >= target:  # (read only once it writes: in WAL mode)
            break
        time.sleep(0.001)
    proc.kill()
    proc.wait(timeout=10)
    return migrated(db, alive=False)


def test_killed_during_the_first_start_the_database_comes_up_whole(tmp_path: Path) -> None:
    db = tmp_path / "wwc.db"
    total = len(migrations.MIGRATIONS)
    rng = random.Random(3)
    targets = [rng.randrange(1 + n * (total - 2) // 4, 1 + (n + 1) * (total - 2) // 4) for n in range(4)]  # spread
    with StandIn() as api:
        bot = BotProcess(bot_env(api, db), tmp_path)
        left = [killed_once_migrated(bot, db, target) for target in targets]  # each before it ever served
        assert any(n < total for n in left), (targets, left)  # killed halfway through the migrations
        with bot:
            onboard(api, bot)
            assert bot.stop() == 0
    names = {name for (name,) in _rows(db, "SELECT name FROM _migrations")}
    assert names == {fn.__name__ for fn in migrations.MIGRATIONS}
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert _rows(db, "SELECT name, region FROM cities") == [("Tempe", "AZ")]


def test_killed_during_delivery_each_announcement_is_posted_once(tmp_path: Path) -> None:
    db = tmp_path / "wwc.db"
    texts = [f"Cohort {n} of the open data Sprint opens on Monday" for n in range(3)]
    rng = random.Random(5)
    with StandIn() as api, BotProcess(bot_env(api, db), tmp_path) as bot:
        api.fail("chat.postMessage", delay=0.5)  # the first post: Slack takes it, and answers half a second later
        slack = Sender(lambda: bot.url, response_url=api.response_url())
        for text in texts:  # queued at once; the outbox posts one a second to the channel
            assert slack.command(f"announce {text}", user=ADMIN).status == 200
        api.wait_until(lambda: api.in_flight["chat.postMessage"] > 0, 10, "the first post on its way")
        bot.kill()  # Slack has the post; the app never hears back
        bot.start()
        time.sleep(rng.uniform(0.3, 1.2))  # killed again while it delivers (mostly between two posts)
        bot.kill()
        bot.start()
        api.wait_until(lambda: {c.body.get("text") for c in api.posts_to(PEER)} >= set(texts), 30,
                       "every announcement posted")
        assert bot.stop() == 0
        posted = [c.body.get("text") for c in api.posts_to(PEER)]
    assert sorted(set(posted)) == sorted(texts)  # at least once each
    assert len(posted) == len(texts), posted  # and at most once
