"""The local chat: the assessment conversation in a terminal, on the same engine and database.

Options are numbered; typing a number picks one. Piped input is read one
message per line and the program exits at the end of input, so a whole
session can be scripted:

    printf '185000\\nyes\\nkind of\\n' | wwc-bot chat --city "Tempe, AZ" --user ana

``WWC_TODAY=2027-11-22`` makes the chat believe it is that day (at the
current time of day, UTC), e.g. to try or script next year's checkup and its
reminder. It is read here only, and only for the local chat.
"""

from __future__ import annotations

import getpass
import os
import re
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TextIO

import wwc_i18n as i18n
from wwc_i18n import _
from wwc_rules import load_standard

from .engine import Actor, Engine, Message, MessageKind, Option, UserInput
from .engine.messages import show_people
from .settings import Settings
from .store import Store, utcnow

WORKSPACE = "local"
TODAY = "WWC_TODAY"
QUIT = {"quit", "exit", "/quit", ":q"}
_LINK = re.compile(r"<(https?://[^|>\s]+)(?:\|([^>]*))?>")  # Slack's <url|label>: "label (url)" here
_BOLD = re.compile(r"\*([^*\n]+)\*")


def user_id(name: str) -> str:
    """The local user id for a name: "Ana Lopez" -> "ana_lopez" (what *assign ana_lopez OD* expects)."""
    return "_".join(name.casefold().split()) or "me"


class Printer:
    """Renders messages as plain text; ``*bold*`` becomes real bold on a terminal."""

    def __init__(self, out: TextIO, *, ansi: bool) -> None:
        self.out = out
        self.ansi = ansi

    def text(self, text: str) -> str:
        text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})" if m.group(2) else m.group(1), text)
        text = _BOLD.sub(r"\033[1m\1\033[0m" if self.ansi else r"\1", text)
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")

    def show(self, messages: list[Message], me: str) -> tuple[Option, ...]:
        """Print ``messages``; return the options a number now picks."""
        options: tuple[Option, ...] = ()
        for m in messages:
            body = self.text(show_people(m.text, m.mentions, lambda u: "@" + u))
            if m.recipient and m.recipient != me:
                # i18n: {recipient} is the user id a message is meant for; {message} the message.
                body = _("(message for {recipient}) {message}", recipient=m.recipient, message=body)
            elif m.options:
                options = stable_numbers(m.options)
            if m.kind is MessageKind.ERROR and self.ansi:
                body = f"\033[33m{body}\033[0m"
            print(body, file=self.out)
            if m.options and not (m.recipient and m.recipient != me):
                shown = stable_numbers(m.options)
                print("   " + "  ".join(f"[{i}] {o.label}" for i, o in enumerate(shown, 1)), file=self.out)
            print(file=self.out)
        self.out.flush()
        return options


_OUTCOME_ORDER = ("met", "in_progress", "not_yet", "not_sure")


def stable_numbers(options: tuple[Option, ...]) -> tuple[Option, ...]:
    """The four outcomes always as [1] Met [2] In progress [3] Not yet [4] Not sure, whatever the message's
    order (a confirmation puts its reading first): a habitual number never records another outcome."""
    outcomes = {o.value.rsplit(":", 1)[-1]: o for o in options if o.value.startswith("answer:")}
    if set(outcomes) != set(_OUTCOME_ORDER):
        return options
    return tuple(outcomes[k] for k in _OUTCOME_ORDER) + tuple(o for o in options if not o.value.startswith("answer:"))


def chat_clock(today: str | None) -> Callable[[], datetime]:
    """The clock: real time, or the given day (``YYYY-MM-DD``) at the current time of day (UTC)."""
    if not today:
        return utcnow
    try:
        day = date.fromisoformat(today.strip())
    except ValueError:
        # i18n: {variable} is the environment variable's name (WWC_TODAY), {value} what it holds.
        raise ValueError(_("{variable} must be a date like 2027-11-22, not {value}", variable=TODAY,
                           value=repr(today))) from None
    return lambda: datetime.combine(day, utcnow().time(), UTC)


def to_input(line: str, options: tuple[Option, ...]) -> UserInput:
    """A typed number picks an option; anything else is text."""
    if line.isdigit() and options and 1 <= int(line) <= len(options):
        return UserInput(action=options[int(line) - 1].value)
    return UserInput(text=line)


def run_chat(
    settings: Settings,
    city: str | None = None,
    user: str | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    lang: str | None = None,
) -> int:
    """Chat in the terminal until end of input, ``quit`` or Ctrl-D; returns the exit status.

    ``lang`` (``--lang``) is the person's choice of language, kept for them; without it the language they chose
    before, else English.
    """
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:
        clock = chat_clock(os.environ.get(TODAY))
    except ValueError as exc:
        print(f"wwc-bot chat: {exc}", file=sys.stderr)
        return 2
    name = (user or _login()).strip() or "me"
    actor = Actor(workspace=WORKSPACE, user=user_id(name), name=name)
    store = Store(settings.db_path, clock=clock)
    engine = Engine(store, load_standard(), clock=clock)
    interactive = stdin.isatty()
    printer = Printer(stdout, ansi=interactive and stdout.isatty())
    try:
        if lang:
            store.set_language(actor.workspace, actor.user, i18n.language_of(lang) or i18n.ENGLISH, chosen=True)
        options = printer.show(engine.begin(actor, city=city), actor.user)
        if interactive:
            with i18n.using(engine.language_for(actor)):
                # i18n: 'quit' is typed as is (keep it in English); 'help' may be the language's word (ayuda, ajuda).
                print(_("(Type your answer, a number to pick an option, 'help', or 'quit'. Ctrl-D also quits.)")
                      + "\n", file=stdout)
        while True:
            with i18n.using(engine.language_for(actor)):
                line = _read(stdin, interactive)
            if line is None or line.strip().casefold() in QUIT:
                break
            line = line.strip()
            if not line:
                continue
            if not interactive:
                print(f"> {line}", file=stdout)
            replies = engine.handle(actor, to_input(line, options))
            with i18n.using(engine.language_for(actor)):
                options = printer.show(replies, actor.user) or options
        farewell = engine.language_for(actor)  # the language they read now (they may have changed it)
    finally:
        store.close()
    if interactive:
        with i18n.using(farewell):
            print(_("Bye! Everything is saved; run `wwc-bot chat` again to pick up where you left off."), file=stdout)
    return 0


def _read(stdin: TextIO, interactive: bool) -> str | None:
    if interactive:
        try:
            # i18n: the terminal prompt before what the person types.
            return input(_("you> "))
        except EOFError:
            print()
            return None
    line = stdin.readline()
    return line if line else None


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "me"
