"""Per-event cost of the WWC Slack app over the full HTTP path, against a bare Bolt app.

Both apps run behind waitress with the same number of threads and post to the
same local Web API stand-in. A client sends signed DM ``message`` events over
HTTP and times each from sending the request until the stand-in has received
the resulting ``chat.postMessage``:

- bare: a Bolt app that shares nothing with ours: Bolt's own WSGI adapter
  (``slack_bolt.adapter.wsgi``) on waitress, acking and posting "ok";
- wwc:  our app as served (``bot.slack.serve.wsgi_app``): signature check,
  event dedupe, the person's language, the engine (an answer recorded in
  SQLite with its synced commit, the next question derived), Block Kit
  rendering, one ``chat.postMessage`` from the reply pool.

Three figures, each measured for both apps in the same run:

1. one client, events interleaved bare/wwc: reply time p50 and p99, and their ratios;
2. 16 clients at once (each a person sending one event after the other), in
   alternating rounds: events per second, and wwc/bare;
3. start to ready: from building the app (loading the standard, knowledge and every
   language) until its first event is answered.

Bars (issue 13): reply p50 ratio <= 1.3x and concurrent throughput >= 0.8x; the
exit status is 1 when either is missed.

    python bench/slack_overhead.py [--events 1000] [--clients 16] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]  # the project and its shared test kit (testkit/)

from slack_bolt import App  # noqa: E402
from slack_bolt.adapter.wsgi import SlackRequestHandler  # noqa: E402
from slack_sdk import WebClient  # noqa: E402
from waitress import create_server  # noqa: E402

from bot.engine import Engine  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.slack.app import build_app  # noqa: E402
from bot.slack.serve import HTTP_THREADS, wsgi_app  # noqa: E402
from bot.store import Store  # noqa: E402
from knowledge import load_knowledge  # noqa: E402
from testkit.slack_sim import SlackSim, http_to  # noqa: E402
from testkit.stub_api import StubSlackAPI  # noqa: E402
from wwc_rules import load_standard  # noqa: E402

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
BAR = 1.3  # reply time, p50 ratio
THROUGHPUT_BAR = 0.8  # events per second under 16 clients, wwc / bare
SETTLE = 0.005  # pause after each event so its tail (reading Slack's answer) never overlaps the next measurement
ANSWERS_PER_USER = 40  # of 43 criteria, so every measured event records an answer and asks the next question
ANSWERS = ("met", "yes", "in progress", "not yet", "met", "not sure", "yes we adopted it in 2021", "partly")


def serve(app: App, *, ours: bool = True) -> str:
    """Run ``app`` behind waitress on a free loopback port (a daemon thread, until the process exits): through our
    request wrapper (``ours``) or through Bolt's own WSGI adapter (the bare app shares nothing with ours)."""
    wsgi = wsgi_app(app) if ours else SlackRequestHandler(app)
    server = create_server(wsgi, host="127.0.0.1", port=0, threads=HTTP_THREADS, ident="bench")
    threading.Thread(target=server.run, daemon=True).start()
    return f"http://127.0.0.1:{server.effective_port}/slack/events"


def bare_app(api: StubSlackAPI) -> App:
    app = App(client=WebClient(token=TOKEN, base_url=api.url), signing_secret=SECRET)

    @app.event("message")
    def reply(event: dict, client: WebClient) -> None:
        client.chat_postMessage(channel=event["channel"], text="ok")

    return app


class TimedEngine:
    """The real engine, with the time spent in ``handle`` recorded (to split the figures, not to change them)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.times: list[float] = []

    def handle(self, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return self._engine.handle(*args, **kwargs)
        finally:
            self.times.append(time.perf_counter() - start)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)


def wwc_app(api: StubSlackAPI, folder: str) -> tuple[App, TimedEngine]:
    settings = Settings(_env_file=None, SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=api.url,
                        WWC_DB_PATH=f"{folder}/wwc.db", WWC_PEER_CHANNEL="CPEER")
    store = Store(settings.db_path)
    standard = load_standard()
    real = Engine(store, standard, knowledge=load_knowledge(standard))
    real.warm()  # as ``wwc-bot serve`` does
    engine = TimedEngine(real)
    return build_app(settings, engine, store), engine  # type: ignore[arg-type]


class Driver:
    """Sends DM events as one user after another and times each until its reply reached the stand-in."""

    def __init__(self, api: StubSlackAPI, url: str) -> None:
        self.api = api
        self.slack = SlackSim(SECRET, http_to(url))

    def posts_to(self, channel: str) -> int:
        return sum(1 for c in self.api.of("chat.postMessage") if c.body.get("channel") == channel)

    def send(self, user: str, text: str) -> float:
        """Seconds from sending the event until the reply was received by the stand-in."""
        channel = "D" + user.lstrip("U")
        before = self.posts_to(channel)
        start = time.perf_counter()
        assert self.slack.dm(user, text).status == 200
        self.api.wait_until(lambda: self.posts_to(channel) > before, timeout=10, what=f"reply to {user}")
        return time.perf_counter() - start


def onboard(driver: Driver, users: list[str]) -> None:
    for n, user in enumerate(users):
        for text in ("hello", f"Benchtown {n}, AZ", "120,000"):
            driver.send(user, text)


def concurrent(driver: Driver, users: list[str], per_client: int) -> float:
    """Events per second with every user sending ``per_client`` events at once, each after its own reply."""
    errors: list[BaseException] = []

    def client(user: str) -> None:
        try:
            for n in range(per_client):
                driver.send(user, ANSWERS[n % len(ANSWERS)])
        except BaseException as exc:  # reported after the round
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(u,)) for u in users]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return len(users) * per_client / (time.perf_counter() - start)


def p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def figures(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    mean = statistics.fmean(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (f"{name:>5}: {len(samples)} events, {1 / mean:7.1f} events/s, mean {mean * 1e3:6.2f} ms, "
            f"p50 {statistics.median(samples) * 1e3:6.2f} ms, p99 {p99 * 1e3:6.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000, help="measured events per app (default 1000)")
    parser.add_argument("--clients", type=int, default=16, help="clients at once in the throughput phase")
    parser.add_argument("--rounds", type=int, default=3, help="alternating throughput rounds per app")
    parser.add_argument("--per-client", type=int, default=20, help="events per client per round")
    args = parser.parse_args()
    users = [f"U{n:03d}" for n in range(1, args.events // ANSWERS_PER_USER + 2)]

    with StubSlackAPI() as api, tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        bare_url = serve(bare_app(api), ours=False)
        bare = Driver(api, bare_url)
        bare.send("UREADY", "hi")
        ready_bare = time.perf_counter() - start
        start = time.perf_counter()
        app, engine = wwc_app(api, folder)
        wwc_url = serve(app)
        wwc = Driver(api, wwc_url)
        wwc.send("UREADY", "hello")
        ready_wwc = time.perf_counter() - start
        onboard(wwc, users)
        for n in range(50):  # warm up both (imports, connections, caches)
            bare.send("UWARM", "hi")
            wwc.send(users[n % len(users)], "why")
        samples: dict[str, list[float]] = {"bare": [], "wwc": []}
        engine.times.clear()
        for n in range(args.events):  # interleaved, so both see the same machine load
            samples["bare"].append(bare.send("UBARE", "hi"))
            time.sleep(SETTLE)
            samples["wwc"].append(wwc.send(users[n // ANSWERS_PER_USER], ANSWERS[n % len(ANSWERS)]))
            time.sleep(SETTLE)
            if n % 200 == 199:
                api.clear()
        engine_mean = statistics.fmean(engine.times)
        engine_p50 = statistics.median(engine.times)
        rates: dict[str, list[float]] = {"bare": [], "wwc": []}
        for r in range(args.rounds):  # alternating rounds, so both see the same machine load
            crowd = [f"UC{r:02d}{c:02d}" for c in range(args.clients)]
            onboard(wwc, crowd)
            api.clear()
            rates["bare"].append(concurrent(bare, [f"UB{r:02d}{c:02d}" for c in range(args.clients)], args.per_client))
            api.clear()
            rates["wwc"].append(concurrent(wwc, crowd, args.per_client))
            api.clear()

    bare_mean, wwc_mean = statistics.fmean(samples["bare"]), statistics.fmean(samples["wwc"])
    ratio = wwc_mean / bare_mean
    p50_ratio = statistics.median(samples["wwc"]) / statistics.median(samples["bare"])
    p99_ratio = p99(samples["wwc"]) / p99(samples["bare"])
    throughput = statistics.median(rates["wwc"]) / statistics.median(rates["bare"])
    print("Full HTTP path: signed DM event -> waitress -> Bolt -> listener -> chat.postMessage received by the stand-in")
    print(figures("bare", samples["bare"]))
    print(figures("wwc", samples["wwc"]))
    print(f"of the {1e3 * (wwc_mean - bare_mean):.2f} ms extra per event: engine.handle (dialogue engine and SQLite) "
          f"{1e3 * engine_mean:.2f} ms (p50 {1e3 * engine_p50:.2f}), "
          f"Slack layer {1e3 * (wwc_mean - bare_mean - engine_mean):.2f} ms")
    print(f"reply time ratios (wwc / bare): p50 {p50_ratio:.2f}x (bar <= {BAR}x), p99 {p99_ratio:.2f}x, "
          f"mean {ratio:.2f}x")
    print(f"{args.clients} clients at once, {args.rounds} alternating rounds of {args.per_client} events each: "
          f"bare {' / '.join(f'{x:.0f}' for x in rates['bare'])} events/s, "
          f"wwc {' / '.join(f'{x:.0f}' for x in rates['wwc'])} events/s; "
          f"median ratio {throughput:.2f}x (bar >= {THROUGHPUT_BAR}x)")
    print(f"start to ready (build the app, first event answered): bare {ready_bare:.2f} s, wwc {ready_wwc:.2f} s")
    ok = p50_ratio <= BAR and throughput >= THROUGHPUT_BAR
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
