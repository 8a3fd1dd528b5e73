"""The partner's dashboard: capacity, introductions (details only once approved), outcomes."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.matchmaking import rebuild_all
from matchmaker.models import Match, MatchStatus, OfferStatus, Outcome, utcnow
from matchmaker.uktime import uk_today

from .conftest import errors, html, main_text, post


def test_each_offer_shows_capacity_used_and_remaining(client, make, partner):
    full = make.offer(partner.organisation, title="Full offer", capacity=1)
    make.introduction(full)
    open_offer = make.offer(partner.organisation, title="Open offer", capacity=5)
    make.introduction(open_offer)
    make.match(offer=open_offer)
    make.match(offer=open_offer, status=MatchStatus.REJECTED)
    make.offer(partner.organisation, title="Closed offer", status=OfferStatus.CLOSED)

    page = html(client.get("/partners/dashboard"))

    rows = [
        [cell.get_text(strip=True) for cell in row.select("td")]
        for row in page.select("main table")[0].select("tbody tr")
    ]
    assert rows == [
        ["Full offer", "Active", "1", "1", "0", "0"],
        ["Open offer", "Active", "5", "1", "4", "1"],
        ["Closed offer", "Closed", "5", "0", "5", "0"],
    ]


def test_large_numbers_are_written_with_commas(client, make, partner):
    offer = make.offer(partner.organisation, title="Big offer", capacity=10_000)
    make.introduction(offer)

    cells = [
        cell.get_text(strip=True) for cell in html(client.get("/partners/dashboard")).select("td")
    ]
    assert cells[:5] == ["Big offer", "Active", "10,000", "1", "9,999"]
    assert "10,000 in total: 1 used, 9,999 left" in main_text(
        client.get(f"/partners/offers/{offer.id}")
    )


def test_businesses_appear_only_once_a_coordinator_approved_the_introduction(client, make, partner):
    offer = make.offer(partner.organisation)
    waiting = make.match(offer=offer, need=make.need(make.business(name="Waiting Bakery")))
    rejected = make.business(name="Rejected Joinery")
    make.match(offer=offer, need=make.need(rejected), status=MatchStatus.REJECTED)
    introduced = make.introduction(offer, need=make.need(make.business(name="Amber Studios")))

    dashboard = main_text(client.get("/partners/dashboard"))
    offer_page = main_text(client.get(f"/partners/offers/{offer.id}"))

    assert "Amber Studios" in dashboard
    for text in (dashboard, offer_page):
        assert "Waiting Bakery" not in text
        assert "Rejected Joinery" not in text
        assert waiting.need.business.contact_email not in text
    detail = main_text(client.get(f"/partners/introductions/{introduced.id}"))
    business = introduced.match.need.business
    assert business.contact_email in detail
    assert business.contact_name in detail
    assert introduced.match.need.description in detail


def test_an_introduction_withdrawn_after_approval_disappears(client, make, partner):
    introduction = make.introduction(make.offer(partner.organisation))
    introduction.match.status = MatchStatus.WITHDRAWN
    db.session.commit()

    assert client.get(f"/partners/introductions/{introduction.id}").status_code == 404
    assert introduction.match.need.business.name not in main_text(client.get("/partners/dashboard"))


def test_an_erased_business_shows_no_details(client, make, partner):
    business = make.business(name="Forgotten Ltd", erased_at=utcnow())
    introduction = make.introduction(make.offer(partner.organisation), need=make.need(business))

    page = main_text(client.get(f"/partners/introductions/{introduction.id}"))

    assert "This business asked us to delete its details." in page
    assert business.contact_email not in page
    assert "Forgotten Ltd" not in main_text(client.get("/partners/dashboard"))


def test_a_partner_records_outcomes_over_time(client, make, partner):
    introduction = make.introduction(make.offer(partner.organisation))
    url = f"/partners/introductions/{introduction.id}"

    post(client, url, {"result": "met", "note": ""})
    response = post(client, url, {"result": "agreement", "note": "<i>Signed</i> a contract"})

    assert response.location.endswith(url)
    outcomes = db.session.scalars(select(Outcome).order_by(Outcome.id)).all()
    assert [(o.result, o.reported_by, o.comment) for o in outcomes] == [
        ("met", "partner", None),
        ("agreement", "partner", "<i>Signed</i> a contract"),
    ]
    page = client.get(url)
    assert "We reached an agreement" in main_text(page)
    assert "&lt;i&gt;Signed&lt;/i&gt;" in page.text
    dashboard = html(client.get("/partners/dashboard")).select("main table")[1]
    assert "We reached an agreement" in dashboard.get_text()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select what happened"),
        ({"result": "no-response"}, "Select what happened"),
        ({"result": "delighted"}, "Select what happened"),
        ({"result": "met", "note": "x" * 1001}, "Note must be 1,000 characters or fewer"),
    ],
)
def test_outcome_problems_are_explained(client, make, partner, data, message):
    introduction = make.introduction(make.offer(partner.organisation))

    response = post(client, f"/partners/introductions/{introduction.id}", data)

    assert errors(response) == [message]
    assert db.session.scalar(select(Outcome)) is None


def test_introductions_are_paginated(client, make, partner):
    offer = make.offer(partner.organisation, capacity=30)
    for _ in range(21):
        make.introduction(offer)

    first = html(client.get("/partners/dashboard"))
    second = html(client.get("/partners/dashboard?page=2"))

    assert len(first.select("main table")[1].select("tbody tr")) == 20
    assert len(second.select("main table")[1].select("tbody tr")) == 1


def test_an_offer_past_its_end_date_shows_as_ended(client, make, partner):
    offer = make.offer(partner.organisation, ends_on=uk_today() - timedelta(days=1))

    row = html(client.get("/partners/dashboard")).select_one("main tbody tr")
    page = main_text(client.get(f"/partners/offers/{offer.id}"))

    assert row.select("td")[1].get_text(strip=True) == "Ended"
    assert "The end date has passed" in page


def test_offers_start_and_end_on_uk_days_for_the_engine_and_the_dashboard_alike(
    client, make, partner, uk_clock
):
    # 23:30 UTC on 4 July is 12:30am on 5 July in the UK (BST): the server's date is the 4th.
    today = uk_clock(datetime(2026, 7, 4, 23, 30, tzinfo=UTC))
    assert today == date(2026, 7, 5)
    same = {"themes": ["digital-skills"], "description": "Training for staff to use computers."}
    offers = {
        "Ends today": make.offer(partner.organisation, title="Ends today", ends_on=today, **same),
        "Starts today": make.offer(
            partner.organisation, title="Starts today", starts_on=today, **same
        ),
        "Ended yesterday": make.offer(
            partner.organisation, title="Ended yesterday", ends_on=today - timedelta(days=1), **same
        ),
    }
    need = make.need(themes=["digital-skills"])

    rebuild_all()
    db.session.commit()

    proposed = set(
        db.session.scalars(
            select(Match.offer_id).where(
                Match.need_id == need.id, Match.status == MatchStatus.PROPOSED
            )
        )
    )
    assert proposed == {offers["Ends today"].id, offers["Starts today"].id}
    rows = html(client.get("/partners/dashboard")).select("main table")[0].select("tbody tr")
    statuses = {
        row.select("td")[0].get_text(strip=True): row.select("td")[1].get_text(strip=True)
        for row in rows
    }
    assert statuses == {
        "Ended yesterday": "Ended",
        "Ends today": "Active",
        "Starts today": "Active",
    }
