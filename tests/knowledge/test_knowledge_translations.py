"""The knowledge base in Spanish and Portuguese: every shipped item translated, links and codes untouched."""

from __future__ import annotations

import pytest
from yaml_files import changed_copy, read_yaml

from knowledge import load_knowledge
from knowledge.loader import TRANSLATED, TRANSLATIONS, KnowledgeError, _translate
from wwc_rules import load_standard
from wwc_rules.i18n import translated

ENGLISH = load_knowledge(load_standard("wwc-2022"), overlay=None)


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_every_shipped_item_has_a_translation(lang: str) -> None:
    data = read_yaml(TRANSLATIONS / f"{lang}.yml")
    for name in TRANSLATED:
        shipped = {item.id for item in getattr(ENGLISH, name)}
        assert set(data[name]) == shipped, f"{lang}.yml {name}: missing {sorted(shipped - set(data[name]))}"


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_translated_items_keep_links_codes_and_order(lang: str) -> None:
    kb = load_knowledge(translated("wwc-2022", lang), overlay=None)
    for name in TRANSLATED:
        mine, theirs = getattr(kb, name), getattr(ENGLISH, name)
        assert [i.id for i in mine] == [i.id for i in theirs]
        for a, b in zip(mine, theirs):
            assert getattr(a, "url", None) == getattr(b, "url", None)
            assert getattr(a, "criteria", None) == getattr(b, "criteria", None)
    assert all(r.description != e.description for r, e in zip(kb.resources, ENGLISH.resources))
    assert all(r.english_only for r in kb.resources)  # every shipped resource is English material today
    assert kb.next_steps.keys() == ENGLISH.next_steps.keys()
    assert all(kb.next_steps[c] != ENGLISH.next_steps[c] for c in kb.next_steps)


def test_a_translation_of_an_unknown_id_fails(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    changed_copy(TRANSLATIONS / "es.yml", tmp_path / "es.yml",
                 lambda data: data["peers"].update({"no-such-city": {"summary": "x"}}))
    monkeypatch.setattr("knowledge.loader.TRANSLATIONS", tmp_path)
    items = {name: getattr(ENGLISH, name) for name in TRANSLATED}
    with pytest.raises(KnowledgeError, match="peers: unknown ids no-such-city"):
        _translate(translated("wwc-2022", "es"), items, dict(ENGLISH.next_steps))


def test_a_translated_link_or_code_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = ENGLISH.resources[0].id
    changed_copy(TRANSLATIONS / "pt.yml", tmp_path / "pt.yml",
                 lambda data: data["resources"][first].update(url="https://example.org/elsewhere"))
    monkeypatch.setattr("knowledge.loader.TRANSLATIONS", tmp_path)
    items = {name: getattr(ENGLISH, name) for name in TRANSLATED}
    with pytest.raises(KnowledgeError, match="fields that are not translated"):
        _translate(translated("wwc-2022", "pt"), items, dict(ENGLISH.next_steps))


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_texts_inside_lists_are_translated_too(lang: str) -> None:
    """A partner's note per area, a program's formats and who runs it, a peer's year, a term's source names."""
    kb = load_knowledge(translated("wwc-2022", lang), overlay=None)
    for mine, theirs in zip(kb.partners, ENGLISH.partners):
        for a, b in zip(mine.supports, theirs.supports):
            assert (a.area, a.confidence) == (b.area, b.confidence)
            assert (a.note is None) == (b.note is None) and (a.note is None or a.note != b.note), (mine.id, a.area)
    for mine, theirs in zip(kb.programs, ENGLISH.programs):
        if set(theirs.run_by) & set("()"):  # words around the names, as "(GPL is the likely lead partner)"
            assert mine.run_by != theirs.run_by, mine.id
        assert len(mine.formats) == len(theirs.formats)
        assert all(f.description != g.description for f, g in zip(mine.formats, theirs.formats)), mine.id
    for mine, theirs in zip(kb.peers, ENGLISH.peers):
        assert not theirs.year or any(ch.isdigit() for ch in theirs.year), theirs.id
        if theirs.year and any(ch.isalpha() for ch in theirs.year):
            assert mine.year != theirs.year, mine.id  # "about 2014 onward" is words
    for mine, theirs in zip(kb.terms, ENGLISH.terms):
        assert [s.url for s in mine.sources] == [s.url for s in theirs.sources]
        assert all(a.name != b.name for a, b in zip(mine.sources, theirs.sources)), mine.id
