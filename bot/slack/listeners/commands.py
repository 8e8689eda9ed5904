"""``/wwc``: start, status, next [area], report, assign @user AREA, evidence CODE, checkup, help, announce.

``help`` and unknown subcommands are answered in the ack itself. Every
subcommand that saves something (``start``, ``next``, ``checkup``, ``status``,
``assign``, ``announce``) commits it before Slack gets its ack, so a crash
right after the 200 cannot lose what the person was told was done; when the
database cannot be written the ack itself says that nothing was recorded.
``report`` and ``evidence`` save nothing and ack first. Replies are ephemeral
(only the person who typed the command sees them); the assessment itself
continues in the DM with the bot.

Network admins: ``/wwc announce`` is allowed to Admins, Owners and the
Primary Owner (``users.info`` ``is_admin`` / ``is_owner`` /
``is_primary_owner``, re-read every 5 minutes) of the workspace that hosts
the peer-network channel (``conversations.info``: its
``conversation_host_id``, or the channel's own workspace). When the channel
is shared with city workspaces over Slack Connect, their admins are not
network admins.
"""

from __future__ import annotations

import difflib
import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from slack_bolt import Ack, App, Respond
from slack_sdk.errors import SlackApiError, SlackRequestError

import wwc_i18n as i18n
from bot.engine import Actor, Message, MessageKind, UserInput, render
from bot.engine.matching import match_area
from bot.engine.nudges import choose as choose_reminders
from bot.report.cli import default_filename
from bot.report.cli import render as render_report
from bot.report.compose import ReportError, build_city_report
from bot.report.slack_blocks import report_blocks, report_text
from wwc_i18n import N_, _

from .. import blocks, evidence, ids
from ..service import ADMIN_UNKNOWN, SAVE_FAILED, SlackService, StorageError, after_ack, home_team
from . import service_of

log = logging.getLogger(__name__)

# What Slack not taking a message or a file looks like (SlackRequestError: an upload URL refused the bytes).
_UNDELIVERED = (SlackApiError, SlackRequestError, OSError)

# The report's forms (``/wwc report [md|csv|png]``), each with the comment its file is sent with.
REPORT_FORMATS: dict[str, str | None] = {
    "": None,  # a message, not a file
    "md": N_("The Markdown version of your WWC self-assessment (readiness report)."),
    "csv": N_("The CSV export (one row per criterion) of your WWC self-assessment (readiness report)."),
    "png": N_("The chart of your WWC self-assessment (readiness report)."),
}
_MENTION = re.compile(r"^<@([A-Z0-9]+)(?:\|([^>]*))?>\s*(?:(?:to|with)\s+)?(.*)$", re.DOTALL | re.IGNORECASE)


def help_text(service: SlackService) -> str:
    """The ``/wwc help`` list, from ``REGISTRY`` (the manifests' usage hints are checked against it too)."""
    areas = ", ".join(f"`{a.code}` {a.name}" for a in service.engine.standard.areas)
    lines = [f"• {_(sub.help)}" for sub in REGISTRY]
    return "\n".join([
        _("*/wwc*: What Works Cities Certification, one criterion at a time"),
        *lines,
        # i18n: {areas} is a comma-separated list of practice areas, each with its code.
        _("Practice areas: {areas}.", areas=areas),
        # i18n: the quoted question is an example of what people may write (translate it).
        _("You can also write to me in a DM (“what's next for open data?”) or mention me in a channel."),
    ])


def handle_wwc(ack: Ack, command: dict, context: dict, respond: Respond) -> None:
    """Help and unknown subcommands are the ack itself; the others ack once what they save is committed."""
    service = service_of(context)
    sub, _sep, rest = blocks.unescape(command.get("text") or "").strip().partition(" ")
    sub = sub.lower()
    if sub in ("", "help"):
        ack(text=blocks.fallback_text(help_text(service)), blocks=blocks.sections(help_text(service)))
        return
    handler = HANDLERS.get(sub)
    if handler is None:
        close = difflib.get_close_matches(sub, SUBCOMMANDS, n=1)
        typed = blocks.escape(sub[:40])
        if close:
            # i18n: {command} is what the person typed after /wwc; {suggestion} a /wwc subcommand (keep both).
            text = _("I don't know `/wwc {command}`. Did you mean `/wwc {suggestion}`?", command=typed,
                     suggestion=close[0])
        else:
            # i18n: {command} is what the person typed after /wwc.
            text = _("I don't know `/wwc {command}`.", command=typed)
        text += "\n\n" + help_text(service)
        ack(text=blocks.fallback_text(text), blocks=blocks.sections(text))
        return
    req = Request(service, service.actor(home_team(command, context["team_id"]), command["user_id"]), rest.strip(),
                  command, respond, ack)
    try:
        handler(service, req)
    except StorageError:
        req.ack(_(SAVE_FAILED))
        return
    req.ack()


def register(app: App) -> None:
    app.command(ids.COMMAND)(handle_wwc)


class Request:
    """One ``/wwc`` invocation: who, the text after the subcommand, and how to answer.

    ``ack`` is Slack's acknowledgement, called once: a handler calls it after
    committing what it saves (``reply``/``say`` call it first if it was not).
    What comes after the ack never raises (``after_ack``).
    """

    def __init__(self, service: SlackService, actor: Actor, rest: str, command: dict, respond: Respond,
                 ack: Ack) -> None:
        self.service, self.actor, self.rest, self.command, self.respond = service, actor, rest, command, respond
        self._ack, self.acked = ack, False

    def ack(self, text: str | None = None) -> None:
        """Acknowledge (once); ``text`` is shown to the person at once, as the command's own reply."""
        if self.acked:
            return
        self.acked = True
        if text:
            self._ack(text=blocks.fallback_text(text), blocks=blocks.sections(text))
        else:
            self._ack()

    def reply(self, messages: list[Message]) -> None:
        """Ephemeral replies to the person who typed the command, after the ack (off Bolt's threads)."""
        self.ack()
        own = [m for m in messages if m.recipient in (None, self.actor.user)]

        def send() -> None:
            for post in blocks.render(own, self.actor.user):
                self.respond(text=post.text, blocks=post.blocks, response_type="ephemeral", replace_original=False)

        self.later("replying to /wwc", send, apologise=False)  # (a failed reply cannot carry its own apology)

    def later(self, what: str, job: Callable[[], object], *, apologise: bool = True) -> None:
        """Work after the ack (``SlackService.later``). If it fails, the person is told (the failure is still
        logged): a command is never left without a word. ``apologise=False`` for work that follows a reply
        already saying the command was done (refreshing Home, telling a colleague): an apology there would
        contradict it, and trying again would do it twice."""
        if not apologise:
            self.service.later(self.actor, what, job)
            return

        def guarded() -> object:
            try:
                return job()
            except Exception:
                self.say(_("Sorry, something went wrong while answering your `/wwc` command. Please try again "
                           "in a minute."))
                raise

        self.service.later(self.actor, what, guarded)

    def say(self, text: str) -> None:
        self.reply([Message(text=text, kind=MessageKind.INFO)])


def _in_dm(service: SlackService, req: Request, messages: list[Message]) -> None:
    """After the ack: continue the conversation in the DM; point there if the command came from elsewhere."""
    req.ack()

    def send() -> None:
        dm = service.dm_channel(req.actor.user)
        service.deliver(req.actor, messages, channel=dm)
        if req.command.get("channel_id") != service.dm_channel(req.actor.user):  # (the post named the DM, if Slack
            # could not open it before)
            # i18n: *Messages* is the name of the tab in Slack's app view (use Slack's own word in your language).
            req.say(_("I've sent you a direct message: open the WWC assistant's *Messages* tab to continue."))

    req.later("continuing /wwc in the DM", send)


def _start(service: SlackService, req: Request) -> None:
    with service.saving(req.actor, "/wwc start"):
        messages = service.engine.begin(req.actor, city=req.rest or None)
    _in_dm(service, req, messages)


def _next(service: SlackService, req: Request) -> None:
    action = "continue"
    if req.rest:
        area = match_area(req.rest, service.engine.standard)
        if area is None:
            # i18n: {area} is what the person typed; {areas} a comma-separated list of practice areas.
            req.say(_("I don't know the practice area “{area}”. Try one of: {areas}.", area=req.rest[:40],
                      areas=", ".join(f"{a.code} ({a.name})" for a in service.engine.standard.areas)))
            return
        action = f"area:{area.code}"
    messages = service.handle(req.actor, UserInput(action=action))
    _in_dm(service, req, messages or [])


def _checkup(service: SlackService, req: Request) -> None:
    """The lead starts this year's checkup (the engine refuses anyone else); it goes on in the DM."""
    messages = service.handle(req.actor, UserInput(action="checkup:start"))
    _in_dm(service, req, messages or [])


def _status(service: SlackService, req: Request) -> None:
    with service.saving(req.actor, "/wwc status"):  # (the engine notes where the conversation is)
        messages = service.engine.status(req.actor)
    req.reply(messages)


def _report(service: SlackService, req: Request) -> None:
    """The self-assessment (readiness report) here (ephemeral), or as a Markdown, CSV or chart file in the DM."""
    req.ack()
    req.later("/wwc report", lambda: _send_report(service, req))


def _send_report(service: SlackService, req: Request) -> None:
    fmt = req.rest.lower().lstrip(".")
    member = service.store.member(req.actor.workspace, req.actor.user)
    if fmt not in REPORT_FORMATS:
        # i18n: `/wwc report`, `md`, `csv` and `png` are what the person types: keep them in English.
        req.say(_("Say `/wwc report` for the report here, or `/wwc report md`, `csv` or `png` for a file."))
        return
    knowledge = service.engine.advisor.kb
    if member is None or knowledge is None:
        with service.saving(req.actor, "/wwc report"):
            messages = service.engine.report(req.actor)
        req.reply(messages)
        return
    try:
        report = build_city_report(service.store, service.engine.standard, knowledge, member.city_id,
                                   clock=service.store.clock)
    except ReportError as exc:
        req.say(str(exc))
        return
    if not fmt:  # a lasting message in the person's own DM (an ephemeral one disappears on reload)
        service.client.chat_postMessage(channel=service.dm_channel(req.actor.user), text=report_text(report),
                                        blocks=report_blocks(report))
        # i18n: `/wwc report md`, `csv` and `png` are what the person types: keep them in English.
        req.say(_("I've posted your self-assessment in our direct messages, where it stays. "
                  "`/wwc report md`, `csv` or `png` sends it as a file."))
        return
    name = default_filename(report, fmt)
    comment = REPORT_FORMATS[fmt]
    assert comment is not None
    if not _send_file(service, req, name, render_report(report, fmt), _(comment)):
        # i18n: {file} is a file's name.
        req.say(_("Sorry, I couldn't send you {file} in our direct messages just now. Please try again in a minute.",
                  file=name))
        return
    # i18n: {file} is a file's name.
    req.say(_("I've sent you {file} in our direct messages.", file=name))


def _send_file(service: SlackService, req: Request, name: str, content: bytes, comment: str) -> bool:
    """Share a file in the person's DM; False (logged) if it was not delivered.

    ``files.completeUploadExternal`` takes a conversation id only (Slack refuses a user id), so while Slack
    cannot open the DM nothing is uploaded. A failure is the caller's to tell the person about: the command's
    reply goes through its response URL, which needs no DM.
    """
    channel = service.dm_conversation(req.actor.user)
    if channel is None:
        return False
    try:
        service.client.files_upload_v2(channel=channel, filename=name, title=name, content=content,
                                       initial_comment=comment)
    except _UNDELIVERED as err:
        log.warning("could not send %s to the DM with %s: %s", name, req.actor.user, err)
        return False
    return True


def _remind(service: SlackService, req: Request) -> None:
    with service.saving(req.actor, "/wwc remind"):
        text = choose_reminders(service.store, req.actor.workspace, req.actor.user, req.rest)
    req.say(text)


def _language(service: SlackService, req: Request) -> None:
    """``/wwc language [en|es|pt]``: the language this person reads (their team is not affected)."""
    lang = i18n.language_of(req.rest)
    if lang is None:
        # i18n: the list of languages stays as it is (each name in its own language); `/wwc language es` is typed.
        req.say(_("I can write to you in English (`en`), Español (`es`) or Português (`pt`): for example "
                  "`/wwc language es`. You read {current} now.", current=i18n.NAMES[i18n.current()]))
        return
    with service.saving(req.actor, "/wwc language"):
        service.store.set_language(req.actor.workspace, req.actor.user, lang, chosen=True)
    i18n.activate(lang)  # this reply, and the Home refreshed after it, in the new language
    req.say(render.language_set(lang).text)
    req.later("refreshing Home in the new language", lambda: service.refresh_home(req.actor), apologise=False)


def _assign(service: SlackService, req: Request) -> None:
    m = _MENTION.match(req.rest)
    area = match_area(m.group(3), service.engine.standard) if m and m.group(3) else None
    if m is None or area is None:
        # i18n: `/wwc assign @colleague OD` is what the person types (translate only “colleague”); {codes} is a
        # comma-separated list of practice areas' codes.
        req.say(_("Say it like `/wwc assign @colleague OD`: pick the colleague from the @ list, then a practice area "
                  "({codes}).", codes=", ".join(a.code for a in service.engine.standard.areas)))
        return
    other = m.group(1)
    name = service.directory.name(other)  # (a quick lookup, before the write lock is taken)
    with service.saving(req.actor, "/wwc assign"):
        messages = service.engine.assign(req.actor, other, area.code, other_name=name)
    req.reply(messages)
    notices = [m for m in messages if m.recipient not in (None, req.actor.user)]

    def tell() -> None:
        try:
            service.deliver(req.actor, notices, channel=None)
        except _UNDELIVERED as err:  # (Slack refuses a DM with them: deactivated...)
            log.warning("could not tell %s about the assignment: %s", other, err)
            # i18n: {who} is the colleague's name
            req.say(_("I couldn't send {who} a message about it, so please let them know yourself. The assignment "
                      "is saved.", who=name or _("your colleague")))

    req.later("telling the colleague about the assignment", tell, apologise=False)


def _evidence(service: SlackService, req: Request) -> None:
    code = req.rest.replace(" ", "").upper()
    standard = service.engine.standard
    if not standard.has_criterion(code):
        # i18n: `/wwc evidence DM2` is what the person types: keep it in English.
        req.say(_("Which criterion? Say it like `/wwc evidence DM2` (the code is shown on each question)."))
        return
    if service.store.member(req.actor.workspace, req.actor.user) is None:
        req.say(_("You're not on a city's team yet: send me a direct message with your city to start."))
        return
    req.ack()  # the modal saves what is submitted in it (listeners/views.py)
    with after_ack("opening the evidence form"):
        service.client.views_open(trigger_id=req.command["trigger_id"],
                                  view=evidence.modal(code, standard.criterion(code).title))


def _network_admin(service: SlackService, req: Request, refusal: str) -> bool:
    """True for a network admin; otherwise the person is told why not (``refusal``, marked with ``N_``; nothing
    else happens)."""
    if not service.settings.peer_channel:
        # i18n: WWC_PEER_CHANNEL is a setting's name: keep it in English.
        req.say(_("No peer-network channel is configured: set WWC_PEER_CHANNEL to its channel id."))
        return False
    admin = service.network_admin(req.actor)
    if admin is None:
        req.ack(_(ADMIN_UNKNOWN))
        return False
    if not admin:
        req.say(_(refusal))
        return False
    return True


def _announce(service: SlackService, req: Request) -> None:
    channel = service.settings.peer_channel
    if not _network_admin(service, req, N_("Only network admins (Admins and Owners of the workspace that hosts the "
                                           "peer-network channel) can post there.")):
        return
    assert channel is not None
    if not req.rest:
        # i18n: keep `/wwc announce`; the news after it is an example (translate it).
        req.say(_("What should I announce? Say it like `/wwc announce The Open Data Sprint opens on 3 March: ...`"))
        return
    digest = hashlib.sha256(f"{req.actor.workspace}|{' '.join(req.rest.split())}|{date.today()}".encode()).hexdigest()
    post = blocks.announcement(req.rest)
    with service.saving(req.actor, "/wwc announce"):
        created = service.outbox.post(channel, post.text, key=f"announce:{digest[:32]}", blocks=post.blocks)
    if created:
        req.say(_("Queued for the peer-network channel: it goes out within seconds, exactly once."))
    else:
        req.say(_("That announcement was already posted today; I won't post it twice."))


def _sprint(service: SlackService, req: Request) -> None:
    """``/wwc sprint open ID [COHORT]`` invites the leads of cities with the gap; ``status ID [COHORT]`` counts."""
    action, _sep, rest = req.rest.partition(" ")
    program, _sep, cohort = rest.strip().partition(" ")
    if action not in ("open", "status") or not program:
        # i18n: the /wwc commands are what the person types: keep them in English.
        req.say(_("Say it like `/wwc sprint open PROGRAM-ID [COHORT]` or `/wwc sprint status PROGRAM-ID [COHORT]`; "
                  "the cohort defaults to this month (e.g. 2026-11)."))
        return
    if not _network_admin(service, req, N_("Only network admins (Admins and Owners of the workspace that hosts the "
                                           "peer-network channel) can open Sprint cohorts.")):
        return
    cohort = cohort.strip() or date.today().strftime("%Y-%m")
    if action == "status":
        req.say(service.sprint_status(program, cohort))
        return
    with service.saving(req.actor, "/wwc sprint open"):
        text = service.open_sprint(req.actor, program, cohort)
    req.say(text)


def _network(service: SlackService, req: Request) -> None:
    """The network view for network admins: a lasting summary in their DM and the chart as a file."""
    if not _network_admin(service, req, N_("Only network admins (Admins and Owners of the workspace that hosts the "
                                           "peer-network channel) can see the network view.")):
        return
    req.ack()
    req.later("/wwc network", lambda: _send_network_view(service, req))


def _send_network_view(service: SlackService, req: Request) -> None:
    from bot.report.network import build_network_view, render_network_chart, render_network_markdown

    view = build_network_view(service.store, service.engine.standard, service.store.clock())
    dm = service.dm_channel(req.actor.user)
    text = render_network_markdown(view)
    for post in blocks.render([Message(text=text[:12000], kind=MessageKind.INFO)], req.actor.user):
        service.client.chat_postMessage(channel=dm, text=post.text, blocks=post.blocks)
    if view.cities:
        name = f"wwc-network-{view.year}.png"
        if not _send_file(service, req, name, render_network_chart(view),
                          _("The network at its latest snapshot (no city named).")):
            # i18n: {file} is a file's name (the network view's chart).
            req.say(_("I've posted the network view in our direct messages, but I couldn't send its chart ({file}) "
                      "just now. Please try again in a minute.", file=name))
            return
    req.say(_("I've sent the network view to our direct messages."))


def _reload(service: SlackService, req: Request) -> None:
    """Reload the knowledge data (after the network team edited its folder); a broken file changes nothing."""
    if not _network_admin(service, req, N_("Only network admins (Admins and Owners of the workspace that hosts the "
                                           "peer-network channel) can reload the knowledge data.")):
        return
    from knowledge import KnowledgeError, reload_knowledge

    try:
        kb = reload_knowledge(service.engine.standard)
    except KnowledgeError as exc:
        # i18n: {error} says what is wrong in the knowledge folder (in English).
        req.say(_("Not reloaded, the running data stays: {error}", error=exc))
        return
    req.say(_("Knowledge reloaded: {resources} resources, {programs} programs, {partners} partners, "
              "{peers} peer examples.", resources=len(kb.resources), programs=len(kb.programs),
              partners=len(kb.partners), peers=len(kb.peers)))


@dataclass(frozen=True)
class Subcommand:
    """One ``/wwc`` subcommand: its handler (None: answered by the ack, as ``help``), its line in the help, and
    its form in the manifests' usage hint (None: left out there, as the network admins' commands)."""

    name: str
    handler: Callable[[SlackService, Request], None] | None
    help: str  # marked with ``N_``, shown with ``_(sub.help)``
    hint: str | None


# Every /wwc subcommand, once: the handlers, the help, the manifests' usage hint and the README follow from it
# (tests/slack/test_slack_commands.py checks the manifests and the README against it).
REGISTRY: tuple[Subcommand, ...] = (
    # i18n: a line of /wwc help: keep `/wwc` and the subcommand after it in English; a word in [brackets] or
    # CAPITALS only says what goes there and may be translated.
    Subcommand("start", _start, N_("`/wwc start [city]`: start or resume your city's assessment (we talk in a DM)"),
               "start"),
    # i18n: a line of /wwc help: the part in `backquotes` is what the person types (keep it in English).
    Subcommand("status", _status, N_("`/wwc status`: where your city stands"), "status"),
    # i18n: a line of /wwc help: keep `/wwc` and the subcommand after it in English; a word in [brackets] or
    # CAPITALS only says what goes there and may be translated.
    Subcommand("next", _next, N_("`/wwc next [area]`: the next question, optionally in one practice area "
               "(`/wwc next OD`)"), "next AREA"),
    # i18n: a line of /wwc help: keep `/wwc report` and md, csv, png in English (what the person types).
    Subcommand("report", _report, N_("`/wwc report [md|csv|png]`: score, level, roadmap and peer benchmarks; or as "
               "a file"), "report [md|csv|png]"),
    # i18n: a line of /wwc help: keep `/wwc` and the subcommand after it in English; a word in [brackets] or
    # CAPITALS only says what goes there and may be translated.
    Subcommand("assign", _assign, N_("`/wwc assign @colleague AREA`: hand a practice area to a colleague (city "
               "leads)"), "assign @user AREA"),
    # i18n: a line of /wwc help: keep `/wwc` and the subcommand after it in English; a word in [brackets] or
    # CAPITALS only says what goes there and may be translated.
    Subcommand("evidence", _evidence, N_("`/wwc evidence CODE`: attach a link and a note to a criterion "
               "(`/wwc evidence DM2`)"), "evidence CODE"),
    # i18n: a line of /wwc help: the part in `backquotes` is what the person types (keep it in English).
    Subcommand("checkup", _checkup, N_("`/wwc checkup`: start this year's annual checkup from last year's answers "
               "(city leads)"), "checkup"),
    # i18n: a line of /wwc help: keep `/wwc remind` and the choices in [brackets] in English (what the person
    # types).
    Subcommand("remind", _remind, N_("`/wwc remind [weekly|every two weeks|monthly|off]`: how often reminders "
               "come, in each person's own working hours (city leads set it)"), "remind"),
    # i18n: a line of /wwc help: keep `/wwc` and the subcommand after it in English; a word in [brackets] or
    # CAPITALS only says what goes there and may be translated.
    Subcommand("announce", _announce, N_("`/wwc announce TEXT`: post news or a Sprint cohort to the peer-network "
               "channel (network admins)"), None),
    # i18n: a line of /wwc help: keep `/wwc sprint open` and `/wwc sprint status` in English; PROGRAM and
    # COHORT only say what goes there and may be translated.
    Subcommand("sprint", _sprint, N_("`/wwc sprint open PROGRAM [COHORT]`: invite the leads of cities whose "
               "answers show the gap; `/wwc sprint status PROGRAM`: how many were invited and asked to join "
               "(network admins)"), None),
    # i18n: a line of /wwc help: the part in `backquotes` is what the person types (keep it in English).
    Subcommand("network", _network, N_("`/wwc network`: where the network stands, anonymously, with a chart "
               "(network admins)"), None),
    # i18n: a line of /wwc help: the part in `backquotes` is what the person types (keep it in English).
    Subcommand("reload", _reload, N_("`/wwc reload`: reload the knowledge data after editing the knowledge folder "
               "(network admins)"), None),
    # i18n: a line of /wwc help: keep `/wwc language` and en, es, pt as they are (what the person types).
    Subcommand("language", _language, N_("`/wwc language [en|es|pt]`: the language I write to you in (English, "
               "Español, Português); your team may each choose their own"), "language [en|es|pt]"),
    # i18n: a line of /wwc help: the part in `backquotes` is what the person types (keep it in English).
    Subcommand("help", None, N_("`/wwc help`: this list"), "help"),
)

SUBCOMMANDS = tuple(sub.name for sub in REGISTRY)
HANDLERS: dict[str, Callable[[SlackService, Request], None]] = {
    sub.name: sub.handler for sub in REGISTRY if sub.handler is not None
}


def usage_hint() -> str:
    """The ``/wwc`` usage hint both manifests carry."""
    return "[" + " | ".join(sub.hint for sub in REGISTRY if sub.hint) + "]"
