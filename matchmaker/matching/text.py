"""Turning free text into the terms the TF-IDF model counts.

SME owners and partners describe the same help in different words ("customers want to
order online" against "e-commerce adoption"). Three steps narrow that gap:

1. words are lower-cased and lightly stemmed, so "exporting" meets "export";
2. adjacent content words also form bigrams, so "cash flow" counts as one idea;
3. phrases from a small domain synonym list (``synonyms.csv``, kept as data) add a
   shared *concept* term, written ``~concept``, to every text that uses any of them.

A national rebuild analyses 220,000 texts, so terms are integer *codes*, not strings:
Python only splits the text and looks each word up in a dictionary (both in C); bigrams,
phrase matching and counting are numpy operations over thousands of texts at once.
"""

from __future__ import annotations

import csv
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

CONCEPT_PREFIX = "~"

# Words every need or offer uses; they carry no signal about *which* help fits.
# (IDF would shrink them anyway, but dropping them keeps bigrams meaningful.)
_FILLER_WORDS = frozenset(
    {
        "able", "also", "business", "businesses", "company", "companies", "currently",
        "don", "doesn", "get", "getting", "go", "going", "help", "helps", "helping", "just",
        "like", "looking", "lot", "lots", "make", "need", "needs", "offer", "offers",
        "really", "sme", "smes", "support", "supports", "t", "s", "want", "wants", "way",
        "ve", "ll", "m", "re", "d", "thing", "things", "bit", "would", "could", "know",
        "use", "using", "used", "new", "work", "working", "time", "year", "years",
        "dont", "doesnt", "didnt", "cant", "wont", "im", "weve", "were", "theyre", "ive",
        "isnt", "arent", "havent", "id", "youre", "whats", "lets",
    }
)  # fmt: skip
STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS) | _FILLER_WORDS
# Stop words and one-character tokens are not content (they still join phrases).
_NOT_CONTENT = STOP_WORDS | frozenset("abcdefghijklmnopqrstuvwxyz0123456789")

_TOKEN = re.compile(r"[a-z0-9]+")
# Texts analysed together are joined with this character, which the tokeniser keeps
# as a token of its own so it can tell where each text ends.
_BREAK = "\x01"
_TOKEN_OR_BREAK = re.compile(r"[a-z0-9]+|\x01")
# Glue inside words is dropped, so "e-commerce", "R&D" and "don't" each stay one token.
_DROP_GLUE = str.maketrans("", "", "-'\u2019&")
_VOWEL = re.compile(r"[aeiouy]")
# Nouns in their own right whose -ing must stay: "marketing" is not "market".
_KEEP_AS_IS = frozenset(
    {
        "marketing", "engineering", "manufacturing", "building", "catering",
        "packaging", "clothing", "housing", "accounting", "bookkeeping", "advertising",
        "wedding", "offering", "banking", "printing", "boarding", "hosting", "consulting",
        "listing", "meeting", "painting", "plumbing", "recycling",
    }
)  # fmt: skip

# Term codes (int64). A unigram is its stem id; a bigram packs two stem ids; a concept
# sits above both. Stem ids stay below 2**31.
_ID_BITS = 31
CONCEPT_BASE = np.int64(1) << np.int64(62)
# Three-word phrases pack three ids of at most 21 bits; a longer id just never matches.
_TRIGRAM_BITS = 21


def stem(word: str) -> str:
    """Strip common English inflections; deliberately mild.

    Plurals, -ing and -ed go, and a final -e, so "prototype", "prototyping" and
    "prototyped" meet. Stronger stemmers merge words coordinators would not (e.g.
    "customer" and "custom"). Explanations show a word as it was written, not its stem.
    """
    if len(word) <= 3 or word.isdigit() or word in _KEEP_AS_IS or word in STOP_WORDS:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")):
        word = word[:-1]
        if word in _KEEP_AS_IS:
            return word
    for suffix in ("ing", "ed"):
        stem_part = word[: -len(suffix)]
        if (
            word.endswith(suffix)
            and len(stem_part) >= 3
            and _VOWEL.search(stem_part)
            and not word.endswith("eed")
        ):
            # "shipping" -> "ship", not "shipp": undo a doubled final consonant.
            doubled = stem_part[-1] == stem_part[-2] and stem_part[-1] not in "lsz"
            if doubled and len(stem_part) > 3:
                stem_part = stem_part[:-1]
            return stem_part
    if word.endswith("e") and len(word) > 3 and not word.endswith("ee"):
        return word[:-1]
    return word


def raw_tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().translate(_DROP_GLUE))


@dataclass(frozen=True, slots=True)
class Concept:
    """One line of the synonym list: phrases that all mean the same kind of help."""

    name: str
    label: str
    themes: tuple[str, ...]  # contract theme codes
    phrases: tuple[str, ...]

    def as_row(self) -> list[str]:
        return [self.name, self.label, ";".join(self.themes), ";".join(self.phrases)]


def load_concepts(rows: Iterable[Sequence[str]] | None = None) -> tuple[Concept, ...]:
    """Read concepts from ``synonyms.csv`` (or from rows: name, label, themes, phrases)."""
    if rows is None:
        with resources.files(__package__).joinpath("synonyms.csv").open(encoding="utf-8") as f:
            rows = [row for row in csv.reader(f) if row and not row[0].startswith("#")]
            rows = rows[1:]  # header
    concepts = []
    for name, label, themes, phrases in rows:
        concepts.append(Concept(name.strip(), label.strip(), _split(themes), _split(phrases)))
    return tuple(concepts)


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


@dataclass(frozen=True, slots=True)
class CodedTerms:
    """Every term occurrence in a batch of texts: which text, which term code."""

    n_texts: int
    texts: NDArray[np.int64]
    codes: NDArray[np.int64]


def bigram_code(first: NDArray[np.int64], second: NDArray[np.int64]) -> NDArray[np.int64]:
    return ((first + 1) << _ID_BITS) | second


class _TokenIds(dict[str, int]):
    """token -> stem id; an unseen token is stemmed once and remembered."""

    def __init__(self, coder: TermCoder) -> None:
        super().__init__({_BREAK: -1})
        self._coder = coder

    def __missing__(self, token: str) -> int:
        stem_id = self[token] = self._coder.stem_id(stem(token), token)
        return stem_id


class _PhraseTable:
    """Phrases of one length as sorted codes, each with the concept it signals."""

    def __init__(self, pairs: list[tuple[int, int]]) -> None:
        pairs.sort()
        self.codes = np.array([code for code, _ in pairs], dtype=np.int64)
        self.concepts = np.array([concept for _, concept in pairs], dtype=np.int64)

    def matches(
        self, texts: NDArray[np.int64], codes: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """(text, concept) for each occurrence of a phrase among the given codes."""
        if len(self.codes) == 0 or len(codes) == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        left = np.searchsorted(self.codes, codes, "left")
        right = np.searchsorted(self.codes, codes, "right")
        hits = right - left
        if not hits.any():
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        total = int(hits.sum())
        starts = np.repeat(left - np.cumsum(hits) + hits, hits) + np.arange(total)
        return np.repeat(texts, hits), self.concepts[starts]


class TermCoder:
    """Maps texts to term codes, and codes back to readable terms.

    The same object codes texts at fit time, in bulk and one at a time, so a need's
    terms never depend on which path saw it. It learns new words as it meets them
    (the stem table only grows; a lock keeps ids consistent across threads).
    """

    def __init__(self, concepts: Sequence[Concept] = (), *, bigrams: bool = True) -> None:
        self.concepts = tuple(concepts)
        self.bigrams = bigrams
        self.stems: list[str] = []  # stem id -> stem
        self.surfaces: list[str] = []  # stem id -> the first word seen with that stem
        self._stem_ids: dict[str, int] = {}
        self._content: list[bool] = []  # stem id -> counts as a term
        self._content_array = np.zeros(1024, np.bool_)  # the same, grown by doubling
        self._content_filled = 0
        self._lock = threading.Lock()
        self._token_ids = _TokenIds(self)
        by_length: dict[int, list[tuple[int, int]]] = {1: [], 2: [], 3: []}
        for index, concept in enumerate(self.concepts):
            for phrase in concept.phrases:
                ids = [self.stem_id(stem(t), t) for t in raw_tokens(phrase)]
                if not 1 <= len(ids) <= 3:
                    raise ValueError(f"phrase {phrase!r}: use one to three words")
                by_length[len(ids)].append((_phrase_code(ids), index))
        self._phrases = {size: _PhraseTable(pairs) for size, pairs in by_length.items()}

    def stem_id(self, stem_text: str, surface: str | None = None) -> int:
        found = self._stem_ids.get(stem_text)
        if found is not None:
            return found
        with self._lock:
            found = self._stem_ids.get(stem_text)
            if found is None:
                found = self._stem_ids[stem_text] = len(self.stems)
                self.stems.append(stem_text)
                self.surfaces.append(surface or stem_text)
                self._content.append(stem_text not in _NOT_CONTENT)
            return found

    def _is_content(self) -> NDArray[np.bool_]:
        count, filled = len(self._content), self._content_filled
        if filled < count:
            if count > len(self._content_array):
                grown = np.zeros(max(count, 2 * len(self._content_array)), np.bool_)
                grown[:filled] = self._content_array[:filled]
                self._content_array = grown
            self._content_array[filled:count] = self._content[filled:count]
            self._content_filled = count
        return self._content_array[:count]

    def code(self, texts: Sequence[str]) -> CodedTerms:
        """Every term occurrence (unigrams and bigrams of content words, each with its
        repeats; concepts once per text) in a batch of texts."""
        if any(_BREAK in text for text in texts):  # a text carries the separator itself
            texts = [text.replace(_BREAK, " ") for text in texts]
        joined = _BREAK.join(texts).lower().translate(_DROP_GLUE)
        tokens = _TOKEN_OR_BREAK.findall(joined)
        ids = np.fromiter(map(self._token_ids.__getitem__, tokens), np.int64, len(tokens))
        is_break = ids < 0
        text_of = np.cumsum(is_break)[~is_break]
        ids = ids[~is_break]
        codes_parts = []
        texts_parts = []

        content = self._is_content()[ids]
        words, words_text = ids[content], text_of[content]
        codes_parts.append(words)
        texts_parts.append(words_text)
        if self.bigrams and len(words) > 1:
            same = words_text[1:] == words_text[:-1]
            codes_parts.append(bigram_code(words[:-1], words[1:])[same])
            texts_parts.append(words_text[1:][same])
        if self.concepts:
            concept_texts, concepts = self._concepts(ids, text_of)
            codes_parts.append(CONCEPT_BASE + concepts)
            texts_parts.append(concept_texts)
        return CodedTerms(len(texts), np.concatenate(texts_parts), np.concatenate(codes_parts))

    def _concepts(
        self, ids: NDArray[np.int64], text_of: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """(text, concept), once per text, for every phrase found (stop words included:
        "out of money" must match)."""
        found = [self._phrases[1].matches(text_of, ids)]
        if len(ids) > 1:
            same = text_of[1:] == text_of[:-1]
            pairs = bigram_code(ids[:-1], ids[1:])[same]
            found.append(self._phrases[2].matches(text_of[1:][same], pairs))
        if len(ids) > 2:
            same = (text_of[2:] == text_of[:-2]) & (ids[:-2] < 1 << _TRIGRAM_BITS)
            same &= (ids[1:-1] < 1 << _TRIGRAM_BITS) & (ids[2:] < 1 << _TRIGRAM_BITS)
            triples = _trigram_code(ids[:-2][same], ids[1:-1][same], ids[2:][same])
            found.append(self._phrases[3].matches(text_of[2:][same], triples))
        texts = np.concatenate([f[0] for f in found])
        concepts = np.concatenate([f[1] for f in found])
        unique = np.unique(texts * max(1, len(self.concepts)) + concepts)
        return unique // max(1, len(self.concepts)), unique % max(1, len(self.concepts))

    # --- codes <-> readable terms ----------------------------------------------------

    def term(self, code: int) -> str:
        """The readable form of a code: "export", "cash flow" or "~ecommerce"."""
        if code >= CONCEPT_BASE:
            return CONCEPT_PREFIX + self.concepts[code - int(CONCEPT_BASE)].name
        if code >> _ID_BITS:
            first, second = (code >> _ID_BITS) - 1, code & ((1 << _ID_BITS) - 1)
            return f"{self.stems[first]} {self.stems[second]}"
        return self.stems[code]

    def display(self, code: int) -> str:
        """The term as a person reads it: words as first written, concepts by label."""
        if code >= CONCEPT_BASE:
            return self.concepts[code - int(CONCEPT_BASE)].label
        if code >> _ID_BITS:
            first, second = (code >> _ID_BITS) - 1, code & ((1 << _ID_BITS) - 1)
            return f"{self.surfaces[first]} {self.surfaces[second]}"
        return self.surfaces[code]

    def code_of_term(self, term: str, display: str | None = None) -> int:
        """Inverse of ``term`` (used when a saved model is loaded)."""
        if term.startswith(CONCEPT_PREFIX):
            name = term[len(CONCEPT_PREFIX) :]
            index = next(i for i, c in enumerate(self.concepts) if c.name == name)
            return int(CONCEPT_BASE) + index
        parts = term.split(" ")
        shown = display.split(" ") if display else parts
        if len(shown) != len(parts):
            shown = parts
        if len(parts) == 2:
            first, second = (self.stem_id(p, w) for p, w in zip(parts, shown, strict=True))
            return ((first + 1) << _ID_BITS) | second
        return self.stem_id(term, shown[0])

    def terms(self, text: str) -> list[str]:
        """A text's terms, readable, in code order (for tests and debugging)."""
        return [self.term(int(c)) for c in self.code([text]).codes]


def _phrase_code(ids: list[int]) -> int:
    if len(ids) == 1:
        return ids[0]
    if len(ids) == 2:
        return ((ids[0] + 1) << _ID_BITS) | ids[1]
    return int(_trigram_code(*(np.array([i], np.int64) for i in ids))[0])


def _trigram_code(
    first: NDArray[np.int64], second: NDArray[np.int64], third: NDArray[np.int64]
) -> NDArray[np.int64]:
    return (((first << _TRIGRAM_BITS) | second) << _TRIGRAM_BITS) | third
