"""The network team's view: where the network stands, anonymously.

Built from the same monthly snapshot as peer benchmarks (``snapshot_cutoff``), so two views never reveal one
city by their difference, and every figure stands on at least ``MIN_PEERS`` cities (a smaller count is
shown as "fewer than 5", with a second cell hidden where one could be worked out from a total). No city is
ever named. Renderings: Markdown, CSV and a PNG chart.

    wwc-bot network --format md|csv|png [--out FILE]
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.store import Store
from bot.store.reporting import activity, network_submissions, snapshot_cutoff
from wwc_rules import MIN_PEERS, Outcome, Standard, percent_of, score

HIDDEN = None  # a figure withheld because fewer than MIN_PEERS cities stand behind it


@dataclass(frozen=True)
class CriterionShare:
    code: str
    title: str
    area: str
    met: int | None  # % of cities that meet it (None: withheld)
    met_last_year: int | None
    not_sure: int | None  # % that answered Not sure
    gap: int | None  # % with Not yet or In progress


@dataclass(frozen=True)
class AreaShare:
    code: str
    name: str
    met: int | None  # median % of the area's criteria met, over cities
    met_last_year: int | None


@dataclass(frozen=True)
class NetworkView:
    standard: str
    snapshot: datetime | None
    year: int
    cities: int  # cities behind the figures (0 when withheld)
    activity: dict[str, int | None]  # started / finished / updated this year
    levels: dict[str, int | None]  # level name (or "No level") -> cities
    ready: int | None  # cities meeting every published requirement of their level
    criteria: tuple[CriterionShare, ...]
    areas: tuple[AreaShare, ...]
    gaps: tuple[str, ...]  # the most common gaps (codes)
    unsure: tuple[str, ...]  # the most common Not sure (codes)
    note: str


def _pct(count: int, n: int) -> int | None:
    return percent_of(count, n) if n >= MIN_PEERS else HIDDEN


def _small(count: int) -> int | None:
    return count if count == 0 or count >= MIN_PEERS else HIDDEN


def _suppress(cells: dict[str, int]) -> dict[str, int | None]:
    """Small cells hidden; if exactly one is hidden, the next smallest too (it could be worked out from the total)."""
    out: dict[str, int | None] = {k: _small(v) for k, v in cells.items()}
    hidden = [k for k, v in out.items() if v is None]
    if len(hidden) == 1:
        shown = sorted((v, k) for k, v in cells.items() if out[k] is not None and v > 0)
        if shown:
            out[shown[0][1]] = HIDDEN
    return out


def _median(values: list[int]) -> int:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else round((ordered[mid - 1] + ordered[mid]) / 2)


def build_network_view(store: Store, standard: Standard, now: datetime, *, top: int = 5) -> NetworkView:
    snapshot = snapshot_cutoff(store, standard.id, 0, now)
    year = now.year
    empty = NetworkView(standard.name, snapshot, year, 0, {}, {}, None, (), (), (), (), "")
    if snapshot is None:
        return _withheld(empty, "No snapshot yet: figures appear once at least 5 cities have completed an assessment "
                         "before the start of a month.")
    current = network_submissions(store, standard.id, snapshot)
    last = network_submissions(store, standard.id, snapshot, up_to_year=year - 1)
    n, n_last = len(current), len(last)
    if n < MIN_PEERS:
        return _withheld(empty, f"Fewer than {MIN_PEERS} cities in the snapshot of {snapshot:%d %b %Y}.")
    reports = [score(standard, s.answers, gate_choice=None if s.gate_choice in (None, "none") else s.gate_choice)
               for s in current]
    before = [score(standard, s.answers, gate_choice=None if s.gate_choice in (None, "none") else s.gate_choice)
              for s in last]
    criteria = []
    for c in standard.criteria:
        outcomes = [s.answers.get(c.code) for s in current]
        met = sum(1 for o in outcomes if o is Outcome.MET)
        criteria.append(
            CriterionShare(
                code=c.code,
                title=c.title,
                area=c.area,
                met=_pct(met, n),
                met_last_year=_pct(sum(1 for s in last if s.answers.get(c.code) is Outcome.MET), n_last),
                not_sure=_pct(sum(1 for o in outcomes if o in (Outcome.NOT_SURE, None)), n),
                gap=_pct(sum(1 for o in outcomes if o in (Outcome.NOT_YET, Outcome.IN_PROGRESS)), n),
            )
        )
    areas = tuple(
        AreaShare(
            code=a.code,
            name=a.name,
            met=_median([r.areas[i].percent for r in reports]),
            met_last_year=_median([r.areas[i].percent for r in before]) if n_last >= MIN_PEERS else HIDDEN,
        )
        for i, a in enumerate(standard.areas)
    )
    levels = Counter(r.level.name if r.level else "No level" for r in reports)
    names = ["No level", *(lv.name for lv in standard.levels)]
    ready = sum(1 for r in reports if r.ready)
    counts = activity(store, standard.id, year, snapshot)
    gaps = sorted((c for c in criteria if c.gap), key=lambda c: (-(c.gap or 0), c.code))[:top]
    unsure = sorted((c for c in criteria if c.not_sure), key=lambda c: (-(c.not_sure or 0), c.code))[:top]
    return NetworkView(
        standard=standard.name,
        snapshot=snapshot,
        year=year,
        cities=n,
        activity=_suppress(counts),
        levels=_suppress({name: levels.get(name, 0) for name in names}),
        ready=_small(ready),
        criteria=tuple(criteria),
        areas=areas,
        gaps=tuple(c.code for c in gaps),
        unsure=tuple(c.code for c in unsure),
        note=(
            f"Snapshot of {snapshot:%d %b %Y}: the latest completed assessment of each of {n} cities, as it stood "
            f"then. Every figure stands on at least {MIN_PEERS} cities; no city is named. Levels are by the "
            "published thresholds; 'ready' also needs the outcome requirement and the core standards."
        ),
    )


def _withheld(view: NetworkView, note: str) -> NetworkView:
    return NetworkView(**{**view.__dict__, "note": note})


def _shown(value: int | None, suffix: str = "") -> str:
    return f"fewer than {MIN_PEERS}" if value is None and not suffix else ("-" if value is None else f"{value}{suffix}")


def _change(now: int | None, before: int | None) -> str:
    return "-" if now is None or before is None else f"{now - before:+d}"


def render_network_markdown(v: NetworkView) -> str:
    lines = [f"# What Works Cities network view ({v.standard})", "", v.note, ""]
    if not v.cities:
        return "\n".join(lines)
    lines += ["## This year", ""]
    lines += [f"- Cities that {k} a {v.year} assessment: {_shown(x)}" for k, x in v.activity.items()]
    lines += ["", "## Levels (published thresholds)", ""]
    lines += [f"- {name}: {_shown(x)}" for name, x in v.levels.items()]
    lines += [f"- Meeting every published requirement of their level: {_shown(v.ready)}", ""]
    lines += ["## Practice areas", "", "| Area | Median % met | Last year | Change |", "|---|---|---|---|"]
    lines += [f"| {a.name} | {_shown(a.met, '%')} | {_shown(a.met_last_year, '%')} | "
              f"{_change(a.met, a.met_last_year)} |" for a in v.areas]
    titles = {c.code: c.title for c in v.criteria}
    lines += ["", "## Most common gaps (Not yet or In progress)", ""]
    lines += [f"- {code} {titles[code]}" for code in v.gaps] or ["- none"]
    lines += ["", "## Most common Not sure (where guidance may be missing)", ""]
    lines += [f"- {code} {titles[code]}" for code in v.unsure] or ["- none"]
    lines += ["", "## Criteria", "", "| Code | Criterion | % met | Last year | Change | % not sure | % gap |",
              "|---|---|---|---|---|---|---|"]
    lines += [
        f"| {c.code} | {c.title} | {_shown(c.met, '%')} | {_shown(c.met_last_year, '%')} | "
        f"{_change(c.met, c.met_last_year)} | {_shown(c.not_sure, '%')} | {_shown(c.gap, '%')} |"
        for c in v.criteria
    ]
    return "\n".join(lines) + "\n"


def render_network_csv(v: NetworkView) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["area", "code", "criterion", "share_met", "share_met_last_year", "change", "share_not_sure",
                "share_gap", "cities", "snapshot"])
    stamp = v.snapshot.date().isoformat() if v.snapshot else ""
    for c in v.criteria:
        change = "" if c.met is None or c.met_last_year is None else c.met - c.met_last_year
        w.writerow([c.area, c.code, c.title, _cell(c.met), _cell(c.met_last_year), change, _cell(c.not_sure),
                    _cell(c.gap), v.cities, stamp])
    return out.getvalue()


def _cell(value: int | None) -> str:
    return "" if value is None else str(value)


def render_network_chart(v: NetworkView) -> bytes:
    """A PNG: share of cities meeting each criterion, grouped by area, with last year's share marked."""
    fig = Figure(figsize=(11, 9), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    rows = [c for c in v.criteria if c.met is not None]
    if not rows:
        ax.text(0.5, 0.5, v.note, ha="center", va="center", wrap=True)
        ax.set_axis_off()
    else:
        colours = {a.code: f"C{i}" for i, a in enumerate(v.areas)}
        y = list(range(len(rows)))[::-1]
        ax.barh(y, [c.met or 0 for c in rows], color=[colours[c.area] for c in rows], height=0.7)
        last = [(yy, c.met_last_year) for yy, c in zip(y, rows, strict=True) if c.met_last_year is not None]
        if last:
            ax.scatter([x for _, x in last], [yy for yy, _ in last], marker="|", s=120, color="black",
                       label="last year", zorder=3)
            ax.legend(loc="lower right")
        ax.set_yticks(y, [f"{c.code} {c.title[:38]}" for c in rows], fontsize=7)
        ax.set_xlim(0, 100)
        ax.set_xlabel("% of cities that meet the criterion")
        ax.grid(axis="x", alpha=0.3)
    ax.set_title(f"What Works Cities network: {v.cities} cities"
                 + (f", snapshot of {v.snapshot:%d %b %Y}" if v.snapshot else ""), fontsize=12)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    return buf.getvalue()


NETWORK_FORMATS = {"md": render_network_markdown, "csv": render_network_csv}
