"""The standard in Spanish and Portuguese: complete, codes unchanged, scoring unchanged, and a gap fails loudly."""

from __future__ import annotations

from pathlib import Path

import pytest
from yaml_files import changed_copy

from wwc_rules import StandardError, i18n, load_standard, score
from wwc_rules.i18n import LANGUAGES, available_languages, translated

ENGLISH = load_standard("wwc-2022")
FOREIGN = [lang for lang in LANGUAGES if lang != "en"]


def test_every_language_ships_a_complete_translation() -> None:
    assert available_languages("wwc-2022") == ["en", "es", "pt"]
    for lang in FOREIGN:
        s = translated("wwc-2022", lang)
        assert s.language == lang
        assert [c.code for c in s.criteria] == [c.code for c in ENGLISH.criteria]
        assert [a.code for a in s.areas] == [a.code for a in ENGLISH.areas]
        assert [(lv.id, lv.min_percent) for lv in s.levels] == [(lv.id, lv.min_percent) for lv in ENGLISH.levels]
        assert s.core_codes == ENGLISH.core_codes
        for mine, theirs in zip(s.criteria, ENGLISH.criteria):
            assert mine.area == theirs.area and mine.phase == theirs.phase
            # translated, not copied: every text a person reads differs from the English one
            assert mine.question != theirs.question and mine.why != theirs.why, mine.code
            assert i18n.next_step("wwc-2022", lang, mine.code)


def test_known_terms_are_used_for_the_levels() -> None:
    assert [lv.name for lv in translated("wwc-2022", "es").levels] == ["Plata", "Oro", "Platino"]
    assert [lv.name for lv in translated("wwc-2022", "pt").levels] == ["Prata", "Ouro", "Platina"]


def test_scores_do_not_depend_on_the_language() -> None:
    answers = {c.code: ("met" if i % 3 else "in_progress") for i, c in enumerate(ENGLISH.criteria)}
    english = score(ENGLISH, answers)
    for lang in FOREIGN:
        r = score(translated("wwc-2022", lang), answers)
        assert (r.points, r.percent, r.level.id if r.level else None) == (
            english.points, english.percent, english.level.id if english.level else None)


def _broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change) -> str:  # type: ignore[no-untyped-def]
    """Load a copy of the Spanish file after ``change``; returns the error."""
    shipped = Path(i18n.__file__).parent / "standards"
    folder = tmp_path / "standards"
    (folder / "i18n").mkdir(parents=True)
    (folder / "wwc-2022.yml").write_text((shipped / "wwc-2022.yml").read_text(encoding="utf-8"), encoding="utf-8")
    changed_copy(shipped / "i18n" / "wwc-2022.es.yml", folder / "i18n" / "wwc-2022.es.yml", change)
    monkeypatch.setattr(i18n.resources, "files", lambda _pkg: tmp_path)
    i18n.standard_text.cache_clear()
    try:
        with pytest.raises(StandardError) as err:
            i18n.standard_text("wwc-2022", "es")
    finally:
        i18n.standard_text.cache_clear()
    return str(err.value)


def test_a_missing_criterion_fails_and_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    msg = _broken(tmp_path, monkeypatch, lambda d: d["criteria"].pop("PA3"))
    assert "wwc-2022.es.yml" in msg and "criteria: missing: PA3" in msg


def test_a_missing_field_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    msg = _broken(tmp_path, monkeypatch, lambda d: d["criteria"]["DM4"].pop("why"))
    assert "criteria.DM4.why" in msg


def test_a_list_of_another_length_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    msg = _broken(tmp_path, monkeypatch, lambda d: d["criteria"]["OD1"]["what_counts"].pop())
    assert "criteria.OD1.what_counts" in msg


def test_a_code_the_standard_does_not_have_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    msg = _broken(tmp_path, monkeypatch, lambda d: d["criteria"].update(DM10=d["criteria"]["DM1"]))
    assert "not in the standard: DM10" in msg


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(StandardError, match="no 'fr' translation"):
        i18n.standard_text("wwc-2022", "fr")
