"""Staff pages in Chromium, each checked by axe-core: the admin's users and hubs with a link
to edit each one, and the page the "waiting for approval" e-mail leads to once someone has
decided."""

import re

import pytest
from playwright.sync_api import expect

from matchmaker.extensions import db
from matchmaker.models import OrganisationStatus, Role, utcnow

from ..factories import PASSWORD
from .conftest import assert_accessible

pytestmark = pytest.mark.browser

HOSTILE = "<script>window.hacked = 1</script>"


def sign_in(page, user) -> None:
    page.goto("/account/sign-in")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_an_admin_follows_the_links_to_edit_a_user_and_a_hub(app, make, page):
    coordinator = make.user(Role.COORDINATOR, name=HOSTILE)
    hub = make.hub("wales")
    hub.name = f"Wales {HOSTILE}"
    db.session.commit()
    sign_in(page, make.user(Role.ADMIN))

    page.get_by_role("link", name="Users", exact=True).click()
    expect(page.locator("h1")).to_have_text("Users")
    expect(page.get_by_role("cell", name=HOSTILE)).to_be_visible()  # text, never run
    assert_accessible(page)
    page.get_by_role("link", name=f"{coordinator.email} (change)").click()
    expect(page).to_have_url(re.compile(rf"/admin/users/{coordinator.id}$"))
    assert_accessible(page)

    page.get_by_role("link", name="Hubs", exact=True).click()
    expect(page.locator("h1")).to_have_text("Hubs")
    assert_accessible(page)
    page.get_by_role("link", name=f"Wales {HOSTILE} (change)").click()
    expect(page).to_have_url(re.compile(rf"/admin/hubs/{hub.id}$"))
    assert page.evaluate("() => window.hacked") is None
    assert_accessible(page)


def test_the_waiting_link_after_someone_decided_says_who_and_is_accessible(app, make, page):
    waiting = make.organisation("Waiting Ltd", status=OrganisationStatus.PENDING)
    applicant = make.user(Role.PARTNER, organisation=waiting)
    applicant.email_verified_at = utcnow()
    db.session.commit()
    first = make.user(Role.COORDINATOR, name="Lee Decider")

    sign_in(page, first)
    page.goto(f"/partners/organisations/{waiting.id}")
    page.get_by_role("button", name="Approve Waiting Ltd").click()
    expect(page.locator("main")).to_contain_text("Waiting Ltd is approved")
    sign_out(page)

    sign_in(page, make.user(Role.ADMIN))
    page.goto(f"/partners/organisations/{waiting.id}")  # the link in their e-mail
    expect(page.locator("h1")).to_have_text("Waiting Ltd has already been approved")
    expect(page.locator("#decision")).to_contain_text(f"Lee Decider ({first.email}) approved it")
    assert_accessible(page)
    page.get_by_role("link", name="See the organisations waiting for approval").click()
    expect(page.locator("h1")).to_have_text("Organisations waiting for approval")


def test_a_closed_offer_has_no_resume_page(app, make, page):
    partner = make.user(Role.PARTNER)
    offer = make.offer(partner.organisation, status="closed", title="Finished programme")
    sign_in(page, partner)

    page.goto(f"/partners/offers/{offer.id}/resume")

    expect(page.locator("h1")).to_have_text("Finished programme")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "This offer is closed, so it cannot be changed that way."
    )
    assert_accessible(page)
