import pytest
from bs4 import BeautifulSoup

from matchmaker import create_app
from matchmaker.survey.forms import BusinessForm, YourDetailsForm


def test_healthz_reports_the_app_and_database_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_security_headers_and_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_no_inline_script_on_any_page(client):
    for path in ("/", "/privacy", "/accessibility", "/cookies", "/account/sign-in"):
        html = client.get(path).text
        assert "<script>" not in html and "onclick=" not in html, path


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/privacy", "Privacy notice"),
        ("/accessibility", "Accessibility statement"),
        ("/cookies", "Cookies"),
        ("/no-such-page", "Page not found"),
    ],
)
def test_pages_have_one_heading_and_the_service_name_not_gov_uk_branding(client, path, heading):
    html = client.get(path).text
    assert html.count("<h1") == 1 and heading in html
    assert "Growth Hub Matchmaker" in html
    assert "govuk-header__logotype" not in html and "Crown copyright" not in html
    assert 'href="#main-content"' in html  # skip link


def test_the_privacy_notice_says_which_details_are_optional_as_the_survey_does(client):
    # The survey asks for the postcode (to find the business's Growth Hub); only the
    # phone number may be left out.
    assert "(optional)" in YourDetailsForm.phone.args[0]
    assert "(optional)" not in BusinessForm.postcode.args[0]
    html = BeautifulSoup(client.get("/privacy").text, "html.parser")
    collected = html.find("h2", string="What we collect").find_next("p").get_text(" ")
    optional = collected.split("if you give it,")[1].split(";")[0]
    assert optional.strip() == "your phone number"
    assert "postcode" in collected


def test_the_footer_links_to_privacy_accessibility_and_cookies(client):
    html = client.get("/").text
    for path in ("/privacy", "/accessibility", "/cookies"):
        assert f'href="{path}"' in html


def test_server_errors_get_a_friendly_page(database_url):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=database_url, PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom-for-test")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom-for-test")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.text


def test_oversized_requests_are_refused_with_a_clear_page(client):
    response = client.post("/account/sign-in", data={"email": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "too large" in response.text
