from __future__ import annotations

import math

import pytest

from matchmaker.matching import (
    MatchModel,
    ModelConfig,
    OfferIndex,
    explain,
    propose_for_need,
    rank_need,
    why_not,
)
from matchmaker.matching.explain import format_reasons

from .conftest import HAND_MADE, NEEDS, OFFERS, TODAY, make_need, make_offer


@pytest.fixture(scope="module")
def index(model):
    return OfferIndex(model, OFFERS)


@pytest.mark.parametrize(("need_at", "best_offer"), [(0, 10), (1, 11), (2, 12), (3, 10)])
def test_the_fitting_offer_ranks_first(model, index, need_at, best_offer):
    ranked = rank_need(model, NEEDS[need_at], index, today=TODAY)
    assert ranked[0].offer_id == best_offer
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)


def test_only_eligible_offers_are_ranked(model, index):
    ranked = rank_need(model, NEEDS[3], index, today=TODAY)
    assert 14 not in {c.offer_id for c in ranked}  # London only; the need is in the North East
    assert {c.offer_id for c in ranked} == {10, 11, 12, 13}


def test_excluded_offers_are_left_out(model, index):
    ranked = rank_need(model, NEEDS[0], index, today=TODAY, excluded_offer_ids={10})
    assert 10 not in {c.offer_id for c in ranked}


def test_a_plain_list_of_offers_ranks_the_same_as_an_index(model, index):
    assert rank_need(model, NEEDS[0], OFFERS, today=TODAY) == rank_need(
        model, NEEDS[0], index, today=TODAY
    )


def test_limit_keeps_the_best(model, index):
    ranked = rank_need(model, NEEDS[0], index, today=TODAY)
    assert rank_need(model, NEEDS[0], index, today=TODAY, limit=2) == ranked[:2]


def test_nothing_below_the_threshold_is_marked_for_proposal(model, index):
    ranked = rank_need(model, NEEDS[0], index, today=TODAY, threshold=0.2)
    assert ranked[0].above_threshold
    assert all(c.above_threshold == (c.score >= 0.2) for c in ranked)
    # An unfittable need: every offer is shown on request, none is marked.
    alpacas = rank_need(model, NEEDS[4], index, today=TODAY, threshold=0.2)
    assert alpacas and not any(c.above_threshold for c in alpacas)


def test_an_index_from_another_model_is_refused(index):
    other = MatchModel.fit(NEEDS[:2], OFFERS, version="other")
    with pytest.raises(ValueError, match="offer index built with model"):
        rank_need(other, NEEDS[0], index, today=TODAY)


def test_a_need_of_a_type_no_offer_has_gets_nothing(model, index):
    assert (
        rank_need(model, make_need(9, "office space", support_type="workspace"), index, today=TODAY)
        == []
    )


def test_propose_for_need_skips_offers_at_their_limit(model, index):
    need = NEEDS[0]
    first = propose_for_need(model, need, index, today=TODAY, threshold=0.0, per_need=2)
    assert [c.offer_id for c in first][:1] == [10]
    full = {10: 10}  # offer 10 has capacity 5, so at most 10 open proposals
    later = propose_for_need(
        model, need, index, today=TODAY, threshold=0.0, per_need=2, open_proposals=full
    )
    assert 10 not in {c.offer_id for c in later} and len(later) == 2


# --- explanations -----------------------------------------------------------------------


@pytest.mark.parametrize("config", [ModelConfig(), ModelConfig(bigrams=False, concept_boost=2)])
def test_contributions_add_up_to_the_text_cosine(config):
    model = MatchModel.fit(NEEDS, OFFERS, config=config)
    index = OfferIndex(model, OFFERS)
    for need in NEEDS:
        for offer in OFFERS:
            e = explain(model, need, offer, today=TODAY)
            assert math.fsum(c.contribution for c in e.contributions) == pytest.approx(
                e.text_cosine, abs=1e-12
            )
            assert all(c.contribution > 0 for c in e.contributions)
            if e.eligible:  # and it is the score the ranking used
                ranked = {c.offer_id: c.score for c in rank_need(model, need, index, today=TODAY)}
                assert ranked[offer.id] == pytest.approx(e.score, abs=1e-5)


def test_reasons_name_the_facts_themes_and_words(model):
    e = explain(model, NEEDS[0], OFFERS[0], today=TODAY)
    assert e.eligible and e.shared_themes == ("Adopting digital tools",)
    assert "selling online" in e.top_terms()
    assert e.reasons.startswith("Shared themes: Adopting digital tools. In common: ")
    assert "Eligible: UK-wide, so serves North East; open to every sector" in e.reasons
    assert len(e.reasons) <= 500


def test_reasons_are_cut_at_500_characters():
    reasons = format_reasons(["open to every sector"] * 40, ["Export"], ["export"])
    assert len(reasons) == 500 and reasons.endswith("…")


def test_why_not_gives_the_rule(model, index):
    assert why_not(model, NEEDS[0], OFFERS[4], index, today=TODAY) == (
        "The offer does not serve North East"
    )
    closed = make_offer(10, OFFERS[0].title, OFFERS[0].description, active=False)
    assert why_not(model, NEEDS[0], closed, today=TODAY) == "The offer is paused or closed"


def test_why_not_gives_the_threshold_or_the_competition(model, index):
    weak = why_not(model, NEEDS[0], OFFERS[2], index, today=TODAY, threshold=0.2)
    assert weak.startswith("It scored 0.00, below the proposal threshold of 0.20")
    beaten = why_not(model, NEEDS[0], OFFERS[3], index, today=TODAY, threshold=0.0, per_need=1)
    assert "eligible offers scored higher" in beaten
    best = why_not(model, NEEDS[0], OFFERS[0], index, today=TODAY, threshold=0.0)
    assert "ranks 1 of 4 eligible offers" in best


def test_why_not_says_when_an_offer_is_far_behind_the_best():
    model = MatchModel.fit(
        NEEDS, OFFERS, config=ModelConfig(**HAND_MADE | {"threshold": 0.0, "relative_cut": 0.9})
    )
    index = OfferIndex(model, OFFERS)
    reason = why_not(model, NEEDS[0], OFFERS[3], index, today=TODAY)
    assert reason.startswith("It scored 0.00, far below the best eligible offer")
    assert "only offers close to the best are proposed" in reason
