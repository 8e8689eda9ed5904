"""The annual checkup: a new year's assessment that starts from last year's answers.

Only the lead starts it, once the city's assessment is complete and a new
calendar year has begun. The new assessment is linked to the old one
(``previous_id``); the next question is still derived from the new
assessment's answers, and each one shows last year's answer with "Still
true" (``confirm:DM1``), which copies its outcome and evidence with the
confirming person as the answerer. A whole area can carry over at once
(``confirm-area:OD``, then ``confirm-area:OD:yes``). The old assessment is
never changed: once a year is over, its completed assessment is read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from reading import Reading
from wwc_i18n import N_, _
from wwc_rules import Outcome, ScoreReport, Standard

from ..report.models import CheckupProgress
from ..store import AnswerRecord, Assessment, Store
from . import checkup_text, render
from .checkup_text import Tally
from .commands import Cmd, Command
from .conversation import Step
from .matching import match_still_true
from .messages import Message, MessageKind
from .progress import area_complete
from .reminders import due_reminders, mark_reminder_sent, next_due
from .session import Session
from .state import Mode, Pending
from .text import escape, quote


class Checkup:
    """Mixed into ``Engine``: starting the checkup, "still true", reminders, and the closed year."""

    store: Store
    if TYPE_CHECKING:  # the Engine's, in the language in force

        @property
        def standard(self) -> Standard: ...
    clock: Callable[[], datetime]
    _answers: Callable[[Session], dict[str, Outcome]]
    _score: Callable[..., ScoreReport]
    _ask_next: Callable[..., Step]
    _ask_again: Callable[[Session], Step]
    _question: Callable[..., Message]
    _gate: Callable[..., Step]
    _on_text: Callable[[Session, Command], Step]
    _lead_only: Callable[[Session, str], Message | None]
    _same: Callable[[Session, list[Message]], Step]

    # ---------------------------------------------------------------- what last year said

    def _previous(self, s: Session) -> Assessment | None:
        """The assessment this checkup started from, or None if this is not a checkup."""
        return self.store.assessment(s.assessment.previous_id) if s.assessment.previous_id else None

    def _last_year(self, s: Session) -> dict[str, AnswerRecord]:
        previous = s.assessment.previous_id
        return self.store.answer_details(previous) if previous else {}

    def _last_record(self, s: Session, code: str, answers: dict[str, Outcome]) -> AnswerRecord | None:
        """Last year's answer to ``code`` while it waits for "still true?" this year."""
        if code in answers or s.assessment.previous_id is None:
            return None
        record = self.store.answer(s.assessment.previous_id, code)
        return record if record is not None and record.outcome is not None else None

    def _tally(self, s: Session, answers: dict[str, Outcome] | None = None) -> Tally | None:
        previous = self._previous(s)
        if previous is None:
            return None
        now = self._answers(s) if answers is None else answers
        return checkup_text.tally(self.standard, self.store.answers(previous.id), now, previous.year)

    def _checkup_progress(self, s: Session, answers: dict[str, Outcome]) -> CheckupProgress | None:
        t = self._tally(s, answers)
        if t is None:
            return None
        return CheckupProgress(
            from_year=t.from_year, confirmed=len(t.confirmed), changed=len(t.changed), new=len(t.new), to_go=t.to_go
        )

    def _checkup_question(self, s: Session, code: str, answers: dict[str, Outcome], note: str | None) -> Message | None:
        """The "still true?" form of ``code``, or None when it is asked as usual."""
        last = self._last_record(s, code, answers)
        if last is None:
            return None
        previous = self._last_year(s)
        area = self.standard.criterion(code).area
        rest = [c.code for c in self.standard.criteria_in(area) if c.code not in answers and c.code in previous]
        progress = self._tally(s, answers)
        assert progress is not None
        mine = self.store.answer(s.assessment.id, code)  # evidence may come before the answer
        return checkup_text.question(
            self.standard,
            code,
            last,
            progress,
            area_rest=sum(1 for c in rest if previous[c].outcome is not None),
            evidence=mine.evidence_url if mine else None,
            skipped=code in s.state.skipped,
            back=bool(s.state.back),
            note=note,
        )

    def _checkup_gate(self, s: Session) -> Message | None:
        previous = self._previous(s)
        gate = self.standard.gate
        if previous is None or gate is None or previous.gate_choice is None:
            return None
        return checkup_text.gate_question(gate, previous.gate_choice, previous.year)

    # ---------------------------------------------------------------- the closed year

    def _closed(self, s: Session) -> bool:
        """A completed assessment of an earlier year: the record of that year, read-only."""
        return s.assessment.status == "complete" and s.assessment.year < self.clock().year

    def _leads(self, s: Session) -> str:
        # i18n: stands for the names of the city's leads when none is known
        return ", ".join(escape(m.display) for m in self.store.leads(s.city.id)) or _("your city's lead")

    def _read_only(self, s: Session) -> list[Message] | None:
        """The refusal to change a closed year, or None if changes are fine."""
        if not self._closed(s):
            return None
        msg = checkup_text.read_only(s.assessment.year, self.clock().year, lead=s.member.is_lead, leads=self._leads(s))
        return [msg]

    def _offer(self, s: Session) -> Message:
        return checkup_text.offer(s.assessment.year, self.clock().year, lead=s.member.is_lead, leads=self._leads(s))

    # ---------------------------------------------------------------- starting

    def _start_checkup(self, s: Session) -> Step:
        """Start this year's checkup from the city's completed assessment (the lead only)."""
        # i18n: {leads} is the names of the city's leads
        refused = self._lead_only(s, N_("Only the city's lead ({leads}) can start the annual checkup. Ask them."))
        if refused:
            return self._same(s, [refused])
        current, year = s.assessment, self.clock().year
        answered = len(self._answers(s))
        total = len(self.standard.criteria)
        if current.status != "complete":
            if current.previous_id:
                # i18n: {answered} criteria answered of {total}
                text = _(
                    "The {year} checkup is under way ({answered} of {total} answered); a new checkup starts from a "
                    "completed assessment.",
                    year=current.year,
                    answered=answered,
                    total=total,
                )
            else:
                # i18n: {answered} criteria answered of {total}
                text = _(
                    "Your {year} assessment isn't finished yet ({answered} of {total} answered); a new checkup "
                    "starts from a completed assessment.",
                    year=current.year,
                    answered=answered,
                    total=total,
                )
            return [Message(text=text, kind=MessageKind.INFO)] + self._ask_next(s)
        if year <= current.year:
            # i18n: {next_year} is the year after {year}; the checkup can start on 1 January of it. "change" is a
            # command word the person types: keep it in English
            text = _(
                "Your {year} assessment is the current one. The {next_year} checkup can start from 1 January "
                "{next_year}; until then you can still change an answer (e.g. *change DM2*).",
                year=current.year,
                next_year=current.year + 1,
            )
            return self._same(s, [Message(text=text, kind=MessageKind.INFO)])
        last_score = render.score_line(self._score(s)).replace("*", "")
        s.assessment = self.store.start_assessment(s.city.id, self.standard.id, year, previous_id=current.id)
        s.state.start_over(s.assessment.id)
        return [checkup_text.started(s.city, s.assessment.year, current.year, last_score)] + self._ask_next(s)

    def _on_checkup(self, s: Session, cmd: Command) -> Step:
        if cmd.arg == "later":
            return self._remind_later(s)
        return self._start_checkup(s)

    def _remind_later(self, s: Session) -> Step:
        """ "Remind me later": a due reminder counts as seen; say when the next one comes, if any."""
        if not self._closed(s):
            # i18n: "checkup" is the command word the person types: keep it in English
            text = _("OK. Say *checkup* whenever you're ready for the annual checkup.")
            return self._same(s, [Message(text=text, kind=MessageKind.INFO)])
        for reminder in due_reminders(self.store, self.clock(), city_id=s.city.id):
            mark_reminder_sent(self.store, reminder)
        sent = [r for r in self.store.sent_reminders(s.city.id) if r.year == s.assessment.year]
        when = next_due(s.assessment, sent)
        if when is None:
            # i18n: "checkup" is the command word the person types: keep it in English
            text = _("OK. That was my last reminder: say *checkup* whenever you're ready for the annual checkup.")
        else:
            # i18n: {date} is a short date ("2 Mar 2026")
            text = _("OK, I'll remind you again on {date}.", date=render.day(when))
        return self._same(s, [Message(text=text, kind=MessageKind.INFO)])

    def _reminders_for(self, s: Session) -> list[Message]:
        """Due reminders addressed to the actor, marked as sent now that they are shown."""
        due = due_reminders(self.store, self.clock(), city_id=s.city.id)
        return [r.message for r in due if r.recipient == s.actor.user and mark_reminder_sent(self.store, r)]

    # ---------------------------------------------------------------- still true?

    def _on_still_true(self, s: Session, cmd: Command) -> Step:
        code = cmd.code or s.state.last_asked
        assert code
        return self._confirm(s, [code])

    def _confirm(self, s: Session, codes: list[str]) -> Step:
        """Carry last year's answers of ``codes`` over ("still true"), then ask the next question."""
        refused = self._read_only(s)
        if refused:
            return self._same(s, refused)
        before = self._answers(s)
        previous = self._previous(s)
        done = (
            self.store.confirm_answers(s.assessment.id, codes, source_id=previous.id, by=s.actor.user, by_name=s.name)
            if previous
            else []
        )
        if not done:
            code = codes[0]
            if code in before:
                return [render.answered(self.standard, code, before[code], None, False)] + self._ask_next(s, before)
            s.state.last_asked = code
            return Step(
                [
                    Message(
                        text=_(
                            "There is no answer from last year to confirm for *{code}*: pick one of the answers.",
                            code=code,
                        ),
                        kind=MessageKind.INFO,
                    ),
                    self._question(s, code, before),
                ],
                Mode.ASKING,
            )
        assert previous is not None
        after = self._answers(s)
        for code in done:
            s.state.unskip(code)
            s.state.push_back(code)
        s.state.last_answered = done[-1]
        s.state.failures = 0
        s.state.pending = None
        messages = [checkup_text.confirmed(self.standard, done, after, previous.year)]
        for area in dict.fromkeys(self.standard.criterion(c).area for c in done):
            if area_complete(self.standard, area, after) and not area_complete(self.standard, area, before):
                messages.append(render.area_summary(self.standard, area, after, heading=_("Area complete")))
        return messages + self._ask_next(s, after)

    def _on_confirm_area(self, s: Session, cmd: Command) -> Step:
        if cmd.bad_area:
            # i18n: {area} is what the person typed as an area's name, quoted
            text = _("I don't know the area {area}.", area=quote(cmd.bad_area, 40))
            return [Message(text=text, kind=MessageKind.ERROR)] + self._ask_again(s)
        area = cmd.area or (self.standard.criterion(s.state.last_asked).area if s.state.last_asked else None)
        if area is None:
            # i18n: "still true for all of" is the command the person types: keep it in English; "open data" is an
            # area's name (use that area's name in your language)
            text = _("Which area? Say e.g. *still true for all of open data*.")
            return self._same(s, [Message(text=text, kind=MessageKind.ERROR)])
        refused = self._read_only(s)
        if refused:
            return self._same(s, refused)
        answers, last = self._answers(s), self._last_year(s)
        waiting = [c.code for c in self.standard.criteria_in(area) if c.code not in answers]
        codes = [c for c in waiting if c in last and last[c].outcome is not None]
        if not codes:
            name = self.standard.area(area).name
            # i18n: {area} is a practice area
            text = _("No answers of last year are waiting for confirmation in {area}.", area=name)
            return [Message(text=text, kind=MessageKind.INFO)] + self._ask_next(s, answers)
        if cmd.arg == "yes":
            return self._confirm(s, codes)
        s.state.confirm_area = area
        unanswered = [c for c in waiting if c not in codes]
        return Step(
            [checkup_text.confirm_area_question(self.standard, area, codes, last, unanswered)], Mode.CONFIRM_AREA
        )

    def _on_confirm_area_text(self, s: Session, cmd: Command) -> Step:
        """A typed reply to "all still true?": yes confirms the area, no goes one by one, else the usual flow."""
        area = s.state.confirm_area
        s.state.confirm_area = None
        s.state.mode = Mode.ASKING
        verdict = False if cmd.kind is Cmd.CANCEL else match_still_true(cmd.arg or "")
        if area is None or verdict is None:
            return self._on_text(s, cmd)
        if verdict:
            return self._on_confirm_area(s, Command(Cmd.CONFIRM_AREA, area=area, arg="yes"))
        return [Message(text=_("OK, one at a time."), kind=MessageKind.INFO)] + self._ask_again(s)

    def _checkup_text(self, s: Session, text: str, reading: Reading | None) -> Step | None:
        """A reply to "still true?" (a question or the outcome requirement), or None for the usual reading.

        A short yes confirms last year's answer; a no, or anything that starts with one ("no - it finally
        started meeting, so it's done now"), is a change: the same question again (same options, same
        numbers), or the new reading to confirm. It is never taken for "still true".
        """
        if s.assessment.previous_id is None:  # not a checkup: nothing asks "still true?"
            return None
        verdict = match_still_true(text)
        if s.state.mode is Mode.GATE:
            previous = self._previous(s)
            if verdict is None or previous is None or previous.gate_choice is None:
                return None
            if verdict:
                return self._gate(s, previous.gate_choice)
            return [Message(text=_("Which one is it now?"), kind=MessageKind.INFO)] + self._ask_again(s)
        code = s.state.last_asked
        answers = self._answers(s)
        last = self._last_record(s, code, answers) if code and s.state.mode is Mode.ASKING else None
        if code is None or last is None or last.outcome is None:
            return None
        if verdict:
            return self._confirm(s, [code])
        # i18n: a criterion's code and title, and last year's answer (Met, In progress, ...)
        note = _(
            "OK, *{code}* {title} is no longer *{answer}*. What is it now?",
            code=code,
            title=self.standard.criterion(code).title,
            answer=last.outcome.label,
        )
        doubt = reading is not None and reading.outcome is Outcome.NOT_SURE
        if verdict is False or reading is None or reading.outcome is None:
            if verdict is False or (_starts_with_no(text) and not doubt):
                return Step([self._question(s, code, answers, note=note)], Mode.ASKING)
            return None
        if _starts_with_no(text) and not doubt:
            s.state.pending = Pending(
                kind="answer", code=code, outcome=reading.outcome, words=reading.words, links=list(reading.links)
            )
            return Step([render.confirm_reading(self.standard, code, reading, changed_from=last.outcome)], Mode.CONFIRM)
        return None

    def _was(self, s: Session, code: str, answers: dict[str, Outcome]) -> str:
        """ "was Met in 2026" for a checkup answer that differs from last year's, else ""."""
        last = self._last_record(s, code, answers)
        previous = self._previous(s)
        if last is None or last.outcome is None or previous is None:
            return ""
        # i18n: shown in parentheses after a recorded answer: last year's answer (Met, In progress, ...) and its year
        return _("was {answer} in {year}", answer=last.outcome.label, year=previous.year)

    def _still_true(self, s: Session, code: str, outcome: Outcome, answers: dict[str, Outcome]) -> bool:
        """Picking last year's outcome for an unanswered criterion is a "still true" (its evidence carries over)."""
        last = self._last_record(s, code, answers)
        return last is not None and last.outcome is outcome


_NO_START = ("no", "nope", "nah", "not anymore", "not any more", "no longer", "not really")


def _starts_with_no(text: str) -> bool:
    words = " ".join(text.casefold().replace(",", " ").replace("-", " ").replace(".", " ").split())
    return any(words == w or words.startswith(w + " ") for w in _NO_START)
