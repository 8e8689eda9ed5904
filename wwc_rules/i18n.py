"""The standard in other languages.

A translation is a data file beside the standard, ``standards/i18n/<id>.<lang>.yml``, holding only what
a person reads (titles, questions, what counts, evidence, why, next steps, area and level names, the
outcome requirement), keyed by the standard's codes and ids, which never change. ``translated``
lays it over the English standard and validates the result as a whole standard, so scoring and every
surface work unchanged. A missing criterion, a list of another length or a code the standard does not
have is a ``StandardError`` naming the file and the field.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from wwc_i18n import current

from .loader import StandardError, load_standard, parse_yaml
from .models import Standard

ENGLISH = "en"
LANGUAGES = ("en", "es", "pt")  # English, Spanish (neutral Latin American), Brazilian Portuguese
LANGUAGE_NAMES = {"en": "English", "es": "Español", "pt": "Português"}

_Text = str
_Texts = tuple[str, ...]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _CriterionText(_Strict):
    title: _Text = Field(min_length=1)
    question: _Text = Field(min_length=1)
    what_counts: _Texts = Field(min_length=1)
    evidence: _Texts = Field(min_length=1)
    why: _Text = Field(min_length=1)
    next_step: _Text = Field(min_length=1)
    tags: _Texts = Field(min_length=1)


class _AreaText(_Strict):
    name: _Text = Field(min_length=1)
    summary: _Text = Field(min_length=1)
    aliases: _Texts = ()


class _CoreText(_Strict):
    title: _Text = Field(min_length=1)
    rule: _Text = Field(min_length=1)
    note: _Text | None = None
    source_name: _Text | None = None


class _GateText(_Strict):
    title: _Text = Field(min_length=1)
    question: _Text = Field(min_length=1)
    why: _Text = Field(min_length=1)
    options: dict[str, _Text]


class _EligibilityText(_Strict):
    regions: _Text = Field(min_length=1)


class StandardText(_Strict):
    """Everything a person reads of one standard, in one language."""

    lang: str = Field(min_length=2, max_length=5)
    standard: str
    name: _Text = Field(min_length=1)
    notes: _Texts = ()
    reading_note: _Text = Field(min_length=1)
    core: _CoreText | None = None
    eligibility: _EligibilityText | None = None
    levels: dict[str, _Text]
    areas: dict[str, _AreaText]
    criteria: dict[str, _CriterionText]
    gate: _GateText | None = None


def available_languages(standard_id: str) -> list[str]:
    """English and every language with a translation file for ``standard_id``."""
    folder = resources.files("wwc_rules").joinpath("standards", "i18n")
    found = {p.name.split(".")[-2] for p in folder.iterdir() if p.name.startswith(f"{standard_id}.")} if folder.is_dir() else set()
    return [ENGLISH, *sorted(found - {ENGLISH})]


@cache
def standard_text(standard_id: str, lang: str) -> StandardText:
    """The validated translation file of ``standard_id`` in ``lang`` (checked against the English standard)."""
    source = f"wwc_rules/standards/i18n/{standard_id}.{lang}.yml"
    ref = resources.files("wwc_rules").joinpath("standards", "i18n", f"{standard_id}.{lang}.yml")
    try:
        data = parse_yaml(ref.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StandardError(f"no {lang!r} translation of the standard {standard_id!r} ({source})") from None
    except yaml.YAMLError as exc:
        raise StandardError(f"{source}: not valid YAML: {exc}") from None
    try:
        text = StandardText.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise StandardError(f"{source}: {problems}") from None
    _check_against(text, load_standard(standard_id), source)
    return text


def _check_against(text: StandardText, english: Standard, source: str) -> None:
    problems: list[str] = []
    if text.lang != source.split(".")[-2] or text.standard != english.id:
        problems.append(f"lang/standard say {text.lang}/{text.standard}, the file name says otherwise")

    def same_keys(field: str, have: set[str], want: set[str]) -> None:
        if have - want:
            problems.append(f"{field}: not in the standard: {', '.join(sorted(have - want))}")
        if want - have:
            problems.append(f"{field}: missing: {', '.join(sorted(want - have))}")

    same_keys("criteria", set(text.criteria), {c.code for c in english.criteria})
    same_keys("areas", set(text.areas), {a.code for a in english.areas})
    same_keys("levels", set(text.levels), {lv.id for lv in english.levels})
    for c in english.criteria:
        t = text.criteria.get(c.code)
        for field in ("what_counts", "evidence"):
            if t is not None and len(getattr(t, field)) != len(getattr(c, field)):
                problems.append(f"criteria.{c.code}.{field}: {len(getattr(t, field))} items, the standard has "
                                f"{len(getattr(c, field))}")
    if english.gate is not None:
        if text.gate is None:
            problems.append("gate: missing")
        else:
            same_keys("gate.options", set(text.gate.options), {o.id for o in english.gate.options})
    if english.core is not None and text.core is None:
        problems.append("core: missing")
    if english.notes and len(text.notes) != len(english.notes):
        problems.append(f"notes: {len(text.notes)} items, the standard has {len(english.notes)}")
    if english.eligibility is not None and text.eligibility is None:
        problems.append("eligibility: missing")
    if problems:
        raise StandardError(f"{source}: " + "; ".join(problems))


@cache
def translated(standard_id: str, lang: str) -> Standard:
    """The standard with every text a person reads in ``lang``; codes, ids, levels' percents and rules unchanged.

    >>> translated("wwc-2022", "es").criterion("DM1").code, translated("wwc-2022", "es").levels[0].name
    ('DM1', 'Plata')
    """
    english = load_standard(standard_id)
    if lang == ENGLISH:
        return english
    text = standard_text(standard_id, lang)
    data: dict[str, Any] = english.model_dump(mode="json")
    data["name"], data["reading_note"] = text.name, text.reading_note
    if text.notes:
        data["notes"] = list(text.notes)
    for level in data["levels"]:
        level["name"] = text.levels[level["id"]]
    for area in data["areas"]:
        a = text.areas[area["code"]]
        area.update(name=a.name, summary=a.summary, aliases=list(a.aliases))
    for criterion in data["criteria"]:
        c = text.criteria[criterion["code"]]
        criterion.update(title=c.title, question=c.question, what_counts=list(c.what_counts),
                         evidence=list(c.evidence), why=c.why, tags=list(c.tags))
    if data.get("gate") and text.gate is not None:
        data["gate"].update(title=text.gate.title, question=text.gate.question, why=text.gate.why)
        for option in data["gate"]["options"]:
            option["label"] = text.gate.options[option["id"]]
    if data.get("core") and text.core is not None:
        data["core"].update({k: v for k, v in text.core.model_dump().items() if v is not None})
    if data.get("eligibility") and text.eligibility is not None:
        data["eligibility"]["regions"] = text.eligibility.regions
    data["language"] = lang
    try:
        return Standard.model_validate(data)
    except ValidationError as exc:
        raise StandardError(f"wwc_rules/standards/i18n/{standard_id}.{lang}.yml: {exc}") from None


def in_force(standard: Standard) -> Standard:
    """``standard`` in the language in force (``wwc_i18n``); itself when that language has no translation of it."""
    lang = current()
    if lang == ENGLISH or standard.language == lang:
        return standard
    try:
        return translated(standard.id, lang)
    except StandardError:
        return standard


def next_step(standard_id: str, lang: str, code: str) -> str | None:
    """The translated next step of criterion ``code`` (English next steps live in the knowledge base)."""
    if lang == ENGLISH:
        return None
    return standard_text(standard_id, lang).criteria[code.upper()].next_step
