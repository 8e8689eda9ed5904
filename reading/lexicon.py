"""The reader's lexicons: validated data files, one per language (``lexicons/<lang>.yml``).

A broken file fails at load with the file name and the field, like the standard's files.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from wwc_rules import Outcome

_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml when PyYAML has it: ten times faster

LEXICONS = Path(__file__).parent / "lexicons"

Phrases = tuple[str, ...]


class LexiconError(ValueError):
    """A lexicon file that cannot be used: names the file and the field."""


class Particles(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    yes: Phrases = Field(min_length=1)
    no: Phrases = Field(min_length=1)


class Requirements(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    regular: tuple[str, ...] = ()
    quarterly: tuple[str, ...] = ()
    within_months: dict[str, int] = Field(default_factory=dict)
    written: tuple[str, ...] = ()
    designated: tuple[str, ...] = ()  # criteria that ask for a named leader or team


class Lexicon(BaseModel):
    """Everything the reader knows about one language; see ``lexicons/en.yml`` for each field."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    language: str = Field(min_length=2, max_length=5)
    # What may be recorded without showing it back: "reader" (whatever the reader is sure of) or "exact" (only
    # the bare labels and their plain synonyms under ``exact``; everything else is confirmed first). A language
    # starts at "exact" until its held-out figures show the reader can be trusted with more.
    at_once: Literal["reader", "exact"] = "reader"
    contractions: dict[str, str]
    exact: dict[Outcome, Phrases]
    fillers: Phrases
    particles: Particles
    negators: Phrases = Field(min_length=1)
    positive: Phrases = Field(min_length=1)
    progress: Phrases = Field(min_length=1)
    partial: Phrases = Field(min_length=1)
    infrequent: Phrases = Field(min_length=1)
    hedged_no: Phrases = Field(min_length=1)
    vague: Phrases = Field(min_length=1)
    when: Phrases = Field(min_length=1)
    elsewhere: Phrases = ()
    asides: Phrases = ()
    lost: Phrases = ()
    duty_phrases: Phrases = ()
    duty_marks: Phrases = ()
    modals: Phrases = ()
    scoff: Phrases = ()
    laughs: Phrases = ()
    only_one_answer: Phrases = ()
    topics: dict[str, Phrases] = Field(default_factory=dict)
    function_words: Phrases = ()
    detail_words: Phrases = ()
    correction_lead: Phrases = ()
    correction_link: Phrases = ()
    second_thoughts: Phrases = ()
    mid_thoughts: Phrases = ()
    self_repair: Phrases = ()
    emoji: dict[str, str] = Field(default_factory=dict)
    pleasantries: Phrases = ()
    past: Phrases = Field(min_length=1)
    lapsed: Phrases = Field(min_length=1)
    future: Phrases = Field(min_length=1)
    plans: Phrases = ()
    unsure: Phrases = Field(min_length=1)
    strong_unsure: Phrases = Field(min_length=1)
    nothing: Phrases = Field(min_length=1)
    contrast: Phrases = Field(min_length=1)
    leave: Phrases = Field(min_length=1)
    leave_alone: Phrases = Field(min_length=1)
    leave_lead_in: Phrases = ()
    leave_needs_lead_in: Phrases = ()
    leave_goes_on: Phrases = ()
    correction: Phrases = Field(min_length=1)
    previous: Phrases = Field(min_length=1)
    reply: Particles
    question_start: Phrases = Field(min_length=1)
    question_aux: Phrases = ()
    subjects: Phrases = Field(min_length=1)
    neutral: Phrases = Field(min_length=1)
    requirements: Requirements
    regular_cues: Phrases = Field(min_length=1)
    few_times: Phrases = ()
    start_words: Phrases = ()
    ordinals: Phrases = ()
    revision: Phrases = ()
    amount_lead: Phrases = ()
    numbers: Phrases = ()
    quarterly_ok: Phrases = Field(min_length=1)
    labels: dict[Outcome, Phrases]
    risky: Phrases = Field(min_length=1)
    turns_no: Phrases = ()
    reasons: Phrases = ()
    evidence_words: Phrases = ()
    safeguard_marks: Phrases = ()
    scope_words: Phrases = ()
    not_data: Phrases = ()
    not_scope: Phrases = ()
    now_words: Phrases = ()
    problem_words: Phrases = ()
    term_lead: Phrases = ()
    term_tail: Phrases = ()
    others: Phrases = ()
    role_words: Phrases = ()
    role_steps: Phrases = ()
    everyone: Phrases = ()
    hedge_emoji: Phrases = ()
    double_negative: Phrases = ()
    maybe_double_negative: Phrases = ()
    units: Phrases = ()
    whole_city: Phrases = ()
    we: Phrases = ()
    not_risky: Phrases = ()

    @field_validator("exact", "labels")
    @classmethod
    def _every_outcome(cls, value: dict[Outcome, Phrases]) -> dict[Outcome, Phrases]:
        missing = [o.value for o in Outcome if not value.get(o)]
        if missing:
            raise ValueError(f"no phrases for {', '.join(missing)}")
        return value


def load_lexicon_file(path: Path) -> Lexicon:
    try:
        # Every scalar is text: "yes", "no", "y" and "n" are words here, not YAML 1.1 booleans.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as err:
        raise LexiconError(f"{path.name}: cannot read: {err}") from err
    try:
        return Lexicon.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise LexiconError(f"{path.name}: {where}: {first['msg']}") from err


@cache
def load_lexicon(language: str = "en") -> Lexicon:
    """The shipped lexicon of ``language`` (cached)."""
    path = LEXICONS / f"{language}.yml"
    if not path.exists():
        raise LexiconError(f"no lexicon for language {language!r}")
    return load_lexicon_file(path)


@cache
def available_languages() -> tuple[str, ...]:
    """The languages a lexicon ships for (read once: asked on every input)."""
    return tuple(sorted(p.stem for p in LEXICONS.glob("*.yml")))
