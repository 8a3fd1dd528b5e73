"""A session lasts only as long as the password it was signed in with, and the account
(`User.end_sessions` ends them all when it is deactivated)."""

import pytest
from flask_login.utils import encode_cookie

from matchmaker.extensions import db
from matchmaker.models import Role, User

from ..conftest import link_in, post, sign_in
from ..factories import PASSWORD

NEW_PASSWORD = "a brand new passphrase"


def _signed_in(browser) -> bool:
    """Whether a page for signed-in people opens, rather than sending `browser` to sign in."""
    response = browser.get("/dashboard")
    if response.status_code == 302 and response.location.startswith("/account/sign-in"):
        return False
    assert response.status_code in (200, 302), response.status_code  # 302: a role's own page
    return True


def _reset_password(browser, mail, email: str) -> None:
    """Ask for a reset link in `browser`, follow the e-mailed link there and choose
    NEW_PASSWORD."""
    post(
        browser, "/account/forgot-password", {"email": email}, token_from="/account/forgot-password"
    )
    [body] = mail(email)
    link = link_in(body, "/account/password/password-reset/")
    chosen = post(
        browser, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, token_from=link
    )
    assert chosen.location == "/account/sign-in"


def test_a_password_reset_signs_out_every_other_session(app, make, log_in, mail):
    user = make.user(Role.COORDINATOR)
    theirs, thiefs = app.test_client(), app.test_client()
    log_in(user, into=theirs)
    log_in(user, into=thiefs)

    _reset_password(theirs, mail, user.email)

    refused = thiefs.get("/dashboard")
    assert refused.status_code == 302 and refused.location.startswith("/account/sign-in")
    assert not _signed_in(thiefs)  # and stays signed out
    assert _signed_in(theirs)  # whoever chose the new password carries on
    another = app.test_client()
    assert sign_in(another, user.email, PASSWORD).status_code == 200  # refused
    assert sign_in(another, user.email, NEW_PASSWORD).status_code == 302
    assert _signed_in(another)


def test_a_reset_from_another_browser_signs_out_every_session(app, make, log_in, mail):
    user = make.user(Role.PARTNER)
    first, second, elsewhere = app.test_client(), app.test_client(), app.test_client()
    log_in(user, into=first)
    log_in(user, into=second)

    _reset_password(elsewhere, mail, user.email)

    assert not _signed_in(first) and not _signed_in(second) and not _signed_in(elsewhere)
    assert sign_in(elsewhere, user.email, NEW_PASSWORD).status_code == 302
    assert _signed_in(elsewhere)


@pytest.mark.parametrize(
    "session_id",
    [
        "{id}",
        "{id}:",
        "{id}:{fingerprint}0",
        "{id}:0000000000000000",
        ":",
        "",
        "x:y",
        "-1:{fingerprint}",
    ],
)
def test_a_tampered_or_old_session_id_is_signed_out(client, make, log_in, session_id):
    user = make.user()
    log_in(user)
    with client.session_transaction() as session:
        assert session["_user_id"] == user.get_id()
        fingerprint = session["_user_id"].partition(":")[2]
        session["_user_id"] = session_id.format(id=user.id, fingerprint=fingerprint)

    refused = client.get("/dashboard")

    assert refused.status_code == 302 and refused.location.startswith("/account/sign-in")
    with client.session_transaction() as session:
        assert "_user_id" not in session  # forgotten, not just refused this once
    assert client.get("/account/sign-in").status_code == 200


def test_a_session_id_that_is_not_text_is_signed_out(client, make, log_in):
    user = make.user()
    log_in(user)
    with client.session_transaction() as session:
        session["_user_id"] = user.id

    assert not _signed_in(client)


@pytest.mark.parametrize(
    "end_them",
    [lambda user: user.set_password(NEW_PASSWORD), User.end_sessions],
    ids=["new password", "sessions ended"],
)
def test_a_remember_me_cookie_follows_the_same_rule(app, make, end_them):
    user = make.user()
    with app.test_request_context():
        remembered = encode_cookie(user.get_id())
    before = app.test_client()
    before.set_cookie("remember_token", remembered)
    assert _signed_in(before)

    end_them(user)
    db.session.commit()

    after = app.test_client()
    after.set_cookie("remember_token", remembered)
    refused = after.get("/dashboard")
    assert refused.status_code == 302 and refused.location.startswith("/account/sign-in")
    cleared = [c for c in refused.headers.getlist("Set-Cookie") if c.startswith("remember_token=;")]
    assert cleared, "the remember-me cookie is not deleted"
    assert not _signed_in(before)


def test_a_visitor_who_never_signed_in_keeps_their_session_cookie_as_it_was(client):
    # Flask-Login's strong protection would take a survey's session, which names nobody,
    # for a stolen one: rewrite it and delete a remember-me cookie on every page.
    client.get("/survey/start")
    assert client.get("/survey/your-details").status_code == 200  # its form token is kept
    for url in ["/survey/your-details", "/", "/privacy"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers.getlist("Set-Cookie") == [], url


def test_public_pages_name_whoever_is_signed_in(app, client, make, log_in):
    user = log_in(make.user(Role.COORDINATOR))
    page = client.get("/survey/your-details")
    assert user.email in page.text and "Sign out" in page.text
    with app.test_request_context():
        remembered = encode_cookie(user.get_id())
    returning = app.test_client()  # a new browser session, remembered
    returning.set_cookie("remember_token", remembered)
    assert "Sign out" in returning.get("/").text
    assert "Sign out" not in app.test_client().get("/").text
