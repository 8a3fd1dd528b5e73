"""Hubs approve or decline new organisations; partners see where they stand."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from matchmaker.extensions import db
from matchmaker.models import (
    AuditEvent,
    Organisation,
    OrganisationStatus,
    OutboxMessage,
    Role,
    utcnow,
)
from matchmaker.partners import services
from matchmaker.templating import format_datetime

from .conftest import errors, html, link_in, main_text, post


@pytest.fixture
def applicant(make):
    """A partner who signed up and confirmed their e-mail; their organisation is pending."""
    organisation = make.organisation("Brightwater Bank", status=OrganisationStatus.PENDING)
    organisation.website = "https://brightwater.example"
    organisation.companies_house_number = "SC123456"
    user = make.user(Role.PARTNER, organisation=organisation)
    user.email_verified_at = utcnow()
    db.session.commit()
    return user


def test_coordinators_see_organisations_waiting_whose_email_is_confirmed(
    client, make, applicant, coordinator
):
    unconfirmed = make.organisation("Unconfirmed Ltd", status=OrganisationStatus.PENDING)
    make.user(Role.PARTNER, organisation=unconfirmed)
    make.organisation("Already Approved")

    page = client.get("/partners/organisations")

    assert page.status_code == 200
    names = [cell.text for cell in html(page).select("main tbody tr td:first-child")]
    assert names == ["Brightwater Bank"]
    detail = client.get(f"/partners/organisations/{applicant.organisation.id}")
    assert "SC123456" in main_text(detail)
    assert applicant.email in main_text(detail)
    assert client.get(f"/partners/organisations/{unconfirmed.id}").status_code == 404


def test_approving_emails_the_partner_who_can_then_use_the_service(
    client, applicant, coordinator, log_in, mail
):
    organisation = applicant.organisation
    url = f"/partners/organisations/{organisation.id}/approve"

    response = post(client, url)

    assert response.location.endswith("/partners/organisations")
    assert "Brightwater Bank is approved" in main_text(client.get(response.location))
    assert organisation.status == OrganisationStatus.APPROVED
    [body] = mail(applicant.email)
    assert "has approved Brightwater Bank" in body
    assert "/account/sign-in" in body
    again = post(client, url)  # decided: no longer waiting
    assert again.location.endswith(f"/partners/organisations/{organisation.id}")
    assert html(client.get(again.location)).h1.text == "Brightwater Bank has already been approved"

    log_in(applicant)
    assert client.get("/partners/dashboard").status_code == 200


def test_declining_needs_a_reason_which_is_emailed_and_shown(
    client, applicant, coordinator, log_in, mail
):
    url = f"/partners/organisations/{applicant.organisation.id}"

    missing = post(client, url, {"reason": "  "})
    assert errors(missing) == ["Enter the reason for declining the organisation"]
    assert applicant.organisation.status == OrganisationStatus.PENDING

    too_long = post(client, url, {"reason": "x" * 1001})
    assert errors(too_long) == ["Reason must be 1,000 characters or fewer"]
    assert "x" * 1001 in too_long.text  # what was typed is kept

    declined = post(client, url, {"reason": "We could not find <b>this bank</b> anywhere."})
    assert declined.status_code == 302
    db.session.refresh(applicant.organisation)
    assert applicant.organisation.status == OrganisationStatus.DECLINED
    [body] = mail(applicant.email)
    assert "We could not find <b>this bank</b> anywhere." in body

    log_in(applicant)
    status = client.get("/partners/dashboard", follow_redirects=True)
    assert html(status).h1.text == "Your organisation was not approved"
    assert "We could not find <b>this bank</b> anywhere." in main_text(status)
    assert "&lt;b&gt;this bank&lt;/b&gt;" in status.text


def test_the_decline_email_keeps_line_breaks_and_says_which_hub_to_contact(
    client, make, applicant, log_in, mail
):
    hub = make.hub("london")
    hub.contact_email = "help@london-hub.example"
    log_in(make.user(Role.COORDINATOR, hub=hub))

    post(
        client,
        f"/partners/organisations/{applicant.organisation.id}",
        {"reason": "No website.\nNo company number."},
    )

    [body] = mail(applicant.email)
    assert "contact London Growth Hub at help@london-hub.example" in " ".join(body.split())
    message = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == applicant.email)
    )
    assert "No website.<br>No company number." in message.html_body
    assert 'href="mailto:help@london-hub.example"' in message.html_body


def test_only_one_decision_counts_when_two_coordinators_decide_at_once(app, make, applicant):
    first, second = make.user(Role.COORDINATOR), make.user(Role.ADMIN)
    organisation = applicant.organisation

    with app.test_request_context():
        services.approve_organisation(organisation, actor=first)
        with pytest.raises(services.AlreadyDecided):
            services.decline_organisation(organisation, "Too late", actor=second)

    assert organisation.status == OrganisationStatus.APPROVED
    assert organisation.decline_reason is None
    actions = list(db.session.scalars(select(AuditEvent.action)))
    assert actions.count("organisation.approved") == 1


@pytest.mark.parametrize(
    ("verified", "heading"),
    [
        (False, "Confirm your email address"),
        (True, "Your organisation is waiting for approval"),
    ],
)
def test_a_pending_partner_sees_the_state_and_no_partner_pages(
    client, make, log_in, verified, heading
):
    organisation = make.organisation(status=OrganisationStatus.PENDING)
    user = make.user(Role.PARTNER, organisation=organisation)
    user.email_verified_at = utcnow() if verified else None
    db.session.commit()
    log_in(user)

    for path in (
        "/dashboard",
        "/partners/dashboard",
        "/partners/offers/new",
        "/partners/colleagues",
    ):
        response = client.get(path, follow_redirects=True)
        assert html(response).h1.text == heading, path
    assert client.get("/partners/status").status_code == 200


def test_an_approved_partner_is_sent_from_the_status_page_to_the_dashboard(client, partner):
    assert client.get("/partners/status").location.endswith("/partners/dashboard")
    assert client.get("/dashboard").location.endswith("/partners/dashboard")


# --- telling the approvers ----------------------------------------------------------------

SIGN_UP = {
    "organisation_name": "Northwind <Cloud>",
    "website": "www.northwind.example",
    "contact_name": "Priya Shah",
    "email": "priya@northwind.example",
    "password": "a long enough password",
    "confirm": "a long enough password",
}


@pytest.fixture
def staff(make):
    """Everyone who can approve organisations, and people who cannot, with their roles."""
    return {
        "coordinator": make.user(Role.COORDINATOR),
        "coordinator elsewhere": make.user(Role.COORDINATOR, hub=make.hub("london")),
        "admin": make.user(Role.ADMIN),
        "removed coordinator": make.user(Role.COORDINATOR, active=False),
        "removed admin": make.user(Role.ADMIN, active=False),
        "partner": make.user(Role.PARTNER),
    }


APPROVERS = ("coordinator", "coordinator elsewhere", "admin")


def _sign_up_and_get_link(client, mail) -> str:
    post(client, "/partners/sign-up", SIGN_UP, token_from="/partners/sign-up")
    return link_in(mail(SIGN_UP["email"])[0], "/partners/confirm-email/")


def test_approvers_are_emailed_once_when_an_organisation_starts_waiting(
    app, client, new_client, staff, mail, log_in
):
    link = _sign_up_and_get_link(client, mail)
    # Not before the address is confirmed: until then the hubs do not list it either.
    assert all(mail(person.email) == [] for person in staff.values())

    assert post(client, link, token_from=link).status_code == 302
    again = post(client, link, token_from="/partners/confirm-email/new-link")  # used twice

    assert again.status_code == 400
    assert html(again).h1.text == "This link has already been used"
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.name == SIGN_UP["organisation_name"])
    )
    url = f"{app.config['BASE_URL']}/partners/organisations/{organisation.id}"
    for role, person in staff.items():
        received = mail(person.email)
        if role not in APPROVERS:
            assert received == [], role
            continue
        [body] = received
        assert body.startswith("Northwind <Cloud> is waiting for approval")
        assert link_in(body, "/partners/organisations/") == url
        assert "/confirm-email/" not in body and SIGN_UP["password"] not in body
    message = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == staff["admin"].email)
    )
    assert message.subject == "Northwind <Cloud> is waiting for approval"
    assert f'href="{url}"' in message.html_body
    assert "Northwind &lt;Cloud&gt;" in message.html_body

    for role in APPROVERS:
        browser = new_client()
        log_in(staff[role], into=browser)
        page = browser.get(url)
        assert page.status_code == 200, role
        assert html(page).h1.text == "Northwind <Cloud>"
    partner_browser = new_client()
    log_in(staff["partner"], into=partner_browser)
    assert partner_browser.get(url).status_code == 403


def _approvers_told() -> list[str]:
    return sorted(db.session.scalars(select(OutboxMessage.recipient)))


def test_confirming_twice_at_once_tells_the_approvers_once(app, make, staff):
    organisation = make.organisation("Brightwater Bank", status=OrganisationStatus.PENDING)
    user = make.user(Role.PARTNER, organisation=organisation)

    with app.test_request_context():
        services.confirm_email(user)
        # A second request that loaded the user before the first request confirmed them.
        set_committed_value(user, "email_verified_at", None)
        with pytest.raises(services.LinkAlreadyUsed):
            services.confirm_email(user)
    db.session.commit()

    assert _approvers_told() == sorted(staff[role].email for role in APPROVERS)
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("user.email_confirmed") == 1


def test_an_organisation_waiting_is_announced_once_however_many_people_confirm(app, make, staff):
    organisation = make.organisation("Brightwater Bank", status=OrganisationStatus.PENDING)
    people = [make.user(Role.PARTNER, organisation=organisation) for _ in range(2)]

    with app.test_request_context():
        for person in people:
            services.confirm_email(person)
    db.session.commit()

    assert _approvers_told() == sorted(staff[role].email for role in APPROVERS)


@pytest.mark.parametrize("status", [OrganisationStatus.APPROVED, OrganisationStatus.DECLINED])
def test_confirming_an_address_in_a_decided_organisation_tells_no_approver(
    app, make, staff, status
):
    # For example a colleague invited to an approved organisation who asks for a link.
    user = make.user(Role.PARTNER, organisation=make.organisation(status=status))

    with app.test_request_context():
        services.confirm_email(user)
    db.session.commit()

    assert user.email_verified_at is not None
    assert db.session.scalars(select(OutboxMessage)).all() == []


# --- the link in that e-mail, after someone has decided -------------------------------------


def _decision_event(action: str) -> AuditEvent:
    return db.session.scalar(select(AuditEvent).where(AuditEvent.action == action))


@pytest.mark.parametrize("decided_by", [Role.COORDINATOR, Role.ADMIN])
def test_the_emailed_link_says_who_approved_the_organisation_and_when(
    client, make, applicant, log_in, decided_by
):
    organisation = applicant.organisation
    url = f"/partners/organisations/{organisation.id}"
    first = log_in(make.user(decided_by, name="Lee Decider"))
    post(client, f"{url}/approve")

    log_in(make.user(Role.COORDINATOR, hub=make.hub("london")))
    page = client.get(url)

    assert page.status_code == 200
    assert html(page).h1.text == "Brightwater Bank has already been approved"
    assert html(page).title.text.startswith("Brightwater Bank has already been approved")
    when = format_datetime(_decision_event("organisation.approved").at)
    assert html(page).select_one("#decision").text == (
        f"Lee Decider ({first.email}) approved it on {when}."
    )
    waiting = html(page).find("a", string="See the organisations waiting for approval")
    assert waiting["href"] == "/partners/organisations"
    assert html(page).select("main form") == []  # nothing left to decide

    log_in(first)
    assert html(client.get(url)).select_one("#decision").text.startswith("You approved it on")


def test_the_emailed_link_says_who_declined_the_organisation_why_and_when(
    client, make, applicant, log_in
):
    organisation = applicant.organisation
    url = f"/partners/organisations/{organisation.id}"
    first = log_in(make.user(Role.COORDINATOR))  # no name: shown by e-mail address
    post(client, url, {"reason": "No such <bank> at Companies House."})

    log_in(make.user(Role.ADMIN))
    page = client.get(url)

    assert page.status_code == 200
    assert html(page).h1.text == "Brightwater Bank has already been declined"
    when = format_datetime(_decision_event("organisation.declined").at)
    assert html(page).select_one("#decision").text == f"{first.email} declined it on {when}."
    assert "No such <bank> at Companies House." in main_text(page)
    assert "No such &lt;bank&gt;" in page.text


@pytest.mark.parametrize(
    ("path", "data"),
    [("/approve", None), ("", {"reason": "Too late: someone else decided first."})],
)
def test_a_decision_sent_after_someone_else_decided_changes_nothing(
    client, make, applicant, coordinator, path, data
):
    organisation = applicant.organisation
    with client.application.test_request_context():
        services.decline_organisation(organisation, "Not real.", actor=make.user(Role.ADMIN))
    db.session.commit()
    url = f"/partners/organisations/{organisation.id}"

    response = post(client, url + path, data)

    assert response.status_code == 302
    assert response.location.endswith(url)
    assert html(client.get(response.location)).h1.text == (
        "Brightwater Bank has already been declined"
    )
    db.session.refresh(organisation)
    assert (organisation.status, organisation.decline_reason) == ("declined", "Not real.")
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert [a for a in actions if a.startswith("organisation.")] == ["organisation.declined"]
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 1  # the first decision's


def test_two_decisions_at_once_the_second_is_shown_the_first(
    client, make, applicant, coordinator, monkeypatch
):
    # The second request loaded the organisation while it was still pending.
    organisation = applicant.organisation
    decide = services._decide

    def someone_else_first(organisation, status, reason, actor):
        decide(organisation, OrganisationStatus.DECLINED, "Not real.", make.user(Role.ADMIN))
        return decide(organisation, status, reason, actor)

    monkeypatch.setattr(services, "_decide", someone_else_first)

    response = post(client, f"/partners/organisations/{organisation.id}/approve")

    assert response.location.endswith(f"/partners/organisations/{organisation.id}")
    db.session.refresh(organisation)
    assert organisation.status == OrganisationStatus.DECLINED


def test_an_organisation_approved_without_a_decision_on_record_says_so(client, make, coordinator):
    imported = make.organisation("Imported Partners Ltd")  # approved by an offers import

    page = client.get(f"/partners/organisations/{imported.id}")

    assert html(page).h1.text == "Imported Partners Ltd has already been approved"
    assert html(page).select_one("#decision").text == (
        "There is no record of who approved it or when."
    )


@pytest.mark.parametrize("status", [OrganisationStatus.APPROVED, OrganisationStatus.DECLINED])
def test_partners_still_cannot_see_a_decided_organisation(client, make, partner, status):
    organisation = make.organisation(status=status)
    assert client.get(f"/partners/organisations/{organisation.id}").status_code == 403
    assert client.get(f"/partners/organisations/{partner.organisation.id}").status_code == 403


def test_an_organisation_that_does_not_exist_is_not_found(client, coordinator):
    assert client.get("/partners/organisations/99999").status_code == 404
    assert post(client, "/partners/organisations/99999/approve").status_code == 404
