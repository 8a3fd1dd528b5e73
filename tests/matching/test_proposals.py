from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker import taxonomy
from matchmaker.matching import (
    MatchModel,
    ModelConfig,
    OfferIndex,
    explain,
    ineligibility_reason,
    proposal_limit,
    propose,
    rank_need,
    rebuild,
    why_not,
)
from matchmaker.matching.proposals import assign_greedily

from .conftest import HAND_MADE, NEEDS, OFFERS, TODAY, make_need, make_offer


def test_proposals_are_the_best_eligible_offers_in_rank_order(model):
    proposals = propose(model, NEEDS, OFFERS, today=TODAY, threshold=0.0)
    by_need: dict[int, list[int]] = {}
    for p in proposals:
        by_need.setdefault(p.need_id, []).append(p.offer_id)
        assert (
            ineligibility_reason(
                NEEDS[p.need_id - 1], OFFERS[[o.id for o in OFFERS].index(p.offer_id)], today=TODAY
            )
            is None
        )
    assert by_need[1][0] == 10 and by_need[2][0] == 11 and by_need[3][0] == 12
    assert all(len(offers) <= 3 for offers in by_need.values())
    ranks = [(p.need_id, p.rank) for p in proposals]
    assert ranks == sorted(ranks) and {p.rank for p in proposals} <= {1, 2, 3}


def test_nothing_below_the_threshold_is_proposed(model):
    proposals = propose(model, NEEDS, OFFERS, today=TODAY, threshold=0.3)
    assert proposals and all(p.score >= 0.3 for p in proposals)
    assert 5 not in {p.need_id for p in proposals}  # the alpaca breeder: nothing fits


def test_the_relative_cut_keeps_only_offers_close_to_the_best():
    model = MatchModel.fit(
        NEEDS, OFFERS, config=ModelConfig(**HAND_MADE | {"threshold": 0.0, "relative_cut": 0.9})
    )
    for p in propose(model, NEEDS, OFFERS, today=TODAY):
        best = rank_need(model, NEEDS[p.need_id - 1], OFFERS, today=TODAY)[0].score
        assert p.score >= 0.9 * best - 1e-6


def test_excluded_pairs_are_never_proposed(model):
    proposals = propose(
        model, NEEDS, OFFERS, today=TODAY, threshold=0.0, excluded_pairs={(1, 10), (2, 11)}
    )
    pairs = {(p.need_id, p.offer_id) for p in proposals}
    assert (1, 10) not in pairs and (2, 11) not in pairs and (4, 10) in pairs


def test_reasons_are_those_of_the_explanation(model):
    for p in propose(model, NEEDS, OFFERS, today=TODAY, threshold=0.0):
        offer = next(o for o in OFFERS if o.id == p.offer_id)
        assert p.reasons == explain(model, NEEDS[p.need_id - 1], offer, today=TODAY).reasons


def test_a_scarce_offer_goes_to_the_needs_it_fits_best():
    # One e-commerce offer with one place left, and six needs of varying fit.
    texts = [
        "we want an online shop",
        "customers want to order online from our online shop with shopify",
        "we sell online a little",
        "our online shop needs payments and delivery with shopify e-commerce",
        "online",
        "sell online with an online store and e-commerce payments",
    ]
    needs = [make_need(i + 1, text) for i, text in enumerate(texts)]
    scarce = make_offer(
        1,
        "E-commerce with Shopify",
        "An online store with payments and delivery, e-commerce made easy.",
        capacity=1,
    )
    other = make_offer(2, "Printer loan", "Borrow a laser printer.", capacity=50)
    model = MatchModel.fit(needs, [scarce, other], config=ModelConfig(**HAND_MADE))
    index = OfferIndex(model, [scarce, other])
    proposals = propose(model, needs, index, today=TODAY, threshold=0.0)
    given_scarce = {p.need_id for p in proposals if p.offer_id == 1}
    assert len(given_scarce) == proposal_limit(1) == 2
    scores = {n.id: rank_need(model, n, index, today=TODAY)[0].score for n in needs}
    best_two = sorted(scores, key=lambda i: -scores[i])[:2]
    assert given_scarce == set(best_two)
    # The others still get what else is eligible.
    assert {p.need_id for p in proposals if p.offer_id == 2} == {n.id for n in needs}


def test_an_offer_with_no_capacity_left_is_not_proposed(model):
    full = [
        make_offer(
            o.id,
            o.title,
            o.description,
            regions=tuple(o.regions),
            themes=tuple(o.themes),
            capacity=0 if o.id == 10 else 5,
        )
        for o in OFFERS
    ]
    assert 10 not in {p.offer_id for p in propose(model, NEEDS, full, today=TODAY, threshold=0.0)}


def test_rebuild_fits_and_proposes_in_one_pass():
    model, proposals = rebuild(NEEDS, OFFERS, today=TODAY, config=ModelConfig(threshold=0.0))
    assert proposals == propose(model, NEEDS, OFFERS, today=TODAY)


# --- the greedy assignment ----------------------------------------------------------------


def _one_by_one(needs, offers, scores, per_need, limits):
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], needs[i], offers[i]))
    taken_need, taken_offer, accepted = Counter(), Counter(), set()
    for i in order:
        if taken_need[needs[i]] < per_need and taken_offer[offers[i]] < limits[offers[i]]:
            accepted.add(i)
            taken_need[needs[i]] += 1
            taken_offer[offers[i]] += 1
    return accepted


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_array_greedy_equals_the_one_by_one_greedy(data):
    n_needs, n_offers = data.draw(st.integers(1, 8)), data.draw(st.integers(1, 6))
    cells = data.draw(
        st.lists(
            st.tuples(st.integers(0, n_needs - 1), st.integers(0, n_offers - 1)),
            min_size=1,
            max_size=30,
            unique=True,
        )
    )
    scores = data.draw(
        st.lists(
            st.sampled_from([0.1, 0.2, 0.3, 0.5, 0.8]), min_size=len(cells), max_size=len(cells)
        )
    )
    limits = data.draw(st.lists(st.integers(0, 3), min_size=n_offers, max_size=n_offers))
    per_need = data.draw(st.integers(1, 3))
    needs = np.array([c[0] for c in cells])
    offers = np.array([c[1] for c in cells])
    accepted = assign_greedily(
        needs, offers, np.array(scores, np.float32), per_need, np.array(limits)
    )
    assert set(np.flatnonzero(accepted)) == _one_by_one(needs, offers, scores, per_need, limits)


# --- property: never ineligible, never too many ---------------------------------------------

WORDS = [
    "online",
    "shop",
    "cyber",
    "broadband",
    "cash",
    "flow",
    "export",
    "staff",
    "training",
    "grant",
    "office",
    "mentor",
    "data",
    "energy",
    "customers",
    "website",
]
texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=8).map(" ".join)
small_codes = st.sampled_from


def _codes(values, wildcard):
    return st.one_of(
        st.just((wildcard,)),
        st.lists(small_codes(values), min_size=1, max_size=2, unique=True).map(tuple),
    )


random_need = st.builds(
    make_need,
    text=texts,
    support_type=small_codes(["skills", "funding"]),
    region=small_codes(["london", "wales", "scotland"]),
    sector=small_codes(["C", "G"]),
    size=small_codes(list(taxonomy.SIZES)),
    stage=small_codes(list(taxonomy.STAGES)),
    themes=st.lists(small_codes(list(taxonomy.THEMES)[:4]), max_size=2, unique=True).map(tuple),
)
random_offer = st.builds(
    make_offer,
    title=texts,
    description=texts,
    support_type=small_codes(["skills", "funding"]),
    regions=_codes(["london", "wales", "scotland"], "uk"),
    sectors=_codes(["C", "G"], "all"),
    sizes=_codes(list(taxonomy.SIZES), "all"),
    stages=_codes(list(taxonomy.STAGES), "all"),
    themes=st.lists(small_codes(list(taxonomy.THEMES)[:4]), max_size=2, unique=True).map(tuple),
    capacity=st.integers(0, 2),
    active=st.booleans(),
)


@settings(max_examples=40, deadline=None)
@given(
    needs=st.lists(random_need, min_size=1, max_size=10),
    offers=st.lists(random_offer, min_size=1, max_size=10),
    per_need=st.integers(1, 3),
    threshold=st.sampled_from([0.0, 0.1, 0.3]),
    data=st.data(),
)
def test_no_proposal_is_ever_ineligible_or_beyond_the_limits(
    needs, offers, per_need, threshold, data
):
    needs = [
        make_need(
            i + 1,
            n.text,
            support_type=n.support_type,
            region=n.region,
            sector=n.sector,
            size=n.size,
            stage=n.stage,
            themes=tuple(n.themes),
        )
        for i, n in enumerate(needs)
    ]
    offers = [
        make_offer(
            i + 1,
            o.title,
            o.description,
            support_type=o.support_type,
            regions=tuple(o.regions),
            sectors=tuple(o.sectors),
            sizes=tuple(o.sizes),
            stages=tuple(o.stages),
            themes=tuple(o.themes),
            capacity=o.remaining_capacity,
            active=o.active,
        )
        for i, o in enumerate(offers)
    ]
    excluded = set(
        data.draw(
            st.lists(st.tuples(st.integers(1, len(needs)), st.integers(1, len(offers))), max_size=5)
        )
    )
    model = MatchModel.fit(needs, offers)
    proposals = propose(
        model,
        needs,
        offers,
        today=TODAY,
        excluded_pairs=excluded,
        per_need=per_need,
        threshold=threshold,
    )
    per_offer = Counter(p.offer_id for p in proposals)
    for p in proposals:
        need, offer = needs[p.need_id - 1], offers[p.offer_id - 1]
        excluded_here = (p.need_id, p.offer_id) in excluded
        assert ineligibility_reason(need, offer, today=TODAY, excluded=excluded_here) is None
        assert p.score >= threshold - 1e-6
        assert per_offer[p.offer_id] <= proposal_limit(offer.remaining_capacity)
        assert len(p.reasons) <= 500
    assert max(Counter(p.need_id for p in proposals).values(), default=0) <= per_need


def test_bulk_scores_equal_one_need_scores():
    # Enough offers that some terms are scored densely (common) and others sparsely.
    rng = np.random.default_rng(0)
    words = np.array(WORDS + [f"w{i}" for i in range(60)])
    needs = [
        make_need(i + 1, " ".join(rng.choice(words, 12)), themes=("finance",) if i % 2 else ())
        for i in range(40)
    ]
    offers = [
        make_offer(
            i + 1,
            " ".join(rng.choice(words, 3)),
            " ".join(rng.choice(words, 25)),
            themes=("finance",) if i % 3 else (),
            capacity=100,
        )
        for i in range(60)
    ]
    model = MatchModel.fit(needs, offers, config=ModelConfig(targeting_weight=0.05, **HAND_MADE))
    index = OfferIndex(model, offers)
    bulk = {
        (p.need_id, p.offer_id): p.score
        for p in propose(model, needs, index, today=TODAY, per_need=60, threshold=-1.0)
    }
    for need in needs:
        for candidate in rank_need(model, need, index, today=TODAY):
            assert bulk[need.id, candidate.offer_id] == pytest.approx(candidate.score, abs=1e-5)


# --- the synonym-concept floors -----------------------------------------------------------

SHOP_NEED = make_need(
    1, "We want to sell online through our own web shop, and people never find us on Google."
)
SHOP_OFFERS = [
    # Names the main kind of help asked for (selling online), as partners word it.
    make_offer(10, "E-commerce adoption", "Build an online store with payments set up for you."),
    # Shares an everyday word ("shop") and no kind of help.
    make_offer(11, "Shop fitting", "New counters, shelving and signs for your shop premises."),
    # Names the smaller kind of help asked for (being found online).
    make_offer(
        12,
        "Digital marketing",
        "Search engine advice and a social media plan, so customers find us online.",
    ),
]


def _shop_model(**config) -> MatchModel:
    base = {"threshold": 0.0} | HAND_MADE
    return MatchModel.fit([SHOP_NEED], SHOP_OFFERS, config=ModelConfig(**base | config))


def _proposed(model: MatchModel) -> set[int]:
    return {p.offer_id for p in propose(model, [SHOP_NEED], SHOP_OFFERS, today=TODAY)}


def test_the_concept_floor_turns_away_offers_that_share_only_everyday_words():
    model = _shop_model()
    words_only = explain(model, SHOP_NEED, SHOP_OFFERS[1], today=TODAY)
    assert words_only.text_cosine > 0 and words_only.concept_cosine == 0
    assert _proposed(model) == {10, 11, 12}
    assert _proposed(_shop_model(concept_floor=0.01)) == {10, 12}


def test_the_concept_share_keeps_offers_close_to_the_best_on_shared_concepts():
    model = _shop_model()
    best, faint = (explain(model, SHOP_NEED, o, today=TODAY) for o in SHOP_OFFERS[::2])
    assert 0.7 * best.concept_cosine < faint.concept_cosine < 0.9 * best.concept_cosine
    assert _proposed(_shop_model(concept_floor=0.01, concept_share=0.7)) == {10, 12}
    assert _proposed(_shop_model(concept_floor=0.01, concept_share=0.9)) == {10}


def test_the_concept_cosine_is_the_concepts_share_of_the_text_cosine():
    model = _shop_model()
    for offer in SHOP_OFFERS:
        e = explain(model, SHOP_NEED, offer, today=TODAY)
        concepts = [c.contribution for c in e.contributions if c.term.startswith("~")]
        assert e.concept_cosine == pytest.approx(math.fsum(concepts), abs=1e-12)


@pytest.mark.parametrize(
    "floor, share, near", [(0.01, 0.0, 2.0), (0.01, 0.6, 2.0), (0.0, 0.9, 2.0), (0.01, 0.5, 0.3)]
)
def test_bulk_and_one_need_ranking_agree_on_what_may_be_proposed(floor, share, near):
    offers = OFFERS + SHOP_OFFERS[1:]
    offers = [replace(o, id=i + 100) for i, o in enumerate(offers)]
    model = MatchModel.fit(
        NEEDS,
        offers,
        config=ModelConfig(
            threshold=0.0,
            relative_cut=0.5,
            concept_floor=floor,
            concept_share=share,
            near_best=near,
        ),
    )
    index = OfferIndex(model, offers)
    bulk = {(p.need_id, p.offer_id) for p in propose(model, NEEDS, index, today=TODAY, per_need=20)}
    one_by_one = {
        (need.id, c.offer_id)
        for need in NEEDS
        for c in rank_need(model, need, index, today=TODAY)
        if c.above_threshold
    }
    assert bulk == one_by_one and bulk


def test_why_not_names_the_concept_floor_and_share():
    model = _shop_model(concept_floor=0.01, concept_share=0.9)
    index = OfferIndex(model, SHOP_OFFERS)
    words_only = why_not(model, SHOP_NEED, SHOP_OFFERS[1], index, today=TODAY)
    assert words_only.startswith("It scored ")
    assert "but too little of that comes from a kind of help both name" in words_only
    faint = why_not(model, SHOP_NEED, SHOP_OFFERS[2], index, today=TODAY)
    assert "shares much less of the kind of help asked for than the best eligible offer" in faint
    assert "ranks 1 of 3" in why_not(model, SHOP_NEED, SHOP_OFFERS[0], index, today=TODAY)


# --- near-duplicates of the best offer ----------------------------------------------------

TWIN_OFFERS = [
    SHOP_OFFERS[0],
    # The same kind of help from another partner, worded so it scores well below the best.
    make_offer(13, "Retail starter pack", "A simple online store for independent retailers."),
    SHOP_OFFERS[1],
]


def _twin_model(**config) -> MatchModel:
    base = {"threshold": 0.0} | HAND_MADE | {"relative_cut": 0.9}
    return MatchModel.fit([SHOP_NEED], TWIN_OFFERS, config=ModelConfig(**base | config))


def test_a_near_duplicate_of_the_best_offer_is_not_held_to_the_relative_cut():
    model = _twin_model(near_best=2.0)  # off
    best, twin = (explain(model, SHOP_NEED, o, today=TODAY) for o in TWIN_OFFERS[:2])
    assert twin.score < 0.9 * best.score and twin.concept_cosine > 0
    proposed = {p.offer_id for p in propose(model, [SHOP_NEED], TWIN_OFFERS, today=TODAY)}
    assert proposed == {10}
    near = _twin_model(near_best=0.5)
    proposed = {p.offer_id for p in propose(near, [SHOP_NEED], TWIN_OFFERS, today=TODAY)}
    assert proposed == {10, 13}  # the shop fitter shares no kind of help with the best
    index = OfferIndex(near, TWIN_OFFERS)
    assert "far below the best" not in why_not(near, SHOP_NEED, TWIN_OFFERS[1], index, today=TODAY)
    assert "far below the best" in why_not(
        model, SHOP_NEED, TWIN_OFFERS[1], TWIN_OFFERS, today=TODAY
    )
    ranked = rank_need(near, SHOP_NEED, index, today=TODAY)
    assert {c.offer_id for c in ranked if c.above_threshold} == {10, 13}


def test_a_saved_model_without_the_near_best_rule_keeps_it_off():
    config = ModelConfig(near_best=0.5)
    stored = json.loads(config.to_json())
    del stored["near_best"]
    assert ModelConfig.from_json(json.dumps(stored)).near_best > 1.0
