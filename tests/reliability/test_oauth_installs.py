"""One app for many workspaces: "Add to Slack" through the OAuth redirect, replies with each workspace's own
token, an uninstall that removes the installation and keeps the city's data (issue 14)."""

from __future__ import annotations

import http.cookies
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.settings import Settings, SettingsError, load_settings
from bot.slack.app import build_app, web_client, wiring
from bot.slack.outbox import Outbox
from bot.slack.serve import http_server
from bot.store import Store
from knowledge import load_knowledge
from testkit.reliability_kit import SECRET, Sender, StandIn, dm_channel, question_code
from wwc_rules import load_standard

WORKSPACES = ("T222", "T333")


class Distributed:
    """The app as ``wwc-bot serve --http`` runs it with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET."""

    def __init__(self, api: StandIn, folder: Path) -> None:
        self.api = api
        self.settings = Settings(_env_file=None, SLACK_CLIENT_ID="111.222", SLACK_CLIENT_SECRET="client-secret",
                                 SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=api.url,
                                 WWC_DB_PATH=str(folder / "wwc.db"))
        self.store = Store(self.settings.db_path)
        standard = load_standard()
        engine = Engine(self.store, standard, knowledge=load_knowledge(standard))
        self.outbox = Outbox(self.store, web_client(self.settings, None, retries=False))
        self.app = build_app(self.settings, engine, self.store, outbox=self.outbox)
        self.server = http_server(self.app, "127.0.0.1", 0)
        self.base = f"http://127.0.0.1:{self.server.effective_port}"
        threading.Thread(target=self._serve, daemon=True).start()
        self.senders = {team: Sender(lambda: self.base + "/slack/events", team=team) for team in WORKSPACES}

    def _serve(self) -> None:
        try:
            self.server.run()
        except OSError:
            pass

    def close(self) -> None:
        self.server.close()
        wiring(self.app).service.replies.shutdown(5.0)  # type: ignore[union-attr]

    def install(self, team: str) -> str:
        """Press "Add to Slack", approve in Slack (a code for ``team``), come back to the redirect; the page."""
        with urllib.request.urlopen(self.base + "/slack/install", timeout=5) as page:
            assert page.status == 200
            link = page.read().decode()
            cookie = http.cookies.SimpleCookie(page.headers["Set-Cookie"])
        state = cookie["slack-app-oauth-state"].value
        assert "slack.com/oauth/v2/authorize" in link and state in link
        query = urllib.parse.urlencode({"code": f"code-{team}", "state": state})
        back = urllib.request.Request(f"{self.base}/slack/oauth_redirect?{query}",
                                      headers={"Cookie": f"slack-app-oauth-state={state}"})
        with urllib.request.urlopen(back, timeout=5) as done:
            return done.read().decode()

    def token_of(self, team: str) -> str | None:
        service = wiring(self.app).service  # type: ignore[union-attr]
        return service.outbox.installations.token(team)


@pytest.fixture
def distributed(tmp_path: Path) -> Iterator[Distributed]:
    api = StandIn()
    api.start()
    d = Distributed(api, tmp_path)
    yield d
    d.close()
    api.stop()


def answer_three(d: Distributed, team: str, user: str, city: str) -> None:
    slack = d.senders[team]
    for text in ("hello", city, "120,000"):
        assert slack.dm(user, text).status == 200
    d.api.wait_until(lambda: any(question_code(p) == "DM1" for p in d.api.posts_to(dm_channel(user))), 10)
    for text, code in (("yes", "DM2"), ("no", "DM3"), ("in progress", "DM4")):
        assert slack.dm(user, text).status == 200
        d.api.wait_until(lambda: any(question_code(p) == code for p in d.api.posts_to(dm_channel(user))), 10)


def test_two_workspaces_install_by_oauth_and_each_is_answered_with_its_own_token(distributed: Distributed) -> None:
    d = distributed
    for team in WORKSPACES:
        page = d.install(team)
        assert "Thank you" in page or "success" in page.lower() or "slack://" in page
        assert d.token_of(team) is not None
    answer_three(d, "T222", "U2A", "Tempe, AZ")
    answer_three(d, "T333", "U3A", "Mesa, AZ")

    for user, team in (("U2A", "T222"), ("U3A", "T333")):
        posts = [c for c in d.api.calls if c.method == "chat.postMessage" and c.body.get("channel") == dm_channel(user)]
        assert posts and {d.api.team_of(c) for c in posts} == {team}, f"{user}'s replies used another token"
        city = d.store.city_of(team, user)
        assert city is not None
        answers = d.store.answers(d.store.current_assessment(city.id).id)
        assert {k: str(v.value) for k, v in answers.items()} == {"DM1": "met", "DM2": "not_yet", "DM3": "in_progress"}
    assert d.store.city_of("T222", "U3A") is None and d.store.city_of("T333", "U2A") is None


def test_an_uninstall_removes_the_installation_and_keeps_the_city(distributed: Distributed) -> None:
    d = distributed
    d.install("T222")
    answer_three(d, "T222", "U2A", "Tempe, AZ")
    uninstalled = {"type": "app_uninstalled", "event_ts": "1700000000.000100"}
    assert d.senders["T222"].event(uninstalled).status == 200
    d.api.revoke("T222")
    d.api.wait_until(lambda: d.token_of("T222") is None, 5, what="the installation removed")
    city = d.store.city_of("T222", "U2A")
    assert city is not None and len(d.store.answers(d.store.current_assessment(city.id).id)) == 3


def test_half_an_oauth_configuration_is_refused_with_a_clear_message() -> None:
    with pytest.raises(SettingsError, match="SLACK_CLIENT_SECRET is not set"):
        load_settings(_env_file=None, SLACK_CLIENT_ID="111.222")
    with pytest.raises(SettingsError, match="WWC_PEER_TEAM"):
        load_settings(_env_file=None, SLACK_CLIENT_ID="1", SLACK_CLIENT_SECRET="s", SLACK_SIGNING_SECRET="x",
                      WWC_PEER_CHANNEL="CPEER")
    with pytest.raises(SettingsError, match="not both"):
        load_settings(_env_file=None, SLACK_CLIENT_ID="1", SLACK_CLIENT_SECRET="s", SLACK_SIGNING_SECRET="x",
                      SLACK_BOT_TOKEN="xoxb-1")


def test_a_slack_connect_user_gets_a_visible_reply_about_their_own_city_only(distributed: Distributed) -> None:
    """Workspace T333's lead, in a channel of workspace T222 shared over Slack Connect, asks for the status."""
    d = distributed
    for team in WORKSPACES:
        d.install(team)
    answer_three(d, "T222", "U2A", "Tempe, AZ")
    answer_three(d, "T333", "U3A", "Mesa, AZ")
    host = d.senders["T222"]  # the event comes through the installation of the channel's workspace
    event = {"type": "app_mention", "text": "<@UBOTT222> status", "user": "U3A", "user_team": "T333",
             "ts": "1700000900.000100", "channel": "CSHARED", "event_ts": "1700000900.000100"}
    envelope = host.envelope(event)
    envelope["is_ext_shared_channel"] = True
    before = len(d.api.posts_to(dm_channel("U3A")))
    assert host.send_json(envelope).status == 200
    d.api.wait_until(lambda: len(d.api.posts_to(dm_channel("U3A"))) > before, 10, what="the status in the DM")
    status = d.api.posts_to(dm_channel("U3A"))[-1]
    assert "Mesa" in status.body["text"] and "Tempe" not in status.body["text"]
    d.api.wait_until(lambda: d.api.of("chat.postEphemeral"), 10, what="the private pointer in the channel")
    pointer = d.api.of("chat.postEphemeral")[-1]
    assert pointer.body["channel"] == "CSHARED" and pointer.body["user"] == "U3A"
    assert not pointer.body.get("thread_ts"), "an ephemeral in a thread that does not exist is never shown"
    assert not [c for c in d.api.of("chat.postMessage") if c.body.get("channel") == "CSHARED"]


def test_a_workspace_of_an_enterprise_grid_organisation_is_found_by_its_team_id(tmp_path: Path) -> None:
    from slack_sdk.oauth.installation_store import Installation
    from slack_sdk.oauth.installation_store.sqlite3 import SQLite3InstallationStore

    from bot.slack.tokens import Installations

    store = SQLite3InstallationStore(database=str(tmp_path / "wwc.db"), client_id="111.222")
    store.save(Installation(app_id="A1", enterprise_id="E9", team_id="T444", bot_token="xoxb-T444-1", bot_id="B4",
                            bot_user_id="UB4", user_id="U4"))
    store.save(Installation(app_id="A1", team_id="T555", bot_token="xoxb-T555-1", bot_id="B5", bot_user_id="UB5",
                            user_id="U5"))
    installations = Installations(store)
    assert installations.token("T444") == "xoxb-T444-1"
    assert installations.token("T555") == "xoxb-T555-1"
    assert installations.token("T666") is None
