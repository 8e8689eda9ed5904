"""The self-assessment as CSV: one row per criterion, ready for a spreadsheet.

``core_standard`` marks the criteria required for any level; ``readiness`` repeats
the report's one-sentence readiness on every row, so a filtered sheet keeps it.
"""

from __future__ import annotations

import csv
import io

from wwc_i18n import N_, _

from .models import CityReport, CriterionLine

# The column headers, in English (the message ids); the file shows them in the language in force.
COLUMNS = (
    # i18n: a CSV column header: lowercase words joined by underscores (as in "peer_met_share").
    N_("area"), N_("area_name"), N_("code"), N_("title"), N_("outcome"), N_("answered_by"), N_("answered_at"),
    # i18n: a CSV column header: lowercase words joined by underscores (as in "peer_met_share").
    N_("evidence_url"), N_("evidence_note"), N_("peer_met_share"), N_("last_year_outcome"), N_("core_standard"),
    # i18n: a CSV column header: lowercase words joined by underscores (as in "peer_met_share").
    N_("readiness"),
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render_csv(r: CityReport) -> str:
    """Every criterion of the standard, in its order (pure)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_(c) for c in COLUMNS])
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
        _("yes") if x.code in r.core.codes else "",
        r.readiness,
    ]


def _cell(text: str | None) -> str:
    """User text, kept from being run as a spreadsheet formula."""
    if not text:
        return ""
    return "'" + text if text.startswith(_FORMULA_START) else text
