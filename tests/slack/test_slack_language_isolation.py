"""Each request speaks its own person's language, whatever the thread served before (found by a red-team pass:
Bolt runs middleware one after another, so the language must be set for the request, not scoped around
``next()``). Slash commands, Home, the evidence modal, channel answers, unknown locales and a slow Slack."""

from __future__ import annotations

from harness import Harness

from testkit.slack_sim import buttons

SPANISH_CITY = {"city": "Medellín, Colombia", "population": "2.500.000"}


def _home(harness: Harness, user: str) -> str:
    n = len(harness.api.of("views.publish"))
    harness.slack.home_opened(user)
    harness.api.wait_until(lambda: len(harness.api.of("views.publish")) > n)
    return str(harness.api.of("views.publish")[-1].view())


def test_a_chosen_language_reaches_slash_commands(harness: Harness) -> None:
    harness.store.set_language("T111", "U5", "es", chosen=True)
    reply = harness.slack.command("help", user="U5")
    assert "one criterion at a time" not in reply.body and "/wwc status" in reply.body
    assert harness.slack.command("status", user="U5").status == 200
    harness.api.wait_for("respond", 1)
    assert "You're not on a city's team yet" not in harness.api.of("respond")[0].body["text"]


def test_spanish_never_leaks_into_the_next_english_request(harness: Harness) -> None:
    harness.api.users["U7"] = {"locale": "es-LA"}
    harness.onboard("U7", **SPANISH_CITY)  # a Spanish user, through DMs
    reply = harness.slack.command("help", user="U1")  # then an English user
    assert "one criterion at a time" in reply.body, reply.body[:300]
    harness.onboard("U1")
    home = _home(harness, "U1")
    assert "Continue" in home and "Continuar" not in home


def test_english_never_leaks_into_the_next_spanish_request(harness: Harness) -> None:
    harness.api.users["U7"] = {"locale": "es-LA"}
    harness.onboard("U7", **SPANISH_CITY)
    harness.say("U1", "hello")  # an English user in between
    home = _home(harness, "U7")
    assert "Continuar" in home and "Continue" not in home
    harness.say("U1", "hello")
    assert harness.slack.command("evidence DM2", user="U7").status == 200
    [opened] = harness.api.wait_for("views.open")
    assert opened.view()["title"]["text"] != "Add evidence"


def test_a_channel_answer_follows_the_asker(harness: Harness) -> None:
    harness.api.users["U7"] = {"locale": "es-LA"}
    harness.say("U7", "hola")
    harness.slack.dm("U1", "hello")
    harness.settle()
    harness.say("U7", "hola")
    n = len(harness.api.of("chat.postMessage"))
    assert harness.slack.mention("U1", "what is DM2?", channel="C111").status == 200
    harness.api.wait_until(lambda: any(c.body.get("channel") == "C111" for c in harness.api.of("chat.postMessage")[n:]))
    harness.settle()
    post = [c for c in harness.api.of("chat.postMessage")[n:] if c.body.get("channel") == "C111"][-1]
    assert "direct message" in post.body["text"], post.body["text"][:300]


def test_a_locale_we_do_not_ship_reads_english(harness: Harness) -> None:
    harness.api.users["U7"] = {"locale": "es-LA"}
    harness.say("U7", "hola")
    harness.api.users["U9"] = {"locale": "fr-FR"}
    assert "Welcome" in harness.say("U9", "hello")[-1].body["text"]


def test_a_person_slack_could_not_describe_in_time_reads_english(harness: Harness) -> None:
    harness.api.users["U7"] = {"locale": "es-LA"}
    harness.say("U7", "hola")
    harness.api.fail("users.info", delay=2.0, times=5)  # the quick name lookup (1.5 s) gives up
    assert "Welcome" in harness.say("U1", "hello")[-1].body["text"]


def test_changing_language_updates_the_old_question_and_home_in_the_new_one(harness: Harness) -> None:
    harness.onboard("U1")
    _home(harness, "U1")
    n_updates, n_homes = len(harness.api.of("chat.update")), len(harness.api.of("views.publish"))
    posts = harness.say("U1", "language es")
    assert "Cumplido" in [b["text"]["text"] for b in buttons(posts[-1].blocks())]
    harness.api.wait_until(lambda: len(harness.api.of("chat.update")) > n_updates)
    assert "No longer open" not in str(harness.api.of("chat.update")[-1].body)
    harness.api.wait_until(lambda: len(harness.api.of("views.publish")) > n_homes)
    assert harness.slack.command("language pt", user="U1").status == 200
    harness.api.wait_until(lambda: len(harness.api.of("views.publish")) > n_homes + 1, what="Home in Portuguese")
    assert "Continuar" in str(harness.api.of("views.publish")[-1].view()) or "Prata" in str(
        harness.api.of("views.publish")[-1].view())
