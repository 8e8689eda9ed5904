"""SIGKILL the app the moment Slack got its 200 for a slash command: what it acknowledged is in the database.

``/wwc assign`` and ``/wwc announce`` used to be acknowledged first and saved by a lazy listener after the
ack; a kill right after the 200 lost the assignment 5 times in 6 and the announcement 6 times in 6. The app
runs as ``wwc-bot serve --http`` (``reliability_kit.BotProcess``) and is stopped dead as soon as each reply
arrives: frozen (SIGSTOP), so that the database is read at that very moment, as a SIGKILL would leave it.
The first command of each kind is then killed and the app restarted on the database; the others thaw
and go on, so six commands cost two restarts, not six.
"""

from __future__ import annotations

from pathlib import Path

from testkit.reliability_kit import ADMIN, BotProcess, StandIn, bot_env, onboard
from testkit.reliability_kit import db_rows as rows

AREAS = ("OD", "LC", "PA")


def test_a_slash_command_acknowledged_just_before_a_kill_is_kept(tmp_path: Path) -> None:
    db = tmp_path / "wwc.db"
    with StandIn() as api, BotProcess(bot_env(api, db), tmp_path) as bot:
        slack = onboard(api, bot)

        def dead_on_ack(text: str, user: str, sql: str, kill: bool) -> list[str]:
            """Send ``text``; freeze the app the moment its 200 arrives; what ``sql`` reads then."""
            assert slack.command(text, user=user).status == 200
            bot.freeze()  # at once: whatever the listener still had to do after its ack waits, or dies with it
            found = [" ".join(map(str, row)) for row in rows(db, sql)]
            if kill:
                bot.kill()
                bot.start()
            else:
                bot.thaw()
            return found

        for n, area in enumerate(AREAS):
            assigned = dead_on_ack(f"assign <@U{n + 2}> {area}", "U1", "SELECT area, user FROM assignments", n == 0)
            assert f"{area} U{n + 2}" in assigned
            text = f"Sprint cohort {n} opens on Monday"
            queued = dead_on_ack(f"announce {text}", ADMIN,
                                 "SELECT text FROM outbox WHERE dedupe_key LIKE 'announce:%'", n == 0)
            assert text in queued
        assert bot.stop() == 0
    assert sorted(rows(db, "SELECT area, user FROM assignments")) == sorted(
        (area, f"U{n + 2}") for n, area in enumerate(AREAS))
    queued = [text for (text,) in rows(db, "SELECT text FROM outbox WHERE dedupe_key LIKE 'announce:%'")]
    assert sorted(queued) == [f"Sprint cohort {n} opens on Monday" for n in range(len(AREAS))]
