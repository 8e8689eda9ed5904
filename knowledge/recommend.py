"""A city's roadmap: its gaps, ranked, each with what to do and who can help.

Pure and deterministic: the same knowledge, standard and report always give
the same roadmap. Order of the steps:

1. criteria the city has *in progress* (finishing them earns points soonest);
2. core standards not met yet (no level can be certified without them; the
   shortest path to the next level starts with them too);
3. criteria on the shortest path to the next level (``report.path_to_next``);
4. every other gap (*not yet*, *not sure* or unanswered);

and within each group foundational before dependent work: the phase of the
2015 WWC Standard (commit < measure < take stock < act), then prerequisites,
then the order of the standard.
"""

from __future__ import annotations

from wwc_i18n import _
from wwc_rules import Criterion, Outcome, ScoreReport, Standard

from .links import link_rank
from .models import (
    Confidence,
    CriterionHelp,
    Knowledge,
    Partner,
    PartnerStatus,
    Peer,
    Program,
    ProgramKind,
    ProgramStatus,
    Resource,
    Roadmap,
    Status,
    Step,
)

MAX_RESOURCES = 3


def recommend(
    knowledge: Knowledge,
    standard: Standard,
    report: ScoreReport,
    *,
    area: str | None = None,
    limit: int | None = None,
) -> Roadmap:
    """The ranked roadmap of ``report``'s gaps, optionally for one practice area.

    >>> roadmap = recommend(kb, standard, score(standard, {"DM2": "in_progress"}), area="DM")
    >>> roadmap.steps[0].code
    'DM2'
    """
    area_code = standard.area(area).code if area else None
    on_path = {s.code: i for i, s in enumerate(report.path_to_next)}
    earned = {c for c, o in report.outcomes.items() if o is Outcome.MET and c not in report.blocked}
    order = {c.code: i for i, c in enumerate(standard.criteria)}
    depth = _prerequisite_depth(standard)

    core_unmet = set(report.core.unmet)

    def rank(c: Criterion) -> tuple[int, int, int, int]:
        outcome = report.outcomes[c.code]
        if outcome is Outcome.IN_PROGRESS:
            group = 0
        elif c.code in core_unmet:
            group = 1
        else:
            group = 2 if c.code in on_path else 3
        return (group, c.phase.rank, depth[c.code], order[c.code])

    gaps = [c for c in standard.criteria if c.code not in earned and (area_code is None or c.area == area_code)]
    gaps.sort(key=rank)
    if limit is not None:
        gaps = gaps[: max(limit, 0)]
    steps = tuple(_step(knowledge, standard, report, c, c.code in on_path) for c in gaps)
    return Roadmap(standard_id=standard.id, area=area_code, steps=steps)


def for_criterion(knowledge: Knowledge, standard: Standard, code: str) -> CriterionHelp:
    """Next step, resources, program, partner and peer for one criterion code."""
    c = standard.criterion(code)
    partner, confidence, note = (partners_for(knowledge, c.area, c.code) or ((None, None, None),))[0]
    return CriterionHelp(
        code=c.code,
        title=c.title,
        area=c.area,
        next_step=knowledge.next_steps[c.code],
        resources=resources_for(knowledge, c),
        program=program_for(knowledge, c),
        partner=partner,
        partner_confidence=confidence,
        partner_note=note,
        peer=peer_for(knowledge, c.area, c.code),
        area_peer=None if peer_for(knowledge, c.area, c.code) else area_peer_for(knowledge, c.area),
        past_program=past_program_for(knowledge, c),
    )


def resources_for(knowledge: Knowledge, criterion: Criterion, limit: int = MAX_RESOURCES) -> tuple[Resource, ...]:
    """Resources serving ``criterion``: current before archived, current links before old hosts,
    rebuilt addresses and unofficial copies, then the closest match."""
    tags = {t.lower() for t in criterion.tags}

    def key(item: tuple[int, Resource]) -> tuple[int, int, int, int, int, int]:
        i, r = item
        overlap = sum(1 for t in r.tags if t.lower() in tags)
        links = link_rank(r.url, guessed=r.url_guessed)
        return (r.status is Status.ARCHIVED, links, r.criteria.index(criterion.code) > 0, -overlap, r.confidence.rank, i)

    found = [(i, r) for i, r in enumerate(knowledge.resources) if criterion.code in r.criteria]
    return tuple(r for _i, r in sorted(found, key=key)[:limit])


def program_for(knowledge: Knowledge, criterion: Criterion) -> Program | None:
    """The best *open* program for ``criterion``, or None.

    Open offers aimed at the criterion come first, then the general WWC Sprints
    for its area, then the Certification Community, then selective programs
    that pick their cities. Past programs are history (``past_program_for``)
    and programs that may have ended (the WWC Academy) are never offered here.
    """
    best: tuple[int, int] | None = None
    chosen = None
    for i, p in enumerate(knowledge.programs):
        tier = _program_tier(p, criterion)
        if tier is not None and (best is None or (tier, i) < best):
            best, chosen = (tier, i), p
    return chosen


def _program_tier(p: Program, criterion: Criterion) -> int | None:
    if p.status is not ProgramStatus.OPEN:
        return None
    specific = criterion.code in p.criteria
    if specific and not p.selective:
        return 0
    if not p.selective and p.kind is ProgramKind.SPRINT and criterion.area in p.areas:
        return 2
    if not p.selective and p.kind is ProgramKind.COMMUNITY and criterion.area in p.areas:
        return 3
    if specific:
        return 4
    return None


def past_program_for(knowledge: Knowledge, criterion: Criterion) -> Program | None:
    """The latest past Sprint aimed at ``criterion`` (history: ask whether a new round is planned)."""
    found = [
        (-(p.end_year or 0), -(p.start_year or 0), i, p)
        for i, p in enumerate(knowledge.programs)
        if p.status is ProgramStatus.PAST and p.kind is ProgramKind.SPRINT and criterion.code in p.criteria
    ]
    return min(found, key=lambda f: f[:3])[3] if found else None


def partners_for(
    knowledge: Knowledge, area: str, code: str | None = None
) -> tuple[tuple[Partner, Confidence, str | None], ...]:
    """Active partners for an area (or one criterion in it), most specific and surest first.

    Each entry is (partner, confidence of this match, note on the match).
    """
    found = []
    for i, p in enumerate(knowledge.partners):
        if p.status is not PartnerStatus.ACTIVE:
            continue
        for s in p.supports:
            if s.area != area:
                continue
            if s.criteria and (code is None or code not in s.criteria):
                continue
            specific = code is not None and code in s.criteria
            found.append(((not specific, s.confidence.rank, i), p, s.confidence, s.note))
    found.sort(key=lambda f: f[0])
    seen: set[str] = set()
    result = []
    for _key, p, conf, note in found:
        if p.id not in seen:
            seen.add(p.id)
            result.append((p, conf, note))
    return tuple(result)


def peers_for(knowledge: Knowledge, area: str, code: str | None = None) -> tuple[Peer, ...]:
    """Peer examples for an area, those illustrating ``code`` first (callers label the others as area examples)."""

    def key(item: tuple[int, Peer]) -> tuple[int, int, int]:
        i, p = item
        return (code is None or code not in p.criteria, p.confidence.rank, i)

    found = [(i, p) for i, p in enumerate(knowledge.peers) if p.area == area or (code and code in p.criteria)]
    return tuple(p for _i, p in sorted(found, key=key))


def peer_for(knowledge: Knowledge, area: str, code: str | None = None) -> Peer | None:
    """A peer that illustrates criterion ``code`` (or, without a code, the first for the area), or None."""
    found = peers_for(knowledge, area, code)
    if code is not None:
        found = tuple(p for p in found if code in p.criteria)
    return found[0] if found else None


def area_peer_for(knowledge: Knowledge, area: str) -> Peer | None:
    """An example for the area as a whole (shown labelled as such), or None."""
    found = peers_for(knowledge, area)
    return found[0] if found else None


def programs_for_area(knowledge: Knowledge, area: str) -> tuple[Program, ...]:
    """Programs covering an area: open ones first, then uncertain ones, then past cohorts (history)."""
    order = {ProgramStatus.OPEN: 0, ProgramStatus.UNCERTAIN: 1, ProgramStatus.PAST: 2}
    found = [(order[p.status], i, p) for i, p in enumerate(knowledge.programs) if area in p.areas]
    return tuple(p for *_key, p in sorted(found, key=lambda f: f[:2]))


def reason_for(criterion: Criterion, outcome: Outcome, on_path: bool, report: ScoreReport) -> str:
    """Why this criterion is on the roadmap, in words (an unanswered one is said to be not answered).

    Independent clauses joined with "; ": what the city answered, then whether it is a core standard,
    then whether it is on the shortest path to the next level.
    """
    name = f"{criterion.code} ({criterion.title})"
    if criterion.code in report.blocked:
        # i18n: the reason a criterion is on a city's roadmap, shown after "Why:" (lower case, no final period;
        # more clauses may follow after "; "). {name} is a criterion code and title, e.g. "DM2 (Data Inventory)".
        # "Met", "In progress", "Not yet" and "Not sure" are the answer options' names.
        clauses = [_("you answered Met on {name}, but it only counts once its prerequisites are met", name=name)]
    elif outcome is Outcome.IN_PROGRESS:
        # i18n: see "you answered Met on {name}…": a clause of the reason a criterion is on the roadmap
        clauses = [_("you answered In progress on {name}: finishing it earns the point", name=name)]
    elif outcome is Outcome.NOT_YET:
        # i18n: see "you answered Met on {name}…": a clause of the reason a criterion is on the roadmap
        clauses = [_("you answered Not yet on {name}", name=name)]
    elif criterion.code in report.unanswered:
        # i18n: see "you answered Met on {name}…": a clause of the reason a criterion is on the roadmap
        clauses = [_("{name} is not answered yet: answer it first, it may already be met", name=name)]
    else:
        # i18n: see "you answered Met on {name}…": a clause of the reason a criterion is on the roadmap
        clauses = [_("you answered Not sure on {name}: confirm it first, it may already be met", name=name)]
    if criterion.code in report.core.unmet:
        # i18n: a clause added after "; " to the reason a criterion is on the roadmap (lower case, no final period)
        clauses.append(_("it is a core standard, required for certification at any level"))
    if on_path and report.next_level is not None:
        # i18n: a clause added after "; " to the reason a criterion is on the roadmap; {level} is a level name (Gold)
        clauses.append(_("it is on the shortest path to {level}", level=report.next_level.name))
    return "; ".join(clauses)


def _step(knowledge: Knowledge, standard: Standard, report: ScoreReport, c: Criterion, on_path: bool) -> Step:
    help_ = for_criterion(knowledge, standard, c.code)
    outcome = report.outcomes[c.code]
    return Step(
        **dict(help_),
        outcome=outcome,
        answered=c.code not in report.unanswered,
        reason=reason_for(c, outcome, on_path, report),
    )


def _prerequisite_depth(standard: Standard) -> dict[str, int]:
    """How many prerequisite levels sit under each criterion (0 = none)."""
    depth: dict[str, int] = {}

    def visit(code: str) -> int:
        if code not in depth:
            prereqs = standard.criterion(code).prerequisites
            depth[code] = 1 + max((visit(p) for p in prereqs), default=-1)
        return depth[code]

    for c in standard.criteria:
        visit(c.code)
    return depth
