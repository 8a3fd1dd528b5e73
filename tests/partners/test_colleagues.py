"""Partners invite colleagues by e-mail and remove them."""

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import AuditEvent, OutboxMessage, Role, User
from tests.conftest import sign_in
from tests.factories import PASSWORD

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
    assert html(choose).h1.text == "Choose a password"


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


def _account(make, partner, kind: str) -> User:
    """An existing account of each kind that inviting its address must not touch."""
    own, other = partner.organisation, make.organisation("Elsewhere Ltd")
    role, organisation, active = {
        "active colleague": (Role.PARTNER, own, True),
        "partner elsewhere": (Role.PARTNER, other, True),
        "removed partner elsewhere": (Role.PARTNER, other, False),
        "coordinator": (Role.COORDINATOR, None, True),
        "removed coordinator": (Role.COORDINATOR, None, False),
        "admin": (Role.ADMIN, None, True),
        "removed admin": (Role.ADMIN, None, False),
    }[kind]
    return make.user(role, organisation=organisation, active=active, name="Kept Name")


@pytest.mark.parametrize(
    "kind",
    [
        "active colleague",
        "partner elsewhere",
        "removed partner elsewhere",
        "coordinator",
        "removed coordinator",
        "admin",
        "removed admin",
    ],
)
def test_an_address_with_any_other_account_cannot_be_invited(client, make, partner, kind):
    taken = _account(make, partner, kind)
    before = (taken.organisation_id, taken.role, taken.active, taken.password_hash)

    response = post(client, "/partners/colleagues/new", {"name": "T", "email": taken.email.upper()})

    # The same words whoever owns the address: nothing about other organisations.
    assert errors(response) == ["An account with this email address already exists"]
    assert html(response).find("input", attrs={"name": "email"})["value"] == taken.email.upper()
    db.session.refresh(taken)
    assert (taken.organisation_id, taken.role, taken.active, taken.password_hash) == before
    assert taken.name == "Kept Name"
    assert db.session.scalars(select(OutboxMessage)).all() == []
    assert "user.restored" not in db.session.scalars(select(AuditEvent.action)).all()


def test_a_removed_colleague_can_be_invited_again_and_choose_a_password(
    client, new_client, partner, mail
):
    post(client, "/partners/colleagues/new", {"name": "Sam Lee", "email": "sam@partner.example"})
    colleague = db.session.scalar(select(User).where(User.email == "sam@partner.example"))
    [first_invitation] = mail(colleague.email)
    post(client, f"/partners/colleagues/{colleague.id}/remove")
    assert colleague.active is False

    response = post(
        client,
        "/partners/colleagues/new",
        {"name": "Samira Lee", "email": " SAM@partner.example "},
    )

    assert response.location.endswith("/partners/colleagues")
    listed = client.get(response.location)
    assert "We have emailed sam@partner.example a link to choose a password" in main_text(listed)
    assert "Samira Lee" in html(listed).table.get_text()
    db.session.refresh(colleague)
    assert (colleague.active, colleague.name) == (True, "Samira Lee")
    assert db.session.scalars(select(User.id).where(User.id != partner.id)).all() == [colleague.id]
    restored = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.restored"))
    assert (restored.subject_id, restored.actor_id) == (colleague.id, partner.id)

    _first, invitation = mail(colleague.email)
    their_browser = new_client()
    old_link = link_in(first_invitation, "/account/password/account-invite/")
    assert their_browser.get(old_link).status_code == 400  # the password it was for is gone
    link = link_in(invitation, "/account/password/account-invite/")
    new_password = {"password": "a brand new password", "confirm": "a brand new password"}
    chosen = post(their_browser, link, new_password, token_from=link)
    assert chosen.location.endswith("/account/sign-in")
    signed_in = sign_in(their_browser, colleague.email, "a brand new password")
    assert signed_in.status_code == 302
    assert their_browser.get("/partners/dashboard").status_code == 200


def test_a_restored_colleague_cannot_sign_in_with_their_old_password(
    client, new_client, make, partner
):
    colleague = make.user(Role.PARTNER, organisation=partner.organisation)
    post(client, f"/partners/colleagues/{colleague.id}/remove")

    post(client, "/partners/colleagues/new", {"name": "Sam Lee", "email": colleague.email})

    assert colleague.active is True
    assert not colleague.check_password(PASSWORD)
    refused = sign_in(new_client(), colleague.email, PASSWORD)
    assert "The email address or password is not right" in main_text(refused)


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


@pytest.mark.parametrize("visits_while_removed", [False, True])
def test_a_removed_colleague_does_not_get_their_old_session_back_when_invited_again(
    client, new_client, make, partner, log_in, mail, visits_while_removed
):
    colleague = make.user(Role.PARTNER, organisation=partner.organisation)
    their_browser = new_client()
    log_in(colleague, into=their_browser)
    assert their_browser.get("/partners/dashboard").status_code == 200
    post(client, f"/partners/colleagues/{colleague.id}/remove")
    if visits_while_removed:
        assert their_browser.get("/partners/dashboard").location.startswith("/account/sign-in")

    post(client, "/partners/colleagues/new", {"name": "Sam Lee", "email": colleague.email})

    assert colleague.active is True
    assert their_browser.get("/partners/dashboard").location.startswith("/account/sign-in")
    # Choosing a password through the new invitation does not bring it back either.
    [invitation] = mail(colleague.email)
    link = link_in(invitation, "/account/password/account-invite/")
    new_password = {"password": "a brand new password", "confirm": "a brand new password"}
    post(their_browser, link, new_password, token_from=link)
    assert their_browser.get("/partners/dashboard").location.startswith("/account/sign-in")
    assert sign_in(their_browser, colleague.email, "a brand new password").status_code == 302
    assert their_browser.get("/partners/dashboard").status_code == 200


def test_a_removed_colleague_reactivated_by_an_admin_does_not_get_their_old_session_back(
    client, new_client, make, partner, log_in
):
    """An admin gives the account back as it was, password and all, so only the session
    generation counted up on removal tells the old session apart."""
    colleague = make.user(Role.PARTNER, organisation=partner.organisation)
    untouched = make.user(Role.PARTNER, organisation=partner.organisation)
    their_browser, untouched_browser, admins_browser = new_client(), new_client(), new_client()
    log_in(colleague, into=their_browser)
    log_in(untouched, into=untouched_browser)
    log_in(make.user(Role.ADMIN), into=admins_browser)

    post(client, f"/partners/colleagues/{colleague.id}/remove")
    reactivated = post(admins_browser, f"/admin/users/{colleague.id}", {"active": "yes"})

    assert reactivated.location.endswith("/admin/users")
    assert colleague.active is True
    assert their_browser.get("/partners/dashboard").location.startswith("/account/sign-in")
    assert untouched_browser.get("/partners/dashboard").status_code == 200
    assert client.get("/partners/dashboard").status_code == 200
    assert sign_in(their_browser, colleague.email, PASSWORD).status_code == 302
    assert their_browser.get("/partners/dashboard").status_code == 200


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_partner_cannot_remove_themselves(client, partner, method):
    url = f"/partners/colleagues/{partner.id}/remove"
    response = client.get(url) if method == "GET" else post(client, url)

    # Not even a "Remove yourself?" page whose button could only be refused.
    assert response.status_code == 302 and response.location.endswith("/partners/colleagues")
    assert "You cannot remove yourself" in main_text(client.get(response.location))
    assert partner.active is True
