"""The self-assessment as a PNG chart: per-area bars of % met, level thresholds, peer medians.

Deterministic: fixed size and resolution, bundled font, no software or time
stamps in the file, so the same report always gives the same bytes.
"""

from __future__ import annotations

import io
import math
import textwrap
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from wwc_i18n import _, ngettext

from .models import CityReport

WIDTH_IN, HEIGHT_IN, DPI = 11.0, 6.5, 100  # 1100 x 650 pixels
SIZE = (round(WIDTH_IN * DPI), round(HEIGHT_IN * DPI))
_BAR = "#5b8db8"
_LEVEL_COLOURS = ("#8c8f94", "#c9a227", "#4a5560")  # silver, gold, platinum
_RC: Any = {"font.family": "DejaVu Sans", "font.size": 11, "svg.hashsalt": "wwc", "path.simplify": True}


def render_chart(r: CityReport) -> bytes:
    """PNG bytes of the per-area chart (pure)."""
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)
        _draw(fig, r)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def _draw(fig: Figure, r: CityReport) -> None:
    ax = fig.add_subplot()
    areas = list(reversed(r.areas))  # first area on top
    ys = list(range(len(areas)))
    ax.barh(ys, [a.score.percent for a in areas], color=_BAR, height=0.62, zorder=2)
    # i18n: under a practice area's name: {met} of {total} criteria met, {percent} the share met.
    ax.set_yticks(ys, [f"{a.score.name} ({a.score.code})\n" + _("{met} of {total} met · {percent}%", met=a.score.met,
                                                                  total=a.score.total, percent=a.score.percent)
                       for a in areas])
    ax.set_xlim(0, 100)
    ax.set_xticks(range(0, 101, 10), [f"{x}%" for x in range(0, 101, 10)])
    ax.set_xlabel(_("Share of the practice area's criteria met"))
    ax.grid(axis="x", color="#e4e4e4", zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_ylim(-0.6, len(areas) + 0.1)

    handles = []
    for level, colour in zip(r.levels, _LEVEL_COLOURS * 2, strict=False):
        ax.axvline(level.min_percent, color=colour, linestyle="--", linewidth=1.6, zorder=3)
        ax.text(level.min_percent, len(areas) - 0.45, f"{level.name} {level.min_percent}%", color=colour,
                ha="center", va="bottom", fontsize=10, fontweight="bold", parse_math=False, zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    bench = r.peers.benchmark
    if bench.available:
        ax.scatter([math.nan if a.peer_median is None else a.peer_median for a in areas], ys, marker="D", s=46, color="#111111", zorder=5)
        # i18n: a legend entry: the peers' median, over {n} cities.
        handles.append(Line2D([], [], marker="D", color="#111111", linestyle="none",
                              label=ngettext("peer median ({n} city)", "peer median ({n} cities)", bench.peer_count)))
    handles.append(Line2D([], [], color=_LEVEL_COLOURS[0], linestyle="--", label=_("level thresholds (whole city)")))
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=9, frameon=False)

    s = r.score
    city = textwrap.shorten(r.city.label, 60, placeholder="…")
    values = {"city": city, "year": r.year, "points": s.points, "total": s.total, "percent": s.percent}
    if s.level:
        # i18n: the chart's title: {city}, the assessment {year}, the {level} reached on points, {points}/{total}
        # criteria met and {percent} the share met.
        title = _("{city}: {year} self-assessment · {level} on points ({points}/{total} criteria met, {percent}%)",
                  level=s.level.name, **values)
    else:
        # i18n: as above, with no level reached yet.
        title = _("{city}: {year} self-assessment · no level yet ({points}/{total} criteria met, {percent}%)",
                  **values)
    fig.suptitle(title, fontsize=14, fontweight="bold", parse_math=False)
    # i18n: {group} describes the peer cities (e.g. "cities of 30,000-99,999 residents").
    note = _("Peers: {group}.", group=r.peers.group) if bench.available else bench.note
    if r.demo:
        # i18n: {note} is the sentence that follows (about the peers).
        note = _("Synthetic demo data. {note}", note=note)
    # i18n: {readiness} is a sentence on whether the city meets the thresholds; {note} the sentences that follow.
    note = _("{readiness} Not the official report. {note}",
             readiness=textwrap.shorten(r.readiness, 230, placeholder="…"), note=note)
    note = textwrap.fill(textwrap.shorten(note, 400, placeholder="…"), 135)
    ax.set_title(note, fontsize=9.5, color="#555555", parse_math=False)
