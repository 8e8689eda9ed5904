"""Bad input: generated messages, commands and payloads against the HTTP app; nothing crashes, pings or leaks.

The app runs as ``run_serve`` wires it, in this process, behind waitress;
every request is signed and sent over HTTP. Two cities: Quillfeather (answered,
with a private evidence note) and Fuzzton, whose lead sends the input.

Categories (``CATEGORIES``): free text in a DM and in an @mention (unicode,
control characters, 40,000 characters, mrkdwn, ``<!channel>``, ``<!here>``,
``<@U...>``, ``<https://evil|click>``); ``/wwc`` with any subcommand and
text; button payloads with known and unknown action ids and any value, on
any message; evidence-modal submissions with any link, note and
``private_metadata``; events, buttons and submissions with fields missing
(correctly signed); payloads of every Slack
type with fields of any JSON shape; malformed bodies (bad JSON,
bad UTF-8, a form without its payload) that are correctly signed; forged
signatures and timestamps more than 5 minutes off (401, nothing recorded).

Each request must get a status other than 5xx (an unknown action id may get
Bolt's 404). Then every message, ephemeral reply and view the app sent is
audited: valid Block Kit with fallback text, no ``<!channel>``, ``<!here>``,
``<!everyone>``, user mention or link label that came from the input, no word of
Quillfeather's outside Quillfeather, Quillfeather's answers unchanged; and each DM got a reply.

    python bench/abuse_test.py [--examples 1000]

Prints how many cases each category tried; exit status 1 on any failure.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.slack import evidence, ids
from testkit.reliability_kit import NO_ANSWER, SECRET, AppRun, Call, Reply, Sender, app_logs, dm_channel, post
from wwc_rules import load_standard

FUZZ = "UFUZZ"
PRIVATE = ("Quillfeather", "quillfeather.gov", "private-note-7731")  # the other city's name, link and note
INJECTIONS = ("<!channel>", "<!here>", "<!everyone>", "<!subteam^S0EVIL|@leads>", "<@UEVIL1>", "<@UEVIL2|boss>",
              "<https://evil.example/x|click here>", "<https://evil.example>", "@here", "@channel", "*bold*", "_it_",
              "~gone~", "`code`", "```block```", "> quote", "&lt;!channel&gt;", "<#C0EVIL|general>", "\u202e",
              "\x00", "\r\n", "\t", "💥")
# A broadcast, a mention of an injected user, a link labelled by the input ("click here" hiding its target), a bare
# @here. (A member's own evidence link, labelled by the app, is a feature: it is shown to their city only.)
FORBIDDEN = re.compile(r"<!(?:channel|here|everyone|subteam)|<@[UW]EVIL|<https?://[^|>]*\|click|"
                       r"(?<![\w\u2060])@(?:here|channel|everyone)\b")
CODES = [c.code for c in load_standard().criteria]
OPTION_VALUES = ("continue", "report", "status", "roadmap", "help", "pause", "back", "evidence:DM1", "evidence:ZZ9",
                 "gate:air_quality", "gate:bogus", "area:OD", "area:zz", "review:OD", "invite:UEVIL1", "change:DM1",
                 "why:DM1", "skip:DM1", "answer:DM1:not_yet", "answer:ZZ9:met", "answer:DM1:bogus", "", ":::")
ACTION_IDS = ("wwc.option.0", "wwc.option.24", ids.CONSENT_ACTION, ids.DECLINE_ACTION, "wwc.option.x", "unknown.action")

pieces = st.one_of(st.text(max_size=30), st.sampled_from(INJECTIONS))
texts = st.one_of(
    st.lists(pieces, max_size=8).map("".join),
    st.tuples(st.lists(pieces, min_size=1, max_size=4).map("".join), st.integers(39_000, 40_000))
    .map(lambda t: (t[0] or "x") * (t[1] // max(1, len(t[0] or "x")) + 1))
    .map(lambda s: s[:40_000]),
)


class AbuseRun(AppRun):
    """The app, its stand-in, two cities, and the audit of everything the app sent (``app_options``:
    ``InProcessApp``'s test-sized time)."""

    def __init__(self, folder: Path, **app_options: Any) -> None:
        super().__init__(folder, api_timeout=2.0, respond_as="fuzz", **app_options)
        self.tried: Counter[str] = Counter()
        self.statuses: Counter[tuple[str, int]] = Counter()
        self.problems: list[str] = []
        for user, city in (("U1", "Quillfeather, OR"), (FUZZ, "Fuzzton, NM")):
            for text in ("hello", city, "185,000"):
                self.expect(self.slack.dm(user, text), 200)
        self.expect(self.slack.dm("U1", "yes"), 200)
        self.expect(self.slack.dm("U1", "evidence DM1 https://quillfeather.gov/plan.pdf private-note-7731"), 200)
        self.quiet()
        city = self.app.store.city_of("T111", "U1")
        assert city is not None
        self.private_city = city
        self.private_answers = self.private_state()
        self.mark = len(self.api.calls)

    def expect(self, reply: Reply, *allowed: int) -> None:
        assert reply.status in allowed, f"HTTP {reply.status} (allowed {allowed}): {reply.body[:200]}"

    def quiet(self, limit: float = 30.0) -> None:
        """Wait until the app has sent all it will (its listeners post after the ack, a level check later)."""
        self.app.quiet(limit)

    def private_state(self) -> tuple:
        assessment = self.app.store.current_assessment(self.private_city.id)
        assert assessment is not None
        details = self.app.store.answer_details(assessment.id)
        return tuple(sorted((k, v.outcome, v.evidence_url, v.evidence_note) for k, v in details.items())), len(
            self.app.store.history(assessment.id))

    # ---- running a category

    def category(self, name: str, examples: int) -> None:
        """Run one category with ``examples`` cases, then audit what the app sent meanwhile."""
        prop, strategy = CATEGORIES[name]
        before = len(self.api.posts_to(dm_channel(FUZZ)))

        @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(strategy)
        def case(value: object) -> None:
            self.tried[name] += 1
            prop(self, value)

        case()
        self.quiet()
        if name == "dm":
            replies = len(self.api.posts_to(dm_channel(FUZZ))) - before
            if replies < self.tried[name]:
                self.problems.append(f"dm: {self.tried[name]} messages but {replies} replies")
        self.audit(name)

    def audit(self, name: str) -> None:
        calls, self.mark = self.api.calls[self.mark:], len(self.api.calls)
        for call in calls:
            for problem in audit_call(call):
                self.problems.append(f"{name}: {problem}")
        if self.private_state() != self.private_answers:
            self.problems.append(f"{name}: Quillfeather's answers changed")
            self.private_answers = self.private_state()


def audit_call(call: Call) -> list[str]:
    """What is wrong with one thing the app sent to Slack."""
    problems = []
    shown = json.dumps(call.body, ensure_ascii=False)
    if call.method in ("chat.postMessage", "chat.update", "chat.postEphemeral", "respond"):
        if "delete_original" not in call.body and not (call.body.get("text") or "").strip():
            problems.append(f"{call.method} without fallback text")
        blocks = call.blocks()
        if len(blocks) > 50:
            problems.append(f"{call.method} with {len(blocks)} blocks")
        for block in blocks:
            try:
                Block.parse(block).validate_json()
            except Exception as exc:
                problems.append(f"{call.method}: invalid block ({exc})")
    if call.method in ("views.publish", "views.open"):
        try:
            View(**call.view()).validate_json()
        except Exception as exc:
            problems.append(f"{call.method}: invalid view ({exc})")
    for text in strings(call.body):
        if m := FORBIDDEN.search(text):
            problems.append(f"{call.method} to {call.body.get('channel') or call.body.get('user_id')} "
                            f"contains {m.group(0)!r}: {text[max(0, m.start() - 60):m.end() + 20]!r}")
    private_own = call.body.get("channel") == "D1" or call.body.get("user_id") == "U1" or call.method == "users.info"
    if not private_own and any(word in shown for word in PRIVATE) and call.method != "auth.test":
        problems.append(f"{call.method} outside Quillfeather mentions Quillfeather: {shown[:300]}")
    return problems


def strings(value: object) -> list[str]:
    """Every string inside a decoded payload (blocks and views arrive as JSON strings in form posts)."""
    if isinstance(value, str):
        if value[:1] in "[{":
            try:
                return strings(json.loads(value))
            except ValueError:
                pass
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


# ---- the categories: a property (the run, one generated value) and its strategy


def dm(run: AbuseRun, text: str) -> None:
    run.expect(run.slack.dm(FUZZ, text), 200)


def mention(run: AbuseRun, text: str) -> None:
    run.expect(run.slack.mention(FUZZ, text), 200)


def command(run: AbuseRun, case: tuple[str, str, str]) -> None:
    sub, rest, user = case
    reply = run.slack.command(f"{sub} {rest}", user=user)
    run.expect(reply, 200)
    for text in strings(reply.json() if reply.body.startswith("{") else {}):
        if FORBIDDEN.search(text):
            run.problems.append(f"command: the ack of /wwc {sub} quotes {FORBIDDEN.search(text).group(0)!r}")


def click(run: AbuseRun, case: tuple[str, str, str]) -> None:
    action_id, value, where = case
    button = {"action_id": action_id, "value": value, "block_id": "b1"}
    channel = {"own": dm_channel(FUZZ), "other-city": "D1", "channel": "C111"}.get(where, "C111")
    if where == "view":
        reply = run.slack.click(FUZZ, button, channel=channel, view={"id": "V1", "type": "home", "blocks": []})
    else:
        reply = run.slack.click(FUZZ, button, channel=channel, message_ts=f"{time.time():.6f}",
                                ephemeral=where == "ephemeral")
    known = ids.OPTION_ACTION.match(action_id) or action_id in (ids.CONSENT_ACTION, ids.DECLINE_ACTION)
    run.expect(reply, *((200,) if known else (200, 404)))


def view(run: AbuseRun, case: tuple[str, str, str, str]) -> None:
    metadata, url, note, callback = case
    modal = {**evidence.modal("DM1", "Data strategy"), "private_metadata": metadata, "callback_id": callback}
    values = {ids.EVIDENCE_URL_BLOCK: {ids.EVIDENCE_URL_ACTION: {"type": "url_text_input", "value": url}},
              ids.EVIDENCE_NOTE_BLOCK: {ids.EVIDENCE_NOTE_ACTION: {"type": "plain_text_input", "value": note}}}
    run.expect(run.slack.submit(FUZZ, modal, values), *((200,) if callback == ids.EVIDENCE_VIEW else (200, 404)))


def event(run: AbuseRun, case: tuple[str, list[str], list[str]]) -> None:
    kind, drop_event, drop_envelope = case
    base = run.slack.dm_event(FUZZ, "status") if kind == "message" else {
        "type": kind, "user": FUZZ, "text": "<@UBOT> status", "channel": "C111", "ts": f"{time.time():.6f}",
        "event_ts": f"{time.time():.6f}", "tab": "home"}
    envelope = run.slack.envelope({k: v for k, v in base.items() if k not in drop_event})
    run.expect(run.slack.send_json({k: v for k, v in envelope.items() if k not in drop_envelope}), 200, 400, 404)


def raw(run: AbuseRun, case: tuple[bytes, str]) -> None:
    body, content_type = case
    stamp = str(int(time.time()))
    signature = "v0=" + hmac.new(SECRET.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
    headers = {"content-type": content_type, "x-slack-request-timestamp": stamp, "x-slack-signature": signature}
    reply = post(run.app.url, body, headers)
    assert reply.status not in (NO_ANSWER,) and reply.status < 500, f"HTTP {reply.status} for {body[:80]!r}"


def forged(run: AbuseRun, case: tuple[str, str]) -> None:
    secret, text = case
    before = len(run.api.calls)
    liar = Sender(lambda: run.app.url, secret=f"forged-{secret}")
    run.expect(liar.dm(FUZZ, text), 401)
    run.expect(liar.command(f"status {text}"), 401)
    assert len(run.api.calls) == before, "a forged request made the app call Slack"


def stale(run: AbuseRun, case: tuple[int, str]) -> None:
    offset, text = case
    before = len(run.api.calls)
    run.expect(run.slack.dm(FUZZ, text, timestamp=int(time.time()) + offset), 401)
    assert len(run.api.calls) == before, "a stale request made the app call Slack"


def shape(run: AbuseRun, case: tuple[dict, bool]) -> None:
    payload, form = case
    liar = Sender(lambda: run.app.url, secret="forged")
    body = urlencode({"payload": json.dumps(payload)}) if form else json.dumps(payload)
    kind = "application/x-www-form-urlencoded" if form else "application/json"
    run.expect(liar.transport(body, liar.headers(body, kind)), 400, 401)


def missing(run: AbuseRun, case: tuple[str, list[str]]) -> None:
    kind, dropped = case
    payload = json.loads(json.dumps(TEMPLATES[kind]))
    for path in dropped:
        *parents, key = path.split(".")
        holder = payload
        for parent in parents:
            holder = holder.get(parent) if isinstance(holder, dict) else None
        if isinstance(holder, dict):
            holder.pop(key, None)
    body = urlencode({"payload": json.dumps(payload)})
    run.expect(run.slack.transport(body, run.slack.headers(body, "application/x-www-form-urlencoded")), 200, 400, 404)


TEMPLATES = {
    "click": {"type": "block_actions", "user": {"id": FUZZ, "team_id": "T111"}, "team": {"id": "T111"},
              "api_app_id": "A111", "trigger_id": "1.2.3", "response_url": "https://hooks.slack.com/actions/x",
              "container": {"type": "message", "message_ts": "1.1", "channel_id": "DFUZZ"},
              "channel": {"id": "DFUZZ"}, "message": {"ts": "1.1", "blocks": []},
              "actions": [{"action_id": "wwc.option.0", "block_id": "b1", "value": "answer:DM3:met",
                           "type": "button"}]},
    "submit": {"type": "view_submission", "user": {"id": FUZZ, "team_id": "T111"}, "team": {"id": "T111"},
               "api_app_id": "A111", "trigger_id": "1.2.3",
               "view": {"id": "V1", "type": "modal", "callback_id": ids.EVIDENCE_VIEW,
                        "private_metadata": '{"code": "DM3"}',
                        "state": {"values": {ids.EVIDENCE_URL_BLOCK: {ids.EVIDENCE_URL_ACTION: {
                            "type": "url_text_input", "value": "https://fuzz.gov/e"}}}}}},
}
TEMPLATE_PATHS = ["type", "user", "user.id", "user.team_id", "team", "team.id", "api_app_id", "trigger_id",
                  "response_url", "container", "container.channel_id", "container.message_ts", "channel", "message",
                  "actions", "view", "view.type", "view.callback_id", "view.private_metadata", "view.state", "view.id"]

SLACK_KEYS = ["type", "team", "team_id", "user", "user_id", "event", "event_id", "api_app_id", "actions", "container",
              "view", "channel", "message", "enterprise", "authorizations", "is_enterprise_install", "trigger_id",
              "response_url", "callback_id", "command", "text"]
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                               st.sampled_from(SLACK_KEYS + ["id", "value", "action_id", "block_id"]), inner,
                               max_size=4), max_leaves=12)
SLACK_TYPES = st.sampled_from(["event_callback", "block_actions", "view_submission", "view_closed", "shortcut",
                               "message_action", "url_verification", "app_rate_limited", "block_suggestion"])

bodies = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(str.encode),
    st.sampled_from([b"{", b"[]", b"null", b"42", b'"text"', b"payload=", b"payload=%7B", b"payload=%5B%5D",
                     b"payload=null", b"\xff\xfe\x00", b'{"type": "event_callback"', b"command=%2Fwwc",
                     b"type=event_callback&event_id=1"]),
)
envelope_keys = ["token", "team_id", "api_app_id", "event", "type", "event_id", "event_time", "authed_users"]
event_keys = ["type", "user", "text", "channel", "channel_type", "ts", "event_ts", "team", "subtype", "tab"]

CATEGORIES: dict[str, tuple[Callable[[AbuseRun, object], None], st.SearchStrategy]] = {
    "forged": (forged, st.tuples(st.text(max_size=20), texts)),
    "stale": (stale, st.tuples(st.one_of(st.integers(-10**7, -301), st.integers(301, 10**7)), st.text(max_size=20))),
    "dm": (dm, texts),
    "mention": (mention, texts),
    "command": (command, st.tuples(st.one_of(st.sampled_from(["status", "next", "report", "assign", "evidence", "start",
                                                               "help", "announce", ""]), st.text(max_size=12)),
                                   texts, st.sampled_from([FUZZ, "UNOBODY"]))),
    "click": (click, st.tuples(st.one_of(st.sampled_from(ACTION_IDS), st.text(max_size=20)),
                               st.one_of(st.sampled_from(OPTION_VALUES), st.text(max_size=60),
                                         st.sampled_from(CODES).map(lambda c: f"answer:{c}:met"),
                                         st.integers(0, 99).map(lambda n: f"{n}:2026:Silver")),
                               st.sampled_from(["own", "other-city", "channel", "ephemeral", "view"]))),
    "view": (view, st.tuples(st.one_of(st.just('{"code": "DM1"}'), st.sampled_from(CODES).map(
        lambda c: json.dumps({"code": c})), st.text(max_size=40)),
        st.one_of(st.just("https://fuzz.gov/x"), st.text(max_size=60)), texts.map(lambda t: t[:300]),
        st.sampled_from([ids.EVIDENCE_VIEW, "wwc.other"]))),
    "event": (event, st.tuples(st.sampled_from(["message", "app_mention", "app_home_opened", "reaction_added"]),
                               st.lists(st.sampled_from(event_keys), unique=True),
                               st.lists(st.sampled_from(["token", "team_id", "api_app_id", "event_time",
                                                         "authed_users"]), unique=True))),
    "missing": (missing, st.tuples(st.sampled_from(sorted(TEMPLATES)),
                                   st.lists(st.sampled_from(TEMPLATE_PATHS), unique=True, max_size=5))),
    "shape": (shape, st.tuples(st.fixed_dictionaries({"type": SLACK_TYPES}, optional={
        k: json_values for k in SLACK_KEYS if k != "type"}), st.booleans())),
    "raw": (raw, st.tuples(bodies, st.sampled_from(["application/json", "application/x-www-form-urlencoded",
                                                     "text/plain"]))),
}


def run(examples: int, names: tuple[str, ...] = tuple(CATEGORIES)) -> tuple[Counter[str], list[str]]:
    """Every category with ``examples`` cases; returns the cases tried per category and the problems found.

    The app's own log (Bolt warns about every unknown action id) goes to ``app.log`` in a temporary folder.
    """
    with tempfile.TemporaryDirectory(prefix="wwc-abuse-") as folder, app_logs(Path(folder) / "app.log"):
        abuse = AbuseRun(Path(folder))
        try:
            for name in names:
                try:
                    abuse.category(name, examples)
                except Exception as err:  # hypothesis re-raises the shrunk failing example(s)
                    for one in err.exceptions if isinstance(err, ExceptionGroup) else [err]:
                        abuse.problems.append(f"{name}: {type(one).__name__}: {str(one)[:500]}")
            return abuse.tried, abuse.problems
        finally:
            abuse.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000, help="hypothesis examples per category (default 1000)")
    args = parser.parse_args()
    started = time.monotonic()
    tried, problems = run(args.examples)
    for name in CATEGORIES:
        print(f"{name:>8}: {tried[name]:6d} cases")
    print(f"   total: {sum(tried.values()):6d} cases in {time.monotonic() - started:.0f} s; problems: {len(problems)}")
    for problem in problems[:30]:
        print(f"PROBLEM: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
