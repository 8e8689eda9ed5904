"""Understanding free text: answers, areas, gate choices, city names and populations.

Answers go through fixed phrase lists first (so "no idea" is *not sure*,
not *no*), then rapidfuzz for typos ("nto yet", "yse").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from wwc_i18n import current as current_language
from wwc_rules import Area, Outcome, OutcomeGate, Standard

from ..store.store import REGION_CODES, REGION_NAMES, fold, mixed_scripts, region_code, strip_invisible


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
_SEVERAL_WORDS = [
    (o, _any_of(p for p in _PHRASES[o] if " " in p)) for o in (Outcome.NOT_SURE, Outcome.IN_PROGRESS, Outcome.NOT_YET)
]
_LONG_HEDGES = [
    (o, _any_of(p for p in _PHRASES[o] if " " not in p and len(p) > 4)) for o in (Outcome.NOT_SURE, Outcome.IN_PROGRESS)
]
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
    "yes it is | yes still the case | yes unchanged | yes no change |"
    # Spanish and Portuguese (matched without accents)
    "si | claro | sigue igual | igual | sigue vigente | vigente | sin cambios | sin cambio | correcto | confirmo |"
    "confirmado | lo mismo | sigue siendo asi | todavia es asi | si sigue igual | si sigue vigente |"
    "sim | s | continua valendo | continua | sem mudanca | sem mudancas | sem alteracao | ainda vale | correto |"
    "o mesmo | mesma coisa | isso | sim continua | sim continua valendo | tudo igual | nao mudou | nao mudou nada |"
    "no cambio | no ha cambiado | no cambio nada"
)
_CHANGED = _phrases(
    "no | nope | nah | n | not anymore | not any more | no longer | changed | it changed | has changed | not true |"
    "no longer true | not still true | false | different | update it | change it | no it changed |"
    "no it has changed | no not anymore | no it's different | no it is different |"
    "ya no | cambio | ha cambiado | no es asi | diferente | no ya no | ya no es asi |"
    "nao | nao mais | mudou | ja nao | nao e mais assim"
)


def unaccented(text: str) -> str:
    """``text`` without its accents, same length otherwise ("sí" -> "si", "não" -> "nao")."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def match_still_true(text: str) -> bool | None:
    """In a checkup, does a short reply confirm last year's answer (True) or say it changed (False)?

    Anything longer, such as "yes, we adopted it in 2021", is left to ``match_outcome`` (None).

    >>> match_still_true("Yes, still true!"), match_still_true("not anymore"), match_still_true("kind of")
    (True, False, None)
    """
    plain = unaccented(normalise(text))
    t = " ".join(re.sub(r"[^\w' ]+", " ", plain).split())
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


_MULTIPLIERS = {
    "k": 1_000, "thousand": 1_000, "m": 1_000_000, "mil": 1_000_000, "million": 1_000_000, "millions": 1_000_000,
    "millon": 1_000_000, "millón": 1_000_000, "millones": 1_000_000, "mi": 1_000_000, "milhao": 1_000_000,
    "milhão": 1_000_000, "milhoes": 1_000_000, "milhões": 1_000_000,
}
_THOUSAND_IN = {"es", "pt"}  # where "mil" is a thousand ("500 mil habitantes"); in English chat it is a million
_POPULATION = re.compile(
    r"(\d[\d,. ]*\d|\d)\s*(k|thousand|millions|million|millones|millón|millon|milhões|milhoes|milhão|milhao|mil|mi|m)?"
    r"(?![\w])"
)
_GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")  # 185,000 / 185.000 / 2.500.000: thousands


def parse_population(text: str) -> int | None:
    """A number of residents from "185,000", "about 185k" or "1.2 million"; None if there is none."""
    found = _POPULATION.search(normalise(text))
    if not found:
        return None
    raw, unit = found.group(1).replace(" ", ""), found.group(2) or ""
    multiplier = 1_000 if unit == "mil" and current_language() in _THOUSAND_IN else _MULTIPLIERS.get(unit, 1)
    if _GROUPED.fullmatch(raw) and multiplier <= 1_000:
        digits = raw.replace(",", "").replace(".", "")  # a number written with thousands separators, either kind
    elif raw.count(",") == 1 and "." not in raw:
        digits = raw.replace(",", ".")  # "2,5 millones": a decimal comma
    else:
        digits = raw.replace(",", "")
        if digits.count(".") > 1:
            digits = digits.replace(".", "")
    try:
        value = float(digits) * multiplier
    except ValueError:
        return None
    if multiplier > 1 and _AND_A_HALF.search(normalise(text)[found.end():]):
        value += multiplier / 2  # "2 millones y medio", "1 milhão e meio", "2 million and a half"
    return int(round(value)) if 0 < value < 100_000_000 else None


_AND_A_HALF = re.compile(r"^\s*(?:y medio|e meio|and a half)\b")


# Lead-in phrases before a city's name, in any number ("Hi, I'm with the City of ..."). The designators
# of a town hall ("City of", "Municipio de") go too; "Ciudad de"/"Cidade de" stay in the name shown
# ("Ciudad de México") but do not make another city: ``city_key`` drops them.
_LEAD_INS = _phrases(
    "hi there | hello there | hi | hello | hey | good morning | good afternoon | "
    "i'm with | im with | i am with | we're with | we are with | i'm from | im from | i am from | we're from | "
    "we are from | i work for | i work at | i work with | we work for | i'm at | i am at | i represent | "
    "we represent | we're | we are | this is | it's | it is | my city is | our city is | my city | our city | "
    "hola | buenas | buenos dias | buenas tardes | ola | oi | bom dia | boa tarde | "
    "trabajo en la alcaldia de | trabajo en la alcaldía de | trabajo en la municipalidad de | "
    "trabajo en el municipio de | trabajo en la intendencia de | soy de | somos de | "
    "trabalho na prefeitura de | trabalho na prefeitura do | trabalho na prefeitura da | sou de | sou da | sou do | "
    "la alcaldia de | alcaldia de | la alcaldía de | alcaldía de | la intendencia de | intendencia de | "
    "the city and county of | city and county of | the city of | city of | the town of | town of | "
    "the village of | village of | the borough of | borough of | the township of | township of | "
    "the municipality of | municipality of | el municipio de | municipio de | município de | "
    "la municipalidad de | municipalidad de | a prefeitura de | prefeitura municipal de | prefeitura de | "
    "prefeitura do | prefeitura da"
)
_LEAD_IN = re.compile(
    r"^(?:"
    + "|".join(
        re.escape(p).replace(r"\ ", r"\s+").replace("'", "['’]?") for p in sorted(_LEAD_INS, key=len, reverse=True)
    )
    + r")(?:\s*[,:;!.\-–—]+\s*|\s+)",
    re.IGNORECASE,
)
# A person introducing themself before the city ("I'm Dana, the data lead for Springfield, Illinois").
_I_AM = re.compile(r"^(?:i['’]?m|i am|my name is|me llamo|soy|sou)\s+(.+)$", re.IGNORECASE)
# "<person, role> for|from|at|with <city>": a few words before the place ("in" is part of names: "X in Y").
_FOR_PLACE = re.compile(
    r"^\S+(?:\s+\S+){0,5}?\s(?:for|from|at|with|"
    r"(?:de|en|da|na|do|no) (?:la |el )?(?:alcald[ií]a|prefeitura|municipalidad|municipio|intendencia|ciudad|cidade)"
    r"(?: municipal)? (?:de|del|do|da))\s+(.+)$",
    re.IGNORECASE,
)
_OWN_COUNTRY = re.compile(r"[\s,]+(?:u\.?s\.?a?\.?|united\s+states(?:\s+of\s+america)?|canada)$", re.IGNORECASE)
# Codes that are English words count only in capitals ("help me" is no city in Maine; "Riverton nc" is).
_WORDS = frozenset("al am co de ga hi id in la ma me mo ne oh ok or pa".split())
# "Port Washington" and "New Ontario" are names, not "Port" in Washington.
_NOT_BEFORE_A_STATE = frozenset(
    "port fort ft mount mt lake new north south east west saint st san santa point cape grand little upper lower "
    "glen".split()
)


def normalise_region(region: str) -> str:
    """A state's or province's two-letter code ("Arizona" -> "AZ", "Québec" -> "QC"); anything else as written,
    capitalised if typed in lower case ("colombia" -> "Colombia")."""
    r = " ".join(region.replace("’", "'").split()).strip(" ,;:!?")
    return region_code(r) or (r if any(ch.isupper() for ch in r) else _title(r.rstrip(".")))


MAX_CITY_TEXT = 80  # "name, state or country" as typed
MAX_CITY_WORDS = 8
# A sentence inside a name ("Mesa reached Platinum. Also Tempe"): a full stop after a word of four or more
# letters, then more words ("St. Louis" and "Washington D.C." are names).
_SENTENCE = re.compile(r"[^\W\d_]{4,}[.!?;:]\s+\w")


def parse_city(text: str) -> tuple[str, str | None] | None:
    """``(name, state/country)`` from "Tempe, AZ", "Tempe Arizona" or "I'm with the City of Tempe, Arizona".

    The name is as shown to people; ``bot.store.city_key`` decides which names are one city.
    The region is None if not given.
    """
    t = " ".join(strip_invisible(unicodedata.normalize("NFKC", text)).replace("\n", " ").split()).strip(" .!?")
    introduced = False
    while True:
        while (lead_in := _LEAD_IN.match(t)) and lead_in.end() < len(t):
            introduced |= lead_in.group(0).casefold().startswith("this is")
            t = t[lead_in.end() :]
        if (me := _I_AM.match(t)) is not None:  # "I'm Dana, the data lead for Springfield, Illinois"
            t, introduced = me.group(1), True
        if introduced and (place := _FOR_PLACE.match(t)) is not None:  # "Maria from the City of Kansas City"
            t, introduced = place.group(1), False
            continue
        break
    if not t or len(t) > MAX_CITY_TEXT or not re.search(r"[^\W\d_]", t) or "<" in t or "http" in t.casefold():
        return None
    if mixed_scripts(t) or _SENTENCE.search(t) or len(t.split()) > MAX_CITY_WORDS:
        return None  # a look-alike ("Tеmpe" with a Cyrillic е) or a claim written into the name
    country = _OWN_COUNTRY.search(t)  # "Riverton, Ohio, USA"
    if country and country.start() > 0:
        found = _name_and_region(t[: country.start()])
        if found[1] in REGION_CODES:
            return found
    return _name_and_region(t)


def _name_and_region(t: str) -> tuple[str, str | None]:
    if "," in t:
        name, _, region = t.rpartition(",")
        name, region = name.strip(" ,"), region.strip()
        if name and region:
            return _title(name), normalise_region(region)
    words = t.split()
    for n in (4, 3, 2, 1):  # "Tempe Arizona", "Santa Fe New Mexico", "Boise ID", "Washington D.C."
        if len(words) > n:
            tail = " ".join(words[-n:])
            if fold(tail) in REGION_NAMES and (n > 1 or words[-2].casefold() not in _NOT_BEFORE_A_STATE):
                head = words[:-n]
                if len(head) > 1 and head[-1].casefold() in {"in", "en", "em"}:  # "San Juan in Puerto Rico"
                    head = head[:-1]
                return _title(" ".join(head)), REGION_NAMES[fold(tail)]
            code = region_code(tail) if n == 1 else None
            letters = "".join(ch for ch in tail if ch.isalpha())
            if code and (letters == code or "." in tail or (letters.upper() == code and letters.lower() not in _WORDS)):
                return _title(" ".join(words[:-n])), code
    return _title(t), None


_LOWER_WORDS = frozenset("de del da das do dos du des of the and upon y e".split())


def _title(name: str) -> str:
    """A name typed all in one case, capitalised ("rio de janeiro" -> "Rio de Janeiro"); others as typed."""
    letters = [ch for ch in name if ch.isalpha()]
    if any(ch.isupper() for ch in letters) and not (len(letters) > 3 and all(ch.isupper() for ch in letters)):
        return name
    words = []
    for i, word in enumerate(name.lower().split()):
        if i and word in _LOWER_WORDS:
            words.append(word)
        elif i and word.startswith("d'") and len(word) > 2:  # "Coeur d'Alene"
            words.append("d'" + word[2].upper() + word[3:])
        else:
            words.append("-".join(_capital(part) for part in word.split("-")))
    return " ".join(words)


def _capital(part: str) -> str:
    if len(part) > 2 and part[1] == "'":  # "O'Fallon"
        return part[0].upper() + "'" + part[2].upper() + part[3:]
    return part[:1].upper() + part[1:]


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
