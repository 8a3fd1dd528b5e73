"""Proposals for every open need at once: what ``matches rebuild`` calls.

1. For each support type, needs are scored in chunks against that type's offers (a
   sparse matrix product), ineligible pairs are masked with bit operations, and each
   need keeps those of its best few candidates (``argpartition``) that are good enough
   to propose (``proposable``: score and synonym-concept floors).
2. Scarce offers go where they fit best: candidates are accepted greedily in order of
   score, each need taking at most ``per_need`` and each offer at most
   ``proposal_limit(remaining_capacity)`` (2 open proposals per place left).
3. Each proposal gets its reasons; the top text terms come from one element-wise sparse
   product over all proposals.

No step loops over pairs in Python.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from datetime import date

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from matchmaker.matching.eligibility import (
    NeedTable,
    eligibility_by_profile,
    eligibility_facts,
)
from matchmaker.matching.explain import TOP_TERMS, format_reasons, short_theme
from matchmaker.matching.model import MatchModel, ModelConfig, TextVectors
from matchmaker.matching.ranking import (
    CAPACITY_FACTOR,
    as_index,
    proposable,
    proposal_limit,
)
from matchmaker.matching.records import NeedRecord, OfferRecord, Proposal
from matchmaker.matching.scoring import (
    THEME_BITS,
    OfferIndex,
    block_scores,
    near_best_similarity,
    pair_concept_cosines,
)
from matchmaker.matching.text import Concept

# Score matrix cells held at once (needs x offers of one support type): ~16 MB each
# for the scores and the eligibility mask, whatever the scale.
_CHUNK_CELLS = 4_000_000
# Candidates kept per need before capacity is applied: enough to fall back on when
# the best offers are taken by needs they fit better.
_POOL_PER_PROPOSAL = 4
# Greedy rounds done with array operations before finishing in plain Python; real
# data settles in a handful of rounds.
_MAX_ROUNDS = 60
# Proposals whose reasons are worked out together.
_REASONS_SLICE = 20_000


def propose(
    model: MatchModel,
    needs: Sequence[NeedRecord],
    offers: Sequence[OfferRecord] | OfferIndex,
    *,
    today: date,
    excluded_pairs: Collection[tuple[int, int]] = frozenset(),
    per_need: int = 3,
    threshold: float | None = None,
    capacity_factor: int = CAPACITY_FACTOR,
    limits: Mapping[int, int] | None = None,
    need_vectors: TextVectors | None = None,
    with_reasons: bool = True,
) -> list[Proposal]:
    """Proposals for all ``needs`` at once, ordered by need then rank.

    Only eligible pairs good enough to propose (``proposable``; ``threshold`` replaces
    the model's calibrated score floor) are proposed; at most ``per_need`` a need; at most
    ``capacity_factor * remaining_capacity`` across all needs for an offer, given to the
    needs it fits best. ``excluded_pairs`` holds (need_id, offer_id) pairs already
    rejected or introduced. ``limits`` (offer id -> proposals it may still take) replaces
    that capacity rule when only some needs are ranked again and other needs already
    hold proposals.
    """
    index = as_index(model, offers)
    if not needs or not len(index):
        return []
    need_table = NeedTable.from_records(needs)
    if need_vectors is None:
        need_vectors = model.vectorise([need.text for need in needs])
    need_table = replace(
        need_table, themes=model.effective_themes(need_table.themes, need_vectors.words)
    )
    floor = model.threshold if threshold is None else threshold
    need_at, offer_at, scores = _candidates(
        model,
        need_table,
        need_vectors,
        index,
        today=today,
        excluded=_excluded_positions(excluded_pairs, need_table, index),
        floor=floor,
        pool=per_need * _POOL_PER_PROPOSAL,
    )
    if limits is None:
        offer_limits = [proposal_limit(o.remaining_capacity, capacity_factor) for o in index.offers]
    else:
        offer_limits = [limits.get(o.id, 0) for o in index.offers]
    accepted = assign_greedily(
        need_at, offer_at, scores, per_need, np.array(offer_limits, np.int64)
    )
    need_at, offer_at, scores = need_at[accepted], offer_at[accepted], scores[accepted]
    order = np.lexsort((index.table.ids[offer_at], -scores, need_at))
    need_at, offer_at, scores = need_at[order], offer_at[order], scores[order]
    ranks = _ranks_within(need_at) + 1  # 1 for the best
    if with_reasons:
        reasons = _reasons(model, needs, need_table, need_vectors, index, need_at, offer_at)
    else:
        reasons = [""] * len(need_at)
    need_ids = need_table.ids[need_at].tolist()
    offer_ids = index.table.ids[offer_at].tolist()
    return [
        Proposal(need_id, offer_id, rank, score, reason)
        for need_id, offer_id, rank, score, reason in zip(
            need_ids,
            offer_ids,
            ranks.tolist(),
            scores.astype(np.float64).tolist(),
            reasons,
            strict=True,
        )
    ]


def rebuild(
    needs: Sequence[NeedRecord],
    offers: Sequence[OfferRecord],
    *,
    today: date,
    excluded_pairs: Collection[tuple[int, int]] = frozenset(),
    per_need: int = 3,
    config: ModelConfig | None = None,
    concepts: Sequence[Concept] | None = None,
    version: str | None = None,
    with_reasons: bool = True,
) -> tuple[MatchModel, list[Proposal]]:
    """Fit a new model on these needs and offers and propose for every need: the texts
    are analysed once and their vectors shared between the fit and the proposals."""
    model, need_vectors, offer_vectors = MatchModel.fit_vectors(
        needs, offers, config=config, concepts=concepts, version=version
    )
    index = OfferIndex(model, offers, vectors=offer_vectors)
    proposals = propose(
        model,
        needs,
        index,
        today=today,
        excluded_pairs=excluded_pairs,
        per_need=per_need,
        need_vectors=need_vectors,
        with_reasons=with_reasons,
    )
    return model, proposals


# --- candidates ---------------------------------------------------------------------


def _excluded_positions(
    pairs: Collection[tuple[int, int]], needs: NeedTable, index: OfferIndex
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """(need position, offer position) of each excluded pair that concerns these data."""
    if not pairs:
        return np.zeros(0, np.intp), np.zeros(0, np.intp)
    pair_array = np.array(list(pairs), dtype=np.int64).reshape(-1, 2)
    need_at = _positions(needs.ids, pair_array[:, 0])
    offer_at = _positions(index.table.ids, pair_array[:, 1])
    known = (need_at >= 0) & (offer_at >= 0)
    return need_at[known], offer_at[known]


def _positions(ids: NDArray[np.int64], wanted: NDArray[np.int64]) -> NDArray[np.intp]:
    """Position of each wanted id in ids (-1 if absent)."""
    order = np.argsort(ids, kind="stable")
    found = np.searchsorted(ids[order], wanted)
    found = np.minimum(found, len(ids) - 1)
    hit = ids[order][found] == wanted
    return np.where(hit, order[found], -1)


def _candidates(
    model: MatchModel,
    needs: NeedTable,
    need_vectors: TextVectors,
    index: OfferIndex,
    *,
    today: date,
    excluded: tuple[NDArray[np.intp], NDArray[np.intp]],
    floor: float,
    pool: int,
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float32]]:
    """Of each need's best ``pool`` eligible offers, the ones good enough to propose
    (``proposable``), as three flat arrays: need position, offer position (in
    ``index.offers``), score."""
    config = model.config
    found_needs: list[NDArray[np.intp]] = []
    found_offers: list[NDArray[np.intp]] = []
    found_scores: list[NDArray[np.float32]] = []
    excluded_need, excluded_offer = excluded
    local_row = np.full(len(needs), -1, np.intp)
    for support_type, block in index.blocks.items():
        need_rows = np.flatnonzero(needs.support_type == support_type)
        if len(need_rows) == 0:
            continue
        available = block.table.available(today)
        if not available.any():
            continue
        profile, eligible_table = eligibility_by_profile(
            needs.take(need_rows), block.table, available
        )
        local_col = np.full(len(index), -1, np.intp)
        local_col[block.positions] = np.arange(len(block.positions))
        chunk = max(1, _CHUNK_CELLS // len(block.positions))
        for start in range(0, len(need_rows), chunk):
            rows = need_rows[start : start + chunk]
            scores = block_scores(
                config,
                need_vectors.words[rows],
                needs.themes[rows],
                None if need_vectors.lsa is None else need_vectors.lsa[rows],
                block,
            )
            scores = np.where(eligible_table[profile[start : start + chunk]], scores, -np.inf)
            local_row[rows] = np.arange(len(rows))
            _mask_excluded(scores, local_row[excluded_need], local_col[excluded_offer])
            local_row[rows] = -1
            row_at, col_at = _best_per_row(scores, pool)
            top = scores[row_at, col_at]
            concepts = pair_concept_cosines(
                model.concept_weights(need_vectors.words[rows]), block, row_at, col_at
            )
            best = _first_per_group(row_at, top, block.table.ids[col_at], len(rows))
            near = None
            if config.near_best <= 1.0:
                near = near_best_similarity(block, col_at, col_at[best[row_at]])
            keep = proposable(
                config,
                floor,
                top,
                concepts,
                top[best[row_at]],
                concepts[best[row_at]],
                near,
            )
            found_needs.append(rows[row_at[keep]])
            found_offers.append(block.positions[col_at[keep]])
            found_scores.append(top[keep])
    if not found_needs:
        return np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(0, np.float32)
    return np.concatenate(found_needs), np.concatenate(found_offers), np.concatenate(found_scores)


def _mask_excluded(
    scores: NDArray[np.float32], rows: NDArray[np.intp], cols: NDArray[np.intp]
) -> None:
    inside = (rows >= 0) & (cols >= 0)
    scores[rows[inside], cols[inside]] = -np.inf


def _best_per_row(
    scores: NDArray[np.float32], pool: int
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """(row, column) of each row's best ``pool`` cells, leaving out ineligible ones."""
    n_rows, n_cols = scores.shape
    if n_cols > pool:
        cols = np.argpartition(-scores, pool - 1, axis=1)[:, :pool]
    else:
        cols = np.broadcast_to(np.arange(n_cols), (n_rows, n_cols))
    keep = np.isfinite(np.take_along_axis(scores, cols, axis=1))
    return np.nonzero(keep)[0], cols[keep]


def _first_per_group(
    groups: NDArray[np.intp], scores: NDArray[np.float32], ids: NDArray[np.int64], n_groups: int
) -> NDArray[np.intp]:
    """For each group, the index of its best element: highest score, then lowest id
    (the order ``scored_eligible`` ranks in). -1 for an empty group."""
    order = np.lexsort((ids, -scores, groups))
    sorted_groups = groups[order]
    starts = np.diff(sorted_groups, prepend=-1) != 0
    first = np.full(n_groups, -1, np.intp)
    first[sorted_groups[starts]] = order[starts]
    return first


# --- capacity -------------------------------------------------------------------------


def assign_greedily(
    need_at: NDArray[np.intp],
    offer_at: NDArray[np.intp],
    scores: NDArray[np.float32],
    per_need: int,
    offer_limits: NDArray[np.int64],
) -> NDArray[np.bool_]:
    """Which candidates the greedy rule accepts: best score first, skipping any whose need
    already has ``per_need`` or whose offer already has its limit.

    Done in rounds of array operations with the same result as the one-by-one loop: a
    candidate is certainly accepted if, counting every undecided better candidate of its
    need (and of its offer) as if accepted, there is still room; and every candidate of
    a need or offer that is full is certainly rejected. Each round settles at least the
    best undecided candidate.
    """
    accepted = np.zeros(len(scores), np.bool_)
    if len(scores) == 0:
        return accepted
    order = np.lexsort((offer_at, need_at, -scores))
    needs, offers = need_at[order], offer_at[order]
    need_room = np.full(int(needs.max()) + 1, per_need, np.int64)
    offer_room = offer_limits.astype(np.int64, copy=True)
    undecided = np.flatnonzero((offer_room[offers] > 0) & (need_room[needs] > 0))
    for _ in range(_MAX_ROUNDS):
        if len(undecided) == 0:
            break
        n, o = needs[undecided], offers[undecided]
        sure = (_ranks_within(n, stable_order=True) < need_room[n]) & (
            _ranks_within(o, stable_order=True) < offer_room[o]
        )
        taken = undecided[sure]
        accepted[taken] = True
        need_room -= np.bincount(needs[taken], minlength=len(need_room))
        offer_room -= np.bincount(offers[taken], minlength=len(offer_room))
        rest = undecided[~sure]
        undecided = rest[(need_room[needs[rest]] > 0) & (offer_room[offers[rest]] > 0)]
    for i in undecided:  # rare: finish a long chain one by one
        if need_room[needs[i]] > 0 and offer_room[offers[i]] > 0:
            accepted[i] = True
            need_room[needs[i]] -= 1
            offer_room[offers[i]] -= 1
    result = np.zeros(len(scores), np.bool_)
    result[order] = accepted
    return result


def _ranks_within(groups: NDArray[np.intp], *, stable_order: bool = False) -> NDArray[np.intp]:
    """For each element, how many earlier elements share its group (0-based).

    Without ``stable_order`` the groups must already be contiguous (sorted); with it
    they may be in any order and "earlier" means earlier in the array.
    """
    if len(groups) == 0:
        return np.zeros(0, np.intp)
    if stable_order:
        order = np.argsort(groups, kind="stable")
        ranks = np.empty(len(groups), np.intp)
        ranks[order] = _ranks_within(groups[order])
        return ranks
    starts = np.r_[True, groups[1:] != groups[:-1]]
    first = np.maximum.accumulate(np.where(starts, np.arange(len(groups)), 0))
    return np.arange(len(groups)) - first


# --- reasons --------------------------------------------------------------------------


def _reasons(
    model: MatchModel,
    needs: Sequence[NeedRecord],
    need_table: NeedTable,
    need_vectors: TextVectors,
    index: OfferIndex,
    need_at: NDArray[np.intp],
    offer_at: NDArray[np.intp],
) -> list[str]:
    """Reasons for each (need, offer) proposal, as ``explain(...).reasons`` words them."""
    # In slices: gathering every proposal's offer row at once would hold ~300 MB.
    terms: list[list[str]] = []
    for start in range(0, len(need_at), _REASONS_SLICE):
        part = slice(start, start + _REASONS_SLICE)
        terms.extend(
            _top_terms(
                model, need_vectors.words[need_at[part]], index.vectors.words[offer_at[part]]
            )
        )
    facts_cache: dict[tuple[object, ...], list[str]] = {}
    themes_cache: dict[int, list[str]] = {}
    table = index.table
    shared = need_table.themes[need_at] & table.themes[offer_at]
    reasons = []
    for k, (i, j) in enumerate(zip(need_at.tolist(), offer_at.tolist(), strict=True)):
        need, offer = needs[i], index.offers[j]
        key = (
            need.region, need.sector, need.size, need.stage,
            int(table.regions[j]) == -1, int(table.sectors[j]) == -1,
            int(table.sizes[j]) == -1, int(table.stages[j]) == -1,
        )  # fmt: skip
        facts = facts_cache.get(key)
        if facts is None:
            facts = facts_cache[key] = eligibility_facts(need, offer)
        mask = int(shared[k])
        themes = themes_cache.get(mask)
        if themes is None:
            themes = themes_cache[mask] = [
                short_theme(code) for code, bit in THEME_BITS.items() if mask & int(bit)
            ]
        reasons.append(format_reasons(facts, themes, terms[k]))
    return reasons


def _top_terms(
    model: MatchModel, need_rows: sp.csr_matrix, offer_rows: sp.csr_matrix
) -> list[list[str]]:
    """The labels of the terms contributing most to each row pair's cosine."""
    products = sp.csr_matrix(need_rows.astype(np.float64).multiply(offer_rows.astype(np.float64)))
    products.eliminate_zeros()
    products.sort_indices()
    counts = np.diff(products.indptr)
    rows = np.repeat(np.arange(products.shape[0]), counts)
    order = np.lexsort((-products.data, rows))
    rank = np.arange(len(order)) - products.indptr[rows]
    # A few spare terms, because a stem and its concept may read the same.
    keep = order[rank < TOP_TERMS * 2]
    kept_rows = rows[keep]
    label_of: dict[int, str] = {}
    labels = []
    for term in products.indices[keep].tolist():
        label = label_of.get(term)
        if label is None:
            label = label_of[term] = model.term_label(term)
        labels.append(label)
    result: list[list[str]] = [[] for _ in range(products.shape[0])]
    for row, label in zip(kept_rows.tolist(), labels, strict=True):
        row_labels = result[row]
        if len(row_labels) < TOP_TERMS and label not in row_labels:
            row_labels.append(label)
    return result
