"""Isolation matrix: two cities in each of two workspaces, the same user ids in both workspaces.

Every identity (a lead, a colleague, a non-member; per workspace) tries every
surface against the others: ``/wwc status|report|next|evidence CODE|assign|start``,
DMs and @mentions with questions and commands, buttons (answers, change,
review, evidence, the level consent) pressed on another user's message or with
another city's id, the evidence modal, and the App Home. Each identity acts
in its own window: nothing it is shown (its DM, ephemeral and command
replies, its Home, the channel) may name another city or quote its evidence,
no other user's message is rewritten, and only its own city may change
meanwhile. Naming another city ("start Birchfield") may tell that it exists
and who leads it, never its answers or evidence.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.slack import evidence, ids
from testkit.reliability_kit import AppRun, Sender, dm_channel, question_code

CITIES = {  # (workspace, lead) -> (city, a word that only its evidence contains)
    ("T111", "U1"): ("Alderton, CO", "alderton-secret"),
    ("T111", "U3"): ("Birchfield, WA", "birchfield-secret"),
    ("T222", "U3"): ("Cedarville, OH", "cedarville-secret"),
    ("T222", "U1"): ("Dunmore, PA", "dunmore-secret"),
}
COLLEAGUE = ("T111", "U2")  # invited to Alderton; U2 in T222 belongs to no city
IDENTITIES = [*CITIES, COLLEAGUE, ("T222", "U2")]


class Matrix(AppRun):
    def __init__(self, folder: Path) -> None:
        super().__init__(folder, api_timeout=2.0, respond_as="T111", level_check_delay=0.05)
        self.senders = {"T111": self.slack, "T222": Sender(lambda: self.app.url, team="T222",
                                                          response_url=self.api.response_url("T222"))}
        for (team, lead), (city, secret) in CITIES.items():
            for text in ("hello", city, "185,000", "yes", "not yet",
                         f"evidence DM1 https://{secret}.gov/plan.pdf {secret}"):
                assert self.senders[team].dm(lead, text).status == 200
        assert self.senders["T111"].dm("U1", "invite <@U2>").status == 200
        self.quiet()
        self.city_ids = {key: self.app.store.city_of(*key).id for key in CITIES}  # type: ignore[union-attr]

    def quiet(self) -> None:
        """Wait until the app has sent all it will (replies are posted after the ack, a level check later)."""
        assert self.app.quiet()

    def own_city(self, who: tuple[str, str]) -> tuple[str, str] | None:
        if who in CITIES:
            return who
        return ("T111", "U1") if who == COLLEAGUE else None

    def states(self) -> dict[tuple[str, str], str]:
        """Everything stored about each city (answers, evidence, history, members, assignments)."""
        store, out = self.app.store, {}
        for key, city_id in self.city_ids.items():
            assessment = store.current_assessment(city_id)
            assert assessment is not None
            out[key] = json.dumps([
                [a.model_dump(mode="json") for a in store.answer_details(assessment.id).values()],
                len(store.history(assessment.id)), [m.user for m in store.members(city_id)],
                [a.model_dump(mode="json") for a in store.assignments(assessment.id)]], sort_keys=True)
        return out

    def window(self, who: tuple[str, str], act) -> tuple[list[str], dict, dict]:
        """Run ``act(who)`` alone; returns what ``who`` was shown, and the cities' states before and after."""
        user = who[1]
        before, mark = self.states(), len(self.api.calls)
        act(who)
        self.quiet()
        shown = []
        for c in self.api.calls[mark:]:
            to_them = (c.method in ("respond", "views.open")
                       or c.body.get("channel") in (dm_channel(user), "C111") and c.method != "chat.update"
                       or c.body.get("user") == user or c.body.get("user_id") == user)
            assert c.method != "chat.update" or c.body.get("channel") == dm_channel(user), f"rewrote {c.body}"
            if to_them:
                shown.append(json.dumps(c.body, ensure_ascii=False))
        return shown, before, self.states()

    def attack(self, who: tuple[str, str]) -> None:
        """Every surface, as ``who``, aimed at the other cities (without typing their names)."""
        team, user = who
        slack = self.senders[team]
        for text in ("status", "report", "next", "next OD", "evidence DM1", "assign <@U3> OD", "assign <@U9> LC",
                     "help"):
            assert slack.command(text, user=user).status == 200, text
        for text in ("status", "report", "review", "review DM", "history DM1", "what is DM1?", "why DM1",
                     "what's next for open data?", "how do we get to gold?", "change DM1", "invite <@U3>"):
            assert slack.dm(user, text).status == 200, text
        assert slack.mention(user, "status").status == 200

        def press(value: str, on: str, ts: str, action: str = ids.option_action_id(0)) -> None:
            button = {"action_id": action, "value": value, "block_id": "b1"}
            assert slack.click(user, button, channel=dm_channel(on), message_ts=ts).status == 200, value

        for victim in sorted({u for _, u in IDENTITIES} - {user}):  # buttons on another user's message
            for value in ("answer:DM1:in_progress", "answer:DM2:met", "change:DM1", "review:DM", "evidence:DM1",
                          "continue", "report", f"invite:{user}"):
                press(value, victim, "1700000000.000100")
        for key, city_id in self.city_ids.items():  # the lead's consent, with another city's id
            if key != self.own_city(who):
                press(f"{city_id}:2026:Silver", user, "1700000000.000200", ids.CONSENT_ACTION)
        press("answer:DM4:met", user, f"{len(self.api.calls)}.000300")  # on its own message: rewritten
        link = {"type": "url_text_input", "value": f"https://attacker.example/{team}/{user}"}
        assert slack.submit(user, evidence.modal("DM3", "x"), {ids.EVIDENCE_URL_BLOCK: {ids.EVIDENCE_URL_ACTION: link}}
                            ).status == 200
        assert slack.home_opened(user).status == 200

    def probe(self, who: tuple[str, str]) -> None:
        """Name each other city: in ``/wwc start`` and in a DM."""
        team, user = who
        for key, (city, _) in CITIES.items():
            if key != self.own_city(who):
                assert self.senders[team].command(f"start {city}", user=user).status == 200
                assert self.senders[team].dm(user, city).status == 200


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matrix]:
    m = Matrix(tmp_path_factory.mktemp("isolation"))
    yield m
    m.close()


def others(who: tuple[str, str], matrix: Matrix) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    return [(k, v) for k, v in CITIES.items() if k != matrix.own_city(who)]


@pytest.mark.parametrize("who", IDENTITIES, ids=[f"{t}-{u}" for t, u in IDENTITIES])
def test_no_surface_shows_or_changes_another_citys_answers(matrix: Matrix, who: tuple[str, str]) -> None:
    shown, before, after = matrix.window(who, matrix.attack)
    for _, (city, secret) in others(who, matrix):
        assert [s[:300] for s in shown if city.split(",")[0] in s or secret in s] == [], f"{who} was shown {city}"
    own = matrix.own_city(who)
    assert {k: v for k, v in after.items() if k != own} == {k: v for k, v in before.items() if k != own}
    if own is not None:
        assert after[own] != before[own]  # the same actions did reach the identity's own city
    assert len(shown) > 20


@pytest.mark.parametrize("who", IDENTITIES, ids=[f"{t}-{u}" for t, u in IDENTITIES])
def test_naming_another_city_reveals_none_of_its_answers(matrix: Matrix, who: tuple[str, str]) -> None:
    shown, before, after = matrix.window(who, matrix.probe)
    for _, (city, secret) in others(who, matrix):
        assert [s[:300] for s in shown if secret in s or "criteria answered" in s and city.split(",")[0] in s] == []
    own = matrix.own_city(who)
    assert {k: v for k, v in after.items() if k != own} == {k: v for k, v in before.items() if k != own}


def test_the_matrix_covers_every_surface(matrix: Matrix) -> None:
    """One identity's attack (on its own: the other tests may run in another process) reaches every surface."""
    mark = len(matrix.api.calls)
    matrix.window(("T111", "U1"), matrix.attack)
    calls = matrix.api.calls[mark:]
    assert {"chat.postMessage", "chat.update", "respond", "views.open", "views.publish"} <= {c.method for c in calls}
    assert any(question_code(c) for c in calls if c.method == "chat.postMessage")
