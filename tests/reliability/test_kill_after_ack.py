"""SIGKILL the app the moment Slack got its 200 for a slash command: what it acknowledged is in the database.

``/wwc assign`` and ``/wwc announce`` used to be acknowledged first and saved by a lazy listener after the
ack; a kill right after the 200 lost the assignment 5 times in 6 and the announcement 6 times in 6. The app
runs as ``wwc-bot serve --http`` (``reliability_kit.BotProcess``) and is killed as soon as each reply arrives.
"""

from __future__ import annotations

from pathlib import Path

from testkit.reliability_kit import ADMIN, BotProcess, Sender, StandIn, bot_env, dm_channel
from testkit.reliability_kit import db_rows as rows

AREAS = ("OD", "LC", "PA")


def test_a_slash_command_acknowledged_just_before_a_kill_is_kept(tmp_path: Path) -> None:
    db = tmp_path / "wwc.db"
    with StandIn() as api:
        bot = BotProcess(bot_env(api, db), tmp_path)
        bot.start()
        try:
            slack = Sender(lambda: bot.url, response_url=api.response_url())
            for text in ("hello", "Tempe, AZ", "185,000"):
                assert slack.dm("U1", text).status == 200
            api.wait_posts(dm_channel("U1"), 3, timeout=10)
            for n, area in enumerate(AREAS):
                assert slack.command(f"assign <@U{n + 2}> {area}", user="U1").status == 200
                bot.kill()  # at once: whatever the listener still had to do after its ack dies with it
                bot.start()
                assert slack.command(f"announce Sprint cohort {n} opens on Monday", user=ADMIN).status == 200
                bot.kill()
                bot.start()
            assert bot.stop() == 0
        finally:
            if bot.proc is not None and bot.proc.poll() is None:
                bot.kill()
    assert sorted(rows(db, "SELECT area, user FROM assignments")) == sorted(
        (area, f"U{n + 2}") for n, area in enumerate(AREAS))
    queued = [text for (text,) in rows(db, "SELECT text FROM outbox WHERE dedupe_key LIKE 'announce:%'")]
    assert sorted(queued) == [f"Sprint cohort {n} opens on Monday" for n in range(len(AREAS))]
