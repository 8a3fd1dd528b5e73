import re
from datetime import timedelta

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import OutboxMessage, Role

from ..conftest import csrf_token, sign_in
from ..factories import PASSWORD


def test_sign_in_and_out(client, make):
    user = make.user(Role.COORDINATOR)
    response = sign_in(client, user.email.upper())
    assert response.status_code == 302 and response.location == "/dashboard"
    assert "coordinator for <strong>North East Growth Hub" in client.get("/dashboard").text

    page = client.get("/dashboard")
    response = client.post("/account/sign-out", data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 302  # back to the sign-in page


def test_wrong_password_and_unknown_email_get_the_same_message(client, make):
    user = make.user()
    wrong_password = sign_in(client, user.email, "not the password")
    unknown_email = sign_in(client, "nobody@example.com", PASSWORD)
    for response in (wrong_password, unknown_email):
        assert response.status_code == 200
        assert "The email address or password is not right" in response.text
    assert 'value="nobody@example.com"' in unknown_email.text  # what they typed is kept


def test_sign_in_form_errors_are_summarised(client):
    page = client.get("/account/sign-in")
    response = client.post(
        "/account/sign-in", data={"email": "", "password": "", "csrf_token": csrf_token(page.text)}
    )
    assert "govuk-error-summary" in response.text
    assert "Enter your email address" in response.text and "Enter your password" in response.text
    assert "<title>Error: Sign in" in response.text


def test_sign_in_without_csrf_token_is_refused(client, make):
    user = make.user()
    response = client.post("/account/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "This page timed out" in response.text


def test_sign_in_is_rate_limited(client, make):
    user = make.user()
    for _ in range(10):
        sign_in(client, user.email, "wrong password")
    response = sign_in(client, user.email, PASSWORD)
    assert response.status_code == 429
    assert "You have tried too many times" in response.text


def test_next_only_goes_to_pages_on_this_site(client, make):
    user = make.user()
    page = client.get("/account/sign-in")
    data = {"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(page.text)}
    response = client.post("/account/sign-in?next=//evil.example/phish", data=data)
    assert response.location == "/dashboard"


def _reset_link(email: str) -> str:
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == email))
    return re.search(r"http://localhost:5000(/account/password/\S+)", message.text_body).group(1)


def test_password_reset_by_emailed_link_works_once(client, make):
    user = make.user()
    page = client.get("/account/forgot-password")
    response = client.post(
        "/account/forgot-password", data={"email": user.email, "csrf_token": csrf_token(page.text)}
    )
    assert "If <strong>" in response.text
    link = _reset_link(user.email)

    form = client.get(link)
    assert form.status_code == 200
    data = {
        "password": "a brand new passphrase",
        "confirm": "a brand new passphrase",
        "csrf_token": csrf_token(form.text),
    }
    assert client.post(link, data=data).status_code == 302
    assert sign_in(client, user.email, "a brand new passphrase").status_code == 302

    used_again = client.get(link)
    assert used_again.status_code == 400 and "This link does not work" in used_again.text


def test_password_reset_does_not_reveal_unknown_addresses(client, make):
    page = client.get("/account/forgot-password")
    response = client.post(
        "/account/forgot-password",
        data={"email": "nobody@example.com", "csrf_token": csrf_token(page.text)},
    )
    assert (
        response.status_code == 200
        and "If <strong>nobody@example.com</strong> has an account" in response.text
    )
    assert db.session.scalar(select(OutboxMessage)) is None


def test_an_expired_or_tampered_reset_link_is_explained(app, client, make):
    user = make.user()
    page = client.get("/account/forgot-password")
    client.post(
        "/account/forgot-password", data={"email": user.email, "csrf_token": csrf_token(page.text)}
    )
    link = _reset_link(user.email)

    assert "This link does not work" in client.get(link[:-3] + "abc").text
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    try:
        expired = client.get(link)
    finally:
        app.config["PASSWORD_RESET_MAX_AGE"] = int(timedelta(hours=1).total_seconds())
    assert expired.status_code == 400 and "This link has expired" in expired.text


def test_new_password_must_be_long_and_confirmed(client, make):
    user = make.user()
    page = client.get("/account/forgot-password")
    client.post(
        "/account/forgot-password", data={"email": user.email, "csrf_token": csrf_token(page.text)}
    )
    link = _reset_link(user.email)
    form = client.get(link)
    response = client.post(
        link, data={"password": "short", "confirm": "other", "csrf_token": csrf_token(form.text)}
    )
    assert "Password must be between 12 and 200 characters" in response.text
    assert "The passwords do not match" in response.text


def test_passwords_are_not_trimmed(client, make):
    user = make.user(password="  spaces around it  ")
    assert sign_in(client, user.email, "spaces around it").status_code == 200
    assert sign_in(client, user.email, "  spaces around it  ").status_code == 302
