"""Free text understood: answers, commands, areas, cities and populations."""

from __future__ import annotations

import pytest

from bot.engine.commands import Cmd, parse_action, parse_text, split_evidence
from bot.engine.matching import looks_like_question, match_area, match_outcome, parse_city, parse_population
from wwc_rules import Outcome

MET, PROG, NOT_YET, NOT_SURE = Outcome.MET, Outcome.IN_PROGRESS, Outcome.NOT_YET, Outcome.NOT_SURE


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("yes we adopted it in 2021", MET),
        ("Yes!", MET),
        ("yep", MET),
        ("Met", MET),
        ("done", MET),
        ("the policy was adopted by council", MET),
        ("yse", MET),
        ("yes, no problem", MET),
        ("kind of", PROG),
        ("partly", PROG),
        ("working on it", PROG),
        ("yes, partly", PROG),
        ("sort of", PROG),
        ("in progess", PROG),
        ("not yet, but we're working on it", PROG),
        ("In progress", PROG),
        ("no", NOT_YET),
        ("not yet", NOT_YET),
        ("Nope.", NOT_YET),
        ("we have not started", NOT_YET),
        ("nto yet", NOT_YET),
        ("no, we don't", NOT_YET),
        ("no idea", NOT_SURE),
        ("dunno", NOT_SURE),
        ("I don't know", NOT_SURE),
        ("not sure", NOT_SURE),
        ("maybe", NOT_SURE),
        ("idk", NOT_SURE),
        ("blah", None),
        ("asdf", None),
        ("", None),
        ("yet", None),
        ("the weather is nice", None),
    ],
)
def test_free_text_answers(text, outcome):
    assert match_outcome(text) is outcome


@pytest.mark.parametrize(
    ("text", "kind", "detail"),
    [
        ("why", Cmd.WHY, None),
        ("What counts?", Cmd.WHY, None),
        ("why DM2", Cmd.WHY, "DM2"),
        ("skip", Cmd.SKIP, None),
        ("back", Cmd.BACK, None),
        ("go back", Cmd.BACK, None),
        ("change DM2", Cmd.CHANGE, "DM2"),
        ("dm2", Cmd.CHANGE, "DM2"),
        ("edit od 1", Cmd.CHANGE, "OD1"),
        ("go to open data", Cmd.AREA, "OD"),
        ("area OD", Cmd.AREA, "OD"),
        ("procurement", Cmd.AREA, "RDC"),
        ("jump to evaluations", Cmd.AREA, "EVAL"),
        ("evidence", Cmd.EVIDENCE, None),
        ("status", Cmd.STATUS, None),
        ("pause", Cmd.PAUSE, None),
        ("help", Cmd.HELP, None),
        ("?", Cmd.HELP_HERE, None),
        ("report", Cmd.REPORT, None),
        ("roadmap", Cmd.ROADMAP, None),
        ("roadmap for open data", Cmd.ROADMAP, "OD"),
        ("continue", Cmd.CONTINUE, None),
        ("review OD", Cmd.REVIEW, "OD"),
        ("history DM2", Cmd.HISTORY, "DM2"),
        ("cancel", Cmd.CANCEL, None),
        ("start the checkup", Cmd.CHECKUP, None),
        ("Comenzar la revisión anual", Cmd.CHECKUP, None),
        ("revisión anual 2027", Cmd.CHECKUP, None),
        ("começar a revisão anual", Cmd.CHECKUP, None),
        ("revisar", Cmd.REVIEW, None),
        ("what's next for open data?", Cmd.TEXT, None),
        ("yes we did", Cmd.TEXT, None),
        ("change ZZ9", Cmd.TEXT, None),
    ],
)
def test_typed_commands(standard, text, kind, detail):
    cmd = parse_text(text, standard)
    assert cmd.kind is kind
    if detail:
        assert detail in (cmd.code, cmd.area)


@pytest.mark.parametrize(
    ("text", "user", "area"),
    [
        ("assign <@U123|bob> OD", "U123", "OD"),
        ("assign bob to open data", "bob", "OD"),
        ("assign open data to @bob", "bob", "OD"),
        ("assign bob to nowhere", "bob", None),
    ],
)
def test_assign_command(standard, text, user, area):
    cmd = parse_text(text, standard)
    assert (cmd.kind, cmd.user, cmd.area) == (Cmd.ASSIGN, user, area)


@pytest.mark.parametrize(
    ("value", "kind", "code"),
    [
        ("answer:DM2:met", Cmd.ANSWER, "DM2"),
        ("why:DM2", Cmd.WHY, "DM2"),
        ("evidence:DM2", Cmd.EVIDENCE, "DM2"),
        ("skip:DM2", Cmd.SKIP, "DM2"),
        ("back", Cmd.BACK, None),
        ("area:OD", Cmd.AREA, None),
        ("continue", Cmd.CONTINUE, None),
        ("status", Cmd.STATUS, None),
        ("pause", Cmd.PAUSE, None),
        ("gate:broadband", Cmd.GATE, None),
        ("gate:none", Cmd.GATE, None),
        ("roadmap", Cmd.ROADMAP, None),
        ("help", Cmd.HELP, None),
        ("report", Cmd.REPORT, None),
        ("review:OD", Cmd.REVIEW, None),
        ("change:DM3", Cmd.CHANGE, "DM3"),
        ("invite:U9", Cmd.INVITE, None),
        ("answer:ZZ9:met", Cmd.TEXT, None),
        ("answer:DM2:bogus", Cmd.TEXT, None),
        ("nonsense", Cmd.TEXT, None),
    ],
)
def test_option_values(standard, value, kind, code):
    cmd = parse_action(value, standard)
    assert cmd.kind is kind and cmd.code == code


def test_areas_by_code_name_alias_and_typo(standard):
    assert [match_area(t, standard).code for t in ("OD", "Open Data", "procurement", "evaluatoins")] == [
        "OD",
        "OD",
        "RDC",
        "EVAL",
    ]
    assert match_area("lunch", standard) is None


@pytest.mark.parametrize(
    ("text", "population"),
    [
        ("185,000", 185_000),
        ("about 185k", 185_000),
        ("1.2 million", 1_200_000),
        ("12000 residents", 12_000),
        ("300 000", 300_000),
        ("lots", None),
        ("0", None),
    ],
)
def test_population(text, population):
    assert parse_population(text) == population


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Tempe, AZ", ("Tempe", "AZ")),
        ("tempe arizona", ("Tempe", "AZ")),
        ("Santa Fe New Mexico", ("Santa Fe", "NM")),
        ("St. Louis, missouri", ("St. Louis", "MO")),
        ("Medellín, Colombia", ("Medellín", "Colombia")),
        ("the city of Boise, Idaho", ("Boise", "ID")),
        ("tempe", ("Tempe", None)),
        # a person introducing themself is not part of the city (found by a new user)
        ("Hi there! I'm Dana, the data lead for Springfield, Illinois", ("Springfield", "IL")),
        ("Hi, this is Maria from the City of Kansas City, Missouri", ("Kansas City", "MO")),
        ("this is Tempe, AZ", ("Tempe", "AZ")),
        ("this is the City of San Juan in Puerto Rico", ("San Juan", "PR")),
        ("this is Bo at Mesa, AZ", ("Mesa", "AZ")),
        ("<!channel>", None),
        ("42", None),
    ],
)
def test_city_names(text, city):
    assert parse_city(text) == city


def test_questions_are_told_from_answers():
    assert looks_like_question("what's next for open data?")
    assert looks_like_question("how do we get to gold")
    assert not looks_like_question("yes we adopted it in 2021")
    assert not looks_like_question("?")
    assert not looks_like_question("no idea?") and not looks_like_question("kind of?")
    assert looks_like_question("is it met?") and looks_like_question("does a draft policy count?")


def test_evidence_link_and_note():
    assert split_evidence("https://x.gov/plan.pdf adopted 2021") == ("https://x.gov/plan.pdf", "adopted 2021")
    assert split_evidence("<https://x.gov/a.pdf|a.pdf> - council vote") == ("https://x.gov/a.pdf", "council vote")
    assert split_evidence("no link here") == (None, "no link here")
