"""The e-mail inviting someone to choose a password says who asked, for what, and why;
the link stops working if the account is removed."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import OutboxMessage, Role, User

from ..conftest import html, link_in, post

SERVICE = (
    "Growth Hub Matchmaker is run by the Growth Hubs network to introduce small businesses "
    "to the help that large organisations offer."
)


@pytest.fixture
def partner(make, log_in):
    organisation = make.organisation("Pennine Coaching Ltd")
    return log_in(
        make.user(
            Role.PARTNER, email="pat@pennine.example", name="Pat Kaur", organisation=organisation
        )
    )


def _invite(client, name="Sam Lee", email="sam@pennine.example"):
    response = post(client, "/partners/colleagues/new", {"name": name, "email": email})
    assert response.status_code == 302
    return db.session.scalar(select(User).where(User.email == email))


def _outbox(email: str) -> OutboxMessage:
    return db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.recipient == email)
        .order_by(OutboxMessage.id.desc())
    ).first()


def _page(message: OutboxMessage) -> BeautifulSoup:
    return BeautifulSoup(message.html_body, "html.parser")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_colleague_is_told_who_invited_them_and_to_which_organisation(client, partner, mail):
    _invite(client)

    [body] = mail("sam@pennine.example")
    text = _flat(body)
    assert (
        "Pat Kaur (pat@pennine.example) has invited you to join Pennine Coaching Ltd "
        "on Growth Hub Matchmaker." in text
    )
    assert SERVICE in text
    assert "It works for 7 days and only once" in text
    assert "administrator" not in text
    assert link_in(body, "/account/password/account-invite/")

    message = _outbox("sam@pennine.example")
    assert message.subject == "Join Pennine Coaching Ltd on Growth Hub Matchmaker"
    page = _page(message)
    assert page.h1.get_text(strip=True) == message.subject
    assert "Pat Kaur (pat@pennine.example) has invited you to join Pennine Coaching Ltd" in _flat(
        page.get_text(" ")
    )
    assert page.find("a", string="Choose your password")["href"].startswith(
        "http://localhost:5000/account/password/account-invite/"
    )


def test_an_inviter_without_a_name_is_named_by_their_email(client, make, log_in, mail):
    organisation = make.organisation("Nameless Ltd")
    log_in(make.user(Role.PARTNER, email="desk@nameless.example", organisation=organisation))
    _invite(client, email="new@nameless.example")

    [body] = mail("new@nameless.example")
    assert "desk@nameless.example has invited you to join Nameless Ltd" in _flat(body)


def test_names_in_the_email_stay_text(client, make, log_in):
    organisation = make.organisation("<b>Bold</b> & Co")
    log_in(make.user(Role.PARTNER, name="<script>x</script>", organisation=organisation))
    _invite(client, email="new@bold.example")

    message = _outbox("new@bold.example")
    assert "<script>" not in message.html_body and "<b>" not in message.html_body
    assert "&lt;script&gt;x&lt;/script&gt;" in message.html_body
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in message.html_body


def test_a_colleague_invited_back_is_told_who_by(client, make, log_in, partner, mail):
    colleague = _invite(client)
    post(client, f"/partners/colleagues/{colleague.id}/remove")
    other = make.user(
        Role.PARTNER, email="jo@pennine.example", name="Jo Park", organisation=partner.organisation
    )
    log_in(other)
    _invite(client, name="Samira Lee")

    _first, again = mail("sam@pennine.example")
    assert "Jo Park (jo@pennine.example) has invited you to join Pennine Coaching Ltd" in _flat(
        again
    )


def test_a_removed_colleague_cannot_use_their_invitation(client, new_client, partner, mail):
    colleague = _invite(client)
    [body] = mail(colleague.email)
    post(client, f"/partners/colleagues/{colleague.id}/remove")
    db.session.refresh(colleague)
    before = colleague.password_hash

    their_browser = new_client()
    link = link_in(body, "/account/password/account-invite/")
    shown = their_browser.get(link)
    new_password = {"password": "a brand new password", "confirm": "a brand new password"}
    sent = post(their_browser, link, new_password, token_from="/account/sign-in")

    for response in (shown, sent):
        assert response.status_code == 400
        assert html(response).h1.get_text(strip=True) == "This link does not work"
    assert "Your password has been changed" not in their_browser.get("/account/sign-in").text
    db.session.refresh(colleague)
    assert (colleague.password_hash, colleague.active) == (before, False)


@pytest.fixture
def new_client(app):
    return app.test_client


@pytest.fixture
def admin(make, log_in):
    return log_in(make.user(Role.ADMIN, email="ada@network.example", name="Ada Admin"))


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        (
            {"role": "coordinator", "hub": "london"},
            "An administrator of Growth Hub Matchmaker has created a hub coordinator account "
            "for you at London Growth Hub.",
        ),
        (
            {"role": "admin"},
            "An administrator of Growth Hub Matchmaker has created a network admin account "
            "for you.",
        ),
    ],
)
def test_staff_are_told_an_administrator_made_their_account(
    client, make, admin, mail, fields, says
):
    if "hub" in fields:
        fields = {**fields, "hub": str(make.hub(fields["hub"]).id)}
    response = post(
        client,
        "/admin/users/new",
        {"name": "Lee Staff", "email": "lee@network.example", **fields},
        token_from="/admin/users/new",
    )
    assert response.status_code == 302

    [body] = mail("lee@network.example")
    text = _flat(body)
    assert says in text
    assert SERVICE in text
    assert "It works for 7 days and only once" in text
    assert link_in(body, "/account/password/account-invite/")
    message = _outbox("lee@network.example")
    assert message.subject == "You have a Growth Hub Matchmaker account"
    assert says in _flat(_page(message).get_text(" "))


def _choose_password(client, link: str, password: str = "a brand new password"):
    return post(client, link, {"password": password, "confirm": password}, token_from=link)


def test_an_invited_person_chooses_their_first_password_not_a_new_one(
    client, new_client, partner, mail
):
    colleague = _invite(client)
    [body] = mail(colleague.email)
    link = link_in(body, "/account/password/account-invite/")
    their_browser = new_client()

    page = html(their_browser.get(link))
    assert page.h1.get_text(strip=True) == "Choose a password"
    assert page.find("label", attrs={"for": "password"}).get_text(strip=True) == (
        "Create a password"
    )
    sent = _choose_password(their_browser, link)
    assert sent.status_code == 302
    signed_in_page = their_browser.get(sent.location).text
    assert "Your password is set. Sign in with your email address and password." in signed_in_page
    assert "has been changed" not in signed_in_page

    used = html(their_browser.get(link))
    assert used.h1.get_text(strip=True) == "This link does not work"
    assert used.find("a", string="sign in")["href"] == "/account/sign-in"


def test_an_expired_invitation_says_how_long_invitations_last(
    app, client, new_client, partner, mail, monkeypatch
):
    colleague = _invite(client)
    [body] = mail(colleague.email)
    monkeypatch.setitem(app.config, "ACCOUNT_INVITE_MAX_AGE", -1)

    response = new_client().get(link_in(body, "/account/password/account-invite/"))

    assert response.status_code == 400
    text = _flat(html(response).main.get_text(" "))
    assert "This link has expired" in text
    assert "Links to choose a password for a new account work for" in text
    assert "reset a password" not in text and "1 hour" not in text


def test_a_password_reset_still_reads_as_a_change(client, make, mail):
    user = make.user(Role.PARTNER, email="kim@pennine.example")
    response = post(
        client, "/account/forgot-password", {"email": user.email}, token_from="/account/sign-in"
    )
    assert "The link works for 1 hour." in _flat(html(response).main.get_text(" "))
    [body] = mail(user.email)
    link = link_in(body, "/account/password/password-reset/")

    assert html(client.get(link)).h1.get_text(strip=True) == "Choose a new password"
    sent = _choose_password(client, link)
    assert "Your password has been changed" in client.get(sent.location).text
