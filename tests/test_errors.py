"""Every error is a GOV.UK page of the service, and its links go somewhere that opens."""

import pytest
from flask import abort

from matchmaker import create_app
from matchmaker.models import Role

from .conftest import html


def _is_a_service_page(response, heading: str) -> None:
    page = html(response)
    assert [h1.get_text(strip=True) for h1 in page.find_all("h1")] == [heading]
    assert page.title.get_text(strip=True) == f"{heading} - Growth Hub Matchmaker"
    assert page.select_one('a[href="#main-content"]')  # skip link
    assert page.select_one("main#main-content") and page.select_one("footer.govuk-footer")


def _back_link(response) -> str:
    return html(response).find("a", string="Go back to the page and try again")["href"]


def _timed_out(client, referrer: str | None):
    """Send the forgot-password form without its token, from the page `referrer`."""
    headers = {"Referer": referrer} if referrer else {}
    response = client.post(
        "/account/forgot-password", data={"email": "a@b.example"}, headers=headers
    )
    assert response.status_code == 400
    _is_a_service_page(response, "This page timed out")
    return response


@pytest.mark.parametrize(
    ("referrer", "back"),
    [
        ("http://localhost/account/forgot-password", "/account/forgot-password"),
        ("http://localhost/privacy?from=form", "/privacy?from=form"),
        ("http://localhost/account/sign-in?next=/review", "/account/sign-in?next=/review"),
    ],
)
def test_a_timed_out_form_links_back_to_the_page_it_was_on(client, referrer, back):
    response = _timed_out(client, referrer)
    assert _back_link(response) == back
    assert client.get(back).status_code == 200


@pytest.mark.parametrize(
    "referrer",
    [
        None,
        "http://evil.example/account/forgot-password",
        "http://localhost.evil.example/privacy",
        "http://localhost//evil.example/x",
        "http://localhost/%09/evil.example/x",
        "http://localhost/%0a/evil.example",
        "javascript:alert(1)",
        "http://localhost/review/bulk",  # answers POST only
        "http://localhost/account/sign-out",  # POST only
        "http://localhost/no-such-page",
    ],
)
def test_otherwise_a_timed_out_form_links_to_the_start_page(client, referrer):
    assert _back_link(_timed_out(client, referrer)) == "/"


def test_a_signed_in_person_goes_back_to_their_dashboard(client, make, log_in):
    # The review queue's confirmation step is shown at POST /review/bulk, so that is
    # where the confirm form was; its own address answers POST only too.
    log_in(make.user(Role.COORDINATOR))
    response = client.post(
        "/review/bulk/confirm",
        data={"action": "approve"},
        headers={"Referer": "http://localhost/review/bulk"},
    )
    assert response.status_code == 400
    back = _back_link(response)
    assert back == "/dashboard"
    assert client.get(back).status_code == 200


def test_an_address_used_the_wrong_way_gets_a_service_page(client):
    response = client.get("/account/sign-out")
    assert response.status_code == 405
    assert response.headers["Allow"] == "OPTIONS, POST"
    _is_a_service_page(response, "This page cannot be opened from a link")
    assert html(response).find("a", href="/")


@pytest.mark.parametrize(
    ("code", "template_heading"),
    [
        (405, "This page cannot be opened from a link"),
        (410, "Sorry, there is a problem with your request"),
        (415, "Sorry, there is a problem with your request"),
        (501, "Sorry, there is a problem with the service"),
        (503, "Sorry, there is a problem with the service"),
    ],
)
def test_no_error_falls_through_to_a_plain_werkzeug_page(database_url, code, template_heading):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=database_url)

    @app.route("/fails-for-test")
    def fails():
        abort(code)

    response = app.test_client().get("/fails-for-test")
    assert response.status_code == code
    _is_a_service_page(response, template_heading)


TOO_BIG = "9223372036854775808"  # one more than any id column (signed 64-bit) holds


@pytest.mark.parametrize(
    "path",
    [
        "/admin/users/{}",
        "/review/proposals/{}",
        "/review/introductions/{}",
        "/partners/offers/{}/edit",
        "/partners/organisations/{}",
    ],
)
def test_an_id_no_database_can_hold_is_not_found_before_anything_asks_for_it(client, path):
    assert client.get(path.format(1)).status_code == 302  # a real id: sign in first
    response = client.get(path.format(TOO_BIG))
    assert response.status_code == 404
    _is_a_service_page(response, "Page not found")
