"""Team work: the lead invites colleagues and hands them practice areas.

A colleague is only ever added by the city's lead (never by naming the
city), so one city can never read another's answers. Each hand-over sends
a NOTICE to the colleague, which the surface delivers as a direct message.
"""

from __future__ import annotations

from wwc_rules import Standard

from ..store import Store
from .commands import Command
from .conversation import Step
from .matching import match_area
from .messages import Message, MessageKind, Option
from .session import Session
from .text import escape, quote


class TeamWork:
    """Mixed into ``Engine``: the ``assign`` and ``invite`` commands."""

    store: Store
    standard: Standard

    def _on_assign(self, s: Session, cmd: Command) -> Step:
        return Step(self._assign_command(s, cmd), s.state.mode)

    def _on_invite(self, s: Session, cmd: Command) -> Step:
        if cmd.user is None:
            return Step([Message(text="Say it like *invite @colleague*.", kind=MessageKind.ERROR)], s.state.mode)
        return Step(self._invite(s, cmd.user, None), s.state.mode)

    def _on_remove_member(self, s: Session, cmd: Command) -> Step:
        """The lead takes a colleague off the team: they no longer see or change the city's answers."""
        refused = self._lead_only(s, "take people off the team")
        if refused or cmd.user is None:
            return Step([refused or Message(text="Say it like *remove @colleague*.", kind=MessageKind.ERROR)],
                        s.state.mode)
        if cmd.user == s.actor.user:
            text = "You're the lead: hand the lead role to a colleague first (*make @colleague lead*)."
            return Step([Message(text=text, kind=MessageKind.ERROR)], s.state.mode)
        member = self.store.member(s.actor.workspace, cmd.user)
        if not self.store.remove_member(s.actor.workspace, cmd.user, s.city.id):
            text = f"{escape(cmd.user)} is not on the {escape(s.city.label)} team."
            return Step([Message(text=text, kind=MessageKind.INFO)], s.state.mode)
        who = escape(member.display if member else cmd.user)
        return Step(
            [
                Message(
                    text=f"Removed {who} from the {escape(s.city.label)} team. Their earlier answers stay, with "
                    "their name, in the history.",
                    kind=MessageKind.INFO,
                ),
                Message(
                    text=f"{escape(s.name)} took you off the {escape(s.city.label)} team for WWC Certification.",
                    kind=MessageKind.NOTICE,
                    recipient=cmd.user,
                ),
            ],
            s.state.mode,
        )

    def _on_hand_over(self, s: Session, cmd: Command) -> Step:
        """The lead makes a colleague on the team the lead (and becomes a member)."""
        refused = self._lead_only(s, "hand over the lead role")
        if refused or cmd.user is None:
            text = "Say it like *make @colleague lead*."
            return Step([refused or Message(text=text, kind=MessageKind.ERROR)], s.state.mode)
        if not self.store.hand_over_lead(s.actor.workspace, s.city.id, from_user=s.actor.user, to_user=cmd.user):
            text = f"{escape(cmd.user)} must be on the {escape(s.city.label)} team first (*invite @colleague*)."
            return Step([Message(text=text, kind=MessageKind.ERROR)], s.state.mode)
        member = self.store.member(s.actor.workspace, cmd.user)
        who = escape(member.display if member else cmd.user)
        return Step(
            [
                Message(text=f"{who} is now the lead of {escape(s.city.label)}; you stay on the team.",
                        kind=MessageKind.INFO),
                Message(
                    text=f"{escape(s.name)} made you the lead of {escape(s.city.label)}'s WWC Certification "
                    "assessment: you can now invite and remove colleagues, assign areas and start the checkup.",
                    kind=MessageKind.NOTICE,
                    recipient=cmd.user,
                ),
            ],
            s.state.mode,
        )

    def _assign_command(self, s: Session, cmd: Command) -> list[Message]:
        if cmd.user is None or cmd.area is None:
            what = f"I don't know the area {quote(cmd.bad_area, 40)}. " if cmd.bad_area and cmd.user else ""
            return [
                Message(
                    text=what
                    + "Say it like *assign @colleague OD* (or *assign @colleague to open data*). "
                    + self._areas_hint(),
                    kind=MessageKind.ERROR,
                )
            ]
        return self._assign(s, cmd.user, cmd.area, None)

    def _lead_only(self, s: Session, what: str) -> Message | None:
        if s.member.is_lead:
            return None
        leads = ", ".join(escape(m.display) for m in self.store.leads(s.city.id)) or "your city's lead"
        return Message(text=f"Only the city's lead ({leads}) can {what}. Ask them.", kind=MessageKind.ERROR)

    def _add_colleague(self, s: Session, user: str, name: str | None) -> tuple[bool, Message | None]:
        """Add ``user`` to the actor's city; ``(added, error)``."""
        if user == s.actor.user:
            return False, None
        try:
            added = self.store.add_member(s.actor.workspace, user, s.city.id, added_by=s.actor.user, name=name)
        except ValueError:
            return False, Message(
                text=f"{escape(name or user)} is already on another city's team, so I can't add them.",
                kind=MessageKind.ERROR,
            )
        return added, None

    def _invite(self, s: Session, user: str, name: str | None) -> list[Message]:
        refused = self._lead_only(s, "add people to the team")
        if refused:
            return [refused]
        added, error = self._add_colleague(s, user, name)
        if error:
            return [error]
        # The id came from what was typed or pressed: shown as text, never made into a mention (that could ping).
        who = escape(name or user)
        if not added:
            return [Message(text=f"{who} is already on the {escape(s.city.label)} team.", kind=MessageKind.INFO)]
        return [
            Message(
                text=f"Added {who} to the {escape(s.city.label)} team. Hand them an area with *assign {escape(user)} OD*.",
                kind=MessageKind.INFO,
            ),
            Message(
                text=f"{escape(s.name)} added you to the {escape(s.city.label)} team for WWC Certification. "
                "Say *continue* to start answering.",
                kind=MessageKind.NOTICE,
                recipient=user,
                options=(Option(label="Start", value="continue", style="primary"),),
            ),
        ]

    def _assign(self, s: Session, user: str, area: str, name: str | None) -> list[Message]:
        refused = self._lead_only(s, "assign areas")
        if refused:
            return [refused]
        found = match_area(area, self.standard)
        if found is None:
            return [
                Message(text=f"I don't know the area {quote(area, 40)}. " + self._areas_hint(), kind=MessageKind.ERROR)
            ]
        area = found.code
        _, error = self._add_colleague(s, user, name)
        if error:
            return [error]
        changed = self.store.assign_area(s.assessment.id, area, user, by=s.actor.user)
        member = self.store.member(s.actor.workspace, user)
        who = escape(name or (member.display if member else user))
        a = self.standard.area(area)
        if not changed:
            return [Message(text=f"{a.name} is already assigned to {who}.", kind=MessageKind.INFO)]
        messages = [
            Message(text=f"{a.name} is now assigned to {who}. I've let them know.", kind=MessageKind.INFO, area=area)
        ]
        if user != s.actor.user:
            count = len(self.standard.criteria_in(area))
            messages.append(
                Message(
                    text=f"{escape(s.name)} assigned you *{a.name}* ({count} criteria) in {escape(s.city.label)}'s WWC "
                    "Certification assessment. Say *continue* to start; your questions come from that area.",
                    kind=MessageKind.NOTICE,
                    recipient=user,
                    area=area,
                    options=(Option(label="Start", value="continue", style="primary"),),
                )
            )
        return messages

    def _areas_hint(self) -> str:
        return "Areas: " + ", ".join(f"{a.code} {a.name}" for a in self.standard.areas) + "."
