"""Understanding a chat message: which intent, which practice area or criterion.

Local and fast (rapidfuzz, no remote service). A message is lower-cased,
stripped of accents and punctuation, "dm 2" is joined into "dm2", plurals are
lightly stripped, and words the vocabulary does not know are corrected to the
closest known word ("nxt" -> "next", "procurment" -> "procurement"). Then cue
phrases vote for an intent and topic phrases name an area or a criterion,
longest phrase first. The vocabulary comes from the standard (area names and
aliases, criterion codes, titles and tags) plus ``knowledge/data/nlu.yml``.

Nothing matched gives ``Intent.UNKNOWN`` with "did you mean" suggestions; a
message naming two unrelated topics keeps its intent, drops the topic and
suggests each reading. Everything that can be precomputed is, once per
standard.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz, process

from wwc_rules import Standard

NLU_FILE = Path(__file__).parent / "data" / "nlu.yml"
MAX_SUGGESTIONS = 3


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


def _stem(word: str) -> str:
    """A light plural strip, applied alike to the vocabulary and to messages."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


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
    rank: int = 9  # 0 code, 1 nlu.yml, 2 title, 3 area name, 4 alias or tag, 5 title without its verb


class _Matcher:
    def __init__(self, standard: Standard, data: dict) -> None:
        self.standard = standard
        self.area_of = {c.code: c.area for c in standard.criteria}
        self.names = {a.code: a.name for a in standard.areas} | {c.code: c.title for c in standard.criteria}
        self.contractions: dict[str, str] = {k: _plain(v) for k, v in data["contractions"].items()}
        self.cues: dict[Phrase, tuple[Intent, int]] = {}
        for intent, by_weight in data["intents"].items():
            for weight, phrases in by_weight.items():
                for p in phrases:
                    self.cues[_phrase(p)] = (Intent(intent), int(weight))
        self.topics = self._topic_index(data["topics"])
        self.max_len = max(len(p) for p in [*self.cues, *self.topics])
        words = {w for p in [*self.cues, *self.topics] for w in p}
        words |= {_stem(w) for w in _plain(data["stopwords"]).split()}
        self.vocab = sorted(words)
        self.known = set(self.vocab)
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

    def _topic_index(self, extra: dict[str, str]) -> dict[Phrase, _Topic]:
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
        for entry in index.values():
            entry.codes = self._settle(entry.codes)
        return index

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
        """The word itself if known, else the closest known word (score 0-1), else the word with 0."""
        if word in self.known or len(word) <= 2 or any(ch.isdigit() for ch in word):
            return word, 1.0
        if word not in self.corrections:
            cutoff = 85 if len(word) <= 3 else 80 if len(word) <= 5 else 78
            found = process.extract(word, self.vocab, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5)
            if found:
                best = max(found, key=lambda f: (f[1], f[0][0] == word[0], -abs(len(f[0]) - len(word))))
                self.corrections[word] = (best[0], best[1] / 100)
            else:
                self.corrections[word] = None
        hit = self.corrections[word]
        return hit if hit else (word, 0.0)

    def _scan(self, tokens: list[str], index: dict) -> list[tuple[int, int, object]]:
        """Non-overlapping phrase matches, longest first: (start, end, value).

        Among equally long phrases a criterion beats an area ("data governance
        committee": "governance committee" DM1 over "data governance" DM).
        """
        found = []
        for i in range(len(tokens)):
            for length in range(1, min(self.max_len, len(tokens) - i) + 1):
                value = index.get(tuple(tokens[i : i + length]))
                if value is not None:
                    found.append((i, i + length, value))
        found.sort(key=lambda f: (f[0] - f[1], not self._specific(f[2]), f[0]))
        taken: set[int] = set()
        chosen = []
        for start, end, value in found:
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                chosen.append((start, end, value))
        return sorted(chosen, key=lambda f: f[0])

    def _specific(self, value: object) -> bool:
        return isinstance(value, _Topic) and all(c in self.area_of for c in value.codes)

    def understand(self, text: str) -> Understanding:
        plain = self.code_join.sub(r"\1\2", _plain(text))
        raw = [_stem(w) for w in self._expand(plain.split())]
        fixed = [self._correct(w) for w in raw]
        tokens = [w for w, _ in fixed]
        quality = [s for s in (s for _, s in fixed) if s < 1.0]

        votes: dict[Intent, int] = {}
        for _, _, (intent, weight) in self._scan(tokens, self.cues):
            votes[intent] = votes.get(intent, 0) + weight
        topic_hits = [v for _, _, v in self._scan(tokens, self.topics)]
        near_codes = self._unknown_codes(raw)

        topics, ambiguous = self._resolve(topic_hits)
        intent, confidence = self._intent(votes, bool(topics or ambiguous))
        if intent is Intent.HELP and topics:
            intent = Intent.NEXT_STEPS  # "help with open data" asks what to do
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
        kind = None if topic is None else ("criterion" if topic in self.area_of else "area")
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

    def _resolve(self, hits: list[_Topic]) -> tuple[list[str], list[str]]:
        """(the single topic, or []) and (ambiguous candidates, or [])."""
        if not hits:
            return [], []
        codes: list[str] = []
        for h in hits:
            for c in h.codes:
                if c not in codes:
                    codes.append(c)
        settled = self._settle(codes)
        if len(settled) == 1:
            return settled, []
        return [], settled

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
        return template.format(code=code, name=self.names.get(code, code))

    def _closest_examples(self, text: str) -> list[str]:
        found = process.extract(_plain(text), self.examples, scorer=fuzz.WRatio, processor=_plain, limit=MAX_SUGGESTIONS)
        return [example for example, _, _ in found]


_MATCHERS: dict[str, _Matcher] = {}


def _matcher(standard: Standard) -> _Matcher:
    if standard.id not in _MATCHERS:
        data = yaml.safe_load(NLU_FILE.read_text(encoding="utf-8"))
        _MATCHERS[standard.id] = _Matcher(standard, data)
    return _MATCHERS[standard.id]
