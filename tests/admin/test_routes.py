import pytest
from sqlalchemy import select

from matchmaker.auth.services import password_link
from matchmaker.extensions import db
from matchmaker.models import OutboxMessage, Role, User

from ..conftest import csrf_token, html, sign_in


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
    for path in ("/admin/users", "/admin/users/new", f"/admin/users/{user.id}", "/admin/hubs"):
        assert client.get(path).status_code == 403, path


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get("/admin/users")
    assert response.status_code == 302 and response.location.startswith("/account/sign-in")


def _post(client, url, **fields):
    page = client.get(url)
    return client.post(url, data={"csrf_token": csrf_token(page.text), **fields})


def test_admin_moves_a_coordinator_to_another_hub_and_deactivates_them(admin_client, make):
    coordinator = make.user(Role.COORDINATOR)
    london = make.hub("london")
    response = _post(
        admin_client, f"/admin/users/{coordinator.id}", hub=str(london.id), active="no"
    )
    assert response.status_code == 302
    db.session.refresh(coordinator)
    assert coordinator.hub.region == "london" and coordinator.active is False
    assert "(deactivated)" in admin_client.get("/admin/users").text
    assert (
        sign_in(admin_client.application.test_client(), coordinator.email).status_code == 200
    )  # refused


def test_a_deactivated_users_session_ends_at_once_and_stays_ended(admin_client, make):
    coordinator = make.user(Role.COORDINATOR)
    their_browser = admin_client.application.test_client()
    sign_in(their_browser, coordinator.email)
    assert their_browser.get("/dashboard").status_code == 200
    edit = f"/admin/users/{coordinator.id}"

    _post(admin_client, edit, hub=str(coordinator.hub_id), active="no")

    refused = their_browser.get("/dashboard")
    assert refused.status_code == 302 and refused.location.startswith("/account/sign-in")
    assert their_browser.get("/account/sign-in").status_code == 200  # the form, not signed in
    # Given the account back, they sign in again: the ended session stays ended.
    _post(admin_client, edit, hub=str(coordinator.hub_id), active="yes")
    assert their_browser.get("/dashboard").location.startswith("/account/sign-in")
    assert sign_in(their_browser, coordinator.email).status_code == 302
    assert their_browser.get("/dashboard").status_code == 200


def test_reactivating_an_account_does_not_bring_back_its_old_sessions(admin_client, make):
    """Even when the user makes no request while deactivated, and so is never signed out
    then, and their password is the same afterwards."""
    coordinator = make.user(Role.COORDINATOR)
    untouched = make.user(Role.COORDINATOR, hub=coordinator.hub)
    their_browser = admin_client.application.test_client()
    untouched_browser = admin_client.application.test_client()
    sign_in(their_browser, coordinator.email)
    sign_in(untouched_browser, untouched.email)
    edit = f"/admin/users/{coordinator.id}"

    _post(admin_client, edit, hub=str(coordinator.hub_id), active="no")
    _post(admin_client, edit, hub=str(coordinator.hub_id), active="yes")

    refused = their_browser.get("/dashboard")
    assert refused.status_code == 302 and refused.location.startswith("/account/sign-in")
    assert untouched_browser.get("/dashboard").status_code == 200
    assert admin_client.get("/admin/users").status_code == 200  # the admin's own session too
    assert sign_in(their_browser, coordinator.email).status_code == 302  # same password
    assert their_browser.get("/dashboard").status_code == 200


def test_a_password_link_sent_before_deactivation_stays_dead_after_reactivation(admin_client, make):
    coordinator = make.user(Role.COORDINATOR)
    their_browser = admin_client.application.test_client()
    link = password_link(coordinator)
    assert their_browser.get(link).status_code == 200
    edit = f"/admin/users/{coordinator.id}"

    _post(admin_client, edit, hub=str(coordinator.hub_id), active="no")
    _post(admin_client, edit, hub=str(coordinator.hub_id), active="yes")

    refused = their_browser.get(link)
    assert refused.status_code == 400 and "This link does not work" in refused.text
    db.session.refresh(coordinator)
    assert their_browser.get(password_link(coordinator)).status_code == 200  # a new one works


def test_changing_an_active_users_hub_keeps_them_signed_in(admin_client, make):
    coordinator = make.user(Role.COORDINATOR)
    their_browser = admin_client.application.test_client()
    sign_in(their_browser, coordinator.email)

    _post(
        admin_client, f"/admin/users/{coordinator.id}", hub=str(make.hub("wales").id), active="yes"
    )

    assert their_browser.get("/dashboard").status_code == 200


def test_an_admin_cannot_deactivate_themselves(client, make):
    admin = make.user(Role.ADMIN)
    sign_in(client, admin.email)
    response = _post(client, f"/admin/users/{admin.id}", active="no")
    assert "You cannot deactivate your own account" in response.text
    db.session.refresh(admin)
    assert admin.active


def test_admin_renames_a_hub(admin_client, make):
    hub = make.hub("wales")
    assert "Wales Growth Hub" in admin_client.get("/admin/hubs").text
    response = _post(
        admin_client,
        f"/admin/hubs/{hub.id}",
        name="Business Wales Hub",
        contact_email="hub@wales.example",
    )
    assert response.status_code == 302
    db.session.refresh(hub)
    assert (hub.name, hub.contact_email) == ("Business Wales Hub", "hub@wales.example")
    bad = _post(admin_client, f"/admin/hubs/{hub.id}", name="", contact_email="nope")
    assert (
        "Enter the hub&#39;s name" in bad.text
        and "Enter an email address in the correct format" in bad.text
    )


def test_unknown_users_and_hubs_are_not_found(admin_client):
    assert admin_client.get("/admin/users/99999").status_code == 404
    assert admin_client.get("/admin/hubs/99999").status_code == 404


def test_whitespace_only_names_are_refused(admin_client):
    response = _create(admin_client, name="   ", email="a@example.com", role="admin")
    assert "Enter the person&#39;s full name" in response.text


HOSTILE = '<script>alert("x")</script>'


def _links(response) -> dict[str, str]:
    """The links in the page's table: their href by their visible text."""
    return {link.get_text().strip(): link["href"] for link in html(response).select("main td a")}


def test_each_user_links_to_their_edit_page_and_hostile_text_stays_text(admin_client, make):
    hostile = make.user(email=f"{HOSTILE}@example.com", name=HOSTILE)
    admin = db.session.scalar(select(User).where(User.role == Role.ADMIN))

    response = admin_client.get("/admin/users")

    assert _links(response) == {
        f"{admin.email} (change)": f"/admin/users/{admin.id}",
        f"{hostile.email} (change)": f"/admin/users/{hostile.id}",
    }
    assert "<script>" not in response.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;@example.com" in response.text
    assert "&lt;a class" not in response.text  # no markup shown as text


def test_each_hub_links_to_its_edit_page_and_hostile_names_stay_text(admin_client, make):
    wales = make.hub("wales")
    wales.name = HOSTILE
    db.session.commit()

    response = admin_client.get("/admin/hubs")

    links = _links(response)
    assert links[f"{HOSTILE} (change)"] == f"/admin/hubs/{wales.id}"
    assert links["North East Growth Hub (change)"] == f"/admin/hubs/{make.hub('north-east').id}"
    assert "<script>" not in response.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;<span" in response.text
    assert "&lt;a class" not in response.text
