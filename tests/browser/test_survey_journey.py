"""An SME fills in the survey in real Chromium, as they would: with mistakes, a break in the
middle (resumed from the link in a real e-mail), a change from check answers, and later the
status page from the confirmation e-mail. axe-core checks every page on the way."""

import re

import pytest
from playwright.sync_api import Page, expect

from matchmaker.mail.delivery import MailSettings, deliver_due

from ..smtp import SmtpServer
from .conftest import assert_accessible, has_horizontal_scroll, save_screenshot

pytestmark = pytest.mark.browser

EMAIL = "zoe@tyne-bakery.example"
LINK = re.compile(r"https?://\S+")


@pytest.fixture
def inbox(app, live_server, smtp_server, monkeypatch):
    """Deliver the outbox to the loopback SMTP server; return the newest link to a page."""
    monkeypatch.setitem(app.config, "MAIL_URL", smtp_server.url)
    monkeypatch.setitem(app.config, "BASE_URL", live_server)
    # One SME clicks a few dozen times in a minute here; the limit itself is tested elsewhere.
    monkeypatch.setitem(app.config, "PUBLIC_FORM_RATE_LIMIT", "1000 per minute")

    def newest_link(containing: str) -> str:
        deliver_due(MailSettings.from_config(app.config))
        text = SmtpServer.text_of(smtp_server.to(EMAIL)[-1])
        return next(url for url in LINK.findall(text) if containing in url)

    return newest_link


def heading(page: Page) -> str:
    return page.locator("h1").inner_text()


def continue_(page: Page) -> None:
    page.get_by_role("button", name="Continue").click()


def shows_error(page: Page, message: str) -> None:
    """The error summary lists the message and the title starts with Error."""
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    expect(page).to_have_title(re.compile(r"^Error: "))  # waits for the page to load


def fill_survey(page: Page, check=lambda page: None) -> None:
    """Answer every page correctly from the start page to check answers."""
    page.goto("/")
    check(page)
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Full name").fill("Zoë Owner")
    page.get_by_label("Email address").fill(EMAIL)
    check(page)
    continue_(page)
    page.get_by_label("Business name").fill("Tyne Bakery")
    page.get_by_label("Business postcode").fill("ne14st")
    check(page)
    continue_(page)
    for choice in [
        "North East",
        "Accommodation and food service",
        "Micro (0 to 9 employees)",
        "Trading for less than 3 years",
    ]:
        page.get_by_label(choice, exact=True).check()
        check(page)
        continue_(page)
    page.get_by_label("Skills and training").check()
    check(page)
    continue_(page)
    page.get_by_label("What skills or training do you need?").fill(
        "Our two bakers need to learn the new stock control software."
    )
    check(page)
    continue_(page)
    page.get_by_label("I agree").check()
    check(page)
    continue_(page)
    assert heading(page) == "Check your answers before sending them"
    check(page)


def test_an_sme_completes_the_whole_journey(app, page, inbox):
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()

    # Your details: a first try with nothing filled in, then a bad address.
    assert heading(page) == "Your details"
    assert_accessible(page)
    continue_(page)
    shows_error(page, "Enter your full name")
    assert_accessible(page)
    page.get_by_label("Full name").fill("Zoë 李 Owner 🙂")
    page.get_by_label("Email address").fill("zoe.tyne-bakery.example")
    continue_(page)
    shows_error(page, "Enter an email address in the correct format")
    assert page.get_by_label("Full name").input_value() == "Zoë 李 Owner 🙂"
    page.get_by_label("Email address").fill(EMAIL)
    continue_(page)

    # The business: a postcode that is not one, then one typed carelessly.
    page.get_by_label("Business name").fill("Tyne Bakery <script>alert(1)</script>")
    page.get_by_label("Business postcode").fill("NE1")
    continue_(page)
    shows_error(page, "Enter a real postcode, like NE1 4ST")
    assert_accessible(page)
    page.get_by_role("link", name="Enter a real postcode, like NE1 4ST").click()
    expect(page.get_by_label("Business postcode")).to_be_focused()
    page.get_by_label("Business postcode").fill("ne14st")
    continue_(page)

    # The region is pre-selected from the postcode.
    assert heading(page) == "Which region is your business in?"
    expect(page.get_by_label("North East", exact=True)).to_be_checked()
    expect(page.locator("main")).to_contain_text("We have selected North East from your postcode")
    assert_accessible(page)
    continue_(page)

    continue_(page)
    shows_error(page, "Select what your business does")
    assert_accessible(page)
    page.get_by_label("Accommodation and food service").check()
    continue_(page)
    page.get_by_label("Micro (0 to 9 employees)").check()
    continue_(page)
    page.get_by_label("Trading for less than 3 years").check()
    continue_(page)
    page.get_by_label("Skills and training").check()
    page.get_by_label("Funding").check()
    assert_accessible(page)
    continue_(page)

    # Half-way through the first description, they save and stop for the day.
    page.get_by_label("What skills or training do you need?").fill(
        "Our two bakers need to learn the new stock control software."
    )
    page.get_by_label("Digital skills of the owner and staff").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save and come back later").click()
    assert heading(page) == "Your answers have been saved"
    expect(page.locator("main")).to_contain_text(EMAIL)
    assert_accessible(page)

    # The next day, cookies gone, the link in the e-mail brings them back.
    page.context.clear_cookies()
    page.goto(inbox("/survey/resume/"))
    assert heading(page) == "What do you need funding for?"
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Welcome back")
    assert_accessible(page)

    # Too much text: the character count warns, the error summary explains.
    description = page.get_by_label("What do you need funding for?")
    description.fill("oven " * 801)
    expect(page.locator(".govuk-character-count__status")).to_contain_text("too many")
    continue_(page)
    shows_error(page, "Description must be 4,000 characters or fewer")
    assert_accessible(page)
    description.fill("About £20,000 for a second oven so we can supply local cafés.")
    continue_(page)

    continue_(page)
    shows_error(page, "Confirm that you agree")
    assert_accessible(page)
    page.get_by_label("I agree").check()
    continue_(page)

    # Check answers: a change returns here.
    assert heading(page) == "Check your answers before sending them"
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Tyne Bakery <script>alert(1)</script>")
    page.get_by_role("link", name="Change sector").click()
    page.get_by_label("Manufacturing").check()
    continue_(page)
    assert heading(page) == "Check your answers before sending them"
    expect(page.locator("main")).to_contain_text("Manufacturing")

    page.get_by_role("button", name="Accept and send").click()
    panel = page.locator(".govuk-panel")
    expect(panel).to_contain_text("Request sent")
    reference = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", panel.inner_text()).group()
    assert_accessible(page)

    # Later, from the confirmation e-mail: the status page.
    page.goto(inbox("/status/"))
    assert heading(page) == "Your requests for help"
    expect(page.locator("main")).to_contain_text(reference)
    expect(page.locator(".govuk-tag").first).to_have_text("Received")
    assert_accessible(page)

    page.get_by_role("link", name="Change what you need (Skills and training)").click()
    assert heading(page) == "Change what you need"
    assert_accessible(page)
    page.get_by_label("Change what you need").fill("Training on stock control software.")
    page.get_by_role("button", name="Save the change").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been updated")

    page.get_by_role("link", name="Withdraw (Funding)").click()
    assert heading(page).startswith("Are you sure you want to withdraw your request for funding")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, withdraw it").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have withdrawn")
    expect(page.locator(".govuk-tag").nth(1)).to_have_text("Withdrawn")
    assert_accessible(page)

    status_url = page.url
    page.get_by_role("link", name="Delete all my data").click()
    assert heading(page) == "Are you sure you want to delete all your data?"
    assert_accessible(page)
    page.get_by_role("button", name="Yes, delete my data").click()
    assert heading(page) == "Your data has been deleted"
    assert_accessible(page)
    page.goto(status_url)
    assert heading(page) == "Your data has been deleted"


def test_link_pages_and_blocked_pages_are_clear_and_accessible(app, page, inbox, monkeypatch):
    page.goto("/survey/resume/not-a-real-link")
    assert heading(page) == "This link does not work"
    assert_accessible(page)
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_role("button", name="Send me a new link").click()
    assert heading(page) == "Check your email"
    assert_accessible(page)

    page.goto("/survey/your-details")
    page.get_by_label("Full name").fill("Robot")
    page.locator("#website").evaluate("input => input.value = 'http://spam.example'")
    continue_(page)
    assert heading(page) == "Sorry, we could not accept your answers"
    assert_accessible(page)

    monkeypatch.setitem(app.config, "PUBLIC_FORM_RATE_LIMIT", "1 per minute")
    page.goto("/survey/new-link")
    assert_accessible(page)
    for _ in range(2):
        page.get_by_role("button", name="Send me a new link").click()
    assert heading(page) == "You have tried too many times"
    assert_accessible(page)


def test_the_journey_works_without_javascript(app, page_without_js, inbox):
    fill_survey(page_without_js)
    page_without_js.get_by_role("link", name="Change business name").click()
    page_without_js.get_by_label("Business name").fill("Tyne Bakery and Café")
    continue_(page_without_js)
    page_without_js.get_by_role("button", name="Accept and send").click()
    assert "Request sent" in page_without_js.locator(".govuk-panel").inner_text()

    page_without_js.goto(inbox("/status/"))
    page_without_js.get_by_role("link", name="Withdraw (Skills and training)").click()
    page_without_js.get_by_role("button", name="Yes, withdraw it").click()
    assert page_without_js.locator(".govuk-tag").inner_text() == "Withdrawn"
    page_without_js.get_by_role("link", name="Delete all my data").click()
    page_without_js.get_by_role("button", name="Yes, delete my data").click()
    assert heading(page_without_js) == "Your data has been deleted"


def test_the_journey_fits_a_320px_phone_screen(app, phone_page, inbox):
    def fits(page: Page) -> None:
        assert not has_horizontal_scroll(page), page.url

    fill_survey(phone_page, check=fits)
    save_screenshot(phone_page, "survey-check-answers-320px")
    phone_page.get_by_role("button", name="Accept and send").click()
    expect(phone_page.locator(".govuk-panel")).to_contain_text("Request sent")  # arrived
    fits(phone_page)
    phone_page.goto(inbox("/status/"))
    fits(phone_page)
    assert_accessible(phone_page)
    save_screenshot(phone_page, "survey-status-320px")
