"""An offer index updated with changed offers ranks exactly as one built afresh."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.matching import MatchModel, ModelConfig, OfferIndex, rank_need

from .conftest import HAND_MADE, NEEDS, OFFERS, TODAY, make_need, make_offer

PHRASES = [
    "online shop with card payments",
    "cyber security health check",
    "full fibre broadband for rural premises",
    "cloud credits for software",
    "export paperwork and customs",
    "invoice finance for late payers",
    "mentoring from a retired director",
]
SUPPORT_TYPES = ["technology", "funding", "mentoring"]
# Needs of every support type the changes can move offers to.
ALL_NEEDS = [
    *NEEDS,
    make_need(20, "Our customers pay us late and cash is tight.", support_type="funding"),
    make_need(21, "I would like a mentor who has run a firm.", support_type="mentoring"),
]


def _rankings(model, index):
    return [rank_need(model, need, index, today=TODAY) for need in ALL_NEEDS]


offer_changes = st.lists(
    st.builds(
        lambda id, words, support_type, active, london: make_offer(
            id,
            words[0],
            " and ".join(words),
            support_type=support_type,
            active=active,
            regions=("london",) if london else ("uk",),
        ),
        # Ids 10-14 are the existing offers; 15-17 are new ones.
        id=st.integers(10, 17),
        words=st.lists(st.sampled_from(PHRASES), min_size=1, max_size=3),
        support_type=st.sampled_from(SUPPORT_TYPES),
        active=st.booleans(),
        london=st.booleans(),
    ),
    min_size=1,
    max_size=6,
)


def _apply(offers, changes):
    """The offers after these changes, in order: the last change of an offer counts."""
    by_id = {offer.id: offer for offer in offers}
    for offer in changes:
        by_id[offer.id] = offer
    return list(by_id.values())


@pytest.fixture(scope="module", params=["words only", "with LSA"])
def any_model(request) -> MatchModel:
    config = ModelConfig(**HAND_MADE)
    if request.param == "with LSA":
        config = config.with_(lsa_dims=3, lsa_weight=0.5)
    return MatchModel.fit(ALL_NEEDS, OFFERS, config=config)


@settings(max_examples=60, deadline=None)
@given(first=offer_changes, second=offer_changes)
def test_changes_rank_as_a_fresh_index_would(any_model, first, second):
    index = OfferIndex(any_model, OFFERS)
    once = index.with_changes(any_model, first)
    twice = once.with_changes(any_model, second)

    assert _rankings(any_model, once) == _rankings(
        any_model, OfferIndex(any_model, _apply(OFFERS, first))
    )
    assert _rankings(any_model, twice) == _rankings(
        any_model, OfferIndex(any_model, _apply(_apply(OFFERS, first), second))
    )


def test_the_index_changed_from_is_left_as_it_was(model):
    index = OfferIndex(model, OFFERS)
    before = _rankings(model, index)
    shop = OFFERS[0]
    index.with_changes(
        model, [dataclasses.replace(shop, description="Ransomware recovery.", active=False)]
    )
    assert _rankings(model, index) == before
    assert index.offers[0] is shop


def test_an_edit_moves_the_offer_in_the_ranking(model):
    index = OfferIndex(model, OFFERS)
    broadband_need = NEEDS[2]
    assert rank_need(model, broadband_need, index, today=TODAY)[0].offer_id == 12
    edited = index.with_changes(
        model,
        [
            dataclasses.replace(OFFERS[2], description="Web design for shops."),
            dataclasses.replace(OFFERS[3], description="Rural broadband that never drops out."),
        ],
    )
    assert rank_need(model, broadband_need, edited, today=TODAY)[0].offer_id == 13


def test_an_index_from_another_model_is_refused(model):
    other = MatchModel.fit(NEEDS, OFFERS[:3], config=ModelConfig(**HAND_MADE))
    with pytest.raises(ValueError, match="built with model"):
        OfferIndex(model, OFFERS).with_changes(other, OFFERS[:1])
