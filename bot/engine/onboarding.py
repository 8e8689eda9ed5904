"""Onboarding: which city, its state or country, and its population.

The first person to name a city becomes its lead. Anyone naming a city that
is already registered in the workspace is not let in: they are told to ask
the lead, and the lead gets a NOTICE with a button to add them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from wwc_i18n import N_, _, ngettext, number
from wwc_rules import Standard

from ..store import City, Store
from . import render
from .advice import Advisor
from .commands import Cmd, Command, parse_text
from .matching import (
    looks_like_question,
    match_outcome,
    normalise_region,
    parse_city,
    parse_population,
)
from .messages import MAX_INPUT_CHARS, Actor, Message, MessageKind, Option, UserInput, person
from .session import Session
from .state import ConversationState, Mode
from .text import clip, defang, escape, quote

if TYPE_CHECKING:
    from .conversation import Step

MAX_FAILURES = 3  # unusable messages in a row before a full explanation


class Onboarding:
    """Mixed into ``Engine``: the conversation before a person is on a city's team."""

    store: Store
    _to: Callable[[str, str, Callable[[], Message]], Message]
    if TYPE_CHECKING:  # the Engine's, in the language in force

        @property
        def standard(self) -> Standard: ...
        @property
        def advisor(self) -> Advisor: ...
    _session: Callable[[Actor, ConversationState], Session | None]
    _ask_next: Callable[..., Step]

    def _onboard(self, actor: Actor, state: ConversationState, user_input: UserInput) -> list[Message] | Step:
        text = (user_input.text or "")[:MAX_INPUT_CHARS].strip()
        if state.mode is Mode.NEW or not state.mode.onboarding:
            # A first message, or someone removed from a team: start from the city question,
            # unless the message already names a city with its state ("Tempe, AZ").
            state.mode = Mode.CITY
            named = parse_city(text) if "," in text and not user_input.action else None
            if named and named[1] and match_outcome(text) is None:
                return [
                    Message(text=welcome(self.standard), kind=MessageKind.INFO),
                    *self._city_given(actor, state, text),
                ]
            return [Message(text=welcome(self.standard) + "\n" + _(CITY_QUESTION), kind=MessageKind.QUESTION)]
        cmd = Command(Cmd.CONTINUE) if user_input.action else parse_text(text, self.standard)
        if cmd.kind in (Cmd.HELP, Cmd.HELP_HERE):
            return [Message(text=_(ONBOARDING_HELP), kind=MessageKind.HELP), self._onboarding_question(state)]
        if looks_like_question(text):
            answer = self.advisor.answer(text, None)
            if answer is not None:
                return [
                    Message(text=clip(defang(answer.text), render.MAX_TEXT), kind=MessageKind.ANSWER),
                    self._onboarding_question(state),
                ]
        if cmd.kind not in (Cmd.TEXT, Cmd.CONTINUE, Cmd.AREA, Cmd.CANCEL):
            return [Message(text=_(NOT_A_MEMBER), kind=MessageKind.ERROR), self._onboarding_question(state)]
        if state.mode is Mode.WAITING and cmd.kind is Cmd.CONTINUE:
            if state.draft_city:
                text = _(
                    "Still waiting for the lead of {city} to add you. You can also name a different city.",
                    city=escape(state.draft_city),
                )
            else:
                text = _("Still waiting for the lead of that city to add you. You can also name a different city.")
            return [Message(text=text, kind=MessageKind.INFO)]
        if cmd.kind in (Cmd.CONTINUE, Cmd.CANCEL):
            return [self._onboarding_question(state)]
        if state.mode is Mode.POPULATION:
            return self._population_given(actor, state, text)
        if state.mode is Mode.REGION and "," not in text:
            region = " ".join(text.split()).strip(" .!?")
            if (
                not region
                or len(region) > 60
                or "<" in region
                or not any(ch.isalpha() for ch in region)
                or match_outcome(region) is not None
                or cmd.kind is not Cmd.TEXT
            ):
                return self._onboarding_failure(state, text)
            return self._city_chosen(actor, state, state.draft_city or "", normalise_region(region))
        return self._city_given(actor, state, text)

    def _onboarding_question(self, state: ConversationState) -> Message:
        if state.mode is Mode.REGION:
            if state.draft_city:
                text = _("Which state (or country) is {city} in?", city=escape(state.draft_city))
            else:
                text = _("Which state (or country) is it in?")
            return Message(text=text, kind=MessageKind.QUESTION)
        if state.mode is Mode.POPULATION:
            label = self._draft_label(state)
            if label:
                # i18n: {city} is the city being registered ("Tempe, AZ"); write the example number as your
                # language writes it
                text = _("About how many residents does {city} have? (a number such as 185,000)", city=escape(label))
            else:
                text = _("About how many residents does your city have? (a number such as 185,000)")
            return Message(text=text, kind=MessageKind.QUESTION)
        return Message(text=_(CITY_QUESTION), kind=MessageKind.QUESTION)

    def _onboarding_failure(self, state: ConversationState, text: str) -> list[Message]:
        state.failures += 1
        if state.failures >= MAX_FAILURES:
            state.failures = 0
            return [Message(text=_(ONBOARDING_HELP), kind=MessageKind.HELP), self._onboarding_question(state)]
        return [
            # i18n: {text} is what the person wrote, quoted
            Message(text=_("Sorry, I couldn't use {text}.", text=quote(text)), kind=MessageKind.ERROR),
            self._onboarding_question(state),
        ]

    def _draft_label(self, state: ConversationState) -> str | None:
        """The city being registered ("Tempe, AZ"), or None before it is named."""
        return f"{state.draft_city}, {state.draft_region}" if state.draft_region else state.draft_city or None

    def _city_given(self, actor: Actor, state: ConversationState, text: str) -> list[Message]:
        parsed = parse_city(text)
        if parsed is None or match_outcome(text) is not None and "," not in text:
            return self._onboarding_failure(state, text)
        name, region = parsed
        state.failures = 0
        if region is None:
            known = self.store.find_city_by_name(actor.workspace, name)
            if len(known) == 1:  # "Riverton" when one Riverton is registered: that one
                return self._ask_to_join(actor, state, known[0])
            state.mode, state.draft_city, state.draft_region = Mode.REGION, name, None
            return [self._onboarding_question(state)]
        return self._city_chosen(actor, state, name, region)

    def _city_chosen(self, actor: Actor, state: ConversationState, name: str, region: str) -> list[Message]:
        state.failures = 0
        existing = self.store.find_city(actor.workspace, name, region)
        if existing is not None:
            return self._ask_to_join(actor, state, existing)
        elsewhere = self.store.find_city_elsewhere(actor.workspace, name, region)
        if elsewhere is not None:  # one city, one record: never a second one (or an impersonation) from here
            state.mode, state.draft_city, state.draft_region = Mode.CITY, None, None
            return [
                Message(
                    text=_(
                        "{city} is already registered from another Slack workspace, so I can't register it again "
                        "here. If you work there, ask its lead to add you in that workspace; otherwise write to "
                        "the What Works Cities network team.",
                        city=escape(elsewhere.label),
                    ),
                    kind=MessageKind.INFO,
                ),
                self._onboarding_question(state),
            ]
        state.mode, state.draft_city, state.draft_region = Mode.POPULATION, name, region
        return [self._onboarding_question(state)]

    def _population_given(self, actor: Actor, state: ConversationState, text: str) -> list[Message] | Step:
        population = parse_population(text)
        if population is None:
            return self._onboarding_failure(state, text)
        city, created = self.store.create_city(
            actor.workspace,
            state.draft_city or "",
            state.draft_region or "",
            population,
            lead=actor.user,
            lead_name=actor.name,
        )
        if not created:  # someone registered the same city a moment ago
            return self._ask_to_join(actor, state, city)
        state.mode, state.draft_city, state.draft_region, state.failures = Mode.ASKING, None, None, 0
        session = self._session(actor, state)
        assert session is not None
        lines = [_("*{city}* is registered, and you are its assessment lead.", city=escape(city.label))]
        lines.append(render.eligibility_text(city))
        lines.append(_(INTRO))
        return [Message(text="\n".join(lines), kind=MessageKind.INFO)] + self._ask_next(session)

    def _ask_to_join(self, actor: Actor, state: ConversationState, city: City) -> list[Message]:
        first_request = not (state.mode is Mode.WAITING and state.draft_city == city.label)
        state.mode, state.draft_city, state.draft_region = Mode.WAITING, city.label, None
        leads = self.store.leads(city.id)
        lead_names = ", ".join(escape(m.display) for m in leads)
        if lead_names:
            # i18n: {leads} is the names of the city's leads; {user} the person's Slack id. "invite" is the command
            # word the lead types: keep it in English
            text = _(
                "{city} is already registered here, led by {leads}. To keep each city's answers private, only the "
                "lead can add people: ask {leads} to type *invite {user}*. I've let them know too.",
                city=escape(city.label),
                leads=lead_names,
                user=escape(actor.user),
            )
        else:
            # i18n: {user} is the person's Slack id. "invite" is the command word the lead types: keep it in English
            text = _(
                "{city} is already registered here, led by its lead. To keep each city's answers private, only the "
                "lead can add people: ask its lead to type *invite {user}*. I've let them know too.",
                city=escape(city.label),
                user=escape(actor.user),
            )
        messages = [Message(text=text, kind=MessageKind.INFO)]
        if first_request:
            for lead in leads:
                # The requester is shown as who they are in Slack (a user mention), not by a name they typed.
                messages.append(
                    self._to(actor.workspace, lead.user, lambda: Message(
                        # i18n: {person} is a Slack mention of who asked; {user} their Slack id. "invite" is the
                        # command word the lead types: keep it in English
                        text=_(
                            "{person} asked to join the {city} team. Check it is someone you work with, then press "
                            "the button or type *invite {user}*. Nobody joins without you.",
                            person=person(actor.user),
                            city=escape(city.label),
                            user=escape(actor.user),
                        ),
                        kind=MessageKind.NOTICE,
                        recipient=lead.user,
                        mentions=(actor.user,),
                        options=(Option(label=_("Add this person"), value=f"invite:{actor.user}"),),
                    ))
                )
        return messages


def welcome(standard: Standard) -> str:
    # i18n: {n} is the number of criteria, {areas} the number of practice areas they are in
    return ngettext(
        "Welcome! I'm the WWC assistant. I'll walk your city through What Works Cities Certification, one "
        "criterion at a time: {n} criterion in {areas} practice areas, a few minutes a day.",
        "Welcome! I'm the WWC assistant. I'll walk your city through What Works Cities Certification, one "
        "criterion at a time: {n} criteria in {areas} practice areas, a few minutes a day.",
        len(standard.criteria),
        areas=number(len(standard.areas)),
    )


CITY_QUESTION = N_("Which city are you with? Give the name and state or country, e.g. *Tempe, AZ*.")
# i18n: *Met*, *In progress*, *Not yet* and *Not sure* are the answer buttons (translate them as those are);
# *why*, *skip*, *back*, *status*, *pause* and *help* are command words the person types: keep them in English
INTRO = N_(
    "I'll ask one question at a time, by practice area. Answer *Met*, *In progress*, *Not yet* or *Not sure* "
    "(in your own words if you like). Say *why* for what counts, *skip*, *back*, *status*, *pause* or *help* "
    "at any point."
)
ONBOARDING_HELP = N_(
    "First I need to know your city: its name and state or country (e.g. *Tempe, AZ*), then roughly "
    "how many people live there (e.g. *185,000*). WWC Certification is open to cities of 30,000+ "
    "residents in North, Central and South America; other cities can still use me to assess themselves."
)
NOT_A_MEMBER = N_(
    "You're not on a city's team yet. Tell me your city to start, or ask your city's assessment lead to add you."
)
