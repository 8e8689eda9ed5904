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

import wwc_i18n
from bot.store import Store
from bot.store.reporting import activity, network_submissions, snapshot_cutoff
from wwc_i18n import N_, _, long_date, ngettext
from wwc_rules import MIN_PEERS, Outcome, Standard, percent_of

from .compose import score_assessment

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
    levels: dict[str, int | None]  # level name (or "No level", in the language in force) -> cities
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
        return _withheld(empty, _("No snapshot yet: figures appear once at least 5 cities have completed an "
                                  "assessment before the start of a month."))
    current = network_submissions(store, standard.id, snapshot)
    last = network_submissions(store, standard.id, snapshot, up_to_year=year - 1)
    n, n_last = len(current), len(last)
    if n < MIN_PEERS:
        # i18n: {min} is the least number of cities shown (5); {date} the snapshot's day.
        return _withheld(empty, _("Fewer than {min} cities in the snapshot of {date}.", min=MIN_PEERS,
                                  date=_day(snapshot)))
    reports = [score_assessment(standard, s.answers, s.gate_choice) for s in current]
    before = [score_assessment(standard, s.answers, s.gate_choice) for s in last]
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
    no_level = _("No level")
    levels = Counter(r.level.name if r.level else no_level for r in reports)
    names = [no_level, *(lv.name for lv in standard.levels)]
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
        # i18n: {date} is the snapshot's day, {n} the number of cities (at least 5), {min} the least number behind
        # a figure (5).
        note=ngettext(
            "Snapshot of {date}: the latest completed assessment of each of {n} city, as it stood "
            "then. Every figure stands on at least {min} cities; no city is named. Levels are by the "
            "published thresholds; 'ready' also needs the outcome requirement and the core standards.",
            "Snapshot of {date}: the latest completed assessment of each of {n} cities, as it stood "
            "then. Every figure stands on at least {min} cities; no city is named. Levels are by the "
            "published thresholds; 'ready' also needs the outcome requirement and the core standards.",
            n, date=_day(snapshot), min=MIN_PEERS,
        ),
    )


def _withheld(view: NetworkView, note: str) -> NetworkView:
    return NetworkView(**{**view.__dict__, "note": note})


def _day(when: datetime) -> str:
    """The snapshot's day: "01 Mar 2026" in English, the language's long date otherwise."""
    return f"{when:%d %b %Y}" if wwc_i18n.current() == wwc_i18n.ENGLISH else long_date(when.date())


def _shown(value: int | None, suffix: str = "") -> str:
    if value is None and not suffix:
        # i18n: a count of cities withheld because it is small; {min} is 5.
        return _("fewer than {min}", min=MIN_PEERS)
    return "-" if value is None else f"{value}{suffix}"


def _change(now: int | None, before: int | None) -> str:
    return "-" if now is None or before is None else f"{now - before:+d}"


# What the activity counts of ``bot.store.reporting.activity`` say, by key.
_ACTIVITY = {
    # i18n: {year} is the assessment year; {count} a number of cities (or "fewer than 5").
    "started": N_("- Cities that started a {year} assessment: {count}"),
    # i18n: {year} is the assessment year; {count} a number of cities (or "fewer than 5").
    "finished": N_("- Cities that finished a {year} assessment: {count}"),
    # i18n: {year} is the assessment year; {count} a number of cities (or "fewer than 5").
    "updated": N_("- Cities that updated a {year} assessment: {count}"),
}


def _activity(key: str, year: int, count: str) -> str:
    message = _ACTIVITY.get(key)
    return _(message, year=year, count=count) if message else f"- Cities that {key} a {year} assessment: {count}"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_network_markdown(v: NetworkView) -> str:
    # i18n: {standard} is the standard's name.
    lines = [_("# What Works Cities network view ({standard})", standard=v.standard), "", v.note, ""]
    if not v.cities:
        return "\n".join(lines)
    lines += [_("## This year"), ""]
    lines += [_activity(k, v.year, _shown(x)) for k, x in v.activity.items()]
    lines += ["", _("## Levels (published thresholds)"), ""]
    lines += [f"- {name}: {_shown(x)}" for name, x in v.levels.items()]
    # i18n: {count} is a number of cities (or "fewer than 5").
    lines += [_("- Meeting every published requirement of their level: {count}", count=_shown(v.ready)), ""]
    lines += [_("## Practice areas"), "", _row([_("Area"), _("Median % met"), _("Last year"), _("Change")]),
              "|---|---|---|---|"]
    lines += [f"| {a.name} | {_shown(a.met, '%')} | {_shown(a.met_last_year, '%')} | "
              f"{_change(a.met, a.met_last_year)} |" for a in v.areas]
    titles = {c.code: c.title for c in v.criteria}
    lines += ["", _("## Most common gaps (Not yet or In progress)"), ""]
    lines += [f"- {code} {titles[code]}" for code in v.gaps] or [_("- none")]
    lines += ["", _("## Most common Not sure (where guidance may be missing)"), ""]
    lines += [f"- {code} {titles[code]}" for code in v.unsure] or [_("- none")]
    lines += ["", _("## Criteria"), "",
              _row([_("Code"), _("Criterion"), _("% met"), _("Last year"), _("Change"), _("% not sure"), _("% gap")]),
              "|---|---|---|---|---|---|---|"]
    lines += [
        f"| {c.code} | {c.title} | {_shown(c.met, '%')} | {_shown(c.met_last_year, '%')} | "
        f"{_change(c.met, c.met_last_year)} | {_shown(c.not_sure, '%')} | {_shown(c.gap, '%')} |"
        for c in v.criteria
    ]
    return "\n".join(lines) + "\n"


# The CSV's column headers, in English (the message ids); the file shows them in the language in force.
CSV_COLUMNS = (
    # i18n: a CSV column header: lowercase words joined by underscores (as in "share_met").
    N_("area"), N_("code"), N_("criterion"), N_("share_met"), N_("share_met_last_year"), N_("change"),
    # i18n: a CSV column header: lowercase words joined by underscores (as in "share_met").
    N_("share_not_sure"), N_("share_gap"), N_("cities"), N_("snapshot"),
)


def render_network_csv(v: NetworkView) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([_(c) for c in CSV_COLUMNS])
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
            ax.scatter([x for _yy, x in last], [yy for yy, _x in last], marker="|", s=120, color="black",
                       label=_("last year"), zorder=3)
            ax.legend(loc="lower right")
        ax.set_yticks(y, [f"{c.code} {c.title[:38]}" for c in rows], fontsize=7)
        ax.set_xlim(0, 100)
        ax.set_xlabel(_("% of cities that meet the criterion"))
        ax.grid(axis="x", alpha=0.3)
    if v.snapshot:
        # i18n: the chart's title: {n} cities behind the figures (0 when withheld), {date} the snapshot's day.
        title = ngettext("What Works Cities network: {n} city, snapshot of {date}",
                         "What Works Cities network: {n} cities, snapshot of {date}", v.cities, date=_day(v.snapshot))
    else:
        title = ngettext("What Works Cities network: {n} city", "What Works Cities network: {n} cities", v.cities)
    ax.set_title(title, fontsize=12)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    return buf.getvalue()


NETWORK_FORMATS = {"md": render_network_markdown, "csv": render_network_csv}
