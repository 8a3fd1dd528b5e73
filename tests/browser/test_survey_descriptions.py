"""What an SME types over several lines, in real Chromium: the browser sends its line breaks
as \\r\\n, check answers shows them as paragraphs, and the character count writes its limit
as GOV.UK writes numbers. A kind of help added from check answers goes back to the help page."""

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible
from .test_survey_journey import continue_, fill_survey, heading

pytestmark = pytest.mark.browser

DESCRIPTION = "Two bakers need stock control training.\n<script>alert('hi')</script>\n\nMe too."


def test_line_breaks_survive_the_browser_and_the_count_says_4000_the_gov_uk_way(page):
    fill_survey(page)
    page.get_by_role("link", name="Change description").first.click()
    box = page.get_by_label("What skills or training do you need?")
    box.fill("")
    expect(page.locator(".govuk-character-count__status")).to_have_text(
        "You have 4,000 characters remaining"
    )
    box.fill(DESCRIPTION)
    continue_(page)

    assert heading(page) == "Check your answers before sending them"
    value = page.locator(".govuk-summary-list__row", has_text="Description").first.locator(
        ".govuk-summary-list__value"
    )
    paragraphs = value.locator("p")
    expect(paragraphs).to_have_count(2)
    # inner_text, unlike the text content, shows a <br> as the line break a person sees.
    assert paragraphs.first.inner_text() == (
        "Two bakers need stock control training.\n<script>alert('hi')</script>"
    )
    assert paragraphs.last.inner_text() == "Me too."
    assert_accessible(page)


def test_help_added_from_check_answers_goes_back_to_the_help_page(page):
    fill_survey(page)
    page.get_by_role("link", name="Change help needed").click()
    page.get_by_label("Mentoring and coaching").check()
    continue_(page)

    assert heading(page) == "What would you like a mentor or coach to help with?"
    page.get_by_role("link", name="Back").click()
    assert heading(page) == "What help do you need?"
    expect(page.get_by_label("Mentoring and coaching")).to_be_checked()
