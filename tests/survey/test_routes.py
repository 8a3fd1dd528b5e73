"""The journey through the pages: start, questions, check answers, confirmation."""

import re

import pytest
from sqlalchemy import event, func, select

from matchmaker.extensions import db
from matchmaker.models import AuditEvent, Business, Need, SurveyDraft
from matchmaker.survey.services import REFERENCE_ALPHABET

from .conftest import ANSWERS, STEPS, emails_to, heading, link_in, page


def test_the_start_page_starts_the_survey(client):
    start = page(client.get("/"))
    button = start.select_one("a.govuk-button--start")
    assert button.get_text(strip=True) == "Start now"
    response = client.get(button["href"])
    assert response.location == "/survey/your-details"
    assert heading(client.get(response.location)) == "Your details"


def test_a_hubs_own_start_page_sends_its_smes_to_that_hub(survey, client, make):
    hub = make.hub("north-east")
    start = client.get(f"/hub/{hub.code}")
    assert "North East Growth Hub" in start.text
    client.get(page(start).select_one("a.govuk-button--start")["href"])
    survey.reach("region")
    survey.answer("region", region="scotland")  # the hub still wins over the region
    for step in STEPS[3:]:
        survey.answer(step)
    survey.post("/survey/check-answers")
    business = db.session.scalar(select(Business))
    assert business.region == "scotland" and business.hub == hub
    assert client.get("/hub/no-such-hub").status_code == 404


def test_pages_cannot_be_skipped(client, survey):
    assert client.get("/survey/sector").location == "/survey/your-details"
    assert client.get("/survey/check-answers").location == "/survey/your-details"
    survey.reach("sector")
    assert client.get("/survey/help/skills").location == "/survey/sector"
    assert client.get("/survey/no-such-page").location == "/survey/sector"


def test_each_page_goes_to_the_next_and_back_links_to_the_one_before(survey, client):
    for step, following in zip(STEPS, [*STEPS[1:], "check-answers"], strict=True):
        response = survey.answer(step)
        assert response.location == f"/survey/{following}", step
    back = page(client.get("/survey/region")).select_one(".govuk-back-link")["href"]
    assert back == "/survey/check-answers"  # once everything is answered


def test_check_answers_shows_every_answer_with_a_change_link(survey, client):
    survey.complete()
    response = client.get("/survey/check-answers")
    rows = page(response).select(".govuk-summary-list__row")
    shown = [
        (row.select_one("dt").get_text(strip=True), row.select_one("dd").get_text(strip=True))
        for row in rows
    ]
    for answer in [
        ("Name", "Sam Owner"),
        ("Phone", "0191 498 0000"),
        ("Postcode", "NE1 4ST"),
        ("Region", "North East"),
        ("Sector", "Accommodation and food service"),
        ("Help needed", "Skills and training, Funding"),
        ("Description", ANSWERS["help/funding"]["description"]),
        ("Themes", "Digital skills of the owner and staff"),
        ("Themes", "None selected"),
    ]:
        assert answer in shown
    sections = [title.get_text() for title in page(response).select("h2")]
    assert sections[:5] == [
        "About you",
        "About your business",
        "The help you need",
        "Skills and training",
        "Funding",
    ]
    changes = [row.select_one(".govuk-summary-list__actions a") for row in rows]
    assert all(link.get_text(" ", strip=True).startswith("Change ") for link in changes)
    # Heard out of context (a screen reader's list of links), each says what it changes.
    names = [link.get_text(" ", strip=True) for link in changes]
    assert len(set(names)) == len(names), names
    assert "Change description (skills and training)" in names
    assert "Change themes (funding)" in names
    assert {link["href"] for link in changes} >= {f"/survey/{step}" for step in STEPS}


def test_a_change_returns_to_check_answers(survey, client):
    survey.complete()
    assert survey.answer("trading", stage="scaling").location == "/survey/check-answers"
    assert "Growing fast" in client.get("/survey/check-answers").text


def test_adding_a_kind_of_help_from_check_answers_asks_to_describe_it(survey):
    survey.complete()
    response = survey.answer("help", support_types=["skills", "funding", "workspace"])
    assert response.location == "/survey/help/workspace"
    response = survey.post("/survey/help/workspace", {"description": "A small workshop"})
    assert response.location == "/survey/check-answers"


def test_the_back_link_of_help_added_from_check_answers_goes_to_the_help_page(survey, client):
    survey.complete()
    survey.answer("help", support_types=["skills", "funding", "mentoring"])
    back = page(client.get("/survey/help/mentoring")).select_one(".govuk-back-link")
    assert back["href"] == "/survey/help"  # where mentoring was added, not help/funding
    # Check answers itself would send them straight back here until mentoring is described.
    assert client.get("/survey/check-answers").location == "/survey/help/mentoring"


def test_a_new_postcode_in_another_region_asks_for_the_region_again(survey, client):
    survey.complete()
    assert survey.answer("business", postcode="m11ae").location == "/survey/region"
    region_page = page(client.get("/survey/region"))
    assert region_page.select_one("input[value=north-west]").has_attr("checked")
    assert "We have selected North West from your postcode" in region_page.get_text()
    assert survey.answer("region", region="north-west").location == "/survey/check-answers"


def test_a_new_postcode_with_no_region_does_not_claim_the_old_ones(survey, client):
    survey.complete()
    assert survey.answer("business", postcode="je2 3ab").location == "/survey/region"
    hint = page(client.get("/survey/region")).select_one("#region-hint").get_text()
    assert "from your postcode" not in hint


def test_submitting_stores_the_business_and_its_needs_and_confirms(survey, client):
    business = survey.submit()
    assert business.name == "Tyne Bakery" and business.contact_email == "sam@tyne-bakery.example"
    assert business.postcode == "NE1 4ST" and business.region == "north-east"
    assert (business.sector, business.size, business.stage) == ("I", "micro", "startup")
    assert business.hub.code == "north-east" and business.consent_to_contact
    needs = business.needs
    assert [(need.support_type, need.status) for need in needs] == [
        ("skills", "open"),
        ("funding", "open"),
    ]
    assert needs[0].themes == ["digital-skills"]
    assert needs[0].description == ANSWERS["help/skills"]["description"]

    assert re.fullmatch(f"[{REFERENCE_ALPHABET}]{{4}}-[{REFERENCE_ALPHABET}]{{4}}", business.ref)
    assert not set(business.ref) & set("0O1IL")
    confirmation = page(client.get("/survey/confirmation"))
    assert business.ref in confirmation.select_one(".govuk-panel").get_text()

    [email] = emails_to("sam@tyne-bakery.example")
    assert business.ref in email.subject and business.ref in email.text_body
    assert client.get(link_in(email, "/status/")).status_code == 200
    # The draft keeps only what it became: the business holds the answers now.
    draft = db.session.scalar(select(SurveyDraft))
    assert draft.business == business and draft.answers == {} and draft.email is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "survey.submitted"))
    assert event.details == {"needs": 2, "hub": "north-east"}


def test_submitting_twice_stores_one_survey(survey, client):
    survey.complete()
    first = survey.post("/survey/check-answers")
    second = survey.post("/survey/check-answers")  # a double click or the back button
    assert first.location == second.location == "/survey/confirmation"
    assert db.session.scalar(select(func.count(Business.id))) == 1
    assert db.session.scalar(select(func.count(Need.id))) == 2
    assert len(emails_to("sam@tyne-bakery.example")) == 1
    # Going back to a question page after sending shows the confirmation instead.
    assert survey.answer("sector").location == "/survey/confirmation"
    # Starting again begins a new, empty survey.
    client.get("/survey/start")
    assert page(client.get("/survey/your-details")).select_one("#contact_name")["value"] == ""


def test_script_and_html_are_shown_as_text(survey, client):
    script = "<script>alert('hi')</script><b>bold</b>"
    survey.reach("consent")
    survey.answer("business", name=script)
    survey.answer("help/skills", description=script)
    survey.answer("consent")
    response = client.get("/survey/check-answers")
    assert "<script>alert" not in response.text and "<b>bold" not in response.text
    assert (
        "&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in response.text
    )
    business = survey.send()
    assert business.name == script
    [email] = emails_to(business.contact_email)
    status = client.get(link_in(email, "/status/"))
    assert "<script>alert" not in status.text and "&lt;script&gt;" in status.text


def test_emoji_and_non_latin_names_are_accepted(survey):
    survey.reach("your-details")
    survey.answer("your-details", contact_name="Zoë 李小龍 محمد 🙂")
    survey.answer("business", name="Café Ñandú 🥐 Пекарня")
    for step in STEPS[2:]:
        survey.answer(step)
    survey.answer("help/funding", description="Нам нужна печь 🔥")
    business = survey.send()
    assert business.contact_name == "Zoë 李小龍 محمد 🙂"
    assert business.name == "Café Ñandú 🥐 Пекарня"
    assert business.needs[1].description == "Нам нужна печь 🔥"


def test_control_characters_are_taken_out_so_the_survey_can_always_be_sent(survey, client):
    # PostgreSQL cannot store NUL: with one in a name, "Accept and send" failed every time.
    survey.reach("business")
    survey.answer("business", name="Tyne\x00 Bakery\x1b ")
    for step in STEPS[2:]:
        survey.answer(step)
    survey.answer("help/funding", description="An oven\x00\r\n\tand a mixer\x07")
    business = survey.send()
    assert business.name == "Tyne Bakery"
    assert business.needs[1].description == "An oven\n\tand a mixer"
    status = link_in(emails_to(business.contact_email)[0], "/status/")
    change = page(client.get(status)).select(".govuk-summary-card__actions a")[2]["href"]
    assert survey.post(change, {"description": "A mixer\x00"}).location == status
    assert business.needs[1].description == "A mixer"


# A description typed over several lines, with markup that must stay text.
MULTI_LINE = "First line\n<script>alert('hi')</script>\n\nA second paragraph"


def _paragraphs(value) -> list[str]:
    """The paragraphs shown for a description, each line break written as ' / '."""
    for br in value.select("br"):
        br.replace_with(" / ")
    return [p.get_text().strip() for p in value.select("p")]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])  # a browser sends \r\n
def test_check_answers_keeps_the_line_breaks_of_a_description_as_text(survey, client, newline):
    survey.complete()
    survey.answer("help/skills", description=MULTI_LINE.replace("\n", newline))
    response = client.get("/survey/check-answers")

    descriptions = [
        row.select_one("dd")
        for row in page(response).select(".govuk-summary-list__row")
        if row.select_one("dt").get_text(strip=True) == "Description"
    ]
    assert _paragraphs(descriptions[0]) == [
        "First line / <script>alert('hi')</script>",
        "A second paragraph",
    ]
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt;" in response.text
    # A one-line description is one paragraph, as before.
    assert _paragraphs(descriptions[1]) == [ANSWERS["help/funding"]["description"]]


@pytest.fixture
def statements(app):
    """The SQL the requests of a test send, each as its first line."""
    sent: list[str] = []

    def record(conn, cursor, statement, *args):
        sent.append(statement.split("\n")[0])

    event.listen(db.engine, "before_cursor_execute", record)
    yield sent
    event.remove(db.engine, "before_cursor_execute", record)


def test_each_survey_page_reads_its_draft_once(survey, client, statements):
    def draft_statements() -> list[str]:
        found = [sql.split()[0] for sql in statements if "survey_drafts" in sql]
        del statements[:]
        return found

    survey.answer("your-details")  # the draft exists from the first page sent
    draft_statements()
    assert survey.answer("business").status_code == 302  # where next needs no reload
    assert draft_statements() == ["SELECT", "UPDATE"]
    assert client.get("/survey/region").status_code == 200
    assert draft_statements() == ["SELECT"]
    survey.complete()
    survey.send()
    del statements[:]
    assert client.get("/survey/confirmation").status_code == 200  # with its business and hub
    assert len(statements) == 1 and "survey_drafts" in statements[0]
