"""In Chromium: error pages are accessible service pages whose links open, a stale sign-out
form still signs out, and a crafted `next` cannot take anyone off the site."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from matchmaker.models import Role
from tests.factories import PASSWORD

from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def _sign_in(page: Page, email: str, path: str = "/account/sign-in") -> None:
    page.goto(path)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _stale_form_token(page: Page) -> None:
    # As if the form had been left open until its token expired.
    page.evaluate(
        "() => document.querySelectorAll('input[name=csrf_token]')"
        ".forEach(input => { input.value = 'expired' })"
    )


def test_an_address_opened_the_wrong_way_gets_an_accessible_page(page: Page, live_server):
    response = page.goto("/account/sign-out")
    assert response.status == 405
    expect(page.locator("h1")).to_have_text("This page cannot be opened from a link")
    assert_accessible(page)
    page.get_by_role("link", name="Go to the start page").click()
    expect(page).to_have_url(f"{live_server}/")


def test_a_timed_out_form_explains_and_links_back_to_its_page(page: Page, make):
    page.goto("/account/forgot-password")
    _stale_form_token(page)
    page.get_by_label("Email address").fill("someone@example.com")
    page.get_by_role("button", name="Send the link").click()

    expect(page.locator("h1")).to_have_text("This page timed out")
    assert_accessible(page)
    page.get_by_role("link", name="Go back to the page and try again").click()
    assert urlsplit(page.url).path == "/account/forgot-password"
    expect(page.locator("h1")).to_have_text("Reset your password")


def test_signing_out_with_a_stale_form_still_signs_out(page: Page, make):
    user = make.user(Role.COORDINATOR)
    _sign_in(page, user.email)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    _stale_form_token(page)
    page.get_by_role("button", name="Sign out").click()

    assert urlsplit(page.url).path == "/account/sign-in"
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out")
    page.goto("/dashboard")
    assert urlsplit(page.url).path == "/account/sign-in"


@pytest.mark.parametrize("next_query", ["/%09/evil.example/x", "/%0a/evil.example", "/%5Cevil"])
def test_a_crafted_next_lands_on_the_dashboard(page: Page, make, live_server, next_query):
    user = make.user(Role.COORDINATOR)
    _sign_in(page, user.email, f"/account/sign-in?next={next_query}")
    assert page.url == f"{live_server}/dashboard"
    expect(page.locator("h1")).to_be_visible()
