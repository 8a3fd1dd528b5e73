"""Why an offer was proposed for a need, and why another was not.

The text score is a cosine of two unit-length TF-IDF vectors, i.e. a sum over the terms
both texts use of (need weight x offer weight). Each term's product is its exact
contribution, so the contributions listed add up to the text score.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from matchmaker import taxonomy
from matchmaker.matching.eligibility import eligibility_facts, ineligibility_reason
from matchmaker.matching.model import MatchModel
from matchmaker.matching.ranking import as_index, near_best_of, scored_eligible
from matchmaker.matching.records import NeedRecord, OfferRecord
from matchmaker.matching.scoring import OfferIndex

REASONS_LIMIT = 500
TOP_TERMS = 3


@dataclass(frozen=True, slots=True)
class TermContribution:
    term: str  # as the model counts it: a stem, a bigram or a ~concept
    label: str  # as a coordinator reads it
    contribution: float  # need weight x offer weight


@dataclass(frozen=True, slots=True)
class Explanation:
    need_id: int
    offer_id: int
    ineligibility: str | None  # the rule that excludes the pair, or None if eligible
    facts: tuple[str, ...]  # the eligibility rules the pair meets
    shared_themes: tuple[str, ...]  # theme labels both sides chose
    text_cosine: float
    concept_cosine: float  # the part of text_cosine that synonym concepts carry
    contributions: tuple[TermContribution, ...]  # every shared term, largest first
    lsa_cosine: float
    theme_overlap: float
    targeting: float
    score: float  # the blended score

    @property
    def eligible(self) -> bool:
        return self.ineligibility is None

    def top_terms(self, n: int = TOP_TERMS) -> list[str]:
        labels: list[str] = []
        for item in self.contributions:
            if item.label not in labels:
                labels.append(item.label)
            if len(labels) == n:
                break
        return labels

    @property
    def reasons(self) -> str:
        return format_reasons(list(self.facts), list(self.shared_themes), self.top_terms())


def short_theme(code: str) -> str:
    """ "Adopting digital tools: cloud, ..." -> "Adopting digital tools"."""
    return taxonomy.THEMES.get(code, code).split(":")[0]


def format_reasons(facts: list[str], themes: list[str], terms: list[str]) -> str:
    """One line a coordinator can check at a glance, at most 500 characters."""
    parts = []
    if themes:
        parts.append("Shared themes: " + ", ".join(themes) + ".")
    if terms:
        parts.append("In common: " + ", ".join(terms) + ".")
    parts.append("Eligible: " + "; ".join(facts) + ".")
    text = " ".join(parts)
    if len(text) > REASONS_LIMIT:
        text = text[: REASONS_LIMIT - 1].rstrip() + "…"
    return text


def explain(
    model: MatchModel,
    need: NeedRecord,
    offer: OfferRecord,
    *,
    today: date,
    excluded: bool = False,
) -> Explanation:
    """Every part of the score for one pair, and the rules it meets or breaks."""
    config = model.config
    need_vector = model.vector(need.text)
    offer_vector = model.vector(model.offer_text(offer))
    shared, need_at, offer_at = np.intersect1d(
        need_vector.indices, offer_vector.indices, assume_unique=True, return_indices=True
    )
    products = need_vector.values[need_at] * offer_vector.values[offer_at]
    order = np.argsort(-products, kind="stable")
    contributions = tuple(
        TermContribution(
            model.term(int(shared[i])), model.term_label(int(shared[i])), float(products[i])
        )
        for i in order
    )
    text_cosine = float(np.dot(need_vector.values[need_at], offer_vector.values[offer_at]))
    concept_cosine = float(np.sum(products[np.isin(shared, model.concept_columns)]))

    need_lsa = model.lsa_vector(need_vector)
    offer_lsa = model.lsa_vector(offer_vector)
    lsa_cosine = 0.0 if need_lsa is None or offer_lsa is None else float(need_lsa @ offer_lsa)
    need_themes = model.effective_theme_codes(need)
    shared_theme_codes = [code for code in taxonomy.THEMES if code in need_themes & offer.themes]
    theme_overlap = len(shared_theme_codes) / len(need_themes) if need_themes else 0.0
    targeting = _targeting(offer)
    score = (
        config.text_weight * text_cosine
        + config.lsa_weight * lsa_cosine
        + config.theme_weight * theme_overlap
        + config.targeting_weight * targeting
    )
    reason = ineligibility_reason(need, offer, today=today, excluded=excluded)
    return Explanation(
        need_id=need.id,
        offer_id=offer.id,
        ineligibility=reason,
        facts=tuple(eligibility_facts(need, offer)) if reason is None else (),
        shared_themes=tuple(short_theme(code) for code in shared_theme_codes),
        text_cosine=text_cosine,
        concept_cosine=concept_cosine,
        contributions=contributions,
        lsa_cosine=lsa_cosine,
        theme_overlap=theme_overlap,
        targeting=targeting,
        score=score,
    )


def _targeting(offer: OfferRecord) -> float:
    aimed = [
        taxonomy.UK_WIDE not in offer.regions,
        taxonomy.ALL not in offer.sectors,
        taxonomy.ALL not in offer.sizes,
        taxonomy.ALL not in offer.stages,
    ]
    return sum(aimed) / 4.0


def why_not(
    model: MatchModel,
    need: NeedRecord,
    offer: OfferRecord,
    offers: Sequence[OfferRecord] | OfferIndex | None = None,
    *,
    today: date,
    excluded: bool = False,
    per_need: int = 3,
    threshold: float | None = None,
) -> str:
    """Why this offer is not (or would not be) proposed for this need, in one sentence.

    The rule that excludes it if any; otherwise whether it falls below one of the
    absolute floors (score, shared synonym concepts); otherwise (given the other offers)
    whether it falls far below the best eligible offer, or how many beat it.
    """
    explanation = explain(model, need, offer, today=today, excluded=excluded)
    if explanation.ineligibility is not None:
        return explanation.ineligibility
    config = model.config
    threshold = model.threshold if threshold is None else threshold
    score, concept = explanation.score, explanation.concept_cosine
    if _below(concept, config.concept_floor):
        return (
            f"It scored {score:.2f}, but too little of that comes from a kind of help both "
            "name (a synonym concept): shared everyday words alone are too weak a match"
        )
    if _below(score, threshold):
        return (
            f"It scored {score:.2f}, below the proposal threshold of {threshold:.2f}: "
            "too weak a match to put in front of a coordinator"
        )
    if offers is None:
        return f"It scored {score:.2f}, above the proposal threshold of {threshold:.2f}"
    index = as_index(model, offers)
    positions, scores, concepts = scored_eligible(model, need, index, today=today)
    ids = index.table.ids[positions]
    best = float(scores[0]) if len(scores) else score
    best_concept = float(concepts[0]) if len(concepts) else concept
    near = near_best_of(model, index, positions)
    here = np.flatnonzero(ids == offer.id)
    near_the_best = near is not None and len(here) > 0 and near[here[0]] >= config.near_best
    if _below(score, config.relative_cut * best) and not near_the_best:
        return (
            f"It scored {score:.2f}, far below the best eligible offer ({best:.2f}): "
            "only offers close to the best are proposed"
        )
    if _below(concept, config.concept_share * best_concept):
        return (
            f"It scored {score:.2f}, but shares much less of the kind of help asked for "
            "than the best eligible offer does: only offers close to the best are proposed"
        )
    better = int(np.sum(scores[ids != offer.id] > score))
    if better >= per_need:
        return (
            f"{better} eligible offers scored higher than its {score:.2f}; "
            f"at most {per_need} are proposed for a need"
        )
    return (
        f"It scored {score:.2f} and ranks {better + 1} of {len(scores)} eligible offers: "
        "it is proposed unless the offer already has as many open proposals as its "
        "capacity allows"
    )


def _below(value: float, floor: float) -> bool:
    """Below a floor, leaving alone values that differ from it by rounding only (the
    engine scores in float32, explanations in float64)."""
    return value < floor and not math.isclose(value, floor, rel_tol=1e-5, abs_tol=1e-7)
