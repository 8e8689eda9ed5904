"""Composing a city's self-assessment (readiness report) from the store, ``wwc_rules`` and ``knowledge``.

All scoring, benchmarking and comparison happens in ``wwc_rules``; this
module only gathers the inputs and arranges the results.

Usage: ``build_city_report(store, standard, kb, city.id, clock=utcnow)``. The App Home is a view of the same
report (``dashboard_view``), so it cannot disagree with the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.store import AnswerRecord, Assessment, Clock, Store
from bot.store.reporting import city_assessments, is_demo, peer_submissions, snapshot_cutoff
from knowledge.models import Knowledge
from knowledge.recommend import recommend
from wwc_i18n import _, ngettext
from wwc_rules import (
    MIN_PEERS,
    AreaBenchmark,
    Benchmark,
    Outcome,
    ScoreReport,
    Standard,
    benchmark,
    check_eligibility,
    compare,
    core_line,
    core_rule_text,
    readiness,
    score,
)

from .models import (
    AreaLine,
    AreaProgress,
    CheckupProgress,
    CityInfo,
    CityReport,
    Contributor,
    CoreStatus,
    CriterionLine,
    Dashboard,
    GateStatus,
    NextQuestion,
    NextStep,
    Peers,
    YearOverYear,
)
from .peers import ALL, peer_group

ROADMAP_LIMIT = 10
HOME_STEPS = 3  # next steps on the App Home
# A report composed without its peer benchmark (``with_peers=False``): no peer figure anywhere in it.
NO_PEERS = Peers(group="", benchmark=Benchmark(available=False, peer_count=0, note=""))


class ReportError(ValueError):
    """The report cannot be built (unknown city, no assessment yet); the message says why."""


def build_city_report(
    store: Store,
    standard: Standard,
    knowledge: Knowledge,
    city_id: int,
    *,
    clock: Clock,
    roadmap_limit: int = ROADMAP_LIMIT,
    by_band: bool = True,
    with_peers: bool = True,
) -> CityReport:
    """The report of the city's latest assessment of ``standard``, with peers and last year.

    Its sentences (notes, caveats, the peer group) are in the language in force, like ``standard``'s texts.
    ``with_peers=False`` leaves the peer benchmark out (``NO_PEERS``): the App Home shows none, and scoring
    every peer is most of a report's time.
    """
    city = store.city(city_id)
    if city is None:
        # i18n: {id} is the city's number in the database.
        raise ReportError(_("no city with id {id}", id=city_id))
    history = city_assessments(store, city_id, standard.id)
    if not history:
        # i18n: {city} is "Name, Region"; {standard} the standard's name (e.g. "2025 Certification Standard").
        raise ReportError(_("{city} has no assessment of the {standard} yet", city=city.label, standard=standard.name))
    current = history[-1]
    own = score_assessment(standard, store.answers(current.id), current.gate_choice)

    peers = _peers(store, standard, city_id, city.population, own, clock(), by_band) if with_peers else NO_PEERS
    bench = peers.benchmark

    earlier = [a for a in history[:-1] if a.status == "complete" and a.year < current.year]
    last_answers: dict[str, Outcome] = {}
    yoy = None
    if earlier:
        before = earlier[-1]
        last_answers = store.answers(before.id)
        yoy = YearOverYear(before.year, compare(score_assessment(standard, last_answers, before.gate_choice), own))

    details = store.answer_details(current.id)
    lines = tuple(
        _criterion_line(c.code, c.title, c.area, details.get(c.code), bench.criteria_met_share if bench.available
                        else None, last_answers.get(c.code))
        for c in standard.criteria
    )
    demo = is_demo(store)
    eligibility = check_eligibility(standard, city.region, city.population)
    return CityReport(
        city=CityInfo(city.name, city.region, city.population, eligibility.eligible, eligibility.in_americas),
        standard_id=standard.id,
        standard_name=standard.name,
        year=current.year,
        status=current.status,
        generated_at=clock(),
        levels=standard.levels,
        score=own,
        areas=_area_lines(own, bench.areas if bench.available else (), yoy),
        criteria=lines,
        roadmap=recommend(knowledge, standard, own, limit=roadmap_limit),
        missing_evidence=tuple(x.code for x in lines if x.outcome is Outcome.MET and not x.evidence_url),
        contributors=_contributors(lines),
        gate=_gate_status(standard, current),
        peers=peers,
        year_over_year=yoy,
        demo=demo,
        caveats=_caveats(standard, own, current, demo),
        readiness=readiness(standard, own).headline,
        core=CoreStatus(
            title=standard.core.title if standard.core else None,
            codes=own.core.codes,
            unmet=own.core.unmet,
            line=core_line(standard, own),
            rule=core_rule_text(standard),
        ),
    )


def _peers(
    store: Store, standard: Standard, city_id: int, population: int | None, own: ScoreReport, now: datetime,
    by_band: bool,
) -> Peers:
    """Who the city is compared with, and how it compares."""
    # Peers come from a monthly snapshot (see ``snapshot_cutoff``): comparing two reports never reveals one city.
    snapshot = snapshot_cutoff(store, standard.id, city_id, now)
    if snapshot is None:
        return Peers(group=_(ALL), benchmark=_no_snapshot(len(peer_submissions(store, standard.id, city_id))))
    group, chosen = peer_group(population, peer_submissions(store, standard.id, city_id, as_of=snapshot),
                               by_band=by_band)
    return Peers(group=group, benchmark=benchmark(own, [score_assessment(standard, p.answers, p.gate_choice)
                                                        for p in chosen]))


def dashboard_view(
    report: CityReport,
    *,
    role: str,
    next_question: str | None,
    assignees: Mapping[str, str] | None = None,
    checkup: CheckupProgress | None = None,
) -> Dashboard:
    """The App Home's view of ``report``: every figure it shows (level, points, readiness, areas, next steps) is
    the report's. The rest is the person's: their ``role``, the code of their next question, who each area is
    assigned to (area code -> name) and a checkup's tally.
    """
    s = report.score
    areas = tuple(
        AreaProgress(code=a.score.code, name=a.score.name, met=a.score.met, total=a.score.total,
                     answered=sum(1 for x in report.criteria if x.area == a.score.code and x.outcome is not None),
                     assignee=(assignees or {}).get(a.score.code))
        for a in report.areas
    )
    question = report.criterion(next_question) if next_question else None
    return Dashboard(
        city=report.city.label,
        year=report.year,
        role=role,
        level=s.level.name if s.level else None,
        points=s.points,
        total=s.total,
        percent=s.percent,
        answered=s.answered,
        next_level=s.next_level.name if s.next_level else None,
        needed_for_next=s.needed_for_next,
        certifiable=s.ready,
        core_unmet=report.core.unmet,
        gate_shown=s.gate.passed or not s.gate.required,
        areas=areas,
        next_question=NextQuestion(code=question.code, title=question.title, area=question.area) if question else None,
        next_steps=tuple(
            NextStep(code=x.code, title=x.title, text=x.next_step, reason=x.reason,
                     url=str(x.resources[0].url) if x.resources else None)
            for x in report.roadmap.steps[:HOME_STEPS]
        ),
        checkup=checkup,
    )


def _no_snapshot(completed: int) -> Benchmark:
    """No snapshot yet: say how many peers there are, show none of their figures."""
    if completed < MIN_PEERS:
        # i18n: {min} is the least number of peer cities (5); {n} how many have completed it. English says
        # "have" for one too; give the singular its own form.
        note = ngettext(
            "Peer benchmarks appear once at least {min} other cities have completed this standard's "
            "assessment; {n} have so far.",
            "Peer benchmarks appear once at least {min} other cities have completed this standard's "
            "assessment; {n} have so far.",
            completed, min=MIN_PEERS,
        )
    else:
        note = _(
            "Peer benchmarks are published from monthly snapshots, so that no city's answers can be read off "
            "the difference between two reports; the first snapshot comes at the start of next month."
        )
    return Benchmark(available=False, peer_count=min(completed, MIN_PEERS - 1), note=note)


def score_assessment(standard: Standard, answers: Mapping[str, Outcome], gate_choice: str | None) -> ScoreReport:
    """``wwc_rules.score`` of stored answers; the stored gate answer "none" means not shown yet."""
    return score(standard, answers, gate_choice=None if gate_choice in (None, "none") else gate_choice)


def _criterion_line(
    code: str, title: str, area: str, rec: AnswerRecord | None, shares: Mapping[str, int] | None,
    last_year: Outcome | None,
) -> CriterionLine:
    answered = rec if rec is not None and rec.outcome is not None else None
    return CriterionLine(
        code=code,
        title=title,
        area=area,
        outcome=rec.outcome if rec else None,
        answered_by=(answered.answered_by_name or answered.answered_by) if answered else None,
        answered_at=answered.answered_at if answered else None,
        evidence_url=rec.evidence_url if rec else None,
        evidence_note=rec.evidence_note if rec else None,
        peer_met_share=shares.get(code) if shares is not None else None,
        last_year=last_year,
    )


def _area_lines(
    own: ScoreReport, bench_areas: tuple[AreaBenchmark, ...], yoy: YearOverYear | None
) -> tuple[AreaLine, ...]:
    peers = {b.code: b for b in bench_areas}
    before = {a.code: a.met_before for a in yoy.change.areas} if yoy else {}
    return tuple(
        AreaLine(
            score=a,
            peer_median=peers[a.code].peer_median if a.code in peers else None,
            percentile=peers[a.code].percentile if a.code in peers else None,
            met_last_year=before.get(a.code),
        )
        for a in own.areas
    )


def _contributors(lines: tuple[CriterionLine, ...]) -> tuple[Contributor, ...]:
    by_person: dict[str, list[CriterionLine]] = {}
    for line in lines:
        if line.answered_by:
            by_person.setdefault(line.answered_by, []).append(line)
    people = []
    for name, done in by_person.items():
        last = max((x.answered_at for x in done if x.answered_at), default=None)
        people.append(Contributor(name, tuple(x.code for x in done), last))
    return tuple(sorted(people, key=lambda p: (-len(p.codes), p.name.casefold())))


def _gate_status(standard: Standard, assessment: Assessment) -> GateStatus:
    gate = standard.gate
    if gate is None:
        return GateStatus(None, "not required", None)
    choice = assessment.gate_choice
    if choice is None:
        return GateStatus(gate.title, "not asked", None)
    if choice == "none":
        return GateStatus(gate.title, "not yet", None, assessment.gate_words)
    label = next((o.label for o in gate.options if o.id == choice), choice)
    return GateStatus(gate.title, "shown", label, assessment.gate_words)


def _caveats(standard: Standard, own: ScoreReport, assessment: Assessment, demo: bool) -> tuple[str, ...]:
    levels = ", ".join(f"{lv.name} {lv.min_percent}%" for lv in standard.levels)
    notes = [
        _("This is a self-assessment (a readiness report), not the official Certification report. The official "
          "review, the official report and the certification decision are made by Results for America's What "
          "Works Cities team."),
        _("Criterion titles are the published short titles; questions, descriptions and next steps are our "
          "plain-language paraphrase, not the official wording or rubric."),
        # i18n: {levels} lists the levels with their thresholds ("Silver 45%, Gold 60%, Platinum 75%").
        _("Levels use the published thresholds ({levels}) on the percent of criteria met, rounded half-up; "
          "a count right at a boundary should be confirmed with Results for America.", levels=levels),
        _("Peer benchmarks are anonymous aggregates of other cities' latest completed assessments in this "
          "assistant; no peer city is ever named."),
    ]
    rule = core_rule_text(standard)
    if rule:
        notes.append(rule)
    notes.append(_("\"What counts\" lists in this assistant are its own reading of the public criteria; the "
                   "official checklists are in the Results for America certification portal."))
    if standard.gate is not None:
        # i18n: {title} is the outcome requirement's title; {total} the number of criteria (43).
        notes.append(_("The outcome requirement ({title}) is modelled as a pass/fail gate outside the {total} "
                       "criteria; how it is scored has not been published.", title=standard.gate.title,
                       total=own.total))
    if assessment.status != "complete":
        # i18n: {answered} of {total} criteria answered so far.
        notes.append(_("This assessment is still open: {answered} of {total} criteria answered; unanswered criteria "
                       "are shown as not answered and count as not met.", answered=own.answered, total=own.total))
    if demo:
        notes.append(_("Synthetic demo data: these cities, answers and people are invented."))
    return tuple(notes)
