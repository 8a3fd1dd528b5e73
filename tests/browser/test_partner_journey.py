"""A partner's whole journey in Chromium, with e-mail through a real SMTP server on loopback,
and every partner page checked by axe-core."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from matchmaker.extensions import db
from matchmaker.mail.delivery import MailSettings, deliver_due
from matchmaker.models import MatchStatus, OrganisationStatus, Role, utcnow
from matchmaker.uktime import uk_today
from tests.factories import PASSWORD

from .conftest import assert_accessible, has_horizontal_scroll, save_screenshot

pytestmark = pytest.mark.browser

EMAIL = "priya@northwind.example"
PARTNER_PASSWORD = "kettle orchard lantern"


@pytest.fixture
def inbox(app, live_server, smtp_server, monkeypatch):
    """E-mails go to the loopback SMTP server, with links to the live server."""
    monkeypatch.setitem(app.config, "MAIL_URL", smtp_server.url)
    monkeypatch.setitem(app.config, "BASE_URL", live_server)

    def latest_link(address: str, contains: str) -> str:
        deliver_due(MailSettings.from_config(app.config))
        body = smtp_server.text_of(smtp_server.to(address)[-1])
        return next(link for link in re.findall(r"https?://\S+", body) if contains in link)

    return latest_link


def heading(page: Page) -> str:
    return page.locator("h1").inner_text()


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/account/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def errors(page: Page) -> str:
    return page.locator(".govuk-error-summary").inner_text()


def test_a_partner_signs_up_is_approved_and_publishes_an_offer(app, make, page, inbox):
    coordinator = make.user(Role.COORDINATOR)

    # Sign up, with a mistake on the way.
    page.goto("/partners/sign-up")
    assert heading(page) == "Register your organisation"
    assert_accessible(page)
    page.get_by_label("Organisation name").fill("Northwind Cloud")
    page.get_by_label("Companies House number (optional)").fill("NW12")
    page.get_by_label("Website").fill("www.northwind.example")
    page.get_by_label("Your full name").fill("Priya Shah")
    page.get_by_label("Work email address").fill(EMAIL)
    page.get_by_label("Create a password").fill(PARTNER_PASSWORD)
    page.get_by_label("Confirm your password").fill(PARTNER_PASSWORD)
    page.get_by_role("button", name="Register").click()
    expect(page).to_have_title(re.compile(r"^Error: "))  # waits for the page to load
    assert "Enter a Companies House number in the correct format" in errors(page)
    assert page.get_by_label("Organisation name").input_value() == "Northwind Cloud"
    assert_accessible(page)
    page.get_by_label("Companies House number (optional)").fill("01234567")
    page.get_by_label("Create a password").fill(PARTNER_PASSWORD)
    page.get_by_label("Confirm your password").fill(PARTNER_PASSWORD)
    page.get_by_role("button", name="Register").click()
    assert heading(page) == "Check your email"
    assert_accessible(page)

    # Confirm the e-mail address with the link that arrived over SMTP.
    page.goto(inbox(EMAIL, "/partners/confirm-email/"))
    assert heading(page) == "Confirm your email address"
    assert_accessible(page)
    page.get_by_role("button", name="Confirm email address").click()
    assert heading(page) == "Sign in"
    assert "Your email address is confirmed" in page.locator("main").inner_text()

    # Wait for approval: no partner pages yet.
    sign_in(page, EMAIL, PARTNER_PASSWORD)
    assert heading(page) == "Your organisation is waiting for approval"
    assert_accessible(page)
    page.goto("/partners/offers/new")
    assert heading(page) == "Your organisation is waiting for approval"
    sign_out(page)

    # A coordinator approves the organisation.
    sign_in(page, coordinator.email)
    page.get_by_role("link", name="Partners", exact=True).click()
    assert heading(page) == "Organisations waiting for approval"
    assert_accessible(page)
    page.get_by_role("link", name="Northwind Cloud").click()
    assert heading(page) == "Northwind Cloud"
    assert_accessible(page)
    page.get_by_role("button", name="Approve Northwind Cloud").click()
    assert "Northwind Cloud is approved" in page.locator("main").inner_text()
    sign_out(page)

    # The partner is told, signs in and creates an offer, fixing mistakes on the way.
    sign_in(page, EMAIL, PARTNER_PASSWORD)
    assert "/account/sign-in" in inbox(EMAIL, "/account/sign-in")
    assert heading(page) == "Dashboard"
    assert_accessible(page)
    page.get_by_role("button", name="Create an offer").click()
    assert heading(page) == "Create an offer"
    assert_accessible(page)
    page.get_by_role("button", name="Create offer").click()
    assert "Enter a title for the offer" in errors(page)
    assert_accessible(page)

    page.get_by_label("Title").fill("Cloud skills bootcamp")
    page.get_by_label("Skills and training").check()
    page.get_by_label("Digital skills of the owner and staff").check()
    page.get_by_label("Description").fill("Eight online sessions <script>alert(1)</script>")
    page.get_by_label("North East").check()
    page.get_by_label("All sectors").check()
    page.get_by_label("All sizes").check()
    page.get_by_label("All stages").check()
    page.get_by_label("How many businesses can you take on?").fill("0")
    today = uk_today()
    fill_date(page, "starts_on", today + timedelta(days=60))
    fill_date(page, "ends_on", today + timedelta(days=30))  # before the start
    page.get_by_label("Online", exact=True).check()
    page.get_by_label("Free").check()
    page.get_by_role("button", name="Create offer").click()
    problems = errors(page)
    assert "The number of businesses must be between 1 and 10,000" in problems
    assert "End date must be the same as or after the start date" in problems
    assert page.get_by_label("Title").input_value() == "Cloud skills bootcamp"
    assert page.get_by_label("North East").is_checked()
    assert_accessible(page)

    page.get_by_label("How many businesses can you take on?").fill("12")
    fill_date(page, "ends_on", today + timedelta(days=120))
    page.get_by_role("button", name="Create offer").click()
    assert heading(page) == "Cloud skills bootcamp"
    main = page.locator("main").inner_text()
    assert "12 in total: 0 used, 12 left" in main
    assert "<script>alert(1)</script>" in main  # shown as text, never run
    assert_accessible(page)

    # Pause it, and see it on the dashboard.
    page.get_by_role("button", name="Pause offer").click()
    assert "Offer paused" in page.locator("main").inner_text()
    page.get_by_role("link", name="Back to dashboard").click()
    row = page.locator("main table tbody tr").first
    expect(row).to_contain_text("Cloud skills bootcamp")
    expect(row).to_contain_text("Paused")
    assert_accessible(page)
    save_screenshot(page, "partner-dashboard")


def test_every_other_partner_and_hub_page_is_accessible(app, make, page):
    organisation = make.organisation("Calder Engineering")
    partner = make.user(Role.PARTNER, organisation=organisation)
    offer = make.offer(
        organisation, title="Lean manufacturing diagnostic", support_type="expertise"
    )
    introduction = make.introduction(offer, note="Keen to start in spring.")
    make.match(offer=offer, status=MatchStatus.PROPOSED)
    colleague = make.user(Role.PARTNER, organisation=organisation)
    waiting = make.organisation("Waiting Ltd", status=OrganisationStatus.PENDING)
    applicant = make.user(Role.PARTNER, organisation=waiting)
    applicant.email_verified_at = utcnow()
    db.session.commit()

    sign_in(page, partner.email)
    for path, title in [
        (f"/partners/offers/{offer.id}/edit", "Change Lean manufacturing diagnostic"),
        (f"/partners/offers/{offer.id}/close", "Close this offer?"),
        (f"/partners/introductions/{introduction.id}", introduction.match.need.business.name),
        ("/partners/colleagues", "Colleagues"),
        ("/partners/colleagues/new", "Invite a colleague"),
        (f"/partners/colleagues/{colleague.id}/remove", f"Remove {colleague.email}?"),
    ]:
        page.goto(path)
        assert heading(page) == title, path
        assert_accessible(page)

    page.goto(f"/partners/introductions/{introduction.id}")
    page.get_by_role("button", name="Record outcome").click()
    assert "Select what happened" in errors(page)
    assert_accessible(page)
    page.get_by_label("We are working together").check()
    page.get_by_label("Note (optional)").fill("Second visit booked")
    page.get_by_role("button", name="Record outcome").click()
    assert "Outcome recorded" in page.locator("main").inner_text()
    sign_out(page)

    sign_in(page, make.user(Role.ADMIN).email)
    page.goto("/partners/all-offers?support_type=expertise")
    assert heading(page) == "All offers"
    assert_accessible(page)
    page.get_by_role("link", name="Lean manufacturing diagnostic").click()
    page.get_by_role("button", name="Pause offer").click()
    assert "Enter the reason for pausing the offer" in errors(page)
    assert_accessible(page)
    page.get_by_label("Why are you pausing this offer?").fill("It charges a fee up front.")
    page.get_by_role("button", name="Pause offer").click()
    assert "Offer paused" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(f"/partners/organisations/{waiting.id}")
    page.get_by_role("button", name="Decline Waiting Ltd").click()
    assert "Enter the reason for declining" in errors(page)
    assert_accessible(page)
    sign_out(page)

    for path, title in [
        ("/partners/sign-up/check-your-email", "Check your email"),
        ("/partners/confirm-email/new-link", "Get a new link to confirm your email address"),
        ("/partners/confirm-email/not-a-real-link", "This link does not work"),
    ]:
        page.goto(path)
        assert heading(page) == title
        assert_accessible(page)


def test_partner_pages_fit_a_320px_phone_screen(app, make, phone_page):
    partner = make.user(Role.PARTNER)
    offer = make.offer(partner.organisation, title="A" * 60)
    make.introduction(offer)
    phone_page.goto("/partners/sign-up")
    assert not has_horizontal_scroll(phone_page)
    sign_in(phone_page, partner.email)
    for path in ("/partners/dashboard", "/partners/offers/new", f"/partners/offers/{offer.id}"):
        phone_page.goto(path)
        assert not has_horizontal_scroll(phone_page), path
        assert_accessible(phone_page)


def test_a_partner_can_create_an_offer_without_javascript(app, make, page_without_js):
    page = page_without_js
    partner = make.user(Role.PARTNER)
    sign_in(page, partner.email)
    page.goto("/partners/offers/new")
    page.get_by_label("Title").fill("Mentoring circle")
    page.get_by_label("Mentoring and coaching").check()
    page.get_by_label("Description").fill("Monthly meetings.")
    page.get_by_label("UK-wide").check()
    page.get_by_label("North East").check()  # no script to untick UK-wide: the server says
    page.get_by_label("All sectors").check()
    page.get_by_label("All sizes").check()
    page.get_by_label("All stages").check()
    page.get_by_label("How many businesses can you take on?").fill("4")
    page.get_by_label("In person", exact=True).check()
    page.get_by_label("Paid").check()
    page.get_by_role("button", name="Create offer").click()
    assert "Select UK-wide or particular regions, not both" in errors(page)
    page.get_by_label("North East").uncheck()
    page.get_by_role("button", name="Create offer").click()
    assert heading(page) == "Mentoring circle"


def fill_date(page: Page, field: str, day: date) -> None:
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        page.locator(f"#{field}-{part}").fill(str(value))
