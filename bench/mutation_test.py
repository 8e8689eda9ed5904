"""Mutation test: deliberately broken variants of the app; the test suite must catch every one.

Each variant changes a few lines of a scratch copy of the repository (never the working tree) into a bug
the suite is meant to stop: an answer's history written twice, Slack acknowledged before the commit, an
outbox that never posts, replies dropped, no sync before the ack, and more. For each, the relevant tests
run on the scratch copy (``python -m pytest -x``); the variant is *caught* if they fail. First the same
tests run on the unchanged copy and must pass, and each changed file must still compile, so a variant is
only counted as caught for a failing test, not for a broken file or an already failing suite.

    python bench/mutation_test.py [--only NAME ...] [--list]

Exit status 1 if any variant survives (or cannot be applied because the code it changes has moved).
"""

from __future__ import annotations

import argparse
import py_compile
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = {".git", ".venv", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}


@dataclass(frozen=True)
class Variant:
    name: str
    what: str
    file: str
    old: str  # exact text in ``file``, found once
    new: str
    tests: tuple[str, ...]


VARIANTS = [
    Variant(
        "history-twice", "every changed answer is written to the history twice",
        "bot/store/answers.py",
        'self._log(db, assessment_id, criterion, "outcome", old, outcome.value, by, by_name, now, words=words)',
        'self._log(db, assessment_id, criterion, "outcome", old, outcome.value, by, by_name, now, words=words); '
        'self._log(db, assessment_id, criterion, "outcome", old, outcome.value, by, by_name, now, words=words)',
        ("tests/store/test_store.py",),
    ),
    Variant(
        "ack-before-commit-button", "a button press is acknowledged before its answer is committed",
        "bot/slack/listeners/actions.py",
        "    try:\n        messages = service.handle(actor, UserInput(action=value), once=once, prompt=prompt)\n",
        "    ack()\n    try:\n        messages = service.handle(actor, UserInput(action=value), once=once, prompt=prompt)\n",
        ("tests/slack/test_slack_ack_order.py",),
    ),
    Variant(
        "ack-before-commit-assign", "/wwc assign is acknowledged before the assignment is committed",
        "bot/slack/listeners/commands.py",
        '    with service.saving(req.actor, "/wwc assign"):\n',
        '    req.ack()\n    with service.saving(req.actor, "/wwc assign"):\n',
        ("tests/slack/test_slack_ack_order.py",),
    ),
    Variant(
        "ack-before-commit-announce", "/wwc announce is acknowledged before the post is queued",
        "bot/slack/listeners/commands.py",
        '    with service.saving(req.actor, "/wwc announce"):\n',
        '    req.ack()\n    with service.saving(req.actor, "/wwc announce"):\n',
        ("tests/slack/test_slack_ack_order.py",),
    ),
    Variant(
        "ack-before-commit-evidence", "the evidence modal closes before the link is committed",
        "bot/slack/listeners/views.py",
        "    try:\n        with service.saving(actor, \"evidence\"):\n",
        "    ack()\n    try:\n        with service.saving(actor, \"evidence\"):\n",
        ("tests/slack/test_slack_ack_order.py",),
    ),
    Variant(
        "outbox-never-posts", "the outbox marks posts sent without posting them",
        "bot/slack/outbox.py",
        "                self.client.chat_postMessage(\n",
        "                (lambda **_: None)(\n",
        ("tests/slack/test_slack_outbox.py", "tests/slack/test_slack_outbox_dms.py"),
    ),
    Variant(
        "replies-dropped", "the engine's replies are never posted",
        "bot/slack/service.py",
        "        rendered = blocks.render(messages, user) if rendered is None else rendered\n",
        "        rendered = []\n",
        ("tests/slack/test_slack_flow.py",),
    ),
    Variant(
        "replies-on-bolt-threads", "replies are posted on Bolt's listener threads: a slow Slack delays the next acks",
        "bot/slack/service.py",
        "        self.replies.submit((actor.workspace, actor.user), what, job)\n",
        "        job()\n",
        ("tests/reliability/test_slow_slack.py",),
    ),
    Variant(
        "stale-press-records", "a press on an older copy of an answered question records again",
        "bot/slack/service.py",
        "        if taken is None or taken:\n",
        "        if True:\n",
        ("tests/slack/test_slack_live_question.py",),
    ),
    Variant(
        "no-sync-before-ack", "commits are not synced (synchronous=NORMAL): an acknowledged answer can be lost",
        "bot/store/base.py",
        'db.execute("PRAGMA synchronous = FULL")',
        'db.execute("PRAGMA synchronous = NORMAL")',
        ("tests/store/test_durability.py",),
    ),
    Variant(
        "buttons-for-anyone", "anyone's press on a question counts (for the presser's city)",
        "bot/slack/listeners/actions.py",
        "    intended = ids.intended_user(str(action.get(\"block_id\") or \"\"))\n",
        "    return True\n    intended = ids.intended_user(str(action.get(\"block_id\") or \"\"))\n",
        ("tests/slack/test_slack_button_owner.py",),
    ),
    Variant(
        "click-key-without-user", "the one-shot key of a press does not name the user",
        "bot/slack/listeners/actions.py",
        'return f"click:{workspace}:{user}:{container.get(\'channel_id\')}',
        'return f"click:{workspace}:{container.get(\'channel_id\')}',
        ("tests/slack/test_slack_button_owner.py",),
    ),
    Variant(
        "city-data-in-the-thread", "a mention's replies about the city are posted in the channel's thread",
        "bot/slack/listeners/mentions.py",
        "    service.deliver(actor, replies, channel=None)\n",
        "    service.deliver(actor, replies, channel=channel, thread_ts=thread)\n",
        ("tests/slack/test_slack_channel_privacy.py",),
    ),
    Variant(
        "storage-failure-acked-as-done", "when /wwc cannot be saved, the ack says nothing about it",
        "bot/slack/listeners/commands.py",
        "        req.ack(_(SAVE_FAILED))\n",
        "        req.ack()\n",
        ("tests/slack/test_slack_storage_failure.py",),
    ),
    Variant(
        "healthz-always-ok", "/healthz answers ok whatever the database",
        "bot/slack/serve.py",
        "            problem = wired.service.storage_problem() if wired else None\n",
        "            problem = None\n",
        ("tests/slack/test_slack_storage_failure.py",),
    ),
    Variant(
        "unsigned-body-parsed", "the body is parsed before its signature is checked",
        "bot/slack/serve.py",
        "        if wired is not None and not wired.verifier.is_valid_request(text, _slack_headers(environ)):\n",
        "        _readable(raw, environ.get(\"CONTENT_TYPE\"))\n"
        "        if wired is not None and not wired.verifier.is_valid_request(text, _slack_headers(environ)):\n",
        ("tests/slack/test_slack_request_limits.py",),
    ),
    Variant(
        "no-body-bound", "a body of any size is read",
        "bot/slack/serve.py",
        "        if length > MAX_BODY:\n",
        "        if False:\n",
        ("tests/slack/test_slack_request_limits.py",),
    ),
    Variant(
        "dm-history-by-user-id", "a queued DM's retry reads history by user id (Slack refuses it)",
        "bot/slack/outbox.py",
        "        if not is_user_id(channel):\n            return channel\n",
        "        if True:\n            return channel\n",
        ("tests/slack/test_slack_outbox_dms.py",),
    ),
    Variant(
        "outbox-out-of-order", "after an outage a channel's posts go out in whatever order their backoffs end",
        "bot/slack/outbox.py",
        "        item = self.store.claim_next_in_order(lease=self.lease)\n",
        "        item = next(iter(self.store.claim_due(limit=1, lease=self.lease)), None)\n",
        ("tests/slack/test_slack_outbox_dms.py",),
    ),
]


def copy_repo(target: Path) -> None:
    shutil.copytree(ROOT, target, ignore=lambda folder, names: [n for n in names if n in SKIP or n.endswith(".db")])


def run_tests(repo: Path, tests: tuple[str, ...], timeout: float) -> tuple[bool, str]:
    """Whether ``tests`` pass on ``repo`` (run from it, so its packages are the ones imported)."""
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-rfE", "-p", "no:cacheprovider", *tests],
                          cwd=repo, capture_output=True, text=True, timeout=timeout, check=False)
    failed = [ln for ln in proc.stdout.splitlines() if ln.startswith(("FAILED tests/", "ERROR tests/"))]
    last = proc.stdout.strip().splitlines()[-1:] or [""]
    return proc.returncode == 0, (failed or last)[0][:160]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="run only these variants")
    parser.add_argument("--list", action="store_true", help="list the variants and exit")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds for one test run (default 600)")
    args = parser.parse_args()
    variants = [v for v in VARIANTS if not args.only or v.name in args.only]
    if args.list:
        for v in VARIANTS:
            print(f"{v.name:<30} {v.what}  [{v.file}; {', '.join(v.tests)}]")
        return 0
    started = time.monotonic()
    results: list[tuple[Variant, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="wwc-mutation-") as folder:
        repo = Path(folder) / "repo"
        copy_repo(repo)
        baseline = sorted({t for v in variants for t in v.tests})
        ok, detail = run_tests(repo, tuple(baseline), args.timeout)
        if not ok:
            print(f"the unchanged copy fails its tests ({detail}); nothing can be judged")
            return 1
        print(f"unchanged copy: {len(baseline)} test files pass")
        for v in variants:
            path = repo / v.file
            original = path.read_text()
            if original.count(v.old) != 1:
                results.append((v, "NOT APPLIED", f"the text to change is in {v.file} {original.count(v.old)} times"))
                continue
            path.write_text(original.replace(v.old, v.new))
            try:
                py_compile.compile(str(path), doraise=True)
                passed, detail = run_tests(repo, v.tests, args.timeout)
                results.append((v, "survived" if passed else "caught", detail))
            except py_compile.PyCompileError as err:
                results.append((v, "NOT APPLIED", f"the changed file does not compile: {err.msg[:120]}"))
            finally:
                path.write_text(original)
            print(f"{results[-1][1]:>11}  {v.name}: {v.what}", flush=True)
    print()
    for v, verdict, detail in results:
        print(f"{verdict:>11}  {v.name:<30} {detail}")
    caught = sum(1 for _, verdict, _ in results if verdict == "caught")
    print(f"\n{caught} of {len(results)} variants caught by the suite; {time.monotonic() - started:.0f} s; "
          f"{'OK' if caught == len(results) else 'FAILED'}")
    return 0 if caught == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
