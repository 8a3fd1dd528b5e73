"""The fitted text model: TF-IDF over needs' and offers' texts, optionally LSA.

A ``MatchModel`` is fitted on the whole corpus (every open need's text and every
offer's title and description), then saved with ``to_bytes`` into a database row or a
file. Every process loads it with ``from_bytes``; the bytes are a numpy ``.npz`` archive
of plain arrays and one JSON document, read with ``allow_pickle=False``, so loading a
model never runs code. ``version`` (a content hash unless the caller names it) goes on
every proposal, so a decision can be traced to the model that scored it.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize
from sklearn.utils.sparsefuncs import mean_variance_axis

from matchmaker.matching.eligibility import THEME_BITS, theme_mask
from matchmaker.matching.records import NeedRecord, OfferRecord
from matchmaker.matching.text import CONCEPT_BASE, Concept, TermCoder, load_concepts
from matchmaker.matching.vectors import (
    TermCounts,
    Vocabulary,
    coded_batches,
    count,
    smoothed_idf,
    weigh,
)

FORMAT = "growth-hub-matchmaker/match-model/1"
# LSA is fitted on at most this many texts: the topics settle long before that, and
# a national rebuild has no time to decompose 220,000 rows.
_LSA_SAMPLE = 40_000
# ... and over at most this many terms, the commonest: a term in one text relates no two
# texts, and a national vocabulary (750,000 terms, mostly rare bigrams) would cost
# gigabytes in the decomposition.
_LSA_TERMS = 50_000


@dataclass(frozen=True, slots=True)
class ModelConfig:
    """How texts become vectors and how the signals blend into one score.

    The defaults are the configuration chosen with ``bench/quality.py --calibrate`` on the
    development parts of the labelled set (see bench/README.md for how).
    """

    bigrams: bool = True
    concepts: bool = True  # add ~concept terms from synonyms.csv
    sublinear_tf: bool = True
    concept_boost: float = 1.0  # concept terms' idf is multiplied by this
    title_repeat: int = 1  # an offer's title counts this many times
    infer_themes: bool = True  # a need with no themes gets its concepts' themes
    lsa_dims: int = 0  # 0 = no LSA
    # Blend: score = text * cosine + lsa * LSA cosine + theme * theme overlap
    #               + targeting * (share of the offer's rules aimed at this kind of SME)
    text_weight: float = 4.0
    lsa_weight: float = 0.0
    theme_weight: float = 0.2
    targeting_weight: float = 0.05
    # Abstention: no proposal scores below `threshold`, nor below `relative_cut` times
    # the need's best eligible score (a clear winner is proposed alone) ...
    threshold: float = 0.2
    relative_cut: float = 0.7
    # ... nor shares less than `concept_floor` of text cosine through synonym concepts
    # (kinds of help both texts name, however worded), nor less than `concept_share`
    # of what the best eligible offer shares that way. Shared everyday words alone
    # ("management", "course") make a weak match; a shared kind of help makes a fit.
    concept_floor: float = 0.01
    concept_share: float = 0.5
    # ... except that an offer naming nearly the same kinds of help as the best one (the
    # cosine of the two offers' synonym concepts at least `near_best`) is not held to
    # the relative cut: near-duplicate programmes from different partners fit alike.
    # Above 1, off.
    near_best: float = 0.5

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ModelConfig:
        known = set(cls.__dataclass_fields__)
        values = json.loads(text)
        # A model saved before `near_best` existed keeps the behaviour it was chosen with.
        values.setdefault("near_best", 2.0)
        return cls(**{k: v for k, v in values.items() if k in known})

    def with_(self, **changes: object) -> ModelConfig:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class SparseVector:
    """One text's TF-IDF vector: sorted term positions and their weights (unit length)."""

    indices: NDArray[np.int32]
    values: NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class TextVectors:
    """Many texts' vectors, one row each, in the order given."""

    words: sp.csr_matrix  # TF-IDF rows, unit length, float32
    lsa: NDArray[np.float32] | None  # unit-length LSA rows, or None without LSA

    def take(self, rows: NDArray[np.intp] | slice) -> TextVectors:
        return TextVectors(self.words[rows], None if self.lsa is None else self.lsa[rows])


def need_text(need: NeedRecord) -> str:
    return need.text


def offer_text(offer: OfferRecord, title_repeat: int = 1) -> str:
    """The text an offer is scored on: its title (counted ``title_repeat`` times, since
    partners put the gist there) and its description."""
    return "\n".join([offer.title] * title_repeat + [offer.description])


@dataclass(frozen=True, slots=True)
class Lsa:
    """LSA topic directions over some of the vocabulary's columns."""

    columns: NDArray[np.int64]  # the vocabulary columns the topics use, ascending
    components: NDArray[np.float32]  # (dims x len(columns))

    def project(self, words: sp.csr_matrix) -> NDArray[np.float32]:
        """Unit-length topic vectors of many texts."""
        only = _only_columns(words, self.columns)
        dense = np.asarray(only @ self.components.T, dtype=np.float32)
        return normalize(dense).astype(np.float32, copy=False)

    def project_one(self, vector: SparseVector) -> NDArray[np.float32]:
        at = np.minimum(np.searchsorted(self.columns, vector.indices), len(self.columns) - 1)
        kept = self.columns[at] == vector.indices
        dense = self.components[:, at[kept]] @ vector.values[kept].astype(np.float32)
        norm = float(np.linalg.norm(dense))
        return dense / norm if norm > 0 else dense


class MatchModel:
    """A fitted model: the vocabulary, idf weights, synonym concepts and blend config."""

    def __init__(
        self,
        config: ModelConfig,
        terms: Sequence[str] | None,
        idf: NDArray[np.float64],
        oov_idf: float,
        concepts: Sequence[Concept],
        lsa: Lsa | None = None,
        version: str = "",
        *,
        coder: TermCoder | None = None,
        vocabulary: Vocabulary | None = None,
        display: Sequence[str] | None = None,
    ) -> None:
        """Either ``terms`` (a loaded model) or ``coder`` and ``vocabulary`` (just fitted)."""
        self.config = config
        self.idf = idf
        self.oov_idf = oov_idf
        self.concepts = tuple(concepts)
        self.lsa = lsa
        if coder is None or vocabulary is None:
            if terms is None:
                raise ValueError("a model needs its terms, or a coder and vocabulary")
            coder = TermCoder(self.concepts, bigrams=config.bigrams)
            shown = list(display) if display is not None else [None] * len(terms)
            codes = np.fromiter(map(coder.code_of_term, terms, shown), np.int64, len(terms))
            vocabulary = Vocabulary(codes)
        self.coder = coder
        self.vocabulary = vocabulary
        # Theme bits each column implies (concept columns only), for needs without themes.
        concept_themes = np.array(
            [theme_mask(c.themes) for c in self.concepts] or [0], dtype=np.int64
        )
        is_concept = vocabulary.codes >= CONCEPT_BASE
        self.column_themes = np.zeros(len(vocabulary), np.int64)
        self.column_themes[is_concept] = concept_themes[vocabulary.codes[is_concept] - CONCEPT_BASE]
        self.concept_columns = np.flatnonzero(is_concept)
        self._terms = list(terms) if terms is not None else None
        self.version = version or self.content_hash()

    @property
    def terms(self) -> list[str]:
        """Readable terms in column order (built on first use: a million at most)."""
        if self._terms is None:
            self._terms = [self.coder.term(code) for code in self.vocabulary.codes.tolist()]
        return self._terms

    def term(self, column: int) -> str:
        if self._terms is not None:
            return self._terms[column]
        return self.coder.term(int(self.vocabulary.codes[column]))

    def term_label(self, column: int) -> str:
        """How the term of this column reads in an explanation."""
        return self.coder.display(int(self.vocabulary.codes[column]))

    def offer_text(self, offer: OfferRecord) -> str:
        return offer_text(offer, self.config.title_repeat)

    def effective_themes(
        self, themes: NDArray[np.int64], words: sp.csr_matrix
    ) -> NDArray[np.int64]:
        """The needs' theme bits, or for a need that ticked none (and if configured) the
        themes its text's concepts imply."""
        if not self.config.infer_themes or len(themes) == 0:
            return themes
        bits = self.column_themes[words.indices]
        implied = np.zeros(len(themes), np.int64)
        filled = np.flatnonzero(np.diff(words.indptr) > 0)
        if len(filled):
            implied[filled] = np.bitwise_or.reduceat(bits, words.indptr[filled])
        return np.where(themes == 0, implied, themes)

    def effective_theme_codes(self, need: NeedRecord) -> frozenset[str]:
        """``effective_themes`` for one need, as theme codes."""
        if need.themes or not self.config.infer_themes:
            return need.themes
        vector = self.vector(need.text)
        mask = int(np.bitwise_or.reduce(self.column_themes[vector.indices], initial=0))
        return frozenset(code for code, bit in THEME_BITS.items() if mask & int(bit))

    # --- fitting -------------------------------------------------------------------

    @classmethod
    def fit(
        cls,
        needs: Sequence[NeedRecord],
        offers: Sequence[OfferRecord],
        *,
        config: ModelConfig | None = None,
        concepts: Sequence[Concept] | None = None,
        version: str | None = None,
    ) -> MatchModel:
        """Fit on every need's text and every offer's title and description."""
        model, _, _ = cls.fit_vectors(
            needs, offers, config=config, concepts=concepts, version=version
        )
        return model

    @classmethod
    def fit_vectors(
        cls,
        needs: Sequence[NeedRecord],
        offers: Sequence[OfferRecord],
        *,
        config: ModelConfig | None = None,
        concepts: Sequence[Concept] | None = None,
        version: str | None = None,
    ) -> tuple[MatchModel, TextVectors, TextVectors]:
        """Fit, and also return the needs' and offers' vectors (a rebuild reuses them
        instead of analysing 200,000 texts twice)."""
        config = config or ModelConfig()
        if concepts is None:
            concepts = load_concepts() if config.concepts else ()
        coder = TermCoder(concepts, bigrams=config.bigrams)
        sublinear = config.sublinear_tf
        offer_batches = list(
            coded_batches(coder, [offer_text(o, config.title_repeat) for o in offers])
        )
        vocabulary = Vocabulary.of(offer_batches)
        offer_counts = count(offer_batches, vocabulary, sublinear=sublinear)
        del offer_batches
        need_counts = count(
            coded_batches(coder, [need_text(n) for n in needs]), vocabulary, sublinear=sublinear
        )
        idf, oov_idf = smoothed_idf([need_counts, offer_counts], len(vocabulary))
        if config.concept_boost != 1.0:
            idf[vocabulary.codes >= CONCEPT_BASE] *= config.concept_boost
        need_words = weigh(need_counts, idf, oov_idf, sublinear=sublinear)
        offer_words = weigh(offer_counts, idf, oov_idf, sublinear=sublinear)

        lsa = None
        if config.lsa_dims > 0:
            lsa = _fit_lsa(sp.vstack([need_words, offer_words], format="csr"), config.lsa_dims)
        model = cls(
            config,
            None,
            idf,
            oov_idf,
            concepts,
            lsa,
            version or "",
            coder=coder,
            vocabulary=vocabulary,
        )
        return (
            model,
            TextVectors(need_words, model.lsa_of(need_words)),
            TextVectors(offer_words, model.lsa_of(offer_words)),
        )

    # --- vectors -------------------------------------------------------------------

    @property
    def threshold(self) -> float:
        return self.config.threshold

    def _counts(self, texts: Sequence[str]) -> TermCounts:
        return count(
            coded_batches(self.coder, texts), self.vocabulary, sublinear=self.config.sublinear_tf
        )

    def vectorise(self, texts: Sequence[str]) -> TextVectors:
        """Vectors for many texts at once (float32)."""
        words = weigh(
            self._counts(texts), self.idf, self.oov_idf, sublinear=self.config.sublinear_tf
        )
        return TextVectors(words, self.lsa_of(words))

    def vector(self, text: str) -> SparseVector:
        """One text's TF-IDF vector, in float64 (same code path as ``vectorise``)."""
        row = weigh(
            self._counts([text]),
            self.idf,
            self.oov_idf,
            sublinear=self.config.sublinear_tf,
            dtype=np.float64,
        )
        return SparseVector(row.indices.astype(np.int32), row.data.astype(np.float64))

    def concept_weights(self, words: sp.csr_matrix) -> NDArray[np.float32]:
        """Many texts' weights on the concept columns alone (texts x concept columns)."""
        return _only_columns(words, self.concept_columns).toarray().astype(np.float32)

    def concept_weights_one(self, vector: SparseVector) -> NDArray[np.float32]:
        """One text's weights on the concept columns alone."""
        columns = self.concept_columns
        dense = np.zeros(len(columns), np.float32)
        if len(columns):
            at = np.minimum(np.searchsorted(columns, vector.indices), len(columns) - 1)
            kept = columns[at] == vector.indices
            dense[at[kept]] = vector.values[kept]
        return dense

    def lsa_vector(self, vector: SparseVector) -> NDArray[np.float32] | None:
        return None if self.lsa is None else self.lsa.project_one(vector)

    def lsa_of(self, words: sp.csr_matrix) -> NDArray[np.float32] | None:
        return None if self.lsa is None else self.lsa.project(words)

    # --- storage -------------------------------------------------------------------

    def _arrays(self) -> dict[str, NDArray[np.generic]]:
        header = {
            "format": FORMAT,
            "config": json.loads(self.config.to_json()),
            "concepts": [c.as_row() for c in self.concepts],
            "oov_idf": self.oov_idf,
        }
        arrays: dict[str, NDArray[np.generic]] = {
            "header": _utf8(json.dumps(header, sort_keys=True)),
            "terms": _utf8("\n".join(self.terms)),
            "display": _utf8(
                "\n".join(self.coder.display(code) for code in self.vocabulary.codes.tolist())
            ),
            "idf": self.idf,
        }
        if self.lsa is not None:
            arrays["lsa_columns"] = self.lsa.columns
            arrays["lsa_components"] = self.lsa.components
        return arrays

    def content_hash(self) -> str:
        """A digest of everything that decides scores (not of the texts themselves)."""
        digest = hashlib.sha256()
        header = {
            "config": json.loads(self.config.to_json()),
            "concepts": [c.as_row() for c in self.concepts],
            "oov_idf": self.oov_idf,
        }
        digest.update(json.dumps(header, sort_keys=True).encode())
        digest.update(self.vocabulary.codes.tobytes())
        digest.update(self.idf.tobytes())
        if self.lsa is not None:
            digest.update(self.lsa.columns.tobytes())
            digest.update(self.lsa.components.tobytes())
        return digest.hexdigest()[:16]

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez_compressed(buffer, version=_utf8(self.version), **self._arrays())
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> MatchModel:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            header = json.loads(_text(archive["header"]))
            if header.get("format") != FORMAT:
                raise ValueError(f"not a match model: format {header.get('format')!r}")
            terms_text = _text(archive["terms"])
            display_text = _text(archive["display"])
            lsa = None
            if "lsa_components" in archive.files:
                lsa = Lsa(archive["lsa_columns"], archive["lsa_components"])
            return cls(
                ModelConfig.from_json(json.dumps(header["config"])),
                terms_text.split("\n") if terms_text else [],
                archive["idf"].astype(np.float64),
                float(header["oov_idf"]),
                load_concepts(header["concepts"]),
                lsa,
                _text(archive["version"]),
                display=display_text.split("\n") if display_text else [],
            )


def _fit_lsa(words: sp.csr_matrix, dims: int) -> Lsa | None:
    """LSA topic directions over the commonest terms, from a sample of the texts; None
    for a corpus without topics (fewer than two texts or shared terms, or texts that do
    not differ at all in those terms)."""
    sample = words
    if words.shape[0] > _LSA_SAMPLE:
        rows = np.random.default_rng(0).choice(words.shape[0], _LSA_SAMPLE, replace=False)
        sample = words[np.sort(rows)]
    df = np.bincount(sample.indices, minlength=sample.shape[1])
    shared = np.flatnonzero(df >= 2)
    columns = np.sort(shared[np.argsort(-df[shared], kind="stable")[:_LSA_TERMS]])
    if min(sample.shape[0], len(columns)) < 2:
        return None
    restricted = _only_columns(sample, columns)
    if not mean_variance_axis(restricted, axis=0)[1].any():
        return None
    dims = max(1, min(dims, min(restricted.shape) - 1))
    svd = TruncatedSVD(n_components=dims, algorithm="randomized", n_iter=4, random_state=0)
    svd.fit(restricted)
    return Lsa(columns, svd.components_.astype(np.float32))


def _only_columns(words: sp.csr_matrix, columns: NDArray[np.int64]) -> sp.csr_matrix:
    """The rows with only the given (ascending) columns, renumbered 0, 1, 2..."""
    position = np.full(words.shape[1], -1, np.int64)
    position[columns] = np.arange(len(columns))
    at = position[words.indices]
    kept = at >= 0
    row_of = np.repeat(np.arange(words.shape[0]), np.diff(words.indptr))[kept]
    return sp.csr_matrix(
        (words.data[kept], (row_of, at[kept])), shape=(words.shape[0], len(columns))
    )


def _utf8(text: str) -> NDArray[np.uint8]:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _text(array: NDArray[np.uint8]) -> str:
    return array.tobytes().decode("utf-8")
