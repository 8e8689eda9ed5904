"""The self-assessment as CSV: one row per criterion, ready for a spreadsheet.

``core_standard`` marks the criteria required for any level; ``readiness`` repeats
the report's one-sentence readiness on every row, so a filtered sheet keeps it.
"""

from __future__ import annotations

import csv
import io

from .models import CityReport, CriterionLine

COLUMNS = (
    "area", "area_name", "code", "title", "outcome", "answered_by", "answered_at",
    "evidence_url", "evidence_note", "peer_met_share", "last_year_outcome", "core_standard", "readiness",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render_csv(r: CityReport) -> str:
    """Every criterion of the standard, in its order (pure)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for line in r.criteria:
        writer.writerow(_row(r, line))
    return out.getvalue()


def _row(r: CityReport, x: CriterionLine) -> list[str]:
    return [
        x.area,
        r.area_name(x.area),
        x.code,
        x.title,
        x.outcome_label,
        _cell(x.answered_by),
        x.answered_at.isoformat(timespec="seconds") if x.answered_at else "",
        _cell(x.evidence_url),
        _cell(x.evidence_note),
        "" if x.peer_met_share is None else str(x.peer_met_share),
        x.last_year.label if x.last_year else "",
        "yes" if x.code in r.core.codes else "",
        r.readiness,
    ]


def _cell(text: str | None) -> str:
    """User text, kept from being run as a spreadsheet formula."""
    if not text:
        return ""
    return "'" + text if text.startswith(_FORMULA_START) else text
