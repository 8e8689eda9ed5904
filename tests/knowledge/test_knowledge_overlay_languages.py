"""The network team's overlay and the translated knowledge bases (found by a red-team pass): a retired item
does not break Spanish or Portuguese, and an item the team updated is never hidden behind an old translation."""

from __future__ import annotations

import pytest

import knowledge.loader as loader
from knowledge import load_knowledge, reload_knowledge
from wwc_rules import load_standard
from wwc_rules.i18n import translated


@pytest.fixture(autouse=True)
def fresh_cache():  # type: ignore[no-untyped-def]
    saved = dict(loader._CACHE)
    loader._CACHE.clear()
    yield
    loader._CACHE.clear()
    loader._CACHE.update(saved)
    loader.configure(None)


def test_retiring_a_shipped_item_keeps_every_language_loading(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "programs.yml").write_text("- id: wwc-academy\n  retired: true\n")
    for lang in ("en", "es", "pt"):
        kb = load_knowledge(translated("wwc-2022", lang), overlay=tmp_path)
        assert all(p.id != "wwc-academy" for p in kb.programs), lang
    loader.configure(tmp_path)  # and a reload with Spanish in use works for everyone
    load_knowledge(translated("wwc-2022", "es"))
    assert all(p.id != "wwc-academy" for p in reload_knowledge(load_standard()).programs)


def test_an_item_the_team_updated_reaches_spanish_users_as_written(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "programs.yml").write_text(
        "- id: wwc-certification-community\n  name: WWC Certification Community\n  kind: community\n"
        "  run_by: Results for America\n  when: Since about 2022\n  start_year: 2022\n  status: open\n"
        "  areas: [DM]\n  description: New 2027 description.\n"
        "  eligibility: Only cities of 50,000+ from 2027.\n  url: https://community.results4america.org/\n"
        "  source: https://community.results4america.org/\n  confidence: verified\n")
    es = load_knowledge(translated("wwc-2022", "es"), overlay=tmp_path)
    program = next(p for p in es.programs if p.id == "wwc-certification-community")
    assert program.eligibility == "Only cities of 50,000+ from 2027."  # the team's words, not a stale translation
    untouched = next(p for p in es.programs if p.id != "wwc-certification-community")
    english = next(p for p in load_knowledge(load_standard(), overlay=tmp_path).programs if p.id == untouched.id)
    assert untouched.description != english.description  # the rest is still translated
