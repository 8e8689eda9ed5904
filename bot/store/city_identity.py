"""City identity: one city, one key, however its name and region are written.

"the City of Riverton, Ohio", "Riverton OH" and "RIVERTON, OH." are the same city. The tables below
also serve the engine's parsing of city names (bot.engine.matching).
"""

from __future__ import annotations

import re
import unicodedata


def _pairs(text: str) -> dict[str, str]:
    return dict(pair.strip().split(":") for pair in text.split(","))


US_STATES = _pairs(
    "alabama:AL, alaska:AK, arizona:AZ, arkansas:AR, california:CA, colorado:CO, connecticut:CT, "
    "delaware:DE, florida:FL, georgia:GA, hawaii:HI, idaho:ID, illinois:IL, indiana:IN, iowa:IA, "
    "kansas:KS, kentucky:KY, louisiana:LA, maine:ME, maryland:MD, massachusetts:MA, michigan:MI, "
    "minnesota:MN, mississippi:MS, missouri:MO, montana:MT, nebraska:NE, nevada:NV, new hampshire:NH, "
    "new jersey:NJ, new mexico:NM, new york:NY, north carolina:NC, north dakota:ND, ohio:OH, oklahoma:OK, "
    "oregon:OR, pennsylvania:PA, rhode island:RI, south carolina:SC, south dakota:SD, tennessee:TN, "
    "texas:TX, utah:UT, vermont:VT, virginia:VA, washington:WA, west virginia:WV, wisconsin:WI, "
    "wyoming:WY, district of columbia:DC, washington dc:DC, puerto rico:PR"
)
CANADIAN_PROVINCES = _pairs(
    "alberta:AB, british columbia:BC, manitoba:MB, new brunswick:NB, newfoundland and labrador:NL, "
    "newfoundland:NL, nova scotia:NS, northwest territories:NT, nunavut:NU, ontario:ON, "
    "prince edward island:PE, quebec:QC, saskatchewan:SK, yukon:YT, yukon territory:YT, "
    "colombie britannique:BC, nouveau brunswick:NB, terre neuve et labrador:NL, nouvelle ecosse:NS, "
    "territoires du nord ouest:NT, ile du prince edouard:PE"
)
# Names of states and provinces (case and accent folded, words single-spaced) -> their two-letter code.
REGION_NAMES = {**US_STATES, **CANADIAN_PROVINCES}
REGION_CODES = frozenset(REGION_NAMES.values())
# Abbreviations that name a state only in the state's place ("Riverton, Calif."; "PQ" is Quebec's old code).
_REGION_ABBREVIATIONS = _pairs(
    "ala:AL, ariz:AZ, ark:AR, calif:CA, cal:CA, colo:CO, conn:CT, del:DE, fla:FL, ill:IL, ind:IN, "
    "kan:KS, kans:KS, mass:MA, mich:MI, minn:MN, miss:MS, mont:MT, neb:NE, nebr:NE, nev:NV, okla:OK, "
    "ore:OR, penn:PA, penna:PA, tenn:TN, tex:TX, wash:WA, wis:WI, wisc:WI, wyo:WY, pq:QC, que:QC, ont:ON, "
    "alta:AB, sask:SK, man:MB"
)
_REGION_PREFIXES = (("state", "of"), ("commonwealth", "of"), ("province", "of"), ("territory", "of"))
# Other spellings of a country, folded, -> one spelling ("Brasil" = "Brazil"; accents are folded anyway).
_COUNTRIES = _pairs(
    "brasil:brazil, republica federativa do brasil:brazil, estados unidos mexicanos:mexico, mejico:mexico, "
    "republica de colombia:colombia, espana:spain, republica dominicana:dominican republic, belice:belize, "
    "usa:united states, us:united states, united states of america:united states, estados unidos:united states, "
    "eeuu:united states, eua:united states, uk:united kingdom, great britain:united kingdom"
)
# Words before a city's own name that do not make it another city ("City of", "Prefeitura de").
_DESIGNATORS = tuple(
    tuple(d.split())
    for d in (
        "city and county of | city of | town of | village of | borough of | township of | municipality of | "
        "ciudad de | municipio de | municipalidad de | cidade de | cidade do | cidade da | municipio do | "
        "municipio da | prefeitura de | prefeitura do | prefeitura da | prefeitura municipal de | "
        "prefeitura da cidade de | prefeitura da cidade do | ville de | municipalite de"
    ).split(" | ")
)
_ARTICLES = frozenset({"the", "la", "el", "a", "o", "le", "l"})  # dropped before a designator ("la ciudad de")
_SHORT_WORDS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_KEY_WORD = re.compile(r"[^\W_]+")


_UNACCENTED = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})


# Letters of other scripts that look like Latin ones ("Tеmpe" with a Cyrillic е is still Tempe).
_CONFUSABLE = str.maketrans(
    {
        **dict(zip("аеорсхуікјѕԁһԛԝвнмтзпл", "aeopcxyikjsdhqwbhmt3nn")),
        **dict(zip("αβεικνορτυχωζ", "abeiknoptuxwz")),
        "ɡ": "g", "ɩ": "i", "ɑ": "a", "ſ": "s",
    }
)


def strip_invisible(text: str) -> str:
    """Text without zero-width and other invisible format characters (Unicode category Cf)."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def fold(text: str) -> str:
    """Unicode NFKC, invisible characters removed, case folded, look-alike letters of other scripts
    read as Latin, accents dropped: "Bogotá", "BOGOTA" and "Воgota" (a Cyrillic В) are all "bogota"."""
    text = strip_invisible(unicodedata.normalize("NFKC", text)).casefold().translate(_UNACCENTED)
    text = text.translate(_CONFUSABLE)
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def mixed_scripts(text: str) -> bool:
    """True when the letters of one word come from more than one script ("Tеmpe" with a Cyrillic е)."""
    for word in text.split():
        scripts = {unicodedata.name(ch, "?").split(" ")[0] for ch in word if ch.isalpha()}
        if len(scripts) > 1:
            return True
    return False


def _key_words(text: str) -> list[str]:
    """Folded words, punctuation dropped: "St. Louis" -> ["st", "louis"]."""
    return _KEY_WORD.findall(fold(text))


def region_code(region: str) -> str | None:
    """The two-letter code of a US state (with DC and PR) or Canadian province, whatever the spelling.

    >>> [region_code(r) for r in ("Ohio", "oh.", "State of Ohio", "Québec", "Peru")]
    ['OH', 'OH', 'OH', 'QC', None]
    """
    words = _key_words(region)
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    for prefix in _REGION_PREFIXES:
        if len(words) > len(prefix) and tuple(words[: len(prefix)]) == prefix:
            words = words[len(prefix) :]
    joined, compact = " ".join(words), "".join(words)
    if joined in REGION_NAMES:
        return REGION_NAMES[joined]
    if compact.upper() in REGION_CODES:  # "oh", "D.C."
        return compact.upper()
    return _REGION_ABBREVIATIONS.get(compact)


def _region_key(region: str) -> str:
    code = region_code(region)
    if code is not None:
        return code.casefold()
    words = _key_words(region)
    joined, compact = " ".join(words), "".join(words)  # "U.S.A." is "usa"
    return (_COUNTRIES.get(joined) or _COUNTRIES.get(compact) or compact).replace(" ", "")


def city_name_key(name: str) -> str:
    """A city's name without what does not make it another city: case, accents, punctuation,
    spacing, a leading "the" or "City of" ("Ciudad de", "Prefeitura de", ...), "St."/"Saint".

    >>> city_name_key("The City of St. Louis") == city_name_key("saint-louis") == "saintlouis"
    True
    """
    words = [_SHORT_WORDS.get(w, w) for w in _key_words(name)]
    while True:
        start = 1 if len(words) > 1 and words[0] in _ARTICLES else 0
        designator = next((d for d in _DESIGNATORS if tuple(words[start : start + len(d)]) == d), None)
        if designator is not None and len(words) > start + len(designator):
            words = words[start + len(designator) :]
        elif start and words[0] == "the":
            words = words[1:]
        else:
            return "".join(words)


def _split_region(text: str) -> tuple[str, str]:
    """``(name, region)`` of "Riverton, Ohio" or "Riverton OH"; region "" if there is none."""
    head, comma, tail = text.rpartition(",")
    if comma and _key_words(head) and _key_words(tail):
        return head, tail
    words = text.split()
    for n in (4, 3, 2, 1):
        tail = " ".join(words[-n:])
        if len(words) > n and region_code(tail) and "".join(_key_words(tail)) not in _REGION_ABBREVIATIONS:
            return " ".join(words[:-n]), tail
    return text, ""


def city_key(name: str, region: str) -> str:
    """The one key of a city in its workspace: ``"riverton|oh"`` for "the City of Riverton", "Ohio".

    Case, accents, punctuation and spacing do not make another city, nor do "City of" and the like,
    "St."/"Saint" or "Ft."/"Fort"; states and provinces count by their code, countries by one
    spelling. Without a region, one given in the name is used ("Riverton, OH", "Riverton Ohio").

    >>> city_key("the City of Riverton", "Ohio") == city_key("RIVERTON, OH.", "") == "riverton|oh"
    True
    """
    if not _key_words(region):
        name, region = _split_region(name)
    return f"{city_name_key(name)}|{_region_key(region)}"
