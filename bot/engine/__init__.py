"""The platform-neutral assessment conversation.

>>> from bot.engine import Engine, Actor, UserInput
>>> engine = Engine(store, load_standard())
>>> replies = engine.handle(Actor(workspace="T1", user="U1", name="Ana"), UserInput(text="yes"))

Surfaces (Slack, the terminal) only translate input into ``UserInput`` and
render the returned ``Message`` list; see ``messages.py`` for the contract.
"""

from ..report.models import AreaProgress, CheckupProgress, Dashboard, NextQuestion, NextStep
from .engine import Engine
from .messages import MAX_INPUT_CHARS, Actor, Message, MessageKind, Option, UserInput
from .reminders import Reminder, due_reminders, mark_reminder_sent
from .state import ConversationState, Mode
from .text import escape

__all__ = [
    "MAX_INPUT_CHARS",
    "Actor",
    "AreaProgress",
    "CheckupProgress",
    "ConversationState",
    "Dashboard",
    "Engine",
    "Message",
    "MessageKind",
    "Mode",
    "NextQuestion",
    "NextStep",
    "Option",
    "Reminder",
    "UserInput",
    "due_reminders",
    "escape",
    "mark_reminder_sent",
]
