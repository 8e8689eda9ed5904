"""What every listener shares: the engine, the store, and how replies reach Slack.

Listeners stay thin (ack, parse, call the engine, render); this module holds
the few Slack-side steps they have in common: who the actor is, one input at
a time per user, posting rendered messages (and notices to colleagues in
their DM), refreshing the App Home, and asking a city's lead before a new
level is announced in the peer-network channel.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.engine import Actor, Dashboard, Engine, Message, MessageKind, UserInput
from bot.settings import Settings
from bot.store import Store
from wwc_rules import score

from . import blocks, home_view
from .directory import Directory
from .outbox import Outbox

log = logging.getLogger(__name__)

CLICK_WINDOW = 3.0  # seconds in which a second press of the same button is a double click
LEVEL_CHECK_DELAY = 2.0  # seconds after an answer before checking for a new level (one check per burst)


@contextmanager
def after_ack(what: str) -> Iterator[None]:
    """Work after ``ack()`` (posting replies): an error is logged, never raised.

    Raised soon after ``ack()``, it would make Bolt take back the ack it was
    about to send, and Slack would get a 404 after 3 s for an input that was
    recorded.
    """
    try:
        yield
    except Exception:
        log.exception("%s failed after the ack", what)


@dataclass
class SlackService:
    settings: Settings
    client: WebClient  # the app's keep-alive client, shared (Bolt's per-request client opens a connection per call)
    engine: Engine
    store: Store
    outbox: Outbox
    directory: Directory
    _locks: dict[tuple[str, str], threading.Lock] = field(default_factory=dict)
    _locks_guard: threading.Lock = field(default_factory=threading.Lock)
    _dms: dict[str, str] = field(default_factory=dict)
    _home_viewers: set[tuple[str, str]] = field(default_factory=set)
    _clicks: dict[tuple[str, ...], float] = field(default_factory=dict)
    _asked: set[str] = field(default_factory=set)
    _level_checks: set[tuple[str, str]] = field(default_factory=set)
    _peer_host: str | None = None

    # ---- who and one-at-a-time

    def actor(self, workspace: str, user: str) -> Actor:
        return Actor(workspace=workspace, user=user, name=self.directory.name(user))

    @contextmanager
    def turn(self, actor: Actor) -> Iterator[None]:
        """Handle one input per user at a time (the engine's assumption), across listener threads."""
        key = (actor.workspace, actor.user)
        with self._locks_guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            yield

    def handle(self, actor: Actor, user_input: UserInput, *, once: str | None = None) -> list[Message] | None:
        """The engine's replies to one input, committed before this returns (so before Slack gets its ack).

        With ``once`` (a Slack event id, or a key for one button on one
        message) the key is recorded in the same transaction as the answer:
        a second delivery returns None and changes nothing, and a crash
        before the commit leaves neither, so Slack's retry is handled.
        """
        with self.turn(actor), self.store.transaction():
            if once is not None and not self.store.mark_event_processed(once):
                return None
            return self.engine.handle(actor, user_input)

    def double_click(self, *key: str) -> bool:
        """True if the same key was seen within ``CLICK_WINDOW`` seconds (in-memory: clicks are not retried)."""
        now = time.monotonic()
        with self._locks_guard:
            if len(self._clicks) > 10_000:
                self._clicks = {k: t for k, t in self._clicks.items() if now - t < CLICK_WINDOW}
            seen = self._clicks.get(key)
            self._clicks[key] = now
        return seen is not None and now - seen < CLICK_WINDOW

    # ---- posting

    def dm_channel(self, user: str) -> str:
        """The id of the bot's DM with ``user`` (``conversations.open``, cached)."""
        channel = self._dms.get(user)
        if channel is None:
            channel = self.client.conversations_open(users=user)["channel"]["id"]
            self._dms[user] = channel
        return channel

    def post(self, channel: str, messages: Sequence[Message], *, thread_ts: str | None = None) -> None:
        for post in blocks.render(messages):
            self.client.chat_postMessage(channel=channel, text=post.text, blocks=post.blocks, thread_ts=thread_ts)

    def deliver(self, actor: Actor, messages: Sequence[Message], *, channel: str | None,
                thread_ts: str | None = None) -> None:
        """Post the actor's messages to ``channel`` (their DM if None); notices go to each recipient's DM."""
        own = [m for m in messages if m.recipient in (None, actor.user)]
        if own:
            self.post(channel or self.dm_channel(actor.user), own, thread_ts=thread_ts)
        for recipient in dict.fromkeys(m.recipient for m in messages if m.recipient not in (None, actor.user)):
            assert recipient is not None
            notices = [m for m in messages if m.recipient == recipient]
            self.post(self.dm_channel(recipient), notices)

    def after_answer(self, actor: Actor, messages: Sequence[Message], *, home: bool = False) -> None:
        """After an input: refresh the actor's Home (if they use it) and, on a recorded answer, check for a new level.

        ``home`` says the input came from the Home tab (or changed what it shows) and it must be refreshed.
        """
        answered = any(m.kind in (MessageKind.ANSWERED, MessageKind.REPORT) for m in messages)
        viewer = (actor.workspace, actor.user)
        if home and messages:
            self._home_viewers.add(viewer)
        if (answered or home) and viewer in self._home_viewers:
            self._publish(actor, self.engine.dashboard(actor))
        if answered and self.settings.peer_channel is not None:
            self._schedule_level_check(actor)

    # ---- network admins

    def network_admin(self, actor: Actor) -> bool:
        """An Admin or Owner of the workspace that hosts the peer-network channel (the network team).

        In a channel shared over Slack Connect, admins of the guest (city)
        workspaces are not network admins. If the channel cannot be looked
        up, nobody is (fail closed).
        """
        if not self.settings.peer_channel or not self.directory.person(actor.user).is_admin:
            return False
        if self._peer_host is None:
            try:
                channel = self.client.conversations_info(channel=self.settings.peer_channel)["channel"]
            except SlackApiError as err:
                log.warning("cannot look up the peer-network channel: %s", err.response.get("error"))
                return False
            self._peer_host = channel.get("conversation_host_id") or channel.get("context_team_id") or actor.workspace
        return self._peer_host == actor.workspace

    # ---- App Home

    def publish_home(self, actor: Actor) -> None:
        self._home_viewers.add((actor.workspace, actor.user))
        self._publish(actor, self.engine.dashboard(actor))

    def _publish(self, actor: Actor, dashboard: Dashboard | None) -> None:
        view = home_view.home(dashboard) if dashboard is not None else home_view.welcome()
        self.client.views_publish(user_id=actor.user, view=view)

    # ---- new levels: the lead's consent, then the peer-network post

    def _schedule_level_check(self, actor: Actor) -> None:
        """Check the actor's level ``LEVEL_CHECK_DELAY`` s from now, once for a burst of answers (off the reply path)."""
        key = (actor.workspace, actor.user)
        with self._locks_guard:
            if key in self._level_checks:
                return
            self._level_checks.add(key)

        def run() -> None:
            with self._locks_guard:
                self._level_checks.discard(key)
            try:
                self._check_level(actor)
            except Exception:
                log.exception("level check failed")
            finally:
                if self.store.path != ":memory:":
                    self.store.close()  # the connection this short-lived thread opened

        timer = threading.Timer(LEVEL_CHECK_DELAY, run)
        timer.daemon = True
        timer.start()

    def _check_level(self, actor: Actor) -> None:
        """If the actor's city now holds a level it was never asked about, DM its leads for consent (once)."""
        member = self.store.member(actor.workspace, actor.user)
        assessment = self.store.current_assessment(member.city_id) if member else None
        if member is None or assessment is None:
            return
        gate = assessment.gate_choice
        result = score(self.engine.standard, self.store.answers(assessment.id),
                       gate_choice=None if gate in (None, "none") else gate)
        if result.level is None:
            return
        key = f"{actor.workspace}:{member.city_id}:{assessment.year}:{result.level.name}"
        if key in self._asked:
            return
        self._asked.add(key)
        city = self.store.city(member.city_id)
        assert city is not None
        post = blocks.consent_prompt(city.label, result.level.name, result.percent,
                                     f"{member.city_id}:{assessment.year}:{result.level.name}")
        for lead in self.store.leads(member.city_id):
            self.outbox.post(lead.user, post.text, key=f"consent:{key}:{lead.user}", blocks=post.blocks)

    def announce_level(self, actor: Actor, value: str) -> str:
        """The lead agreed: queue the level's peer-network post; returns what to tell them."""
        city_id, _, rest = value.partition(":")
        year, _, level = rest.partition(":")
        member = self.store.member(actor.workspace, actor.user)
        if member is None or str(member.city_id) != city_id or not member.is_lead:
            return "Only the city's assessment lead can agree to announce its level."
        channel = self.settings.peer_channel
        dashboard = self.engine.dashboard(actor)
        if not channel or dashboard is None:
            return "No peer-network channel is configured, so nothing was posted."
        if dashboard.level != level or str(dashboard.year) != year:
            return f"{level} is no longer your current level, so I didn't announce it."
        post = blocks.level_announcement(dashboard.city, level, dashboard.percent, dashboard.year)
        key = f"level:{actor.workspace}:{city_id}:{year}:{level}"
        if self.outbox.post(channel, post.text, key=key, blocks=post.blocks):
            return f"✓ Thank you! {level} will be announced in the peer-network channel in a moment."
        return f"✓ {level} was already announced in the peer-network channel."
