"""Hubs approve or decline new organisations; partners see where they stand."""

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import AuditEvent, OrganisationStatus, Role, utcnow
from matchmaker.partners import services

from .conftest import errors, html, main_text, post


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
    assert post(client, url).status_code == 404  # decided: no longer waiting

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
