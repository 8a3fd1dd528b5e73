"""Ranking one need against the offers: what a survey submission calls at once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
from numpy.typing import NDArray

from matchmaker.matching.eligibility import NeedTable, eligible_offers_for, theme_mask
from matchmaker.matching.model import MatchModel, ModelConfig
from matchmaker.matching.records import Candidate, NeedRecord, OfferRecord
from matchmaker.matching.scoring import (
    OfferIndex,
    concept_cosines,
    near_best_similarity,
    one_need_scores,
)

# Open proposals an offer may have at once, per unit of remaining capacity. Coordinators
# reject some proposals, so a little over-booking keeps partners' pipelines full, but
# never far beyond what they can take on.
CAPACITY_FACTOR = 2


def proposal_limit(remaining_capacity: int, factor: int = CAPACITY_FACTOR) -> int:
    """How many open proposals an offer with this much capacity left may have."""
    return max(0, remaining_capacity) * factor


def as_index(model: MatchModel, offers: Sequence[OfferRecord] | OfferIndex) -> OfferIndex:
    if isinstance(offers, OfferIndex):
        if offers.model_version != model.version:
            raise ValueError(
                f"offer index built with model {offers.model_version}, not {model.version}"
            )
        return offers
    return OfferIndex(model, offers)


def scored_eligible(
    model: MatchModel,
    need: NeedRecord,
    index: OfferIndex,
    *,
    today: date,
    excluded_offer_ids: frozenset[int] | set[int] = frozenset(),
) -> tuple[NDArray[np.intp], NDArray[np.float32], NDArray[np.float32]]:
    """Positions (in ``index.offers``), scores and concept cosines of every eligible
    offer, best score first.

    Ties are broken by offer id so the order is reproducible.
    """
    nothing = np.zeros(0, np.intp), np.zeros(0, np.float32), np.zeros(0, np.float32)
    need_table = NeedTable.from_records([need])
    block = index.blocks.get(int(need_table.support_type[0]))
    if block is None:
        return nothing
    eligible = eligible_offers_for(need_table, block.table, block.table.available(today))
    if excluded_offer_ids:
        excluded = np.isin(block.table.ids, np.fromiter(excluded_offer_ids, np.int64))
        eligible &= ~excluded
    local = np.flatnonzero(eligible)
    if len(local) == 0:
        return nothing
    vector = model.vector(need.text)
    themes = need_table.themes[0]
    if themes == 0 and model.config.infer_themes:
        themes = theme_mask(model.effective_theme_codes(need))
    scores = one_need_scores(model.config, vector, model.lsa_vector(vector), themes, block)[local]
    concepts = concept_cosines(model.concept_weights_one(vector), block)[local]
    order = np.lexsort((block.table.ids[local], -scores))
    return block.positions[local[order]], scores[order], concepts[order]


def proposable(
    config: ModelConfig,
    threshold: float,
    scores: NDArray[np.float32],
    concepts: NDArray[np.float32],
    best_score: NDArray[np.float32] | float,
    best_concept: NDArray[np.float32] | float,
    near_best: NDArray[np.float32] | None = None,
) -> NDArray[np.bool_]:
    """Which eligible offers are good enough to propose, given the score and concept
    cosine of the need's best eligible offer (one value per offer, or one for all) and,
    if given, each offer's ``near_best_similarity`` with that best offer."""
    close = scores >= config.relative_cut * best_score
    if near_best is not None and config.near_best <= 1.0:
        close |= near_best >= config.near_best
    return (
        (scores >= threshold)
        & close
        & (concepts >= np.maximum(config.concept_floor, config.concept_share * best_concept))
    )


def near_best_of(
    model: MatchModel, index: OfferIndex, positions: NDArray[np.intp]
) -> NDArray[np.float32] | None:
    """``near_best_similarity`` of offers (positions in ``index.offers``, all of one
    support type, the best first) with the first; None when the model does not use it."""
    if model.config.near_best > 1.0 or len(positions) == 0:
        return None
    block = index.blocks[int(index.table.support_type[positions[0]])]
    rows = np.searchsorted(block.positions, positions)
    return near_best_similarity(block, rows, int(rows[0]))


def rank_need(
    model: MatchModel,
    need: NeedRecord,
    offers: Sequence[OfferRecord] | OfferIndex,
    *,
    today: date,
    excluded_offer_ids: frozenset[int] | set[int] = frozenset(),
    limit: int | None = None,
    threshold: float | None = None,
) -> list[Candidate]:
    """Every eligible offer for one need, scored, best first (the first ``limit`` only,
    if given). ``above_threshold`` marks the ones good enough to propose.

    Pass an ``OfferIndex`` (built once and cached, see its docstring) to be fast; a
    plain list of offers works but vectorises them all on every call.
    """
    index = as_index(model, offers)
    positions, scores, concepts = scored_eligible(
        model, need, index, today=today, excluded_offer_ids=excluded_offer_ids
    )
    if len(scores) == 0:
        return []
    good = proposable(
        model.config,
        model.threshold if threshold is None else threshold,
        scores,
        concepts,
        scores[0],
        concepts[0],
        near_best_of(model, index, positions),
    )
    if limit is not None:
        positions, scores, good = positions[:limit], scores[:limit], good[:limit]
    return list(
        map(
            Candidate._make,
            zip(
                index.table.ids[positions].tolist(),
                scores.astype(np.float64).tolist(),
                good.tolist(),
                strict=True,
            ),
        )
    )


def propose_for_need(
    model: MatchModel,
    need: NeedRecord,
    offers: Sequence[OfferRecord] | OfferIndex,
    *,
    today: date,
    excluded_offer_ids: frozenset[int] | set[int] = frozenset(),
    open_proposals: Mapping[int, int] | None = None,
    per_need: int = 3,
    threshold: float | None = None,
) -> list[Candidate]:
    """The offers to propose now for one new or edited need: above the threshold, at most
    ``per_need``, skipping offers that already have ``proposal_limit`` open proposals
    (``open_proposals`` maps offer id -> open proposals for other needs)."""
    index = as_index(model, offers)
    open_proposals = open_proposals or {}
    chosen: list[Candidate] = []
    for candidate in rank_need(
        model,
        need,
        index,
        today=today,
        excluded_offer_ids=excluded_offer_ids,
        threshold=threshold,
    ):
        if not candidate.above_threshold or len(chosen) == per_need:
            break
        offer = index.offers[index.position_of[candidate.offer_id]]
        if open_proposals.get(offer.id, 0) < proposal_limit(offer.remaining_capacity):
            chosen.append(candidate)
    return chosen
