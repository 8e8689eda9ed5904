"""Team work: the lead invites colleagues and hands them practice areas.

A colleague is only ever added by the city's lead (never by naming the
city), so one city can never read another's answers. Each hand-over sends
a NOTICE to the colleague, which the surface delivers as a direct message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from wwc_i18n import N_, _, ngettext
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
    _to: Callable[[str, str, Callable[[], Message]], Message]
    if TYPE_CHECKING:  # the Engine's, in the language in force

        @property
        def standard(self) -> Standard: ...

    def _on_assign(self, s: Session, cmd: Command) -> Step:
        return Step(self._assign_command(s, cmd), s.state.mode)

    def _on_invite(self, s: Session, cmd: Command) -> Step:
        if cmd.user is None:
            # i18n: "invite" is the command word the person types: keep it in English
            text = _("Say it like *invite @colleague*.")
            return Step([Message(text=text, kind=MessageKind.ERROR)], s.state.mode)
        return Step(self._invite(s, cmd.user, None), s.state.mode)

    def _on_remove_member(self, s: Session, cmd: Command) -> Step:
        """The lead takes a colleague off the team: they no longer see or change the city's answers."""
        # i18n: {leads} is the names of the city's leads
        refused = self._lead_only(s, N_("Only the city's lead ({leads}) can take people off the team. Ask them."))
        if refused or cmd.user is None:
            # i18n: "remove" is the command word the person types: keep it in English
            text = _("Say it like *remove @colleague*.")
            return Step([refused or Message(text=text, kind=MessageKind.ERROR)], s.state.mode)
        if cmd.user == s.actor.user:
            # i18n: "make ... lead" is the command the person types: keep it in English
            text = _("You're the lead: hand the lead role to a colleague first (*make @colleague lead*).")
            return Step([Message(text=text, kind=MessageKind.ERROR)], s.state.mode)
        member = self.store.member(s.actor.workspace, cmd.user)
        if not self.store.remove_member(s.actor.workspace, cmd.user, s.city.id):
            # i18n: {user} is a Slack id or name, {city} the city ("Tempe, AZ")
            text = _("{user} is not on the {city} team.", user=escape(cmd.user), city=escape(s.city.label))
            return Step([Message(text=text, kind=MessageKind.INFO)], s.state.mode)
        who = escape(member.display if member else cmd.user)
        return Step(
            [
                Message(
                    text=_(
                        "Removed {who} from the {city} team. Their earlier answers stay, with their name, in the "
                        "history.",
                        who=who,
                        city=escape(s.city.label),
                    ),
                    kind=MessageKind.INFO,
                ),
                self._to(s.actor.workspace, cmd.user, lambda: Message(
                    # i18n: {lead} is the lead who did it
                    text=_(
                        "{lead} took you off the {city} team for WWC Certification.",
                        lead=escape(s.name),
                        city=escape(s.city.label),
                    ),
                    kind=MessageKind.NOTICE,
                    recipient=cmd.user,
                )),
            ],
            s.state.mode,
        )

    def _on_hand_over(self, s: Session, cmd: Command) -> Step:
        """The lead makes a colleague on the team the lead (and becomes a member)."""
        # i18n: {leads} is the names of the city's leads
        refused = self._lead_only(s, N_("Only the city's lead ({leads}) can hand over the lead role. Ask them."))
        if refused or cmd.user is None:
            # i18n: "make ... lead" is the command the person types: keep it in English
            text = _("Say it like *make @colleague lead*.")
            return Step([refused or Message(text=text, kind=MessageKind.ERROR)], s.state.mode)
        if not self.store.hand_over_lead(s.actor.workspace, s.city.id, from_user=s.actor.user, to_user=cmd.user):
            # i18n: {user} is a Slack id or name; "invite" is the command word the person types: keep it in English
            text = _(
                "{user} must be on the {city} team first (*invite @colleague*).",
                user=escape(cmd.user),
                city=escape(s.city.label),
            )
            return Step([Message(text=text, kind=MessageKind.ERROR)], s.state.mode)
        member = self.store.member(s.actor.workspace, cmd.user)
        who = escape(member.display if member else cmd.user)
        return Step(
            [
                Message(
                    text=_("{who} is now the lead of {city}; you stay on the team.", who=who, city=escape(s.city.label)),
                    kind=MessageKind.INFO,
                ),
                self._to(s.actor.workspace, cmd.user, lambda: Message(
                    # i18n: {lead} is the lead who handed the role over
                    text=_(
                        "{lead} made you the lead of {city}'s WWC Certification assessment: you can now invite and "
                        "remove colleagues, assign areas and start the checkup.",
                        lead=escape(s.name),
                        city=escape(s.city.label),
                    ),
                    kind=MessageKind.NOTICE,
                    recipient=cmd.user,
                )),
            ],
            s.state.mode,
        )

    def _assign_command(self, s: Session, cmd: Command) -> list[Message]:
        if cmd.user is None or cmd.area is None:
            what = self._unknown_area(cmd.bad_area) + " " if cmd.bad_area and cmd.user else ""
            # i18n: "assign" is the command word the person types: keep it in English; "OD" is an area's code and
            # "open data" an area's name (use the name of that area in your language)
            how = _("Say it like *assign @colleague OD* (or *assign @colleague to open data*).")
            return [Message(text=what + how + " " + self._areas_hint(), kind=MessageKind.ERROR)]
        return self._assign(s, cmd.user, cmd.area, None)

    def _lead_only(self, s: Session, refusal: str) -> Message | None:
        """None for the lead; else ``refusal`` (a message id marked with ``N_``, its ``{leads}`` the leads' names)."""
        if s.member.is_lead:
            return None
        # i18n: stands for the names of the city's leads when none is known
        leads = ", ".join(escape(m.display) for m in self.store.leads(s.city.id)) or _("your city's lead")
        return Message(text=_(refusal, leads=leads), kind=MessageKind.ERROR)

    def _add_colleague(self, s: Session, user: str, name: str | None) -> tuple[bool, Message | None]:
        """Add ``user`` to the actor's city; ``(added, error)``."""
        if user == s.actor.user:
            return False, None
        try:
            added = self.store.add_member(s.actor.workspace, user, s.city.id, added_by=s.actor.user, name=name)
        except ValueError:
            return False, Message(
                # i18n: {user} is a Slack id or name
                text=_("{user} is already on another city's team, so I can't add them.", user=escape(name or user)),
                kind=MessageKind.ERROR,
            )
        return added, None

    def _invite(self, s: Session, user: str, name: str | None) -> list[Message]:
        # i18n: {leads} is the names of the city's leads
        refused = self._lead_only(s, N_("Only the city's lead ({leads}) can add people to the team. Ask them."))
        if refused:
            return [refused]
        added, error = self._add_colleague(s, user, name)
        if error:
            return [error]
        # The id came from what was typed or pressed: shown as text, never made into a mention (that could ping).
        who = escape(name or user)
        if not added:
            text = _("{who} is already on the {city} team.", who=who, city=escape(s.city.label))
            return [Message(text=text, kind=MessageKind.INFO)]
        return [
            Message(
                # i18n: {user} is the colleague's Slack id; "assign" is the command word the person types and "OD"
                # an area's code: keep both
                text=_(
                    "Added {who} to the {city} team. Hand them an area with *assign {user} OD*.",
                    who=who,
                    city=escape(s.city.label),
                    user=escape(user),
                ),
                kind=MessageKind.INFO,
            ),
            self._to(s.actor.workspace, user, lambda: Message(
                # i18n: {lead} is the lead who added the person; "continue" is a command word: keep it in English
                text=_(
                    "{lead} added you to the {city} team for WWC Certification. Say *continue* to start answering.",
                    lead=escape(s.name),
                    city=escape(s.city.label),
                ),
                kind=MessageKind.NOTICE,
                recipient=user,
                options=(Option(label=_("Start"), value="continue", style="primary"),),
            )),
        ]

    def _assign(self, s: Session, user: str, area: str, name: str | None) -> list[Message]:
        # i18n: {leads} is the names of the city's leads
        refused = self._lead_only(s, N_("Only the city's lead ({leads}) can assign areas. Ask them."))
        if refused:
            return [refused]
        found = match_area(area, self.standard)
        if found is None:
            return [Message(text=self._unknown_area(area) + " " + self._areas_hint(), kind=MessageKind.ERROR)]
        area = found.code
        _added, error = self._add_colleague(s, user, name)
        if error:
            return [error]
        changed = self.store.assign_area(s.assessment.id, area, user, by=s.actor.user)
        member = self.store.member(s.actor.workspace, user)
        who = escape(name or (member.display if member else user))
        a = self.standard.area(area)
        if not changed:
            # i18n: {area} is a practice area, {who} a colleague
            return [Message(text=_("{area} is already assigned to {who}.", area=a.name, who=who), kind=MessageKind.INFO)]
        messages = [
            Message(
                text=_("{area} is now assigned to {who}. I've let them know.", area=a.name, who=who),
                kind=MessageKind.INFO,
                area=area,
            )
        ]
        if user != s.actor.user:
            count = len(self.standard.criteria_in(area))
            messages.append(
                self._to(s.actor.workspace, user, lambda: Message(
                    # i18n: {lead} is who assigned it, {area} a practice area with {n} criteria, {city} the city;
                    # "continue" is a command word: keep it in English
                    text=ngettext(
                        "{lead} assigned you *{area}* ({n} criterion) in {city}'s WWC Certification assessment. "
                        "Say *continue* to start; your questions come from that area.",
                        "{lead} assigned you *{area}* ({n} criteria) in {city}'s WWC Certification assessment. "
                        "Say *continue* to start; your questions come from that area.",
                        count,
                        lead=escape(s.name),
                        area=(self.standard.area(a.code) or a).name,  # in the colleague's language
                        city=escape(s.city.label),
                    ),
                    kind=MessageKind.NOTICE,
                    recipient=user,
                    area=area,
                    options=(Option(label=_("Start"), value="continue", style="primary"),),
                ))
            )
        return messages

    def _unknown_area(self, said: str) -> str:
        # i18n: {area} is what the person typed as an area's name, quoted
        return _("I don't know the area {area}.", area=quote(said, 40))

    def _areas_hint(self) -> str:
        # i18n: {areas} is the list of practice areas, each with its code ("OD Open Data, ...")
        return _("Areas: {areas}.", areas=", ".join(f"{a.code} {a.name}" for a in self.standard.areas))
