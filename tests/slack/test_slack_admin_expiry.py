"""An expired admin entry is never trusted while Slack errors (network-admin checks fail closed)."""

from __future__ import annotations

from harness import ADMIN, Harness


def test_an_expired_admin_entry_is_not_trusted_while_slack_errors(harness: Harness) -> None:
    from bot.slack.app import wiring

    service = wiring(harness.app).service
    directory = service.directory
    assert directory.admin(ADMIN) is True  # cached as an admin
    directory.ttl = 0.0  # the entry has expired
    harness.api.fail("users.info", status=500, times=10)
    assert directory.admin(ADMIN) is None  # "could not tell": never the old True
    harness.slack.command("announce Sprint opens", user=ADMIN)
    reply = harness.api.wait_for("respond")[-1].body["text"] if harness.api.of("respond") else ""
    assert harness.store.claim_due() == []  # nothing queued while Slack cannot confirm the admin
    assert "Only network admins" in reply or reply == "" or "try again" in reply.lower()
