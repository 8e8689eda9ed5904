"""``wwc-bot report --city NAME --format md|csv|png [--out FILE]``: write a city's self-assessment to a file."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

from bot.backup import UnsafePath, check_output_path, write_atomically
from bot.settings import Settings
from bot.store import City, Store, city_key, utcnow
from bot.store.reporting import all_cities
from knowledge import load_knowledge
from wwc_i18n import _
from wwc_rules import load_standard
from wwc_rules.i18n import in_force

from .compose import ReportError, build_city_report
from .models import CityReport

FORMATS = ("md", "csv", "png")


def run_report(settings: Settings, city: str, fmt: str, out: str | None) -> int:
    """Write the report of ``city`` (a name, or "Name, Region") and print the file's path."""
    if fmt not in FORMATS:
        # i18n: {format} is what was asked for; {formats} the file formats (md, csv, png).
        return _fail(_("unknown format {format}; use one of {formats}", format=repr(fmt), formats=", ".join(FORMATS)))
    if not settings.db_path.exists():
        # i18n: {path} is the database file; 'wwc-bot chat' and 'wwc-bot demo' are commands (keep them).
        return _fail(_("no database at {path}; answer some criteria with 'wwc-bot chat' "
                       "or build the demo network with 'wwc-bot demo' first", path=settings.db_path))
    store = Store(settings.db_path)
    try:
        cities = all_cities(store)
        found = find_cities(cities, city)
        if not found:
            known = "; ".join(c.label for c in cities) or _("none yet")
            # i18n: {city} is the name asked for, {path} the database file, {known} the cities in it.
            return _fail(_("no city called {city} in {path}. Known cities: {known}", city=repr(city),
                           path=settings.db_path, known=known))
        if len(found) > 1:
            choices = "; ".join(c.label for c in found)
            # i18n: {city} is the name asked for, {choices} the cities it may mean; --city is an option (keep it).
            return _fail(_("{city} is ambiguous: {choices}. Say which with --city \"Name, Region\"", city=repr(city),
                           choices=choices))
        standard = in_force(load_standard())  # in the language of --lang
        report = build_city_report(store, standard, load_knowledge(standard), found[0].id, clock=utcnow)
    except ReportError as exc:
        return _fail(str(exc))
    finally:
        store.close()
    path = Path(out) if out else Path(default_filename(report, fmt))
    try:
        check_output_path(path, protect=settings.db_path)
    except UnsafePath as exc:
        # i18n: {reason} says why the file may not be written.
        return _fail(_("not writing the report: {reason}", reason=exc))
    write_atomically(path, render(report, fmt))
    print(path)
    return 0


def find_cities(cities: list[City], query: str) -> list[City]:
    """Cities whose name, or "name, region", matches ``query`` (case and punctuation ignored)."""
    key = city_key(query, "")
    by_label = [c for c in cities if city_key(c.name, c.region) == key]
    return by_label or [c for c in cities if city_key(c.name, "") == key]


def render(report: CityReport, fmt: str) -> bytes:
    """The report in ``fmt`` as bytes (renderers are imported only when used)."""
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(report).encode("utf-8")
    if fmt == "csv":
        from .csv_export import render_csv

        return render_csv(report).encode("utf-8")
    from .chart import render_chart

    return render_chart(report)


def default_filename(report: CityReport, fmt: str) -> str:
    """``wwc-report-<city-slug>-<year>.<ext>`` (kept for scripts; the file is titled a self-assessment)."""
    ascii_name = unicodedata.normalize("NFKD", report.city.name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.casefold()).strip("-") or "city"
    return f"wwc-report-{slug}-{report.year}.{fmt}"


def _fail(message: str) -> int:
    print(f"wwc-bot report: {message}", file=sys.stderr)
    return 1
