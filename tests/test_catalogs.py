"""The translation catalogs: complete, in step with the code, and safe to fill in."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from wwc_i18n import LANGUAGES, LOCALE_DIR, LOCALES, _, extract, placeholders, problems, using

FOREIGN = [lang for lang in LANGUAGES if lang != "en"]


@pytest.fixture(scope="module")
def pot():  # type: ignore[no-untyped-def]
    return extract()


def _ids(catalog) -> set[str]:  # type: ignore[no-untyped-def]
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_the_template_is_in_step_with_the_code(pot) -> None:  # type: ignore[no-untyped-def]
    with (LOCALE_DIR / "messages.pot").open("rb") as f:
        shipped = read_po(f)
    missing, stale = _ids(pot) - _ids(shipped), _ids(shipped) - _ids(pot)
    assert not missing and not stale, "run `python -m wwc_i18n update` and translate what is new"


@pytest.mark.parametrize("lang", FOREIGN)
def test_every_text_is_translated_with_the_same_placeholders_and_markup(pot, lang: str) -> None:  # type: ignore[no-untyped-def]
    assert problems(lang, pot) == []


@pytest.mark.parametrize("lang", FOREIGN)
def test_length_limits_given_to_translators_hold(lang: str) -> None:
    with (LOCALE_DIR / f"{lang}.po").open("rb") as f:
        po = read_po(f, locale=LOCALES[lang])
    checked = 0
    for m in po:
        limit = next((int(x) for c in m.auto_comments for x in re.findall(r"at most (\d+) characters", c)), None)
        if limit and m.string:
            strings = [m.string] if isinstance(m.string, str) else list(m.string)
            for s in strings:
                shown = s.format(**{name: "" for name in placeholders(s)})
                assert len(shown) <= limit, (m.id, s)
            checked += 1
    assert checked, "no length-limited texts found: the comments went missing"


def test_english_is_the_message_id_and_other_languages_differ() -> None:
    with using("en"):
        assert _("Not answered") == "Not answered"
    with using("es"):
        assert _("Not answered") == "Sin respuesta"
    with using("pt"):
        assert _("Not answered") == "Sem resposta"
    with using("fr"):  # not shipped: English
        assert _("Not answered") == "Not answered"
