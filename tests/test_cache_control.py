"""No browser or proxy keeps a copy of a page that shows somebody's details; static files
and the public pages stay cacheable."""

from __future__ import annotations

import pytest

from matchmaker.models import OrganisationStatus, Role
from matchmaker.partners.services import CONFIRM_PURPOSE
from matchmaker.review.services import follow_up_token
from matchmaker.survey.services import status_token
from matchmaker.tokens import make_token

from .survey.conftest import Survey


def stored(response) -> bool:
    """Whether a browser or a proxy may keep the response."""
    return not response.cache_control.no_store


@pytest.mark.parametrize(
    ("role", "url"),
    [
        (Role.COORDINATOR, "/review"),
        (Role.COORDINATOR, "/dashboard"),
        (Role.ADMIN, "/admin/users"),
        (Role.PARTNER, "/partners/dashboard"),
        (Role.PARTNER, "/"),  # a public page names whoever is signed in
        (Role.PARTNER, "/no-such-page"),
    ],
)
def test_no_page_of_a_signed_in_user_is_stored(client, make, log_in, role, url):
    log_in(make.user(role))

    response = client.get(url)

    assert response.status_code in (200, 404)
    assert response.headers["Cache-Control"] == "no-store"


def test_the_status_pages_of_a_signed_link_are_not_stored(app, client, make):
    business = make.business(name="Tyne Bakery")
    need = make.need(business)
    with app.test_request_context():
        token = status_token(business)

    status = client.get(f"/status/{token}")

    assert status.status_code == 200 and need.description in status.text
    assert status.headers["Cache-Control"] == "no-store"
    for url in [
        f"/status/{token}/needs/{need.ref}/description",
        f"/status/{token}/needs/{need.ref}/withdraw",
        f"/status/{token}/delete",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not stored(response), url


def test_the_survey_is_not_stored_once_details_are_typed(client):
    survey = Survey(client)
    survey.answer("your-details")

    details = client.get("/survey/your-details")
    retyped = survey.answer("business", postcode="not a postcode")

    assert "sam@tyne-bakery.example" in details.text
    assert not stored(details)
    assert retyped.status_code == 200 and "Tyne Bakery" in retyped.text
    assert not stored(retyped)
    survey.complete()
    assert not stored(client.get("/survey/check-answers"))


def test_other_pages_of_a_signed_link_are_not_stored(app, client, make):
    introduction = make.introduction()
    partner = make.user(
        Role.PARTNER, organisation=make.organisation(status=OrganisationStatus.PENDING)
    )
    with app.test_request_context():
        follow_up = follow_up_token(introduction, "sme")
        confirm = make_token(CONFIRM_PURPOSE, {"user": partner.id, "email": partner.email})

    for url in [f"/follow-up/{follow_up}", f"/partners/confirm-email/{confirm}"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not stored(response), url


def test_a_public_form_sent_back_with_what_was_typed_is_not_stored(client):
    survey = Survey(client)

    response = survey.post("/survey/new-link", {"email": "sam@tyne-bakery"})

    assert response.status_code == 200 and "sam@tyne-bakery" in response.text
    assert not stored(response)


@pytest.mark.parametrize("url", ["/", "/privacy", "/hub/{code}"])
def test_public_pages_may_be_stored(client, make, url):
    hub = make.hub("north-east")

    response = client.get(url.format(code=hub.code))

    assert response.status_code == 200
    assert "Cache-Control" not in response.headers


@pytest.mark.parametrize("signed_in", [False, True])
def test_static_files_stay_cacheable(client, make, log_in, signed_in):
    if signed_in:
        log_in(make.user(Role.COORDINATOR))

    response = client.get("/static/dist/app.css")

    assert response.status_code == 200
    assert stored(response)
    assert response.headers.get("ETag") and response.headers.get("Last-Modified")
    response.close()
