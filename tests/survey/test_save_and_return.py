"""Save and come back later, the e-mailed links, and never losing what was typed."""

from datetime import timedelta

from sqlalchemy import func, select

from matchmaker import jobs
from matchmaker.extensions import db
from matchmaker.models import Business, OutboxMessage, SurveyDraft
from matchmaker.survey.journey import Journey

from .conftest import ANSWERS, Survey, emails_to, errors, heading, link_in, page

EMAIL = ANSWERS["your-details"]["email"]


def _draft() -> SurveyDraft:
    db.session.expire_all()
    return db.session.scalar(select(SurveyDraft))


def test_every_page_has_save_and_come_back_later(survey, client):
    survey.complete()
    for step in ["your-details", "business", "region", "help", "help/skills", "consent"]:
        buttons = [
            button.get_text(strip=True)
            for button in page(client.get(f"/survey/{step}")).select("form button")
        ]
        assert buttons == ["Continue", "Save and come back later"], step


def test_saving_emails_a_link_that_carries_on_where_they_left_off(survey, client, app):
    survey.reach("sector")
    response = survey.answer("sector", sector="F", button="save")
    assert response.location == "/survey/saved"
    saved = client.get("/survey/saved")
    assert heading(saved) == "Your answers have been saved" and EMAIL in saved.text
    [email] = emails_to(EMAIL)
    assert "7 days" not in email.text_body  # it gives the date instead
    link = link_in(email, "/survey/resume/")

    other_device = app.test_client()
    response = other_device.get(link)
    assert response.location == "/survey/employees"  # the first page not yet answered
    assert "Welcome back" in other_device.get(response.location).text
    sector_page = page(other_device.get("/survey/sector"))
    assert sector_page.select_one("input[value=F]").has_attr("checked")


def test_saving_twice_on_one_day_sends_one_email(survey):
    survey.reach("sector")
    survey.answer("sector", button="save")
    survey.answer("employees", button="save")
    assert len(emails_to(EMAIL)) == 1


def test_saving_before_giving_an_email_address_asks_for_one(survey, client):
    response = survey.post(
        "/survey/your-details", {"contact_name": "Sam", "email": "not-yet"}, button="save"
    )
    assert response.location == "/survey/save"
    form = page(client.get("/survey/save"))
    assert form.select_one("#email")["value"] == "not-yet"  # what they typed, to correct
    response = survey.post("/survey/save", {"email": "bad"})
    assert errors(response) == [
        "Enter an email address in the correct format, like name@example.com"
    ]
    response = survey.post("/survey/save", {"email": "Sam@Example.com"})
    assert response.location == "/survey/saved"
    assert len(emails_to("sam@example.com")) == 1
    # Nothing typed was lost, not even the invalid address.
    assert _draft().answers["pages"]["your-details"]["contact_name"] == "Sam"


def test_answers_are_stored_on_every_page_even_with_errors(survey):
    survey.reach("business")
    survey.answer("business", postcode="not a postcode")
    journey = Journey.from_json(_draft().answers)
    assert journey.answers_for("business") == {"name": "Tyne Bakery", "postcode": "not a postcode"}
    assert "business" not in journey.complete


def test_an_expired_or_tampered_resume_link_is_explained_with_a_way_forward(
    survey, client, app, monkeypatch
):
    survey.reach("sector")
    survey.answer("sector", button="save")
    link = link_in(emails_to(EMAIL)[0], "/survey/resume/")

    tampered = client.get(link[:-4] + "abcd")
    assert tampered.status_code == 400 and heading(tampered) == "This link does not work"

    monkeypatch.setitem(app.config, "SURVEY_RESUME_MAX_AGE", -1)
    expired = client.get(link)
    assert expired.status_code == 400 and heading(expired) == "This link has expired"
    assert "Your answers and requests have not been lost" in expired.text
    # The way forward: ask for a new link on the same page.
    form = page(expired).select_one("form")
    assert form["action"] == "/survey/new-link" and form.select_one("#email")
    monkeypatch.setitem(app.config, "SURVEY_RESUME_MAX_AGE", 7 * 86400)
    survey.post("/survey/new-link", {"email": EMAIL})
    new_link = link_in(emails_to(EMAIL)[-1], "/survey/resume/")
    assert app.test_client().get(new_link).location == "/survey/employees"


def test_a_lost_session_loses_nothing_the_new_link_brings_the_answers_back(survey, app):
    survey.reach("help")
    stranger = Survey(app.test_client())  # the same person, cookies gone
    response = stranger.post("/survey/new-link", {"email": EMAIL})
    assert heading(response) == "Check your email"
    link = link_in(emails_to(EMAIL)[-1], "/survey/resume/")
    assert stranger.client.get(link).location == "/survey/help"


def test_asking_for_links_does_not_reveal_whether_an_address_is_known(survey):
    survey.submit()
    known = survey.post("/survey/new-link", {"email": EMAIL})
    unknown = survey.post("/survey/new-link", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 200
    assert known.text.replace(EMAIL, "nobody@example.com") == unknown.text.replace(
        'value="' + EMAIL, 'value="nobody@example.com'
    )
    assert emails_to("nobody@example.com") == []
    [_, links] = emails_to(EMAIL)
    assert "/status/" in links.text_body


def test_an_expired_form_keeps_what_was_typed_and_saves_nothing(survey, client):
    survey.reach("business")
    response = client.post(
        "/survey/business",
        data={
            "name": "Tyne Bakery Ltd",
            "postcode": "NE1 4ST",
            "csrf_token": "expired",
            "submit": "y",
        },
    )
    assert response.status_code == 200
    assert "This page timed out" in page(response).select_one("[role=alert]").get_text()
    assert page(response).select_one("#name")["value"] == "Tyne Bakery Ltd"
    assert "business" not in Journey.from_json(_draft().answers).pages
    # One more click, with the fresh token on the page, saves it.
    retry = client.post(
        "/survey/business",
        data={"name": "Tyne Bakery Ltd", "postcode": "NE1 4ST", "submit": "y",
              "csrf_token": page(response).select_one("[name=csrf_token]")["value"]},
    )  # fmt: skip
    assert retry.location == "/survey/region"


def test_the_confirmation_email_is_delivered_over_smtp_with_a_working_link(
    survey, app, smtp_server, monkeypatch
):
    from matchmaker.mail.delivery import MailSettings, deliver_due

    business = survey.submit()
    monkeypatch.setitem(app.config, "MAIL_URL", smtp_server.url)
    assert deliver_due(MailSettings.from_config(app.config)) == 1
    [message] = smtp_server.to(EMAIL)
    text = smtp_server.text_of(message)
    assert business.ref in message["Subject"] and business.ref in text
    status = link_in(OutboxMessage(text_body=text), "/status/")
    assert heading(app.test_client().get(status)) == "Your requests for help"
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1
    # When the link has expired, the e-mail itself says where to get a new one.
    new_link = link_in(OutboxMessage(text_body=text), "/survey/new-link")
    assert heading(app.test_client().get(new_link)) == "Get a new link"
    html = message.get_body(("html",)).get_content()
    assert f'href="{app.config["BASE_URL"].rstrip("/")}/survey/new-link"' in html


def test_saved_answers_nobody_comes_back_to_are_deleted_after_30_days(survey, client, app):
    survey.reach("sector")
    survey.answer("sector", sector="F", button="save")
    saved_at = _draft().updated_at

    assert jobs.delete_stale_drafts(saved_at + timedelta(days=29)) == 0
    assert _draft().email == EMAIL
    assert _typed_email(client) == EMAIL

    assert jobs.delete_stale_drafts(saved_at + timedelta(days=30, seconds=1)) == 1
    assert _draft() is None
    # The owner starts again with nothing of theirs left behind.
    assert _typed_email(client) == ""


def _typed_email(client) -> str:
    field = page(client.get("/survey/your-details")).select_one("input[name=email]")
    return field.get("value", "")


def test_a_submitted_surveys_emptied_draft_goes_but_the_request_stays(survey):
    business = survey.submit()
    submitted_at = _draft().submitted_at

    assert jobs.delete_stale_drafts(submitted_at + timedelta(days=31)) == 1
    assert _draft() is None
    db.session.expire_all()
    assert db.session.get(Business, business.id).needs
