"""What the dialogue engine takes in and gives out, independent of any surface.

The engine speaks in ``Message`` models; Slack renders them as Block Kit
(buttons for ``options``) and the terminal as numbered lines. When a person
presses a button or picks a number, the surface sends the option's ``value``
back as ``UserInput(action=...)``; typed text arrives as ``UserInput(text=...)``.

Option values are short command strings the engine parses itself, so they
never carry user text and stay far below Slack's 2000-character button limit:

    answer:DM2:met      answer:DM2:in_progress   answer:DM2:not_yet   answer:DM2:not_sure
    why:DM2             evidence:DM2             skip:DM2             back                keep
    area:OD             continue                 status               pause
    gate:broadband      gate:none                roadmap              help
    report              review:OD                change:DM2           invite:U123
    checkup:start       checkup:later            confirm:DM2          confirm-area:OD      confirm-area:OD:yes

The annual checkup: ``checkup:start`` (the lead starts this year's checkup),
``checkup:later`` (a reminder's "Remind me later"), ``confirm:DM2`` ("still
true": last year's answer and evidence carry over), ``confirm-area:OD`` (asks
to confirm every remaining answer of the area) and ``confirm-area:OD:yes``
(confirms them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

MAX_INPUT_CHARS = 4000  # longer text is cut before matching; Slack allows 40,000


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Actor(_Frozen):
    """Who is talking: a user of a workspace (the terminal uses workspace ``local``)."""

    workspace: str = Field(min_length=1)
    user: str = Field(min_length=1)
    name: str | None = None  # display name, for "answered by"


class UserInput(_Frozen):
    """One thing a person did: typed ``text`` or pressed an option (``action`` = its value)."""

    text: str | None = None
    action: str | None = None


class MessageKind(str, Enum):
    QUESTION = "question"  # a criterion (or onboarding) question awaiting an answer
    CONFIRM = "confirm"  # "I read that as In progress. Record it?": nothing is saved until the person says
    ANSWERED = "answered"  # confirmation of a recorded answer; replaces the question in Slack
    SUMMARY = "summary"  # an area finished, or a status overview
    REPORT = "report"  # score, level and roadmap
    ANSWER = "answer"  # a reply to a free-text question ("what's next for open data?")
    HELP = "help"
    ERROR = "error"  # the input could not be used; says what to do instead
    NOTICE = "notice"  # to another member of the city (e.g. an area was assigned to them)
    INFO = "info"


class Option(_Frozen):
    label: str = Field(min_length=1, max_length=75)
    value: str = Field(min_length=1, max_length=150)
    style: str | None = None  # "primary" or "danger"; surfaces may ignore it


class Message(_Frozen):
    """One message from the assistant.

    ``text`` is plain text where ``*bold*`` is allowed and links are written
    ``Title: https://...``. It never contains raw Slack mentions: user-provided
    text is escaped by the engine before it is quoted back.
    """

    text: str
    kind: MessageKind = MessageKind.INFO
    options: tuple[Option, ...] = ()
    criterion: str | None = None  # the criterion a question/answer is about
    area: str | None = None  # the practice area it is about
    recipient: str | None = None  # user id of another member to notify; None = the actor
    mentions: tuple[str, ...] = ()  # user ids written into ``text`` with ``person()``: shown as who they really are
    language: str | None = None  # the language the person chose with this message ("language es"), else None


_PERSON = "\u2068@{}\u2069"  # an isolate-wrapped user id: surfaces show the real person (Slack: a user mention)
PERSON = re.compile("\u2068@([A-Za-z0-9_.-]{1,40})\u2069")


def person(user: str) -> str:
    """A placeholder for a person in a message's text; list the id in ``Message.mentions`` too.

    Slack shows it as a user mention (their real profile, which a display name typed into a message cannot
    fake); the terminal shows the id. Only ids listed in ``mentions`` are turned into mentions.
    """
    return _PERSON.format(user)


def show_people(text: str, mentions: tuple[str, ...], render: Callable[[str], str]) -> str:
    """``text`` with each placeholder of a listed person rendered by ``render``; any other placeholder as plain text."""
    return PERSON.sub(lambda m: render(m.group(1)) if m.group(1) in mentions else "@" + m.group(1), text)
