"""The Slack test harness: a real Bolt app on a real store and engine, the Web API stand-in, signed requests."""

from __future__ import annotations

import functools

from databases import new_database
from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.engine import Engine
from bot.settings import Settings
from bot.slack.app import build_app, wiring
from bot.slack.outbox import Outbox
from bot.store import Store
from knowledge import load_knowledge
from testkit.slack_sim import SlackSim, dispatch_to, find_button
from testkit.stub_api import Call, StubSlackAPI
from wwc_rules import load_standard

SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"
PEER = "CPEER"
ADMIN = "UADMIN"

POSTS = ("chat.postMessage", "chat.update", "chat.postEphemeral", "respond")
VIEWS = ("views.publish", "views.open", "views.update")


@functools.cache
def standard_and_knowledge():
    standard = load_standard()
    return standard, load_knowledge(standard)


def make_settings(api: StubSlackAPI, tmp_path, **extra: str) -> Settings:
    values = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api.url,
              "WWC_DB_PATH": str(tmp_path / "wwc.db"), "WWC_PEER_CHANNEL": PEER, **extra}
    return Settings(_env_file=None, **values)


class Harness:
    """A real Bolt app on a real store and engine, its Web API stand-in, and a signed-request sender."""

    def __init__(self, api: StubSlackAPI, tmp_path, **settings: str) -> None:
        self.api = api
        self.settings = make_settings(api, tmp_path, **settings)
        if not self.settings.db_path.exists():  # a new database: the migrated schema written at once
            new_database(self.settings.db_path)
        self.store = Store(self.settings.db_path)
        standard, knowledge = standard_and_knowledge()
        self.engine = Engine(self.store, standard, knowledge=knowledge)
        self.outbox = Outbox(self.store, WebClient(token=TOKEN, base_url=api.url, retry_handlers=[], timeout=2),
                             channel_gap=1.0, backoff=0.2, poll=0.05)
        self.app: App = build_app(self.settings, self.engine, self.store, outbox=self.outbox)
        wiring(self.app).service.level_check_delay = 0.1  # type: ignore[union-attr]  # no test waits 2 s for it
        self.slack = SlackSim(SECRET, dispatch_to(self.app), response_url=api.response_url())

    # ---- conversation helpers

    def dms(self, user: str) -> list[Call]:
        """Messages the bot posted into ``user``'s DM."""
        return [c for c in self.api.of("chat.postMessage") if c.body.get("channel") == "D" + user.lstrip("U")]

    def say(self, user: str, text: str, replies: int = 1) -> list[Call]:
        """DM the bot and wait for ``replies`` new posts in the DM; returns the new posts."""
        before = len(self.dms(user))
        assert self.slack.dm(user, text).status == 200
        self.api.wait_until(lambda: len(self.dms(user)) >= before + replies, what=f"reply to {text!r}")
        self.settle()
        return self.dms(user)[before:]

    def press(self, user: str, call: Call, value_prefix: str, *, expect: str = "chat.postMessage") -> None:
        """Press the button whose value starts with ``value_prefix`` on a posted message; wait for ``expect``."""
        before = len(self.api.of(expect))
        button = find_button(call.blocks(), value_prefix)
        reply = self.slack.click(user, button, channel=call.response["channel"], message_ts=call.response["ts"],
                                 message_blocks=call.blocks())
        assert reply.status == 200
        self.api.wait_until(lambda: len(self.api.of(expect)) > before, what=f"{expect} after {value_prefix}")
        self.settle()

    def command(self, user: str, text: str, **where: str) -> Call:
        """Run ``/wwc <text>`` as ``user``; waits for the one reply it sends to the command's response URL."""
        before = len(self.api.of("respond"))
        assert self.slack.command(text, user=user, **where).status == 200
        self.api.wait_until(lambda: len(self.api.of("respond")) > before, what=f"the reply to /wwc {text}")
        [reply] = self.api.of("respond")[before:]
        return reply

    def settle(self, timeout: float = 5.0) -> None:
        """Wait until the app has posted everything it was still posting (replies run on its own pool)."""
        wiring(self.app).service.replies.idle(timeout)  # type: ignore[union-attr]

    def onboard(self, user: str = "U1", city: str = "Tempe, AZ", population: str = "185,000") -> Call:
        """Register a city with ``user`` as lead; returns the post with the first criterion question."""
        self.say(user, "hello")
        self.say(user, city)
        posts = self.say(user, population)
        return posts[-1]


def assert_valid_slack_payloads(api: StubSlackAPI) -> None:
    """Every message has fallback text and valid blocks (50 max); every view validates (100 blocks max)."""
    for call in api.calls:
        if call.method in POSTS and "delete_original" not in call.body:
            assert (call.body.get("text") or "").strip(), f"{call.method} without fallback text: {call.body}"
            blocks = call.blocks()
            assert len(blocks) <= 50, call.method
            for b in blocks:
                Block.parse(b).validate_json()
                if b["type"] == "section" and "text" in b:
                    assert len(b["text"]["text"]) <= 3000
        if call.method in VIEWS:
            view = call.view()
            assert len(view["blocks"]) <= 100
            View(**view).validate_json()
            for b in view["blocks"]:
                Block.parse(b).validate_json()
