"""Every rule on every page: a GOV.UK message that says how to fix it, and the input kept."""

import pytest

from .conftest import errors, page

LONG = "x" * 5000


@pytest.mark.parametrize(
    ("step", "changes", "message"),
    [
        ("your-details", {"contact_name": ""}, "Enter your full name"),
        ("your-details", {"contact_name": "   "}, "Enter your full name"),
        ("your-details", {"contact_name": LONG}, "Full name must be 200 characters or fewer"),
        ("your-details", {"email": ""}, "Enter your email address"),
        ("your-details", {"email": " \t "}, "Enter your email address"),
        (
            "your-details",
            {"email": "sam.bakery.example"},
            "Enter an email address in the correct format, like name@example.com",
        ),
        (
            "your-details",
            {"email": "s" * 250 + "@example.com"},
            "Email address must be 254 characters or fewer",
        ),
        (
            "your-details",
            {"phone": "call me maybe"},
            "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
        ),
        (
            "your-details",
            {"phone": "12345"},
            "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
        ),
        ("your-details", {"phone": "0" * 41}, "Phone number must be 40 characters or fewer"),
        ("business", {"name": ""}, "Enter the name of your business"),
        ("business", {"name": "  "}, "Enter the name of your business"),
        ("business", {"name": LONG}, "Business name must be 200 characters or fewer"),
        ("business", {"postcode": ""}, "Enter your business postcode"),
        ("business", {"postcode": "   "}, "Enter your business postcode"),
        ("business", {"postcode": "12345"}, "Enter a real postcode, like NE1 4ST"),
        ("business", {"postcode": "QQ1 1AA"}, "Enter a real postcode, like NE1 4ST"),
        ("business", {"postcode": LONG}, "Enter a real postcode, like NE1 4ST"),
        ("region", {"region": ""}, "Select the region your business is in"),
        ("region", {"region": "atlantis"}, "Select the region your business is in"),
        ("sector", {"sector": ""}, "Select what your business does"),
        ("sector", {"sector": "Z"}, "Select what your business does"),
        ("employees", {"size": ""}, "Select how many people work for your business"),
        ("employees", {"size": "huge"}, "Select how many people work for your business"),
        ("trading", {"stage": ""}, "Select how long your business has been trading"),
        ("trading", {"stage": "ancient"}, "Select how long your business has been trading"),
        ("help", {"support_types": []}, "Select the help you need"),
        ("help", {"support_types": ["cheese"]}, "Select the help you need from the list"),
        ("help/skills", {"description": ""}, "Describe what you need, in your own words"),
        (
            "help/skills",
            {"description": " \r\n\r\n  "},
            "Describe what you need, in your own words",
        ),
        (
            "help/skills",
            {"description": "y" * 4001},
            "Description must be 4,000 characters or fewer",
        ),
        ("help/skills", {"themes": ["nope"]}, "Select themes from the list"),
        (
            "consent",
            {"consent": ""},
            "Confirm that you agree, so that we can introduce you to organisations that can help",
        ),
    ],
)
def test_each_rule_has_a_message_that_says_how_to_fix_it(survey, step, changes, message):
    survey.reach(step)
    response = survey.answer(step, **changes)
    assert response.status_code == 200
    assert errors(response) == [message]
    assert page(response).title.string.startswith("Error: ")
    # The error summary links to the field, and the field shows the same message.
    link = page(response).select_one(".govuk-error-summary__list a")["href"]
    assert page(response).select_one(link) is not None
    assert message in page(response).select_one(".govuk-error-message").get_text()


def test_what_was_typed_is_kept_on_error(survey):
    survey.reach("business")
    response = survey.answer("business", name=LONG, postcode="ne1 4st")
    fields = page(response)
    assert fields.select_one("#name")["value"] == LONG
    assert fields.select_one("#postcode")["value"] == "NE1 4ST"


def test_the_length_limits_are_stated_in_the_hints(survey, client):
    survey.reach("help/skills")
    for path, limit in [
        ("/survey/your-details", "Up to 200 characters"),
        ("/survey/business", "Up to 200 characters"),
    ]:
        assert limit in page(client.get(path)).select_one(".govuk-hint").get_text(), path


def test_the_description_limit_is_stated_once_as_gov_uk_writes_numbers(survey, client):
    survey.reach("help/skills")
    describe = page(client.get("/survey/help/skills"))
    hint = describe.select_one("#description-hint").get_text()
    assert "Use your own words" in hint and "characters" not in hint
    count = describe.select_one(".govuk-character-count__message").get_text(strip=True)
    assert count == "You can enter up to 4,000 characters"
    assert "description-info" in describe.select_one("textarea")["aria-describedby"].split()


def test_several_errors_are_listed_in_page_order(survey):
    response = survey.post("/survey/your-details", {"contact_name": "", "email": "nope"})
    assert errors(response) == [
        "Enter your full name",
        "Enter an email address in the correct format, like name@example.com",
    ]


def test_a_description_that_fits_the_box_fits_the_limit_whatever_its_line_breaks(survey):
    # The character count counts a new line as one character; browsers send it as two.
    paragraphs = ["z" * 394] * 10
    text = "\r\n".join(paragraphs)
    assert len(text.replace("\r\n", "\n")) == 3949 and len(text) > 3949
    text = text + "\r\n" + "y" * (4000 - 3950)
    survey.reach("help/skills")
    response = survey.answer("help/skills", description=text)
    assert response.status_code == 302, errors(response)
    survey.answer("help/funding")
    survey.answer("consent")
    business = survey.send()
    skills = business.needs[0]
    assert len(skills.description) == 4000 and "\r" not in skills.description
