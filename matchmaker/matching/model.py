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
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize

from matchmaker.matching.records import NeedRecord, OfferRecord
from matchmaker.matching.text import Concept, TextAnalyzer, load_concepts

FORMAT = "growth-hub-matchmaker/match-model/1"
# LSA is fitted on at most this many texts: the topics settle long before that, and
# a national rebuild has no time to decompose 220,000 rows.
_LSA_SAMPLE = 40_000


@dataclass(frozen=True, slots=True)
class ModelConfig:
    """How texts become vectors and how the signals blend into one score.

    The defaults are the configuration chosen with ``bench/quality.py`` on the tune part
    of the labelled set (see bench/README.md for the ablations and the calibration).
    """

    bigrams: bool = True
    concepts: bool = True  # add ~concept terms from synonyms.csv
    sublinear_tf: bool = True
    min_df: int = 1
    max_df: float = 1.0
    lsa_dims: int = 0  # 0 = no LSA
    # Blend: score = text * cosine + lsa * LSA cosine + theme * theme overlap
    #               + targeting * (share of the offer's rules aimed at this kind of SME)
    text_weight: float = 1.0
    lsa_weight: float = 0.0
    theme_weight: float = 0.3
    targeting_weight: float = 0.0
    # Abstention: no proposal scores below `threshold`, nor below `relative_cut` times
    # the need's best eligible score (a clear winner is proposed alone).
    threshold: float = 0.25
    relative_cut: float = 0.0

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ModelConfig:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in json.loads(text).items() if k in known})

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


def offer_text(offer: OfferRecord) -> str:
    return offer.text


@dataclass(eq=False)
class MatchModel:
    config: ModelConfig
    terms: list[str]  # column order of the TF-IDF vectors
    idf: NDArray[np.float64]
    concepts: tuple[Concept, ...]
    lsa_components: NDArray[np.float32] | None  # (lsa_dims x len(terms)), or None
    version: str = ""
    analyzer: TextAnalyzer = field(init=False, repr=False)
    term_index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.analyzer = TextAnalyzer(self.concepts, bigrams=self.config.bigrams)
        self.term_index = {term: i for i, term in enumerate(self.terms)}
        if not self.version:
            self.version = self.content_hash()

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
        model, _, _ = cls.fit_vectors(needs, offers, config=config, concepts=concepts,
                                      version=version)
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
        analyzer = TextAnalyzer(tuple(concepts), bigrams=config.bigrams)
        texts = [need_text(n) for n in needs] + [offer_text(o) for o in offers]
        counter = CountVectorizer(
            analyzer=analyzer,
            min_df=config.min_df if len(texts) > 1 else 1,
            max_df=config.max_df,
            dtype=np.float32,
        )
        counts = counter.fit_transform(texts)
        idf = TfidfTransformer(sublinear_tf=config.sublinear_tf).fit(counts).idf_
        words = _weigh(sp.csr_matrix(counts), idf.astype(np.float32), config.sublinear_tf)
        terms = counter.get_feature_names_out().tolist()

        components = None
        lsa_rows = None
        if config.lsa_dims > 0:
            components, lsa_rows = _fit_lsa(words, config.lsa_dims)
        model = cls(
            config=config,
            terms=terms,
            idf=idf.astype(np.float64),
            concepts=tuple(concepts),
            lsa_components=components,
            version=version or "",
        )
        split = len(needs)
        vectors = TextVectors(words, lsa_rows)
        return model, vectors.take(slice(0, split)), vectors.take(slice(split, None))

    # --- vectors -------------------------------------------------------------------

    @property
    def threshold(self) -> float:
        return self.config.threshold

    def vectorise(self, texts: Sequence[str]) -> TextVectors:
        """Vectors for many texts at once (terms unknown to the model are ignored)."""
        counter = CountVectorizer(
            analyzer=self.analyzer, vocabulary=self.term_index, dtype=np.float32
        )
        counts = sp.csr_matrix(counter.transform(texts))
        words = _weigh(counts, self.idf.astype(np.float32), self.config.sublinear_tf)
        return TextVectors(words, self._lsa_of(words))

    def vector(self, text: str) -> SparseVector:
        """One text's TF-IDF vector in float64, without scikit-learn's per-call overhead.

        Same arithmetic as ``vectorise`` (tested): counts, sublinear tf, idf, unit length.
        """
        counts = Counter(
            index
            for term in self.analyzer(text)
            if (index := self.term_index.get(term)) is not None
        )
        if not counts:
            return SparseVector(np.zeros(0, np.int32), np.zeros(0, np.float64))
        indices = np.fromiter(sorted(counts), np.int32, len(counts))
        tf = np.fromiter((counts[i] for i in indices), np.float64, len(counts))
        if self.config.sublinear_tf:
            tf = np.log(tf) + 1.0
        values = tf * self.idf[indices]
        values /= math.sqrt(float(values @ values))
        return SparseVector(indices, values)

    def lsa_vector(self, vector: SparseVector) -> NDArray[np.float32] | None:
        if self.lsa_components is None:
            return None
        dense = self.lsa_components[:, vector.indices] @ vector.values.astype(np.float32)
        norm = float(np.linalg.norm(dense))
        return dense / norm if norm > 0 else dense

    def _lsa_of(self, words: sp.csr_matrix) -> NDArray[np.float32] | None:
        if self.lsa_components is None:
            return None
        dense = np.asarray(words @ self.lsa_components.T, dtype=np.float32)
        return normalize(dense).astype(np.float32, copy=False)

    # --- storage -------------------------------------------------------------------

    def _arrays(self) -> dict[str, NDArray[np.generic]]:
        header = {
            "format": FORMAT,
            "config": json.loads(self.config.to_json()),
            "concepts": [[c.name, c.label, ";".join(c.phrases)] for c in self.concepts],
        }
        arrays: dict[str, NDArray[np.generic]] = {
            "header": _utf8(json.dumps(header, sort_keys=True)),
            "terms": _utf8("\n".join(self.terms)),
            "idf": self.idf,
        }
        if self.lsa_components is not None:
            arrays["lsa_components"] = self.lsa_components
        return arrays

    def content_hash(self) -> str:
        digest = hashlib.sha256()
        for name, array in sorted(self._arrays().items()):
            digest.update(name.encode())
            digest.update(np.ascontiguousarray(array).tobytes())
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
            return cls(
                config=ModelConfig.from_json(json.dumps(header["config"])),
                terms=terms_text.split("\n") if terms_text else [],
                idf=archive["idf"].astype(np.float64),
                concepts=tuple(load_concepts(header["concepts"])),
                lsa_components=(
                    archive["lsa_components"] if "lsa_components" in archive.files else None
                ),
                version=_text(archive["version"]),
            )


def _weigh(counts: sp.csr_matrix, idf: NDArray[np.float32], sublinear: bool) -> sp.csr_matrix:
    """Counts -> unit-length TF-IDF rows (the arithmetic of scikit-learn's transformer)."""
    weights = counts.astype(np.float32, copy=True)
    if sublinear:
        np.log(weights.data, out=weights.data)
        weights.data += 1.0
    weights.data *= idf[weights.indices]
    return sp.csr_matrix(normalize(weights, copy=False))


def _fit_lsa(
    words: sp.csr_matrix, dims: int
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    dims = max(1, min(dims, min(words.shape) - 1))
    sample = words
    if words.shape[0] > _LSA_SAMPLE:
        rows = np.random.default_rng(0).choice(words.shape[0], _LSA_SAMPLE, replace=False)
        sample = words[np.sort(rows)]
    svd = TruncatedSVD(n_components=dims, algorithm="randomized", n_iter=4, random_state=0)
    svd.fit(sample)
    components = svd.components_.astype(np.float32)
    rows_lsa = normalize(np.asarray(words @ components.T, dtype=np.float32))
    return components, rows_lsa.astype(np.float32, copy=False)


def _utf8(text: str) -> NDArray[np.uint8]:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _text(array: NDArray[np.uint8]) -> str:
    return array.tobytes().decode("utf-8")
