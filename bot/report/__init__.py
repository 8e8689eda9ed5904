"""The self-assessment (readiness report) of a city: composed once, rendered as Markdown, CSV, PNG, Slack blocks or
the App Home (``compose.dashboard_view``).

Not the official Certification report, which Results for America issues after its review.
Its parts (``AreaLine``, ``CriterionLine``...) are in ``bot.report.models``.

>>> from bot.report import build_city_report
>>> from bot.report.markdown import render_markdown
"""

from .compose import ReportError, build_city_report, dashboard_view, score_assessment
from .models import CityReport, Dashboard

__all__ = [
    "CityReport",
    "Dashboard",
    "ReportError",
    "build_city_report",
    "dashboard_view",
    "score_assessment",
]
