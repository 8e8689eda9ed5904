"""Spanish and Portuguese end to end in the conversation: choosing a language, a team that mixes languages,
and a whole assessment, from onboarding to the report, with no English text left in anything said."""

from __future__ import annotations

import pytest
from conversation import Chat
from languages import english_left, english_pieces

from bot.engine import Actor, Engine, Message, MessageKind, UserInput
from wwc_i18n import using as using_lang
from wwc_rules import load_standard
from wwc_rules.i18n import translated


class Person(Chat):
    def __init__(self, engine: Engine, user: str, locale: str | None = None) -> None:
        super().__init__(engine, Actor(workspace="T1", user=user, name=user))
        self.locale = locale
        self.said: list[Message] = []

    def say(self, text: str) -> list[Message]:
        self.replies = self.engine.handle(self.actor, UserInput(text=text), locale=self.locale)
        self.said += self.replies
        return self.replies

    def press(self, value: str) -> list[Message]:
        self.replies = self.engine.handle(self.actor, UserInput(action=value), locale=self.locale)
        self.said += self.replies
        return self.replies


SCRIPTS = {
    "es": {
        "choose": "en español",
        "city": "Medellín, Colombia",
        "population": "2.500.000",
        "free": ["sí", "todavía no", "en proceso", "no sé"],
        "described": "tenemos un comité, pero solo se reúne dos veces al año",
        "yes": "sí",
        "continue": "continuar",
        "extras": ["¿por qué?", "estado", "ayuda", "hoja de ruta", "revisar"],
        "gate": "banda ancha",
        "report": "informe",
        "level": "Oro",
    },
    "pt": {
        "choose": "em português",
        "city": "Recife, Brasil",
        "population": "1.500.000",
        "free": ["sim", "ainda não", "em andamento", "não sei"],
        "described": "temos um comitê, mas ele só se reúne duas vezes por ano",
        "yes": "sim",
        "continue": "continuar",
        "extras": ["por quê?", "situação", "ajuda", "roteiro", "respostas"],
        "gate": "banda larga",
        "report": "relatório",
        "level": "Ouro",
    },
}


def onboarded(engine: Engine, user: str, lang: str) -> Person:
    """A person who chose ``lang`` and registered that language's city, looking at the first question."""
    p = Person(engine, user)
    for step in ("choose", "city", "population"):
        p.say(SCRIPTS[lang][step])
    return p


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_a_whole_assessment_in_the_persons_language(engine: Engine, store, lang: str) -> None:
    script = SCRIPTS[lang]
    spoken = translated("wwc-2022", lang)
    p = onboarded(engine, f"U_{lang.upper()}", lang)
    assert p.asked == "DM1" and spoken.criterion("DM1").question in p.text
    outcomes = {"sí": "met", "sim": "met"}
    for i, c in enumerate(spoken.criteria):
        assert p.asked == c.code, p.text
        labels = [o.label for o in p.last.options]
        assert "Met" not in labels and "Not yet" not in labels  # the buttons are in the person's language
        if i < len(script["free"]):
            p.say(script["free"][i])  # a bare label in that language is recorded at once
            assert p.replies[0].kind is MessageKind.ANSWERED, p.text
        elif i == len(script["free"]):
            p.say(script["described"])  # a description is shown back first, with the reader's reasons
            assert p.replies[0].kind is MessageKind.CONFIRM, p.text
            p.say(script["yes"])
            assert p.replies[0].kind is MessageKind.ANSWERED, p.text
            for extra in script["extras"]:  # side trips, then back to the questions
                p.say(extra)
            p.say(script["continue"])
        else:
            p.press(f"answer:{c.code}:{'met' if i < 33 else 'in_progress'}")
    p.say(script["gate"])
    if p.last.kind is MessageKind.QUESTION and any(o.value.startswith("gate:") for o in p.last.options):
        p.press("gate:broadband")
    report = p.say(script["report"])
    assert report[0].kind is MessageKind.REPORT and script["level"] in report[0].text
    assert outcomes  # the free-text answers above were recorded at once
    assert english_left(p.said) == []


def test_a_team_may_mix_languages(engine: Engine, store) -> None:
    ana = Person(engine, "U_ANA")
    ana.say("hi")
    ana.say("Tempe, AZ")
    ana.say("185000")
    ana.say("invite <@U_LUIS>")
    luis = Person(engine, "U_LUIS", locale="es-LA")
    luis.say("hola")
    spanish = translated("wwc-2022", "es")
    assert spanish.criterion(luis.asked or "DM1").question in luis.text
    ana.say("status")
    assert "criteria" in ana.text  # Ana still reads English
    assert store.language("T1", "U_LUIS") == ("es", False)


def test_a_chosen_language_beats_the_slack_locale_and_is_kept(engine: Engine, store) -> None:
    p = Person(engine, "U_BIA", locale="es-LA")
    p.say("em português")
    assert store.language("T1", "U_BIA") == ("pt", True)
    p.say("Recife, Brasil")
    assert "Recife" in p.text
    assert engine.language_for(Actor(workspace="T1", user="U_BIA"), "es-LA") == "pt"


def test_switching_language_mid_assessment_shows_the_same_question_again(engine: Engine, onboard) -> None:
    ana = onboard()
    ana.say("yes")
    asked = ana.asked
    replies = ana.say("language es")
    assert replies[-1].criterion == asked
    assert translated("wwc-2022", "es").criterion(asked).question in replies[-1].text
    replies = ana.say("in english")
    assert load_standard().criterion(asked).question in replies[-1].text


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_every_message_of_an_assessment_fits_block_kit_in_that_language(engine: Engine, lang: str) -> None:
    """Longer Spanish and Portuguese texts still fit: buttons, sections, the report, Home and the roadmap."""
    from slack_sdk.models.blocks import Block
    from slack_sdk.models.views import View

    from bot.slack import blocks, home_view
    from wwc_i18n import using

    p = onboarded(engine, f"U_K{lang}", lang)
    for i, c in enumerate(load_standard().criteria):
        p.press(f"answer:{c.code}:{['met', 'in_progress', 'not_yet', 'not_sure'][i % 4]}")
    p.press("gate:none")
    for extra in [SCRIPTS[lang]["report"], *SCRIPTS[lang]["extras"], "change DM1", "history DM1"]:
        p.say(extra)
    with using(lang):
        posts = blocks.render(p.said, p.actor.user)
        dashboard = engine.dashboard(p.actor)
        assert dashboard is not None
        home = home_view.home(dashboard)
    assert posts
    for post in posts:
        assert post.text.strip() and len(post.blocks) <= 50
        for b in post.blocks:
            Block.parse(b).validate_json()  # raises on a label over 75 characters, a section over 3000...
    View(**home).validate_json()
    shown = str(home)
    assert [piece for piece in english_pieces() if piece in shown] == []


@pytest.mark.parametrize("lang,said", [
    ("es", ["cambiar DM1", "historial DM1", "ir a datos abiertos", "revisar", "estado", "saltar"]),
    ("pt", ["mudar DM1", "histórico DM1", "ir para dados abertos", "respostas", "situação", "pular"]),
])
def test_commands_work_in_the_persons_language(engine: Engine, lang: str, said: list[str]) -> None:
    p = onboarded(engine, f"U_C{lang}", lang)
    p.say(SCRIPTS[lang]["yes"])
    kinds = []
    for text in said:
        p.say(text)
        kinds.append(p.replies[0].kind)
    assert MessageKind.ANSWERED not in kinds and MessageKind.CONFIRM not in kinds  # none was read as an answer
    assert p.said and english_left(p.said) == []


def _say(engine: Engine, user: str, text: str, locale: str) -> list[Message]:
    return engine.handle(Actor(workspace="T1", user=user, name=user), UserInput(text=text), locale=locale)


def test_a_notice_to_a_colleague_is_in_the_colleagues_language(engine: Engine, store) -> None:
    _say(engine, "U_BEN", "hello", "en-US")  # Ben reads English (kept from his Slack locale)
    for text in ("hola", "Medellín, Colombia", "2.500.000"):
        _say(engine, "U_LUIS", text, "es-LA")  # Luis, the lead, reads Spanish
    replies = _say(engine, "U_LUIS", "assign <@U_BEN> OD", "es-LA")
    [notice] = [m for m in replies if m.recipient == "U_BEN"]
    assert "assigned you *Open Data*" in notice.text and [o.label for o in notice.options] == ["Start"]
    assert any("Datos Abiertos" in m.text for m in replies if m.recipient is None)  # Luis's own reply: Spanish


def test_a_join_request_reaches_the_lead_in_the_leads_language(engine: Engine, store) -> None:
    for text in ("oi", "Recife, Brasil", "1.500.000"):
        _say(engine, "U_BIA", text, "pt-BR")
    _say(engine, "U_ANA", "hello", "en-US")
    replies = _say(engine, "U_ANA", "Recife, Brasil", "en-US")
    [notice] = [m for m in replies if m.recipient == "U_BIA"]
    assert "asked to join" not in notice.text and english_left([notice]) == []
    assert any("asked" in m.text or "lead" in m.text for m in replies if m.recipient is None)  # Ana: English


@pytest.mark.parametrize("lang,words,meant", [
    ("es", "no, esta cumplido", "met"), ("pt", "não, cumprido", "met"), ("en", "no, it is met", "met"),
])
def test_no_then_an_outcome_is_never_recorded_as_no(engine: Engine, store, lang: str, words: str, meant: str) -> None:
    """Found by a new user: "no, esta cumplido" (no, it is met) was recorded as Not yet at once."""
    if lang != "en":
        p = onboarded(engine, f"U_N{lang}", lang)
    else:
        p = Person(engine, f"U_N{lang}")
        for text in ("hi", "Tempe, AZ", "185000"):
            p.say(text)
    first = p.say(words)[0]
    assert first.kind is MessageKind.CONFIRM and first.options[0].value == f"answer:DM1:{meant}", first.text
    # and as the reply to a reading shown back ("In progress?"): the outcome named after the no is recorded
    shown = p.say("tenemos un comité, pero solo se reúne dos veces al año" if lang == "es" else
                  "temos um comitê, mas ele só se reúne duas vezes por ano" if lang == "pt" else
                  "we have a committee but it only meets twice a year")[-1]
    assert shown.kind is MessageKind.CONFIRM and shown.options[0].value == "answer:DM1:in_progress", shown.text
    recorded = p.say(words)[0]
    assert recorded.kind is MessageKind.ANSWERED and recorded.criterion == "DM1", recorded.text
    city = store.city_of("T1", p.actor.user)
    assert store.answers(store.current_assessment(city.id).id)["DM1"].value == meant


@pytest.mark.parametrize("lang,said", [
    ("es", ["evidencia DM1 https://datos.medellin.gov.co/politica.pdf decreto 0123", "quitar evidencia DM1 1",
            "que cuenta como cumplido en OD2?", "cambiar resultado"]),
    ("pt", ["evidência DM1 https://dados.recife.pe.gov.br/politica.pdf decreto", "remover evidência DM1 1",
            "o que conta como cumprido no OD2?", "mudar resultado"]),
])
def test_evidence_and_team_commands_in_the_persons_language(engine: Engine, store, lang: str, said: list[str]) -> None:
    """Found by a new user: "evidência OD3 https://..." went to the criterion on screen, with an offer to mark it met."""
    p = onboarded(engine, f"U_E{lang}", lang)
    p.say(said[0])
    city = store.city_of("T1", p.actor.user)
    assessment = store.current_assessment(city.id)
    assert [e.url for e in store.evidence(assessment.id, "DM1")] == [said[0].split()[2]]
    assert store.answer(assessment.id, "DM1") is None or store.answer(assessment.id, "DM1").outcome is None
    p.say(said[1])
    assert store.evidence(assessment.id, "DM1") == []
    assert "OD2" in p.say(said[2])[0].text and p.replies[0].kind is not MessageKind.CONFIRM
    assert p.say(said[3])[-1].kind is MessageKind.QUESTION  # the outcome requirement, asked again


def test_onboarding_as_latin_american_staff_write_it(engine: Engine, store) -> None:
    """Found by a new user: a self-introduction became the city's name; a restart forgot the city given."""
    from bot.engine.matching import parse_city, parse_population

    assert parse_city("Oi! Sou o João, da prefeitura do Recife") == ("Recife", None)
    assert parse_city("hola, trabajo en la alcaldía de Medellín, Antioquia") == ("Medellín", "Antioquia")
    assert parse_city("Soy Ana de la Alcaldía de Cali, Valle del Cauca") == ("Cali", "Valle del Cauca")
    with using_lang("es"):
        assert parse_population("unos 2 millones y medio") == 2_500_000
        assert parse_population("850 mil habitantes") == 850_000
    with using_lang("pt"):
        assert parse_population("1 milhão e meio") == 1_500_000
    sofia = Actor(workspace="T1", user="U_SOFIA", name="Sofía")
    engine.handle(sofia, UserInput(text="Medellín, Colombia"), locale="es-LA")
    again = engine.begin(sofia, locale="es-LA")  # the chat was closed and opened again
    assert "Medellín" in again[-1].text and "habitantes" in again[-1].text
    engine.handle(sofia, UserInput(text="como 2,5 millones"), locale="es-LA")
    city = store.city_of("T1", "U_SOFIA")
    assert city is not None and city.name == "Medellín" and city.population == 2_500_000
