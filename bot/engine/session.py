"""``Session``: what one input needs, shared by the engine and its parts."""

from __future__ import annotations

from dataclasses import dataclass

from ..store import Assessment, City, Member
from .messages import Actor
from .state import ConversationState


@dataclass
class Session:
    """Everything one input needs: who, their city and assessment, and their conversation state."""

    actor: Actor
    member: Member
    city: City
    assessment: Assessment
    state: ConversationState
    interrupted: bool = False  # this input left a reading that waited for a yes (``Engine._dispatch``)

    @property
    def name(self) -> str:
        return self.actor.name or self.member.name or self.actor.user
