"""Understanding a chat message: which intent, which practice area or criterion.

Local and fast (rapidfuzz, no remote service). A message is lower-cased,
stripped of accents and punctuation, "dm 2" is joined into "dm2", contractions
typed without an apostrophe are expanded ("whats" -> "what is"), two words
typed as one are split ("opendata"), plurals are lightly stripped, and words
the vocabulary does not know are corrected to the closest known word ("nxt" ->
"next", "oepn" -> "open", "procurment" -> "procurement"). The known words are
the cue and topic phrases, a list of everyday words, every word of the
standard's own text and their inflections, so an ordinary word is not
"corrected" into a cue ("each" is not "reach", "closed" is not "closer").
Everyday words the standard does not use are then read as its own
("ransomware" -> "cybersecurity").

Intent: cue phrases vote with a weight, the longest first, a word serving one
cue only. A cue may have a gap ("how * doing" matches "how is our open data
doing"), so the ways staff phrase a question need not be listed one by one.
Greetings ("hey bot", "good morning") vote for help only when nothing else is
asked, so a preamble does not hide the question after it. A message with no
topic, only a weak cue and words foreign to the domain ("what's the weather
like") is off topic: ``Intent.UNKNOWN``.

Topic: phrases from the standard (area names and aliases, criterion codes,
titles and their heads, tags) and ``knowledge/data/nlu.yml`` name an area or a
criterion, longest first. When phrases disagree, a typed criterion code wins,
else the criterion most of the words point to, counting words for its area
("... performance management ... a chief performance officer" -> LC4). When no
phrase matches, or only one loose word names an area ("residents"), the other
words are compared with each criterion's own description (title, tags,
question, what counts), each word weighted by how few criteria use it, so a
plain-word description ("break our data down by race and neighborhood") still
finds its criterion.

Nothing matched gives ``Intent.UNKNOWN`` with "did you mean" suggestions; a
message naming two unrelated topics keeps its intent, drops the topic and
suggests each reading. Everything that can be precomputed is, once per
standard.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from wwc_rules import Standard
from wwc_rules.loader import parse_yaml

_V = TypeVar("_V")

NLU_FILE = Path(__file__).parent / "data" / "nlu.yml"  # English; another language is nlu.<lang>.yml beside it
MAX_SUGGESTIONS = 3
MAX_CORRECTIONS = 20_000  # spelling corrections remembered
GAP = 5  # words a "*" in a cue may stand for
STRONG = 3  # cue weight that names an intent on its own, without a topic
DESCRIBE_MIN = 5.0  # how well words must match a criterion's description to name it
DESCRIBE_MARGIN = 1.3  # ... and how much better than the next criterion


class Intent(str, Enum):
    NEXT_STEPS = "next_steps"
    EXPLAIN = "explain"
    LEVEL_DISTANCE = "level_distance"
    FIND_RESOURCE = "find_resource"
    WHO_CAN_HELP = "who_can_help"
    STATUS = "status"
    HELP = "help"
    UNKNOWN = "unknown"


# Which intent wins a tie of cue weights (more specific questions first).
_TIE_ORDER = [
    Intent.WHO_CAN_HELP,
    Intent.FIND_RESOURCE,
    Intent.LEVEL_DISTANCE,
    Intent.STATUS,
    Intent.NEXT_STEPS,
    Intent.EXPLAIN,
    Intent.HELP,
]


class Understanding(BaseModel):
    """What a message asks (``intent``) and about what (``topic``, a code or None)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    intent: Intent
    topic_kind: Literal["area", "criterion"] | None = None
    topic: str | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    suggestions: tuple[str, ...] = ()
    level: str | None = None  # a certification level named in the message ("gold"), by id


def understand(text: str, standard: Standard) -> Understanding:
    """Map free text to an intent and a topic for ``standard``.

    >>> u = understand("whats nxt for opn data", load_standard("wwc-2022"))
    >>> u.intent.value, u.topic
    ('next_steps', 'OD')
    """
    return _matcher(standard).understand(text)


def suggestion(intent: Intent, code: str, standard: Standard) -> str:
    """A follow-up question for ``intent`` about ``code``, e.g. "who can help with Open Data?"."""
    return _matcher(standard).suggest(intent, code)


# ------------------------------------------------------------------ internals

Phrase = tuple[str, ...]

# Plurals that mean something else: "which cities" asks about peers, "our city" does not;
# "the open data questions" are the bot's (help), "the privacy question" is one criterion.
_NO_STEM = {"cities", "questions"}


def _stem(word: str) -> str:
    """A light plural strip, applied alike to the vocabulary and to messages."""
    if word in _NO_STEM:
        return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_ENDINGS = ("ing", "ed", "d", "er", "ly", "es")
_HEAD_ENDS = (" and ", " for ", " to ", " about ", " & ", " of ")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "ments", "ment", "ers", "er", "ed", "es", "ly", "al", "e", "y")


def _root(word: str) -> str:
    """A heavier stem for comparing descriptions: "trained", "training" -> "train"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:6]


def _plain(text: str) -> str:
    """Lower case, no accents, apostrophes dropped, other punctuation to spaces."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "").replace("'", "").replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _phrase(text: str) -> Phrase:
    return tuple(_stem(w) for w in _plain(text).split())


@dataclass
class _Topic:
    """Where a topic phrase points: one or more codes, and how strongly it was sourced."""

    codes: list[str] = field(default_factory=list)
    rank: int = 9  # 0 code, 1 nlu.yml, 2 title, 3 area name, 4 alias or tag, 5 part of a title


@dataclass(frozen=True)
class _Cue:
    intent: Intent
    weight: int
    generic_help: bool = False  # "help", "how do i": with a topic, asks what to do about it


class _Matcher:
    def __init__(self, standard: Standard, data: dict[str, Any]) -> None:
        self.standard = standard
        self.area_of = {c.code: c.area for c in standard.criteria}
        self.names = {a.code: a.name for a in standard.areas} | {c.code: c.title for c in standard.criteria}
        self.contractions: dict[str, str] = {k: _plain(v) for k, v in data["contractions"].items()}
        generic_help = {_phrase(p) for p in data["generic_help"]}
        self.cues: dict[Phrase, _Cue] = {}
        self.gapped: dict[str, list[tuple[tuple[Phrase, ...], _Cue]]] = {}
        for intent, by_weight in data["intents"].items():
            for weight, phrases in by_weight.items():
                for p in phrases:
                    if "*" in p:
                        parts = tuple(_phrase(s) for s in p.split("*"))
                        if not all(parts):
                            raise ValueError(f"nlu.yml: cue {p!r}: a gap must sit between words")
                        self.gapped.setdefault(parts[0][0], []).append((parts, _Cue(Intent(intent), int(weight))))
                    else:
                        key = _phrase(p)
                        old = self.cues.get(key)
                        if old is not None and (old.intent is not Intent(intent) or old.weight != int(weight)):
                            raise ValueError(f"nlu.yml: cue {p!r} is listed twice")
                        self.cues[key] = _Cue(Intent(intent), int(weight), key in generic_help)
        for options in self.gapped.values():  # most words first
            options.sort(key=lambda o: -sum(len(part) for part in o[0]))
        self.greetings = {_phrase(p): True for p in data["greetings"]}
        self.synonyms = {_stem(_plain(k)): list(_phrase(v)) for k, v in data.get("synonyms", {}).items()}
        self.stopwords = {_stem(w) for w in _plain(data["stopwords"]).split()}
        self.topics = self._topic_index(data["topics"], data.get("not_topics", []))
        self.max_len = max(len(p) for p in [*self.cues, *self.topics, *self.greetings])
        self.bow, self.bow_words = self._description_index(data.get("description_stopwords", ""))
        cue_words = {w for p in [*self.cues, *self.greetings] for w in p}
        cue_words |= {w for options in self.gapped.values() for parts, _ in options for part in parts for w in part}
        topic_words = {w for p in self.topics for w in p}
        words = cue_words | topic_words | self.stopwords | self.bow_words | set(self.synonyms)
        self.vocab = sorted(words)
        # Which of two equally close words a typo more likely meant: cue, topic, common, other.
        self.priority = {w: 0 if w in cue_words else 1 if w in topic_words else 2 if w in self.stopwords else 3 for w in words}
        self.known = set(self.vocab)
        self.targets = [w for w in self.vocab if len(w) > 2]
        codes = "|".join(sorted((a.code.lower() for a in standard.areas), key=len, reverse=True))
        self.code_join = re.compile(rf"\b({codes})\s+(\d{{1,2}})\b")
        self.code_like = re.compile(rf"^({codes})(\d{{1,2}})$")
        self.levels = {_stem(w): lv.id for lv in standard.levels for w in {lv.id.lower(), lv.name.lower()}}
        self.templates = {Intent(k): v for k, v in data["suggest"].items()}
        self.examples = list(data["examples"])
        self.corrections: dict[str, tuple[str, float] | None] = {}

    def _expand(self, words: list[str]) -> list[str]:
        """Contractions written without the apostrophe: "whats" -> "what is"."""
        return [part for w in words for part in self.contractions.get(w, w).split()]

    def _topic_index(self, extra: dict[str, str], not_topics: list[str]) -> dict[Phrase, _Topic]:
        index: dict[Phrase, _Topic] = {}

        def add(text: str, code: str, rank: int) -> None:
            key = _phrase(text)
            if not key:
                return
            entry = index.setdefault(key, _Topic())
            if rank < entry.rank:
                entry.codes, entry.rank = [code], rank
            elif rank == entry.rank and code not in entry.codes:
                entry.codes.append(code)

        cue_phrases = set(self.cues)
        for c in self.standard.criteria:
            add(c.code, c.code, 0)
            add(c.title, c.code, 2)
            first, _, rest = c.title.partition(" ")
            if first.lower().endswith("ing") and rest:
                # "Maintaining a Comprehensive Data Inventory" -> "comprehensive data inventory";
                # weakest source, so an area alias such as "performance management" keeps its meaning.
                stripped = re.sub(r"^(a|an|the|and using)\s+", "", rest, flags=re.I)
                if len(stripped.split()) > 1:  # "Sharing Data" -> "data" would be far too loose
                    add(stripped, c.code, 5)
            # A long title is often named by its head: "Using Data to Manage Contracts and ...".
            heads = sorted({c.title.lower().split(sep)[0] for sep in _HEAD_ENDS} - {c.title.lower()}, key=len)
            head = next((h for h in heads if len(set(_phrase(h)) - self.stopwords) > 1), None)
            if head:
                add(head, c.code, 5)
            for tag in c.tags:
                if _phrase(tag) not in cue_phrases:
                    add(tag, c.code, 4)
        for a in self.standard.areas:
            add(a.code, a.code, 0)
            add(a.name, a.code, 3)
            for alias in a.aliases:
                add(alias, a.code, 4)
        for text, code in extra.items():
            if not (self.standard.has_criterion(code) or code in {a.code for a in self.standard.areas}):
                raise ValueError(f"nlu.yml: topics: {text!r} names unknown code {code!r}")
            add(text, code.upper(), 1)
        for text in not_topics:
            index.pop(_phrase(text), None)
        for entry in index.values():
            entry.codes = self._settle(entry.codes)
        return index

    def _description_index(self, extra_stopwords: str) -> tuple[dict[str, list[tuple[str, float]]], set[str]]:
        """Word root -> [(criterion, weight)] from each criterion's own text, rare words weighing most.

        Also returns every word of the standard's text, known to the spelling corrector.
        """
        skip = self.stopwords | {_stem(w) for w in _plain(extra_stopwords).split()}
        known: set[str] = set()
        weights: dict[str, dict[str, float]] = {}
        for c in self.standard.criteria:
            fields = [(c.title, 2.0), *((t, 2.0) for t in c.tags), (c.question, 1.0), *((w, 1.0) for w in c.what_counts)]
            mine = weights.setdefault(c.code, {})
            for text, weight in fields:
                for w in _phrase(text):
                    known.add(w)
                    if w in skip or len(w) < 3 or w.isdigit():
                        continue
                    r = _root(w)
                    mine[r] = max(mine.get(r, 0.0), weight)
            for text in (c.why, *c.evidence):
                known.update(_phrase(text))
        for a in self.standard.areas:
            known.update(_phrase(a.summary))
        if self.standard.gate is not None:
            known.update(_phrase(self.standard.gate.question))
        n = len(weights)
        df: dict[str, int] = {}
        for mine in weights.values():
            for r in mine:
                df[r] = df.get(r, 0) + 1
        index: dict[str, list[tuple[str, float]]] = {}
        for code, mine in weights.items():
            for r, weight in mine.items():
                if df[r] <= n // 5:  # a word most criteria share tells them apart poorly
                    index.setdefault(r, []).append((code, weight * math.log(n / df[r])))
        return index, known

    def _settle(self, codes: list[str]) -> list[str]:
        """One phrase, several codes: prefer a criterion over its own area; same-area criteria -> the area."""
        crit = [c for c in codes if c in self.area_of]
        areas = [c for c in codes if c not in self.area_of]
        if crit and all(a in {self.area_of[c] for c in crit} for a in areas):
            if len(crit) == 1:
                return crit
            if len({self.area_of[c] for c in crit}) == 1:
                return [self.area_of[crit[0]]]
        return sorted(codes)

    # -------------------------------------------------------------- matching

    def _correct(self, word: str) -> tuple[str, float]:
        """The word itself if known, else the closest known word (score 0-1), else the word with 0.

        Closest: fewest edits, a swap of two letters counting as one ("oepn" -> "open"); one
        edit in a word of up to 7 letters, two up to 11, three beyond. A typo keeps its first
        letter, so "core" is not read as "score". A known word with an ending ("closed",
        "trained") is known too: it is not a typo of "closer".
        """
        if word in self.known or len(word) <= 2 or any(ch.isdigit() for ch in word) or self._inflected(word):
            return word, 1.0
        if word not in self.corrections:
            if len(self.corrections) >= MAX_CORRECTIONS:  # words typed are unbounded; the cache is not
                self.corrections.clear()
            most = 1 if len(word) <= 7 else 2 if len(word) <= 11 else 3
            found = process.extract(word, self.targets, scorer=OSA.distance, score_cutoff=most, limit=None)
            # A typo keeps the word's first letter ("president" is not "resident"); a word only
            # the standard's prose uses is a target for one edit only ("duplicates" is not "replicate").
            found = [f for f in found if f[0][0] == word[0] and (f[1] <= 1 or self.priority[f[0]] < 3)]
            if found:
                # Ties: a letter left out ("opn" -> "open", not "on"), then two letters swapped
                # ("waht" -> "what", not "want"), then one mistyped, then one too many.
                def likely(f: tuple[str, float, int]) -> tuple[float, int, bool, int, str]:
                    grow = len(f[0]) - len(word)
                    kind = 0 if grow > 0 else (1 if sorted(f[0]) == sorted(word) else 2) if grow == 0 else 3
                    return f[1], kind, f[0][-1] != word[-1], self.priority[f[0]], f[0]

                best, edits, _ = min(found, key=likely)
                self.corrections[word] = (best, round(1 - edits / max(len(word), len(best)), 3))
            else:
                self.corrections[word] = None
        hit = self.corrections[word]
        return hit if hit else (word, 0.0)

    def _inflected(self, word: str) -> bool:
        for ending in _ENDINGS:
            base = word[: -len(ending)]
            if word.endswith(ending) and len(base) >= 3 and (base in self.known or base + "e" in self.known):
                return True
        return False

    def _split(self, word: str) -> list[str]:
        """Two known words typed without a space: "opendata" -> "open data"."""
        if len(word) < 6 or word in self.known or _stem(word) in self.known or word in self.contractions:
            return [word]
        for i in range(3, len(word) - 2):
            left, right = word[:i], word[i:]
            if left in self.known and _stem(right) in self.known:
                return [left, right]
        return [word]

    def _scan(self, tokens: list[str], index: Mapping[tuple[str, ...], _V]) -> list[tuple[int, int, _V]]:
        """Non-overlapping phrase matches, longest first: (start, end, value).

        Among equally long phrases a criterion beats an area ("data governance
        committee": "governance committee" DM1 over "data governance" DM).
        """
        found: list[tuple[int, int, _V]] = []
        for i in range(len(tokens)):
            for length in range(1, min(self.max_len, len(tokens) - i) + 1):
                value = index.get(tuple(tokens[i : i + length]))
                if value is not None:
                    found.append((i, i + length, value))
        found.sort(key=lambda f: (f[0] - f[1], not self._specific(f[2]), f[0]))
        taken: set[int] = set()
        chosen: list[tuple[int, int, _V]] = []
        for start, end, value in found:
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                chosen.append((start, end, value))
        return sorted(chosen, key=lambda f: f[0])

    def _cue_scan(self, tokens: list[str], blocked: set[int]) -> list[tuple[list[int], _Cue]]:
        """Non-overlapping cues: the most words first, then one without a gap, then the earliest.

        Returns the positions of each cue's words (those of a gap excluded) and the cue.
        Positions in ``blocked`` belong to a criterion's title and are not cues.
        """
        found: list[tuple[int, int, int, list[int], _Cue]] = []
        for i, word in enumerate(tokens):
            for length in range(1, min(self.max_len, len(tokens) - i) + 1):
                cue = self.cues.get(tuple(tokens[i : i + length]))
                if cue is not None:
                    found.append((-length, 0, i, list(range(i, i + length)), cue))
            for parts, cue in self.gapped.get(word, ()):
                where = self._gapped_at(tokens, i, parts)
                if where:
                    found.append((-len(where), 1, i, where, cue))
        found.sort(key=lambda f: f[:3])
        taken = set(blocked)
        chosen = []
        for *_, where, cue in found:
            if taken.isdisjoint(where):
                taken.update(where)
                chosen.append((where, cue))
        return chosen

    @staticmethod
    def _gapped_at(tokens: list[str], start: int, parts: tuple[Phrase, ...]) -> list[int] | None:
        where: list[int] = []
        pos = start
        for n, part in enumerate(parts):
            size = len(part)
            first = pos if n == 0 else pos + 1
            last = pos if n == 0 else min(pos + GAP + 1, len(tokens) - size)
            for j in range(first, last + 1):
                if tuple(tokens[j : j + size]) == part:
                    where += range(j, j + size)
                    pos = j + size - 1
                    break
            else:
                return None
        return where

    def _specific(self, value: object) -> bool:
        return isinstance(value, _Topic) and all(c in self.area_of for c in value.codes)

    def understand(self, text: str) -> Understanding:
        plain = self.code_join.sub(r"\1\2", _plain(text))
        raw = [_stem(w) for w in self._expand([part for w in plain.split() for part in self._split(w)])]
        fixed = [self._correct(w) for w in raw]
        tokens = [s for w, _ in fixed for s in self.synonyms.get(w, (w,))]
        quality = [s for s in (s for _, s in fixed) if s < 1.0]
        foreign = any(s == 0.0 and w not in self.stopwords for w, s in fixed)

        topic_hits = self._scan(tokens, self.topics)
        # A criterion's title is a name: "what's next for Sharing Goals and Progress" asks no status.
        titled = {i for s, e, h in topic_hits if h.rank in (2, 5) and e - s >= 3 for i in range(s, e)}
        cue_hits = self._cue_scan(tokens, titled)
        cues = [cue for _, cue in cue_hits]
        votes: dict[Intent, int] = {}
        for cue in cues:
            votes[cue.intent] = votes.get(cue.intent, 0) + cue.weight
        if not votes and self._scan(tokens, self.greetings):
            votes[Intent.HELP] = 1
        near_codes = self._unknown_codes(raw)

        topics, ambiguous = self._resolve(topic_hits)
        described = False
        named = set().union(*(range(s, e) for s, e, _ in topic_hits))
        if not topics and not ambiguous and not near_codes:
            topics = self._describe([w for i, w in enumerate(tokens) if i not in named])
            described = bool(topics)
        elif len(topics) == 1 and topics[0] not in self.area_of and all(
            e - s == 1 and h.rank > 0 for s, e, h in topic_hits
        ):
            # An area named by one loose word ("residents", "vendors"): the other words, cues
            # aside ("expert partner"), may describe one of its criteria ("teach residents to
            # use city data" -> CI1).
            named |= {i for where, _ in cue_hits for i in where}
            words = [w for i, w in enumerate(tokens) if i not in named]
            topics = self._describe(words, within=topics[0]) or topics
        intent, confidence = self._intent(votes, bool(topics or ambiguous))
        if intent is Intent.HELP and topics and all(c.generic_help for c in cues if c.intent is Intent.HELP):
            intent = Intent.NEXT_STEPS  # "help with open data" asks what to do
        if not (topics or ambiguous or near_codes) and self._off_topic(intent, votes, foreign):
            intent = Intent.UNKNOWN
        if described:
            confidence *= 0.8
        if quality:
            confidence *= sum(quality) / len(quality) if min(quality) > 0 else 0.9
        suggestions: list[str] = []
        topic = topics[0] if len(topics) == 1 else None
        if ambiguous or near_codes:
            confidence *= 0.7
            shown = intent if intent is not Intent.UNKNOWN else Intent.EXPLAIN
            suggestions = [self.suggest(shown, c) for c in (ambiguous or near_codes)]
        if intent is Intent.UNKNOWN:
            suggestions = suggestions or self._closest_examples(text)
            topic, confidence = None, min(confidence, 0.3)
        kind: Literal["area", "criterion"] | None = None
        if topic is not None:
            kind = "criterion" if topic in self.area_of else "area"
        return Understanding(
            intent=intent,
            topic_kind=kind,
            topic=topic,
            confidence=round(max(0.0, min(confidence, 1.0)), 3),
            suggestions=tuple(dict.fromkeys(suggestions))[:MAX_SUGGESTIONS],
            level=next((self.levels[w] for w in tokens if w in self.levels), None),
        )

    def _intent(self, votes: dict[Intent, int], has_topic: bool) -> tuple[Intent, float]:
        if not votes:
            return (Intent.EXPLAIN, 0.6) if has_topic else (Intent.UNKNOWN, 0.0)
        ranked = sorted(votes.items(), key=lambda kv: (-kv[1], _TIE_ORDER.index(kv[0])))
        best, score = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        return best, 0.6 + 0.4 * (score - second) / score

    @staticmethod
    def _off_topic(intent: Intent, votes: dict[Intent, int], foreign: bool) -> bool:
        """No topic, a weak cue, and words the domain does not know: "what's the weather like"."""
        if intent in (Intent.UNKNOWN, Intent.STATUS, Intent.LEVEL_DISTANCE):
            return False
        score = votes.get(intent, 0)
        if intent is Intent.HELP:
            return foreign and score < 2  # "how do i make a sourdough starter"
        if intent is Intent.EXPLAIN and score < 2:
            return True  # "what is ..." about nothing the bot knows
        return foreign and score < STRONG

    def _resolve(self, hits: list[tuple[int, int, _Topic]]) -> tuple[list[str], list[str]]:
        """(the single topic, or []) and (ambiguous candidates, or [])."""
        if not hits:
            return [], []
        codes: list[str] = []
        for _, _, h in hits:
            for c in h.codes:
                if c not in codes:
                    codes.append(c)
        if len(codes) > 1:
            # A criterion code typed ("LC6") says more than words around it.
            typed = {c for _, _, h in hits if h.rank == 0 for c in h.codes}
            if len(typed) == 1 and next(iter(typed)) in self.area_of:
                return list(typed), []
            code = self._best_supported(hits)
            if code:
                return [code], []
        settled = self._settle(codes)
        if len(settled) == 1:
            return settled, []
        return [], settled

    def _best_supported(self, hits: list[tuple[int, int, _Topic]]) -> str | None:
        """The criterion most words point to, counting words for its area, if clearly so.

        "... performance management ... a chief performance officer": LC4 (3 words) over PA (2);
        "a help page and a data dictionary for our data portal": OD2 (4) over OD3 (2);
        "contracts with vendor incentives tied to strategic goals": RDC4 (1, and 2 for RDC)
        over PA1 (2). "open data and budgeting" names no criterion: no answer.
        """
        words: dict[str, int] = {}
        for s, e, h in hits:
            if len(h.codes) == 1:
                words[h.codes[0]] = words.get(h.codes[0], 0) + e - s
        criteria = [c for c in words if c in self.area_of]
        if not criteria:
            return None

        def support(code: str) -> int:
            return words[code] + words.get(self.area_of[code], 0)

        def area_total(area: str) -> int:
            return sum(n for c, n in words.items() if c == area or self.area_of.get(c) == area)

        ranked = sorted(criteria, key=support, reverse=True)
        best = ranked[0]
        if len(ranked) > 1 and support(ranked[1]) == support(best):
            return None
        area = self.area_of[best]
        if any(words[c] >= words[best] for c in criteria if c != best and self.area_of[c] == area):
            return None
        others = {c if c not in self.area_of else self.area_of[c] for c in words} - {area}
        if any(area_total(a) >= support(best) for a in others):
            return None
        return best

    def _describe(self, words: list[str], within: str | None = None) -> list[str]:
        """The criterion whose own description the words match best, if clearly so."""
        scores: dict[str, float] = {}
        matched: dict[str, set[str]] = {}
        for w in words:
            if w in self.stopwords or len(w) < 3:
                continue
            r = _root(w)
            for code, weight in self.bow.get(r, ()):
                if within is not None and self.area_of[code] != within:
                    continue
                if r not in matched.setdefault(code, set()):
                    matched[code].add(r)
                    scores[code] = scores.get(code, 0.0) + weight
        if not scores:
            return []
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        code, best = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        if len(matched[code]) >= 2 and best >= DESCRIBE_MIN and best >= DESCRIBE_MARGIN * second:
            return [code]
        return []

    def _unknown_codes(self, words: list[str]) -> list[str]:
        """Codes typed that the standard lacks ("dm12"): the area's nearest real codes."""
        near: list[str] = []
        for w in words:
            m = self.code_like.match(w)
            if m and not self.standard.has_criterion(w):
                area = m.group(1).upper()
                options = [c.code for c in self.standard.criteria_in(area)]
                near += [c for c in options if m.group(2).startswith(c[len(area) :])] or options[:MAX_SUGGESTIONS]
        return near

    def suggest(self, intent: Intent, code: str) -> str:
        template = self.templates[intent]
        return str(template.format(code=code, name=self.names.get(code, code)))

    def _closest_examples(self, text: str) -> list[str]:
        found = process.extract(_plain(text), self.examples, scorer=fuzz.WRatio, processor=_plain, limit=MAX_SUGGESTIONS)
        return [example for example, _, _ in found]


_MATCHERS: dict[str, _Matcher] = {}


def nlu_file(language: str) -> Path:
    """The vocabulary file of ``language`` (the standard's own words come from its translation)."""
    return NLU_FILE if language == "en" else NLU_FILE.with_name(f"nlu.{language}.yml")


def _matcher(standard: Standard) -> _Matcher:
    key = f"{standard.id}/{standard.language}"
    if key not in _MATCHERS:
        path = nlu_file(standard.language)
        if not path.exists():
            raise ValueError(f"no question vocabulary for language {standard.language!r} ({path.name})")
        data = parse_yaml(path.read_text(encoding="utf-8"))
        _MATCHERS[key] = _Matcher(standard, data)
    return _MATCHERS[key]
