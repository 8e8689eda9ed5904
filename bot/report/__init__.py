"""The self-assessment (readiness report) of a city: composed once, rendered as Markdown, CSV, PNG or Slack blocks.

Not the official Certification report, which Results for America issues after its review.

>>> from bot.report import build_city_report
>>> from bot.report.markdown import render_markdown
"""

from .compose import ReportError, build_city_report, score_assessment
from .models import (
    AreaLine,
    CityInfo,
    CityReport,
    Contributor,
    CoreStatus,
    CriterionLine,
    GateStatus,
    Peers,
    YearOverYear,
)

__all__ = [
    "AreaLine",
    "CityInfo",
    "CityReport",
    "Contributor",
    "CoreStatus",
    "CriterionLine",
    "GateStatus",
    "Peers",
    "ReportError",
    "YearOverYear",
    "build_city_report",
    "score_assessment",
]
