import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from matchmaker.auth.services import INVITE_PURPOSE, RESET_PURPOSE, password_link
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


def _sign_in_with_next(client, user, next_query: str):
    """Sign in from `/account/sign-in?next=...`, `next_query` written as in a crafted link."""
    page = client.get("/account/sign-in")
    data = {"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(page.text)}
    return client.post(f"/account/sign-in?next={next_query}", data=data)


HOSTILE_NEXT = {
    "scheme-relative": "//evil.example/phish",
    "three slashes": "///evil.example",
    "backslash": "/%5Cevil.example",
    "two backslashes": "%5C%5Cevil.example",
    "backslash then slash": "%5C/evil.example",
    "slash backslash literally": "/\\evil.example",
    "encoded slashes": "%2F%2Fevil.example",
    "twice-encoded slashes": "/%252F%252Fevil.example",  # reads as //evil.example once decoded
    "tab": "/%09/evil.example/x",
    "tab first": "%09//evil.example",
    "newline": "/%0a/evil.example",
    "carriage return": "/%0d%0a/evil.example",
    "header injection": "/x%0d%0aSet-Cookie:%20a=b",
    "leading space": "%20//evil.example",
    "space inside": "/%20/evil.example",
    "nul": "%00",
    "nul inside": "/%00/evil.example",
    "delete": "/%7F/evil.example",
    "c1 control": "/%C2%85/evil.example",
    "https": "https://evil.example/",
    "http upper case": "HTTP://evil.example/",
    "javascript": "javascript:alert(1)",
    "javascript after tab": "java%09script:alert(1)",
    "data": "data:text/html,hi",
    "user at host": "@evil.example",
    "relative": "evil.example",
    "fullwidth slashes": "%EF%BC%8F%EF%BC%8Fevil.example",
    "division slash": "/%E2%88%95evil.example",
    "fraction slash": "%E2%81%84%E2%81%84evil.example",
    "non-breaking space": "/%C2%A0/evil.example",
    "zero-width space": "/%E2%80%8B/evil.example",
    "ideographic full stop host": "//evil%E3%80%82example",
    "very long": "/" + "a" * 5000,
    "empty": "",
}


@pytest.mark.parametrize("next_query", HOSTILE_NEXT.values(), ids=HOSTILE_NEXT.keys())
def test_next_only_goes_to_pages_on_this_site(client, make, next_query):
    user = make.user()
    response = _sign_in_with_next(client, user, next_query)
    assert response.status_code == 302 and response.location == "/dashboard"
    assert client.get("/dashboard").status_code == 200  # signed in all the same


@pytest.mark.parametrize(
    ("next_query", "location"),
    [
        ("/review%3Fstatus%3Dproposed", "/review?status=proposed"),
        ("/partners/offers/3", "/partners/offers/3"),
        ("/partners/offers/3/edit%3Ftab%3D1", "/partners/offers/3/edit?tab=1"),
        ("/review?status=proposed", "/review?status=proposed"),  # the rest is another parameter
    ],
)
def test_next_goes_to_the_page_on_this_site_that_asked_for_sign_in(
    client, make, next_query, location
):
    response = _sign_in_with_next(client, make.user(), next_query)
    assert response.location == location


def test_a_page_that_needs_signing_in_comes_back_after_it(client, make):
    user = make.user()
    asked = client.get("/review", query_string={"status": "proposed"})
    assert asked.status_code == 302
    sign_in_page = asked.location
    page = client.get(sign_in_page)
    data = {"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(page.text)}
    response = client.post(sign_in_page, data=data)
    assert response.location == "/review?status=proposed"


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


def _signed_out_page(client, response) -> None:
    assert response.status_code == 302 and response.location == "/account/sign-in"
    assert "You have signed out" in client.get(response.location).text
    assert client.get("/dashboard").location.startswith("/account/sign-in")


def test_sign_out_works_without_a_form_token(client, make, log_in):
    log_in(make.user())
    _signed_out_page(client, client.post("/account/sign-out"))


def test_sign_out_works_with_an_expired_form_token(app, client, make, log_in, monkeypatch):
    log_in(make.user())
    token = csrf_token(client.get("/dashboard").text)
    monkeypatch.setitem(app.config, "WTF_CSRF_TIME_LIMIT", -1)  # every token has expired
    _signed_out_page(client, client.post("/account/sign-out", data={"csrf_token": token}))


def test_sign_out_after_the_session_ended_says_they_are_signed_out(client):
    _signed_out_page(client, client.post("/account/sign-out", data={"csrf_token": "old"}))


def test_other_forms_still_need_a_current_token(app, client, make, monkeypatch):
    user = make.user()
    token = csrf_token(client.get("/account/forgot-password").text)
    monkeypatch.setitem(app.config, "WTF_CSRF_TIME_LIMIT", -1)
    response = client.post(
        "/account/forgot-password", data={"email": user.email, "csrf_token": token}
    )
    assert response.status_code == 400 and "This page timed out" in response.text
    assert db.session.scalar(select(OutboxMessage)) is None


@pytest.mark.parametrize("purpose", [INVITE_PURPOSE, RESET_PURPOSE])
def test_a_deactivated_account_cannot_choose_a_password(client, make, purpose):
    user = make.user(Role.PARTNER)
    link = password_link(user, purpose).removeprefix("http://localhost:5000")
    user.active = False
    db.session.commit()
    before = user.password_hash

    shown = client.get(link)
    token = csrf_token(client.get("/account/sign-in").text)
    new_password = "a brand new passphrase"
    data = {"password": new_password, "confirm": new_password, "csrf_token": token}
    sent = client.post(link, data=data)

    for response in (shown, sent):
        assert response.status_code == 400 and "This link does not work" in response.text
        assert "Your password has been changed" not in response.text
    db.session.refresh(user)
    assert user.password_hash == before
