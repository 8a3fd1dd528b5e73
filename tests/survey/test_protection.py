"""Bots are stopped without a CAPTCHA: a honeypot, rate limits per address, CSRF tokens."""

from flask import url_for
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import Business, Need, NeedStatus, SurveyDraft
from matchmaker.survey.services import status_token

from .conftest import ANSWERS, heading, page


def test_a_filled_in_honeypot_gets_a_polite_page_and_stores_nothing(survey):
    response = survey.post(
        "/survey/your-details", {**ANSWERS["your-details"], "website": "http://spam.example"}
    )
    assert response.status_code == 400
    assert heading(response) == "Sorry, we could not accept your answers"
    assert "Go back to the form" in response.text
    assert db.session.scalar(select(func.count(SurveyDraft.id))) == 0


def test_the_honeypot_is_hidden_from_people(client):
    form = page(client.get("/survey/your-details")).select_one("form")
    trap = form.select_one("#website")
    assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off"
    assert "govuk-!-display-none" in trap.parent["class"]


def test_too_many_posts_from_one_address_get_a_polite_page(survey, app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_FORM_RATE_LIMIT", "3 per minute")
    token = survey.token()
    statuses = [
        survey.client.post(path, data={"csrf_token": token}).status_code
        for path in ["/survey/your-details", "/survey/new-link", "/survey/your-details"]
    ]
    assert 429 not in statuses
    response = survey.answer("your-details")  # the limit is shared by every public form
    assert response.status_code == 429
    assert heading(response) == "You have tried too many times"
    assert "Your answers so far have not been lost" in response.text
    assert survey.client.get("/survey/your-details").status_code == 200  # reading is fine


def test_every_public_form_needs_its_csrf_token(survey, client, app, make):
    """No view in the survey can change anything without the token from its own page."""
    survey.complete()
    need = make.need()
    with app.test_request_context():
        values = {"step": "consent", "token": status_token(need.business), "ref": need.ref}
        urls = [
            url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})
            for rule in app.url_map.iter_rules()
            if rule.endpoint.startswith("survey.") and "POST" in rule.methods
        ]
    assert len(urls) == 7
    for url in urls:
        response = client.post(url, data={"email": "x@example.com", "consent": "y", "submit": "y"})
        assert response.status_code == 200, url
        assert "This page timed out" in response.text, url
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Business.id))) == 1
    assert need.status == NeedStatus.OPEN and need.business.erased_at is None
    assert db.session.scalar(select(func.count(Need.id))) == 1
