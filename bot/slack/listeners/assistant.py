"""Slack's agent surface: where the app is set up as an assistant, the Messages tab opens threads.

When a thread starts, it is noted in the app's own database (with the channel the person was viewing; never
read back from Slack's rate-limited history) and offered suggested prompts, each of which sends words the
conversation understands ("Where do we stand?", "continue"). Messages in those threads are answered by the
DM conversation as any other (``messages.py``), with a status shown while the answer is posted. Where the
workspace or the app has no agent surface these events never come and nothing changes.
"""

from __future__ import annotations

import logging

from slack_bolt import App

import wwc_i18n as i18n
from bot.engine.render import suggested_prompts

from ..service import home_team
from . import service_of

log = logging.getLogger(__name__)


def handle_thread_started(event: dict, context: dict) -> None:
    """A thread opened on the agent surface: noted, then offered the suggested prompts (in the person's language)."""
    service = service_of(context)
    thread = event.get("assistant_thread") or {}
    user, channel, ts = thread.get("user_id"), thread.get("channel_id"), thread.get("thread_ts")
    if not (user and channel and ts):
        return
    actor = service.actor(home_team({"event": {"user_team": thread.get("user_team")}}, context["team_id"]), user)
    seen = (thread.get("context") or {}).get("channel_id") or ""
    service.store.note_assistant_thread(channel, ts, actor.workspace, user, seen)
    has_city = service.store.member(actor.workspace, user) is not None
    try:  # Slack names the person only inside ``assistant_thread``: their language is set here, not per request
        lang = service.language(actor.workspace, user)
    except Exception:  # never let a language lookup cost the prompts
        log.warning("could not tell the language of %s; English", user, exc_info=True)
        lang = i18n.ENGLISH
    with i18n.using(lang):
        prompts = [{"title": title, "message": message} for title, message in suggested_prompts(has_city)]
    service.later(actor, "offering suggested prompts", lambda: service.client.assistant_threads_setSuggestedPrompts(
        channel_id=channel, thread_ts=ts, prompts=prompts))


def handle_context_changed(event: dict, context: dict) -> None:
    """The person moved to another channel with the thread open: the channel they view is noted."""
    thread = event.get("assistant_thread") or {}
    user, channel, ts = thread.get("user_id"), thread.get("channel_id"), thread.get("thread_ts")
    if user and channel and ts:
        seen = (thread.get("context") or {}).get("channel_id") or ""
        service_of(context).store.note_assistant_thread(channel, ts, context["team_id"], user, seen)


def register(app: App) -> None:
    app.event("assistant_thread_started")(handle_thread_started)
    app.event("assistant_thread_context_changed")(handle_context_changed)
