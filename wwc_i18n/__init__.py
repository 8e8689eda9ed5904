"""Every text a person reads, in their language: one gettext catalog per language, through Babel.

The English text in the code is the message id. Code marks it with ``_()`` where it is shown (or ``N_()``
where it is defined ahead of time, such as a module constant, and then shows it with ``_(CONSTANT)``).
Placeholders are named (``_("{city} is registered", city=...)``) so a translation may put them in any
order, and whole sentences are marked, never fragments glued together. Plurals go through
``ngettext`` and the language's own plural rule; numbers, percents and dates through Babel's formats.

The language in force is a context variable: the Slack listeners and the terminal set it per person
(``using(lang)``), and work handed to other threads copies the context, so a reply job speaks the
language of the person it answers. Catalogs live in ``wwc_i18n/locale/<lang>.po`` and are compiled in
memory when first used (no binary files in the repository). This package sits below ``bot`` and
``knowledge`` (both use it) and imports neither.

    python -m wwc_i18n update    # write locale/messages.pot from the code; add new ids to es.po and pt.po
    python -m wwc_i18n check     # what is missing or broken in each catalog
"""

from __future__ import annotations

import io
import re
import string
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

ENGLISH = "en"
LANGUAGES = ("en", "es", "pt")
NAMES = {"en": "English", "es": "Español", "pt": "Português"}  # each in its own language
LOCALES = {"en": "en_US", "es": "es_419", "pt": "pt_BR"}  # Babel's locale for numbers, dates and plurals
LOCALE_DIR = Path(__file__).parent / "locale"
ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("bot", "knowledge", "reading", "wwc_rules", "wwc_i18n")  # the packages whose marked texts make the catalog
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}

# What a person may type or what Slack reports as a locale, mapped to a language we ship.
_ALIASES = {
    "en": "en", "english": "en", "ingles": "en", "inglés": "en", "ingles.": "en", "inglês": "en",
    "es": "es", "spanish": "es", "espanol": "es", "español": "es", "castellano": "es", "espanhol": "es",
    "pt": "pt", "portuguese": "pt", "portugues": "pt", "português": "pt", "portugués": "pt", "br": "pt",
}

_current: ContextVar[str] = ContextVar("wwc_language", default=ENGLISH)


def language_of(value: str | None) -> str | None:
    """A shipped language for a code, a Slack locale (``es-LA``, ``pt-BR``) or a name (``español``); else None."""
    if not value:
        return None
    v = value.strip().casefold().replace("_", "-")
    if v in _ALIASES:
        return _ALIASES[v]
    head = v.split("-")[0]
    return head if head in LANGUAGES else None


def current() -> str:
    """The language in force in this context."""
    return _current.get()


@contextmanager
def using(lang: str | None) -> Iterator[str]:
    """Speak ``lang`` (English when None or unknown) inside the block."""
    chosen = language_of(lang) or ENGLISH
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def activate(lang: str | None) -> str:
    """Speak ``lang`` from now on in this context (a thread's own copy); returns the language set."""
    chosen = language_of(lang) or ENGLISH
    _current.set(chosen)
    return chosen


@cache
def catalog(lang: str) -> NullTranslations:
    """The compiled catalog of ``lang`` (English: the ids themselves). Fuzzy entries are not used."""
    if lang == ENGLISH:
        return NullTranslations()
    path = LOCALE_DIR / f"{lang}.po"
    with path.open("rb") as f:
        po = read_po(f, locale=LOCALES[lang])
    buf = io.BytesIO()
    write_mo(buf, po, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf)


def _fill(text: str, values: dict[str, Any]) -> str:
    return text.format(**values) if values else text


def _(msgid: str, **values: Any) -> str:
    """``msgid`` in the language in force, with its named placeholders filled."""
    return _fill(catalog(current()).gettext(msgid), values)


def N_(msgid: str) -> str:
    """Mark a text for the catalog where it is defined; show it later with ``_(text)``."""
    return msgid


def ngettext(singular: str, plural: str, n: int, **values: Any) -> str:
    """The form for ``n`` by the language's plural rule; ``{n}`` is the number, formatted for the language."""
    return _fill(catalog(current()).ngettext(singular, plural, n), {"n": number(n), **values})


def number(n: float) -> str:
    """``n`` written the way the language writes numbers (1,234 / 1.234)."""
    return format_decimal(n, locale=LOCALES[current()])


def join_and(items: list[str]) -> str:
    """``a, b and c`` as the language lists things (English keeps no comma before "and")."""
    if len(items) <= 1:
        return "".join(items)
    if current() == ENGLISH:
        return ", ".join(items[:-1]) + " and " + items[-1]
    return str(format_list(items, locale=LOCALES[current()]))


def long_date(d: date) -> str:
    """A date in words (``November 30, 2026``, ``30 de noviembre de 2026``)."""
    return format_date(d, format="long", locale=LOCALES[current()])


def plural_rule(lang: str) -> str:
    return str(Locale.parse(LOCALES[lang]).plural_form)


# ------------------------------------------------------------------ the catalog files


def extract() -> Catalog:
    """Every marked text in the code, as a template catalog."""
    pot = Catalog(project="wwc-assistant", version="1", charset="utf-8")
    for package in SOURCES:
        for filename, lineno, message, comments, _context in extract_from_dir(
            ROOT / package, keywords=KEYWORDS, comment_tags=("i18n:",), strip_comment_tags=True,
            method_map=[("**.py", "python")],
        ):
            pot.add(message, None, [(f"{package}/{filename}", lineno)], auto_comments=comments)
    return pot


def placeholders(text: str) -> set[str]:
    """The named placeholders of a text (``{city}``)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return {"<unbalanced braces>"}


def problems(lang: str, pot: Catalog | None = None) -> list[str]:
    """What is wrong with ``lang``'s catalog: a text not translated, fuzzy, with other placeholders, or stale."""
    pot = pot or extract()
    with (LOCALE_DIR / f"{lang}.po").open("rb") as f:
        po = read_po(f, locale=LOCALES[lang])
    found: list[str] = []
    for msg in pot:
        if not msg.id:
            continue
        have = po.get(msg.id)
        key = msg.id if isinstance(msg.id, str) else msg.id[0]
        if have is None or not have.string or (isinstance(have.string, tuple) and not all(have.string)):
            found.append(f"{lang}: not translated: {key!r}")
            continue
        if have.fuzzy:
            found.append(f"{lang}: fuzzy (needs review): {key!r}")
        ids = _texts(msg.id)
        strings = _texts(have.string)
        want = set().union(*(placeholders(i) for i in ids)) - {"n"}
        for s in strings:
            if placeholders(s) - {"n"} != want:
                found.append(f"{lang}: placeholders differ in {key!r}: {sorted(placeholders(s))} vs {sorted(want)}")
        for s in strings:
            if _SLACK_MARKUP.findall(s) != _SLACK_MARKUP.findall(" ".join(ids[:1])):
                found.append(f"{lang}: Slack markup (links, mentions) differs in {key!r}")
    return found


_SLACK_MARKUP = re.compile(r"<[^<>\s]+>")


def _texts(value: object) -> tuple[str, ...]:
    """A catalog entry's text or texts (a plural entry has several)."""
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value) if isinstance(value, (tuple, list)) else ()


def update() -> None:
    pot = extract()
    LOCALE_DIR.mkdir(exist_ok=True)
    with (LOCALE_DIR / "messages.pot").open("wb") as f:
        write_po(f, pot, width=120, omit_header=False, sort_output=True)
    for lang in LANGUAGES:
        if lang == ENGLISH:
            continue
        path = LOCALE_DIR / f"{lang}.po"
        if path.exists():
            with path.open("rb") as f:
                po = read_po(f, locale=LOCALES[lang])
        else:
            po = Catalog(locale=LOCALES[lang], project="wwc-assistant", version="1", charset="utf-8")
        po.update(pot, no_fuzzy_matching=True)
        with path.open("wb") as f:
            write_po(f, po, width=120, sort_output=True, ignore_obsolete=True)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command in ("extract", "update"):
        update()
        print(f"wrote {LOCALE_DIR / 'messages.pot'} and updated {', '.join(f'{x}.po' for x in LANGUAGES[1:])}")
        return 0
    if command == "check":
        pot = extract()
        found = [p for lang in LANGUAGES[1:] for p in problems(lang, pot)]
        print("\n".join(found) or f"all {len(pot)} texts translated in {', '.join(LANGUAGES[1:])}")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
