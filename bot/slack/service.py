"""What every listener shares: the engine, the store, and how replies reach Slack.

Listeners stay thin (ack, parse, call the engine, render); this module holds
the few Slack-side steps they have in common: who the actor is, one input at
a time per user, saving an input before Slack gets its ack (and saying so
when the database cannot be written), posting rendered messages (and notices
to colleagues in their DM), what may be said in a channel, refreshing the
App Home, and asking a city's lead before a new level is announced in the
peer-network channel.
"""

from __future__ import annotations

import itertools
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

import wwc_i18n as i18n
from bot.engine import Actor, Dashboard, Engine, Message, MessageKind, UserInput
from bot.engine.commands import Cmd, parse_text
from bot.engine.nudges import reads
from bot.engine.text import clip, defang
from bot.report.compose import ReportError, build_city_report, score_assessment
from bot.report.models import CityReport
from bot.report.slack_blocks import report_blocks, report_text
from bot.settings import Settings
from bot.store import Store
from bot.store.models import LivePrompt
from knowledge import answer_question
from reading import Move as ReadMove
from reading import read_move
from wwc_i18n import N_, _

from . import blocks, home_view
from .commit_gate import CommitGate, NotSaved, saved
from .directory import Directory
from .keepalive import KeepAliveWebClient
from .outbox import TRANSIENT_ERRORS, Outbox, is_user_id
from .outbox import metadata as outbox_metadata
from .replies import Replies
from .tokens import acting_for, current_team

log = logging.getLogger(__name__)

CLICK_WINDOW = 3.0  # seconds in which a second press of the same button is a double click
LEVEL_CHECK_DELAY = 2.0  # seconds after an answer before checking for a new level (one check per burst)

# Texts people read are English message ids (``wwc_i18n``): marked here, shown with ``_(CONSTANT)``.
SAVE_FAILED = N_("Sorry, I couldn't save that; nothing was recorded. Please try again in a minute.")
ADMIN_UNKNOWN = N_("I couldn't check with Slack that you're a network admin just now, so nothing was queued. "
                   "Please try again in a minute.")
# In a channel (or a group DM) everyone there reads the replies: only general questions are answered there.
GENERAL_INTENTS = frozenset({"next_steps", "explain", "level_distance", "find_resource", "who_can_help", "help"})
# i18n: `/wwc status` is the command the person types: keep it in English.
CHANNEL_POINTER = N_("_Your city's own answers, status and report stay private: ask me in a direct message, "
                     "or use `/wwc status`._")
# i18n: the quoted questions are examples of what people may ask (translate them); DM2 is a criterion's code.
CHANNEL_HELP = N_("I answer general questions about What Works Cities Certification here: “what is DM2?”, "
                  "“how do we get to gold?”, “who can help with procurement?”.")
STALE_NOTE = N_("_No longer open: the newer message below is the one to answer._")
# i18n: the quoted example is something the person may type (translate it); DM2 is a criterion's code.
STALE_PRESS = N_("That question isn't open any more (it was answered, or a newer one came after it), so I didn't "
                 "record anything. To change an answer, tell me, e.g. “DM2 should be in progress”.")
SENT_BY_DM = N_("I've answered you in a direct message, so your city's answers stay private.")
# i18n: shown to the lead of a city invited to a Sprint cohort when the program says nothing about how to join.
JOIN_HOW = N_("Reply in the Certification Community or to your network contact to join.")


class _ReplyKeys:
    """Each reply's dedupe key (in its metadata; the outbox's, if Slack fails): 80 random bits drawn once per
    process, then a counter. As unique as a ``uuid4`` per post, without asking the OS for randomness (a system
    call that lets go of the GIL) on the way to every reply."""

    def __init__(self) -> None:
        self.prefix = uuid.uuid4().hex[:20]
        self.count = itertools.count()


_REPLY_KEYS = _ReplyKeys()


class StalePress(Exception):
    """A press on a message that is no longer the person's live prompt: nothing was recorded."""


class StorageError(Exception):
    """The database could not be written (disk full, read-only, locked, I/O): nothing of the input was recorded."""


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
    replies: Replies = field(default_factory=Replies)
    level_check_delay: float = LEVEL_CHECK_DELAY  # (tests shorten it rather than wait)
    _locks: dict[tuple[str, str], threading.Lock] = field(default_factory=dict)
    _locks_guard: threading.Lock = field(default_factory=threading.Lock)
    _dms: dict[tuple[str, str], str] = field(default_factory=dict)
    _home_viewers: set[tuple[str, str]] = field(default_factory=set)
    _clicks: dict[tuple[str, ...], float] = field(default_factory=dict)
    _asked: set[str] = field(default_factory=set)
    _level_checks: set[tuple[str, str]] = field(default_factory=set)
    _level_running: int = 0  # level checks under way (an answer during one schedules the next)
    _peer_host: str | None = None
    _storage_problem: str | None = None

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

    @contextmanager
    def saving(self, actor: Actor | None = None, what: str = "an input") -> Iterator[None]:
        """One transaction (the actor's turn, if given) that commits before the block ends, or ``StorageError``.

        Every listener saves what it acknowledges inside this block and acks
        after it: with ``synchronous=FULL`` the commit is on disk by then. A
        database that cannot be written (disk full, read-only, locked) rolls
        the whole input back, is logged, and raises ``StorageError`` so the
        listener can tell the person that nothing was recorded.
        """
        try:
            if actor is None:
                with self.store.transaction():
                    yield
            else:
                with self.turn(actor), self.store.transaction():
                    yield
        except sqlite3.Error as err:
            log.error("could not save %s (%s): nothing was recorded", what, err)
            raise StorageError(str(err)) from err

    def handle(
        self, actor: Actor, user_input: UserInput, *, once: str | None = None, prompt: tuple[str, str] | None = None,
        language: str | None = None, reply: Callable[[list[Message]], object] | None = None, what: str = "replying",
    ) -> list[Message] | None:
        """The engine's replies to one input, committed before this returns (so before Slack gets its ack).

        With ``once`` (a Slack event id, or a key for one button on one
        message) the key is recorded in the same transaction as the answer:
        a second delivery returns None and changes nothing, and a crash
        before the commit leaves neither, so Slack's retry is handled.
        With ``prompt`` (the channel and ts of the message whose answer button
        was pressed) the press takes the person's live prompt in the same
        transaction; a press on any other message, or a second press racing
        the first, raises ``StalePress`` and records nothing when what it
        would change was answered after that message was posted (an older
        copy of a question still unanswered counts). Raises ``StorageError``
        when the database cannot be written. ``language``: the actor's, when the caller has just told it
        (``speak``, after ``actor`` cached their Slack locale).

        ``reply`` (posting the replies; ``what`` names it in logs) is handed to the reply pool before the commit,
        so that the replies are rendered while the commit syncs; what it sends to Slack waits for the commit, and
        nothing is sent if the input is not saved (``commit_gate``). Not called for a repeat (None).
        """
        if reply is not None and self.store.db.conn.in_transaction:
            # (a caller's transaction would commit after this returns: the gate would open before the commit)
            raise RuntimeError("handle(reply=...) must own its transaction")
        gate = CommitGate() if reply is not None else None
        committed = False
        try:
            with self.saving(actor):
                replies = self._handle(actor, user_input, once=once, prompt=prompt, language=language)
                if replies is not None and reply is not None and gate is not None:
                    self._later_once_saved(actor, what, lambda: reply(replies), gate)
            committed = True
        finally:
            if gate is not None:
                gate.resolve(committed)
        return replies

    def _later_once_saved(self, actor: Actor, what: str, job: Callable[[], object], gate: CommitGate) -> None:
        """``later(job)``, started now: the job's Web API calls (and its ``saved()``) wait for ``gate``; a client
        that does not know the gate (not ours) makes the whole job wait for it first."""
        early = isinstance(self.client, KeepAliveWebClient)

        def run() -> None:
            with gate.held():
                try:
                    if not early:
                        saved()
                    job()
                except NotSaved:
                    log.info("%s: nothing sent, the input was not saved", what)

        self.later(actor, what, run)

    def _handle(self, actor: Actor, user_input: UserInput, *, once: str | None, prompt: tuple[str, str] | None,
                language: str | None) -> list[Message] | None:
        """``handle`` inside its transaction."""
        if once is not None and not self.store.mark_event_processed(once):
            return None
        if prompt is not None and not self._may_press(actor, *prompt, user_input.action or ""):
            raise StalePress
        # (the locale cached by now; read here, the language is read on the transaction's connection)
        lang = i18n.activate(language or self.speak(actor.workspace, actor.user))
        replies = self.engine.handle(actor, user_input, language=lang)
        chosen = next((m.language for m in replies if m.language), None)
        if chosen is not None and i18n.activate(chosen) != lang:  # "language es": post in it, Home too
            self.later(actor, "refreshing Home in the new language", lambda: self.refresh_home(actor))
        if prompt is None:  # typed: once it answers the live question, that question's buttons no longer count
            answered = {m.criterion or "" for m in replies if m.kind is MessageKind.ANSWERED}
            self.store.close_answered_prompt(actor.workspace, actor.user, answered)
        return replies

    def _may_press(self, actor: Actor, channel: str, ts: str, value: str) -> bool:
        taken = self.store.take_live_prompt(actor.workspace, actor.user, channel, ts)
        if taken is None or taken:
            return True  # the live prompt (or a person of whom nothing is known yet)
        kind, _sep, rest = value.partition(":")
        if kind not in ("answer", "confirm"):
            return False  # the outcome requirement, an area's confirmation: only on the live prompt
        code = rest.split(":", 1)[0]
        city = self.store.city_of(actor.workspace, actor.user)
        assessment = self.store.current_assessment(city.id) if city else None
        record = self.store.answer(assessment.id, code) if assessment else None
        if record is None or record.answered_at is None:
            return True  # still unanswered: an older copy of its question is as good as the newest
        try:
            posted = datetime.fromtimestamp(float(ts), UTC)
        except (ValueError, OverflowError, OSError):
            return False
        return record.answered_at <= posted  # answered before that message asked again ("change DM4")

    def storage_problem(self) -> str | None:
        """Why the database cannot be written now (a probe commits a small write), or None if it can."""
        problem: str | None = None
        try:
            self.store.check_writable()
        except sqlite3.Error as err:
            problem = f"the database cannot be written: {err}"
        if problem != self._storage_problem:
            if problem:
                log.error("health: %s", problem)
            else:
                log.info("health: the database can be written again")
            self._storage_problem = problem
        return problem

    def tell_not_saved(self, actor: Actor, *, channel: str | None = None) -> None:
        """Tell the person (in their DM, or ``channel``) that their input was not recorded."""
        self.post(channel or self.dm_channel(actor.user), [Message(text=_(SAVE_FAILED), kind=MessageKind.ERROR)])

    # ---- channels: what everyone there may read

    def general_answer(self, text: str) -> list[Message] | None:
        """The reply to a mention in a channel, if it is a general question (no city's data in it); else None.

        Commands (``status``, ``review``, ``history``, ``report``...), questions
        about the asker's own city ("how many criteria have we met?") and
        anything that is not a question are for the asker alone: None.
        """
        standard = self.engine.standard
        command = parse_text(text, standard)
        if command.kind is Cmd.HELP:
            return [Message(text=_(CHANNEL_HELP) + "\n" + _(CHANNEL_POINTER), kind=MessageKind.HELP)]
        knowledge = self.engine.advisor.kb
        if command.kind is not Cmd.TEXT or knowledge is None:
            return None
        try:
            if read_move(text, None, standard, has_previous=False).move is not ReadMove.QUESTION:
                return None
            reply = answer_question(text, standard, knowledge, None)
        except Exception:  # a reader or knowledge bug: answer privately instead
            log.warning("could not read a channel question; answering privately", exc_info=True)
            return None
        intent = getattr(reply.intent, "value", reply.intent)
        if intent not in GENERAL_INTENTS or not reply.text:
            return None
        return [Message(text=clip(defang(reply.text), 2500) + "\n\n" + _(CHANNEL_POINTER), kind=MessageKind.ANSWER)]

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

    def language(self, workspace: str, user: str) -> str:
        """The language ``user`` reads: their choice, else their Slack locale (kept), else English.

        Never waits for Slack: the locale comes from the ``users.info`` answer already cached for the person's
        name (asked with ``include_locale``); a person Slack has not told us about yet reads the language kept
        for them, or English, until it has."""
        return self.engine.language_for(Actor(workspace=workspace, user=user), self.directory.cached_locale(user),
                                        otherwise=i18n.ENGLISH)

    def speak(self, workspace: str, user: str) -> str:
        """Speak ``user``'s language (``language``) in this context from now on, English if it cannot be told;
        returns it."""
        try:
            lang = self.language(workspace, user)
        except Exception:  # never let a language lookup cost an answer
            log.warning("could not tell the language of %s; English", user, exc_info=True)
            lang = i18n.ENGLISH
        return i18n.activate(lang)

    def reader_language(self, workspace: str, user: str) -> str:
        """The language of a post for someone other than the person acting (a lead asked for consent, invited to
        a Sprint): the one kept for them (chosen, or their Slack locale when last seen), else English. Never asks
        Slack: such posts are written for many people at once, some before Slack gets its ack."""
        try:
            return reads(self.store, workspace, user) or i18n.ENGLISH
        except sqlite3.Error as err:
            log.warning("could not read the language of %s (%s); English", user, err)
            return i18n.ENGLISH

    def peer_language(self) -> str:
        """The language of posts in the peer-network channel, read by every city there (``WWC_PEER_LANGUAGE``)."""
        return self.settings.peer_language

    def time_zone(self, workspace: str, user: str) -> int | None:
        """The person's offset from UTC in seconds, asked of Slack with their workspace's token (reminders)."""
        with acting_for(self.outbox.installations.token(workspace), workspace):
            return self.directory.tz_offset(user)

    def dm_channel(self, user: str) -> str:
        """The id of the bot's DM with ``user`` (``conversations.open``, cached). While Slack cannot open it (after
        the client's retries), the user's id: a post to it lands in that DM all the same, so a reply after the ack is
        not lost (only rewriting that post later, or sharing a file there, needs the DM's id: ``dm_conversation``)."""
        key = _dm_key(user)
        channel = self._dms.get(key)
        if channel is None:
            try:
                channel = self.client.conversations_open(users=user)["channel"]["id"]
            except (SlackApiError, OSError) as err:
                if not _transient(err):
                    raise
                log.warning("could not open the DM with %s (%s); posting to the user", user, _describe(err))
                return user
            self._dms[key] = channel
        return channel

    def dm_conversation(self, user: str) -> str | None:
        """The id of the bot's DM with ``user`` itself, for what takes a conversation id only: a file's
        ``files.completeUploadExternal`` refuses a user id (``channel_id`` must be ``C``/``G``/``D``/``Z``…).
        None (logged) while Slack cannot open the DM, or refuses to."""
        try:
            channel = self.dm_channel(user)
        except SlackApiError as err:  # (a transient failure gave back the user's id)
            log.warning("could not open the DM with %s (%s)", user, err.response.get("error"))
            return None
        return None if is_user_id(channel) else channel

    def render_for(self, actor: Actor, messages: Sequence[Message]) -> list[blocks.Post]:
        """The posts for ``actor``'s own messages. The report (typed "report", or at the end of the assessment)
        is the same Block Kit report as ``/wwc report``: one report, composed once by ``bot.report``, which
        holds the roadmap too (so the engine's roadmap lines after it are not posted twice)."""
        posts: list[blocks.Post] = []
        batch: list[Message] = []
        i = 0
        while i < len(messages):
            report = self._city_report(actor) if messages[i].kind is MessageKind.REPORT else None
            if report is None:
                batch.append(messages[i])
                i += 1
                continue
            posts += blocks.render(batch, actor.user)
            batch = []
            posts.append(blocks.Post(text=report_text(report), blocks=report_blocks(report)))
            while i < len(messages) and messages[i].kind is MessageKind.REPORT:
                i += 1
        return posts + blocks.render(batch, actor.user)

    def _city_report(self, actor: Actor) -> CityReport | None:
        """The report of ``actor``'s city as ``/wwc report`` composes it; None without a city or knowledge."""
        saved()  # (prepared during the input's commit: the report must hold the input)
        member = self.store.member(actor.workspace, actor.user)
        knowledge = self.engine.advisor.kb
        if member is None or knowledge is None:
            return None
        try:
            return build_city_report(self.store, self.engine.standard, knowledge, member.city_id,
                                     clock=self.store.clock)
        except ReportError:
            return None

    def post(self, channel: str, messages: Sequence[Message], *, thread_ts: str | None = None,
             user: str | None = None, rendered: list[blocks.Post] | None = None) -> list[tuple[str, blocks.Post]]:
        """Post rendered messages; their buttons act only for ``user`` (the person they are for).

        Returns each post with its ``ts``.
        """
        posted: list[tuple[str, blocks.Post]] = []
        rendered = blocks.render(messages, user) if rendered is None else rendered
        for n, post in enumerate(rendered):
            key = f"reply:{_REPLY_KEYS.prefix}{next(_REPLY_KEYS.count):012x}"
            try:
                sent = self.client.chat_postMessage(channel=channel, text=post.text, blocks=post.blocks,
                                                    thread_ts=thread_ts, metadata=outbox_metadata(key))
            except (SlackApiError, OSError) as err:
                if (thread_ts is not None and not channel.startswith("D")) or not _transient(err):
                    raise  # a thread of a channel is never answered at its top level; a DM thread may be
                # Slack still failing after the client's retries: the rest goes out durably, once, when it is back.
                for m, rest in enumerate(rendered[n:]):
                    self.outbox.post(channel, rest.text, blocks=rest.blocks, key=f"{key}:{m}" if m else key,
                                     maybe_posted=not m and isinstance(err, OSError))
                log.warning("replies to %s queued for when Slack answers again (%s)", channel, _describe(err))
                posted += [("", rest) for rest in rendered[n:]]  # queued: no ts yet
                break
            posted.append((str(sent.get("ts") or ""), post))
            if is_user_id(channel) and str(sent.get("channel") or "").startswith("D"):
                self._dms[_dm_key(channel)] = str(sent["channel"])  # Slack names the DM it posted to
        return posted

    def later(self, actor: Actor, what: str, job: Callable[[], object]) -> None:
        """Run ``job`` (posting after the ack) off Bolt's threads, after the person's earlier replies."""
        self.replies.submit((actor.workspace, actor.user), what, job)

    def deliver(self, actor: Actor, messages: Sequence[Message], *, channel: str | None,
                thread_ts: str | None = None) -> None:
        """Post the actor's messages to ``channel`` (their DM if None); notices go to each recipient's DM.

        One live question per person: a post with answer buttons becomes the
        person's live prompt, and the one before it loses its buttons (showing
        the recorded answer when this input answered it); a typed answer to
        the live prompt closes it the same way.
        """
        own = [m for m in messages if m.recipient in (None, actor.user)]
        if own:
            where = channel or self.dm_channel(actor.user)
            posted = self.post(where, own, thread_ts=thread_ts, user=actor.user, rendered=self.render_for(actor, own))
            if is_user_id(where):  # (posted while Slack could not open the DM: its id is known from the post)
                where = self._dms.get(_dm_key(where), where)
            self._keep_one_live(actor, where, own, posted)
        for recipient in dict.fromkeys(m.recipient for m in messages if m.recipient not in (None, actor.user)):
            assert recipient is not None
            notices = [m for m in messages if m.recipient == recipient]
            self.post(self.dm_channel(recipient), notices, user=recipient)

    def _keep_one_live(
        self, actor: Actor, channel: str, messages: Sequence[Message], posted: list[tuple[str, blocks.Post]]
    ) -> None:
        saved()  # (reads and writes what the input's own commit wrote)
        answered = {m.criterion or "": m for m in messages if m.kind is MessageKind.ANSWERED}
        prompts = [(ts, post) for ts, post in posted if ts and blocks.prompt_block_id(post.blocks)]
        try:
            if any(not ts and blocks.prompt_block_id(post.blocks) for ts, post in posted):
                # the new question went to the outbox (Slack failing): no copy is known to be the latest, so
                # every copy counts again (stale presses still refused once their criterion is answered)
                self.store.forget_live_prompt(actor.workspace, actor.user)
                return
            if prompts:
                ts, post = prompts[-1]
                code = next((m.criterion or "" for m in reversed(messages) if _is_prompt(m)), "")
                before = self.store.set_live_prompt(actor.workspace, actor.user, channel, ts, code, post.blocks)
            else:
                before = self.store.live_prompt(actor.workspace, actor.user)
                if before is None or before.code not in answered or before.taken == 1:
                    return  # the live question is still open (or its own button closed it)
                self.store.close_live_prompt(actor.workspace, actor.user, before.ts)
            if before is None or before.taken == 1:
                return  # its own button answered it, and it shows that already
        except sqlite3.Error as err:
            log.error("could not keep track of the open question (%s)", err)
            return
        self._close(before, answered.get(before.code), actor.user)

    def _close(self, prompt: LivePrompt, answer: Message | None, user: str) -> None:
        """Take the buttons off a prompt that is no longer open (showing its answer, when this input gave it)."""
        block_id = blocks.prompt_block_id(prompt.blocks)
        if answer is not None and block_id:
            new = blocks.replace_message(prompt.blocks, block_id, answer, user)
        else:
            new = blocks.close_prompt(prompt.blocks, _(STALE_NOTE))
        self._rewrite(prompt.channel, prompt.ts, new)

    def close_stale(self, channel: str, ts: str, original: list[dict]) -> None:
        """A press on an older question: take its buttons away so it cannot be pressed again."""
        self._rewrite(channel, ts, blocks.close_prompt(original, _(STALE_NOTE)))

    def _rewrite(self, channel: str, ts: str, new: list[dict]) -> None:
        """Replace an earlier question's blocks; a failure is logged (the question stays as it was)."""
        try:
            self.client.chat_update(channel=channel, ts=ts, text=blocks.blocks_text(new), blocks=new)
        except (SlackApiError, OSError) as err:
            log.warning("could not take the buttons off an earlier question: %s", err)

    def after_answer(self, actor: Actor, messages: Sequence[Message], *, home: bool = False) -> None:
        """After an input: refresh the actor's Home (if they use it) and, on a recorded answer, check for a new level.

        ``home`` says the input came from the Home tab (or changed what it shows) and it must be refreshed.
        """
        saved()  # (Home and the level show the input)
        answered = any(m.kind in (MessageKind.ANSWERED, MessageKind.REPORT) for m in messages)
        viewer = (actor.workspace, actor.user)
        if home and messages:
            self._home_viewers.add(viewer)
        if (answered or home) and viewer in self._home_viewers:
            self._publish(actor, self.engine.dashboard(actor))
        if answered and self.settings.peer_channel is not None:
            self._schedule_level_check(actor)

    # ---- network admins

    def network_admin(self, actor: Actor) -> bool | None:
        """An Admin or Owner of the workspace that hosts the peer-network channel (the network team).

        In a channel shared over Slack Connect, admins of the guest (city)
        workspaces are not network admins. Asked before Slack gets its ack,
        so Slack is asked quickly (``Directory.quick``): None if it could not
        answer in time (a timeout, a 5xx or 429), so that the person can be
        told to try again. If the channel does not exist, or Slack names no
        workspace that hosts it, nobody is (fail closed).
        """
        if not self.settings.peer_channel:
            return False
        admin = self.directory.admin(actor.user)
        if not admin:
            return admin
        if self._peer_host is None:
            try:
                channel = self.directory.quick.conversations_info(channel=self.settings.peer_channel)["channel"]
            except SlackApiError as err:
                if _transient(err):
                    return None
                error = err.response.get("error") if isinstance(err.response.data, dict) else None
                log.warning("cannot look up the peer-network channel: %s", error)
                return False
            except OSError:  # a timeout or a refused connection
                return None
            host = channel.get("conversation_host_id") or channel.get("context_team_id")
            if not host:  # fail closed: never let the first admin who asks become the host
                log.warning("the peer-network channel names no host workspace; nobody is a network admin")
                return False
            self._peer_host = host
        return self._peer_host == actor.workspace

    # ---- App Home

    def publish_home(self, actor: Actor) -> None:
        self._home_viewers.add((actor.workspace, actor.user))
        self._publish(actor, self.engine.dashboard(actor))

    def refresh_home(self, actor: Actor) -> None:
        """Publish Home again for someone who has looked at it (after a change of language, say)."""
        if (actor.workspace, actor.user) in self._home_viewers:
            self._publish(actor, self.engine.dashboard(actor))

    def _publish(self, actor: Actor, dashboard: Dashboard | None) -> None:
        view = home_view.home(dashboard) if dashboard is not None else home_view.welcome()
        if self.settings.peer_channel and self.network_admin(actor):
            from bot.report.network import build_network_view

            network = build_network_view(self.store, self.engine.standard, self.store.clock())
            view["blocks"] = (view["blocks"] + home_view.network_section(network))[: home_view.MAX_HOME_BLOCKS]
        self.client.views_publish(user_id=actor.user, view=view)

    # ---- new levels: the lead's consent, then the peer-network post

    def _schedule_level_check(self, actor: Actor) -> None:
        """Check the actor's level ``level_check_delay`` s from now, once for a burst of answers (off the reply path)."""
        key = (actor.workspace, actor.user)
        with self._locks_guard:
            if key in self._level_checks:
                return
            self._level_checks.add(key)

        def run() -> None:
            with self._locks_guard:
                self._level_checks.discard(key)
                self._level_running += 1
            try:
                self._check_level(actor)
            except Exception:
                log.exception("level check failed")
            finally:
                if self.store.path != ":memory:":
                    self.store.close()  # the connection this short-lived thread opened
                with self._locks_guard:
                    self._level_running -= 1

        timer = threading.Timer(self.level_check_delay, run)
        timer.daemon = True
        timer.start()

    def level_checks_pending(self) -> bool:
        """Whether a level check is waiting for its delay or under way (tests and benchmarks wait for none)."""
        with self._locks_guard:
            return bool(self._level_checks) or self._level_running > 0

    def _check_level(self, actor: Actor) -> None:
        """If the actor's city now holds a level it was never asked about, DM its leads for consent (once)."""
        member = self.store.member(actor.workspace, actor.user)
        if member is not None:
            self._check_city(actor.workspace, member.city_id)

    def sweep_levels(self) -> int:
        """At start: ask for consent wherever a level was reached but its prompt never queued (a crash between the
        answer and the check). Idempotent: the outbox keeps one prompt per city, year, level and lead."""
        if self.settings.peer_channel is None:
            return 0
        from bot.store.reporting import all_cities

        checked = 0
        for city in all_cities(self.store):
            self._check_city(city.workspace, city.id)
            checked += 1
        return checked

    def _check_city(self, workspace: str, city_id: int) -> None:
        assessment = self.store.current_assessment(city_id)
        if assessment is None:
            return
        with i18n.using(i18n.ENGLISH):  # the level's English name identifies it in the keys and on the buttons
            result = score_assessment(self.engine.standard, self.store.answers(assessment.id), assessment.gate_choice)
        if result.level is None or not result.ready:  # no announcement before every published requirement is met
            return
        key = f"{workspace}:{city_id}:{assessment.year}:{result.level.name}"
        if key in self._asked:
            return
        self._asked.add(key)
        city = self.store.city(city_id)
        assert city is not None
        for lead in self.store.leads(city_id):
            with i18n.using(self.reader_language(lead.workspace, lead.user)):  # each lead reads it in their language
                post = blocks.consent_prompt(city.label, self._level_name(result.level.id), result.percent,
                                             f"{city_id}:{assessment.year}:{result.level.name}")
            self.outbox.post(lead.user, post.text, key=f"consent:{key}:{lead.user}", blocks=post.blocks,
                             workspace=lead.workspace)

    def _level_name(self, level_id: str) -> str:
        """A level's name in the language in force."""
        return next((lv.name for lv in self.engine.standard.levels if lv.id == level_id), level_id)

    def _english_level(self, name: str) -> str | None:
        """The id of the level whose English name (as on a consent prompt's buttons) or id is ``name``."""
        with i18n.using(i18n.ENGLISH):
            levels = self.engine.standard.levels
        return next((lv.id for lv in levels if name in (lv.name, lv.id)), None)

    # ---- Sprint cohorts matched to gaps (the network team)

    def _program(self, program_id: str) -> Any:
        """The knowledge base's program ``program_id`` in the language in force, or None."""
        try:
            kb = self.engine.advisor.kb
        except Exception:  # a translated knowledge base that cannot load: the caller keeps the one it has
            log.warning("could not load the knowledge base in %s", i18n.current(), exc_info=True)
            return None
        return next((p for p in (kb.programs if kb else ()) if p.id == program_id), None)

    @staticmethod
    def _gaps(gaps: dict) -> str:
        """Why a city is invited (its own answers), in the language in force."""
        # i18n: one item of a comma-separated list ("your city answered Not yet on RDC1, your city answered ...");
        # {outcome} is an answer (Met, In progress, Not yet...), {code} a criterion's code.
        return ", ".join(_("your city answered {outcome} on {code}", outcome=o.label, code=code)
                         for code, o in gaps.items())

    def open_sprint(self, actor: Actor, program_id: str, cohort: str) -> str:
        """Invite, privately and once per city and cohort, the leads of cities whose answers show the gap."""
        kb = self.engine.advisor.kb
        program = next((p for p in (kb.programs if kb else ()) if p.id == program_id), None)
        if program is None:
            ids_ = ", ".join(p.id for p in (kb.programs if kb else ()) if p.criteria and p.status.value != "past")
            if ids_:
                # i18n: {programs} is a comma-separated list of program ids.
                return _("I don't know the program `{program}`. Programs with criteria you can open: {programs}.",
                         program=program_id[:60], programs=ids_)
            return _("I don't know the program `{program}`. Programs with criteria you can open: none.",
                     program=program_id[:60])
        if program.status.value == "past":
            # i18n: `WWC_KNOWLEDGE_DIR` is a setting's name: keep it in English.
            return _("{program} has ended. Add the new cohort to the knowledge folder (`WWC_KNOWLEDGE_DIR`) as an "
                     "open program with its criteria, then open it.", program=program.name)
        if not program.criteria:
            return _("{program} names no criteria, so I can't tell which cities it fits.", program=program.name)
        invited = 0
        for city, gaps in self.store.cities_with_gap(self.engine.standard.id, list(program.criteria)):
            with i18n.using(i18n.ENGLISH):  # the record keeps the reasons in English
                why = self._gaps(gaps)
            leads = [m for m in self.store.leads(city.id) if not self.store.opted_out(m.workspace, m.user)]
            if not leads:
                continue
            if not self.store.record_invitation(program.id, cohort, city.id, why):
                continue
            invited += 1
            for lead in leads:
                with i18n.using(self.reader_language(lead.workspace, lead.user)):  # in the lead's own language
                    shown = self._program(program.id) or program
                    post = blocks.sprint_invitation(city.label, shown.name, self._gaps(gaps),
                                                    shown.eligibility or _(JOIN_HOW),
                                                    f"{program.id}|{cohort}|{city.id}")
                self.outbox.post(lead.user, post.text, key=f"sprint:{program.id}:{cohort}:{city.id}:{lead.user}",
                                 blocks=post.blocks, workspace=lead.workspace)
        total, joined = self.store.invitation_counts(program.id, cohort)
        # i18n: {criteria} is a comma-separated list of criterion codes; {cohort} a cohort's name (e.g. 2026-11).
        return _("*{program}* (cohort {cohort}): invited the leads of {invited} more cities whose answers show a "
                 "gap on {criteria}; {total} invited in all, {joined} asked to join so far.",
                 program=program.name, cohort=cohort, invited=invited, criteria=", ".join(program.criteria),
                 total=total, joined=joined)

    def sprint_status(self, program_id: str, cohort: str) -> str:
        total, joined = self.store.invitation_counts(program_id, cohort)
        names = ", ".join(c.label for c in self.store.joined_cities(program_id, cohort))
        if names:
            # i18n: {cities} is a comma-separated list of city names.
            return _("`{program}` cohort {cohort}: {total} cities invited, {joined} asked to join. "
                     "Asked to join: {cities}.", program=program_id, cohort=cohort, total=total, joined=joined,
                     cities=names)
        return _("`{program}` cohort {cohort}: {total} cities invited, {joined} asked to join.",
                 program=program_id, cohort=cohort, total=total, joined=joined)

    def join_sprint(self, actor: Actor, value: str) -> str:
        program, _sep, rest = value.partition("|")
        cohort, _sep, city_id = rest.partition("|")
        member = self.store.member(actor.workspace, actor.user)
        if member is None or str(member.city_id) != city_id or not member.is_lead:
            return _("Only the city's lead can answer this invitation.")
        with self.saving(actor, "asking to join a Sprint"):
            new = self.store.ask_to_join(program, cohort, member.city_id)
        if new:
            return _("Thanks: the network team now knows your city would like to join, and will be in touch.")
        return _("You've already asked to join this cohort.")

    def opt_out_of_sprints(self, actor: Actor) -> str:
        with self.saving(actor, "opting out of Sprint invitations"):
            self.store.opt_out_of_invitations(actor.workspace, actor.user)
        return _("OK: no more Sprint invitations for you. Ask the network team if you change your mind.")

    def announce_level(self, actor: Actor, value: str) -> str:
        """The lead agreed: queue the level's peer-network post; returns what to tell them.

        Committed before this returns (``StorageError`` if it cannot be).
        """
        with self.saving(actor, "the consent to announce a level"):
            return self._announce_level(actor, value)

    def _announce_level(self, actor: Actor, value: str) -> str:
        city_id, _sep, rest = value.partition(":")
        year, _sep, level = rest.partition(":")  # the level's English name (its id in the keys)
        member = self.store.member(actor.workspace, actor.user)
        if member is None or str(member.city_id) != city_id or not member.is_lead:
            return _("Only the city's assessment lead can agree to announce its level.")
        channel = self.settings.peer_channel
        dashboard = self.engine.dashboard(actor)
        if not channel or dashboard is None:
            return _("No peer-network channel is configured, so nothing was posted.")
        level_id = self._english_level(level)
        shown = self._level_name(level_id) if level_id else level  # in the person's language, as on their dashboard
        if dashboard.level != shown or str(dashboard.year) != year or not dashboard.certifiable:
            return _("{level} is no longer your current level, so I didn't announce it.", level=shown)
        with i18n.using(self.peer_language()):  # read by every city in the channel
            post = blocks.level_announcement(dashboard.city, self._level_name(level_id) if level_id else level,
                                             dashboard.percent, dashboard.year)
        key = f"level:{actor.workspace}:{city_id}:{year}:{level}"
        if self.outbox.post(channel, post.text, key=key, blocks=post.blocks, workspace=self.settings.peer_team or ""):
            return _("✓ Thank you! {level} will be announced in the peer-network channel in a moment.", level=shown)
        return _("✓ {level} was already announced in the peer-network channel.", level=shown)


def home_team(body: dict, fallback: str) -> str:
    """The acting user's own workspace: in a Slack Connect channel a user of another workspace acts for that one,
    never for the workspace that hosts the channel (so only a city's own people can register or answer for it)."""
    event = body["event"] if isinstance(body.get("event"), dict) else {}
    user = body["user"] if isinstance(body.get("user"), dict) else {}
    for candidate in (event.get("user_team"), user.get("team_id"), body.get("user_team_id"), fallback):
        if isinstance(candidate, str) and candidate:
            return candidate
    return fallback


def _is_prompt(message: Message) -> bool:
    return any(o.value.startswith(blocks.ONE_SHOT) for o in message.options)


def _dm_key(user: str) -> tuple[str, str]:
    """What ``SlackService._dms`` knows a DM by: the workspace at hand (the DM is with its bot) and the user."""
    return (current_team() or "", user)


def _transient(err: Exception) -> bool:
    """A failure that may pass: a timeout or lost connection, a 429, a 5xx or Slack's own transient errors."""
    if isinstance(err, OSError):
        return True
    if isinstance(err, SlackApiError):
        error = err.response.get("error") if isinstance(err.response.data, dict) else None
        return err.response.status_code == 429 or err.response.status_code >= 500 or error in TRANSIENT_ERRORS
    return False


def _describe(err: Exception) -> str:
    if isinstance(err, SlackApiError):
        return f"HTTP {err.response.status_code}"
    return type(err).__name__
