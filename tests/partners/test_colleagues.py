"""Partners invite colleagues by e-mail and remove them."""

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Role, User
from tests.conftest import sign_in

from .conftest import errors, html, link_in, main_text, post


def test_a_partner_invites_a_colleague_who_gets_a_link_to_choose_a_password(client, partner, mail):
    response = post(
        client, "/partners/colleagues/new", {"name": "Sam Lee", "email": "Sam@Partner.example"}
    )

    assert response.location.endswith("/partners/colleagues")
    colleague = db.session.scalar(select(User).where(User.email == "sam@partner.example"))
    assert (colleague.role, colleague.organisation) == (Role.PARTNER, partner.organisation)
    listed = main_text(client.get("/partners/colleagues"))
    assert "Sam Lee" in listed and "sam@partner.example" in listed
    [body] = mail("sam@partner.example")
    link = link_in(body, "/account/password/account-invite/")
    choose = client.get(link)
    assert html(choose).h1.text == "Choose a new password"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "email": "sam@partner.example"}, "Enter your colleague's full name"),
        ({"name": "Sam", "email": ""}, "Enter your colleague's work email address"),
        ({"name": "Sam", "email": "sam"}, "Enter an email address in the correct format"),
        ({"name": "S" * 121, "email": "sam@p.example"}, "Full name must be 120 characters"),
    ],
)
def test_invitation_problems_are_explained(client, partner, data, message):
    response = post(client, "/partners/colleagues/new", data)
    assert errors(response)[0].startswith(message)
    assert db.session.scalar(select(User).where(User.id != partner.id)) is None


def test_an_address_with_an_account_cannot_be_invited(client, make, partner):
    taken = make.user(Role.COORDINATOR).email

    response = post(client, "/partners/colleagues/new", {"name": "T", "email": taken.upper()})

    assert errors(response) == ["An account with this email address already exists"]
    assert html(response).find("input", attrs={"name": "email"})["value"] == taken.upper()


def test_a_removed_colleague_loses_their_session_and_cannot_sign_in(
    client, new_client, make, partner, log_in
):
    colleague = make.user(Role.PARTNER, organisation=partner.organisation)
    their_browser = new_client()
    log_in(colleague, into=their_browser)
    assert their_browser.get("/partners/dashboard").status_code == 200

    confirm = client.get(f"/partners/colleagues/{colleague.id}/remove")
    assert html(confirm).h1.text == f"Remove {colleague.email}?"
    response = post(client, f"/partners/colleagues/{colleague.id}/remove")

    assert response.location.endswith("/partners/colleagues")
    assert colleague.active is False
    assert colleague.email not in html(client.get("/partners/colleagues")).table.get_text()
    assert their_browser.get("/partners/dashboard").location.startswith("/account/sign-in")
    assert html(sign_in(their_browser, colleague.email)).h1.text == "Sign in"


def test_a_partner_cannot_remove_themselves(client, partner):
    response = post(client, f"/partners/colleagues/{partner.id}/remove")

    assert "You cannot remove yourself" in main_text(client.get(response.location))
    assert partner.active is True
