"""Signing up: a pending organisation, an e-mailed confirmation link, clear errors."""

import pytest
from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import (
    AuditEvent,
    Organisation,
    OrganisationStatus,
    OutboxMessage,
    Role,
    User,
)
from matchmaker.partners import services
from tests.conftest import sign_in

from .conftest import errors, html, link_in, main_text, post

VALID = {
    "organisation_name": "Northwind Cloud",
    "companies_house_number": "01234567",
    "website": "www.northwind.example",
    "contact_name": "Priya Shah",
    "email": "Priya@Northwind.example",
    "password": "a long enough password",
    "confirm": "a long enough password",
}


def sign_up(client, **changes):
    return post(client, "/partners/sign-up", VALID | changes, token_from="/partners/sign-up")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_sign_up_creates_a_pending_organisation_and_emails_a_link(client, mail):
    response = sign_up(client)

    assert response.status_code == 302
    assert response.location.endswith("/partners/sign-up/check-your-email")
    page = client.get(response.location)
    assert "We have sent a link to Priya@Northwind.example" in main_text(page)
    organisation = db.session.scalar(select(Organisation))
    assert organisation.name == "Northwind Cloud"
    assert organisation.status == OrganisationStatus.PENDING
    assert organisation.companies_house_number == "01234567"
    assert organisation.website == "https://www.northwind.example"
    assert organisation.contact_email == "priya@northwind.example"
    user = organisation.users[0]
    assert (user.email, user.role, user.name) == (
        "priya@northwind.example",
        "partner",
        "Priya Shah",
    )
    assert user.check_password("a long enough password")
    assert user.email_verified_at is None

    [body] = mail("priya@northwind.example")
    assert "You registered Northwind Cloud" in body
    link = link_in(body, "/partners/confirm-email/")
    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    assert "Confirm that priya@northwind.example is your address" in main_text(confirm_page)

    confirmed = post(client, link, token_from=link)
    assert confirmed.status_code == 302
    assert confirmed.location.endswith("/account/sign-in")
    db.session.refresh(user)
    assert user.email_verified_at is not None

    again = client.get(link)
    assert again.status_code == 400
    assert html(again).h1.text == "This link has already been used"
    assert "Your email address is already confirmed" in main_text(again)


def test_the_confirmed_partner_signs_in_and_sees_the_organisation_is_waiting(client, mail):
    sign_up(client)
    user = db.session.scalar(select(User))
    services.confirm_email(user)
    db.session.commit()

    response = sign_in(client, "priya@northwind.example", "a long enough password")
    response = client.get(response.location, follow_redirects=True)

    assert html(response).h1.text == "Your organisation is waiting for approval"
    assert "Northwind Cloud" in main_text(response)


def test_an_expired_link_says_so_and_a_new_link_works(app, client, mail, monkeypatch):
    sign_up(client)
    link = link_in(mail("priya@northwind.example")[0], "/confirm-email/")
    monkeypatch.setitem(app.config, "PARTNER_EMAIL_LINK_MAX_AGE", -1)

    expired = client.get(link)
    assert expired.status_code == 400
    assert html(expired).h1.text == "This link has expired"
    assert post(client, link, token_from="/partners/confirm-email/new-link").status_code == 400
    assert db.session.scalar(select(User)).email_verified_at is None

    monkeypatch.setitem(app.config, "PARTNER_EMAIL_LINK_MAX_AGE", 3600)
    asked = post(
        client,
        "/partners/confirm-email/new-link",
        {"email": "priya@northwind.example"},
        token_from="/partners/confirm-email/new-link",
    )
    assert asked.location.endswith("/check-your-email")
    _first, second = mail("priya@northwind.example")
    new_link = link_in(second, "/confirm-email/")
    assert new_link != link
    assert post(client, new_link, token_from=new_link).status_code == 302
    assert db.session.scalar(select(User)).email_verified_at is not None


@pytest.mark.parametrize(
    "token", ["not-a-token", "eyJ1c2VyIjoxfQ.aaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbb"]
)
def test_a_damaged_link_says_so(client, token):
    response = client.get(f"/partners/confirm-email/{token}")
    assert response.status_code == 400
    assert html(response).h1.text == "This link does not work"


def test_a_link_for_another_purpose_does_not_confirm(client, make):
    user = make.user(Role.PARTNER)
    from matchmaker.tokens import make_token

    with client.application.test_request_context():
        token = make_token("password-reset", {"user": user.id, "email": user.email})
    assert client.get(f"/partners/confirm-email/{token}").status_code == 400


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("organisation_name", "", "Enter the name of your organisation"),
        ("organisation_name", "x" * 5000, "Organisation name must be 200 characters or fewer"),
        ("companies_house_number", "1234", "Enter a Companies House number in the correct format"),
        ("companies_house_number", "SC12345X", "Enter a Companies House number"),
        ("companies_house_number", "ABC12345", "Enter a Companies House number"),
        ("website", "", "Enter your organisation's website"),
        ("website", "not a website", "Enter the website in the correct format"),
        ("website", "javascript:alert(1)", "Enter the website in the correct format"),
        ("website", "ftp://files.example.com", "Enter the website in the correct format"),
        ("contact_name", "   ", "Enter your full name"),
        ("email", "priya-at-northwind", "Enter an email address in the correct format"),
        ("password", "short", "Password must be between 12 and 200 characters"),
        ("confirm", "a different password", "The passwords do not match"),
    ],
)
def test_sign_up_problems_are_explained_and_nothing_is_saved(client, field, value, message):
    response = sign_up(client, **{field: value})

    assert response.status_code == 200
    assert html(response).title.text.startswith("Error: ")
    assert any(error.startswith(message) for error in errors(response)), errors(response)
    kept = html(response).find("input", attrs={"name": "contact_name"})
    assert kept["value"] == VALID["contact_name"] or field == "contact_name"
    assert count(Organisation) == count(User) == count(OutboxMessage) == 0


@pytest.mark.parametrize(
    ("typed", "stored"), [("sc 123456", "SC123456"), (" 01234567 ", "01234567"), ("", None)]
)
def test_companies_house_numbers_are_tidied(client, typed, stored):
    sign_up(client, companies_house_number=typed)
    assert db.session.scalar(select(Organisation.companies_house_number)) == stored


def test_an_organisation_name_can_be_registered_once(client, make):
    make.organisation("Northwind Cloud")

    response = sign_up(client, organisation_name="NORTHWIND cloud")

    assert "An organisation with this name is already registered" in errors(response)[0]
    assert count(Organisation) == 1
    assert count(User) == 0


def test_an_address_with_an_account_is_not_revealed_but_its_owner_is_told(client, make, mail):
    existing = make.user(Role.PARTNER)

    response = sign_up(client, email=existing.email.upper())
    again = sign_up(client, email=existing.email, organisation_name="Another name")

    assert response.location.endswith("/check-your-email")
    assert again.location.endswith("/check-your-email")
    assert count(Organisation) == 1  # only the existing user's organisation
    assert count(User) == 1
    [body] = mail(existing.email)  # once a day, however often someone tries
    assert "already has an account" in body


def test_asking_for_a_new_link_says_the_same_whoever_asks(client, make, mail):
    confirmed = make.user(Role.PARTNER)
    confirmed.email_verified_at = confirmed.created_at
    db.session.commit()

    for address in ("nobody@example.com", confirmed.email):
        response = post(
            client,
            "/partners/confirm-email/new-link",
            {"email": address},
            token_from="/partners/confirm-email/new-link",
        )
        assert response.location.endswith("/check-your-email")
    assert mail("nobody@example.com") == mail(confirmed.email) == []


def test_sign_up_is_audited(client):
    sign_up(client)
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"organisation.signed_up", "user.created"} <= actions


def test_a_signed_in_user_is_sent_to_their_dashboard(client, partner):
    response = client.get("/partners/sign-up")
    assert response.status_code == 302
    assert response.location.endswith("/dashboard")
