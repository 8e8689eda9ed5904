"""``Engine``: the assessment conversation, independent of Slack or the terminal.

A surface turns what a person did into ``UserInput`` and renders the
``Message`` list that comes back. The engine reads and writes only through
the ``Store``; every answer is committed before ``handle`` returns. It
processes one input per user at a time (surfaces de-duplicate retries).

Privacy: every operation starts from the actor's own membership, so a
person only ever sees or changes their own city's assessment.

Onboarding (``onboarding.py``), team work (``team.py``) and the annual
checkup (``checkup.py``) are mixed in;
matching free text, parsing commands and building messages live in
``matching``, ``commands`` and ``render``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import wwc_i18n as i18n
from reading import (
    Lexicon,
    Reading,
    available_languages,
    is_pleasantry,
    load_lexicon,
    read_answer,
    read_gate,
    read_move,
    read_reply,
)
from reading import Move as ReadMove
from wwc_i18n import ENGLISH, _, ngettext, number
from wwc_rules import Outcome, ScoreReport, Standard, StandardError, load_standard
from wwc_rules.i18n import translated

from ..report.compose import HOME_STEPS, ReportError, build_city_report, dashboard_view, score_assessment
from ..report.models import Dashboard
from ..report.slack_blocks import report_texts
from ..store import ReadOnlyAssessment, Store, utcnow
from . import checkup_text, render
from .advice import Advisor, _knowledge_api
from .checkup import Checkup
from .commands import Cmd, Command, parse_action, parse_text, split_evidence
from .conversation import ANY, FLOW, SAME, Move, Step, Table, check, row
from .evidence import valid_url
from .matching import parse_city
from .messages import MAX_INPUT_CHARS, Actor, Message, MessageKind, Option, UserInput
from .nudges import reads
from .onboarding import CITY_QUESTION, MAX_FAILURES, NOT_A_MEMBER, Onboarding, welcome
from .progress import area_complete, next_criterion
from .session import Session
from .state import ConversationState, Mode, Pending
from .team import TeamWork
from .text import clip, defang, escape, quote

MAX_NOTE = 300


@dataclass(frozen=True)
class OnboardingInput:
    """What an onboarding handler gets instead of a session: nobody's city yet."""

    actor: Actor
    state: ConversationState
    user_input: UserInput


class Engine(Onboarding, TeamWork, Checkup):
    """The dialogue engine.

    >>> engine = Engine(Store(":memory:"), load_standard())
    >>> engine.handle(Actor(workspace="T1", user="U1"), UserInput(text="hi"))[0].text[:7]
    'Welcome'
    """

    def __init__(
        self,
        store: Store,
        standard: Standard,
        knowledge: Any = None,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self._standard = standard
        try:  # only the shipped standard has translations; a draft or a test file stays as it is
            self._translatable = standard == load_standard(standard.id)
        except StandardError:
            self._translatable = False
        self._advisors = {ENGLISH: Advisor(standard, knowledge)}
        self.clock = clock

    @property
    def standard(self) -> Standard:
        """The standard in the language in force (``wwc_i18n``): same codes and rules, the person's words."""
        lang = i18n.current()
        if lang == ENGLISH or not self._translatable:
            return self._standard
        try:
            return translated(self._standard.id, lang)
        except StandardError:  # a standard without that translation (a draft, a test file): English
            return self._standard

    @property
    def advisor(self) -> Advisor:
        """Answers and roadmaps from the knowledge base in the language in force."""
        lang = i18n.current()
        if lang not in self._advisors:
            standard = self.standard
            if standard.language != lang:
                return self._advisors[ENGLISH]
            self._advisors[lang] = Advisor(standard)  # the shipped knowledge base, translated
        return self._advisors[lang]

    def warm(self) -> None:
        """Load each language's standard, knowledge base, lexicon and question vocabulary now, so the first
        person in that language does not wait for them inside a write (about 0.3 s each)."""
        understand = _knowledge_api("understand")
        for lang in i18n.LANGUAGES:
            with i18n.using(lang):
                self._lexicon()
                if self.advisor.kb is not None and understand is not None:
                    understand("status", self.standard)

    def _to(self, workspace: str, user: str, build: Callable[[], Message]) -> Message:
        """A notice for someone else (a colleague added, a lead asked), written in their language, not the sender's."""
        with i18n.using(reads(self.store, workspace, user)):
            return build()

    def _lexicon(self) -> Lexicon:
        """The reader's lexicon of the language in force (English where none ships yet)."""
        lang = i18n.current()
        return load_lexicon(lang if lang in available_languages() else ENGLISH)

    # ================================================================ public API

    def language_for(self, actor: Actor, locale: str | None = None, *, otherwise: str | None = None) -> str:
        """The language ``actor`` reads: the one they chose, else their Slack ``locale`` (kept, so Home and
        reports follow it), else ``otherwise`` (Slack: English), else the language in force (``wwc-bot chat
        --lang``)."""
        stored = self.store.language(actor.workspace, actor.user)
        if stored is not None and (stored[1] or not locale):
            return stored[0]
        lang = i18n.language_of(locale)
        if lang is not None:
            if stored is None or stored[0] != lang:
                self.store.set_language(actor.workspace, actor.user, lang, chosen=False)
            return lang
        if stored is not None:
            return stored[0]
        return otherwise or i18n.current()

    def handle(self, actor: Actor, user_input: UserInput, *, locale: str | None = None,
               language: str | None = None) -> list[Message]:
        """React to one thing a person typed or pressed; returns the replies in order, in the person's language
        (``language`` when the caller has just told it with ``language_for``, so it is not read twice)."""
        with i18n.using(language or self.language_for(actor, locale)):
            return self._handle(actor, user_input)

    def _handle(self, actor: Actor, user_input: UserInput) -> list[Message]:
        state = self._load_state(actor)
        session = self._session(actor, state)
        if session is None:
            mode = state.mode if state.mode.onboarding else Mode.NEW
            move = Move.CONTINUE if user_input.action else Move.TEXT
            said = parse_text(user_input.text, self.standard) if user_input.text and not user_input.action else None
            if said is not None and said.kind is Cmd.LANGUAGE:
                move = Move.LANGUAGE
            row = TABLE.find(mode, move)
            assert row is not None
            step = row.handler(self, OnboardingInput(actor, state, user_input), said)
            check(TABLE, mode, move, step)
            state.mode, messages = step.mode, step.messages
        else:
            try:
                messages = self._dispatch(session, user_input)
            except ReadOnlyAssessment:  # the lead started a new checkup a moment ago
                session = self._session(actor, state)
                assert session is not None
                note = _(
                    "That wasn't saved: the {year} checkup has just started. Please answer here.",
                    year=session.assessment.year,
                )
                step = self._ask_next(session, note=note)
                state.mode, state.pending, messages = step.mode, None, step.messages
        self._save_state(actor, state)
        return messages

    def begin(self, actor: Actor, city: str | None = None, *, locale: str | None = None) -> list[Message]:
        """Open a conversation: greet a returning user at the right place, or start onboarding.

        ``city`` ("Tempe, AZ") answers the city question up front where possible.
        """
        with i18n.using(self.language_for(actor, locale)):
            return self._begin(actor, city)

    def _begin(self, actor: Actor, city: str | None) -> list[Message]:
        state = self._load_state(actor)
        session = self._session(actor, state)
        if session is None and not city and state.mode in (Mode.REGION, Mode.POPULATION) and state.draft_city:
            # the city was given before the chat closed: its next question again, not the city from scratch
            messages = [self._onboarding_question(state)]
        elif session is None:
            state.mode = Mode.CITY
            if city:
                messages = [
                    Message(text=welcome(self.standard), kind=MessageKind.INFO),
                    *self._city_given(actor, state, city),
                ]
            else:
                messages = [Message(text=welcome(self.standard) + "\n" + _(CITY_QUESTION), kind=MessageKind.QUESTION)]
        else:
            messages = [self._welcome_back(session, city)]
            reminders = self._reminders_for(session)
            pending = state.pending
            if reminders:
                messages += reminders
            elif state.mode is Mode.CONFIRM and pending is not None and pending.kind in _READINGS and pending.code:
                messages.append(render.still_waiting(self.standard, pending))  # a reading shown before the restart
            else:
                step = self._ask_next(session)
                state.mode, state.pending = step.mode, None
                messages += step.messages
        self._save_state(actor, state)
        return messages

    def checkup(self, actor: Actor) -> list[Message]:
        """The lead starts this year's annual checkup from last year's completed assessment."""
        return self._with_session(actor, self._start_checkup)

    def record_evidence(self, actor: Actor, code: str, url: str, note: str | None = None) -> list[Message]:
        """Attach a link (and a note) to one criterion of the actor's city."""
        return self._with_session(actor, lambda s: Step(self._save_evidence(s, code.upper(), url, note), s.state.mode))

    def assign(self, actor: Actor, other_user: str, area: str, other_name: str | None = None) -> list[Message]:
        """The lead hands a practice area to a colleague (who is added to the team if needed)."""
        return self._with_session(actor, lambda s: self._same(s, self._assign(s, other_user, area, other_name)))

    def invite(self, actor: Actor, other_user: str, other_name: str | None = None) -> list[Message]:
        """The lead adds a colleague to the city's team."""
        return self._with_session(actor, lambda s: self._same(s, self._invite(s, other_user, other_name)))

    def status(self, actor: Actor) -> list[Message]:
        return self._with_session(actor, lambda s: self._same(s, [self._status(s)]))

    def report(self, actor: Actor) -> list[Message]:
        """Score, level, distance to the next level and the roadmap (partial if not finished)."""
        return self._with_session(actor, lambda s: self._same(s, self._report(s)))

    def dashboard(self, actor: Actor) -> Dashboard | None:
        """The App Home for the actor's city: a view of the report ``_report`` shows (composed without the peer
        benchmarks, which Home does not show); None if they are not on a city's team."""
        session = self._session(actor, self._load_state(actor))
        if session is None:
            return None
        knowledge = self.advisor.kb or _no_knowledge(self.standard)
        report = build_city_report(self.store, self.standard, knowledge, session.city.id, clock=self.clock,
                                   roadmap_limit=HOME_STEPS, with_peers=False)
        answers = self._answers(session)
        names = {m.user: m.display for m in self.store.members(session.city.id)}
        assignees = {a.area: names.get(a.user, a.user) for a in self.store.assignments(session.assessment.id)}
        return dashboard_view(report, role=session.member.role.value, next_question=self._next_code(session, answers),
                              assignees=assignees, checkup=self._checkup_progress(session, answers))

    # ================================================================ sessions and state

    def _load_state(self, actor: Actor) -> ConversationState:
        raw = self.store.load_state(actor.workspace, actor.user)
        return ConversationState.model_validate(raw) if raw else ConversationState()

    def _save_state(self, actor: Actor, state: ConversationState) -> None:
        self.store.save_state(actor.workspace, actor.user, state.model_dump(mode="json"))

    def _session(self, actor: Actor, state: ConversationState) -> Session | None:
        found = self.store.membership(actor.workspace, actor.user)  # (member, city, assessment: one statement)
        if found is None:
            return None
        member, city, assessment = found
        if actor.name and member.name != actor.name:
            self.store.set_member_name(actor.workspace, actor.user, actor.name)
        if assessment is None:
            assessment = self.store.start_assessment(city.id, self.standard.id, self.clock().year)
        if state.assessment_id != assessment.id:
            if state.assessment_id is None:  # a state saved before it noted its assessment
                state.assessment_id = assessment.id
            else:
                state.start_over(assessment.id)
        return Session(actor=actor, member=member, city=city, assessment=assessment, state=state)

    def _with_session(self, actor: Actor, fn: Callable[[Session], Step]) -> list[Message]:
        state = self._load_state(actor)
        session = self._session(actor, state)
        if session is None:
            return [Message(text=_(NOT_A_MEMBER), kind=MessageKind.ERROR)]
        step = fn(session)
        state.mode = step.mode
        self._save_state(actor, state)
        return step.messages

    def _answers(self, s: Session) -> dict[str, Outcome]:
        return self.store.answers(s.assessment.id)

    def _score(self, s: Session, answers: dict[str, Outcome] | None = None) -> ScoreReport:
        return score_assessment(self.standard, answers if answers is not None else self._answers(s),
                                s.assessment.gate_choice)

    def _next_code(self, s: Session, answers: dict[str, Outcome]) -> str | None:
        assignments = self.store.assignments(s.assessment.id)
        return next_criterion(
            self.standard,
            answers,
            skipped=s.state.skipped,
            focus=s.state.focus_area,
            mine={a.area for a in assignments if a.user == s.actor.user},
            others={a.area for a in assignments if a.user != s.actor.user},
        )

    def _refresh(self, s: Session) -> None:
        assessment = self.store.assessment(s.assessment.id)
        assert assessment is not None
        s.assessment = assessment

    # ================================================================ dispatch

    def _dispatch(self, s: Session, user_input: UserInput) -> list[Message]:
        """Classify the input into a move, find its row in the conversation table, run it, set the next mode."""
        move, cmd = self._classify(s, user_input)
        mode = s.state.mode
        if mode.onboarding and move is not Move.JOINED:
            mode = s.state.mode = Mode.ASKING  # invited while onboarding, and the first word is a command
        pending = s.state.pending
        if mode is Mode.CONFIRM and move in _SIDE_TRIPS and pending is not None and pending.kind in _READINGS:
            # "status", "why?" while a reading waits for a yes: answered, and the reading still waits (a "yes"
            # after it must confirm what was shown, never answer the question afresh)
            row = TABLE.find(mode, move)
            assert row is not None, (mode, move)
            step = row.handler(self, s, cmd)
            check(TABLE, mode, move, step)
            s.state.mode, s.state.pending = Mode.CONFIRM, pending
            return step.messages + [render.still_waiting(self.standard, pending)]
        dropped: list[Message] = []
        if TABLE.find(mode, move) is None or (mode, move) not in TABLE.rows and mode in _MODAL:
            if mode is Mode.CONFIRM and pending is not None and pending.kind in _READINGS and pending.code:
                dropped = [render.reading_dropped(pending.code, pending.outcome)]  # never silently
                s.interrupted = True
            mode = self._leave_modal(s)
        if move is not Move.TEXT:
            s.state.failures = 0
        row = TABLE.find(mode, move)
        assert row is not None, (mode, move)
        step = row.handler(self, s, cmd)
        check(TABLE, mode, move, step)
        s.state.mode = step.mode
        if step.mode is Mode.ASKING and s.state.last_asked is None:
            # e.g. a colleague's very first message was "status": show where to start, too.
            if mode.onboarding:
                step.messages.append(self._welcome_back(s, None))
            nxt = self._ask_next(s)
            s.state.mode = nxt.mode
            step.messages.extend(nxt.messages)
        return dropped + step.messages

    def _classify(self, s: Session, user_input: UserInput) -> tuple[Move, Command]:
        """What the input is, in the order the conversation needs (see ``conversation.py``)."""
        mode = s.state.mode
        if user_input.action:
            cmd = parse_action(user_input.action, self.standard)
            if user_input.action == "keep":
                return Move.KEEP, cmd
            if cmd.kind is Cmd.TEXT:
                return Move.IGNORED, cmd
            move = _MOVES[cmd.kind]
            if mode.onboarding and move is Move.CONTINUE:
                return Move.JOINED, cmd
            return move, cmd
        text = (user_input.text or "")[:MAX_INPUT_CHARS]
        if mode in (Mode.CONFIRM, Mode.OFFER):
            reply = read_reply(text, self._lexicon())
            if mode is Mode.OFFER and isinstance(reply, Outcome):
                reply = reply is Outcome.MET
            if reply is True:
                return Move.REPLY_YES, Command(Cmd.TEXT, arg=text)
            if reply is False:
                return Move.REPLY_NO, Command(Cmd.TEXT, arg=text)
            if isinstance(reply, Outcome):
                return Move.REPLY_OUTCOME, Command(Cmd.TEXT, outcome=reply, arg=text)
        cmd = parse_text(text, self.standard)
        if cmd.kind is not Cmd.TEXT:
            move = _MOVES[cmd.kind]
            if mode.onboarding and move in (Move.CONTINUE, Move.CANCEL):
                return Move.JOINED, cmd
            return move, cmd
        if mode.onboarding:
            return Move.JOINED, cmd
        if mode in (Mode.EVIDENCE, Mode.CONFIRM_AREA, Mode.PAUSED):
            return Move.TEXT, cmd
        asked = s.state.last_asked if mode in (Mode.ASKING, Mode.CONFIRM) else None
        if mode is Mode.CONFIRM and s.state.pending is not None:
            asked = s.state.pending.code or asked
        reading = read_move(
            text,
            self.standard.criterion(asked) if asked else None,
            self.standard,
            self._lexicon(),
            has_previous=s.state.last_answered is not None,
            today=self.clock().date(),
        )
        cmd = Command(Cmd.TEXT, arg=text, reading=reading)
        if reading.move is ReadMove.LEAVE:
            # an answer said with the farewell is named only when it answered the question on screen (not a yes
            # awaited for a reading or a correction, nor an offer to start an area)
            return Move.LEAVE, Command(Cmd.TEXT, arg=text, reading=reading, code=asked if mode is Mode.ASKING else None)
        if reading.move is ReadMove.CORRECTION:
            return Move.CORRECTION, cmd
        if reading.move is ReadMove.QUESTION:
            if reading.explain and asked:  # "not sure I follow": the criterion on screen, explained
                return Move.WHY, Command(Cmd.WHY, code=asked)
            return Move.QUESTION, cmd
        return Move.TEXT, cmd

    def _leave_modal(self, s: Session) -> Mode:
        """A move with no row of its own in a waiting mode drops what was waiting, and is handled from there."""
        state = s.state
        back = state.pending.back_to if state.pending is not None else Mode.ASKING
        state.pending = state.evidence_for = state.confirm_area = None
        state.mode = back
        return back

    def _on_onboarding(self, o: OnboardingInput, cmd: None) -> Step:
        """Before a person is on a city's team: which city, its region, its population (``onboarding.py``)."""
        result = self._onboard(o.actor, o.state, o.user_input)
        if isinstance(result, Step):  # registered: the first question follows
            return result
        return Step(result, o.state.mode)

    def _same(self, s: Session, messages: list[Message]) -> Step:
        return Step(messages, s.state.mode)

    # ---------------------------------------------------------------- answering

    def _record(
        self,
        s: Session,
        code: str,
        outcome: Outcome,
        *,
        words: str | None = None,
        links: tuple[str, ...] | list[str] = (),
        ask_first: bool = True,
    ) -> Step:
        """Record an answer (the person's own words kept with it), then ask the next question.

        Changing an answer a colleague gave asks first, showing who gave it and when.
        """
        refused = self._read_only(s)
        if refused:
            return self._same(s, refused)
        before = self._answers(s)
        previous = before.get(code)
        if previous is None and self._still_true(s, code, outcome, before):
            return self._confirm(s, [code])
        current = self.store.answer(s.assessment.id, code) if previous is not None else None
        if (
            ask_first
            and current is not None
            and previous is not outcome
            and current.answered_by not in (None, s.actor.user)
        ):
            s.state.pending = Pending(
                kind="overwrite",
                code=code,
                outcome=outcome,
                words=words,
                links=list(links),
                back_to=_flow(s.state.mode),
            )
            return Step([render.overwrite_question(self.standard, code, current, outcome)], Mode.CONFIRM)
        changed = self.store.record_answer(s.assessment.id, code, outcome, by=s.actor.user, by_name=s.name, words=words)
        s.state.pending = None
        s.state.unskip(code)
        s.state.push_back(code)
        s.state.last_answered = code
        s.state.failures = 0
        after = {**before, code: outcome}
        messages = [render.answered(self.standard, code, outcome, previous, changed, since=self._was(s, code, before))]
        messages += self._links_saved(s, code, links)
        area = self.standard.criterion(code).area
        if previous is None and area_complete(self.standard, area, after):
            messages.append(render.area_summary(self.standard, area, after, heading=_("Area complete")))
        if s.state.mode is Mode.CONFIRM and s.state.last_asked not in (None, code) and self._closed(s) is False:
            # a correction of an earlier answer: back to the question that was on screen
            return messages + self._ask_again_after(s)
        return messages + self._ask_next(s, after, quiet_when_done=previous is not None)

    def _links_saved(self, s: Session, code: str, links: tuple[str, ...] | list[str]) -> list[Message]:
        """Links in an answer are saved as evidence at once; any that cannot be is said, never dropped silently."""
        refused = [url for url in links if not self._valid_link(url)]
        saved = [
            url
            for url in links
            if url not in refused
            and self.store.set_evidence(s.assessment.id, code, url, None, by=s.actor.user, by_name=s.name)
        ]
        said = [render.links_saved(code, saved)] if saved else []
        return said + ([render.links_refused(code, refused)] if refused else [])

    @staticmethod
    def _valid_link(url: str) -> bool:
        return valid_url(url)  # the same rule as the Slack modal's (``evidence.py``)

    def _ask_again_after(self, s: Session) -> Step:
        """After a correction: the question that was on screen, again."""
        code = s.state.last_asked
        if code is None or code in self._answers(s):
            return self._ask_next(s)
        return Step([self._question(s, code, self._answers(s))], Mode.ASKING)

    def _ask_next(
        self,
        s: Session,
        answers: dict[str, Outcome] | None = None,
        *,
        note: str | None = None,
        quiet_when_done: bool = False,
    ) -> Step:
        """Ask the derived next question, the outcome gate, or finish with the report."""
        answers = self._answers(s) if answers is None else answers
        code = self._next_code(s, answers)
        if code is not None:
            s.state.last_asked = code
            return Step([self._question(s, code, answers, note=note)], Mode.ASKING)
        s.state.last_asked = None
        self._refresh(s)
        if self.standard.gate is not None and s.assessment.gate_choice is None:
            return Step([self._checkup_gate(s) or render.gate_question(self.standard.gate)], Mode.GATE)
        if s.assessment.status != "complete":
            return Step(self._complete(s, answers), Mode.DONE)
        if self._closed(s):
            return Step([self._offer(s)], Mode.DONE)
        result = self._score(s, answers)
        return Step([render.all_answered(result, quiet=quiet_when_done)], Mode.DONE)

    def _complete(self, s: Session, answers: dict[str, Outcome]) -> list[Message]:
        """Every criterion and the gate answered: mark the assessment complete, sum up a checkup, report."""
        self.store.set_status(s.assessment.id, "complete")
        self._refresh(s)
        progress, previous = self._tally(s, answers), self._previous(s)
        done = []
        if progress is not None and previous is not None:
            done.append(checkup_text.summary(progress, s.assessment.year, self.store.answers(previous.id), answers))
        return done + self._report(s, answers)

    def _question(self, s: Session, code: str, answers: dict[str, Outcome], *, note: str | None = None) -> Message:
        asked = self._checkup_question(s, code, answers, note)
        if asked is not None:
            return asked
        current = self.store.answer(s.assessment.id, code) if code in answers else None
        return render.question(
            self.standard,
            code,
            answers,
            current=current,
            note=note,
            skipped=code in s.state.skipped,
            back=bool(s.state.back),
        )

    def _on_answer(self, s: Session, cmd: Command) -> Step:
        """An answer option pressed: recorded at once (with the words being confirmed, if it is their criterion)."""
        assert cmd.code and cmd.outcome
        pending = s.state.pending
        if s.state.mode is Mode.CONFIRM and pending is not None and pending.code == cmd.code:
            overwrite = pending.kind == "overwrite"
            return self._record(
                s, cmd.code, cmd.outcome, words=pending.words, links=pending.links, ask_first=not overwrite
            )
        return self._record(s, cmd.code, cmd.outcome)

    def _on_joined(self, s: Session, cmd: Command) -> Step:
        """The first message after the lead let the person in: welcome, then the first question."""
        return [self._welcome_back(s, None)] + self._ask_next(s)

    def _on_text(self, s: Session, cmd: Command) -> Step:
        """An answer in the person's own words to the question on screen."""
        text = cmd.arg or ""
        if not text.strip():
            return self._unusable(s, text)
        move = cmd.reading
        reading = move.reading if move is not None else read_answer(text, lexicon=self._lexicon())
        checkup = self._checkup_text(s, text, reading)
        if checkup is not None:
            return checkup
        code = s.state.last_asked
        if s.state.mode is Mode.CONFIRM and s.state.pending is not None and s.state.pending.code:
            code = s.state.pending.code
        if code is None:
            if reading.outcome is not None:
                return [render.no_question_waiting()] + self._ask_next(s)
            return self._unusable(s, text)
        # Links are evidence the person gave: saved at once, whatever the answer turns out to be.
        saved = self._links_saved(s, code, reading.links) if reading.links else []
        if reading.outcome is None:
            if saved:
                return saved + self._ask_again(s)
            return self._unusable(s, text)
        if reading.certain:
            return saved + self._record(s, code, reading.outcome, words=_words(reading))
        s.state.pending = Pending(
            kind="answer",
            code=code,
            outcome=reading.outcome,
            words=reading.words,
            back_to=_flow(s.state.mode),
        )
        return Step(saved + [render.confirm_reading(self.standard, code, reading)], Mode.CONFIRM)

    def _on_reply_yes(self, s: Session, cmd: Command) -> Step:
        """ "Yes" to "Record it?", "Change it?" or "Answer Open Data now?"."""
        pending = s.state.pending
        s.state.mode = pending.back_to if pending else Mode.ASKING
        if pending is None:
            return self._ask_again(s)
        if pending.kind == "offer" and pending.area:
            s.state.pending = None
            return self._on_area(s, Command(Cmd.AREA, area=pending.area))
        if pending.kind == "gate" and pending.gate:
            s.state.pending = None
            return self._gate(s, pending.gate, words=pending.words)
        assert pending.code and pending.outcome
        s.state.mode = Mode.CONFIRM
        return self._record(
            s,
            pending.code,
            pending.outcome,
            words=pending.words,
            links=pending.links,
            ask_first=pending.kind != "overwrite",
        )

    def _on_reply_no(self, s: Session, cmd: Command) -> Step:
        """ "No" to the assistant's own question: nothing is recorded; say what happens instead."""
        pending = s.state.pending
        s.state.pending = None
        s.state.mode = pending.back_to if pending else Mode.ASKING
        if pending is None or pending.kind == "offer":
            return [render.offer_declined()] + self._ask_again(s)
        if pending.kind == "gate":
            return [render.nothing_recorded()] + self._ask_again(s)
        if pending.kind == "answer":
            assert pending.code
            s.state.last_asked = pending.code
            return Step([render.which_then(self.standard, pending.code, back=bool(s.state.back))], Mode.ASKING)
        return [render.kept_as_it_was(pending.code)] + self._ask_again(s)

    def _on_keep(self, s: Session, cmd: Command) -> Step:
        return self._on_reply_no(s, cmd)

    def _on_reply_outcome(self, s: Session, cmd: Command) -> Step:
        """ "No, in progress": the outcome the person named instead of the reading."""
        pending = s.state.pending
        assert cmd.outcome is not None
        if pending is None:
            return self._ask_again(s)
        if pending.kind == "gate":
            s.state.pending = None
            s.state.mode = pending.back_to
            if cmd.outcome is Outcome.MET and pending.gate and pending.gate != "none":
                return self._gate(s, pending.gate, words=pending.words)
            return self._gate(s, "none", words=pending.words)
        if pending.code is None:
            s.state.pending = None
            s.state.mode = pending.back_to
            return self._ask_again(s)
        return self._record(s, pending.code, cmd.outcome, words=pending.words, links=pending.links, ask_first=False)

    def _on_correction(self, s: Session, cmd: Command) -> Step:
        """ "I meant in progress", "DM1 is actually met": change the named or the previous answer, and say so."""
        move = cmd.reading
        assert move is not None
        target = s.state.last_answered if move.target == "previous" else move.target
        if target is None or not self.standard.has_criterion(target):
            return self._unusable(s, cmd.arg or "")
        refused = self._read_only(s)
        if refused:
            return self._same(s, refused)
        reading = move.reading
        current = self.store.answer(s.assessment.id, target)
        back = _flow(s.state.mode)
        # "the last one" while something else waits for a yes may not be the answer the person thinks: ask
        waiting = move.target == "previous" and s.interrupted
        if reading.outcome is not None and reading.certain and not waiting:
            s.state.mode = Mode.CONFIRM  # a correction goes back to the question on screen
            s.state.pending = Pending(kind="correction", code=target, back_to=back)
            return self._record(s, target, reading.outcome, words=reading.words)
        s.state.pending = Pending(
            kind="correction", code=target, outcome=reading.outcome, words=reading.words, back_to=back
        )
        return Step([render.confirm_correction(self.standard, target, current, reading.outcome)], Mode.CONFIRM)

    def _on_question(self, s: Session, cmd: Command) -> Step:
        """A question: answered, then the question on screen is asked again (or an area offered)."""
        text = cmd.arg or ""
        answer = self.advisor.answer(text, self._score(s))
        if answer is None:
            return self._same(s, [render.cannot_answer()])
        start = answer.start_area if answer.start_area in {a.code for a in self.standard.areas} else None
        message = render.knowledge_answer(self.standard, defang(answer.text), start)
        if start:
            s.state.pending = Pending(kind="offer", area=start, back_to=_flow(s.state.mode))
            return Step([message], Mode.OFFER)
        return self._same(s, [message])

    def _on_leave(self, s: Session, cmd: Command) -> Step:
        step = self._on_pause(s, cmd)
        said = cmd.reading.reading.outcome if cmd.reading is not None else None
        code = cmd.code  # (``_classify``: the question on screen, when the person was answering it)
        checkup = s.assessment.previous_id is not None  # there a "yes" means "still true", not Met
        if said is not None and code is not None and not checkup:  # "in progress, I'll finish the rest later"
            step.messages.insert(0, render.not_recorded_on_leaving(self.standard, code, said))
        return step

    def _unusable(self, s: Session, text: str) -> Step:
        mode = s.state.mode
        code = s.state.last_asked if mode in (Mode.ASKING, Mode.CONFIRM) else None
        if is_pleasantry(text, self._lexicon()):  # "ok thanks", "hey I'm back": nothing to record, and nothing went wrong
            again = (
                [self._question(s, code, self._answers(s))]
                if mode is Mode.ASKING and code and code not in self._answers(s)
                else []
            )
            return self._same(s, [render.pleasantry(bool(again))] + again)
        s.state.failures += 1
        gate = self.standard.gate if mode is Mode.GATE else None
        if s.state.failures >= MAX_FAILURES:
            s.state.failures = 0
            if code:
                return self._same(s, [render.explain_options(self.standard, code, back=bool(s.state.back))])
            if gate is not None:
                return self._same(s, [render.gate_help(), render.gate_question(gate)])
            return self._same(s, [render.help_all(s.member.is_lead)])
        if gate is not None:
            return self._same(s, [render.gate_not_understood(quote(text), gate)])
        return self._same(s, [render.not_understood(quote(text), code, back=bool(s.state.back))])

    # ---------------------------------------------------------------- moving around

    def _on_why(self, s: Session, cmd: Command) -> Step:
        code = cmd.code or s.state.last_asked
        if code is None:
            return self._same(s, [render.help_all(s.member.is_lead)])
        return self._same(s, [render.why(self.standard, code, ask=code == s.state.last_asked)])

    def _on_skip(self, s: Session, cmd: Command) -> Step:
        code = cmd.code or s.state.last_asked
        answers = self._answers(s)
        if code is None or code in answers:
            if code:
                s.state.push_back(code)
            return self._ask_next(s, answers)
        s.state.skip(code)
        s.state.push_back(code)
        nxt = self._next_code(s, answers)
        if nxt == code:
            return self._ask_next(s, answers, note=render.only_one_left(code))
        return [render.skipped(code)] + self._ask_next(s, answers)

    def _on_back(self, s: Session, cmd: Command) -> Step:
        if self._closed(s):
            return self._ask_next(s)
        stack = s.state.back
        while stack and stack[-1] == s.state.last_asked:
            stack.pop()
        if not stack:
            return [render.nothing_to_go_back_to()] + self._ask_again(s)
        code = stack.pop()
        s.state.back = stack
        s.state.last_asked = code
        return Step([self._question(s, code, self._answers(s), note=_("Going back."))], Mode.ASKING)

    def _on_change(self, s: Session, cmd: Command) -> Step:
        assert cmd.code
        refused = self._read_only(s)
        if refused:
            return self._same(s, refused)
        if s.state.last_asked and s.state.last_asked != cmd.code:
            s.state.push_back(s.state.last_asked)
        s.state.last_asked = cmd.code
        return Step([self._question(s, cmd.code, self._answers(s))], Mode.ASKING)

    def _on_area(self, s: Session, cmd: Command) -> Step:
        assert cmd.area
        s.state.focus_area = cmd.area
        answers = self._answers(s)
        name = self.standard.area(cmd.area).name
        if area_complete(self.standard, cmd.area, answers):
            summary = render.area_summary(self.standard, cmd.area, answers, heading=_("Already complete"))
            return [summary] + self._ask_next(s, answers)
        return self._ask_next(s, answers, note=_("Now on *{area}*.", area=name))

    def _ask_again(self, s: Session) -> Step:
        """Show the question on screen again (or the derived next one)."""
        if s.state.mode in (Mode.ASKING, Mode.CONFIRM, Mode.OFFER) and s.state.last_asked and not self._closed(s):
            return Step([self._question(s, s.state.last_asked, self._answers(s))], Mode.ASKING)
        if s.state.mode is Mode.GATE and self.standard.gate is not None:
            return Step([self._checkup_gate(s) or render.gate_question(self.standard.gate)], Mode.GATE)
        return self._ask_next(s)

    def _on_continue(self, s: Session, cmd: Command) -> Step:
        return self._ask_next(s)

    def _on_resume(self, s: Session, cmd: Command) -> Step:
        """Back from a pause (or any word after it): where the person left off."""
        return [render.welcome_back_short()] + self._ask_next(s)

    def _on_cancel(self, s: Session, cmd: Command) -> Step:
        return [render.nothing_to_cancel()] + self._ask_again(s)

    def _on_ignored(self, s: Session, cmd: Command) -> Step:
        """An option value that means nothing here (stale or forged): nothing changes, and the person is told."""
        return self._same(s, [render.option_gone()])

    def _on_pause(self, s: Session, cmd: Command) -> Step:
        answered = len(self._answers(s))
        return Step([render.paused(answered, len(self.standard.criteria))], Mode.PAUSED)

    def _on_help(self, s: Session, cmd: Command) -> Step:
        return self._same(s, [render.help_all(s.member.is_lead)])

    def _on_help_here(self, s: Session, cmd: Command) -> Step:
        if s.state.mode is Mode.ASKING and s.state.last_asked:
            return self._same(s, [render.help_here(self.standard, s.state.last_asked, back=bool(s.state.back))])
        if s.state.mode is Mode.GATE and self.standard.gate is not None:
            return self._same(s, [render.gate_question(self.standard.gate)])
        return self._same(s, [render.help_all(s.member.is_lead)])

    # ---------------------------------------------------------------- evidence

    def _evidence_code(self, s: Session, cmd: Command) -> str | Step:
        """The criterion an evidence command is for, or the reply that stops it (a closed year, no criterion)."""
        refused = self._read_only(s)
        if refused:
            return self._same(s, refused)
        code = cmd.code or s.state.last_asked
        return code if code is not None else self._same(s, [render.evidence_which()])

    def _on_evidence(self, s: Session, cmd: Command) -> Step:
        code = self._evidence_code(s, cmd)
        if isinstance(code, Step):
            return code
        if cmd.arg:
            url, note = split_evidence(cmd.arg)
            if url:
                return self._same(s, self._save_evidence(s, code, url, note))
        s.state.evidence_for = code
        return Step([render.evidence_ask(self.standard, code)], Mode.EVIDENCE)

    def _on_evidence_text(self, s: Session, cmd: Command) -> Step:
        text = cmd.arg or ""
        url, note = split_evidence(text)
        code = s.state.evidence_for
        assert code
        if url:
            s.state.evidence_for = None
            s.state.mode = Mode.ASKING
            saved = self._save_evidence(s, code, url, note)
            if s.state.last_asked == code and code not in self._answers(s):
                return Step(saved, Mode.ASKING)  # the question comes again with the saved link
            return saved + self._ask_again(s)
        s.state.failures += 1
        if s.state.failures >= MAX_FAILURES:
            s.state.failures = 0
            s.state.evidence_for = None
            s.state.mode = Mode.ASKING
            return [render.evidence_give_up(code)] + self._ask_again(s)
        return self._same(s, [render.evidence_not_a_link(quote(text), code)])

    def _on_evidence_cancel(self, s: Session, cmd: Command) -> Step:
        s.state.evidence_for = None
        s.state.mode = Mode.ASKING
        return [render.no_evidence_added()] + self._ask_next(s)

    def _save_evidence(self, s: Session, code: str, url: str, note: str | None) -> list[Message]:
        if not self.standard.has_criterion(code):
            text = _("There is no criterion {code}.", code=escape(clip(code, 10)))
            return [Message(text=text, kind=MessageKind.ERROR)]
        refused = self._read_only(s)
        if refused:
            return refused
        if not self._valid_link(url):
            return [render.evidence_must_be_link(code)]
        note = clip(note, MAX_NOTE) if note else None
        self.store.set_evidence(s.assessment.id, code, url, note, by=s.actor.user, by_name=s.name)
        count = len(self.store.evidence(s.assessment.id, code))
        messages = [render.evidence_saved(code, url, note, count)]
        if s.state.mode is Mode.ASKING and s.state.last_asked == code and code not in self._answers(s):
            messages += self._ask_again(s).messages
        return messages

    def _on_remove_evidence(self, s: Session, cmd: Command) -> Step:
        """ "remove evidence DM2 2" (or the link itself): one link goes; the others stay."""
        code = self._evidence_code(s, cmd)
        if isinstance(code, Step):
            return code
        links = self.store.evidence(s.assessment.id, code)
        arg = (cmd.arg or "").strip()
        chosen = None
        if arg.isdigit() and 1 <= int(arg) <= len(links):
            chosen = links[int(arg) - 1].url
        elif arg:
            url, _note = split_evidence(arg)
            chosen = next((e.url for e in links if e.url == url), None)
        if chosen is None:
            return self._same(s, [render.evidence_list(code, links, removing=True)])
        self.store.remove_evidence(s.assessment.id, code, chosen, by=s.actor.user, by_name=s.name)
        return self._same(s, [render.evidence_removed(code, chosen, len(links) - 1)])

    # ---------------------------------------------------------------- the outcome gate

    def _on_gate(self, s: Session, cmd: Command) -> Step:
        return self._gate(s, cmd.arg or "")

    def _on_gate_text(self, s: Session, cmd: Command) -> Step:
        """The outcome requirement in the person's words: read with the same care, confirmed when not certain."""
        gate = self.standard.gate
        text = cmd.arg or ""
        assert gate is not None
        checkup = self._checkup_text(s, text, None)
        if checkup is not None:
            return checkup
        choice, certain, cues = read_gate(text, gate, self._lexicon())
        if choice is None:
            return self._unusable(s, text)
        words = " ".join(text.split())
        if certain:
            return self._gate(s, choice, words=words)
        s.state.pending = Pending(kind="gate", gate=choice, words=words, back_to=Mode.GATE)
        return Step([render.confirm_gate(gate, choice, cues)], Mode.CONFIRM)

    def _on_change_outcome(self, s: Session, cmd: Command) -> Step:
        """ "change outcome": the outcome requirement can be answered again at any time."""
        refused = self._read_only(s)
        if refused:
            return self._same(s, refused)
        gate = self.standard.gate
        if gate is None:
            return self._same(s, [render.no_outcome_requirement()])
        self._refresh(s)
        return Step(
            [render.gate_question(gate, current=s.assessment.gate_choice, words=s.assessment.gate_words)], Mode.GATE
        )

    def _gate(self, s: Session, choice: str, *, words: str | None = None) -> Step:
        gate = self.standard.gate
        if gate is None or (choice != "none" and choice not in {o.id for o in gate.options}):
            return [render.option_not_available()] + self._ask_again(s)
        refused = self._read_only(s)
        if refused:
            return self._same(s, refused)
        self.store.set_gate(s.assessment.id, choice, words=words)
        self._refresh(s)
        s.state.failures = 0
        s.state.pending = None
        confirm = render.gate_recorded(gate, choice, words)
        answers = self._answers(s)
        if self._next_code(s, answers) is None:
            if s.assessment.status != "complete":
                return Step([confirm] + self._complete(s, answers), Mode.DONE)
            return Step([confirm], Mode.DONE)
        return [confirm] + self._ask_next(s, answers)

    # ---------------------------------------------------------------- overviews

    def _status(self, s: Session) -> Message:
        answers = self._answers(s)
        names = {m.user: m.display for m in self.store.members(s.city.id)}
        assignees = {a.area: names.get(a.user, a.user) for a in self.store.assignments(s.assessment.id)}
        checkup = None
        previous = self._previous(s)
        if previous is not None:  # a checkup: last year's answers give its tally and the standing it started from
            last_answers = self.store.answers(previous.id)
            progress = checkup_text.tally(self.standard, last_answers, answers, previous.year)
            last = score_assessment(self.standard, last_answers, previous.gate_choice)
            # i18n: {year} is the year the checkup started from; {line} says how far the checkup has come;
            # {score} is that year's score line ("Silver (on points) · 30 of 43 criteria met (70%)")
            checkup = _("Annual checkup from {year}: {line}. Your {year} assessment stays as it was ({score}); the "
                        "figures below count only what this checkup has confirmed or changed so far.",
                        year=previous.year, line=progress.line, score=render.score_line(last).replace("*", ""))
        return render.status(
            self.standard,
            s.city,
            s.assessment.year,
            self._score(s, answers),
            answers,
            assignees,
            self._next_code(s, answers),
            checkup=checkup,
        )

    def _on_language(self, s: Session, cmd: Command) -> Step:
        """The person chose a language: kept for them alone (a team may mix languages), then the screen again."""
        lang = self._choose_language(s.actor, cmd.arg)
        again = self._ask_again(s)
        return Step([render.language_set(lang)] + again.messages, s.state.mode)

    def _on_language_onboarding(self, o: OnboardingInput, cmd: Command) -> Step:
        lang = self._choose_language(o.actor, cmd.arg)
        if o.state.mode is Mode.NEW:  # the very first message: the welcome follows, in that language
            o.state.mode = Mode.CITY
            welcome_text = Message(text=welcome(self.standard) + "\n" + _(CITY_QUESTION), kind=MessageKind.QUESTION)
            return Step([render.language_set(lang), welcome_text], Mode.CITY)
        return Step([render.language_set(lang), self._onboarding_question(o.state)], o.state.mode)

    def _choose_language(self, actor: Actor, lang: str | None) -> str:
        chosen = i18n.language_of(lang) or ENGLISH
        self.store.set_language(actor.workspace, actor.user, chosen, chosen=True)
        i18n.activate(chosen)  # the rest of this reply is already in the new language
        return chosen

    def _on_status(self, s: Session, cmd: Command) -> Step:
        return self._same(s, [self._status(s)])

    def _report(self, s: Session, answers: dict[str, Outcome] | None = None) -> list[Message]:
        """The city's report: the one ``bot.report`` composes for every surface (``/wwc report``, the files),
        as texts here; Slack posts its Block Kit form in their place (``SlackService.render_for``)."""
        knowledge = self.advisor.kb or _no_knowledge(self.standard)
        try:
            report = build_city_report(self.store, self.standard, knowledge, s.city.id, clock=self.clock)
        except ReportError as exc:
            return [Message(text=escape(str(exc)), kind=MessageKind.ERROR)]
        texts = report_texts(report)
        last = Message(text=texts[-1], kind=MessageKind.REPORT,
                       options=(Option(label=_("Roadmap"), value="roadmap"), Option(label=_("Status"), value="status")))
        return [Message(text=t, kind=MessageKind.REPORT) for t in texts[:-1]] + [last]

    def _on_report(self, s: Session, cmd: Command) -> Step:
        return self._same(s, self._report(s))

    def _on_roadmap(self, s: Session, cmd: Command) -> Step:
        result = self._score(s)
        area = cmd.area
        heading = _("Roadmap for {area}", area=self.standard.area(area).name) if area else _("Roadmap: your next steps")
        return self._same(s, render.roadmap(self.advisor.roadmap(result, area=area, limit=5), heading=heading))

    def _on_review(self, s: Session, cmd: Command) -> Step:
        if cmd.bad_area:
            return self._same(s, [render.unknown_area(quote(cmd.bad_area, 40), self._areas_hint())])
        if cmd.area is None:
            return self._same(s, [render.review_overview(self.standard, self._answers(s))])
        details = self.store.answer_details(s.assessment.id)
        links = {c.code: self.store.evidence(s.assessment.id, c.code) for c in self.standard.criteria_in(cmd.area)}
        return self._same(s, [render.review(self.standard, cmd.area, details, links)])

    def _on_history(self, s: Session, cmd: Command) -> Step:
        code = cmd.code or s.state.last_asked
        if code is None:
            return self._same(s, [render.history_which()])
        return self._same(s, [render.history(self.standard, code, self.store.history(s.assessment.id, code))])

    # ---------------------------------------------------------------- greetings

    def _welcome_back(self, s: Session, city: str | None) -> Message:
        answers = self._answers(s)
        mine = [
            self.standard.area(a.area).name for a in self.store.assignments(s.assessment.id) if a.user == s.actor.user
        ]
        lines = [
            # i18n: {name} is the person, {city} their city ("Tempe, AZ"), {answered} how many criteria are
            # answered of {n}, all the criteria
            ngettext(
                "Welcome, {name}! {city}: {answered} of {n} criterion answered so far.",
                "Welcome, {name}! {city}: {answered} of {n} criteria answered so far.",
                len(self.standard.criteria),
                name=escape(s.name),
                city=escape(s.city.label),
                answered=number(len(answers)),
            )
        ]
        progress = self._tally(s, answers)
        if progress and s.assessment.status != "complete":
            # i18n: {year} is this year's checkup, {from_year} the year it started from; {line} says how far it has come
            lines.append(
                _(
                    "Annual checkup {year} (from {from_year}): {line}.",
                    year=s.assessment.year,
                    from_year=progress.from_year,
                    line=progress.line,
                )
            )
        if mine:
            # i18n: {areas} is a comma-separated list of practice areas
            lines.append(_("Assigned to you: {areas}.", areas=", ".join(mine)))
        named = parse_city(city) if city else None
        if named and named[0].casefold() != s.city.name.casefold():
            lines.append(
                _("(You're on the {city} team, so I'll continue with that city.)", city=escape(s.city.label))
            )
        return Message(text="\n".join(lines), kind=MessageKind.INFO)


def _flow(mode: Mode) -> Mode:
    """The mode a waiting step goes back to: the flow of questions it interrupted."""
    return mode if mode in (Mode.ASKING, Mode.GATE, Mode.DONE) else Mode.ASKING


def _words(reading: Reading) -> str | None:
    """The person's own words, kept with the answer unless they were only a label ("yes", "not yet")."""
    return None if reading.certain and len(reading.words.split()) <= 2 else reading.words



def _no_knowledge(standard: Standard) -> Any:
    """A knowledge base with nothing in it, for a report when the shipped one could not load: the roadmap then
    names what each criterion asks, with no resources."""
    from knowledge.models import Knowledge

    return Knowledge(standard_id=standard.id, resources=(), programs=(), partners=(), peers=(),
                     next_steps={c.code: c.question for c in standard.criteria})

_MOVES = {
    Cmd.ANSWER: Move.ANSWER,
    Cmd.WHY: Move.WHY,
    Cmd.SKIP: Move.SKIP,
    Cmd.BACK: Move.BACK,
    Cmd.CHANGE: Move.CHANGE,
    Cmd.CHANGE_OUTCOME: Move.CHANGE_OUTCOME,
    Cmd.AREA: Move.AREA,
    Cmd.EVIDENCE: Move.EVIDENCE,
    Cmd.REMOVE_EVIDENCE: Move.REMOVE_EVIDENCE,
    Cmd.STATUS: Move.STATUS,
    Cmd.LANGUAGE: Move.LANGUAGE,
    Cmd.PAUSE: Move.PAUSE,
    Cmd.CONTINUE: Move.CONTINUE,
    Cmd.HELP: Move.HELP,
    Cmd.HELP_HERE: Move.HELP_HERE,
    Cmd.REPORT: Move.REPORT,
    Cmd.ROADMAP: Move.ROADMAP,
    Cmd.REVIEW: Move.REVIEW,
    Cmd.HISTORY: Move.HISTORY,
    Cmd.ASSIGN: Move.ASSIGN,
    Cmd.INVITE: Move.INVITE,
    Cmd.REMOVE_MEMBER: Move.REMOVE_MEMBER,
    Cmd.HAND_OVER: Move.HAND_OVER,
    Cmd.GATE: Move.GATE,
    Cmd.CHECKUP: Move.CHECKUP,
    Cmd.CONFIRM: Move.STILL_TRUE,
    Cmd.CONFIRM_AREA: Move.CONFIRM_AREA,
    Cmd.CANCEL: Move.CANCEL,
    Cmd.TEXT: Move.TEXT,
}

_MODAL = (Mode.CONFIRM, Mode.OFFER, Mode.EVIDENCE, Mode.CONFIRM_AREA)  # modes that wait for one reply
# Moves that only show something: a reading waiting for its yes still waits after them.
_SIDE_TRIPS = frozenset({Move.LANGUAGE, Move.STATUS, Move.WHY, Move.HELP, Move.HELP_HERE, Move.REVIEW, Move.HISTORY, Move.REPORT,
                         Move.ROADMAP})
_READINGS = ("answer", "correction", "overwrite")  # pendings that hold an answer shown back before it is saved

E = Engine
_ONBOARDING = tuple(m for m in Mode if m.onboarding)
TABLE = Table(
    {
        # ---- onboarding: the city, its state or country, its population (or asking its lead to join)
        (Mode.NEW, Move.TEXT): row(E._on_onboarding, Mode.CITY, Mode.POPULATION, Mode.WAITING),
        (Mode.NEW, Move.CONTINUE): row(E._on_onboarding, Mode.CITY),
        (Mode.CITY, Move.TEXT): row(E._on_onboarding, Mode.REGION, Mode.POPULATION, Mode.WAITING, SAME),
        (Mode.CITY, Move.CONTINUE): row(E._on_onboarding, SAME),
        (Mode.REGION, Move.TEXT): row(E._on_onboarding, Mode.POPULATION, Mode.WAITING, Mode.REGION, SAME),
        (Mode.REGION, Move.CONTINUE): row(E._on_onboarding, SAME),
        (Mode.POPULATION, Move.TEXT): row(E._on_onboarding, Mode.ASKING, Mode.WAITING, SAME),
        (Mode.POPULATION, Move.CONTINUE): row(E._on_onboarding, SAME),
        (Mode.WAITING, Move.TEXT): row(E._on_onboarding, Mode.REGION, Mode.POPULATION, SAME),
        (Mode.WAITING, Move.CONTINUE): row(E._on_onboarding, SAME),
        # ---- the first message after the lead let someone in
        **{(m, Move.JOINED): row(E._on_joined, *FLOW) for m in _ONBOARDING},
        **{(m, Move.LANGUAGE): row(E._on_language_onboarding, SAME) for m in _ONBOARDING if m is not Mode.NEW},
        (Mode.NEW, Move.LANGUAGE): row(E._on_language_onboarding, Mode.CITY),
        # ---- answers, in every mode of a member
        (ANY, Move.ANSWER): row(E._on_answer, *FLOW, Mode.CONFIRM, SAME),
        (Mode.ASKING, Move.TEXT): row(E._on_text, *FLOW, Mode.CONFIRM, SAME),
        (Mode.DONE, Move.TEXT): row(E._on_text, *FLOW, Mode.CONFIRM, SAME),
        (Mode.GATE, Move.TEXT): row(E._on_gate_text, *FLOW, Mode.CONFIRM, SAME),
        (Mode.EVIDENCE, Move.TEXT): row(E._on_evidence_text, *FLOW, SAME),
        (Mode.EVIDENCE, Move.CANCEL): row(E._on_evidence_cancel, *FLOW),
        (Mode.PAUSED, Move.TEXT): row(E._on_resume, *FLOW),
        (Mode.PAUSED, Move.CONTINUE): row(E._on_resume, *FLOW),
        (Mode.PAUSED, Move.CANCEL): row(E._on_resume, *FLOW),
        (Mode.CONFIRM_AREA, Move.TEXT): row(E._on_confirm_area_text, *FLOW, Mode.CONFIRM),
        (Mode.CONFIRM_AREA, Move.CANCEL): row(E._on_confirm_area_text, *FLOW),
        # ---- replies to the assistant's own question
        (Mode.CONFIRM, Move.REPLY_YES): row(E._on_reply_yes, *FLOW, Mode.CONFIRM),
        (Mode.CONFIRM, Move.REPLY_NO): row(E._on_reply_no, *FLOW),
        (Mode.CONFIRM, Move.REPLY_OUTCOME): row(E._on_reply_outcome, *FLOW, Mode.CONFIRM),
        (Mode.CONFIRM, Move.KEEP): row(E._on_keep, *FLOW),
        (Mode.CONFIRM, Move.TEXT): row(E._on_text, *FLOW, Mode.CONFIRM),
        (Mode.CONFIRM, Move.ANSWER): row(E._on_answer, *FLOW, Mode.CONFIRM),
        (Mode.OFFER, Move.REPLY_YES): row(E._on_reply_yes, *FLOW),
        (Mode.OFFER, Move.REPLY_NO): row(E._on_reply_no, *FLOW),
        # ---- moves before answers
        (ANY, Move.CORRECTION): row(E._on_correction, *FLOW, Mode.CONFIRM, SAME),
        (ANY, Move.LEAVE): row(E._on_leave, Mode.PAUSED),
        (ANY, Move.QUESTION): row(E._on_question, Mode.OFFER, SAME),
        (ANY, Move.KEEP): row(E._on_ignored),
        (ANY, Move.IGNORED): row(E._on_ignored),
        # ---- commands
        (ANY, Move.WHY): row(E._on_why),
        (ANY, Move.SKIP): row(E._on_skip, *FLOW),
        (ANY, Move.BACK): row(E._on_back, *FLOW),
        (ANY, Move.CHANGE): row(E._on_change, Mode.ASKING, SAME),
        (ANY, Move.CHANGE_OUTCOME): row(E._on_change_outcome, Mode.GATE, SAME),
        (ANY, Move.AREA): row(E._on_area, *FLOW),
        (ANY, Move.EVIDENCE): row(E._on_evidence, Mode.EVIDENCE, SAME),
        (ANY, Move.REMOVE_EVIDENCE): row(E._on_remove_evidence),
        (ANY, Move.STATUS): row(E._on_status),
        (ANY, Move.LANGUAGE): row(E._on_language),
        (ANY, Move.PAUSE): row(E._on_pause, Mode.PAUSED),
        (ANY, Move.CONTINUE): row(E._on_continue, *FLOW),
        (ANY, Move.HELP): row(E._on_help),
        (ANY, Move.HELP_HERE): row(E._on_help_here),
        (ANY, Move.REPORT): row(E._on_report),
        (ANY, Move.ROADMAP): row(E._on_roadmap),
        (ANY, Move.REVIEW): row(E._on_review),
        (ANY, Move.HISTORY): row(E._on_history),
        (ANY, Move.ASSIGN): row(E._on_assign),
        (ANY, Move.INVITE): row(E._on_invite),
        (ANY, Move.REMOVE_MEMBER): row(E._on_remove_member),
        (ANY, Move.HAND_OVER): row(E._on_hand_over),
        (ANY, Move.GATE): row(E._on_gate, *FLOW, SAME),
        (ANY, Move.CHECKUP): row(E._on_checkup, *FLOW, SAME),
        (ANY, Move.STILL_TRUE): row(E._on_still_true, *FLOW, SAME),
        (ANY, Move.CONFIRM_AREA): row(E._on_confirm_area, *FLOW, Mode.CONFIRM_AREA, SAME),
        (ANY, Move.CANCEL): row(E._on_cancel, *FLOW),
        (ANY, Move.TEXT): row(E._on_text, *FLOW, Mode.CONFIRM, SAME),
    }
)
