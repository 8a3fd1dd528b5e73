"""A coordinator works through the review queue in Chromium: filters it, approves one
proposal (both e-mails reach an SMTP server on loopback), bulk-approves two, rejects one
(the next candidate comes up) and defers one. Every queue page passes axe-core."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.mail.delivery import MailSettings, deliver_due
from matchmaker.matchmaking import model_cache, rebuild_all
from matchmaker.models import Match, Role
from matchmaker.review import services
from matchmaker.uktime import uk_today
from tests.factories import PASSWORD

from .conftest import assert_accessible, has_horizontal_scroll, save_screenshot

pytestmark = pytest.mark.browser

CYBER_OFFERS = [
    ("Cyber awareness training for staff", "Phishing, passwords and safe working: training so staff spot scams and attacks."),
    ("Phishing and scam training", "Short courses that teach staff to spot phishing emails and scams and keep passwords safe."),
    ("Cyber security skills for small teams", "Hands-on training for staff on phishing, scams, passwords and backups."),
    ("Staff cyber training programme", "Training for employees on spotting phishing, scam emails and choosing strong passwords."),
]  # fmt: skip


@pytest.fixture
def hub_queue(make):
    """A North East coordinator's queue: three cyber proposals for one bakery from the
    fitted model (a fourth offer waits its turn), and three mentoring proposals. Gives the
    coordinator and the title of the offer that waits."""
    model_cache.clear()
    coordinator = make.user(Role.COORDINATOR, hub=make.hub("north-east"))
    cyber = [
        make.offer(make.organisation(f"Cyber Partner {i}"), title=title, description=text,
                   themes=["cyber-security"], contact_email=f"cyber{i}@partner.example")
        for i, (title, text) in enumerate(CYBER_OFFERS, start=1)
    ]  # fmt: skip
    bakery = make.business(name="Tyne Bakery", contact_email="ada@tynebakery.example")
    make.need(bakery, themes=["cyber-security"], description="One of my staff clicked a "
              "phishing email and we lost data. Train everyone to spot scams and passwords.")  # fmt: skip
    rebuild_all()
    db.session.commit()
    proposed = set(db.session.scalars(select(Match.offer_id)))
    [waiting] = [offer.title for offer in cyber if offer.id not in proposed]
    mentoring = make.offer(make.organisation("Pennine University"), title="Leadership coaching",
                           support_type="mentoring", contact_email="coaching@pennine.example")  # fmt: skip
    for name, score in (("Wear Joinery", 0.7), ("Tees Robotics", 0.6), ("Alnwick Crafts", 0.5)):
        business = make.business(
            name=name, contact_email=f"owner@{name.split()[0].lower()}.example"
        )
        need = make.need(business, support_type="mentoring", description="I need a mentor to grow.")
        make.match(need, mentoring, score=score, reasons="Shared themes: Leadership.")
    yield coordinator, waiting
    model_cache.clear()


def sign_in(page, user):
    page.goto("/account/sign-in")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Dashboard")


def deliver(app, smtp_server):
    app.config["MAIL_URL"] = smtp_server.url
    try:
        deliver_due(MailSettings.from_config(app.config))
    finally:
        app.config["MAIL_URL"] = None


def test_a_coordinator_works_through_the_queue(app, page, hub_queue, smtp_server):
    coordinator, waiting = hub_queue
    sign_in(page, coordinator)
    page.get_by_role("link", name="Review queue").click()
    expect(page.locator("h1")).to_have_text("Review queue")
    expect(page.locator("main")).to_contain_text("To review (6)")
    assert_accessible(page)

    # Filter: mentoring only.
    page.get_by_label("Type of support").select_option(label="Mentoring and coaching")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("tbody tr")).to_have_count(3)
    expect(page.locator("tbody")).not_to_contain_text("Tyne Bakery")
    assert_accessible(page)

    # Approve one, with an edited note, after checking the proposal and the preview.
    page.get_by_role("link", name="Wear Joinery").click()
    expect(page.locator("h1")).to_have_text("Leadership coaching")
    expect(page.locator("main")).to_contain_text("I need a mentor to grow.")
    assert_accessible(page)
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("h1")).to_have_text("Approve the introduction")
    assert_accessible(page)
    page.get_by_label("Introduction note").fill("Wear Joinery wants a mentor: please talk.")
    page.get_by_role("button", name="Update the preview").click()
    expect(page.locator("main")).to_contain_text("To: coaching@pennine.example")
    expect(page.locator(".govuk-inset-text").first).to_contain_text("please talk")
    page.get_by_role("button", name="Approve and send introductions").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Introduction approved")
    expect(page.locator("tbody tr")).to_have_count(2)  # back on the filtered queue
    deliver(app, smtp_server)
    [to_business] = smtp_server.to("owner@wear.example")
    [to_partner] = smtp_server.to("coaching@pennine.example")
    assert "please talk" in smtp_server.text_of(to_business)
    assert "owner@wear.example" in smtp_server.text_of(to_partner)

    # Bulk-approve the other two, with a confirmation step.
    page.get_by_label("Select Leadership coaching for Tees Robotics").check()
    page.get_by_label("Select Leadership coaching for Alnwick Crafts").check()
    page.get_by_role("button", name="Approve selected").click()
    expect(page.locator("h1")).to_have_text("Approve 2 introductions?")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, approve 2 introductions").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 introductions approved")
    expect(page.locator("main")).to_contain_text("To review (0)")

    # Reject a cyber proposal: the fourth offer is proposed in its place.
    page.get_by_role("link", name="Clear filters").click()
    expect(page.locator("tbody tr")).to_have_count(3)
    expect(page.locator("tbody")).not_to_contain_text(waiting)
    first_title = page.locator("tbody tr").first.locator("td").nth(2).inner_text().split("\n")[0]
    page.locator("tbody tr").first.get_by_role("link").click()
    page.get_by_role("button", name="Reject").click()
    expect(page.locator("h1")).to_have_text("Reject the proposal")
    page.get_by_role("button", name="Reject proposal").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select why you are rejecting")
    assert_accessible(page)
    page.get_by_label("Not relevant to what the business asked for").check()
    page.get_by_role("button", name="Reject proposal").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Proposed next:")
    expect(page.locator("tbody tr")).to_have_count(3)
    expect(page.locator("tbody")).not_to_contain_text(first_title)
    expect(page.locator("tbody")).to_contain_text(waiting)

    # Defer another one for a fortnight.
    page.locator("tbody tr").first.get_by_role("link").click()
    page.get_by_role("button", name="Defer").click()
    expect(page.locator("h1")).to_have_text("Defer the proposal")
    assert_accessible(page)
    until = uk_today() + timedelta(days=14)
    page.get_by_label("Day").fill(str(until.day))
    page.get_by_label("Month").fill(str(until.month))
    page.get_by_label("Year").fill(str(until.year))
    page.get_by_role("button", name="Defer proposal").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Proposal deferred until")
    expect(page.locator("tbody tr")).to_have_count(2)
    page.get_by_role("link", name="Deferred (1)").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    assert_accessible(page)

    # The introductions, and recording an outcome by hand.
    page.get_by_role("link", name="Introduced (3)").click()
    expect(page.locator("tbody tr")).to_have_count(3)
    assert_accessible(page)
    page.get_by_role("link", name="Wear Joinery").click()
    expect(page.locator("h1")).to_have_text("Wear Joinery and Pennine University")
    page.get_by_label("They met").check()
    page.get_by_role("button", name="Record outcome").click()
    expect(page.locator("main")).to_contain_text("A coordinator")
    assert_accessible(page)
    save_screenshot(page, "review-introduction")


def test_error_pages_of_the_decisions_are_accessible(page, make, hub_queue):
    coordinator, _ = hub_queue
    sign_in(page, coordinator)
    page.goto("/review?support_type=mentoring")
    page.get_by_role("link", name="Wear Joinery").click()
    page.get_by_role("button", name="Approve").click()
    page.get_by_label("Introduction note").fill("")
    page.get_by_role("button", name="Approve and send introductions").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter an introduction note")
    assert_accessible(page)
    page.get_by_role("link", name="Back to the proposal").click()
    page.get_by_role("button", name="Defer").click()
    page.get_by_role("button", name="Defer proposal").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_the_queue_works_with_the_keyboard_and_without_javascript(page_without_js, hub_queue):
    page = page_without_js
    coordinator, _ = hub_queue
    sign_in(page, coordinator)
    page.goto("/review?support_type=mentoring")
    page.get_by_label("Select Leadership coaching for Wear Joinery").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Reject selected").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Reject 1 proposal?")
    page.get_by_label("The business is not ready yet").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Yes, reject 1 proposal").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Proposal rejected")
    expect(page.locator("tbody tr")).to_have_count(2)


def test_the_follow_up_question_is_accessible_and_fits_a_phone(app, phone_page, make, hub_queue):
    coordinator, _ = hub_queue
    match = make.match()
    introduction = services.approve_match(match, note="Hi", actor=coordinator)
    db.session.commit()
    with app.test_request_context():
        token = services.follow_up_token(introduction, "sme")
    phone_page.goto(f"/follow-up/{token}?result=met")
    expect(phone_page.locator("h1")).to_contain_text("How did your introduction to")
    assert not has_horizontal_scroll(phone_page)
    assert_accessible(phone_page)
    phone_page.get_by_role("button", name="Send your answer").click()
    expect(phone_page.locator(".govuk-panel")).to_contain_text("You told us: We met")
    assert_accessible(phone_page)


def test_the_queue_fits_a_phone(phone_page, hub_queue):
    coordinator, _ = hub_queue
    sign_in(phone_page, coordinator)
    phone_page.goto("/review")
    expect(phone_page.locator("tbody tr")).to_have_count(6)
    assert not has_horizontal_scroll(phone_page)
    assert_accessible(phone_page)


def test_the_bulk_confirmation_and_a_proposal_fit_a_phone(phone_page, hub_queue):
    """Their tables scroll sideways on a phone: the keyboard can reach and scroll them."""
    coordinator, _ = hub_queue
    sign_in(phone_page, coordinator)
    phone_page.goto("/review?support_type=mentoring")
    phone_page.get_by_label("Select Leadership coaching for Wear Joinery").check()
    phone_page.get_by_label("Select Leadership coaching for Tees Robotics").check()
    phone_page.get_by_role("button", name="Reject selected").click()
    expect(phone_page.locator("h1")).to_have_text("Reject 2 proposals?")
    assert not has_horizontal_scroll(phone_page)
    assert_accessible(phone_page)
    phone_page.get_by_role("link", name="Back to the queue").click()
    phone_page.goto("/review?support_type=skills")
    phone_page.locator("main tbody a").first.click()
    expect(phone_page.locator("h2", has_text="Other offers for this need")).to_be_visible()
    assert not has_horizontal_scroll(phone_page)
    assert_accessible(phone_page)
