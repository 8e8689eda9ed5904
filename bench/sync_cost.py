"""What the synced commit costs per answer: ``synchronous=FULL`` (every commit on disk before the ack) against
``synchronous=NORMAL`` (WAL synced at checkpoints only), measured in one run.

Two stores on the same filesystem, one as the app opens it (FULL) and one switched to NORMAL, each with
a city whose lead answers one criterion after another. Each answer is handled as a button press is
before its ack: in one transaction, the press's one-shot key and the engine's writes
(``SlackService.handle``), then the commit. Answers alternate between the two stores (FULL, NORMAL,
FULL, ...) so that whatever else the machine does weighs on both alike; every answer changes the
outcome, so each one writes. Also timed the same way: a commit of one small write alone.

    python bench/sync_cost.py [--answers 400] [--dir FOLDER]

The folder must be on the disk the database would live on (a tmpfs makes every sync free; the script
prints the filesystem it measured on). Exits 1 if the FULL store does not sync (``PRAGMA synchronous``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlite_utils import Database  # noqa: E402

from bot.engine import Actor, Engine, UserInput  # noqa: E402
from bot.store import Store  # noqa: E402
from wwc_rules import load_standard  # noqa: E402

OUTCOMES = ("met", "not_yet", "in_progress", "not_sure")


class NormalSyncStore(Store):
    """The store with WAL's usual ``synchronous=NORMAL`` (the setting before this measurement)."""

    def _connect(self, *, shared: bool = False) -> Database:
        db = super()._connect(shared=shared)
        db.execute("PRAGMA synchronous = NORMAL")
        return db


class Lead:
    """A city's lead answering through the engine, each answer in one transaction as the Slack app does it."""

    def __init__(self, store: Store, engine: Engine, codes: list[str]) -> None:
        self.store, self.engine = store, engine
        self.actor = Actor(workspace="T1", user="U1", name="Ana")
        for text in ("hello", "Tempe, AZ", "185,000"):
            engine.handle(self.actor, UserInput(text=text))
        self.answers = cycle((code, outcome) for outcome in OUTCOMES for code in codes)
        self.n = 0

    def answer(self) -> float:
        code, outcome = next(self.answers)
        self.n += 1
        began = time.perf_counter()
        with self.store.transaction():  # SlackService.handle: the one-shot key and the answer, one commit
            self.store.mark_event_processed(f"click:T1:U1:D1:{self.n}:answer:{code}:{outcome}")
            self.engine.handle(self.actor, UserInput(action=f"answer:{code}:{outcome}"))
        return time.perf_counter() - began

    def commit_only(self) -> float:
        self.n += 1
        began = time.perf_counter()
        self.store.mark_event_processed(f"Ev{self.n}")
        return time.perf_counter() - began


def filesystem(path: Path) -> str:
    """The type and mount point of the filesystem that holds ``path`` (from /proc/mounts)."""
    best = ("?", "")
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            _, mount, kind, *_ = line.split()
            if str(path.resolve()).startswith(mount) and len(mount) >= len(best[1]):
                best = (kind, mount)
    except OSError:
        pass
    return f"{best[0]} at {best[1]}"


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=400, help="answers per store (default 400)")
    parser.add_argument("--dir", help="folder for the two databases (default: the system's temporary folder)")
    args = parser.parse_args()
    standard = load_standard()
    codes = [c.code for c in standard.criteria]
    with tempfile.TemporaryDirectory(prefix="wwc-sync-", dir=args.dir) as folder:
        full_store = Store(Path(folder) / "full.db")
        normal_store = NormalSyncStore(Path(folder) / "normal.db")
        settings = {name: s.db.execute("PRAGMA synchronous").fetchone()[0]
                    for name, s in (("FULL", full_store), ("NORMAL", normal_store))}
        with full_store.transaction() as db:
            writer = db.execute("PRAGMA synchronous").fetchone()[0]
        if settings != {"FULL": 2, "NORMAL": 1} or writer != 2:
            print(f"unexpected PRAGMA synchronous: {settings}, writer {writer}; FAILED")
            return 1
        leads = {"FULL": Lead(full_store, Engine(full_store, standard), codes),
                 "NORMAL": Lead(normal_store, Engine(normal_store, standard), codes)}
        answers: dict[str, list[float]] = {"FULL": [], "NORMAL": []}
        commits: dict[str, list[float]] = {"FULL": [], "NORMAL": []}
        for lead in leads.values():  # warm both up (page cache, the engine's first calls)
            for _ in range(20):
                lead.answer()
        began = time.monotonic()
        for _ in range(args.answers):
            for name in ("FULL", "NORMAL"):
                answers[name].append(leads[name].answer())
            for name in ("NORMAL", "FULL"):
                commits[name].append(leads[name].commit_only())
        seconds = time.monotonic() - began
        written = {name: len(lead.store.history(lead.store.current_assessment(
            lead.store.city_of("T1", "U1").id).id)) for name, lead in leads.items()}  # type: ignore[union-attr]
        for s in (full_store, normal_store):
            s.close()
    if set(written.values()) != {args.answers + 20}:
        print(f"not every answer was written: history entries {written}, expected {args.answers + 20}; FAILED")
        return 1
    full, normal = median_ms(answers["FULL"]), median_ms(answers["NORMAL"])
    c_full, c_normal = median_ms(commits["FULL"]), median_ms(commits["NORMAL"])
    p90 = {k: statistics.quantiles(v, n=10)[-1] * 1000 for k, v in answers.items()}
    print(f"filesystem: {filesystem(Path(folder).parent)}; {args.answers} answers and {args.answers} lone commits "
          f"per store, interleaved; {seconds:.1f} s; load average {os.getloadavg()[0]:.2f}")
    print(f"per answer (one transaction: the one-shot key, the engine's writes, the commit), median: "
          f"NORMAL {normal:.2f} ms, FULL {full:.2f} ms: FULL costs {full / normal:.2f}x NORMAL "
          f"(+{full - normal:.2f} ms per answer); p90 NORMAL {p90['NORMAL']:.2f} ms, FULL {p90['FULL']:.2f} ms")
    print(f"one small write and its commit alone, median: NORMAL {c_normal:.2f} ms, FULL {c_full:.2f} ms "
          f"({c_full / c_normal:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
