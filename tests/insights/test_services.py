"""Every figure of the insights pages, computed on the network in conftest.py and compared
with the values counted there by hand; then supply against demand cross-checked with
the matching engine's own eligibility rules on random data."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from matchmaker import taxonomy
from matchmaker.extensions import db
from matchmaker.imports import ensure_default_hubs
from matchmaker.insights import services
from matchmaker.matching.eligibility import ineligibility_reason
from matchmaker.matching.records import NeedRecord, OfferRecord
from matchmaker.matchmaking import offers_changed
from matchmaker.models import Business, Match, Need, Offer, Organisation
from matchmaker.uktime import uk_today

# --- demand -------------------------------------------------------------------------------


def demand(network, **filters) -> dict[str, dict]:
    found: dict[str, dict] = {"support_type": {}, "region": {}, "hub": {}}
    for row in services.demand(network.filters(**filters)):
        found[row.dimension][row.key] = (row.current, row.previous)
    return found


def themes(network, **filters) -> dict:
    return {
        row.key: (row.current, row.previous)
        for row in services.demand_by_theme(network.filters(**filters))
    }


def test_demand_for_the_network_this_period_and_the_one_before(network):
    found = demand(network)
    assert found["support_type"] == {"skills": (4, 1), "funding": (2, 2), "mentoring": (1, 0)}
    assert found["region"] == {"north-east": (5, 2), "london": (2, 1)}
    assert found["hub"] == {"north-east": (5, 2), "london": (2, 1)}
    assert themes(network) == {
        "digital-skills": (3, 1),
        "finance": (2, 1),
        "export": (1, 0),
        "data-ai": (1, 0),
        None: (2, 1),  # n4 and n7; n10 before
    }


def test_demand_for_one_hub(network):
    found = demand(network, hub="north-east")
    assert found["support_type"] == {"skills": (3, 1), "funding": (1, 1), "mentoring": (1, 0)}
    assert found["region"] == {"north-east": (5, 2)}
    assert themes(network, hub="north-east") == {
        "digital-skills": (2, 1),
        "finance": (1, 0),
        "export": (1, 0),
        "data-ai": (1, 0),
        None: (2, 1),
    }


def test_demand_filtered_by_type_of_support_and_by_theme(network):
    assert demand(network, support_type="skills")["support_type"] == {"skills": (4, 1)}
    assert themes(network, support_type="skills") == {
        "digital-skills": (3, 1),
        "data-ai": (1, 0),
        None: (1, 0),
    }
    about_finance = demand(network, theme="finance")
    assert about_finance["support_type"] == {"funding": (2, 1)}
    assert about_finance["region"] == {"north-east": (1, 0), "london": (1, 1)}
    # The theme breakdown of needs about finance still shows their other themes.
    assert themes(network, theme="finance") == {"finance": (2, 1), "export": (1, 0)}


def test_a_longer_period_compares_with_as_long_a_period_before(network):
    filters = network.filters(start=network.today - timedelta(days=59))
    assert filters.previous_start == network.today - timedelta(days=119)
    found = {
        row.key: (row.current, row.previous)
        for row in services.demand(filters)
        if row.dimension == "support_type"
    }
    # 60 days: n1-n10 now; n11 (100 days ago) before.
    assert found["skills"] == (5, 0)
    assert found["mentoring"] == (1, 1)


def test_a_period_is_made_of_uk_days(make):
    """Days start at midnight UK time: in summer (BST) that is 23:00 UTC the day before."""
    business = make.business()
    for hour, minute in ((22, 59), (23, 0)):  # 11:59pm on 4 July and midnight on 5 July, BST
        make.need(business, created_at=datetime(2026, 7, 4, hour, minute, tzinfo=UTC))

    def raised(start, end) -> int:
        rows = services.demand(services.Filters(start=start, end=end, today=end))
        return sum(row.current for row in rows if row.dimension == "support_type")

    assert raised(date(2026, 7, 4), date(2026, 7, 4)) == 1
    assert raised(date(2026, 7, 5), date(2026, 7, 5)) == 1
    assert raised(date(2026, 7, 4), date(2026, 7, 5)) == 2


# --- supply against demand ---------------------------------------------------------------


def supply(network, **filters) -> list[tuple]:
    return [tuple(row) for row in services.supply(network.filters(**filters))]


def test_supply_against_demand_by_region_and_type_of_support(network):
    # (region, type, open needs, eligible offers, places left, no eligible offer, beyond)
    assert supply(network) == [
        ("north-east", "skills", 3, 2, 1, 0, 2),  # o1 for n1, o2 for n3 and n7; 1 place
        ("north-east", "funding", 2, 1, 0, 1, 1),  # o3 (full) for n2; nothing for n10
        ("north-east", "mentoring", 1, 0, 0, 1, 0),  # o5 has ended
        ("london", "skills", 1, 0, 0, 1, 0),  # o6 starts tomorrow, and not for sector G
        ("london", "funding", 1, 1, 0, 0, 1),  # o3 is full; o4 is paused
    ]


def test_supply_against_demand_by_region_and_theme(network):
    assert supply(network, supply_by="theme") == [
        ("north-east", "digital-skills", 2, 1, 1, 1, 0),  # o1 for n1; o2 is not about it
        ("north-east", "data-ai", 1, 1, 0, 0, 1),
        ("north-east", "finance", 1, 1, 0, 0, 1),
        ("north-east", "leadership", 1, 0, 0, 1, 0),
        ("north-east", "export", 1, 0, 0, 1, 0),
        ("london", "digital-skills", 1, 0, 0, 1, 0),
        ("london", "finance", 1, 1, 0, 0, 1),
    ]


def test_supply_for_one_hub_and_filtered(network):
    assert supply(network, hub="london") == [
        ("london", "skills", 1, 0, 0, 1, 0),
        ("london", "funding", 1, 1, 0, 0, 1),
    ]
    assert supply(network, theme="finance") == [
        ("north-east", "funding", 1, 1, 0, 0, 1),
        ("london", "funding", 1, 1, 0, 0, 1),
    ]
    assert supply(network, support_type="skills", hub="north-east") == [
        ("north-east", "skills", 3, 2, 1, 0, 2),
    ]


def test_places_come_back_when_an_approval_is_undone(network):
    match = db.session.query(Match).filter_by(need=network.needs["n9"]).one()
    match.status = "withdrawn"
    db.session.commit()
    london_funding = supply(network, hub="london")[1]
    assert london_funding == ("london", "funding", 1, 1, 1, 0, 0)


# --- the funnel ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hub", "expected"),
    [
        # needs, proposed, introduced, met, positive, median days to introduction
        (None, (7, 6, 3, 2, 2, 4.0)),  # n4 never proposed; n2 ended no-fit
        ("north-east", (5, 4, 2, 1, 1, 3.0)),  # median of 2 and 4 days
        ("london", (2, 2, 1, 1, 1, 10.0)),  # a rejected proposal still counts as proposed
    ],
)
def test_funnel(network, hub, expected):
    figures = services.funnel(network.filters(hub=hub))
    assert tuple(figures[:5]) == expected[:5]
    assert figures.median_days == pytest.approx(expected[5])


def test_funnel_without_introductions_has_no_median(network):
    figures = services.funnel(network.filters(support_type="mentoring"))
    assert tuple(figures) == (1, 0, 0, 0, 0, None)


# --- introductions, outcomes and partners --------------------------------------------------

COUNTS = ("introductions", "awaiting", "met", "working_together", "agreement", "no_fit",
          "no_response", "met_or_better", "positive")  # fmt: skip


def introductions(network, **filters):
    found = services.introductions(network.filters(**filters))
    by_type = {row.key: tuple(getattr(row, name) for name in COUNTS)
               for row in found if row.dimension == "support_type"}  # fmt: skip
    partners = [
        (row.name, row.offers, row.places, row.used, row.left,
         *(getattr(row, name) for name in COUNTS))
        for row in found if row.dimension == "partner"
    ]  # fmt: skip
    return by_type, partners


def test_outcomes_by_type_of_support_and_partner_for_the_network(network):
    by_type, partners = introductions(network)
    # Introduced in the period: n3 (agreement), n2 (no fit), n6 (working together) and n9
    # (no outcome yet). n8 was introduced before the period.
    assert by_type == {
        "skills": (1, 0, 0, 0, 1, 0, 0, 1, 1),
        "funding": (3, 1, 0, 1, 0, 1, 0, 1, 1),
    }
    assert partners == [
        # name, offers, places, used, left, introductions by outcome
        ("Beacon Bank", 2, 4, 3, 1, 3, 1, 0, 1, 0, 1, 0, 1, 1),
        ("Acme Skills", 3, 5, 2, 3, 1, 0, 0, 0, 1, 0, 0, 1, 1),
    ]


def test_outcomes_and_partners_for_one_hub(network):
    by_type, partners = introductions(network, hub="north-east")
    assert by_type == {
        "skills": (1, 0, 0, 0, 1, 0, 0, 1, 1),
        "funding": (1, 0, 0, 0, 0, 1, 0, 0, 0),
    }
    # One introduction each: the one with more places first.
    assert [row[:6] for row in partners] == [
        ("Acme Skills", 3, 5, 2, 3, 1),
        ("Beacon Bank", 2, 4, 3, 1, 1),
    ]
    _, london = introductions(network, hub="london")
    assert [row[:7] for row in london] == [
        ("Beacon Bank", 2, 4, 3, 1, 2, 1),  # n6 and n9, n9 awaiting an outcome
        ("Acme Skills", 3, 5, 2, 3, 0, 0),  # listed for its offers
    ]


def test_partner_offers_follow_the_type_of_support(network):
    _, partners = introductions(network, support_type="skills")
    assert [row[:6] for row in partners] == [
        ("Acme Skills", 2, 3, 2, 1, 1),  # o1 and o2; n3's introduction
        ("Beacon Bank", 1, 1, 0, 1, 0),  # o6
    ]


def test_the_latest_outcome_counts_even_when_reported_out_of_order(network):
    introduction = network.needs["n2"].matches[0].introduction
    introduction.outcomes[0].created_at = datetime.now(UTC)  # "met" is now the latest
    db.session.commit()
    by_type, _ = introductions(network, hub="north-east")
    assert by_type["funding"] == (1, 0, 1, 0, 0, 0, 0, 1, 0)


# --- filters and access -------------------------------------------------------------------


def test_coordinators_see_their_own_hub_and_only_it(network, make):
    north_east = network.hubs["north-east"]
    user = make.user(hub=north_east)
    assert services.filters_for(user).hub == north_east
    assert services.filters_for(user, hub_code="north-east").hub == north_east
    with pytest.raises(services.HubNotAllowed):
        services.filters_for(user, hub_code="london")
    with pytest.raises(services.HubNotAllowed):
        services.filters_for(user, hub_code="atlantis")


def test_admins_see_the_network_or_any_hub(network, make):
    admin = make.user("admin")
    assert services.filters_for(admin).hub is None
    assert services.filters_for(admin, hub_code="london").hub == network.hubs["london"]
    assert not services.exact_exports_allowed(admin, services.filters_for(admin))
    user = make.user(hub=network.hubs["london"])
    assert services.exact_exports_allowed(user, services.filters_for(user))


def test_the_default_period_is_the_last_90_days(network, make):
    filters = services.filters_for(make.user("admin"), today=network.today)
    assert (filters.start, filters.end) == (network.today - timedelta(days=89), network.today)
    ending = services.filters_for(make.user("admin"), end=network.today)
    assert ending.days == 90


# --- supply cross-checked with the engine's rules ------------------------------------------


def _random_network(seed: int):
    """Businesses, open needs and offers with random codes (wildcards, paused and dated
    offers, approved matches), and the engine's records of them."""
    rng = random.Random(seed)
    today = uk_today()
    hubs = ensure_default_hubs()
    regions, sectors = ["north-east", "london", "wales"], ["C", "G", "J", "M"]
    sizes, stages = list(taxonomy.SIZES), list(taxonomy.STAGES)
    types, themes = ["skills", "funding", "mentoring"], ["finance", "export", "net-zero"]

    def some(codes, wildcard):
        if wildcard and rng.random() < 0.3:
            return [wildcard]
        return rng.sample(codes, rng.randint(1, len(codes) - 1))

    organisation = Organisation(name="Random Partner", status="approved")
    offers = []
    for number in range(25):
        offer = Offer(
            ref=f"R{number}", organisation=organisation, contact_email="p@example.com",
            title="Offer", description="Help.", support_type=rng.choice(types),
            capacity=rng.randint(1, 3), status=rng.choice(["active"] * 4 + ["paused"]),
            starts_on=today + timedelta(days=rng.choice([-30, -1, 0, 1, 20]))
            if rng.random() < 0.3 else None,
            ends_on=today + timedelta(days=rng.choice([-5, -1, 0, 1, 30]))
            if rng.random() < 0.3 else None,
        )  # fmt: skip
        if offer.starts_on and offer.ends_on and offer.starts_on > offer.ends_on:
            offer.ends_on = offer.starts_on
        for kind, codes, wildcard in (("region", regions, "uk"), ("sector", sectors, "all"),
                                      ("size", sizes, "all"), ("stage", stages, "all"),
                                      ("theme", themes, None)):  # fmt: skip
            offer.set_codes(kind, some(codes, wildcard))
        offers.append(offer)
    needs = []
    for number in range(90):
        region = rng.choice(regions)
        business = Business(
            ref=f"RB{number}", name="B", contact_name="O", contact_email="o@example.com",
            region=region, sector=rng.choice(sectors), size=rng.choice(sizes),
            stage=rng.choice(stages), hub=hubs[region],
        )  # fmt: skip
        need = Need(
            ref=f"RN{number}", business=business, support_type=rng.choice(types),
            description="Help.", status=rng.choice(["open"] * 5 + ["closed"]),
        )  # fmt: skip
        need.themes = rng.sample(themes, rng.randint(0, 2))
        needs.append(need)
    db.session.add_all([*offers, *needs])
    offers_changed(offers)
    for need in rng.sample(needs, 30):
        db.session.add(
            Match(need=need, offer=rng.choice(offers), score=0.5, model_version="test",
                  status=rng.choice(["approved", "approved", "proposed", "rejected"]))
        )  # fmt: skip
    db.session.commit()
    used = {offer.id: offer.approved_count for offer in offers}
    offer_records = [
        OfferRecord(
            id=offer.id, support_type=offer.support_type, regions=frozenset(offer.regions),
            sectors=frozenset(offer.sectors), sizes=frozenset(offer.sizes),
            stages=frozenset(offer.stages), themes=frozenset(offer.themes), title="",
            description="", active=offer.status == "active", starts_on=offer.starts_on,
            ends_on=offer.ends_on,
        )
        for offer in offers
    ]  # fmt: skip
    need_records = [
        NeedRecord(
            id=need.id, region=need.business.region, sector=need.business.sector,
            size=need.business.size, stage=need.business.stage,
            support_type=need.support_type, themes=frozenset(need.themes), text="",
        )
        for need in needs
        if need.status == "open"
    ]  # fmt: skip
    remaining = {offer.id: max(offer.capacity - used[offer.id], 0) for offer in offers}
    return today, need_records, offer_records, remaining


def _expected_supply(today, needs, offers, remaining, by_theme: bool):
    """Supply against demand the slow, obvious way: every need against every offer, with
    the engine's eligibility rules (capacity aside: full offers still count)."""
    groups: dict[tuple, dict] = {}
    for need in needs:
        keys = sorted(need.themes) if by_theme else [need.support_type]
        for key in keys:
            eligible = {
                offer.id
                for offer in offers
                if ineligibility_reason(need, offer, today=today) is None
                and (not by_theme or key in offer.themes)
            }
            group = groups.setdefault(
                (need.region, key), {"needs": 0, "no_offer": 0, "offers": set()}
            )
            group["needs"] += 1
            group["no_offer"] += not eligible
            group["offers"] |= eligible
    expected = set()
    for (region, key), group in groups.items():
        places = sum(remaining[offer] for offer in group["offers"])
        beyond = max(group["needs"] - group["no_offer"] - places, 0)
        expected.add(
            (region, key, group["needs"], len(group["offers"]), places, group["no_offer"],
             beyond)
        )  # fmt: skip
    return expected


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_supply_agrees_with_the_matching_engines_rules(app, seed):
    today, needs, offers, remaining = _random_network(seed)
    for by in ("support_type", "theme"):
        filters = services.Filters(start=today, end=today, today=today, supply_by=by)
        found = {tuple(row) for row in services.supply(filters)}
        assert found == _expected_supply(today, needs, offers, remaining, by == "theme"), by
