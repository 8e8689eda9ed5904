"""SIGKILL during the first start (migrations on a new database) and during outbox delivery: the database is
always whole, and every queued announcement reaches Slack at least once and at most once."""

from __future__ import annotations

import random
import subprocess
import time
from pathlib import Path

from bot.store import migrations
from testkit.reliability_kit import ADMIN, PEER, BotProcess, Sender, StandIn, bot_env, dm_channel
from testkit.reliability_kit import db_rows as _rows


def test_killed_during_the_first_start_the_database_comes_up_whole(tmp_path: Path) -> None:
    db = tmp_path / "wwc.db"
    rng = random.Random(3)
    with StandIn() as api:
        bot = BotProcess(bot_env(api, db), tmp_path)
        for _ in range(4):  # killed at random moments of its first seconds, before it ever served
            proc = subprocess.Popen(bot.argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=bot.env,
                                    cwd=tmp_path)
            time.sleep(rng.uniform(0.05, 0.8))
            proc.kill()
            proc.wait(timeout=10)
        bot.start()
        try:
            slack = Sender(lambda: bot.url, response_url=api.response_url())
            for text in ("hello", "Tempe, AZ", "185,000"):
                assert slack.dm("U1", text).status == 200
            api.wait_posts(dm_channel("U1"), 3, timeout=10)
            assert bot.stop() == 0
        finally:
            if bot.proc is not None and bot.proc.poll() is None:
                bot.kill()
    applied = {name for (name,) in _rows(db, "SELECT name FROM _migrations")}
    assert applied == {fn.__name__ for fn in migrations.MIGRATIONS}
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert _rows(db, "SELECT name, region FROM cities") == [("Tempe", "AZ")]


def test_killed_during_delivery_each_announcement_is_posted_once(tmp_path: Path) -> None:
    db = tmp_path / "wwc.db"
    texts = [f"Cohort {n} of the open data Sprint opens on Monday" for n in range(4)]
    rng = random.Random(5)
    with StandIn() as api:
        bot = BotProcess(bot_env(api, db), tmp_path)
        bot.start()
        try:
            slack = Sender(lambda: bot.url, response_url=api.response_url())
            for text in texts:  # queued at once; the outbox posts one a second to the channel
                assert slack.command(f"announce {text}", user=ADMIN).status == 200
            for _ in range(3):  # killed while it delivers, restarted on the same database
                time.sleep(rng.uniform(0.3, 1.2))
                bot.kill()
                bot.start()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and len({c.body.get("text") for c in api.posts_to(PEER)}) < len(texts):
                time.sleep(0.1)
            assert bot.stop() == 0
        finally:
            if bot.proc is not None and bot.proc.poll() is None:
                bot.kill()
        posted = [c.body.get("text") for c in api.posts_to(PEER)]
    assert sorted(set(posted)) == sorted(texts)  # at least once each
    assert len(posted) == len(texts), posted  # and at most once
