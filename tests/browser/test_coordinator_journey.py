"""A coordinator signs in with the demo account and every page they visit passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from matchmaker.demo import COORDINATOR_EMAIL, DEMO_PASSWORD, load_demo
from matchmaker.extensions import db

from .conftest import assert_accessible, axe_violations, has_horizontal_scroll, save_screenshot

pytestmark = pytest.mark.browser


def test_demo_coordinator_signs_in_and_every_page_is_accessible(app, page):
    load_demo(businesses=20)
    db.session.commit()

    page.goto("/")
    assert page.locator("h1").inner_text() == "Get help to grow your business"
    assert_accessible(page)

    page.get_by_role("link", name="sign in").click()
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))  # waits for the page to load
    assert_accessible(page)

    page.get_by_label("Email address").fill(COORDINATOR_EMAIL)
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    assert (
        "email address or password is not right"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert page.get_by_label("Email address").input_value() == COORDINATOR_EMAIL

    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Dashboard")
    assert "North East Growth Hub" in page.locator("main").inner_text()
    assert_accessible(page)

    for link in ("Privacy notice", "Accessibility statement", "Cookies"):
        page.get_by_role("link", name=link).click()
        expect(page.locator("h1")).to_have_text(link)
        assert_accessible(page)

    page.goto("/no-such-page")
    assert page.locator("h1").inner_text() == "Page not found"
    assert_accessible(page)

    page.goto("/admin/users")
    assert page.locator("h1").inner_text() == "You do not have permission to see this page"
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("Sign in")
    assert "You have signed out" in page.locator("main").inner_text()
    save_screenshot(page, "signed-out")


def test_pages_fit_a_320px_phone_screen(app, phone_page):
    for path in ("/", "/account/sign-in", "/privacy", "/cookies"):
        phone_page.goto(path)
        assert not has_horizontal_scroll(phone_page), path
        assert_accessible(phone_page)


def test_sign_in_works_without_javascript(app, make, page_without_js):
    user = make.user()
    page_without_js.goto("/account/sign-in")
    page_without_js.get_by_label("Email address").fill(user.email)
    page_without_js.get_by_label("Password", exact=True).fill("correct horse battery")
    page_without_js.get_by_role("button", name="Sign in").click()
    expect(page_without_js.locator("h1")).to_have_text("Dashboard")


def test_the_accessibility_check_really_catches_problems(page, live_server):
    page.goto("/")
    page.set_content("<html><body><img src='x.png'><input type='text'></body></html>")
    rules = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "label", "html-has-lang", "document-title"} <= rules
