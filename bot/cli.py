"""The ``wwc-bot`` command line.

``wwc-bot`` with no subcommand is the main job: it serves Slack when Slack
tokens are set and otherwise opens the local chat. Each subcommand lives in
its own module, imported only when used, so start-up stays fast.
"""

from __future__ import annotations

import argparse
import logging
import sys

import wwc_i18n as i18n
from wwc_i18n import LANGUAGES

from .settings import SettingsError, load_settings

log = logging.getLogger("wwc")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wwc-bot",
        description="The WWC assistant: What Works Cities Certification, one criterion at a time.",
    )
    parser.add_argument("--db", help="SQLite database file (default: $WWC_DB_PATH or ./wwc.db)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    chat = sub.add_parser("chat", help="talk to the assistant in this terminal (no Slack needed)")
    chat.add_argument("--city", help="your city, e.g. 'Tempe, AZ' (asked if not given)")
    chat.add_argument("--user", help="your name (default: your login name)")
    chat.add_argument("--lang", choices=LANGUAGES, help="the language to talk in: en, es or pt (kept for you)")

    serve = sub.add_parser("serve", help="serve Slack (Socket Mode, or --http for the Events API)")
    serve.add_argument("--http", action="store_true", help="serve the Events API over HTTP at /slack/events")
    serve.add_argument("--host", default="0.0.0.0", help="HTTP address to bind (default 0.0.0.0)")
    serve.add_argument("--port", type=int, default=3000, help="HTTP port (default 3000)")

    report = sub.add_parser("report", help="write a city's self-assessment (readiness report)")
    report.add_argument("--city", required=True, help="the city's name, or 'Name, Region'")
    report.add_argument("--format", choices=["md", "csv", "png"], default="md")
    report.add_argument("--out", help="output file (default: wwc-report-<city>-<year>.<format>)")
    report.add_argument("--lang", choices=LANGUAGES, default="en", help="the report's language: en, es or pt")
    report.add_argument("--db", default=argparse.SUPPRESS, help="SQLite database file (as before the command)")

    demo = sub.add_parser("demo", help="fill a separate demo database with a synthetic network of cities")
    demo.add_argument("--db", dest="demo_db", help="demo database file (default: wwc-demo.db)")
    demo.add_argument("--cities", type=int, default=12, help="how many synthetic cities (default 12)")
    demo.add_argument("--seed", type=int, default=7, help="random seed; the same seed gives the same network")

    backup = sub.add_parser("backup", help="write a consistent copy of the database (safe while the app runs)")
    backup.add_argument("file", help="a new file for the copy (never overwritten)")
    restore = sub.add_parser("restore", help="put a backup in place of the database (stop the app first)")
    restore.add_argument("file", help="the backup file")

    network = sub.add_parser("network", help="the network team's anonymous view of where the network stands")
    network.add_argument("--format", choices=["md", "csv", "png"], default="md")
    network.add_argument("--out", help="output file (md and csv print to the terminal when not given)")
    network.add_argument("--lang", choices=LANGUAGES, default="en", help="the view's language: en, es or pt")
    network.add_argument("--db", default=argparse.SUPPRESS, help="SQLite database file (as before the command)")

    kb = sub.add_parser("knowledge", help="check the knowledge data (and the network team's overlay folder)")
    kb.add_argument("action", choices=["check"], help="check: validate every file, naming the file and field")
    kb.add_argument("--dir", help="an overlay folder to check (default: $WWC_KNOWLEDGE_DIR)")

    sub.add_parser("standard", help="print a summary of the current standard")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        overrides = {"WWC_DB_PATH": args.db} if args.db else {}
        settings = load_settings(**overrides)
    except SettingsError as exc:
        print(f"wwc-bot: setting error: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    command = args.command or ("serve" if settings.has_slack else "chat")
    if command == "knowledge":
        return knowledge_check(getattr(args, "dir", None) or settings.knowledge_dir)
    try:
        import knowledge

        knowledge.configure(settings.knowledge_dir)
    except Exception as exc:
        log.error("knowledge folder %s not used: %s", settings.knowledge_dir, exc)
    try:
        if command == "standard":
            return print_standard()
        if command == "chat":
            from .chat import run_chat

            if args.command is None:
                print(
                    "No Slack tokens set: starting the local chat. To connect Slack, create the app from "
                    "app_manifest.yml and set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (see README).",
                    file=sys.stderr,
                )
            return run_chat(
                settings, city=getattr(args, "city", None), user=getattr(args, "user", None),
                lang=getattr(args, "lang", None),
            )
        if command == "serve":
            from .slack.serve import run_serve

            _reload_on_sighup()
            return run_serve(
                settings,
                http=getattr(args, "http", False),
                host=getattr(args, "host", "0.0.0.0"),
                port=getattr(args, "port", 3000),
            )
        if command == "report":
            from .report.cli import run_report

            with i18n.using(args.lang):
                return run_report(settings, city=args.city, fmt=args.format, out=args.out)
        if command == "network":
            with i18n.using(args.lang):
                return run_network(settings, fmt=args.format, out=args.out)
        if command in ("backup", "restore"):
            from .backup import run_backup, run_restore

            return (run_backup if command == "backup" else run_restore)(settings, args.file)
        if command == "demo":
            from .demo import run_demo

            return run_demo(settings, db=args.demo_db, cities=args.cities, seed=args.seed)
    except SettingsError as exc:
        print(f"wwc-bot: setting error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    raise AssertionError(f"unhandled command {command}")


def run_network(settings: object, *, fmt: str, out: str | None) -> int:
    """``wwc-bot network``: the network view as Markdown, CSV (printed or to a file) or a PNG chart."""
    from pathlib import Path

    from wwc_rules import load_standard

    from .backup import UnsafePath, check_output_path, write_atomically
    from .report.network import NETWORK_FORMATS, build_network_view, render_network_chart
    from .store import Store, utcnow

    db = settings.db_path  # type: ignore[attr-defined]
    if not db.exists():
        print(f"wwc-bot: no database at {db}", file=sys.stderr)
        return 1
    store = Store(db)
    try:
        from wwc_rules.i18n import in_force

        view = build_network_view(store, in_force(load_standard()), utcnow())
    finally:
        store.close()
    data = render_network_chart(view) if fmt == "png" else NETWORK_FORMATS[fmt](view).encode("utf-8")
    if out is None and fmt != "png":
        sys.stdout.write(data.decode("utf-8"))
        return 0
    path = Path(out or f"wwc-network-{view.year}.png")
    try:
        check_output_path(path, protect=db)
    except UnsafePath as exc:
        print(f"wwc-bot: not writing the network view: {exc}", file=sys.stderr)
        return 1
    write_atomically(path, data)
    print(path)
    return 0


def knowledge_check(overlay: object) -> int:
    """``wwc-bot knowledge check``: the shipped data and the overlay, with the same validation as at start."""
    from knowledge import KnowledgeError, load_knowledge
    from wwc_rules import load_standard
    from wwc_rules.i18n import translated

    standard = load_standard()
    try:
        kb = load_knowledge(standard, overlay=overlay or None)  # type: ignore[arg-type]
        for lang in LANGUAGES[1:]:  # every language people read must load with this overlay too
            load_knowledge(translated(standard.id, lang), overlay=overlay or None)  # type: ignore[arg-type]
    except KnowledgeError as exc:
        print(f"wwc-bot: knowledge check failed: {exc}", file=sys.stderr)
        return 1
    where = f"shipped data + {overlay}" if overlay else "shipped data"
    print(
        f"knowledge ok ({where}): {len(kb.resources)} resources, {len(kb.programs)} programs, "
        f"{len(kb.partners)} partners, {len(kb.peers)} peer examples, {len(kb.terms)} terms; "
        f"in {', '.join(LANGUAGES)}"
    )
    return 0


def _reload_on_sighup() -> None:
    """``kill -HUP <pid>`` reloads the knowledge data; a broken file is logged and the running data stays."""
    import signal

    if not hasattr(signal, "SIGHUP"):
        return

    def reload(_signum: int, _frame: object) -> None:
        from knowledge import KnowledgeError, reload_knowledge
        from wwc_rules import load_standard

        try:
            kb = reload_knowledge(load_standard())
            log.info("knowledge reloaded: %d resources, %d programs", len(kb.resources), len(kb.programs))
        except KnowledgeError as exc:
            log.error("knowledge not reloaded, the running data stays: %s", exc)

    signal.signal(signal.SIGHUP, reload)


def print_standard() -> int:
    from wwc_rules import load_standard

    standard = load_standard()
    print(f"{standard.name}: {len(standard.criteria)} criteria in {len(standard.areas)} practice areas")
    for level in standard.levels:
        print(f"  {level.name}: at least {level.min_percent}% of criteria met")
    for area in standard.areas:
        codes = ", ".join(c.code for c in standard.criteria_in(area.code))
        print(f"  {area.code:<5}{area.name} ({codes})")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
