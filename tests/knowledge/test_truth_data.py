"""Saying only what is true: link hygiene, programs with dates and status, partners, peers and terms."""

from __future__ import annotations

import re

import pytest

from knowledge import answer_question, find_term, link_mark
from knowledge.links import GUESSED, LEGACY, UNOFFICIAL, is_legacy, is_mirror, is_truncated, link_rank
from knowledge.models import Confidence, ProgramKind, ProgramStatus, Status
from knowledge.recommend import program_for, recommend, resources_for
from wwc_rules import score

URL = re.compile(r"https?://[^\s)>|]+")
COMMUNITY_HOME = "https://community.results4america.org/"


def _urls(kb, standard) -> list[tuple[str, str]]:
    found = [(f"standard {standard.id}", standard.source)]
    if standard.core:
        found.append(("standard core", standard.core.source))
    if standard.eligibility:
        found.append(("standard eligibility", standard.eligibility.source))
    for item in [*kb.resources, *kb.programs, *kb.partners, *kb.peers]:
        for field in ("url", "source"):
            value = getattr(item, field, None)
            if value:
                found.append((f"{item.id}.{field}", value))
    for t in kb.terms:
        found += [(f"{t.id}.sources", s.url) for s in t.sources]
    return found


def _all_answers(kb, standard) -> list[str]:
    """Every chat answer that can show a link: per criterion and per area, with and without a city."""
    city = score(standard, {"DM1": "met", "DM2": "in_progress", "OD1": "not_yet"})
    texts = []
    for c in standard.criteria:
        for q in (f"any resources for {c.code}?", f"who can help with {c.code}?", f"what's next for {c.code}?"):
            texts.append(answer_question(q, standard, kb, city).text)
    for a in standard.areas:
        for q in (f"any resources for {a.name}?", f"who can help with {a.name}?", f"what's next for {a.name}?"):
            texts.append(answer_question(q, standard, kb, city).text)
    texts += [answer_question(q, standard, kb, city).text for q in ("who can help", "any resources?", "what's next?")]
    return texts


# ------------------------------------------------------------------ link hygiene


def test_no_address_is_truncated(kb, standard):
    assert [(where, url) for where, url in _urls(kb, standard) if is_truncated(url)] == []


def test_the_truncated_behavioral_insights_row_is_gone(kb):
    assert not any("paperzz" in r.url for r in kb.resources)


def test_every_mirror_or_guessed_or_legacy_link_carries_its_mark_in_the_title(kb):
    for r in kb.resources:
        mark = link_mark(r.url, guessed=r.url_guessed)
        if mark:
            assert f"({mark})" in r.title, r.id
        else:
            assert "(" + UNOFFICIAL + ")" not in r.title, r.id
    assert sum(1 for r in kb.resources if is_mirror(r.url)) >= 7
    assert sum(1 for r in kb.resources if is_legacy(r.url)) >= 10


def test_guessed_addresses_are_marked(kb):
    guessed = {r.id for r in kb.resources if r.url_guessed}
    assert guessed == {"govex-policy-touchpoints", "govex-data-science-101"}
    assert all("(address not confirmed)" in r.title for r in kb.resources if r.url_guessed)


def test_every_answer_that_shows_a_mirror_link_says_unofficial_copy_on_the_same_line(kb, standard):
    seen = 0
    for text in _all_answers(kb, standard):
        for line in text.splitlines():
            for url in URL.findall(line):
                if is_mirror(url):
                    seen += 1
                    assert UNOFFICIAL in line, line
                if is_legacy(url):
                    assert LEGACY in line or GUESSED in line, line
    assert seen, "some answers show a mirror link (marked)"


def test_a_current_source_ranks_above_a_legacy_host(kb, standard):
    for c in standard.criteria:
        found = resources_for(kb, c, limit=10)
        for status in (Status.CURRENT, Status.ARCHIVED):
            ranks = [link_rank(r.url, guessed=r.url_guessed) for r in found if r.status is status]
            assert ranks == sorted(ranks), c.code


def test_peers_never_cite_only_an_unofficial_copy(kb):
    assert [p.id for p in kb.peers if is_mirror(p.source)] == []


# ------------------------------------------------------------------ programs


def test_every_program_has_dates_and_a_status(kb):
    for p in kb.programs:
        assert p.when.strip() and isinstance(p.status, ProgramStatus), p.id
        if p.status is ProgramStatus.PAST:
            assert p.end_year is not None and p.end_year <= 2026, p.id
            assert str(p.end_year) in p.ran, p.id


def test_past_programs_are_never_offered(kb, standard):
    for c in standard.criteria:
        offered = program_for(kb, c)
        assert offered is None or offered.status is ProgramStatus.OPEN, c.code
    roadmap = recommend(kb, standard, score(standard, {}))
    assert all(s.program is None or s.program.status is ProgramStatus.OPEN for s in roadmap.steps)


def test_past_programs_are_shown_as_past_with_a_hint_to_ask(kb, standard):
    for text in _all_answers(kb, standard):
        for line in text.splitlines():
            if "Program:" in line:
                name = line.split("Program:", 1)[1].split(":", 1)[0].strip()
                program = next((p for p in kb.programs if p.name == name), None)
                assert program is not None and program.status is ProgramStatus.OPEN, line
            if line.startswith("• Past"):
                assert "ran in" in line and "not open now" in line and "new round is planned" in line, line


def test_a_sprint_links_to_its_own_page_or_says_it_has_none(kb):
    for p in kb.programs:
        if p.kind is ProgramKind.SPRINT or p.status is ProgramStatus.PAST:
            assert p.url != COMMUNITY_HOME, p.id
            if p.url is None:
                assert p.page_note, p.id


def test_the_academy_is_uncertain_and_never_promises_free_accounts(kb, standard):
    reply = answer_question("any resources?", standard, kb, None).text
    assert reply.index("Certification Community") < reply.index("Academy")
    assert "may no longer run" in reply
    assert "free accounts" not in reply.replace("Do not count on free accounts", "")


# ------------------------------------------------------------------ partners and peers


def test_no_answer_says_there_is_no_budget_and_finance_partner(kb, standard):
    reply = answer_question("who helps with budget and finance", standard, kb, None).text
    assert "Public Finance Initiative" in reply
    assert "No expert partner" not in reply and "no expert partner" not in reply


def test_peers_are_corrected(kb):
    peers = {p.id: p for p in kb.peers}
    syracuse = peers["syracuse-tax-letters"]
    assert "$1.47 million" in syracuse.summary and "two trials" in syracuse.summary
    assert "handwritten" not in syracuse.summary
    assert syracuse.source == "https://www.maxwell.syr.edu/XLab/projects/City_of_Syracuse_Taxes/"
    tulsa = peers["tulsa-urban-data-pioneers"]
    assert "about 60" in tulsa.summary and "120" in tulsa.summary and "2018 Engaged Cities Award" in tulsa.summary
    carlsbad = peers["carlsbad-governance-policy"]
    assert "Gold since 2024" in carlsbad.summary and "2022" in carlsbad.summary


def test_an_area_example_is_labelled_as_such_in_chat(kb, standard):
    reply = answer_question("what's next for RDC7?", standard, kb, score(standard, {"RDC7": "not_yet"})).text
    seattle = [line for line in reply.splitlines() if "Seattle" in line]
    assert seattle and all("Area example (not specific to RDC7)" in line for line in seattle)
    help_reply = answer_question("who can help with RDC7?", standard, kb, None).text
    assert "not specific to RDC7" in help_reply


# ------------------------------------------------------------------ terms


@pytest.mark.parametrize(
    ("question", "must"),
    [
        ("what is the Honor Roll?", ["2018", "2021", "2022", "Honor Roll"]),
        ("tell me about City Solutions Sprints", ["What Works Cities Sprints", "City Solutions Sprints"]),
        ("what is the outcome requirement", ["air quality", "change outcome"]),
        ("is this the certification report?", ["Results for America", "self-assessment", "not the official report"]),
        ("what are the core standards?", ["DM1", "LC1", "PA1", "carlsbadca.gov"]),
        ("are we eligible?", ["North, Central and South America", "30,000"]),
    ],
)
def test_terms_are_answered_from_data_with_sources(kb, standard, question, must):
    reply = answer_question(question, standard, kb, None)
    assert reply.intent.value != "unknown" and not reply.text.startswith("I can help")
    for text in must:
        assert text in reply.text, (question, text)
    term = find_term(kb, question)
    assert term is not None
    assert "Sources" in reply.text and all(s.url in reply.text for s in term.sources)


def test_terms_do_not_capture_criterion_questions(kb, standard):
    assert answer_question("what is DM2?", standard, kb, None).topic == "DM2"


def test_the_outcome_requirement_term_shows_the_citys_answer(kb, standard):
    shown = score(standard, {"DM1": "met"}, gate_choice="broadband")
    assert "*Your answer:* shown (Household broadband)" in answer_question(
        "what is the outcome requirement?", standard, kb, shown
    ).text


def test_every_term_has_sources_and_a_confidence(kb):
    assert {t.id for t in kb.terms} >= {"honor-roll", "wwc-sprints", "outcome-requirement", "certification-report"}
    for t in kb.terms:
        assert t.sources and all(s.url.startswith("https://") for s in t.sources), t.id
        assert isinstance(t.confidence, Confidence)


# ------------------------------------------------------------------ what counts


def test_every_what_counts_in_chat_answers_carries_the_reading_note(kb, standard):
    for c in standard.criteria:
        text = answer_question(f"what is {c.code}?", standard, kb, None).text
        assert "*What counts:*" in text, c.code
        after = text.split("*What counts:*", 1)[1]
        assert standard.reading_note in after.split("*Why it matters:*")[0], c.code


def test_no_answer_calls_the_city_certifiable(kb, standard):
    everything = score(standard, {c.code: "met" for c in standard.criteria}, gate_choice="broadband")
    for q in ("where do we stand?", "how close are we to platinum?", "what is the certification report"):
        text = answer_question(q, standard, kb, everything).text.lower()
        assert "certifiable" not in text and "ready to apply" not in text
    assert "pending review by Results for America" in answer_question("where do we stand?", standard, kb, everything).text
