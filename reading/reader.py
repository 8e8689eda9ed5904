"""Reading what a person meant: answers to a criterion, and the moves around them.

Pure functions of the text, the criterion and a lexicon (``lexicons/<lang>.yml``): no I/O
beyond loading the lexicon once, no clock (the date comes in as an argument), no Slack.

``read_answer`` returns a ``Reading``: the outcome or None, whether it is certain enough to
record at once, the cues it used (shown back to the person when it asks), the links found and
the person's own words. It handles negation and its scope ("we have no strategy"), contrast
and partial scope ("yes but only some departments"), time ("we used to", "next year"),
doubt ("probably", "I'd have to ask IT"), and it never takes a word of the question itself as
evidence ("progress" on a question about progress reports).

``read_move`` decides first what kind of message it is, in the order the conversation needs:
leaving, a correction of an earlier answer, a question, and only then an answer.
``read_reply`` reads a reply to the assistant's own question ("Record it?").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cache, lru_cache

from wwc_i18n import _
from wwc_rules import Criterion, Outcome, OutcomeGate, Standard

from .lexicon import Lexicon, load_lexicon

MAX_READ_WORDS = 200  # longer answers are read in full, but never recorded without asking
SURE_MAX_WORDS = 25  # longer answers are recorded at once only when they open with a plain yes or no
SURE_MAX_OPENED = 45

_URL = re.compile(r"<(https?://[^|>\s]+)(?:\|[^>]*)?>|(https?://[^\s<>]+)|\b(www\.[a-z0-9-]+\.[^\s<>]+)", re.I)
_CODE = re.compile(r"\b([a-z]{2,4})\s?-?(\d{1,2})\b")
_YEAR = re.compile(r"\b(19|20)(\d\d)\b")
_RANGE = re.compile(r"\b(?:19|20)\d\d\s*(?:[-–—/]|to|through|thru|until)\s*(?:(?:19|20)?\d\d)\b", re.IGNORECASE)
_SHORT_YEAR = re.compile(r"(?:\bfy\s?|(?<![\w'])['’])(\d\d)\b", re.IGNORECASE)  # "FY21", "in '21"
_WORD = re.compile(r"[a-z0-9%]+|[?,.]")


class Move(str, Enum):
    ANSWER = "answer"
    QUESTION = "question"
    LEAVE = "leave"
    CORRECTION = "correction"


@dataclass(frozen=True)
class Reading:
    """What an answer says about one criterion.

    ``certain`` readings are recorded at once; an outcome that is not certain is shown back
    first ("I read that as In progress ... Record it?"); no outcome means asking again.
    """

    outcome: Outcome | None
    certain: bool
    cues: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    words: str = ""

    @property
    def needs_confirmation(self) -> bool:
        return self.outcome is not None and not self.certain


@dataclass(frozen=True)
class MoveReading:
    """What kind of message it is, and for an answer or a correction, its reading."""

    move: Move
    reading: Reading
    target: str | None = None  # a correction's criterion code, or "previous"
    explain: bool = False  # a question that asks for the criterion itself to be explained ("not sure I follow")


NO_READING = Reading(outcome=None, certain=False)


# ------------------------------------------------------------------ text handling


@dataclass(frozen=True)
class _Text:
    tokens: tuple[str, ...]
    links: tuple[str, ...]
    words: str
    names: frozenset[str] = frozenset()  # words written Capitalised mid-sentence: names ("Getting Started guides")


def find_links(text: str) -> tuple[str, ...]:
    """Web links in a message, Slack's ``<url|label>`` form included, in order, without duplicates."""
    found = []
    for m in _URL.finditer(text):
        url = (m.group(1) or m.group(2) or ("https://" + m.group(3) if m.group(3) else "")).rstrip(".,;:)!?'\"")
        if url and url not in found:
            found.append(url)
    return tuple(found)


_MEMO: dict[tuple[str, int], tuple[Lexicon, object]] = {}


def _memo(name: str, lex: Lexicon, build):
    """Data derived once per lexicon (lexicons hold dicts, so they cannot be cache keys)."""
    key = (name, id(lex))
    hit = _MEMO.get(key)
    if hit is None or hit[0] is not lex:
        hit = _MEMO[key] = (lex, build(lex))
    return hit[1]


def _contraction_patterns(lex: Lexicon) -> tuple[tuple[re.Pattern[str], str], ...]:
    return _memo("contractions", lex, _build_contractions)


def _build_contractions(lex: Lexicon) -> tuple[tuple[re.Pattern[str], str], ...]:
    """One pattern for all contractions: whole words ("can't" -> " can not ") and endings ("'re" -> " are")."""
    whole = {k: f" {v} " for k, v in lex.contractions.items() if not k.startswith("'") and k != "n't"}
    suffix = {k: v for k, v in lex.contractions.items() if k.startswith("'") or k == "n't"}
    # one look-behind per group, not per alternative: the same matches, about eight times faster
    words = "|".join(re.escape(k) for k in sorted(whole, key=len, reverse=True))
    endings = "|".join(re.escape(k) for k in sorted(suffix, key=len, reverse=True))
    alternatives = [rf"(?<![\w'])(?:{words})(?![\w'])"] if words else []
    alternatives += [rf"(?<=\w)(?:{endings})(?![\w'])"] if endings else []
    table = {**suffix, **whole}
    pattern = re.compile("|".join(alternatives) or r"(?!x)x")
    return ((pattern, table),)  # type: ignore[return-value]


def _normalise(text: str, lex: Lexicon) -> _Text:
    text = text[:8000] if text.isascii() else unicodedata.normalize("NFKC", text)[:8000]
    ascii_only = text.isascii()  # (most answers: no emoji to read, no accents to fold)
    for symbol, word in () if ascii_only else lex.emoji.items():  # "yep, census data 🤷": the shrug is part of it
        text = text.replace(symbol, f" {word} ")
    links = find_links(text)
    plain = _URL.sub(" link ", text)
    if "~" in plain and _STRUCK.sub("", plain).strip():
        plain = _STRUCK.sub(" ", plain)  # "~not yet~ in progress": Slack's strikethrough, words taken back
    plain = plain.replace("’", "'").replace("‘", "'").replace("`", "'").casefold()
    plain = _APOSTROPHE_S.sub(_apostrophe_s, plain)
    plain = _NO_COMPOUND.sub("no", plain)  # "no-fee workshops", "no-bid contracts": one word, no negation
    for pattern, table in _contraction_patterns(lex):
        plain = pattern.sub(lambda m: table[m.group(0)], plain)  # type: ignore[index]
    if not plain.isascii():
        plain = "".join(ch for ch in unicodedata.normalize("NFKD", plain) if not unicodedata.combining(ch))
    plain = _STOPS.sub(" . ", plain)
    plain = plain.replace("&", " and ").replace("/", " ")
    tokens = _WORD.findall(plain.replace("'", ""))
    words = " ".join(text.split())
    return _Text(tokens=tuple(tokens[:MAX_READ_WORDS]), links=links, words=words, names=_names(text))


_STOPS = re.compile(r"\s[-–—]+\s|[;:!…()\[\]]|\s-+$")  # dashes, colons and brackets: a stop
_NO_COMPOUND = re.compile(r"\bno-(?!one\b|body\b|where\b|thing\b)(?=[a-z])")
_QUOTED = re.compile(r"[\"“”][^\"“”\n]{1,40}[\"“”]|(?<!\w)'[^'\n]{2,40}'(?!\w)")  # 'yes we have a "data strategy"'
_STRUCK = re.compile(r"(?<![\w~])~[^~\n]+~(?![\w~])")
_BOUNDARIES = frozenset({".", ",", "?"})  # the punctuation tokens ``_normalise`` keeps
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n)\s*[\"'“‘(]*([A-Za-z]+)")


def _names(text: str) -> frozenset[str]:
    """Lower-cased words written with a capital inside a sentence (not its first word, not "I")."""
    starts = {m.start(1) for m in _SENTENCE_START.finditer(_URL.sub(" ", text))}
    found = set()
    plain = _URL.sub(" ", text)
    for m in re.finditer(r"[A-Za-z]+", plain):
        word = m.group(0)
        if m.start() in starts or word == "I" or not word[0].isupper() or word.isupper() and len(word) <= 4:
            continue
        found.add(word.casefold())
    return frozenset(found)


_APOSTROPHE_S = re.compile(r"\b(\w+)'s\b")
_IS_WORDS = {
    "nothing",
    "everything",
    "something",
    "nobody",
    "everyone",
    "someone",
    "that",
    "it",
    "there",
    "here",
    "what",
    "who",
    "where",
    "he",
    "she",
    "this",
    "data",
    "one",
    "which",
    "how",
    "none",
}


def _apostrophe_s(m: re.Match[str]) -> str:
    """ "nothing's open" -> "nothing is open"; "the city's portal" -> "the city portal"."""
    word = m.group(1)
    return f"{word} is" if word in _IS_WORDS else word


@lru_cache(maxsize=16384)  # lexicon phrases are split again on every reading: once is enough
def _phrase(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.casefold().replace("'", "")))


# ------------------------------------------------------------------ the cue index


@dataclass
class _Index:
    phrases: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)
    longest: int = 1
    known: frozenset[str] = frozenset()


def _index(lex: Lexicon) -> _Index:
    return _memo("index", lex, _build_index)


def _build_index(lex: Lexicon) -> _Index:
    index = _Index()
    sources = {
        "negator": lex.negators,
        "positive": lex.positive,
        "progress": lex.progress,
        "partial": lex.partial,
        "infrequent": lex.infrequent,
        "hedged_no": lex.hedged_no,
        "past": lex.past,
        "lapsed": lex.lapsed,
        "future": lex.future,
        "unsure": lex.unsure,
        "strong_unsure": lex.strong_unsure,
        "nothing": lex.nothing,
        "contrast": lex.contrast,
        "vague": lex.vague,
        "when": lex.when,
        "elsewhere": lex.elsewhere,
        "aside": (*lex.asides, *lex.lost),
        "regular": lex.regular_cues,
        "quarterly_ok": lex.quarterly_ok,
    }
    staged: dict[tuple[str, ...], set[str]] = {}
    for kind, phrases in sources.items():
        for p in phrases:
            key = _phrase(p)
            if key:
                staged.setdefault(key, set()).update({kind, "past"} if kind == "lapsed" else {kind})
    for kind, phrases in (("yes", lex.particles.yes), ("no", lex.particles.no)):
        for p in phrases:
            key = _phrase(p)
            if key:
                staged.setdefault(key, set()).add(kind)
    negator_words = {w for p in lex.negators for w in _phrase(p) if len(_phrase(p)) == 1}
    for key, kinds in staged.items():
        if len(key) > 1 and negator_words.intersection(key) and not kinds & {"yes", "strong_unsure", "unsure"}:
            kinds.add("negator")  # "have not started building": the negation reaches on
    index.phrases = {k: frozenset(v) for k, v in staged.items()}
    index.longest = max(len(k) for k in index.phrases)
    words = {w for k in index.phrases for w in k}
    for group in (lex.neutral, lex.fillers, lex.subjects, *lex.exact.values(), lex.leave, lex.correction):
        for p in group:
            words.update(_phrase(p))
    index.known = frozenset(words)
    return index


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    kinds: frozenset[str]
    text: str
    clause: int
    negated: bool = False


def _scan(tokens: tuple[str, ...], index: _Index) -> list[_Cue]:
    """Longest-first, non-overlapping cue phrases with the clause each sits in."""
    cues: list[_Cue] = []
    clause = 0
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t in {".", "?"}:
            clause += 1
            i += 1
            continue
        hit = None
        for length in range(min(index.longest, len(tokens) - i), 0, -1):
            key = tokens[i : i + length]
            kinds = index.phrases.get(key)
            if kinds:
                hit = (length, kinds)
                break
        if hit is None and t == "being" and i + 1 < len(tokens) and tokens[i + 1].endswith("ed"):
            hit = (2, frozenset({"progress"}))  # "being negotiated", "being tested"
        if hit is None:
            i += 1
            continue
        length, kinds = hit
        if "contrast" in kinds and i > 0:
            clause += 1
        cues.append(_Cue(i, i + length, kinds, " ".join(tokens[i : i + length]), clause))
        i += length
    return cues


_NEGATION_WINDOW = 6


_POST_NEGATORS = {"not", "never"}


def _negate(cues: list[_Cue], tokens: tuple[str, ...]) -> list[_Cue]:
    """Mark cues inside a negator's scope: after it, in the same clause, before a comma, within a few words.

    An auxiliary right before "not" is negated too ("we do not", "it is not").
    """
    out: list[_Cue] = []
    absorbed: set[int] = set()  # negators whose scope ended on a flip word ("never missed")
    for i, neg in enumerate(cues):
        if "negator" in neg.kinds:
            first = next((c for c in cues[i + 1 :] if c.clause == neg.clause and c.start >= neg.end), None)
            if first is not None and first.kinds & {"past"} and first.start - neg.end <= 2:
                absorbed.add(id(neg))
    for cue in cues:
        negated = (
            cue.end < len(tokens) and tokens[cue.end] in _POST_NEGATORS and bool(cue.kinds & {"positive", "future"})
        )
        for other in cues:
            if other is cue or "negator" not in other.kinds or other.clause != cue.clause:
                continue
            if id(other) in absorbed and not cue.kinds & {"past"}:
                continue
            if other.end <= cue.start <= other.end + _NEGATION_WINDOW and "," not in tokens[other.end : cue.start]:
                negated = True
        out.append(
            _Cue(cue.start, cue.end, cue.kinds, cue.text, cue.clause, negated) if negated != cue.negated else cue
        )
    return out


# ------------------------------------------------------------------ reading an answer


@cache
def _criterion_words(criterion: Criterion) -> frozenset[str]:
    text = " ".join([criterion.title, criterion.question])
    return frozenset(_stem(w) for w in _phrase(text))


@cache
def _criterion_bigrams(criterion: Criterion) -> frozenset[tuple[str, str]]:
    words = [_stem(w) for w in _phrase(" ".join([criterion.title, criterion.question]))]
    return frozenset(zip(words, words[1:], strict=False))


@cache
def _criterion_vocabulary(criterion: Criterion) -> frozenset[str]:
    text = " ".join(
        [
            criterion.title,
            criterion.question,
            criterion.why,
            *criterion.what_counts,
            *criterion.evidence,
            *criterion.tags,
        ]
    )
    return frozenset(_stem(w) for w in _phrase(text))


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) - len(suffix) >= 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _echoes_question(cue: _Cue, criterion: Criterion | None, tokens: tuple[str, ...] = ()) -> bool:
    """A cue taken from the question itself is no evidence ("progress" on a progress-report question).

    A one-word cue that the question contains, or any cue whose last word begins a pair of words of the
    question ("in progress report" on a question about progress reports).
    """
    if criterion is None:
        return False
    last = _stem(cue.text.split()[-1])
    if cue.end < len(tokens) and (last, _stem(tokens[cue.end])) in _criterion_bigrams(criterion):
        return True
    if cue.end - cue.start > 1:
        return False
    return _stem(cue.text) in _criterion_words(criterion)


def _strip_fillers(tokens: tuple[str, ...], lex: Lexicon) -> tuple[str, ...]:
    """Fillers ("ok", "um", "thanks") taken off both ends, the longest first (the stops and question marks dropped)."""
    by_first, by_last = _memo("fillers", lex, _filler_index)
    toks = tuple(t for t in tokens if t not in {",", "."})
    while len(toks) > 1:
        # the longest filler at either end (for one length, the lexicon's order; the start before the end)
        found = [(rank, 0, len(f)) for rank, f in by_first.get(toks[0], ()) if len(toks) > len(f) and toks[: len(f)] == f]
        found += [(rank, 1, len(f)) for rank, f in by_last.get(toks[-1], ()) if len(toks) > len(f) and toks[-len(f) :] == f]
        if not found:
            break
        _, side, n = min(found)
        toks = toks[n:] if side == 0 else toks[:-n]
    return tuple(t for t in toks if t != "?")


_FillerIndex = dict[str, list[tuple[int, tuple[str, ...]]]]


def _filler_index(lex: Lexicon) -> tuple[_FillerIndex, _FillerIndex]:
    """The fillers, longest first, indexed by their first and by their last word: (rank, phrase) in each."""
    phrases = sorted((p for p in map(_phrase, lex.fillers) if p), key=len, reverse=True)
    by_first: _FillerIndex = {}
    by_last: _FillerIndex = {}
    for rank, p in enumerate(phrases):
        by_first.setdefault(p[0], []).append((rank, p))
        by_last.setdefault(p[-1], []).append((rank, p))
    return by_first, by_last


def _exact(lex: Lexicon) -> dict[tuple[str, ...], Outcome]:
    return _memo("exact", lex, _build_exact)


def _misspelt_label(core: tuple[str, ...], lex: Lexicon) -> tuple[tuple[str, ...], Outcome] | None:
    """A bare label or synonym of two or three words with one slip of the keys in a word of four letters or more
    ("not sre", "in porgress", "not yte"), or None. Never two candidates that disagree."""
    if not 2 <= len(core) <= 3 or not any(len(w) >= 3 for w in core):
        return None
    known = _index(lex).known
    found: dict[Outcome, tuple[str, ...]] = {}
    for phrase, outcome in _exact(lex).items():
        if len(phrase) != len(core) or phrase == core:
            continue
        slips = [(a, b) for a, b in zip(core, phrase, strict=True) if a != b]
        typed, label = slips[0] if len(slips) == 1 else ("", "")
        if (typed and typed not in known and typed.isalpha() and min(len(typed), len(label)) >= 3
                and not (typed.startswith(label) or label.startswith(typed)) and _one_slip(typed, label)):
            found.setdefault(outcome, phrase)
    return next(iter(found.items()))[::-1] if len(found) == 1 else None


def _one_slip(a: str, b: str) -> bool:
    """One letter added, dropped, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                   and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _build_exact(lex: Lexicon) -> dict[tuple[str, ...], Outcome]:
    table: dict[tuple[str, ...], Outcome] = {}
    for outcome, phrases in lex.exact.items():
        for p in phrases:
            table.setdefault(_phrase(p), outcome)
    return table


def read_answer(
    text: str,
    criterion: Criterion | None = None,
    lexicon: Lexicon | None = None,
    *,
    today: date | None = None,
) -> Reading:
    """Read an answer to ``criterion``.

    >>> read_answer("yes, adopted in 2021").outcome, read_answer("we have no data strategy").outcome
    (<Outcome.MET: 'met'>, <Outcome.NOT_YET: 'not_yet'>)
    >>> r = read_answer("we have one but it's out of date")
    >>> r.outcome, r.certain
    (<Outcome.IN_PROGRESS: 'in_progress'>, False)
    """
    lex = lexicon or load_lexicon("en")
    t = _normalise(text, lex)
    return _read(t, criterion, lex, today)


def _read(t: _Text, criterion: Criterion | None, lex: Lexicon, today: date | None) -> Reading:
    repaired = _repaired(t, lex)
    if repaired is not None:  # "no sorry partially": the label after the repair is what was meant
        return Reading(repaired, False, (" ".join(_strip_fillers(t.tokens, lex)),), t.links, t.words)
    later = _after_second_thought(t, lex)
    if later is not None:
        again = _read_all(later, criterion, lex, today)
        if again.outcome is not None:  # "nope. wait, yes: the 2024 plan has goals and KPIs": the second word counts
            return Reading(again.outcome, False, again.cues, t.links, t.words)
    reading = _read_all(t, criterion, lex, today)
    if reading.certain and _second_thought(t.tokens, lex):
        # "actually no", "wait, yes": may take back the answer before; the person says which
        return Reading(reading.outcome, False, reading.cues, reading.links, reading.words)
    if reading.certain and lex.at_once == "exact":
        core = tuple(w for w in _strip_fillers(t.tokens, lex) if w != "link")
        if core not in _exact(lex):  # a new language: only its bare labels are sure enough to record at once
            return Reading(reading.outcome, False, reading.cues, reading.links, reading.words)
    return reading


def _after_second_thought(t: _Text, lex: Lexicon) -> _Text | None:
    """What follows a second thought inside the message, after a first answer ("nope. wait yes, ..."), or None."""
    tokens = t.tokens
    for p in (*_phrases(lex, "second_thoughts"), *_phrases(lex, "mid_thoughts")):
        at = _contains(tokens, p)
        if at >= 2 and tokens[at - 1] in _BOUNDARIES and at + len(p) < len(tokens):
            return _Text(tokens=tokens[at + len(p) :], links=t.links, words=t.words, names=t.names)
    return None


def _repaired(t: _Text, lex: Lexicon) -> Outcome | None:
    """The bare label that ends the message after a repair word (``self_repair``) and a first answer, if any."""
    words = tuple(w for w in t.tokens if w not in _BOUNDARIES)
    exact = _exact(lex)
    for p in _phrases(lex, "self_repair"):
        at = _contains(words, p)
        if at < 1:
            continue
        first, meant = exact.get(words[:at]), exact.get(words[at + len(p) :])
        if first is not None and meant is not None and first is not meant:
            return meant
    return None


def _second_thought(tokens: tuple[str, ...], lex: Lexicon) -> bool:
    """The message opens on a second thought ("actually", "wait"), within its first three words."""
    words = [w for w in tokens if w not in _BOUNDARIES][:3]
    return any(_contains(tuple(words), p) >= 0 for p in _phrases(lex, "second_thoughts"))


def _read_all(t: _Text, criterion: Criterion | None, lex: Lexicon, today: date | None) -> Reading:
    words = t.words
    core = _strip_fillers(t.tokens, lex)
    core = tuple(w for w in core if w != "link")
    if not core and t.links:
        return Reading(
            outcome=Outcome.MET, certain=False, cues=(_("you sent a link as evidence"),), links=t.links, words=words
        )
    if not core:
        return Reading(outcome=None, certain=False, links=t.links, words=words)
    exact = None if _no_then(t.tokens, lex) else _exact(lex).get(core)
    if exact is not None:  # ("yes*", "yes 😬": a bare yes held back by how it is said)
        sure = not _said_with_reserve(t, core, exact, lex)
        return Reading(outcome=exact, certain=sure, cues=(" ".join(core),), links=t.links, words=words)
    typo = _misspelt_label(core, lex)
    if typo is not None:  # "not sre", "in porgress": the label meant, shown back
        return Reading(outcome=typo[1], certain=False, cues=(f"“{' '.join(typo[0])}”",), links=t.links, words=words)

    index = _index(lex)
    cues = _negate(_scan(t.tokens, index), t.tokens)
    signals: dict[str, list[str]] = {}

    def add(kind: str, cue: _Cue) -> None:
        signals.setdefault(kind, []).append(cue.text)

    first_of_clause = _clause_starts(t.tokens)
    for cue in cues:
        k = cue.kinds
        echo = _echoes_question(cue, criterion, t.tokens)
        if "when" in k or "elsewhere" in k or "aside" in k or (t.names and not k & {"yes", "no"} and set(cue.text.split()) <= t.names):
            continue  # "our In Progress report", "the Getting Started guides": names, not answers
        if "vague" in k:
            add("vague", cue)
            continue
        if echo and cue.negated and k & {"progress", "future", "partial", "past"}:
            add("neg", cue)  # "no progress yet" on a question about progress: the no is what counts
            continue
        if "yes" in k and (cue.start in first_of_clause or len(cue.text) > 3 or _clause_end(t.tokens, cue)):
            add("yes", cue)
            continue
        if "no" in k and _particle_no(t.tokens, cue, cue.start in first_of_clause):
            add("no", cue)
            continue
        if "hedged_no" in k:
            add("neg", cue)
            add("unsure", cue)
            continue
        if k & {"strong_unsure", "unsure"} and not cue.negated and _a_duty(cue, t.tokens, lex):
            continue  # "we have to check past performance before any renewal": a duty, not doubt
        if k & {"strong_unsure", "unsure", "progress"} and not cue.negated and _of_others(cue, t.tokens, lex):
            continue  # "residents unsure how to use it can call 311", "departments requesting data fill out a form"
        if "strong_unsure" in k and not cue.negated:
            add("strong_unsure", cue)
            continue
        if "unsure" in k and not cue.negated:
            add("unsure", cue)
            continue
        if "nothing" in k and not cue.negated:
            add("neg", cue)
            continue
        if "past" in k and not echo:
            add("positive" if cue.negated else "past", cue)
            if "lapsed" in k and not cue.negated:
                add("lapsed", cue)
            continue
        if "future" in k and not echo:
            add("neg" if cue.negated else "future", cue)
            continue
        if "progress" in k and not echo and _an_amount(cue, t.tokens, lex):
            continue  # "the portal has nearly 600 datasets": how many, not how far along
        if "progress" in k and not echo and not cue.negated and _started_long_ago(cue, t, lex, today):
            add("positive", cue)  # "we started the data academy in 2019": a practice, years old
            continue
        if "progress" in k and not echo:
            add("neg" if cue.negated else "progress", cue)
            if "partial" in k and not cue.negated:
                add("partial", cue)
            continue
        if "partial" in k:
            if not echo and not cue.negated:
                add("partial", cue)
            if "negator" in k:
                continue  # "not consistently", "not all": partial, not a plain no
        if "quarterly_ok" in k:
            add("quarterly_ok", cue)
        if "infrequent" in k and not cue.negated:
            add("infrequent", cue)
        if "regular" in k and not cue.negated:
            add("regular", cue)
        if "positive" in k and not cue.negated and _planned(cue, t, lex):
            add("future", cue)  # "planning to set up a board", "we'll have a policy by next year": a plan
            add("planned", cue)
        elif "positive" in k:
            add("neg" if cue.negated else "positive", cue)
        elif "negator" in k and not _negates_something(cue, cues):
            add("neg", cue)
        if "contrast" in k:
            add("contrast", cue)

    firm = _double_negation(cues, t.tokens, lex)
    if firm:
        signals.pop("neg", None)
        if signals.get("no") and not signals.get("opens_negative"):
            signals.pop("no")  # "never missed a meeting": the never is half of a yes
        signals.setdefault("positive", []).append(firm)
        signals["firm"] = [firm]
    polarity = _after_contrast(cues, signals)
    if polarity:
        signals["after_contrast"] = [polarity]
    lacking = _lacking(t.tokens)
    if lacking:
        signals.setdefault("lacking", []).append(lacking)
    flipped = any(c.negated and "past" in c.kinds for c in cues)  # "never missed a meeting"
    if cues and cues[0].start <= 1 and cues[0].kinds & {"no", "nothing"} and not cues[0].negated and not flipped:
        if "no" not in cues[0].kinds or _particle_no(t.tokens, cues[0], True):
            signals["opens_negative"] = ["yes"]
    if cues and "strong_unsure" in cues[0].kinds and cues[0].start <= 2:
        signals["strong_first"] = ["yes"]  # "no idea, that's above my pay grade": doubt comes first
    outcome, certain, why = _decide(signals)
    instead = [o for o in _labels_named(t.tokens, lex, 1) if o is not outcome] if _no_then(t.tokens, lex) else []
    if instead:
        # "no, it is met", "no, esta cumplido": the no answers something else (the question as put, a reading
        # shown); the outcome named after it is the likelier meaning, and it is shown back first
        outcome, certain = instead[-1], False
    if outcome is None and t.links and not (signals.get("neg") or signals.get("unsure")):
        # a link sent as the answer: most likely evidence that it is in place; ask first
        return Reading(
            outcome=Outcome.MET, certain=False, cues=(_("you sent a link as evidence"),), links=t.links, words=words
        )
    if outcome is None:
        return Reading(outcome=None, certain=False, cues=tuple(why), links=t.links, words=words)
    if certain and "?" in t.tokens:
        certain = False  # "we have the arcgis hub thing?": said with doubt
    if certain and len(core) <= 3 and any(w not in index.known and w.isalpha() for w in core):
        certain = False  # "not sur", "yes we haven": a short answer with a word that is no word, maybe a slip
    if certain:
        opened = bool(cues) and cues[0].start <= 1 and bool(cues[0].kinds & {"yes", "no"})
        only_positive = set(signals) <= {"positive", "yes", "regular", "quarterly_ok"}
        certain = _plain_enough(t, cues, lex, opened or only_positive)
    if outcome is Outcome.MET and certain and signals.get("firm"):
        certain = False  # a yes made of two negatives ("no contract goes out without goals"): shown back
    if outcome is Outcome.MET and certain and not signals.get("yes"):
        # A description alone ("we have a records retention policy") is shown back: whether what is described is
        # what the criterion asks, all of it and as a practice, is for the person to say. A plain yes with it
        # ("yes, adopted in 2021") is their own claim, recorded at once.
        certain = False
        why.insert(0, _("it sounds in place; check it is all the criterion asks"))
    if outcome is Outcome.MET and certain and criterion is not None and (
        _about_something_else(t, criterion, lex) or _unexplained(t, cues, criterion, lex) or _narrowed_yes(t, cues, lex)
        or any(_contains(t.tokens, p) >= 0 for p in _phrases(lex, "not_data"))
    ):
        # "yes, we have an IT steering committee" to a question about data governance: a yes to something near it
        # (or to equipment: ``not_data``);
        # "yes, the policy is in elaboration", "yes, the state has one": a yes with words that may undo it
        certain = False
        why.insert(0, _("check that this is what the criterion asks"))
    if outcome is Outcome.NOT_YET and certain and not signals.get("opens_negative") and _with_a_reason(t, cues, lex):
        # "we didn't renew the towing company because of their numbers": what was not done is a decision, and its
        # reason may be the very practice asked about
        certain = False
    in_place = {"policy", "process", "pipeline", "agenda", "portfolio"}.intersection(signals.get("regular", []))
    if outcome is Outcome.NOT_YET and certain and ((in_place and not signals.get("past")) or _not_this_but(t.tokens)):
        # "no breaches or anything, and the privacy policy is on the intranet": a no about one thing beside a
        # practice in place; "no, not a person - a whole team": a no to the question's premise
        certain = False
    if outcome is Outcome.NOT_YET and certain and _a_rule(t, lex):
        # "no one outside HR sees personnel data", "nobody gets admin rights by default": a rule that keeps something
        # from happening may be the very safeguard asked about
        certain = False
    if outcome is Outcome.NOT_YET and certain and _turns_no(t, cues, lex):
        # "nah we're good, it's on data.example.org and anyone can download it", "the public guidance is good,
        # nothing for staff": words of something in place beside the no; the person says which
        certain = False
    if outcome is Outcome.NOT_YET and certain and (
        t.links or _negation_in_a_negation(t.tokens) or _second_negative(t.tokens, lex)
    ):
        # "no contract we sign without goals", "no meeting where she doesn't ask": two negations may make a yes;
        # a link sent with a no is likely evidence of something in place
        certain = False
    if certain and _said_with_reserve(t, core, outcome, lex):
        # 'yes we have a "data strategy"', "yes*", "yes 😬", "yes, we need to", "yes we can": a yes held back
        certain = False
    if outcome is Outcome.NOT_YET and certain:
        part = _not_to_part(t.tokens, lex)
        if part:  # "no, not quarterly", "not yet citywide": part of it may be there
            outcome, certain = Outcome.IN_PROGRESS, False
            why = [_("part of it may be there (“{words}”)", words=part)]
        elif (signals.get("past") or signals.get("lapsed")) and _old_way_gone(t, cues, lex):
            certain = False  # "we used to do it by hand, now it's automated": what stopped was the old way
        elif _emphatic_no(t.tokens, lex):
            certain = False  # "no no, it's live": a no to the doubt, then a yes
    if certain and cues and "elsewhere" in cues[0].kinds and cues[0].start <= 1 and not _BOUNDARIES.intersection(
        t.tokens[cues[0].end :]
    ):
        # "no changes since last year", "same as before": which answer, the person says ("no change, still not
        # started" says it)
        certain = False
    if certain and criterion is not None and _labelled_for_another(core, criterion, lex):
        certain = False  # "privacy: not sure" while another criterion is asked: maybe a change to that one
    if outcome is Outcome.MET and criterion is not None and _role_approved(t.tokens, lex):
        # "yes, the evaluation lead job is approved": a post, perhaps not yet filled
        outcome, certain = Outcome.IN_PROGRESS, False
        why.append(_("a post approved may not be filled yet"))
    if outcome is Outcome.MET and criterion is not None and criterion.code in lex.requirements.designated and \
            _everyone_owns(t, cues, lex):
        # "yes, we all do" to "is there a named leader or team": everyone is no one named
        outcome, certain = Outcome.NOT_YET, False
        why.append(_("the criterion asks for a named leader or team"))
    if outcome is Outcome.IN_PROGRESS and certain and any(_contains(t.tokens, p) >= 0 for p in _phrases(lex, "revision")):
        # "the governance charter is being refreshed": work on something that may already be in place
        certain = False
        why.append(_("it may be in place and being revised; the criterion asks whether it is in place now"))
    if outcome is Outcome.MET and criterion is not None:
        shortfall = _shortfall(t, signals, criterion, lex, today)
        if shortfall:
            certain = False
            outcome = shortfall[0]
            why.append(shortfall[1])
    return Reading(outcome=outcome, certain=certain, cues=tuple(dict.fromkeys(why)), links=t.links, words=words)


_NOT_LACKING = {
    "in",
    "yet",
    "there",
    "done",
    "met",
    "started",
    "sure",
    "certain",
    "really",
    "a",
    "an",
    "the",
    "any",
    "something",
    "anything",
    "one",
    "so",
    "that",
    "it",
    "available",
    "happening",
    "applicable",
    "true",
}
_SUBJECT_PEOPLE = {"we", "i", "they", "there", "you", "he", "she", "who", "nobody", "no", "one"}


def _lacking(tokens: tuple[str, ...]) -> str | None:
    """ "it's not complete", "the catalog isn't detailed": something exists but falls short."""
    for i in range(1, len(tokens) - 2):
        if (
            tokens[i] in {"is", "are", "was", "were"}
            and tokens[i + 1] == "not"
            and tokens[i - 1] not in _SUBJECT_PEOPLE
        ):
            word = tokens[i + 2]
            if word not in _NOT_LACKING and not word.endswith("ing") and word not in {",", ".", "?"}:
                return " ".join(tokens[i - 1 : i + 3])
    return None


def _said_with_reserve(t: _Text, core: tuple[str, ...], outcome: Outcome, lex: Lexicon) -> bool:
    """A yes held back by how it is said: a word in quotes, a footnote mark ("yes*"), a nervous face, cut off before
    its verb ("yes, we need to"), or only able to ("yes we can")."""
    if outcome is not Outcome.MET:
        return False
    if core and core[-1] == "to":
        return True  # "yes, we need to", "yes, we keep meaning to"
    quoted = _QUOTED.search(t.words) is not None and len(core) <= 8  # (a longer answer quotes names: "a 'what we heard' memo")
    marks = [w for w in t.words.split() if (w.endswith(("*", "^")) and not w.startswith("*")) or w == "(*)"]
    able = core[-1:] == ("can",) or core[-3:-1] == ("can", "do")
    return bool(quoted or marks or able or any(e in t.words for e in lex.hedge_emoji))


def _not_to_part(tokens: tuple[str, ...], lex: Lexicon) -> str:
    """ "not quarterly", "not yet citywide", "not for the public": a not (or not yet) before one part of what is asked
    (``not_scope``). Returns the words, or ""."""
    for i, w in enumerate(tokens):
        if w != "not":
            continue
        j = i + 2 if tokens[i + 1 : i + 2] == ("yet",) else i + 1
        for p in _phrases(lex, "not_scope"):
            if tokens[j : j + len(p)] == p:
                return " ".join(tokens[i : j + len(p)])
    return ""


def _old_way_gone(t: _Text, cues: list[_Cue], lex: Lexicon) -> bool:
    """What stopped is an old way or a problem (``problem_words``), or a "now" follows the ending (``now_words``)."""
    first = min((c.start for c in cues if c.kinds & {"past", "lapsed"}), default=0)
    later = t.tokens[first:]
    for p in _phrases(lex, "now_words"):
        at = _contains(later, p)
        if at > 0 and later[at - 1] not in _GONE:  # ("gone now", "offline now": the ending itself)
            return True
    return any(_contains(t.tokens, p) >= 0 for p in _phrases(lex, "problem_words"))


_GONE = frozenset({"gone", "offline", "dead", "over", "down", "defunct", "inactive", "dormant", "vacant", "empty",
                   "cancelled", "canceled", "ended", "closed", "stopped", "not", "nothing", "none"})


def _emphatic_no(tokens: tuple[str, ...], lex: Lexicon) -> bool:
    """ "no no, it's live", "no no we do that": a no said twice, brushing a doubt off, then something in place."""
    nos = {p[0] for p in map(_phrase, lex.particles.no) if len(p) == 1}  # "no", "nope", "nah"
    k = next((i for i, w in enumerate(tokens) if w not in nos), len(tokens))
    rest = tokens[k:]
    return k >= 2 and bool(rest) and rest[0] != "," and not any(_contains(rest, p) >= 0 for p in _phrases(lex, "negators"))


def _labelled_for_another(core: tuple[str, ...], criterion: Criterion, lex: Lexicon) -> bool:
    """ "privacy: not sure", "for the inventory, in progress": words of another criterion's topic, then a bare label."""
    words = tuple(w for w in core if w not in _BOUNDARIES)
    exact = _exact(lex)
    at = next((k for k in range(1, len(words)) if words[k:] in exact), None)
    if at is None:
        return False
    head = [_stem(w) for w in words[:at]]
    topics = _stemmed_topics(lex)
    if len(head) > 6 or any(_loosely_contains(head, p) for p in topics.get(criterion.code, ())):
        return False
    by_first = _memo("topics-by-first", lex, lambda lx: _topics_by_first(_stemmed_topics(lx)))
    for code, p in (hit for w in dict.fromkeys(head) for hit in by_first.get(w, ())):
        if code != criterion.code and _contains(tuple(head), p) >= 0:
            rest = set(head) - set(p)
            return rest <= _TOPIC_LEAD  # "the one about privacy", "for the inventory": nothing but the topic
    return False


def _topics_by_first(topics: dict[str, tuple[tuple[str, ...], ...]]) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """(criterion, topic phrase) pairs by the phrase's first stem."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for code, phrases in topics.items():
        for p in phrases:
            if p:
                index.setdefault(p[0], []).append((code, p))
    return index


_TOPIC_LEAD = frozenset({"for", "on", "re", "regarding", "about", "the", "one", "that", "which", "make", "it", "change",
                         "to", "as", "and", "question", "answer", "with", "of", "our", "that s", "put", "mark", "set"})


def _everyone_owns(t: _Text, cues: list[_Cue], lex: Lexicon) -> bool:
    """The answer (after its yes) opens on everyone (``everyone``): "yes, we all do", "yes, each department"."""
    start = cues[0].end if cues and "yes" in cues[0].kinds and cues[0].start <= 1 else 0
    owner = tuple(w for w in t.tokens[start:] if w not in _BOUNDARIES)
    return any(owner[: len(p)] == p for p in _phrases(lex, "everyone"))


def _role_approved(tokens: tuple[str, ...], lex: Lexicon) -> bool:
    """A post approved or funded (``role_words`` shortly before ``role_steps``): "the evaluation lead job is approved"."""
    roles, steps = _words(lex, "role_words"), _words(lex, "role_steps")
    return any(w in steps and roles.intersection(tokens[max(0, i - 4) : i]) for i, w in enumerate(tokens))


def _of_others(cue: _Cue, tokens: tuple[str, ...], lex: Lexicon) -> bool:
    """A doubt or progress word said of other people (``others``): "residents unsure how to use the portal",
    "people who have no idea where to start", "departments requesting data", "when negotiating renewals"."""
    before = tokens[cue.start - 1] if cue.start else ""
    if before in _words(lex, "others"):
        return True
    return "unsure" not in cue.kinds and "strong_unsure" not in cue.kinds and before in {"when", "while"} and \
        cue.text.endswith("ing")


def _started_long_ago(cue: _Cue, t: _Text, lex: Lexicon, today: date | None) -> bool:
    """A start word (``start_words``) with a year two or more years back, "years ago", or an ordinal after it."""
    if tuple(cue.text.split()) not in _phrases(lex, "start_words"):
        return False
    after = t.tokens[cue.end : cue.end + 4]
    if any(w in _words(lex, "ordinals") for w in after) or _contains(t.tokens[cue.end :], ("years", "ago")) >= 0:
        return True
    years = [int(m.group(1) + m.group(2)) for m in _YEAR.finditer(" ".join(t.tokens[cue.end :]))]
    return today is not None and bool(years) and max(years) <= today.year - 2


_A_SHARE = {"%", "percent", "per", "done", "complete", "completed", "finished", "of", "there", "ready"}


def _an_amount(cue: _Cue, tokens: tuple[str, ...], lex: Lexicon) -> bool:
    """ "nearly 600 datasets", "almost five years": ``amount_lead`` then a number that is no share of the work."""
    if tuple(cue.text.split()) not in _phrases(lex, "amount_lead"):
        return False
    rest = tokens[cue.end :]
    if rest[:1] and rest[0][:1].isdigit():
        size = 1
    else:
        size = next((len(n) for n in _phrases(lex, "numbers") if rest[: len(n)] == n), 0)
    after = rest[size] if len(rest) > size else "."
    return size > 0 and after not in _A_SHARE


_DUTY_SUBJECTS = frozenset({"staff", "team", "everyone", "everybody"})


def _a_duty(cue: _Cue, tokens: tuple[str, ...], lex: Lexicon) -> bool:
    """A doubt phrase that describes a duty or a habit (``duty_marks``, ``modals``): "staff have to ask the data owner
    before sharing", "we double check everything", "someone else runs the stat program"."""
    words = cue.text.split()
    if tuple(words) not in _phrases(lex, "duty_phrases"):
        return False
    after = tokens[cue.end] if cue.end < len(tokens) else ""
    if words[-1] in {"else", "department"}:
        # "someone else runs the stat program", "another department handles it": a fact, not "someone else would know"
        return after.endswith("s") and len(after) > 3 and after not in {"is", "was", "has", "does"}
    before = tokens[cue.start - 1] if cue.start else ""
    subject = before in _question_tables(lex)[1] | _words(lex, "we") | _DUTY_SUBJECTS or (
        before.endswith("s") and len(before) > 3  # "analysts", "departments"
    )
    if before in _words(lex, "modals") or not subject:
        return False  # "I'd have to check", "let me find out", "but check with Jenna": the person's own doubt
    if "to" not in words:
        return not any(w in _words(lex, "modals") for w in tokens[max(0, cue.start - 3) : cue.start])
    end = next((i for i in range(cue.end, len(tokens)) if tokens[i] in {",", ".", "?", "but"}), len(tokens))
    clause = tokens[cue.end : end]
    return any(_contains(clause, mark) >= 0 for mark in _phrases(lex, "duty_marks"))


def _opens_with_particle(cues: list[_Cue], starts: set[int]) -> bool:
    first = min(starts - {0}, default=0) if cues and cues[0].start not in starts else 0
    return bool(cues) and cues[0].start <= max(first, 2) and bool(cues[0].kinds & {"yes", "no"})


def _after_contrast(cues: list[_Cue], signals: dict[str, list[str]]) -> str | None:
    """ "X but yes" ends positive, "yes but only some" ends short: what the last clause after a "but" says."""
    marks = [c for c in cues if "contrast" in c.kinds]
    if not marks:
        return None
    last = marks[-1]
    after = [c for c in cues if c.start >= last.end]
    positive = any(("yes" in c.kinds or "positive" in c.kinds) and not c.negated for c in after)
    negative = any(c.negated or c.kinds & {"no", "nothing", "negator", "past", "future", "vague"} for c in after)
    partial = any("partial" in c.kinds for c in after)
    if any(c.kinds & {"past", "lapsed"} and not c.negated for c in after) and not any(
        ("yes" in c.kinds or "positive" in c.kinds) and not c.negated and not c.kinds & {"past"} for c in after
    ):
        return "past"
    if positive and not (negative or partial):
        return "positive"
    if partial and not (positive or negative):
        return "short"
    return None


def _double_negation(cues: list[_Cue], tokens: tuple[str, ...], lex: Lexicon) -> str:
    """ "not a single contract goes out without goals", "we've never missed a quarterly meeting", "no request goes
    unanswered": a negation and a second negative word (``double_negative``) in one clause make a firm yes. Returns
    the two words ("never ... missed"), or "" when there is none."""
    seconds = _phrases(lex, "double_negative")
    firsts = {"not", "never", "no", "nothing", "none", "no one", "nobody", "there is no", "there are no"}
    for cue in cues:
        if cue.text in firsts and "negator" in cue.kinds:
            if cue.text == "no" and tokens[cue.end : cue.end + 1] in (("we",), ("i",), ("they",), ("it",)):
                continue  # "no we can't do it without a budget": a bare no, then a sentence of its own
            rest = tokens[cue.end : cue.end + 12]  # close by: "not a single key contract goes out without goals"
            stop = next((i for i, w in enumerate(rest) if w in _BOUNDARIES or w in {"and", "but", "so"}), len(rest))
            for second in seconds:
                at = _contains(rest[:stop], second)
                if at >= 0:
                    return f"{cue.text} ... {' '.join(second)}"
    return ""


_NEGATION_WORDS = {"not", "no", "never", "without", "nothing", "none", "nobody", "neither", "nor"}


_RELATIVE = {"where", "that", "who", "which", "when", "whose", "if"}


def _negation_in_a_negation(tokens: tuple[str, ...]) -> bool:
    """A negation inside a clause that hangs on another ("there's no meeting where she doesn't ask", "not a day
    goes by that we don't look"): two negations that may make a yes. "no, we don't", "nope no strategy no
    committee" are one no said twice."""
    first: int | None = None
    relative = False
    for i, w in enumerate(tokens):
        if w in _BOUNDARIES:
            first, relative = None, False
        elif w in _NEGATION_WORDS:
            if first is not None and relative:
                return True
            first = i if first is None else first
        elif first is not None and (
            w in _RELATIVE or (w in _PRONOUNS and i - first >= 2 and tokens[i - 1] not in {"and", "but", "so", "or"})
        ):
            relative = True  # "can't remember the last quarter we didn't meet": "(that) we" hangs on the first
    return False


_PRONOUNS = {"we", "i", "they", "she", "he", "you", "it"}


def _second_negative(tokens: tuple[str, ...], lex: Lexicon) -> bool:
    """A ``double_negative`` word after a negation in its clause, however far ("nobody can publish or share a
    dataset without the checklist"): the no may be half of a yes, so it is never recorded at once."""
    seconds = (*_phrases(lex, "double_negative"), *_phrases(lex, "maybe_double_negative"))
    start: int | None = None
    for i, w in enumerate(tokens):
        if w in _BOUNDARIES:
            start = None
        elif w in _NEGATION_WORDS - {"without"} and start is None:
            start = i
        elif start is not None and any(tokens[i : i + len(p)] == p for p in seconds):
            return True
    return False


def _clause_starts(tokens: tuple[str, ...]) -> set[int]:
    starts = {0}
    for i, tok in enumerate(tokens):
        if tok in {".", "?", ","}:
            starts.add(i + 1)
    # "ok yes", "well no", "hmm no": a particle after a filler still opens the answer
    fillers = {
        "ok",
        "okay",
        "well",
        "um",
        "uh",
        "hmm",
        "so",
        "oh",
        "ah",
        "honestly",
        "sorry",
        "i",
        "mean",
        "and",
        "but",
        "then",
        "actually",
        "tbh",
        "haha",
        "lol",
        "erm",
        "umm",
    }
    for i, tok in enumerate(tokens[:4]):
        if tok in fillers:
            starts.add(i + 1)
        else:
            break
    return starts


_PARTICLE_FOLLOWERS = {
    "we",
    "it",
    "i",
    "there",
    "they",
    "not",
    "never",
    "sorry",
    "nothing",
    "none",
    "thanks",
    "and",
    "but",
    "no",
    "nope",
    "that",
    "this",
    "its",
    "our",
    "the",
    "definitely",
    "absolutely",
    "really",
    "idea",
    "clue",
    "yet",
    "one",
    "longer",
}


def _clause_end(tokens: tuple[str, ...], cue: _Cue) -> bool:
    return cue.end >= len(tokens) or tokens[cue.end] in {",", ".", "?"}


def _particle_no(tokens: tuple[str, ...], cue: _Cue, at_start: bool) -> bool:
    """ "no" as an answer ("no, we don't", "service contracts no") rather than "no X" ("no strategy yet")."""
    if _clause_end(tokens, cue):
        return True
    if not at_start:
        return False
    if cue.text != "no":
        return True
    return tokens[cue.end] in _PARTICLE_FOLLOWERS


_POLAR = {"positive", "progress", "future", "past", "partial"}


def _negates_something(neg: _Cue, cues: list[_Cue]) -> bool:
    return any(c.negated and c.clause == neg.clause and c.start >= neg.end and c.kinds & _POLAR for c in cues)


def _planned(cue: _Cue, t: _Text, lex: Lexicon) -> bool:
    """A positive cue said as a plan: a plan word comes before it in its clause ("planning to set up a board",
    "we intend to publish")."""
    before = t.tokens[: cue.start]
    cut = max((i for i, w in enumerate(before) if w in _BOUNDARIES or w in _CONTRAST_WORDS), default=-1)
    clause = before[cut + 1 :]
    for p in _phrases(lex, "plans"):
        at = _contains(clause, p)
        if at >= 0 and not set(p) <= t.names and not (at > 0 and clause[at - 1] in _NEGATION_WORDS):
            return True  # ("don't want to brag but ...": no plan)
    return False


_CONTRAST_WORDS = {"but", "however", "though", "although", "whereas"}


def _about_something_else(t: _Text, criterion: Criterion, lex: Lexicon) -> bool:
    """A yes whose description names two things or more (``function_words`` aside), none of the criterion's
    ``topics`` and at most one word of its question: about a practice near it, not it."""
    function = _words(lex, "function_words")
    particles = _yes_words(lex)
    content = [
        w for w in t.tokens
        if w not in function and w not in particles and w not in _BOUNDARIES and len(w) > 2 and not w.isdigit()
        and w != "link"
    ]
    if len(content) < 2 or not lex.topics:
        return False
    vocabulary = _criterion_words(criterion)
    if len({_stem(w) for w in content} & vocabulary) >= 2:
        return False  # two words of the criterion's own question: about it
    stems = [_stem(w) for w in t.tokens if w not in _BOUNDARIES]
    return not any(_loosely_contains(stems, p) for p in _stemmed_topics(lex).get(criterion.code, ()))


def _stemmed_topics(lex: Lexicon) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Each criterion's ``topics``, split into word stems once."""
    return _memo("topics", lex, lambda lx: {code: tuple(tuple(_stem(w) for w in p if w not in _BOUNDARIES)
                                                        for p in map(_phrase, words) if p)
                                            for code, words in lx.topics.items()})


SHORT_DESCRIPTION = 5  # content words; a longer description carries its own detail


def _unexplained(t: _Text, cues: list[_Cue], criterion: Criterion, lex: Lexicon) -> list[str]:
    """The words of a yes's description that neither a cue, nor the criterion's own text and topics, nor a word of
    grammar account for ("yes, the open data policy is in legal review": legal, review). A yes is recorded at once
    only with a description made of what the criterion asks and of cues the reader weighs; any other word may
    narrow it, put it off or undo it (a stage, a place, a condition, a time, another government), so it is shown
    back. Numbers, links and names (written with a capital) are detail, not doubt."""
    covered = {i for c in cues for i in range(c.start, c.end)}
    function = _words(lex, "function_words")
    particles = _yes_words(lex)
    details = _memo("detail-stems", lex, lambda lx: frozenset(_stem(w) for w in _words(lx, "detail_words")))
    vocabulary = _criterion_vocabulary(criterion) | _topic_stems(lex).get(criterion.code, frozenset()) | details
    content = [
        w for i, w in enumerate(t.tokens)
        if i not in covered and w not in _BOUNDARIES and w not in function and w not in particles
        and not w.isdigit() and w != "link" and w not in t.names
    ]
    if len(content) > SHORT_DESCRIPTION:
        return []  # a long description is detail enough to weigh; its other rules apply
    return [w for w in content if _stem(w) not in vocabulary]


def _narrowed_yes(t: _Text, cues: list[_Cue], lex: Lexicon) -> bool:
    """ "yes, for staff", "yes to the strategy": a yes particle, then at once a word that narrows it (``scope_words``)."""
    if not cues or "yes" not in cues[0].kinds:
        return False
    rest = [w for w in t.tokens[cues[0].end :] if w not in _BOUNDARIES]
    if {"and", "both", "all", "every", "everything", "everyone", "each"} & set(rest):
        return False  # "yes to both", "yes, for staff and the public": all of it
    return bool(rest) and rest[0] in _words(lex, "scope_words") and len(rest) <= 5


def _yes_words(lex: Lexicon) -> frozenset[str]:
    """Every word of the lexicon's yes particles."""
    return _memo("yes-words", lex, lambda lx: frozenset(w for p in lx.particles.yes for w in _phrase(p)))


def _topic_stems(lex: Lexicon) -> dict[str, frozenset[str]]:
    return _memo("topic-stems", lex, lambda lx: {
        code: frozenset(_stem(w) for p in words for w in _phrase(p)) for code, words in lx.topics.items()
    })


def _loosely_contains(words: list[str], phrase: tuple[str, ...], gap: int = 2) -> bool:
    """``phrase`` in ``words`` in order, with at most ``gap`` other words between two of its words ("shifted
    500k to" for "shifted funds" does not count; "proven youth employment program" for "proven program" does)."""
    if not phrase:
        return False
    for start, w in enumerate(words):
        if w != phrase[0]:
            continue
        at, ok = start, True
        for part in phrase[1:]:
            nxt = next((j for j in range(at + 1, min(len(words), at + gap + 2)) if words[j] == part), None)
            if nxt is None:
                ok = False
                break
            at = nxt
        if ok:
            return True
    return False


def _with_a_reason(t: _Text, cues: list[_Cue], lex: Lexicon) -> bool:
    """A reason given after a negated cue or an ending ("didn't renew them because of their numbers"), or an ending
    beside words of evidence (``evidence_words``)."""
    reasons = _phrases(lex, "reasons")
    if any("lapsed" in c.kinds and not c.negated for c in cues) and any(
        _contains(t.tokens, w) >= 0 for w in _phrases(lex, "evidence_words")
    ):
        return True  # "we dropped the program after the RCT showed nothing": ended on the evidence
    first_no = min((c.start for c in cues if c.negated or c.kinds & {"negator", "no", "lapsed"}), default=None)
    if first_no is None:
        return False
    return any(_contains(t.tokens[first_no:], r) >= 0 for r in reasons)


_RULE_SUBJECTS = {"no", "nobody", "none", "nothing", "never"}
_PLAIN_NO_NEXT = {"we", "i", "it", "there", "not", "they"}


def _a_rule(t: _Text, lex: Lexicon) -> bool:
    """A no that states a rule: the answer opens on a negative subject ("no one outside HR sees it", "no PII ever
    goes on the portal"), or a negative that only some meet ("programs that don't perform"), with a
    ``safeguard_marks`` word. "No, we don't share outside city hall" is a plain no."""
    marks = [p for p in _phrases(lex, "safeguard_marks") if _contains(t.tokens, p) >= 0]
    if not marks:
        return False
    if any(len(p) > 2 for p in marks):
        return True  # "that do not", "if they do not": a condition
    words = [w for w in t.tokens if w not in _BOUNDARIES]
    # ("no, we don't...": a particle no, then the person's own subject)
    return len(words) > 1 and words[0] in _RULE_SUBJECTS and t.tokens[1] != "," and words[1] not in _PLAIN_NO_NEXT


def _not_this_but(tokens: tuple[str, ...]) -> bool:
    """ "no, not a person, a whole team does it": "not a/an/just/only X", then more said after a stop; "no, not a
    formal one": one of another kind is there."""
    for i, w in enumerate(tokens[:-3]):
        if w == "not" and tokens[i + 1] in {"a", "an"} and "one" in tokens[i + 3 : i + 5] and tokens[i + 2] != "single":
            return True  # "not a formal one", "not a full time one"
    for i, w in enumerate(tokens[:-2]):
        if w == "not" and tokens[i + 1] in {"a", "an", "just", "only", "one"}:
            stop = next((j for j in range(i + 2, len(tokens)) if tokens[j] in _BOUNDARIES), None)
            if stop is not None and len([x for x in tokens[stop + 1 :] if x not in _BOUNDARIES]) >= 3:
                return True
    return False


def _turns_no(t: _Text, cues: list[_Cue], lex: Lexicon) -> bool:
    """A word no cue explains that speaks of something in place or working (``turns_no``)."""
    words = _words(lex, "turns_no")
    covered = {i for c in cues for i in range(c.start, c.end)}
    return any(w in words for i, w in enumerate(t.tokens) if i not in covered)


def _decide(s: dict[str, list[str]]) -> tuple[Outcome | None, bool, list[str]]:
    """The outcome the signals point to, whether they agree enough to record at once, and why."""
    pos = s.get("positive", []) + s.get("yes", [])
    neg = s.get("neg", []) + s.get("no", [])
    prog = s.get("progress", [])
    partial = s.get("partial", [])
    past = s.get("past", [])
    future = s.get("future", [])
    unsure = s.get("unsure", [])
    strong = s.get("strong_unsure", [])
    contrast = s.get("contrast", [])
    vague = s.get("vague", [])
    lacking = s.get("lacking", [])
    partial = partial + vague
    why: list[str] = []
    if lacking and not strong:
        why.append(_("it exists but falls short (“{words}”)", words=lacking[0]))
        return Outcome.IN_PROGRESS, False, why

    if strong:
        why += [f"“{c}”" for c in strong]
        others = pos or neg or prog or past or future or contrast
        sure = (len(strong) > 1 or s.get("strong_first") == ["yes"] or not others) and not (neg or past)
        return Outcome.NOT_SURE, sure and not s.get("yes") and not s.get("no"), why
    hedged = bool(unsure)
    if hedged:
        why += [_("you sound unsure (“{words}”)", words=unsure[0])]

    if past and not (prog or s.get("yes")) and not _present_positive(s):
        why.append(_("it sounds like it is no longer in place (“{words}”)", words=past[0]))
        consistent = not contrast or s.get("after_contrast") == ["past"]
        sure = bool(s.get("lapsed") or neg) and not (hedged or future or partial) and consistent
        return Outcome.NOT_YET, sure, why
    if past and prog:
        why.append(_("it lapsed (“{words}”) but work is under way (“{more}”)", words=past[0], more=prog[0]))
        return Outcome.IN_PROGRESS, False, why
    if future and not s.get("positive") and not prog:  # "yes, next fiscal year": the yes is to a plan
        why.append(_("it is planned but not in place yet (“{words}”)", words=future[0]))
        return Outcome.NOT_YET, not (hedged or partial or contrast or s.get("planned") or s.get("yes")), why
    if neg and not pos and not prog:
        why.append(f"“{neg[0]}”")
        sure = not (hedged or partial or contrast or past or future)
        return Outcome.NOT_YET, sure, why
    if prog and not neg:
        why.append(_("work is under way (“{words}”)", words=prog[0]))
        strong_pos = [p for p in pos if p not in _WEAK_POSITIVE]
        sure = not (hedged or partial or contrast or past or future or s.get("yes") or strong_pos or s.get("regular"))
        return Outcome.IN_PROGRESS, sure, why
    if prog and neg:
        why.append(f"“{neg[0]}” and “{prog[0]}”")
        return Outcome.IN_PROGRESS, False, why
    ends_short = False  # an answer with two sides is always shown back
    if pos and neg and s.get("opens_negative") and not contrast:
        # "No, nobody owns it. Departments do their own thing": the rest says what happens instead
        why.append(f"“{neg[0]}”")
        return Outcome.NOT_YET, False, why
    if pos and neg:
        if s.get("after_contrast") == ["positive"] and not hedged:
            why.append(f"“{pos[-1]}”")
            return Outcome.MET, False, why
        why.append(_("part of it is there (“{words}”) and part is not (“{more}”)", words=pos[0], more=neg[0]))
        return Outcome.IN_PROGRESS, ends_short, why
    if pos and (partial or future):
        what = partial[0] if partial else future[0]
        why.append(_("only part of it is in place (“{words}”)", words=what))
        return Outcome.IN_PROGRESS, ends_short and not future, why
    if pos:
        shown = [p for p in pos if p not in _WEAK_POSITIVE]  # "have" or "there is" says nothing worth showing back
        if shown:
            why.append(f"“{shown[0]}”")
        sure = not (hedged or contrast or past)
        return Outcome.MET, sure, why
    if partial:
        why.append(_("only part of it (“{words}”)", words=partial[0]) if not vague else f"“{vague[0]}”")
        return Outcome.IN_PROGRESS, False, why
    if hedged:
        return Outcome.NOT_SURE, False, why
    return None, False, why


_WEAK_POSITIVE = {"have", "has", "got", "there is", "there are", "do", "does", "did", "have had", "has had"}


def _present_positive(s: dict[str, list[str]]) -> bool:
    """A positive cue that speaks of now ("in force", "active") beside a past one."""
    return any(
        c in {"in place", "in effect", "in force", "active", "live", "running", "in use", "up and running"}
        for c in s.get("positive", [])
    )


def _plain_enough(t: _Text, cues: list[_Cue], lex: Lexicon, opened: bool = False) -> bool:
    """Short enough, and no word outside the cues that could weaken or turn the answer round.

    Names, systems and other detail ("Collibra", "FY25", "Socrata") are fine; "we tried", "in theory",
    "unpublished" or "useless" left unexplained by a cue mean the person is asked first.
    """
    words = [w for w in t.tokens if w not in {",", ".", "?"}]
    if len(words) > (SURE_MAX_OPENED if opened else SURE_MAX_WORDS):
        return False
    covered = {i for c in cues for i in range(c.start, c.end)}
    risky = _risky(lex)
    safe = {w for p in lex.not_risky for w in _phrase(p)}
    for i, w in enumerate(t.tokens):
        if i in covered or w in {",", ".", "?"}:
            continue
        if w in risky:
            return False
        if w not in safe and len(w) > 5 and (w.startswith("un") or w.startswith("non")) and not w.startswith("unit"):
            return False
        if len(w) > 5 and w.endswith("less") and w != "regardless":
            return False
        if w == "one" and _one_case(t.tokens, i):
            return False  # "we did one workshop": a single case, where most criteria ask for a practice
    return True


_ONE_PRONOUN_BEFORE = {"have", "has", "got", "had", "no", "any", "every", "each", "the", "this", "that", "a", "is", "was"}


def _one_case(tokens: tuple[str, ...], i: int) -> bool:
    """ "one" as a count before a noun ("one RCT", "one conference"), not a pronoun ("we have one")."""
    after = tokens[i + 1] if i + 1 < len(tokens) else ","
    before = tokens[i - 1] if i > 0 else ""
    if after in _ONE_PRONOUN_AFTER or before in _ONE_PRONOUN_BEFORE or before.endswith("est"):
        return False  # "the new one has not", "the last one was 2021", "the latest one"
    return before not in {"new", "old", "last", "first", "next", "current", "previous", "big", "only"}


_ONE_PRONOUN_AFTER = {",", ".", "?", "of", "and", "or", "but", "for", "in", "on", "that", "which", "who", "is", "was",
                      "are", "were", "has", "have", "had", "does", "did", "do", "will", "would", "can", "could", "yet",
                      "too", "already", "now", "so", "ready", "done", "adopted", "in place"}


def _risky(lex: Lexicon) -> frozenset[str]:
    return _words(lex, "risky")


_SINGLE = {"once", "one off", "one time", "a one time", "just one", "only one", "single", "only"}
_CASE_NOUNS = {
    "evaluation",
    "eval",
    "rct",
    "study",
    "trial",
    "experiment",
    "pilot",
    "program",
    "programme",
    "decision",
    "analysis",
    "project",
    "time",
    "case",
    "workshop",
    "training",
    "course",
    "contract",
    "survey",
    "conference",
}


def _single_case(t: _Text) -> bool:
    """ "we started an RCT in 2024", "did one evaluation", "once": one case, where a regular practice is asked."""
    tokens = t.tokens
    for i, w in enumerate(tokens):
        if w in {"once", "single"}:
            return True
        if w in {"a", "an", "one"} and any(x in _CASE_NOUNS for x in tokens[i + 1 : i + 3]):
            return True
    return False


def _one_unit(t: _Text, lex: Lexicon) -> str:
    """ "police has a written MOU template", "the health dept has an evaluation policy": the answer opens on one
    department (``units``) as its subject and says nothing of the whole city (``whole_city``). Returns the unit."""
    units = _memo("units", lex, lambda lx: tuple(sorted((p for p in map(_phrase, lx.units) if p), key=len,
                                                        reverse=True)))
    whole = _phrases(lex, "whole_city")
    if not units or any(_contains(t.tokens, w) >= 0 for w in whole):
        return ""
    words = [w for w in _strip_fillers(t.tokens, lex) if w not in {"yes", "yeah", "yep", "the", "our", "a"}]
    for unit in units:
        if tuple(words[: len(unit)]) == unit:
            rest = words[len(unit) :]
            own = _contains(t.tokens, unit)  # ("yes, my team does": the comma before the unit itself does not count)
            after_comma = {t.tokens[i + 1] for i, w in enumerate(t.tokens[:-1]) if w == "," and i + 1 != own}
            others = any(u[0] in after_comma for u in units)
            if others or _words(lex, "we").intersection(rest):
                return ""  # "fire uses ..., parks used ..., HR looks at ...", "library runs it with us": more than one part
            return " ".join(unit)
    return ""


def _one_named_case(t: _Text) -> bool:
    """ "we did one RCT", "a single workshop": a case counted as one."""
    tokens = t.tokens
    return any(
        (w == "one" or (w == "single" and i > 0 and tokens[i - 1] == "a")) and any(
            x in _CASE_NOUNS for x in tokens[i + 1 : i + 3])
        and "not" not in tokens[max(0, i - 2) : i]  # "not a single contract goes out without goals": every one
        for i, w in enumerate(tokens)
    )


def _years(t: _Text, *, spans: bool = True) -> list[int]:
    """The years an answer names: "2021", and "FY21" or "'21" (as 2021); without ``spans``, not the years of a span
    ("the 2024-2028 strategic plan")."""
    text = _URL.sub(" ", t.words)
    if not spans:
        text = _RANGE.sub(" ", text)
    return [int(a + b) for a, b in _YEAR.findall(text)] + [2000 + int(y) for y in _SHORT_YEAR.findall(text)]


_HOW_OFTEN = {"a", "an", "per", "each", "every", "yearly", "annually", "monthly", "weekly", "quarterly"}


def _counted(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """``phrase`` (a count of times) is in ``tokens`` as a count, not as how often ("twice a year")."""
    at = _contains(tokens, phrase)
    return at >= 0 and (tokens[at + len(phrase)] if at + len(phrase) < len(tokens) else ".") not in _HOW_OFTEN


def _shortfall(
    t: _Text, s: dict[str, list[str]], criterion: Criterion, lex: Lexicon, today: date | None
) -> tuple[Outcome, str] | None:
    """Why a "yes" may fall short of what the criterion asks, and the likelier reading (then it is confirmed)."""
    req = lex.requirements
    code = criterion.code
    described = len([w for w in t.tokens if w not in {",", ".", "?"}]) > 6  # details of a case, not a plain yes
    few = next((p for p in _phrases(lex, "few_times") if _counted(t.tokens, p)), None)
    if few is not None and not s.get("regular") and (code in req.regular or not described):
        # "yes, a couple of times", "two or three times": a few cases so far
        return Outcome.IN_PROGRESS, _("it sounds like a few cases so far (“{words}”); the criterion asks about a "
                                      "practice", words=" ".join(few))
    if code not in req.regular and not s.get("regular") and _one_named_case(t):
        # "we did one workshop at the library in 2024": one case, where the criterion asks about the city's practice
        return Outcome.IN_PROGRESS, _("it sounds like one case so far; the criterion asks about a practice")
    if code in req.regular and not s.get("regular") and (_single_case(t) or described):
        single = any(p in _SINGLE for p in s.get("partial", [])) or _one_named_case(t)
        why = _("the criterion asks for a regular, sustained practice, not a single case")
        return (Outcome.IN_PROGRESS if single else Outcome.MET), why
    unit = _one_unit(t, lex)
    if unit:
        # i18n: {words} names a department or another part of the city ("police", "the health dept")
        return Outcome.IN_PROGRESS, _("it sounds like one part of the city (“{words}”), and the criterion asks "
                                      "about the city as a whole", words=unit)
    if code in req.quarterly and s.get("infrequent") and not s.get("quarterly_ok"):
        return Outcome.IN_PROGRESS, _("the criterion asks for at least every quarter (you said “{words}”)",
                                      words=s["infrequent"][0])
    coming = [y for y in _years(t, spans=False) if today is not None and y > today.year]
    if coming:
        # "yes, the open data policy takes effect January 1, 2027": a date still to come
        return Outcome.NOT_YET, _("it sounds planned for {year}, not in place yet", year=str(min(coming)))
    months = req.within_months.get(code)
    if months and today is not None:
        years = _years(t)
        now = today.year * 12 + today.month
        if years and max(years) * 12 + 12 <= now - months:
            return Outcome.NOT_YET, _("the criterion counts only the past {months} months", months=months)
        if years and max(years) * 12 + 12 <= now - months + 12:
            return Outcome.MET, _("the criterion counts only the past {months} months; check the date", months=months)
    return None


# ------------------------------------------------------------------ moves


def read_move(
    text: str,
    criterion: Criterion | None,
    standard: Standard | None = None,
    lexicon: Lexicon | None = None,
    *,
    has_previous: bool = True,
    today: date | None = None,
) -> MoveReading:
    """What kind of message this is while ``criterion`` is asked: leave, correction, question or answer."""
    lex = lexicon or load_lexicon("en")
    t = _normalise(text, lex)
    core = _strip_fillers(t.tokens, lex)
    if not core and not t.links:
        return MoveReading(Move.ANSWER, Reading(outcome=None, certain=False, words=t.words))
    if core in _exact(lex) and core not in _leave_index(lex)[0] and not t.links:
        return MoveReading(Move.ANSWER, _read(t, criterion, lex, today))  # a bare label ("met", "yes"): no move
    named = [c for c in _codes(t.tokens, standard) if criterion is None or c != criterion.code]
    correction = _correction(t, criterion, standard, lex, has_previous) if named else None
    if correction is not None:
        return correction
    at = _leave_at(t.tokens, core, lex)
    if at is not None:
        # "in progress, I'll finish the rest later": the answer said before the farewell is read too, so that the
        # reply can say it was not recorded (a pause records nothing)
        cut = max((i for i, w in enumerate(t.tokens[:at]) if w in _BOUNDARIES), default=0)
        before = _Text(tokens=t.tokens[:cut], links=t.links, words=t.words, names=t.names)
        first = _strip_fillers(before.tokens, lex)
        # ("ahora no, sigo más tarde": the part before is a farewell too, not an answer)
        said = _read(before, criterion, lex, today) if first and _leave_at(before.tokens, first, lex) is None \
            else NO_READING
        return MoveReading(Move.LEAVE, Reading(outcome=said.outcome, certain=False, cues=said.cues, words=t.words))
    correction = _correction(t, criterion, standard, lex, has_previous)
    if correction is not None:
        return correction
    scoffed = _scoffed(t, criterion, lex) or _only_one_answer(t, lex)
    if scoffed is not None:
        return MoveReading(Move.ANSWER, scoffed)
    if _term_unknown(core, lex):
        # "no idea what disparate impact means", "not sure what RDC stands for": a word of the question to explain
        return MoveReading(Move.QUESTION, Reading(outcome=None, certain=False, links=t.links, words=t.words),
                           explain=True)
    lost = _lost_at(core, lex)
    if lost is not None:
        # "not sure I follow", "not sure what qualifies as qualitative here": the question needs explaining; with an
        # answer after it ("not sure I follow, but we have a CDO") the answer is read and shown back
        rest = _Text(tokens=core[lost:], links=t.links, words=t.words, names=t.names)
        said = _read(rest, criterion, lex, today) if rest.tokens else NO_READING
        if said.outcome is None:
            return MoveReading(Move.QUESTION, Reading(outcome=None, certain=False, links=t.links, words=t.words),
                               explain=True)
        return MoveReading(Move.ANSWER, Reading(said.outcome, False, said.cues, t.links, t.words))
    if _is_question(t.tokens, lex):
        tail = _after_question(t, criterion, lex)
        if tail is not None:
            reading = _read(tail, criterion, lex, today)
            if reading.outcome is not None:  # answered after repeating the question: shown back first
                reading = Reading(reading.outcome, False, reading.cues, t.links, t.words)
                return MoveReading(Move.ANSWER, reading)
        return MoveReading(Move.QUESTION, Reading(outcome=None, certain=False, links=t.links, words=t.words))
    return MoveReading(Move.ANSWER, _read(t, criterion, lex, today))


def _contains(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> int:
    """Index of ``phrase`` in ``tokens``, or -1."""
    n = len(phrase)
    if not n:
        return 0
    first, at = phrase[0], 0
    while True:
        try:
            at = tokens.index(first, at)  # jump to each place the phrase could start
        except ValueError:
            return -1
        if tokens[at : at + n] == phrase:
            return at
        at += 1


def _leave_index(lex: Lexicon) -> tuple[frozenset[tuple[str, ...]], dict[str, tuple[tuple[str, ...], ...]]]:
    """Whole-message farewells, and the leave phrases by their first word (in the lexicon's order)."""

    def build(lx: Lexicon) -> tuple[frozenset[tuple[str, ...]], dict[str, tuple[tuple[str, ...], ...]]]:
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for p in lx.leave:
            phrase = _phrase(p)
            if phrase:
                by_first.setdefault(phrase[0], []).append(phrase)
        return frozenset(_phrase(p) for p in lx.leave_alone), {k: tuple(v) for k, v in by_first.items()}

    return _memo("leave", lex, build)


def _leave_at(tokens: tuple[str, ...], core: tuple[str, ...], lex: Lexicon) -> int | None:
    """Where the farewell starts (0 for a whole-message one), or None when the message is no farewell."""
    alone, by_first = _leave_index(lex)
    if core in alone:
        return 0
    present = set(tokens)
    lead_in = _words(lex, "leave_lead_in")
    needs_lead_in = _memo("leave-needs-lead-in", lex, lambda lx: frozenset(map(_phrase, lx.leave_needs_lead_in)))
    goes_on = _words(lex, "leave_goes_on")
    candidates = sorted((p for w in present for p in by_first.get(w, ())), key=_leave_order(lex))
    for phrase in candidates:
        at = _contains(tokens, phrase)
        if at < 0:
            continue
        if at > 0 and tokens[at - 1] in {"was", "were", "been"}:
            continue  # "sorry, was in a meeting - yes we have one": not leaving
        if at > 0 and phrase in needs_lead_in and tokens[at - 1] not in lead_in and tokens[at - 1] not in _BOUNDARIES:
            continue  # "it stopped meeting in 2022", "pays per successful exit": words of an answer, not a farewell
        after = tokens[at + len(phrase) : at + len(phrase) + 1]
        if after in (("with",), ("the",), ("it",)) and phrase in {("i", "am", "done"), ("pause",)}:
            continue
        if after and after[0] in goes_on and phrase not in alone:
            continue  # "we need to run it by legal", "we had to stop for now because of cuts": the phrase goes on
        return at
    return None


def _phrases(lex: Lexicon, field: str) -> tuple[tuple[str, ...], ...]:
    """A lexicon list split into words once (empty phrases left out), in its order."""
    return _memo(f"phrases:{field}", lex, lambda lx: tuple(p for p in map(_phrase, getattr(lx, field)) if p))


def _words(lex: Lexicon, field: str) -> frozenset[str]:
    """Every word of a lexicon list, once."""
    return _memo(f"words:{field}", lex, lambda lx: frozenset(w for p in _phrases(lx, field) for w in p))


def _leave_order(lex: Lexicon):
    order = _memo("leave-order", lex, lambda lx: {_phrase(p): i for i, p in reversed(list(enumerate(lx.leave)))})
    return order.__getitem__


def _label_index(lex: Lexicon) -> list[tuple[tuple[str, ...], Outcome]]:
    return _memo("labels", lex, _build_label_index)


def _build_label_index(lex: Lexicon) -> list[tuple[tuple[str, ...], Outcome]]:
    pairs = [(_phrase(p), o) for o, phrases in lex.labels.items() for p in phrases]
    return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)


def _labels_named(tokens: tuple[str, ...], lex: Lexicon, after: int = 0) -> list[Outcome]:
    """The outcomes a correction names ("should be in progress"), in the order they are named."""
    return [o for _, o in _labels_at(tokens, lex, after)]


def _labels_at(tokens: tuple[str, ...], lex: Lexicon, after: int = 0) -> list[tuple[int, Outcome]]:
    """Where each outcome is named from ``after`` on, in order (a longer label wins over one inside it)."""
    found: list[tuple[int, Outcome]] = []
    taken: set[int] = set()
    for phrase, outcome in _label_index(lex):
        n = len(phrase)
        for i in range(after, len(tokens) - n + 1):
            if tokens[i : i + n] == phrase and taken.isdisjoint(range(i, i + n)):
                taken.update(range(i, i + n))
                found.append((i, outcome))
    return sorted(found, key=lambda f: f[0])


def _labelled(tokens: tuple[str, ...], lex: Lexicon, after: int = 0) -> Outcome | None:
    named = _labels_named(tokens, lex, after)
    return named[0] if named else None


def _codes(tokens: tuple[str, ...], standard: Standard | None) -> list[str]:
    if standard is None:
        return []
    text = " ".join(tokens)
    found = []
    for m in _CODE.finditer(text):
        code = (m.group(1) + m.group(2)).upper()
        if standard.has_criterion(code) and code not in found:
            found.append(code)
    return found


def _correction(
    t: _Text, criterion: Criterion | None, standard: Standard | None, lex: Lexicon, has_previous: bool
) -> MoveReading | None:
    tokens = t.tokens
    named_codes = _codes(tokens, standard)
    codes = [c for c in named_codes if criterion is None or c != criterion.code]
    if criterion is not None and named_codes and not codes:
        return None  # "correction for PA1: in progress" while PA1 is asked: an answer to it, never to the one before
    present = set(tokens)
    found = [(at, p) for p in _phrases(lex, "correction") if p[0] in present and (at := _contains(tokens, p)) >= 0]
    cue = max(found, key=lambda f: (f[0] + len(f[1]), len(f[1])))[1] if found else None
    pointer = next((p for p in _phrases(lex, "previous") if p[0] in present and _contains(tokens, p) >= 0), None)
    if not codes and cue is None and pointer is None:
        return None
    start = _contains(tokens, cue) if cue else 0
    after = start + len(cue) if cue else 0
    labels = _labels_at(tokens, lex, after)
    named = [o for _, o in labels]
    outcome = named[0] if named else None
    clear = len(set(named)) == 1
    if codes:
        if cue is None and outcome is None:
            return None  # "DM2?" or "like in DM3": not a correction
        target = codes[0]
    elif (
        pointer is not None
        and has_previous
        and (
            cue is not None
            or outcome is not None
            or pointer in _STRONG
            or _read(t, None, lex, None).outcome is not None
        )
    ):
        target = "previous"
    elif cue is not None and has_previous and (outcome is not None or _strong_correction(tokens, cue)):
        target = "previous"
    else:
        return None
    # Changed at once only when the person said it is a change ("I meant", "actually"): "I dunno what LC7 is"
    # names a code without changing it, and "DM2 should be in progress" is shown back first.
    certain = (
        outcome is not None and clear and len(tokens) <= 16 and cue is not None and lex.at_once == "reader"
        and len(named_codes) <= 1 and _said_as_a_change(tokens, start, after, labels[0][0], lex)
    )
    cues: tuple[str, ...] = (" ".join(cue or pointer or ()),)
    if outcome is None:
        # "the last answer was wrong, we don't have that at all": read the rest, and ask before changing
        left = tokens[:start] + tokens[start + len(cue) :] if cue and start >= 0 else tokens
        rest = _read(_Text(tokens=left, links=t.links, words=t.words), None, lex, None)
        outcome, cues = rest.outcome, cues + rest.cues
    reading = Reading(outcome=outcome, certain=certain, cues=cues, links=t.links, words=t.words)
    return MoveReading(Move.CORRECTION, reading, target=target)


def _said_as_a_change(tokens: tuple[str, ...], start: int, end: int, label: int, lex: Lexicon) -> bool:
    """A correction said as one: the change word (``tokens[start:end]``) opens the message ("sorry, I meant...", "my
    last answer was wrong, ...": only ``correction_lead`` words before it) and the outcome (named at ``label``)
    follows it closely ("I meant in progress", "it should be not yet": only ``correction_link`` words between). "the
    address data is wrong, I'd say not met", "I meant the group met twice" and "sorry I meant not fully met" are
    shown back first."""
    lead, link = _words(lex, "correction_lead"), _words(lex, "correction_link")
    return all(w in lead or w in _BOUNDARIES or _CODE.fullmatch(w) for w in tokens[:start]) and all(
        w in link or w in _BOUNDARIES or _CODE.fullmatch(w) for w in tokens[end:label]
    )


_STRONG = {
    ("wait", "no"),
    ("my", "answer", "on"),
    ("i", "meant"),
    ("undo",),
    ("scratch", "that"),
    ("no", "wait"),
    ("wait",),
    ("oops",),
    ("my", "mistake"),
    ("wrong", "answer"),
    ("that", "is", "wrong"),
    ("that", "was", "wrong"),
    ("misclicked",),
    ("clicked", "the", "wrong"),
    ("pressed", "the", "wrong"),
    ("i", "clicked"),
    ("wrong", "one"),
    ("correction",),
    ("not", "what", "i", "meant"),
    ("meant", "to", "say"),
}


def _strong_correction(tokens: tuple[str, ...], cue: tuple[str, ...]) -> bool:
    """A correction word that needs no outcome to be one ("no wait", "undo"), at the start of the message."""
    return cue in _STRONG and _contains(tokens[:6], cue) >= 0


_WH = {"what", "how", "who", "which", "where", "why", "when", "whats", "explain", "define"}
_STATEMENT_AFTER_WH = {"we", "i", "they", "our", "my", "it", "there"}


def _question_tables(lex: Lexicon):
    """(openings that make an answer, subject words, question openings longest first), split once per lexicon; the
    openings by their first word, in order."""

    def by_first(phrases) -> dict[str, tuple[tuple[str, ...], ...]]:
        index: dict[str, list[tuple[str, ...]]] = {}
        for p in phrases:
            index.setdefault(p[0], []).append(p)
        return {w: tuple(ps) for w, ps in index.items()}

    def build(lx: Lexicon):
        answers = [p for p in map(_phrase, (*lx.strong_unsure, *lx.particles.yes, *lx.particles.no, *lx.hedged_no)) if p]
        subjects = frozenset(_phrase(s)[0] for s in lx.subjects)
        starts = sorted((p for p in map(_phrase, lx.question_start) if p), key=len, reverse=True)
        return by_first(answers), subjects, by_first(starts)

    return _memo("questions", lex, build)


def _only_one_answer(t: _Text, lex: Lexicon) -> Reading | None:
    """ "who else would own it but the CDO?", "where else would it be but the portal": a question that can only
    be answered yes (``only_one_answer``, then "but" and what does it), shown back as Met."""
    words = [w for w in t.tokens if w not in {",", "."}]
    for p in _phrases(lex, "only_one_answer"):
        if tuple(words[: len(p)]) == p and "but" in words[len(p) + 1 :] and "?" not in words[
                len(p) : words.index("but", len(p) + 1)]:
            return Reading(outcome=Outcome.MET, certain=False, cues=(f"“{' '.join(p)} … but”",), links=t.links,
                           words=t.words)
    return None


def _scoffed(t: _Text, criterion: Criterion | None, lex: Lexicon) -> Reading | None:
    """ "what inventory lol", "what incentives? 😂", "what evaluation policy lol, we barely have staff": the thing
    asked about, scoffed at (``scoff`` then a few words of the criterion, and a laugh): a no, shown back."""
    if criterion is None or not lex.scoff:
        return None
    laughs = _words(lex, "laughs")
    words = [w for w in t.tokens if w not in {",", "."}]
    opener = next((p for p in _phrases(lex, "scoff") if tuple(words[: len(p)]) == p), None)
    if opener is None or not laughs.intersection(words):
        return None
    rest = words[len(opener) :]
    end = next((i for i, w in enumerate(rest) if w in laughs or w == "?"), len(rest))
    named = rest[:end]
    if not 1 <= len(named) <= 3 or not any(_stem(w) in _criterion_words(criterion) for w in named):
        return None
    if named[0] in {"kind", "sort", "type", "about", "else", "do", "does", "is", "are"}:
        return None  # "what kind of inventory lol": a real question
    after = [w for w in rest[end:] if w not in laughs and w != "?"]
    if after and not _NEGATION_WORDS.intersection(after) and not {"barely", "hardly"}.intersection(after):
        return None  # "what dashboard lol we have like 12": the rest says it is there
    return Reading(outcome=Outcome.NOT_YET, certain=False, cues=(f"“{' '.join(words[: len(opener) + end])}”",),
                   links=t.links, words=t.words)


def _is_question(tokens: tuple[str, ...], lex: Lexicon) -> bool:
    words = [w for w in tokens if w not in {",", "."}]
    while words and words[0] in {"sorry", "ok", "okay", "hey", "hi", "um", "uh", "so", "quick", "question", "q"}:
        words = words[1:]
    if not words:
        return False
    answers_first, subjects, starts = _question_tables(lex)
    if _negative_question(words, subjects, lex):
        return True
    opening = tuple(words[:4])
    for p in answers_first.get(words[0], ()):
        if opening[: len(p)] == p and len(words) > len(p) + 1:
            return False  # "not sure, i think parks has some?", "who knows": an answer
    if words[-1] == "?" and len(words) > 2:
        # "we have the arcgis hub thing?": a statement said with doubt, not a question
        return words[0] not in {"we", "our", "i", "there", "they", "its", "it"}
    for p in starts.get(words[0], ()):
        if tuple(words[: len(p)]) == p:
            if p[0] in _WH:
                # "how we do it: ...", "what we have is a draft": a statement, not a question
                return "?" in words or len(words) < 2 or words[1] not in _STATEMENT_AFTER_WH
            if len(p) > 1 and p[-1] in subjects | {"that", "this", "it", "you", "we", "i"}:
                return True
            return "?" in words
    return "?" in words[1:-1] and words[0] in {"do", "does", "is", "are", "can", "could", "would", "will", "should"}


def _lost_at(core: tuple[str, ...], lex: Lexicon) -> int | None:
    """Where the rest begins when ``core`` opens by saying the question is not understood (``lost``), else None."""
    longest_first = _memo("lost", lex, lambda lx: tuple(sorted(_phrases(lx, "lost"), key=len, reverse=True)))
    for phrase in longest_first:
        if core[: len(phrase)] == phrase:
            return len(phrase)
    return None


def _term_unknown(core: tuple[str, ...], lex: Lexicon) -> bool:
    """``term_lead``, a few words, then ``term_tail`` at the end: "no clue what stat means"."""
    words = tuple(w for w in core if w not in _BOUNDARIES)
    if len(words) > 14:
        return False
    lead = next((p for p in _phrases(lex, "term_lead") if words[: len(p)] == p), None)
    return lead is not None and any(
        len(words) > len(lead) + len(p) and words[-len(p) :] == p for p in _phrases(lex, "term_tail"))


def _negative_question(words: list[str], subjects: frozenset[str], lex: Lexicon) -> bool:
    """ "isn't that the CDO's job", "doesn't the stat team do that": an auxiliary, "not", then its subject (``question_aux``;
    question mark or not)."""
    if len(words) < 4 or words[0] not in _words(lex, "question_aux") or words[1] != "not":
        return False
    subject, after = words[2], words[3]
    return subject in subjects - {"a", "an", "one"} and not (subject == "there" and after in {"yet", ",", "."})


def _after_question(t: _Text, criterion: Criterion | None = None, lex: Lexicon | None = None) -> _Text | None:
    """ "do we? yes, the CDO runs it": the answer after the person's own question, if any."""
    tokens = t.tokens
    if "?" not in tokens:
        return None
    last = len(tokens) - 1 - tokens[::-1].index("?")
    tail = tuple(w for w in tokens[last + 1 :])
    words = [w for w in tail if w not in {",", "."}]
    if not words:
        return None
    head = [w for w in tokens[:last] if w not in {",", "."}]
    if any(tuple(head[: len(d)]) == d for d in _DEFINING):
        return None  # "what is a data service standard? never heard the term": a real question
    if words[0] in _TAIL_OPENERS or _self_question(head) or _echoes_criterion(head, criterion, lex):
        return _Text(tokens=tail, links=t.links, words=t.words, names=t.names)
    return None  # "which purchases count? we do 3,000 a year": still a question


_DEFINING = {
    ("what", "is"),
    ("what", "are"),
    ("what", "does"),
    ("what", "counts"),
    ("what", "do"),
    ("define",),
    ("explain",),
    ("does", "that"),
    ("does", "this"),
    ("is", "that"),
    ("is", "this"),
}


def _echoes_criterion(head: list[str], criterion: Criterion | None, lex: Lexicon | None) -> bool:
    """ "who is responsible for performance? nobody really": the question asked back in the criterion's own words
    (most of its words, at least two, come from the criterion), then answered."""
    if criterion is None or lex is None:
        return False
    neutral = _words(lex, "neutral")
    content = [w for w in head if (w not in neutral or len(w) >= 6) and w not in _WH and w != "?"]
    echoed = [w for w in content if _stem(w) in _criterion_words(criterion)]
    return len(echoed) >= 2 and len(echoed) * 3 >= len(content) * 2


def _self_question(head: list[str]) -> bool:
    """ "how often? monthly", "who owns it? our CDO": the person repeats the question, then answers it."""
    if not head or any(tuple(head[: len(d)]) == d for d in _DEFINING):
        return False
    return len(head) <= 3 or (bool({"we", "our", "us"} & set(head)) and len(head) <= 8)


_TAIL_OPENERS = {"yes", "yeah", "yep", "yup", "no", "nope", "nah", "sure", "absolutely", "definitely", "not", "never"}


# ------------------------------------------------------------------ replies to the assistant


def is_pleasantry(text: str, lexicon: Lexicon | None = None) -> bool:
    """Small talk with nothing in it to record ("ok thanks", "hey I'm back")."""
    lex = lexicon or load_lexicon("en")
    tokens = tuple(w for w in _normalise(text, lex).tokens if w not in {",", ".", "?"})
    return bool(tokens) and tokens in _memo("pleasantries", lex, lambda lx: frozenset(map(_phrase, lx.pleasantries)))


def _no_then(tokens: tuple[str, ...], lex: Lexicon) -> bool:
    """A reply that opens with a bare no and a stop ("no, esta cumplido", "não. cumprido"): what follows is what
    the person says instead, not part of one phrase with the no ("no esta cumplido" is "it is not met")."""
    stop = next((i for i, w in enumerate(tokens) if w in {",", "."}), None)
    if stop is None or stop == 0 or stop == len(tokens) - 1:
        return False
    return tokens[:stop] in {_phrase(p) for p in lex.reply.no}


def read_reply(text: str, lexicon: Lexicon | None = None) -> bool | Outcome | None:
    """A reply to "Record it?" or "Answer Open Data now?": True, False, an outcome named, or None."""
    lex = lexicon or load_lexicon("en")
    t = _normalise(text, lex)
    core = tuple(w for w in t.tokens if w not in {",", ".", "?"})
    if not core:
        return None
    exact = None if _no_then(t.tokens, lex) else _exact(lex).get(_strip_fillers(t.tokens, lex))
    yes = {_phrase(p) for p in lex.reply.yes}
    no = {_phrase(p) for p in lex.reply.no}
    if core in yes:
        return True
    if core in no:
        return False
    if exact is not None:
        return exact
    # "no, in progress": a no followed by the right outcome
    for p in sorted(no | yes, key=len, reverse=True):
        if core[: len(p)] == p and len(core) > len(p):
            rest = _strip_fillers(core[len(p) :], lex)
            named = _exact(lex).get(rest) or _labelled(rest, lex)
            if named is not None and rest and len(rest) <= 4:
                return named
            if p in yes and len(core) <= 4:
                return True
            if p in no and len(core) <= 4:
                return False
    return None


# ------------------------------------------------------------------ the outcome requirement


_GATE_WORDS = {
    "air_quality": (
        "air quality",
        "air pollution",
        "pollution",
        "air",
        "pm2 5",
        "pm25",
        "pm 2 5",
        "ozone",
        "emissions",
        "clean air",
        "aqi",
        "calidad del aire",
        "qualidade do ar",
    ),
    "broadband": (
        "broadband",
        "internet",
        "high speed internet",
        "connectivity",
        "fiber",
        "fibre",
        "digital divide",
        "wifi",
        "wi fi",
        "banda ancha",
        "banda larga",
    ),
    "sdg_priority": (
        "sdg",
        "sdgs",
        "sustainable development goal",
        "sustainable development goals",
        "un goals",
        "un sdg",
        "priority",
        "our own priority",
        "global goals",
        "agenda 2030",
        "ods",
    ),
}


def read_gate(
    text: str, gate: OutcomeGate, lexicon: Lexicon | None = None
) -> tuple[str | None, bool, tuple[str, ...]]:
    """Read an answer to the outcome requirement: (option id, "none" or None; certain; cues).

    Naming an option alone ("broadband") records it; "not yet" or a plain no records "none". Anything
    else is read like an answer ("we're working on broadband but we're not there yet" is Not yet shown)
    and confirmed first.
    """
    lex = lexicon or load_lexicon("en")
    t = _normalise(text, lex)
    core = _strip_fillers(t.tokens, lex)
    options = {o.id: o.label for o in gate.options}
    named = []
    joined = " " + " ".join(core) + " "
    for option_id, label in options.items():
        words = (_phrase(label), *(_phrase(w) for w in _GATE_WORDS.get(option_id, ())))
        if any(w and f" {' '.join(w)} " in joined for w in words):
            named.append(option_id)
    exact_label = next((i for i, label in options.items() if core == _phrase(label) or core == _phrase(i)), None)
    if exact_label:
        return exact_label, True, ()
    reading = _read(t, None, lex, None)
    if reading.outcome is None:
        return (named[0], False, ()) if len(named) == 1 else (None, False, ())
    if reading.outcome is not Outcome.MET:
        certain = reading.certain and not named
        return "none", certain, reading.cues
    if len(named) == 1:
        return named[0], False, reading.cues
    return None, False, reading.cues
