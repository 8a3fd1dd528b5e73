"""The blended score, for one need against many offers or for blocks of needs at once.

score = text_weight * TF-IDF cosine
      + lsa_weight * LSA cosine                (if the model has LSA)
      + theme_weight * share of the need's themes the offer covers
      + targeting_weight * share of the offer's rules that are aimed, not "all"

Offers are grouped by support type in an ``OfferIndex``: a need can only ever match
offers of its own support type, so each need is scored against its block alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from matchmaker.matching.eligibility import THEME_BITS, OfferTable
from matchmaker.matching.model import MatchModel, ModelConfig, SparseVector, TextVectors
from matchmaker.matching.records import OfferRecord

_THEME_COUNT = len(THEME_BITS)
_THEME_BITS_ALL = (1 << _THEME_COUNT) - 1
# Number of themes in every possible theme mask (12 themes -> 4096 masks).
POPCOUNT = np.array([bin(m).count("1") for m in range(1 << _THEME_COUNT)], dtype=np.float32)


# A block's most common terms are scored as a dense matrix product (BLAS), the rest as
# a sparse one: the sparse product is fast only while postings lists are short, and a
# few hundred frequent terms hold most of the postings.
_HEAD_TERMS = 256
_HEAD_MIN_SHARE = 0.02  # a head term is in at least 2% of the block's offers


@dataclass(frozen=True, slots=True)
class OfferBlock:
    """The offers of one support type, ready to be scored."""

    positions: NDArray[np.intp]  # where each offer sits in OfferIndex.offers
    table: OfferTable
    words: sp.csr_matrix  # offers x terms, unit rows
    postings: sp.csr_matrix  # terms x offers: the same matrix, for one-need look-ups
    lsa: NDArray[np.float32] | None
    targeting: NDArray[np.float32]
    concepts: NDArray[np.float32]  # offers x the model's concept columns
    concept_norms: NDArray[np.float32]  # length of each offer's row of `concepts`
    # For blocks of needs: head term -> row of `dense` (-1 for tail terms) ...
    head_row: NDArray[np.int32]
    # ... and the dense side: head terms' weights, then the offers' themes (one row per
    # theme), their targeting, and their LSA vector; columns are offers.
    dense: NDArray[np.float32]
    tail_postings: sp.csr_matrix  # terms x offers, head terms removed


def _offer_block(
    positions: NDArray[np.intp],
    table: OfferTable,
    words: sp.csr_matrix,
    lsa: NDArray[np.float32] | None,
    targeting: NDArray[np.float32],
    concepts: NDArray[np.float32],
) -> OfferBlock:
    n_offers, n_terms = words.shape
    df = np.bincount(words.indices, minlength=n_terms)
    common = np.flatnonzero(df >= max(2, _HEAD_MIN_SHARE * n_offers))
    head = common[np.argsort(-df[common], kind="stable")][:_HEAD_TERMS]
    head_row = np.full(n_terms, -1, np.int32)
    head_row[head] = np.arange(len(head), dtype=np.int32)
    postings = sp.csr_matrix(words.T)
    term_of_entry = np.repeat(np.arange(n_terms), np.diff(postings.indptr))
    is_tail = head_row[term_of_entry] < 0
    tail_postings = sp.csr_matrix(
        (
            postings.data[is_tail],
            postings.indices[is_tail],
            np.r_[0, np.cumsum(np.bincount(term_of_entry[is_tail], minlength=n_terms))],
        ),
        shape=postings.shape,
    )
    parts = [
        np.asarray(postings[head].toarray(), dtype=np.float32),
        ((table.themes[None, :] >> np.arange(_THEME_COUNT)[:, None]) & 1).astype(np.float32),
        targeting[None, :],
    ]
    if lsa is not None:
        parts.append(lsa.T)
    return OfferBlock(
        positions=positions,
        table=table,
        words=words,
        postings=postings,
        lsa=lsa,
        targeting=targeting,
        concepts=concepts,
        concept_norms=np.linalg.norm(concepts, axis=1).astype(np.float32),
        head_row=head_row,
        dense=np.ascontiguousarray(np.vstack(parts), dtype=np.float32),
        tail_postings=tail_postings,
    )


class OfferIndex:
    """Every offer, vectorised once with one model and grouped by support type.

    Building it analyses every offer's text (about a second for 10,000 offers); ranking a
    need against it then takes a millisecond or two. A process keeps one and reuses it
    across requests: it builds a new one when the model version changes, and when some
    offers change (new, edited, paused or closed) it makes an updated copy with
    ``with_changes``, which analyses only those offers. An index is never modified,
    so requests still ranking with the old one are not disturbed.
    """

    def __init__(
        self,
        model: MatchModel,
        offers: Sequence[OfferRecord],
        *,
        vectors: TextVectors | None = None,
    ) -> None:
        offers = list(offers)
        if vectors is None:
            vectors = model.vectorise([model.offer_text(o) for o in offers])
        self._assemble(model, offers, OfferTable.from_records(offers), vectors, {})

    def _assemble(
        self,
        model: MatchModel,
        offers: list[OfferRecord],
        table: OfferTable,
        vectors: TextVectors,
        kept_blocks: dict[int, OfferBlock],
    ) -> None:
        """Fill in this index from its parts; blocks of support types not in
        ``kept_blocks`` are built from them."""
        self.model_version = model.version
        self.config = model.config
        self.offers = offers
        self.table = table
        self.position_of = {offer.id: i for i, offer in enumerate(offers)}
        self.vectors = vectors
        self.blocks = dict(kept_blocks)
        for support_type in np.unique(table.support_type):
            if int(support_type) in kept_blocks:
                continue
            positions = np.flatnonzero(table.support_type == support_type)
            block_table = table.take(positions)
            words = vectors.words[positions]
            self.blocks[int(support_type)] = _offer_block(
                positions,
                block_table,
                words,
                None if vectors.lsa is None else vectors.lsa[positions],
                targeting_of(block_table),
                model.concept_weights(words),
            )

    def with_changes(self, model: MatchModel, changed: Sequence[OfferRecord]) -> OfferIndex:
        """A copy with these offers added, or put in place of their earlier versions.

        Only the changed offers are analysed, and only their support types' blocks
        rebuilt, so a partner's edit costs each process milliseconds, not a full build.
        The result is the same as building an index of all the offers afresh (the
        model's vocabulary and weights do not change with the offers).
        """
        if model.version != self.model_version:
            raise ValueError(
                f"offer index built with model {self.model_version}, not {model.version}"
            )
        latest = {offer.id: offer for offer in changed}  # the last version of each counts
        offers = list(self.offers)
        # Where each offer's row is in [this index's rows, then the changed offers' rows].
        rows = list(range(len(offers)))
        touched: set[int] = set()
        for number, offer in enumerate(latest.values()):
            position = self.position_of.get(offer.id)
            if position is None:
                offers.append(offer)
                rows.append(len(self.offers) + number)
            else:
                touched.add(int(self.table.support_type[position]))
                offers[position] = offer
                rows[position] = len(self.offers) + number
        fresh = list(latest.values())
        fresh_table = OfferTable.from_records(fresh)
        touched.update(int(t) for t in fresh_table.support_type)
        fresh_vectors = model.vectorise([model.offer_text(o) for o in fresh])
        take = np.asarray(rows, dtype=np.intp)
        lsa = None
        if self.vectors.lsa is not None and fresh_vectors.lsa is not None:
            lsa = np.vstack([self.vectors.lsa, fresh_vectors.lsa])[take]
        vectors = TextVectors(
            sp.vstack([self.vectors.words, fresh_vectors.words]).tocsr()[take], lsa
        )
        index = OfferIndex.__new__(OfferIndex)
        index._assemble(
            model,
            offers,
            self.table.concatenated(fresh_table).take(take),
            vectors,
            {t: block for t, block in self.blocks.items() if t not in touched},
        )
        return index

    def __len__(self) -> int:
        return len(self.offers)


def targeting_of(table: OfferTable) -> NDArray[np.float32]:
    """Share of an offer's four audience rules (region, sector, size, stage) that name
    particular codes rather than everyone: an offer built for small rural manufacturers
    fits one more closely than a catch-all."""
    aimed = (
        (table.regions != -1).astype(np.float32)
        + (table.sectors != -1)
        + (table.sizes != -1)
        + (table.stages != -1)
    )
    return aimed / 4.0


def theme_overlap(
    need_themes: NDArray[np.int64], offer_themes: NDArray[np.int64]
) -> NDArray[np.float32]:
    """Share of each need's themes that each offer covers (0 if the need gave none):
    a matrix (needs x offers)."""
    shared = POPCOUNT[(need_themes[:, None] & offer_themes[None, :]) & _THEME_BITS_ALL]
    own = np.maximum(POPCOUNT[need_themes & _THEME_BITS_ALL], 1.0)
    return shared / own[:, None]


def block_scores(
    config: ModelConfig,
    need_words: sp.csr_matrix,
    need_themes: NDArray[np.int64],
    need_lsa: NDArray[np.float32] | None,
    block: OfferBlock,
) -> NDArray[np.float32]:
    """Blended scores (needs x offers of one block), before eligibility.

    One dense product covers the head terms and every structured signal; one sparse
    product adds the tail terms.
    """
    n_needs = need_words.shape[0]
    n_head = (
        block.dense.shape[0] - _THEME_COUNT - 1 - (0 if block.lsa is None else block.lsa.shape[1])
    )
    rows = np.repeat(np.arange(n_needs), np.diff(need_words.indptr))
    at = block.head_row[need_words.indices]
    in_head = at >= 0
    dense = np.zeros((n_needs, block.dense.shape[0]), np.float32)
    dense[rows[in_head], at[in_head]] = config.text_weight * need_words.data[in_head]
    if config.theme_weight:
        own = np.maximum(POPCOUNT[need_themes & _THEME_BITS_ALL], 1.0)
        bits = (need_themes[:, None] >> np.arange(_THEME_COUNT)[None, :]) & 1
        dense[:, n_head : n_head + _THEME_COUNT] = config.theme_weight * bits / own[:, None]
    dense[:, n_head + _THEME_COUNT] = config.targeting_weight
    if block.lsa is not None and need_lsa is not None:
        dense[:, n_head + _THEME_COUNT + 1 :] = config.lsa_weight * need_lsa
    scores = dense @ block.dense

    tail = sp.csr_matrix(
        (
            config.text_weight * need_words.data[~in_head],
            need_words.indices[~in_head],
            np.r_[0, np.cumsum(np.bincount(rows[~in_head], minlength=n_needs))],
        ),
        shape=need_words.shape,
    )
    tail_scores = sp.csr_matrix(tail @ block.tail_postings)
    tail_rows = np.repeat(np.arange(n_needs), np.diff(tail_scores.indptr))
    scores[tail_rows, tail_scores.indices] += tail_scores.data
    return scores


def text_cosines(vector: SparseVector, block: OfferBlock) -> NDArray[np.float32]:
    """Cosine of one need's vector with every offer of a block, reading only the
    postings of the need's own terms (a few dozen), not the whole matrix."""
    postings = block.postings
    starts = postings.indptr[vector.indices]
    ends = postings.indptr[vector.indices + 1]
    lengths = ends - starts
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(len(block.positions), np.float32)
    # Positions of every posting of every query term, without a Python loop over terms.
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
    weights = np.repeat(vector.values, lengths) * postings.data[offsets]
    return np.bincount(
        postings.indices[offsets], weights=weights, minlength=len(block.positions)
    ).astype(np.float32)


def concept_cosines(need_concepts: NDArray[np.float32], block: OfferBlock) -> NDArray[np.float32]:
    """The part of one need's text cosine with each offer of a block that synonym
    concepts carry (``need_concepts`` from ``MatchModel.concept_weights_one``)."""
    used = np.flatnonzero(need_concepts)
    return block.concepts[:, used] @ need_concepts[used]


def pair_concept_cosines(
    need_concepts: NDArray[np.float32],
    block: OfferBlock,
    rows: NDArray[np.intp],
    cols: NDArray[np.intp],
) -> NDArray[np.float32]:
    """``concept_cosines`` for given pairs: row ``rows[i]`` of ``need_concepts`` with
    offer ``cols[i]`` of the block."""
    return np.einsum("ij,ij->i", need_concepts[rows], block.concepts[cols])


def near_best_similarity(
    block: OfferBlock, rows: NDArray[np.intp], best_rows: NDArray[np.intp] | int
) -> NDArray[np.float32]:
    """Cosine of the synonym concepts of offer ``rows[i]`` of a block with those of offer
    ``best_rows[i]`` (or of one offer for all): how far two offers name the same kinds
    of help. 0 when either names none."""
    if isinstance(best_rows, (int, np.integer)):
        used = np.flatnonzero(block.concepts[best_rows])
        dots = block.concepts[np.ix_(rows, used)] @ block.concepts[best_rows, used]
        norms = block.concept_norms[rows] * block.concept_norms[best_rows]
    else:
        dots = np.einsum("ij,ij->i", block.concepts[rows], block.concepts[best_rows])
        norms = block.concept_norms[rows] * block.concept_norms[best_rows]
    similarity = np.zeros(len(rows), np.float32)
    np.divide(dots, norms, out=similarity, where=norms > 0)
    return similarity


def one_need_scores(
    config: ModelConfig,
    vector: SparseVector,
    lsa: NDArray[np.float32] | None,
    themes: np.int64,
    block: OfferBlock,
) -> NDArray[np.float32]:
    """Blended scores of one need against every offer of its block, before eligibility."""
    scores = text_cosines(vector, block)
    if config.text_weight != 1.0:
        scores *= config.text_weight
    if config.lsa_weight and lsa is not None and block.lsa is not None:
        scores += config.lsa_weight * (block.lsa @ lsa)
    if config.theme_weight:
        scores += config.theme_weight * theme_overlap(np.array([themes]), block.table.themes)[0]
    if config.targeting_weight:
        scores += config.targeting_weight * block.targeting
    return scores
