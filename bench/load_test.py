"""Load: how many events per second one ``wwc-bot serve --http`` process sustains, against a bare Bolt app.

Both apps run as child processes behind waitress with the same number of
HTTP threads and post to the same Web API stand-in (in this process):

- bare: a Bolt app that only acks a DM and posts one message (``--serve-bare``);
- wwc:  ``wwc-bot serve --http`` on a fresh database.

``--threads`` client threads each drive their own users: send a signed DM
event over a kept-alive connection, wait until the app's reply reached the
stand-in, send the user's next message. Measured per event: the ack (HTTP
200) and the reply (posted) latency; per app: events replied to per second
over the whole run. The wwc users are onboarded first (not measured), then
answer, ask "why" and change their minds, finish, and go on talking. The
app's resident memory (RSS) is read at rest (started, idle) and after the
events (idle again).

    python bench/load_test.py [--events 10000] [--threads 16] [--max-seconds 75]

Each app stops at ``--events`` or ``--max-seconds``, whichever comes first.
"""

from __future__ import annotations

import argparse
import http.client
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project and its test kit (testkit/)

from testkit.reliability_kit import BotProcess, Reply, Sender, StandIn, bot_env, dm_channel

TEXTS = ("met", "yes", "in progress", "why", "not yet", "not sure", "yes we adopted it in 2021", "partly")


@dataclass
class Figures:
    name: str
    events: int = 0
    seconds: float = 0.0
    acks: list[float] = field(default_factory=list)
    replies: list[float] = field(default_factory=list)
    errors: int = 0
    rss_rest_kb: int = 0
    rss_after_kb: int = 0
    rss_path: list[int] = field(default_factory=list)  # kB after each quarter of the events
    threads: int = 0

    def line(self) -> str:
        return (f"{self.name:>5}: {self.events} events in {self.seconds:.1f} s = {self.events / self.seconds:6.1f} "
                f"events/s; reply p50 {pct(self.replies, 50):6.1f} ms, p99 {pct(self.replies, 99):6.1f} ms; ack p50 "
                f"{pct(self.acks, 50):5.1f} ms, p99 {pct(self.acks, 99):6.1f} ms; errors {self.errors}; RSS at rest "
                f"{self.rss_rest_kb / 1024:.0f} MB, after {self.events} events {self.rss_after_kb / 1024:.0f} MB (by "
                f"quarters: {', '.join(f'{kb / 1024:.0f}' for kb in self.rss_path)}); {self.threads} threads")


def pct(samples: list[float], p: int) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] * 1e3 if ordered else float("nan")


class KeepAlive:
    """POST over one kept-alive connection per thread (both apps are measured through the same client)."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port, self.path = parts.hostname or "127.0.0.1", parts.port, parts.path
        self.local = threading.local()

    def __call__(self, body: str, headers: dict[str, str]) -> Reply:
        for attempt in (1, 2):  # a connection the server closed while idle is opened again once
            conn = getattr(self.local, "conn", None) or http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.local.conn = conn
            try:
                conn.request("POST", self.path, body=body.encode(), headers=headers)
                resp = conn.getresponse()
                return Reply(resp.status, resp.read().decode())
            except (OSError, http.client.HTTPException):
                conn.close()
                self.local.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


class Load:
    """Drive one app with ``threads`` closed-loop clients until ``events`` or ``seconds`` is reached."""

    def __init__(self, api: StandIn, bot: BotProcess, name: str, users: list[str]) -> None:
        self.api, self.bot, self.users = api, bot, users
        self.slack = Sender(lambda: bot.url)
        self.slack.transport = KeepAlive(bot.url)
        self.figures = Figures(name)
        self.lock = threading.Lock()

    def say(self, user: str, text: str) -> tuple[float, float] | None:
        """One DM; the seconds until the ack and until the reply was posted (None on an error)."""
        channel = dm_channel(user)
        before = len(self.api.posts_to(channel))
        began = time.perf_counter()
        if self.slack.dm(user, text).status != 200:
            return None
        acked = time.perf_counter() - began
        if len(self.api.wait_posts(channel, before + 1, timeout=30)) <= before:
            return None
        return acked, time.perf_counter() - began

    def onboard(self, threads: int) -> None:
        def work(mine: list[str]) -> None:
            for user in mine:
                for text in ("hello", f"Loadtown {user}, AZ", "120,000"):
                    self.say(user, text)

        self.parallel(threads, work)

    def run(self, threads: int, events: int, seconds: float) -> Figures:
        deadline = time.monotonic() + seconds
        left = [events]

        def work(mine: list[str]) -> None:
            turn = 0
            while time.monotonic() < deadline:
                with self.lock:
                    if left[0] <= 0:
                        return
                    left[0] -= 1
                    if left[0] % max(1, events // 4) == 0:
                        self.figures.rss_path.append(self.bot.rss_kb())
                user = mine[turn % len(mine)]
                result = self.say(user, TEXTS[turn // len(mine) % len(TEXTS)])
                turn += 1
                with self.lock:
                    if result is None:
                        self.figures.errors += 1
                    else:
                        self.figures.acks.append(result[0])
                        self.figures.replies.append(result[1])
                        self.figures.events += 1

        began = time.monotonic()
        self.parallel(threads, work)
        self.figures.seconds = time.monotonic() - began
        return self.figures

    def parallel(self, threads: int, work) -> None:
        shares = [self.users[n::threads] for n in range(threads)]
        workers = [threading.Thread(target=work, args=(share,), daemon=True) for share in shares if share]
        for w in workers:
            w.start()
        for w in workers:
            w.join()


def measure(api: StandIn, folder: Path, name: str, argv: list[str] | None, args: argparse.Namespace) -> Figures:
    (folder / name).mkdir()
    bot = BotProcess(bot_env(api, folder / name / "wwc.db"), folder / name, argv)
    bot.start()
    try:
        users = [f"U{name.upper()}{n:04d}" for n in range(args.users)]
        load = Load(api, bot, name, users)
        time.sleep(1.0)
        load.figures.rss_rest_kb = bot.rss_kb()
        if argv is None:
            load.onboard(args.threads)
        figures = load.run(args.threads, args.events, args.max_seconds)
        time.sleep(2.5)  # idle again (the level checks run 2 s after the last answers)
        figures.rss_after_kb, figures.threads = bot.rss_kb(), bot.threads()
        return figures
    finally:
        bot.stop()


def serve_bare() -> None:
    """The baseline: Bolt, one listener that posts one message, behind waitress like ``wwc-bot serve --http``."""
    from slack_bolt import App
    from slack_sdk import WebClient
    from waitress import create_server

    from bot.slack.serve import HTTP_THREADS, wsgi_app

    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])

    @app.event("message")
    def reply(event: dict, client: WebClient) -> None:
        client.chat_postMessage(channel=event["channel"], text="ok")

    server = create_server(wsgi_app(app), host="127.0.0.1", port=0, threads=HTTP_THREADS, ident="bare")
    print(f"serving Slack events at http://127.0.0.1:{server.effective_port}/slack/events", flush=True)
    server.run()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000, help="events per app (default 10000)")
    parser.add_argument("--threads", type=int, default=16, help="client threads, one event in flight each (16)")
    parser.add_argument("--users", type=int, default=160, help="users (each of a city of their own) per app (160)")
    parser.add_argument("--max-seconds", type=float, default=75.0, help="stop an app's run after this (default 75)")
    parser.add_argument("--serve-bare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare()
        return 0
    started = time.monotonic()
    with StandIn(keep_calls=False) as api, tempfile.TemporaryDirectory(prefix="wwc-load-") as folder:
        bare = measure(api, Path(folder), "bare", [sys.executable, __file__, "--serve-bare"], args)
        wwc = measure(api, Path(folder), "wwc", None, args)
    print(f"Signed DM events over HTTP, {args.threads} clients with one event in flight each, "
          f"{os.cpu_count()} cores shared by the app, the clients and the Web API stand-in")
    print(bare.line())
    print(wwc.line())
    ratio = wwc.events / wwc.seconds / (bare.events / bare.seconds)
    print(f"wwc/bare: throughput {ratio:.2f}x, reply p50 {pct(wwc.replies, 50) / pct(bare.replies, 50):.2f}x, "
          f"p99 {pct(wwc.replies, 99) / pct(bare.replies, 99):.2f}x"
          f"; {time.monotonic() - started:.0f} s in all")
    return 0 if wwc.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
