"""Understanding free text: answers, areas, gate choices, city names and populations.

Answers go through fixed phrase lists first (so "no idea" is *not sure*,
not *no*), then rapidfuzz for typos ("nto yet", "yse").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from wwc_rules import Area, Outcome, OutcomeGate, Standard


def _phrases(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split("|"))


_PHRASES: dict[Outcome, tuple[str, ...]] = {
    Outcome.NOT_SURE: _phrases(
        "not sure | no idea | dunno | don't know | do not know | dont know | idk | unsure | unclear | no clue |"
        "not certain | maybe | perhaps | i'm not sure | im not sure | need to check | have to check | need to ask |"
        "not that i know | can't say | cannot say | hard to say"
    ),
    Outcome.IN_PROGRESS: _phrases(
        "in progress | kind of | kinda | sort of | sorta | partly | partially | partial | working on it | working on |"
        "somewhat | in the works | underway | under way | started | halfway | half way | in draft | drafting |"
        "a draft | some of | some departments | not fully | not completely | almost | getting there | progress |"
        "pilot | piloting | in development | being developed | planned for | ongoing | mostly"
    ),
    Outcome.NOT_YET: _phrases(
        "not yet | no | nope | nah | not really | none | never | we don't | we do not | we dont | don't have |"
        "do not have | haven't | have not | havent | not started | not at all | no we | not in place | probably not |"
        "doesn't exist | does not exist | n | negative"
    ),
    Outcome.MET: _phrases(
        "met | yes | yeah | yep | yup | y | sure | absolutely | definitely | of course | done | we have | we do |"
        "we did | adopted | in place | completed | complete | established | published | it's met | correct |"
        "affirmative | i think so | indeed | certainly | already"
    ),
}
_LABELS = {
    "met": Outcome.MET,
    "in progress": Outcome.IN_PROGRESS,
    "not yet": Outcome.NOT_YET,
    "not sure": Outcome.NOT_SURE,
    "in_progress": Outcome.IN_PROGRESS,
    "not_yet": Outcome.NOT_YET,
    "not_sure": Outcome.NOT_SURE,
}
_YES = {"yes", "yeah", "yep", "yup", "y", "sure", "absolutely", "definitely", "correct", "indeed", "certainly"}
_NO = {"no", "nope", "nah", "n", "never", "negative"}
_ALL_PHRASES = {p: o for o, phrases in _PHRASES.items() for p in phrases}
_WORD = re.compile(r"[a-z0-9']+|\?")


def normalise(text: str) -> str:
    """Lower case, straight quotes, single spaces, no trailing full stop or exclamation."""
    text = text.replace("’", "'").replace("‘", "'").casefold()
    return " ".join(text.split()).strip(" .!,;:")


def _any_of(phrases: Iterable[str]) -> re.Pattern[str]:
    """One pattern for "contains any of these phrases as whole words"."""
    return re.compile(rf"(?<![\w'])(?:{'|'.join(map(re.escape, phrases))})(?![\w'])")


# Phrases of several words are the most specific; hedges win over a plain yes or no
# ("yes, partly" is in progress), and "not started" is not yet despite "started".
_SEVERAL_WORDS = [(o, _any_of(p for p in _PHRASES[o] if " " in p))
                  for o in (Outcome.NOT_SURE, Outcome.IN_PROGRESS, Outcome.NOT_YET)]
_LONG_HEDGES = [(o, _any_of(p for p in _PHRASES[o] if " " not in p and len(p) > 4))
                for o in (Outcome.NOT_SURE, Outcome.IN_PROGRESS)]
_YES_OR_NO = [(o, _any_of(p for p in _PHRASES[o] if len(p) > 2)) for o in (Outcome.NOT_YET, Outcome.MET)]


def match_outcome(text: str) -> Outcome | None:
    """The outcome a free-text answer means, or None.

    >>> match_outcome("yes we adopted it in 2021"), match_outcome("kind of"), match_outcome("no idea")
    (<Outcome.MET: 'met'>, <Outcome.IN_PROGRESS: 'in_progress'>, <Outcome.NOT_SURE: 'not_sure'>)
    """
    t = normalise(text)
    if not t:
        return None
    if t in _LABELS:
        return _LABELS[t]
    if t in _ALL_PHRASES:
        return _ALL_PHRASES[t]
    for outcome, pattern in (*_SEVERAL_WORDS, *_LONG_HEDGES):
        if pattern.search(t):
            return outcome
    first = (_WORD.findall(t) or [""])[0]
    if first in _YES:
        return Outcome.MET
    if first in _NO:
        return Outcome.NOT_YET
    for outcome, pattern in _YES_OR_NO:
        if pattern.search(t):
            return outcome
    return _typo(t)


_STILL = _phrases(
    "still true | still | yes | yeah | yep | yup | y | yes still true | yes still | same | the same | same as last year |"
    "unchanged | no change | no changes | nothing changed | still the case | still valid | still correct | true |"
    "correct | confirm | confirmed | ok | okay | sure | keep it | keep | as before | yes same | yes the same |"
    "yes it is | yes still the case | yes unchanged | yes no change"
)
_CHANGED = _phrases(
    "no | nope | nah | n | not anymore | not any more | no longer | changed | it changed | has changed | not true |"
    "no longer true | not still true | false | different | update it | change it | no it changed |"
    "no it has changed | no not anymore | no it's different | no it is different"
)


def match_still_true(text: str) -> bool | None:
    """In a checkup, does a short reply confirm last year's answer (True) or say it changed (False)?

    Anything longer, such as "yes, we adopted it in 2021", is left to ``match_outcome`` (None).

    >>> match_still_true("Yes, still true!"), match_still_true("not anymore"), match_still_true("kind of")
    (True, False, None)
    """
    t = " ".join(re.sub(r"[^\w' ]+", " ", normalise(text)).split())
    if t in _STILL:
        return True
    if t in _CHANGED:
        return False
    return None


def _typo(t: str) -> Outcome | None:
    """Typos in a short answer: "nto yet", "in progess", "yse"."""
    if len(t) > 20:
        return None
    found = process.extractOne(t, [p for p in _ALL_PHRASES if len(p) > 2], scorer=fuzz.ratio, score_cutoff=80)
    if found:
        return _ALL_PHRASES[found[0]]
    swapped = [p for p in _ALL_PHRASES if len(p) > 2 and sorted(p) == sorted(t)]
    return _ALL_PHRASES[swapped[0]] if swapped else None


def match_area(text: str, standard: Standard, *, fuzzy: bool = True) -> Area | None:
    """A practice area named by code, name or alias ("OD", "open data", "procurement")."""
    t = normalise(text).removeprefix("the ").removesuffix(" area").strip()
    if not t:
        return None
    names = _area_names(standard)
    t = t.replace("&", "and")
    if t in names:
        return names[t]
    if not fuzzy or len(t) < 4:
        return None
    found = process.extractOne(t, list(names), scorer=fuzz.ratio, score_cutoff=85)
    return names[found[0]] if found else None


def _area_names(standard: Standard) -> dict[str, Area]:
    """Every area's code, name and aliases, normalised: derived once per standard."""
    names = standard.index.memo.get("area-names")
    if names is None:
        names = standard.index.memo["area-names"] = {
            normalise(name).replace("&", "and"): area
            for area in standard.areas
            for name in (area.code, area.name, *area.aliases)
        }
    return names  # type: ignore[return-value]


def match_gate(text: str, gate: OutcomeGate) -> str | None:
    """A gate option id for free text, ``"none"`` for not yet, or None."""
    t = normalise(text)
    if not t:
        return None
    choices = {normalise(o.label): o.id for o in gate.options}
    choices.update({normalise(o.id.replace("_", " ")): o.id for o in gate.options})
    if t in choices:
        return choices[t]
    found = process.extractOne(t, list(choices), scorer=fuzz.partial_ratio, score_cutoff=85)
    if found and len(t) >= 3:
        return choices[found[0]]
    if match_outcome(t) in (Outcome.NOT_YET, Outcome.NOT_SURE, Outcome.IN_PROGRESS):
        return "none"
    return None


_MULTIPLIERS = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "mil": 1_000_000, "million": 1_000_000}
_POPULATION = re.compile(r"(\d[\d,. ]*\d|\d)\s*(k|thousand|m|mil|million)?\b")


def parse_population(text: str) -> int | None:
    """A number of residents from "185,000", "about 185k" or "1.2 million"; None if there is none."""
    found = _POPULATION.search(normalise(text))
    if not found:
        return None
    digits, unit = found.group(1).replace(",", "").replace(" ", ""), found.group(2)
    try:
        value = float(digits) if unit else float(digits.replace(".", "")) if digits.count(".") > 1 else float(digits)
    except ValueError:
        return None
    value *= _MULTIPLIERS.get(unit or "", 1)
    return int(round(value)) if 0 < value < 100_000_000 else None


_US_STATES = dict(
    pair.split(":")
    for pair in (
        "alabama:AL, alaska:AK, arizona:AZ, arkansas:AR, california:CA, colorado:CO, connecticut:CT, "
        "delaware:DE, florida:FL, georgia:GA, hawaii:HI, idaho:ID, illinois:IL, indiana:IN, iowa:IA, "
        "kansas:KS, kentucky:KY, louisiana:LA, maine:ME, maryland:MD, massachusetts:MA, michigan:MI, "
        "minnesota:MN, mississippi:MS, missouri:MO, montana:MT, nebraska:NE, nevada:NV, new hampshire:NH, "
        "new jersey:NJ, new mexico:NM, new york:NY, north carolina:NC, north dakota:ND, ohio:OH, oklahoma:OK, "
        "oregon:OR, pennsylvania:PA, rhode island:RI, south carolina:SC, south dakota:SD, tennessee:TN, "
        "texas:TX, utah:UT, vermont:VT, virginia:VA, washington:WA, west virginia:WV, wisconsin:WI, "
        "wyoming:WY, district of columbia:DC, puerto rico:PR"
    ).split(", ")
)
_STATE_CODES = set(_US_STATES.values())


def normalise_region(region: str) -> str:
    """US states as their two-letter code ("Arizona" -> "AZ"); anything else title-cased."""
    r = " ".join(region.replace(".", " ").split())
    if r.upper() in _STATE_CODES:
        return r.upper()
    return _US_STATES.get(r.casefold(), r if any(ch.isupper() for ch in r) else r.title())


def parse_city(text: str) -> tuple[str, str | None] | None:
    """``(name, state/country)`` from "Tempe, AZ" or "Tempe Arizona"; region None if not given."""
    t = " ".join(text.replace("\n", " ").split()).strip(" .!?")
    for prefix in ("the city of ", "city of ", "we are ", "we're ", "i'm with ", "i am with ", "i work for "):
        if t.casefold().startswith(prefix):
            t = t[len(prefix) :]
    if not t or len(t) > 80 or not re.search(r"[^\W\d_]", t) or "<" in t or "http" in t.casefold():
        return None
    if "," in t:
        name, _, region = t.rpartition(",")
        name, region = name.strip(" ,"), region.strip()
        if name and region:
            return _title(name), normalise_region(region)
    words = t.split()
    for n in (2, 1):  # "Tempe Arizona", "Santa Fe New Mexico", "Boise ID"
        if len(words) > n:
            tail = " ".join(words[-n:])
            if tail.casefold() in _US_STATES or (n == 1 and tail.upper() in _STATE_CODES and tail.isupper()):
                return _title(" ".join(words[:-n])), normalise_region(tail)
    return _title(t), None


def _title(name: str) -> str:
    return name if any(ch.isupper() for ch in name) else name.title()


_QUESTION_START = re.compile(
    r"^(what|what's|whats|how|who|which|where|when|why|can|could|should|would|is|are|does|do|did|will|"
    r"tell me|show me|explain|any|give me|find|list)\b"
)


def looks_like_question(text: str) -> bool:
    """True for "what's next for open data?" style questions, not for an unsure answer ("no idea?").

    A question starts with a question word, or ends with "?" and is not an answer.
    """
    t = normalise(text)
    if len(t.split()) < 2:
        return False
    return bool(_QUESTION_START.match(t)) or (t.endswith("?") and match_outcome(t.rstrip("?")) is None)
