"""An admin reads the insights dashboard in Chromium: filters by URL, charts beside their
tables, zero axe-core violations, a clean print, and a phone-sized screen."""

import re

import pytest
from playwright.sync_api import expect

from matchmaker.models import Role

from ..factories import PASSWORD
from ..insights.network import build_network
from .conftest import assert_accessible, has_horizontal_scroll, save_screenshot

pytestmark = pytest.mark.browser


def sign_in(page, user) -> None:
    page.goto("/account/sign-in")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_an_admin_filters_the_dashboard_and_it_is_accessible(app, make, page):
    network = build_network()
    sign_in(page, make.user(Role.ADMIN))

    page.get_by_role("link", name="Insights").click()
    expect(page.locator("h1")).to_have_text("Insights")
    page.get_by_label("From", exact=True).fill(network.query().split("&")[0].removeprefix("start="))
    page.get_by_label("Type of support", exact=True).select_option(label="Skills and training")
    page.get_by_role("button", name="Show figures").click()
    expect(page).to_have_url(re.compile(r"support_type=skills"))
    expect(page.locator("#scope")).to_contain_text("skills and training")
    funnel = page.locator("#table-funnel")
    expect(funnel.get_by_role("img")).to_be_visible()
    expect(funnel.locator("tbody tr").first.locator("td").first).to_have_text("4")

    page.goto(f"/insights/?{network.query()}")
    skills = page.locator("#table-demand-support-type tbody tr").first.locator("td")
    expect(skills).to_have_text(["4", "1", "+3", "300.0%"])
    assert_accessible(page)
    save_screenshot(page, "insights-dashboard")

    page.emulate_media(media="print")
    expect(page.locator("form.app-filters")).to_be_hidden()
    expect(page.locator(".govuk-service-navigation")).to_be_hidden()
    expect(page.locator("#table-funnel svg.app-chart__svg")).to_be_visible()
    expect(page.get_by_role("link", name="Download as CSV").first).to_be_hidden()


def test_a_coordinator_reads_insights_on_a_phone(app, make, phone_page):
    network = build_network()
    sign_in(phone_page, make.user(Role.COORDINATOR, hub=network.hubs["north-east"]))
    phone_page.goto(f"/insights/?{network.query(supply_by='theme')}")
    expect(phone_page.locator("#scope")).to_contain_text("North East Growth Hub")
    expect(phone_page.locator("#table-supply-theme tbody tr")).to_have_count(5)
    assert not has_horizontal_scroll(phone_page)
    assert_accessible(phone_page)
