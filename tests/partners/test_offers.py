"""Partners create, preview, edit, pause, resume and close offers; hubs watch them all."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from matchmaker import jobs
from matchmaker.extensions import db
from matchmaker.forms import example_day
from matchmaker.matchmaking import rebuild_all
from matchmaker.models import (
    AuditEvent,
    Match,
    MatchStatus,
    Offer,
    OfferStatus,
    OutboxMessage,
    Role,
    User,
)
from matchmaker.partners import services
from matchmaker.templating import format_date
from matchmaker.uktime import uk_today

from .conftest import banner, errors, html, link_in, main_text, post

# Dates ahead of today, so the form accepts them whenever the tests run.
STARTS = uk_today() + timedelta(days=10)
ENDS = STARTS + timedelta(days=180)


def typed(day: date) -> list[str]:
    """A date as a person types it into the day, month and year boxes."""
    return [str(day.day), str(day.month), str(day.year)]


OFFER = {
    "title": "Cloud skills bootcamp",
    "support_type": "skills",
    "themes": ["digital-skills", "data-ai"],
    "description": "Eight online sessions.\nCertificates for every member of staff.",
    "regions": ["north-east", "london"],
    "sectors": ["all"],
    "sizes": ["micro", "small"],
    "stages": ["all"],
    "capacity": "10",
    "starts_on": typed(STARTS),
    "ends_on": typed(ENDS),
    "delivery_mode": "online",
    "cost": "subsidised",
    "more_info_url": "northwind.example/bootcamp",
    "contact_email": "programmes@northwind.example",
}


def create(client, **changes):
    return post(client, "/partners/offers/new", OFFER | changes)


def offer_count() -> int:
    return db.session.scalar(select(func.count(Offer.id)))


def test_a_partner_creates_an_offer_with_every_field(client, partner):
    form = html(client.get("/partners/offers/new"))
    assert form.find("input", attrs={"name": "contact_email"})["value"] == partner.email

    response = create(client)

    offer = db.session.scalar(select(Offer))
    assert response.location.endswith(f"/partners/offers/{offer.id}")
    assert offer.organisation == partner.organisation
    assert offer.status == OfferStatus.ACTIVE
    assert offer.ref.startswith(f"P{partner.organisation.id}-")
    assert (offer.title, offer.support_type, offer.capacity) == (
        "Cloud skills bootcamp",
        "skills",
        10,
    )
    assert offer.themes == ["data-ai", "digital-skills"]
    assert offer.regions == ["london", "north-east"]
    assert (offer.sectors, offer.sizes, offer.stages) == (["all"], ["micro", "small"], ["all"])
    assert (offer.starts_on, offer.ends_on) == (STARTS, ENDS)
    assert (offer.delivery_mode, offer.cost) == ("online", "subsidised")
    assert offer.more_info_url == "https://northwind.example/bootcamp"
    assert offer.contact_email == "programmes@northwind.example"


def test_the_offer_page_previews_it_for_coordinators_and_businesses(client, partner):
    create(client)
    offer = db.session.scalar(select(Offer))

    page = html(client.get(f"/partners/offers/{offer.id}"))

    coordinator_view, business_view = page.select("main .govuk-summary-list")[0:2]
    coordinator_text = coordinator_view.get_text(" ", strip=True)
    assert "North East; London" in coordinator_text
    assert "10 in total: 0 used, 10 left" in coordinator_text
    assert f"{format_date(STARTS)} to {format_date(ENDS)}" in coordinator_text
    business_text = page.select_one("main .govuk-inset-text").get_text(" ", strip=True)
    assert "Subsidised" in business_text
    assert "Certificates for every member of staff." in business_text
    assert "in total" not in business_text  # capacity is between the partner and the hubs
    link = business_view.find("a")
    assert link["href"] == "https://northwind.example/bootcamp"


def test_script_in_an_offer_is_shown_as_text(client, partner):
    create(client, title="<b>Bold</b> offer", description="<script>alert('owned')</script>")
    offer = db.session.scalar(select(Offer))

    page = client.get(f"/partners/offers/{offer.id}")

    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;" in page.text
    assert "<b>Bold</b>" not in page.text
    assert "<script>alert('owned')</script>" in main_text(page)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"capacity": "0"}, "The number of businesses must be between 1 and 10,000"),
        ({"capacity": "-3"}, "The number of businesses must be between 1 and 10,000"),
        ({"capacity": "99999999999999999999"}, "The number of businesses must be between 1"),
        ({"capacity": "ten"}, "Enter the number of businesses as a whole number, like 10"),
        ({"capacity": "2.5"}, "Enter the number of businesses as a whole number"),
        ({"capacity": ""}, "Enter how many businesses you can take on"),
        ({"title": "x" * 5000}, "Title must be 200 characters or fewer"),
        ({"title": "   "}, "Enter a title for the offer"),
        ({"description": "x" * 4001}, "Description must be 4,000 characters or fewer"),
        ({"regions": []}, "Select the regions the offer is open to, or UK-wide"),
        ({"regions": ["uk", "london"]}, "Select UK-wide or particular regions, not both"),
        ({"regions": ["atlantis"]}, "Select regions from the list"),
        ({"sectors": []}, "Select the sectors the offer is open to, or all sectors"),
        ({"sectors": ["all", "C"]}, "Select all sectors or particular sectors, not both"),
        ({"sizes": ["huge"]}, "Select business sizes from the list"),
        ({"stages": []}, "Select the business stages the offer is open to, or all stages"),
        ({"themes": ["gardening"]}, "Select topics from the list"),
        ({"support_type": "magic"}, "Select the type of support"),
        (
            {"ends_on": typed(STARTS - timedelta(days=1))},
            "End date must be the same as or after the start date",
        ),
        (
            {"starts_on": ["", "", ""], "ends_on": typed(uk_today() - timedelta(days=1))},
            "The end date must be today or in the future",
        ),
        (
            {"starts_on": ["31", "2", "2026"]},
            f"Start date must be a real date, like {example_day(uk_today())}",
        ),
        ({"starts_on": ["1", "", "2026"]}, "Start date must include a month"),
        ({"ends_on": ["", "", "26"]}, "End date must include a day and month"),
        ({"ends_on": ["1", "1", "26"]}, "End date must be a real date"),
        ({"delivery_mode": ""}, "Select how the help is delivered"),
        ({"cost": "cheap"}, "Select what the offer costs the business"),
        ({"more_info_url": "javascript:alert(1)"}, "Enter the link in the correct format"),
        ({"contact_email": "nobody"}, "Enter an email address in the correct format"),
    ],
)
def test_offer_problems_are_explained_input_is_kept_and_nothing_is_saved(
    client, partner, changes, message
):
    response = create(client, **changes)

    assert response.status_code == 200
    assert html(response).title.text.startswith("Error: ")
    assert any(error.startswith(message) for error in errors(response)), errors(response)
    page = html(response)
    if "title" not in changes:
        assert page.find("input", attrs={"name": "title"})["value"] == OFFER["title"]
    if "regions" not in changes:
        assert page.find("input", attrs={"name": "regions", "value": "london"}).has_attr("checked")
    assert offer_count() == 0


def test_the_start_dates_example_is_a_day_after_today(client, partner):
    hint = html(client.get("/partners/offers/new")).find(id="starts_on-hint").get_text(strip=True)
    day, month, year = (int(part) for part in hint.removeprefix("For example, ").split())
    assert date(year, month, day) > uk_today()


def test_every_error_links_to_its_field(client, partner):
    response = post(client, "/partners/offers/new", {"starts_on": ["1", "", ""]})

    page = html(response)
    for link in page.select(".govuk-error-summary__list a"):
        assert page.find(id=link["href"][1:]) is not None, link["href"]
    assert len(page.select(".govuk-error-summary__list a")) == 11


def test_dates_are_optional(client, partner):
    create(client, starts_on=["", "", ""], ends_on=["", "", ""], more_info_url="")
    offer = db.session.scalar(select(Offer))
    assert (offer.starts_on, offer.ends_on, offer.more_info_url) == (None, None, None)
    assert "Open now, no end date" in main_text(client.get(f"/partners/offers/{offer.id}"))


def test_an_end_date_that_has_passed_is_refused_keeping_what_was_typed(client, partner):
    response = create(client, starts_on=["", "", ""], ends_on=["1", "1", "2026"])

    assert errors(response) == ["The end date must be today or in the future"]
    page = html(response)
    assert page.select_one(".govuk-error-summary__list a")["href"] == "#ends_on-day"
    typed_back = [page.find(id=f"ends_on-{part}")["value"] for part in ("day", "month", "year")]
    assert typed_back == ["1", "1", "2026"]
    assert offer_count() == 0


def test_an_offer_may_end_today(client, partner):
    today = uk_today()
    create(client, starts_on=["", "", ""], ends_on=typed(today))
    assert db.session.scalar(select(Offer.ends_on)) == today


def test_an_offer_that_has_ended_can_be_changed_keeping_its_end_date(client, make, partner):
    # The end date passed after it was saved: the partner may still correct other details
    # without reopening the offer, but may not move the end date to another past day.
    ended = uk_today() - timedelta(days=30)
    offer = make.offer(partner.organisation, ends_on=ended)
    url = f"/partners/offers/{offer.id}/edit"
    unchanged = OFFER | {"starts_on": ["", "", ""], "ends_on": typed(ended)}

    form = html(client.get(url))
    # The saved date is shown as GOV.UK Frontend WTF writes it ("06" on the 6th).
    shown = [form.find(id=f"ends_on-{part}")["value"] for part in ("day", "month", "year")]
    assert [int(part) for part in shown] == [ended.day, ended.month, ended.year]
    saved = post(client, url, unchanged | {"contact_email": "new@northwind.example"})
    assert saved.status_code == 302
    db.session.refresh(offer)
    assert (offer.contact_email, offer.ends_on) == ("new@northwind.example", ended)

    moved = post(client, url, unchanged | {"ends_on": typed(ended + timedelta(days=1))})
    assert errors(moved) == ["The end date must be today or in the future"]
    db.session.refresh(offer)
    assert offer.ends_on == ended

    assert post(client, url, unchanged | {"ends_on": typed(ENDS)}).status_code == 302
    db.session.refresh(offer)
    assert offer.ends_on == ENDS


def test_editing_shows_the_offer_and_saves_changes(client, make, partner):
    offer = make.offer(partner.organisation, regions=["wales"], capacity=4)
    make.introduction(offer)

    form = html(client.get(f"/partners/offers/{offer.id}/edit"))
    assert form.find("input", attrs={"name": "title"})["value"] == offer.title
    assert form.find("input", attrs={"name": "regions", "value": "wales"}).has_attr("checked")

    too_few = post(client, f"/partners/offers/{offer.id}/edit", OFFER | {"capacity": "0"})
    assert errors(too_few)[0].startswith("The number of businesses must be between 1")
    below_used = post(client, f"/partners/offers/{offer.id}/edit", OFFER | {"capacity": "1"})
    assert errors(below_used) == []
    assert post(client, f"/partners/offers/{offer.id}/edit", OFFER).status_code == 302
    db.session.refresh(offer)
    assert offer.regions == ["london", "north-east"]
    assert offer.title == "Cloud skills bootcamp"
    assert "offer.updated" in db.session.scalars(select(AuditEvent.action)).all()


def test_capacity_cannot_drop_below_the_businesses_already_introduced(client, make, partner):
    offer = make.offer(partner.organisation, capacity=4)
    make.introduction(offer)
    make.introduction(offer)

    response = post(client, f"/partners/offers/{offer.id}/edit", OFFER | {"capacity": "1"})

    assert errors(response) == [
        "The number of businesses cannot be less than the 2 already introduced"
    ]
    db.session.refresh(offer)
    assert offer.capacity == 4


def _version_in(page) -> str:
    return html(page).find("input", attrs={"name": "version"})["value"]


def test_two_colleagues_editing_at_once_cannot_undo_each_others_changes(
    client, make, partner, new_client, log_in
):
    offer = make.offer(partner.organisation, capacity=4, title="Cloud skills bootcamp")
    theirs_client = new_client()
    log_in(make.user(Role.PARTNER, organisation=partner.organisation), theirs_client)
    url = f"/partners/offers/{offer.id}/edit"
    saved = OFFER | {"capacity": "4"}
    mine = _version_in(client.get(url))
    theirs = _version_in(theirs_client.get(url))

    # They lower the capacity first; then I change the title on the page I opened before.
    post(theirs_client, url, saved | {"capacity": "2", "version": theirs})
    response = post(client, url, saved | {"title": "Cloud skills for teams", "version": mine})

    assert response.status_code == 200
    assert errors(response) == [
        "Someone else changed this offer after you opened this page. "
        "Check your answers, then save again"
    ]
    assert html(response).select_one(".govuk-error-summary a")["href"] == "#offer-changed"
    message = html(response).find(id="offer-changed").get_text(" ", strip=True)
    assert "different from the saved offer for: Title How many businesses" in message
    assert html(response).find("input", attrs={"name": "title"})["value"] == (
        "Cloud skills for teams"
    )  # what I typed is kept
    db.session.refresh(offer)
    assert (offer.title, offer.capacity) == ("Cloud skills bootcamp", 2)

    # Saving again, having seen the message, is a choice to replace their change.
    mine_again = {"title": "Cloud skills for teams", "version": _version_in(response)}
    again = post(client, url, saved | mine_again)
    assert again.status_code == 302
    db.session.refresh(offer)
    assert (offer.title, offer.capacity) == ("Cloud skills for teams", 4)


def test_a_pause_while_the_form_is_open_is_noticed_too(client, make, partner):
    offer = make.offer(partner.organisation, capacity=4)
    url = f"/partners/offers/{offer.id}/edit"
    version = _version_in(client.get(url))
    services.change_offer_status(offer, "pause", actor=partner)
    db.session.commit()

    response = post(client, url, OFFER | {"version": version})

    assert errors(response)[0].startswith("Someone else changed this offer")
    db.session.refresh(offer)
    assert offer.title == "Digital skills bootcamp"


def test_pausing_and_closing_withdraw_open_proposals(client, make, partner):
    offer = make.offer(partner.organisation)
    proposed = make.match(offer=offer)
    introduced = make.introduction(offer).match

    paused = post(client, f"/partners/offers/{offer.id}/pause")

    assert paused.location.endswith(f"/partners/offers/{offer.id}")
    assert "Offer paused" in main_text(client.get(paused.location))
    assert offer.status == OfferStatus.PAUSED
    for match in (proposed, introduced):
        db.session.refresh(match)
    assert proposed.status == MatchStatus.WITHDRAWN
    assert introduced.status == MatchStatus.APPROVED

    post(client, f"/partners/offers/{offer.id}/resume")
    assert offer.status == OfferStatus.ACTIVE
    confirm = client.get(f"/partners/offers/{offer.id}/close")
    assert html(confirm).h1.text == "Close this offer?"
    post(client, f"/partners/offers/{offer.id}/close")
    assert offer.status == OfferStatus.CLOSED


@pytest.mark.parametrize(
    ("status", "action"),
    [("active", "resume"), ("closed", "resume"), ("closed", "pause"), ("closed", "close")],
)
def test_impossible_status_changes_are_refused(client, make, partner, status, action):
    offer = make.offer(partner.organisation, status=status)

    response = post(client, f"/partners/offers/{offer.id}/{action}")

    assert f"This offer is {status}, so it cannot be changed that way" in main_text(
        client.get(response.location)
    )
    db.session.refresh(offer)
    assert offer.status == status


ALLOWED_CHANGES = {
    ("active", "pause"),
    ("active", "close"),
    ("paused", "resume"),
    ("paused", "close"),
}
CONFIRM_HEADINGS = {
    "pause": "Pause this offer?",
    "resume": "Resume this offer?",
    "close": "Close this offer?",
}


def _refusal_seen(client, response) -> tuple[str, str]:
    """Where a refused change sent the partner, and what the page then said."""
    return response.location, banner(client.get(response.location))


@pytest.mark.parametrize("status", ["active", "paused", "closed"])
@pytest.mark.parametrize("action", ["pause", "resume", "close"])
def test_a_confirmation_page_is_only_shown_for_a_change_the_offer_allows(
    client, make, partner, status, action
):
    offer = make.offer(partner.organisation, status=status)
    url = f"/partners/offers/{offer.id}/{action}"

    page = client.get(url)

    if (status, action) in ALLOWED_CHANGES:
        assert page.status_code == 200
        assert html(page).h1.text == CONFIRM_HEADINGS[action]
        return
    # Refused just as the button would be: same message, back to the offer, nothing changed.
    seen = _refusal_seen(client, page)
    assert seen == _refusal_seen(client, post(client, url))
    assert seen == (
        f"/partners/offers/{offer.id}",
        f"Important This offer is {status}, so it cannot be changed that way.",
    )
    db.session.refresh(offer)
    assert offer.status == status


def test_an_offer_a_coordinator_paused_has_no_resume_page_for_the_partner(client, make, partner):
    offer = make.offer(partner.organisation)
    services.change_offer_status(
        offer, "pause", actor=make.user(Role.COORDINATOR), by_hub=True, reason="Fees"
    )
    db.session.commit()
    url = f"/partners/offers/{offer.id}/resume"

    seen = _refusal_seen(client, client.get(url))

    assert seen == _refusal_seen(client, post(client, url))
    assert "Ask them to resume it" in seen[1]
    assert html(client.get(f"/partners/offers/{offer.id}/close")).h1.text == "Close this offer?"


def test_a_closed_offer_cannot_be_edited(client, make, partner):
    offer = make.offer(partner.organisation, status=OfferStatus.CLOSED)

    for response in (
        client.get(f"/partners/offers/{offer.id}/edit"),
        post(client, f"/partners/offers/{offer.id}/edit", OFFER),
    ):
        assert response.location.endswith(f"/partners/offers/{offer.id}")
    db.session.refresh(offer)
    assert offer.title == "Digital skills bootcamp"
    with pytest.raises(services.OfferClosed):
        services.update_offer(offer, None, actor=partner)


def test_a_coordinator_pauses_an_offer_that_breaks_the_rules(client, make, partner, log_in, mail):
    offer = make.offer(partner.organisation, contact_email="offers@partner.example")
    proposal = make.match(offer=offer)
    log_in(make.user(Role.COORDINATOR))

    missing = post(client, f"/partners/all-offers/{offer.id}", {"reason": ""})
    assert errors(missing) == ["Enter the reason for pausing the offer"]
    post(client, f"/partners/all-offers/{offer.id}", {"reason": "It asks businesses for a fee."})

    assert offer.status == OfferStatus.PAUSED
    db.session.refresh(proposal)
    assert proposal.status == MatchStatus.WITHDRAWN
    [body] = mail("offers@partner.example")
    assert "It asks businesses for a fee." in body

    log_in(partner)
    page = client.get(f"/partners/offers/{offer.id}")
    assert "coordinator paused this offer" in main_text(page)
    assert "Their reason: It asks businesses for a fee." in main_text(page)
    assert html(page).find("button", string="Resume offer") is None
    refused = post(client, f"/partners/offers/{offer.id}/resume")
    assert "Ask them to resume it" in main_text(client.get(refused.location))
    assert offer.status == OfferStatus.PAUSED

    log_in(make.user(Role.ADMIN))
    post(client, f"/partners/all-offers/{offer.id}/resume")
    assert offer.status == OfferStatus.ACTIVE
    assert services.hub_hold(offer) is None


def test_the_pause_email_links_to_the_offer_and_says_whom_to_ask(
    client, make, partner, log_in, mail
):
    offer = make.offer(partner.organisation, contact_email="offers@partner.example")
    hub = make.hub("london")
    hub.contact_email = "help@london-hub.example"
    log_in(make.user(Role.COORDINATOR, hub=hub))

    post(client, f"/partners/all-offers/{offer.id}", {"reason": "It asks for a fee.\nRemove it."})

    [body] = mail("offers@partner.example")
    assert link_in(body, f"/partners/offers/{offer.id}")
    text = " ".join(body.split())
    assert "ask London Growth Hub to resume it, at help@london-hub.example" in text
    message = db.session.scalar(select(OutboxMessage))
    assert "It asks for a fee.<br>Remove it." in message.html_body
    assert 'href="mailto:help@london-hub.example"' in message.html_body


def test_a_partners_own_pause_does_not_hold_the_offer(make, partner):
    offer = make.offer(partner.organisation)
    services.change_offer_status(offer, "pause", actor=partner)
    assert services.hub_hold(offer) is None
    services.change_offer_status(offer, "resume", actor=partner)
    assert offer.status == OfferStatus.ACTIVE


def test_creating_editing_and_pausing_an_offer_update_its_proposals(client, make, partner):
    """Through the matching engine: a new offer is proposed to the open needs it fits, an
    edit that stops it serving a need withdraws that proposal (both by the worker's next
    round), and pausing withdraws all at once."""
    text = "Training for staff in spreadsheets, email and everyday digital tools."
    need = make.need(
        make.business(region="north-east"),
        support_type="skills",
        description="Our staff need training to use spreadsheets and email with confidence.",
        themes=["digital-skills"],
    )
    make.offer(title="Spreadsheet skills", description=text, themes=["digital-skills"])
    rebuild_all()  # the model the engine ranks with knows the words of this kind of offer
    db.session.commit()
    details = OFFER | {
        "description": text,
        "regions": ["north-east"],
        "themes": ["digital-skills"],
        "starts_on": ["", "", ""],
        "ends_on": ["", "", ""],
    }
    create(client, **details)
    offer = db.session.scalar(select(Offer).where(Offer.title == OFFER["title"]))

    def proposal_status():
        return db.session.scalar(
            select(Match.status).where(Match.need_id == need.id, Match.offer_id == offer.id)
        )

    # Proposing a new or edited offer is left to the worker's next round.
    assert proposal_status() is None
    assert jobs.rank_changed_offers() == 1
    assert proposal_status() == MatchStatus.PROPOSED
    post(client, f"/partners/offers/{offer.id}/edit", details | {"regions": ["wales"]})
    assert proposal_status() == MatchStatus.PROPOSED
    assert jobs.rank_changed_offers() == 1
    assert proposal_status() == MatchStatus.WITHDRAWN
    post(client, f"/partners/offers/{offer.id}/edit", details)
    assert jobs.rank_changed_offers() == 1
    assert proposal_status() == MatchStatus.PROPOSED
    post(client, f"/partners/offers/{offer.id}/pause")
    assert proposal_status() == MatchStatus.WITHDRAWN  # at once


def test_coordinators_filter_every_offer_in_the_network(client, make, coordinator):
    bank, cloud = make.organisation("Bank"), make.organisation("Cloud")
    make.offer(bank, title="Loans in Wales", support_type="funding", regions=["wales"])
    make.offer(bank, title="UK grants", support_type="funding", regions=["uk"])
    make.offer(cloud, title="Paused skills", status=OfferStatus.PAUSED, regions=["london"])

    def titles(query: str) -> list[str]:
        page = html(client.get(f"/partners/all-offers{query}"))
        return sorted(cell.text for cell in page.select("main tbody tr td:first-child"))

    assert titles("") == ["Loans in Wales", "Paused skills", "UK grants"]
    assert titles("?support_type=funding") == ["Loans in Wales", "UK grants"]
    assert titles("?region=wales") == ["Loans in Wales", "UK grants"]
    assert titles("?region=london&status=paused") == ["Paused skills"]
    assert titles("?region=london&support_type=funding&status=active") == ["UK grants"]
    assert titles("?status=closed") == []


def test_a_bad_filter_is_explained_and_ignored(client, make, coordinator):
    make.offer(title="Still listed")
    response = client.get("/partners/all-offers?region=atlantis&page=abc")
    assert errors(response) == ["Select a region from the list"]
    assert "Still listed" in main_text(response)


def test_all_offers_are_paginated_keeping_the_filters(client, make, coordinator):
    organisation = make.organisation()
    for number in range(23):
        make.offer(organisation, title=f"Offer {number:02d}", support_type="funding")
    make.offer(organisation, title="Other type")

    first = html(client.get("/partners/all-offers?support_type=funding"))
    assert len(first.select("main tbody tr")) == 20
    next_link = first.select_one(".govuk-pagination__next a")["href"]
    assert "support_type=funding" in next_link and "page=2" in next_link
    second = html(client.get(next_link))
    assert len(second.select("main tbody tr")) == 3
    assert "23 offers" in second.select_one("main caption").text
    beyond = client.get("/partners/all-offers?page=99")
    assert beyond.status_code == 200


def test_coordinators_see_the_numbers_for_each_offer(client, make, coordinator):
    offer = make.offer(capacity=3)
    make.introduction(offer)
    make.match(offer=offer)

    row = html(client.get("/partners/all-offers")).select_one("main tbody tr")
    cells = [cell.get_text(strip=True) for cell in row.select("td")]

    assert cells == [offer.title, offer.organisation.name, "Active", "3", "1", "2", "1"]


def test_a_coordinator_cannot_resume_an_offer_the_partner_paused(client, make, partner, log_in):
    offer = make.offer(partner.organisation)
    services.change_offer_status(offer, "pause", actor=partner)
    db.session.commit()
    log_in(make.user(Role.COORDINATOR))

    page = client.get(f"/partners/all-offers/{offer.id}")
    response = post(client, f"/partners/all-offers/{offer.id}/resume")

    assert "The partner paused this offer themselves." in main_text(page)
    assert "only they can resume it" in main_text(client.get(response.location))
    assert offer.status == OfferStatus.PAUSED


def test_two_colleagues_saving_at_the_same_moment_cannot_both_win(make, partner, race):
    offer = make.offer(partner.organisation, capacity=4)
    opened_at, offer_id, partner_id = services.offer_version(offer), offer.id, partner.id

    def save(title):
        details = services.OfferDetails(
            title=title, support_type="skills", themes=["digital-skills"],
            description="Training for staff in everyday digital tools.", regions=["uk"],
            sectors=["all"], sizes=["all"], stages=["all"], capacity=4, starts_on=None,
            ends_on=None, delivery_mode="online", cost="free", more_info_url=None,
            contact_email="programmes@example.com",
        )  # fmt: skip
        try:
            services.update_offer(
                db.session.get(Offer, offer_id), details,
                actor=db.session.get(User, partner_id), seen_version=opened_at,
            )  # fmt: skip
        except services.OfferChangedMeanwhile:
            return "told someone else changed it"
        db.session.commit()
        return title

    outcomes = race(save, ["Cloud skills for teams", "Data skills for teams"])
    [saved] = [outcome for outcome in outcomes if outcome != "told someone else changed it"]
    assert outcomes.count("told someone else changed it") == 1
    db.session.expire_all()
    assert db.session.get(Offer, offer_id).title == saved
