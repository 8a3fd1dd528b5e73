from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker import taxonomy
from matchmaker.matching.eligibility import (
    NeedTable,
    OfferTable,
    eligibility_by_profile,
    eligibility_facts,
    eligible_offers_for,
    eligible_pairs,
    ineligibility_reason,
)

from .conftest import TODAY, make_need, make_offer


def test_a_matching_pair_is_eligible():
    assert ineligibility_reason(make_need(), make_offer(), today=TODAY) is None


@pytest.mark.parametrize(
    ("offer_changes", "reason"),
    [
        ({"support_type": "funding"}, "The offer gives Funding, not Technology and equipment"),
        ({"regions": ("london", "wales")}, "The offer does not serve North East"),
        (
            {"sectors": ("C", "F")},
            "The offer is not open to this sector: Wholesale and retail trade; repair of motor "
            "vehicles",
        ),
        (
            {"sizes": ("small", "medium")},
            "The offer is not open to businesses of this size: Micro (0 to 9 employees)",
        ),
        (
            {"stages": ("scaling",)},
            "The offer is not open to businesses at this stage: Trading for less than 3 years",
        ),
        ({"active": False}, "The offer is paused or closed"),
        ({"capacity": 0}, "The offer has no capacity left"),
        ({"starts_on": TODAY + timedelta(days=1)}, "The offer starts on 2 June 2025"),
        ({"ends_on": TODAY - timedelta(days=1)}, "The offer ended on 31 May 2025"),
    ],
)
def test_each_rule_says_why(offer_changes, reason):
    assert ineligibility_reason(make_need(), make_offer(**offer_changes), today=TODAY) == reason


def test_an_excluded_pair_is_not_eligible():
    reason = ineligibility_reason(make_need(), make_offer(), today=TODAY, excluded=True)
    assert reason == "This offer was already rejected for, or introduced to, this need"


def test_wildcards_and_named_codes_both_serve():
    need = make_need(region="wales", sector="C", size="medium", stage="scaling")
    named = make_offer(regions=("wales",), sectors=("C",), sizes=("medium",), stages=("scaling",))
    assert ineligibility_reason(need, named, today=TODAY) is None
    assert ineligibility_reason(need, make_offer(), today=TODAY) is None


def test_an_offer_is_open_on_its_first_and_last_day():
    offer = make_offer(starts_on=TODAY, ends_on=TODAY)
    assert ineligibility_reason(make_need(), offer, today=TODAY) is None


def test_facts_say_which_rules_hold():
    facts = eligibility_facts(make_need(), make_offer(sectors=("G",)))
    assert facts == [
        "UK-wide, so serves North East",
        "open to Wholesale and retail trade; repair of motor vehicles",
        "open to every size",
        "open to every stage",
    ]


# --- the vectorised path agrees with the one-pair rules --------------------------------

codes = st.sampled_from
need_strategy = st.builds(
    make_need,
    id=st.integers(1, 10_000),
    support_type=codes(list(taxonomy.SUPPORT_TYPES)),
    region=codes(list(taxonomy.REGIONS)),
    sector=codes(list(taxonomy.SECTORS)),
    size=codes(list(taxonomy.SIZES)),
    stage=codes(list(taxonomy.STAGES)),
)


def _code_set(values: list[str], wildcard: str):
    return st.one_of(
        st.just((wildcard,)),
        st.lists(codes(values), min_size=1, max_size=3, unique=True).map(tuple),
    )


offer_strategy = st.builds(
    make_offer,
    id=st.integers(1, 10_000),
    support_type=codes(list(taxonomy.SUPPORT_TYPES)),
    regions=_code_set(list(taxonomy.REGIONS), taxonomy.UK_WIDE),
    sectors=_code_set(list(taxonomy.SECTORS), taxonomy.ALL),
    sizes=_code_set(list(taxonomy.SIZES), taxonomy.ALL),
    stages=_code_set(list(taxonomy.STAGES), taxonomy.ALL),
    capacity=st.integers(0, 3),
    active=st.booleans(),
    starts_on=st.one_of(st.none(), st.dates(date(2025, 5, 1), date(2025, 7, 1))),
    ends_on=st.one_of(st.none(), st.dates(date(2025, 5, 1), date(2025, 7, 1))),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(need_strategy, min_size=1, max_size=6),
    st.lists(offer_strategy, min_size=1, max_size=8),
)
def test_bit_masks_agree_with_the_rules(needs, offers):
    need_table, offer_table = NeedTable.from_records(needs), OfferTable.from_records(offers)
    available = offer_table.available(TODAY)
    expected = np.array(
        [[ineligibility_reason(n, o, today=TODAY) is None for o in offers] for n in needs]
    )
    assert (eligible_pairs(need_table, offer_table, available) == expected).all()
    profile, table = eligibility_by_profile(need_table, offer_table, available)
    assert (table[profile] == expected).all()
    for row, _ in enumerate(needs):
        one = need_table.take(slice(row, row + 1))
        assert (eligible_offers_for(one, offer_table, available) == expected[row]).all()
