"""From term codes to unit-length TF-IDF rows, for 220,000 texts in seconds.

The vocabulary is every term any *offer* uses. A term only a need uses can never be
shared with an offer, so it gets no column; it still counts towards the need's vector
length (weighted as a term seen in one text of the corpus), so a need that talks mostly
about things no offer mentions keeps a low cosine with every offer. Bulk and one-text
paths share this code, so a need scores the same whether it arrived before or after the
last fit.

Weights follow scikit-learn's TfidfTransformer: tf is 1 + ln(count) when sublinear,
idf = ln((1 + n) / (1 + df)) + 1 (smoothed; computed by TfidfTransformer itself), rows
have unit length.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfTransformer

from matchmaker.matching.text import CONCEPT_BASE, CodedTerms, TermCoder

# Texts coded per numpy batch: large enough to amortise numpy's per-call cost, small
# enough to keep the intermediate arrays at a few tens of MB.
_BATCH = 8192


class Vocabulary:
    """Term codes in column order, with fast vectorised look-ups: unigram and concept
    codes are small numbers and index a table directly; bigram codes are binary-searched
    in a sorted copy."""

    def __init__(self, codes: NDArray[np.int64]) -> None:
        self.codes = codes
        columns = np.arange(len(codes))
        is_bigram = (codes >= _BIGRAM_BASE) & (codes < CONCEPT_BASE)
        order = np.argsort(codes[is_bigram], kind="stable")
        self._bigram_codes = codes[is_bigram][order]
        self._bigram_columns = columns[is_bigram][order]
        unigram = codes < _BIGRAM_BASE
        self._unigram_columns = _table(codes[unigram], columns[unigram])
        concept = codes >= CONCEPT_BASE
        self._concept_columns = _table(codes[concept] - CONCEPT_BASE, columns[concept])

    @classmethod
    def of(cls, batches: Sequence[CodedTerms]) -> Vocabulary:
        """Every distinct code in the batches, in increasing order."""
        if not batches:
            return cls(np.zeros(0, np.int64))
        return cls(np.unique(np.concatenate([b.codes for b in batches])))

    def __len__(self) -> int:
        return len(self.codes)

    def columns(self, codes: NDArray[np.int64]) -> NDArray[np.int64]:
        """Column of each code, -1 if the vocabulary does not have it."""
        found = np.full(len(codes), -1, np.int64)
        unigram = codes < _BIGRAM_BASE
        found[unigram] = _look_up(self._unigram_columns, codes[unigram])
        concept = codes >= CONCEPT_BASE
        found[concept] = _look_up(self._concept_columns, codes[concept] - CONCEPT_BASE)
        bigram = ~(unigram | concept)
        if len(self._bigram_codes) and bigram.any():
            wanted = codes[bigram]
            at = np.minimum(
                np.searchsorted(self._bigram_codes, wanted), len(self._bigram_codes) - 1
            )
            found[bigram] = np.where(self._bigram_codes[at] == wanted, self._bigram_columns[at], -1)
        return found


_BIGRAM_BASE = np.int64(1) << np.int64(31)


def _table(keys: NDArray[np.int64], values: NDArray[np.int64]) -> NDArray[np.int64]:
    table = np.full(int(keys.max()) + 1 if len(keys) else 0, -1, np.int64)
    table[keys] = values
    return table


def _look_up(table: NDArray[np.int64], keys: NDArray[np.int64]) -> NDArray[np.int64]:
    inside = keys < len(table)
    return np.where(inside, table[np.where(inside, keys, 0)] if len(table) else -1, -1)


@dataclass(frozen=True, slots=True)
class TermCounts:
    """Per text: its in-vocabulary terms and their counts (CSR layout), and the summed
    squared tf of its out-of-vocabulary terms (they only lengthen the vector)."""

    indptr: NDArray[np.int64]
    columns: NDArray[np.int32]
    counts: NDArray[np.float32]
    unknown_tf2: NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.indptr) - 1


def tf(counts: NDArray[np.floating], sublinear: bool) -> NDArray[np.floating]:
    return np.log(counts) + 1 if sublinear else counts


def coded_batches(coder: TermCoder, texts: Sequence[str]) -> Iterator[CodedTerms]:
    for start in range(0, len(texts), _BATCH):
        yield coder.code(texts[start : start + _BATCH])


def count(
    batches: Iterator[CodedTerms] | Sequence[CodedTerms],
    vocabulary: Vocabulary,
    *,
    sublinear: bool,
) -> TermCounts:
    """Count each text's terms against the vocabulary, batch by batch."""
    width = max(1, len(vocabulary))
    per_row_parts, column_parts, count_parts, unknown_parts = [], [], [], []
    for batch in batches:
        columns = vocabulary.columns(batch.codes)
        known = columns >= 0
        keys, counts = np.unique(batch.texts[known] * width + columns[known], return_counts=True)
        per_row_parts.append(np.bincount(keys // width, minlength=batch.n_texts))
        column_parts.append((keys % width).astype(np.int32))
        count_parts.append(counts.astype(np.float32))
        unknown_parts.append(
            _unknown_tf2(batch.texts[~known], batch.codes[~known], batch.n_texts, sublinear)
        )
    if not per_row_parts:
        return TermCounts(
            np.zeros(1, np.int64),
            np.zeros(0, np.int32),
            np.zeros(0, np.float32),
            np.zeros(0, np.float64),
        )
    return TermCounts(
        indptr=np.r_[0, np.cumsum(np.concatenate(per_row_parts))].astype(np.int64),
        columns=np.concatenate(column_parts),
        counts=np.concatenate(count_parts),
        unknown_tf2=np.concatenate(unknown_parts),
    )


def _unknown_tf2(
    texts: NDArray[np.int64], codes: NDArray[np.int64], n_texts: int, sublinear: bool
) -> NDArray[np.float64]:
    """Per text, the sum of squared tf over its distinct out-of-vocabulary terms."""
    if len(codes) == 0:
        return np.zeros(n_texts, np.float64)
    order = np.lexsort((codes, texts))
    texts, codes = texts[order], codes[order]
    starts = np.flatnonzero(np.r_[True, (texts[1:] != texts[:-1]) | (codes[1:] != codes[:-1])])
    repeats = np.diff(np.r_[starts, len(codes)]).astype(np.float64)
    return np.bincount(texts[starts], tf(repeats, sublinear) ** 2, minlength=n_texts)


def smoothed_idf(parts: Sequence[TermCounts], n_terms: int) -> tuple[NDArray[np.float64], float]:
    """idf of every vocabulary term over all texts, and the idf given to
    out-of-vocabulary terms: that of a term seen in one text only."""
    n_texts = sum(len(p) for p in parts)
    if n_terms == 0:  # no offer has a word the model counts
        return np.zeros(0, np.float64), unknown_idf(n_texts)
    stacked = sp.csr_matrix(
        (
            np.ones(sum(len(p.columns) for p in parts), np.float32),
            np.concatenate([p.columns for p in parts]),
            np.r_[0, np.cumsum(np.concatenate([np.diff(p.indptr) for p in parts]))],
        ),
        shape=(n_texts, n_terms),
    )
    idf = TfidfTransformer(smooth_idf=True).fit(stacked).idf_.astype(np.float64)
    return idf, unknown_idf(n_texts)


def unknown_idf(n_texts: int) -> float:
    return math.log((1 + n_texts) / 2) + 1


def weigh(
    counts: TermCounts,
    idf: NDArray[np.float64],
    oov_idf: float,
    *,
    sublinear: bool,
    dtype: type[np.floating] = np.float32,
) -> sp.csr_matrix:
    """TF-IDF rows scaled to unit length, out-of-vocabulary terms included in the
    length. Columns are sorted within each row."""
    n_rows = len(counts)
    rows = np.repeat(np.arange(n_rows), np.diff(counts.indptr))
    weights = tf(counts.counts.astype(np.float64), sublinear) * idf[counts.columns]
    norm2 = np.bincount(rows, weights**2, minlength=n_rows).astype(np.float64)
    norm2 += counts.unknown_tf2 * oov_idf**2
    norm = np.sqrt(norm2)
    norm[norm == 0] = 1.0
    weights = (weights / norm[rows]).astype(dtype)
    matrix = sp.csr_matrix((weights, counts.columns, counts.indptr), shape=(n_rows, len(idf)))
    matrix.sort_indices()
    return matrix
