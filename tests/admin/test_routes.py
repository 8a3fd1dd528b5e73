import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import OutboxMessage, Role, User

from ..conftest import csrf_token, sign_in


@pytest.fixture
def admin_client(client, make):
    admin = make.user(Role.ADMIN)
    sign_in(client, admin.email)
    return client


def _create(client, **fields):
    page = client.get("/admin/users/new")
    return client.post("/admin/users/new", data={"csrf_token": csrf_token(page.text), **fields})


def test_admin_creates_a_coordinator_for_a_hub_who_gets_an_invite(admin_client, make):
    hub = make.hub("london")
    response = _create(
        admin_client,
        name="Lee Coordinator",
        email="Lee@Example.com",
        role="coordinator",
        hub=str(hub.id),
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "lee@example.com"))
    assert (user.role, user.hub.region) == (Role.COORDINATOR, "london")
    invite = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == "lee@example.com")
    )
    assert "/account/password/account-invite/" in invite.text_body
    assert "lee@example.com" in admin_client.get("/admin/users").text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"name": "", "email": "a@example.com", "role": "admin"},
            "Enter the person&#39;s full name",
        ),
        (
            {"name": "A", "email": "not-email", "role": "admin"},
            "Enter an email address in the correct format",
        ),
        ({"name": "A", "email": "a@example.com", "role": "overlord"}, "Select a role"),
        (
            {"name": "A", "email": "a@example.com", "role": "coordinator"},
            "Select the hub this coordinator works for",
        ),
        (
            {"name": "A", "email": "a@example.com", "role": "coordinator", "hub": "99999"},
            "Select a hub from the list",
        ),
    ],
)
def test_create_user_validation_keeps_input_and_stores_nothing(admin_client, make, fields, message):
    make.hub()
    before = db.session.scalar(select(db.func.count(User.id)))
    response = _create(admin_client, **fields)
    assert response.status_code == 200
    assert message in response.text
    assert "Not a valid choice" not in response.text
    assert "govuk-error-summary" in response.text
    assert db.session.scalar(select(db.func.count(User.id))) == before


def test_duplicate_email_is_refused_kindly(admin_client, make):
    existing = make.user()
    response = _create(admin_client, name="A", email=existing.email.upper(), role="admin")
    assert "An account with this email address already exists" in response.text


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PARTNER])
def test_only_admins_reach_user_management(client, make, role):
    user = make.user(role)
    sign_in(client, user.email)
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/users/new").status_code == 403


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get("/admin/users")
    assert response.status_code == 302 and response.location.startswith("/account/sign-in")
