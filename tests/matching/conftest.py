"""Factories for the engine's plain records, and a small hand-made corpus."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from matchmaker.matching import MatchModel, ModelConfig, NeedRecord, OfferRecord

TODAY = date(2025, 6, 1)


def make_need(
    id: int = 1,
    text: str = "We need help",
    *,
    support_type: str = "technology",
    region: str = "north-east",
    sector: str = "G",
    size: str = "micro",
    stage: str = "startup",
    themes: tuple[str, ...] = (),
) -> NeedRecord:
    return NeedRecord(id, region, sector, size, stage, support_type, frozenset(themes), text)


def make_offer(
    id: int = 1,
    title: str = "An offer",
    description: str = "Help for small firms",
    *,
    support_type: str = "technology",
    regions: tuple[str, ...] = ("uk",),
    sectors: tuple[str, ...] = ("all",),
    sizes: tuple[str, ...] = ("all",),
    stages: tuple[str, ...] = ("all",),
    themes: tuple[str, ...] = (),
    capacity: int = 5,
    active: bool = True,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> OfferRecord:
    return OfferRecord(
        id,
        support_type,
        frozenset(regions),
        frozenset(sectors),
        frozenset(sizes),
        frozenset(stages),
        frozenset(themes),
        title,
        description,
        active=active,
        remaining_capacity=capacity,
        starts_on=starts_on,
        ends_on=ends_on,
    )


NEEDS = [
    make_need(
        1,
        "Customers keep asking to order online but we only take orders by phone.",
        themes=("digital-adoption",),
    ),
    make_need(
        2, "We were hacked last month and lost customer emails. How do we secure our systems?"
    ),
    make_need(3, "Our broadband keeps dropping out here in the village."),
    make_need(4, "We want to sell online through our own web shop."),
    make_need(5, "I want to breed alpacas for their wool."),
]
OFFERS = [
    make_offer(
        10,
        "E-commerce adoption",
        "Build an online store with Shopify, with payments and delivery set up for you.",
        themes=("digital-adoption",),
    ),
    make_offer(
        11,
        "Cyber Essentials certification",
        "A free cyber security health check and ransomware protection for your systems.",
        themes=("cyber-security",),
    ),
    make_offer(
        12,
        "Rural gigabit vouchers",
        "Full fibre broadband for rural premises.",
        themes=("connectivity",),
    ),
    make_offer(13, "Cloud credits", "Move to the cloud with free credits for software."),
    make_offer(14, "London online shop builder", "We build your online shop.", regions=("london",)),
]


# The hand-made cases test the ranking, capacity and the absolute score threshold; the
# abstention rules relative to the best offer and on synonym concepts (on by default) have
# tests of their own. LSA is off: topics found in ten texts are noise (their cosines can
# be negative and would push unrelated offers below a zero threshold).
HAND_MADE = {"relative_cut": 0.0, "concept_floor": 0.0, "concept_share": 0.0, "lsa_dims": 0}


@pytest.fixture(scope="session")
def model() -> MatchModel:
    return MatchModel.fit(NEEDS, OFFERS, config=ModelConfig(**HAND_MADE))


@pytest.fixture
def need() -> Callable[..., NeedRecord]:
    return make_need


@pytest.fixture
def offer() -> Callable[..., OfferRecord]:
    return make_offer
