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
from datetime import datetime
from typing import Any
from urllib.parse import urlparse

from wwc_rules import Outcome, ScoreReport, Standard, score

from ..store import ReadOnlyAssessment, Store, utcnow
from . import checkup_text, render
from .advice import Advisor
from .checkup import Checkup
from .commands import Cmd, Command, parse_action, parse_text, split_evidence
from .dashboard import AreaProgress, Dashboard, NextQuestion, NextStep
from .matching import looks_like_question, match_gate, match_outcome, parse_city
from .messages import MAX_INPUT_CHARS, Actor, Message, MessageKind, Option, UserInput
from .onboarding import CITY_QUESTION, MAX_FAILURES, NOT_A_MEMBER, Onboarding, welcome
from .progress import area_complete, next_criterion
from .session import Session
from .state import ConversationState, Mode
from .team import TeamWork
from .text import clip, defang, escape, quote

MAX_URL = 1000
MAX_NOTE = 300


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
        self.standard = standard
        self.advisor = Advisor(standard, knowledge)
        self.clock = clock

    # ================================================================ public API

    def handle(self, actor: Actor, user_input: UserInput) -> list[Message]:
        """React to one thing a person typed or pressed; returns the replies in order."""
        state = self._load_state(actor)
        session = self._session(actor, state)
        if session is None:
            messages = self._onboard(actor, state, user_input)
        else:
            try:
                messages = self._dispatch(session, user_input)
            except ReadOnlyAssessment:  # the lead started a new checkup a moment ago
                session = self._session(actor, state)
                assert session is not None
                note = f"That wasn't saved: the {session.assessment.year} checkup has just started. Please answer here."
                messages = self._ask_next(session, note=note)
        self._save_state(actor, state)
        return messages

    def begin(self, actor: Actor, city: str | None = None) -> list[Message]:
        """Open a conversation: greet a returning user at the right place, or start onboarding.

        ``city`` ("Tempe, AZ") answers the city question up front where possible.
        """
        state = self._load_state(actor)
        session = self._session(actor, state)
        if session is None:
            state.mode = Mode.CITY
            if city:
                messages = [
                    Message(text=welcome(self.standard), kind=MessageKind.INFO),
                    *self._city_given(actor, state, city),
                ]
            else:
                messages = [Message(text=welcome(self.standard) + "\n" + CITY_QUESTION, kind=MessageKind.QUESTION)]
        else:
            messages = [self._welcome_back(session, city)]
            messages += self._reminders_for(session) or self._ask_next(session)
        self._save_state(actor, state)
        return messages

    def checkup(self, actor: Actor) -> list[Message]:
        """The lead starts this year's annual checkup from last year's completed assessment."""
        return self._with_session(actor, self._start_checkup)

    def record_evidence(self, actor: Actor, code: str, url: str, note: str | None = None) -> list[Message]:
        """Attach a link (and a note) to one criterion of the actor's city."""
        return self._with_session(actor, lambda s: self._save_evidence(s, code.upper(), url, note))

    def assign(self, actor: Actor, other_user: str, area: str, other_name: str | None = None) -> list[Message]:
        """The lead hands a practice area to a colleague (who is added to the team if needed)."""
        return self._with_session(actor, lambda s: self._assign(s, other_user, area, other_name))

    def invite(self, actor: Actor, other_user: str, other_name: str | None = None) -> list[Message]:
        """The lead adds a colleague to the city's team."""
        return self._with_session(actor, lambda s: self._invite(s, other_user, other_name))

    def status(self, actor: Actor) -> list[Message]:
        return self._with_session(actor, lambda s: [self._status(s)])

    def report(self, actor: Actor) -> list[Message]:
        """Score, level, distance to the next level and the roadmap (partial if not finished)."""
        return self._with_session(actor, self._report)

    def dashboard(self, actor: Actor) -> Dashboard | None:
        """The App Home summary for the actor's city; None if they are not on a city's team."""
        session = self._session(actor, self._load_state(actor))
        if session is None:
            return None
        answers = self._answers(session)
        result = self._score(session, answers)
        names = {m.user: m.display for m in self.store.members(session.city.id)}
        assignees = {a.area: names.get(a.user, a.user) for a in self.store.assignments(session.assessment.id)}
        areas = tuple(
            AreaProgress(
                code=a.code,
                name=a.name,
                total=r.total,
                met=r.met,
                assignee=assignees.get(a.code),
                answered=sum(1 for c in self.standard.criteria_in(a.code) if c.code in answers),
            )
            for a, r in zip(self.standard.areas, result.areas)
        )
        code = self._next_code(session, answers)
        steps = tuple(
            NextStep(
                code=i.code, title=i.title, text=i.next_step, reason=i.reason, url=i.links[0][1] if i.links else None
            )
            for i in self.advisor.roadmap(result, limit=3)
        )
        return Dashboard(
            city=session.city.label,
            year=session.assessment.year,
            role=session.member.role.value,
            level=result.level.name if result.level else None,
            points=result.points,
            total=result.total,
            percent=result.percent,
            answered=len(answers),
            next_level=result.next_level.name if result.next_level else None,
            needed_for_next=result.needed_for_next,
            certifiable=result.certifiable,
            areas=areas,
            next_question=NextQuestion(
                code=code, title=self.standard.criterion(code).title, area=self.standard.criterion(code).area
            )
            if code
            else None,
            next_steps=steps,
            checkup=self._checkup_progress(session, answers),
        )

    # ================================================================ sessions and state

    def _load_state(self, actor: Actor) -> ConversationState:
        raw = self.store.load_state(actor.workspace, actor.user)
        return ConversationState.model_validate(raw) if raw else ConversationState()

    def _save_state(self, actor: Actor, state: ConversationState) -> None:
        self.store.save_state(actor.workspace, actor.user, state.model_dump(mode="json"))

    def _session(self, actor: Actor, state: ConversationState) -> Session | None:
        member = self.store.member(actor.workspace, actor.user)
        if member is None:
            return None
        if actor.name and member.name != actor.name:
            self.store.set_member_name(actor.workspace, actor.user, actor.name)
        city = self.store.city(member.city_id)
        assert city is not None
        assessment = self.store.current_assessment(city.id) or self.store.start_assessment(
            city.id, self.standard.id, self.clock().year
        )
        if state.assessment_id != assessment.id:
            if state.assessment_id is None:  # a state saved before it noted its assessment
                state.assessment_id = assessment.id
            else:
                state.start_over(assessment.id)
        return Session(actor=actor, member=member, city=city, assessment=assessment, state=state)

    def _with_session(self, actor: Actor, fn: Callable[[Session], list[Message]]) -> list[Message]:
        state = self._load_state(actor)
        session = self._session(actor, state)
        if session is None:
            return [Message(text=NOT_A_MEMBER, kind=MessageKind.ERROR)]
        messages = fn(session)
        self._save_state(actor, state)
        return messages

    def _answers(self, s: Session) -> dict[str, Outcome]:
        return self.store.answers(s.assessment.id)

    def _score(self, s: Session, answers: dict[str, Outcome] | None = None) -> ScoreReport:
        gate = s.assessment.gate_choice
        return score(
            self.standard,
            answers if answers is not None else self._answers(s),
            gate_choice=None if gate in (None, "none") else gate,
        )

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
        text = (user_input.text or "")[:MAX_INPUT_CHARS]
        if user_input.action:
            cmd = parse_action(user_input.action, self.standard)
        else:
            cmd = parse_text(text, self.standard)
        mode = s.state.mode
        if mode.onboarding:  # first message since joining (as lead, or invited by the lead)
            s.state.mode = Mode.ASKING
            if cmd.kind in (Cmd.TEXT, Cmd.CONTINUE, Cmd.CANCEL):
                return [self._welcome_back(s, None)] + self._ask_next(s)
        if mode is Mode.EVIDENCE:
            if cmd.kind is Cmd.TEXT and not user_input.action:
                return self._evidence_text(s, text)
            s.state.mode, s.state.evidence_for = Mode.ASKING, None
            if cmd.kind is Cmd.CANCEL:
                return [Message(text="OK, no evidence added.", kind=MessageKind.INFO)] + self._ask_next(s)
        if mode is Mode.CONFIRM_AREA and cmd.kind in (Cmd.TEXT, Cmd.CANCEL) and not user_input.action:
            reply = self._confirm_area_reply(s, "no" if cmd.kind is Cmd.CANCEL else text)
            if reply is not None:
                return reply
        elif mode is Mode.CONFIRM_AREA:
            s.state.mode, s.state.confirm_area = Mode.ASKING, None
        if mode is Mode.PAUSED and cmd.kind in (Cmd.TEXT, Cmd.CONTINUE, Cmd.CANCEL):
            s.state.mode = Mode.ASKING
            return [Message(text="Welcome back!", kind=MessageKind.INFO)] + self._ask_next(s)
        if cmd.kind is not Cmd.TEXT:
            s.state.failures = 0
        handler: Callable[[Session, Command], list[Message]] = getattr(self, f"_on_{cmd.kind.value}")
        messages = handler(s, cmd)
        if s.state.mode is Mode.ASKING and s.state.last_asked is None:
            # e.g. a colleague's very first message was "status": show where to start, too.
            if mode.onboarding:
                messages.append(self._welcome_back(s, None))
            messages += self._ask_next(s)
        return messages

    # ---------------------------------------------------------------- answering

    def _answer(self, s: Session, code: str, outcome: Outcome) -> list[Message]:
        refused = self._read_only(s)
        if refused:
            return refused
        before = self._answers(s)
        previous = before.get(code)
        if previous is None and self._still_true(s, code, outcome, before):
            return self._confirm(s, [code])
        changed = self.store.record_answer(s.assessment.id, code, outcome, by=s.actor.user, by_name=s.name)
        s.state.unskip(code)
        s.state.push_back(code)
        s.state.failures = 0
        after = {**before, code: outcome}
        messages = [render.answered(self.standard, code, outcome, previous, changed, since=self._was(s, code, before))]
        area = self.standard.criterion(code).area
        if previous is None and area_complete(self.standard, area, after):
            messages.append(render.area_summary(self.standard, area, after, heading="Area complete"))
        return messages + self._ask_next(s, after, quiet_when_done=previous is not None)

    def _ask_next(
        self,
        s: Session,
        answers: dict[str, Outcome] | None = None,
        *,
        note: str | None = None,
        quiet_when_done: bool = False,
    ) -> list[Message]:
        """Ask the derived next question, the outcome gate, or finish with the report."""
        answers = self._answers(s) if answers is None else answers
        code = self._next_code(s, answers)
        if code is not None:
            s.state.mode, s.state.last_asked = Mode.ASKING, code
            return [self._question(s, code, answers, note=note)]
        s.state.last_asked = None
        self._refresh(s)
        if self.standard.gate is not None and s.assessment.gate_choice is None:
            s.state.mode = Mode.GATE
            return [self._checkup_gate(s) or render.gate_question(self.standard.gate)]
        s.state.mode = Mode.DONE
        if s.assessment.status != "complete":
            return self._complete(s, answers)
        if self._closed(s):
            return [self._offer(s)]
        result = self._score(s, answers)
        text = f"All {result.total} criteria are answered. {render.score_line(result)}."
        if not quiet_when_done:
            text += " Say *report*, *roadmap*, *review OD* or *change DM2*."
        return [
            Message(
                text=text,
                kind=MessageKind.INFO,
                options=(Option(label="Report", value="report"), Option(label="Roadmap", value="roadmap")),
            )
        ]

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

    def _on_answer(self, s: Session, cmd: Command) -> list[Message]:
        assert cmd.code and cmd.outcome
        return self._answer(s, cmd.code, cmd.outcome)

    def _on_text(self, s: Session, cmd: Command) -> list[Message]:
        text = cmd.arg or ""
        if not text.strip():
            return self._unusable(s, text)
        question = looks_like_question(text)
        if not question and (reply := self._checkup_text(s, text)) is not None:
            return reply
        if s.state.mode is Mode.GATE and self.standard.gate is not None and not question:
            choice = match_gate(text, self.standard.gate)
            return self._gate(s, choice) if choice else self._unusable(s, text)
        outcome = None if question else match_outcome(text)
        if outcome is not None:
            if s.state.last_asked:
                return self._answer(s, s.state.last_asked, outcome)
            return [
                Message(text="There is no question waiting for an answer right now.", kind=MessageKind.INFO)
            ] + self._ask_next(s)
        if question:
            return self._ask_knowledge(s, text)
        return self._unusable(s, text)

    def _unusable(self, s: Session, text: str) -> list[Message]:
        s.state.failures += 1
        code = s.state.last_asked if s.state.mode is Mode.ASKING else None
        if s.state.failures >= MAX_FAILURES:
            s.state.failures = 0
            if code:
                return [render.explain_options(self.standard, code, back=bool(s.state.back))]
            if s.state.mode is Mode.GATE and self.standard.gate is not None:
                return [
                    Message(text="Pick one of the options below, or *Not yet* if none applies.", kind=MessageKind.HELP),
                    render.gate_question(self.standard.gate),
                ]
            return [render.help_all(s.member.is_lead)]
        if s.state.mode is Mode.GATE and self.standard.gate is not None:
            gate = render.gate_question(self.standard.gate)
            return [
                Message(
                    text=f"Sorry, I couldn't use {quote(text)}. Pick one of these, or *Not yet*.",
                    kind=MessageKind.ERROR,
                    options=gate.options,
                )
            ]
        return [render.not_understood(quote(text), code, back=bool(s.state.back))]

    def _ask_knowledge(self, s: Session, text: str) -> list[Message]:
        answer = self.advisor.answer(text, self._score(s))
        if answer is None:
            return [
                Message(
                    text="I can't answer that one. Try “what's next for open data?”, “how do we get to gold?”, "
                    "“what is DM2?”, or type *help*.",
                    kind=MessageKind.ANSWER,
                    options=(Option(label="Back to the questions", value="continue"),),
                )
            ]
        options = []
        if answer.start_area and any(a.code == answer.start_area for a in self.standard.areas):
            name = self.standard.area(answer.start_area).name
            options.append(Option(label=clip(f"Answer {name} now", 75), value=f"area:{answer.start_area}"))
        options.append(Option(label="Back to the questions", value="continue"))
        return [
            Message(
                text=clip(defang(answer.text), render.MAX_TEXT),
                kind=MessageKind.ANSWER,
                options=tuple(options),
                area=answer.start_area,
            )
        ]

    # ---------------------------------------------------------------- moving around

    def _on_why(self, s: Session, cmd: Command) -> list[Message]:
        code = cmd.code or s.state.last_asked
        if code is None:
            return [render.help_all(s.member.is_lead)]
        return [render.why(self.standard, code, ask=code == s.state.last_asked)]

    def _on_skip(self, s: Session, cmd: Command) -> list[Message]:
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
            note = f"{code} is the only question left. Answer *Not sure* if nobody knows yet; you can change it later."
            return self._ask_next(s, answers, note=note)
        return [Message(text=f"Skipped {code}; I'll ask it again at the end.", kind=MessageKind.INFO)] + self._ask_next(
            s, answers
        )

    def _on_back(self, s: Session, cmd: Command) -> list[Message]:
        if self._closed(s):
            return self._ask_next(s)
        stack = s.state.back
        while stack and stack[-1] == s.state.last_asked:
            stack.pop()
        if not stack:
            return [
                Message(text="There is no earlier question to go back to.", kind=MessageKind.INFO)
            ] + self._ask_again(s)
        code = stack.pop()
        s.state.back = stack
        s.state.mode, s.state.last_asked = Mode.ASKING, code
        return [self._question(s, code, self._answers(s), note="Going back.")]

    def _on_change(self, s: Session, cmd: Command) -> list[Message]:
        assert cmd.code
        refused = self._read_only(s)
        if refused:
            return refused
        if s.state.last_asked and s.state.last_asked != cmd.code:
            s.state.push_back(s.state.last_asked)
        s.state.mode, s.state.last_asked = Mode.ASKING, cmd.code
        return [self._question(s, cmd.code, self._answers(s))]

    def _on_area(self, s: Session, cmd: Command) -> list[Message]:
        assert cmd.area
        s.state.focus_area = cmd.area
        answers = self._answers(s)
        name = self.standard.area(cmd.area).name
        if area_complete(self.standard, cmd.area, answers):
            summary = render.area_summary(self.standard, cmd.area, answers, heading="Already complete")
            return [summary] + self._ask_next(s, answers)
        return self._ask_next(s, answers, note=f"Now on *{name}*.")

    def _ask_again(self, s: Session) -> list[Message]:
        """Show the question on screen again (or the derived next one)."""
        if s.state.mode is Mode.ASKING and s.state.last_asked and not self._closed(s):
            return [self._question(s, s.state.last_asked, self._answers(s))]
        return self._ask_next(s)

    def _on_continue(self, s: Session, cmd: Command) -> list[Message]:
        return self._ask_next(s)

    def _on_cancel(self, s: Session, cmd: Command) -> list[Message]:
        return [Message(text="Nothing to cancel.", kind=MessageKind.INFO)] + self._ask_again(s)

    def _on_pause(self, s: Session, cmd: Command) -> list[Message]:
        s.state.mode = Mode.PAUSED
        answered = len(self._answers(s))
        return [
            Message(
                text=f"Paused. Everything is saved ({answered} of {len(self.standard.criteria)} answered). "
                "Say *continue* whenever you're ready, today or next week.",
                kind=MessageKind.INFO,
                options=(Option(label="Continue", value="continue"),),
            )
        ]

    def _on_help(self, s: Session, cmd: Command) -> list[Message]:
        return [render.help_all(s.member.is_lead)]

    def _on_help_here(self, s: Session, cmd: Command) -> list[Message]:
        if s.state.mode is Mode.ASKING and s.state.last_asked:
            return [render.help_here(self.standard, s.state.last_asked, back=bool(s.state.back))]
        if s.state.mode is Mode.GATE and self.standard.gate is not None:
            return [render.gate_question(self.standard.gate)]
        return [render.help_all(s.member.is_lead)]

    # ---------------------------------------------------------------- evidence

    def _on_evidence(self, s: Session, cmd: Command) -> list[Message]:
        refused = self._read_only(s)
        if refused:
            return refused
        code = cmd.code or s.state.last_asked
        if code is None:
            return [
                Message(
                    text="Which criterion is it for? For example: *evidence DM2 https://… adopted 2021*.",
                    kind=MessageKind.ERROR,
                )
            ]
        if cmd.arg:
            url, note = split_evidence(cmd.arg)
            if url:
                return self._save_evidence(s, code, url, note)
        s.state.mode, s.state.evidence_for = Mode.EVIDENCE, code
        return [
            Message(
                text=f"Send a link for *{code}* ({self.standard.criterion(code).title}), optionally followed by a short "
                "note, e.g. “https://city.gov/data-policy.pdf adopted by council in 2021”. Or *cancel*.",
                kind=MessageKind.QUESTION,
                criterion=code,
                options=(Option(label="Cancel", value="continue"),),
            )
        ]

    def _evidence_text(self, s: Session, text: str) -> list[Message]:
        url, note = split_evidence(text)
        code = s.state.evidence_for
        assert code
        if url:
            s.state.mode, s.state.evidence_for = Mode.ASKING, None
            return self._save_evidence(s, code, url, note)
        s.state.failures += 1
        if s.state.failures >= MAX_FAILURES:
            s.state.failures = 0
            s.state.mode, s.state.evidence_for = Mode.ASKING, None
            return [
                Message(
                    text="I need a web link starting with https:// to store as evidence. Let's go on; "
                    f"say *evidence {code}* when you have one.",
                    kind=MessageKind.HELP,
                )
            ] + self._ask_again(s)
        return [
            Message(
                text=f"That doesn't look like a link: {quote(text)}. Paste one starting with https://, "
                "or say *cancel*.",
                kind=MessageKind.ERROR,
                criterion=code,
            )
        ]

    def _save_evidence(self, s: Session, code: str, url: str, note: str | None) -> list[Message]:
        if not self.standard.has_criterion(code):
            return [Message(text=f"There is no criterion {escape(clip(code, 10))}.", kind=MessageKind.ERROR)]
        refused = self._read_only(s)
        if refused:
            return refused
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or len(url) > MAX_URL:
            return [
                Message(
                    text="Evidence must be a web link starting with https://.", kind=MessageKind.ERROR, criterion=code
                )
            ]
        note = clip(note, MAX_NOTE) if note else None
        self.store.set_evidence(s.assessment.id, code, url, note, by=s.actor.user, by_name=s.name)
        shown = f" ({escape(note)})" if note else ""
        messages = [
            Message(text=f"📎 Evidence saved for *{code}*: {escape(url)}{shown}", kind=MessageKind.INFO, criterion=code)
        ]
        if s.state.mode is Mode.ASKING and s.state.last_asked == code and code not in self._answers(s):
            messages += self._ask_again(s)
        return messages

    # ---------------------------------------------------------------- the outcome gate

    def _on_gate(self, s: Session, cmd: Command) -> list[Message]:
        return self._gate(s, cmd.arg or "")

    def _gate(self, s: Session, choice: str) -> list[Message]:
        gate = self.standard.gate
        if gate is None or (choice != "none" and choice not in {o.id for o in gate.options}):
            return [Message(text="That option is not available.", kind=MessageKind.ERROR)] + self._ask_again(s)
        refused = self._read_only(s)
        if refused:
            return refused
        self.store.set_gate(s.assessment.id, choice)
        self._refresh(s)
        s.state.failures = 0
        label = "Not yet" if choice == "none" else next(o.label for o in gate.options if o.id == choice)
        confirm = Message(text=f"✓ *{gate.title}*: *{label}*", kind=MessageKind.ANSWERED)
        answers = self._answers(s)
        if self._next_code(s, answers) is None:
            s.state.mode = Mode.DONE
            return [confirm] + self._complete(s, answers)
        return [confirm] + self._ask_next(s, answers)

    # ---------------------------------------------------------------- overviews

    def _status(self, s: Session) -> Message:
        answers = self._answers(s)
        names = {m.user: m.display for m in self.store.members(s.city.id)}
        assignees = {a.area: names.get(a.user, a.user) for a in self.store.assignments(s.assessment.id)}
        progress = self._tally(s, answers)
        return render.status(
            self.standard,
            s.city,
            s.assessment.year,
            self._score(s, answers),
            answers,
            assignees,
            self._next_code(s, answers),
            checkup=f"Annual checkup from {progress.from_year}: {progress.line}." if progress else None,
        )

    def _on_status(self, s: Session, cmd: Command) -> list[Message]:
        return [self._status(s)]

    def _report(self, s: Session, answers: dict[str, Outcome] | None = None) -> list[Message]:
        result = self._score(s, answers)
        return [
            render.report(self.standard, s.city, s.assessment.year, result, since=self._since_line(s, result)),
            *render.roadmap(self.advisor.roadmap(result, limit=5)),
        ]

    def _on_report(self, s: Session, cmd: Command) -> list[Message]:
        return self._report(s)

    def _on_roadmap(self, s: Session, cmd: Command) -> list[Message]:
        result = self._score(s)
        area = cmd.area
        heading = f"Roadmap for {self.standard.area(area).name}" if area else "Roadmap: your next steps"
        return render.roadmap(self.advisor.roadmap(result, area=area, limit=5), heading=heading)

    def _on_review(self, s: Session, cmd: Command) -> list[Message]:
        if cmd.bad_area:
            return [
                Message(
                    text=f"I don't know the area {quote(cmd.bad_area, 40)}. " + self._areas_hint(),
                    kind=MessageKind.ERROR,
                )
            ]
        if cmd.area is None:
            return [render.review_overview(self.standard, self._answers(s))]
        return [render.review(self.standard, cmd.area, self.store.answer_details(s.assessment.id))]

    def _on_history(self, s: Session, cmd: Command) -> list[Message]:
        code = cmd.code or s.state.last_asked
        if code is None:
            return [Message(text="Whose history? Say e.g. *history DM2*.", kind=MessageKind.ERROR)]
        return [render.history(self.standard, code, self.store.history(s.assessment.id, code))]

    # ---------------------------------------------------------------- greetings

    def _welcome_back(self, s: Session, city: str | None) -> Message:
        answers = self._answers(s)
        mine = [
            self.standard.area(a.area).name for a in self.store.assignments(s.assessment.id) if a.user == s.actor.user
        ]
        lines = [
            f"Welcome, {escape(s.name)}! {escape(s.city.label)}: {len(answers)} of "
            f"{len(self.standard.criteria)} criteria answered so far."
        ]
        progress = self._tally(s, answers)
        if progress and s.assessment.status != "complete":
            lines.append(f"Annual checkup {s.assessment.year} (from {progress.from_year}): {progress.line}.")
        if mine:
            lines.append("Assigned to you: " + ", ".join(mine) + ".")
        named = parse_city(city) if city else None
        if named and named[0].casefold() != s.city.name.casefold():
            lines.append(f"(You're on the {escape(s.city.label)} team, so I'll continue with that city.)")
        return Message(text="\n".join(lines), kind=MessageKind.INFO)
