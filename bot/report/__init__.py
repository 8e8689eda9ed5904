"""The certification report of a city: composed once, rendered as Markdown, CSV, PNG or Slack blocks.

>>> from bot.report import build_city_report
>>> from bot.report.markdown import render_markdown
"""

from .compose import ReportError, build_city_report, score_assessment
from .models import AreaLine, CityInfo, CityReport, Contributor, CriterionLine, GateStatus, Peers, YearOverYear

__all__ = [
    "AreaLine",
    "CityInfo",
    "CityReport",
    "Contributor",
    "CriterionLine",
    "GateStatus",
    "Peers",
    "ReportError",
    "YearOverYear",
    "build_city_report",
    "score_assessment",
]
