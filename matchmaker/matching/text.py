"""Turning free text into the terms the TF-IDF model counts.

SME owners and partners describe the same help in different words ("customers want to
order online" against "e-commerce adoption"). Three steps narrow that gap, each cheap
enough to run over 200,000 texts in seconds:

1. words are lower-cased and lightly stemmed, so "exporting" meets "export";
2. adjacent content words also form bigrams, so "cash flow" counts as one idea;
3. phrases from a small domain synonym list (``synonyms.csv``, kept as data) add a
   shared *concept* term, written ``~concept``, to every text that uses any of them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from itertools import pairwise

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

_TOKEN = re.compile(r"[a-z0-9]+")
# Glue that joins word parts: "e-commerce", "R&D", "don't" become one token each.
_JOINERS = re.compile(r"(?<=[a-z0-9])[-'\u2019&](?=[a-z0-9])")
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


def stem(word: str) -> str:
    """Strip common English inflections; deliberately mild so terms stay readable.

    Only plurals and -ing/-ed are removed: stronger stemmers merge words coordinators
    would not (e.g. "customer" and "custom").
    """
    if len(word) <= 3 or word.isdigit() or word in _KEEP_AS_IS:
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
        if word.endswith(suffix) and len(stem_part) >= 4 and _VOWEL.search(stem_part):
            # "shipping" -> "ship", not "shipp": undo a doubled final consonant.
            doubled = stem_part[-1] == stem_part[-2] and stem_part[-1] not in "lsz"
            if doubled:
                stem_part = stem_part[:-1]
            return stem_part
    return word


def raw_tokens(text: str) -> list[str]:
    return _TOKEN.findall(_JOINERS.sub("", text.lower()))


@dataclass(frozen=True, slots=True)
class Concept:
    """One line of the synonym list: phrases that all mean the same kind of help."""

    name: str
    label: str
    phrases: tuple[str, ...]


def load_concepts(rows: Iterable[Sequence[str]] | None = None) -> tuple[Concept, ...]:
    """Read concepts from ``synonyms.csv`` (or from given rows: name, label, phrases)."""
    if rows is None:
        with resources.files(__package__).joinpath("synonyms.csv").open(encoding="utf-8") as f:
            rows = [row for row in csv.reader(f) if row and not row[0].startswith("#")]
            rows = rows[1:]  # header
    concepts = []
    for name, label, phrases in rows:
        parts = tuple(p.strip() for p in phrases.split(";") if p.strip())
        concepts.append(Concept(name.strip(), label.strip(), parts))
    return tuple(concepts)


@dataclass(slots=True)
class TextAnalyzer:
    """Callable that maps one text to its list of terms (unigrams, bigrams, concepts).

    Used as the ``analyzer`` of scikit-learn's ``TfidfVectorizer`` and, identically, for
    single texts at query time.
    """

    concepts: tuple[Concept, ...] = ()
    bigrams: bool = True
    _stems: dict[str, str] = field(default_factory=dict, repr=False)
    # first stemmed token of a phrase -> [(stemmed phrase tokens, concept term)]
    _phrases: dict[str, list[tuple[tuple[str, ...], str]]] = field(
        default_factory=dict, repr=False
    )

    def __post_init__(self) -> None:
        for concept in self.concepts:
            term = CONCEPT_PREFIX + concept.name
            for phrase in concept.phrases:
                tokens = tuple(self._stem(t) for t in raw_tokens(phrase))
                if tokens:
                    self._phrases.setdefault(tokens[0], []).append((tokens, term))

    def _stem(self, token: str) -> str:
        stemmed = self._stems.get(token)
        if stemmed is None:
            stemmed = self._stems[token] = stem(token)
        return stemmed

    def __call__(self, text: str) -> list[str]:
        stems = [self._stem(t) for t in raw_tokens(text)]
        content = [s for s in stems if s not in STOP_WORDS and len(s) > 1]
        terms = list(content)
        if self.bigrams:
            terms.extend(f"{a} {b}" for a, b in pairwise(content))
        if self._phrases:
            terms.extend(self._concepts_in(stems))
        return terms

    def _concepts_in(self, stems: list[str]) -> set[str]:
        found: set[str] = set()
        phrases = self._phrases
        for i, token in enumerate(stems):
            for tokens, term in phrases.get(token, ()):
                if tuple(stems[i : i + len(tokens)]) == tokens:
                    found.add(term)
        return found


def term_label(term: str, concepts: Sequence[Concept]) -> str:
    """How a term reads in an explanation: concepts by their label, others as they are."""
    if term.startswith(CONCEPT_PREFIX):
        name = term[len(CONCEPT_PREFIX) :]
        for concept in concepts:
            if concept.name == name:
                return concept.label
        return name
    return term
