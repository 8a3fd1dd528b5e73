"""The insights pages and downloads: who sees what, the figures on the page, the filters
in the URL, and CSV exports with small numbers hidden when they leave the hub."""

import csv
import io
from datetime import timedelta

import pytest

from matchmaker.extensions import db
from matchmaker.models import Need, Role

from .conftest import html, table_rows

PAGE = "/insights/"
NO_FIGURE = "\N{EN DASH} No figure"  # a dash, and words for screen readers


def download(client, table_id: str, query: str):
    return client.get(f"/insights/{table_id}.csv?{query}")


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.text)))


# --- who may see what ----------------------------------------------------------------------


def test_signed_out_visitors_are_sent_to_sign_in(client, network):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/account/sign-in" in response.location
    assert client.get(f"/insights/funnel.csv?{network.query()}").status_code == 302


def test_partners_may_not_see_insights(client, make, log_in, network):
    log_in(make.user(Role.PARTNER))
    assert client.get(PAGE).status_code == 403
    assert download(client, "funnel", network.query()).status_code == 403


def test_staff_find_insights_in_the_navigation(client, coordinator):
    navigation = html(client.get("/privacy")).select(".govuk-service-navigation__link")
    assert "Insights" in [link.get_text(strip=True) for link in navigation]


def test_a_coordinator_sees_their_own_hubs_figures(client, coordinator, network):
    response = client.get(f"{PAGE}?{network.query()}")
    assert response.status_code == 200
    page = html(response)
    assert page.select_one("#scope").get_text(" ", strip=True).startswith("North East Growth Hub:")
    assert page.find("select", attrs={"name": "hub"}) is None  # no hub to choose
    assert table_rows(response, "demand-support-type")[:3] == [
        ["Skills and training", "3", "1", "+2", "200.0%"],
        ["Funding", "1", "1", "0", "0.0%"],
        ["Mentoring and coaching", "1", "0", "+1", NO_FIGURE],
    ]
    assert table_rows(response, "demand-region") == [["North East", "5", "2", "+3", "150.0%"]]
    assert page.find(id="table-demand-hub") is None


@pytest.mark.parametrize("hub", ["london", "atlantis"])
def test_a_coordinator_cannot_see_another_hub_through_the_url(client, coordinator, network, hub):
    assert client.get(f"{PAGE}?{network.query(hub=hub)}").status_code == 403
    assert download(client, "demand-support-type", network.query(hub=hub)).status_code == 403


def test_a_coordinator_may_name_their_own_hub(client, coordinator, network):
    response = client.get(f"{PAGE}?{network.query(hub='north-east')}")
    assert response.status_code == 200
    assert table_rows(response, "demand-region") == [["North East", "5", "2", "+3", "150.0%"]]


def test_an_admin_sees_the_network_and_can_choose_a_hub(client, admin, network):
    response = client.get(f"{PAGE}?{network.query()}")
    page = html(response)
    assert page.select_one("#scope").get_text(" ", strip=True).startswith("The whole network")
    assert table_rows(response, "demand-hub") == [
        ["London Growth Hub", "2", "1", "+1", "100.0%"],
        ["North East Growth Hub", "5", "2", "+3", "150.0%"],
    ]
    london = client.get(f"{PAGE}?{network.query(hub='london')}")
    assert table_rows(london, "demand-region") == [["London", "2", "1", "+1", "100.0%"]]
    assert html(london).find(id="table-demand-hub") is None


# --- the figures on the page -------------------------------------------------------------


def test_every_section_has_its_tables_and_charts(client, admin, network):
    response = client.get(f"{PAGE}?{network.query()}")
    page = html(response)
    headings = [heading.get_text(strip=True) for heading in page.select("main h2")]
    for section in ("Demand", "Supply against demand", "From need to outcome", "Partners and their places",
                    "Outcomes"):  # fmt: skip
        assert section in headings
    assert table_rows(response, "supply-support-type")[0] == [
        "North East", "Skills and training", "3", "2", "1", "0", "2", "1",
    ]  # fmt: skip
    assert table_rows(response, "funnel") == [
        ["Needs raised", "7", "100.0%", "100.0%"],
        ["Proposed to a partner", "6", "85.7%", "85.7%"],
        ["Introduced", "3", "42.9%", "50.0%"],
        ["Met the partner", "2", "28.6%", "66.7%"],
        ["Positive outcome", "2", "28.6%", "100.0%"],
    ]
    assert table_rows(response, "time-to-introduction") == [["3", "4.0"]]
    assert table_rows(response, "partners") == [
        ["Beacon Bank", "2", "4", "3", "1", "3", "1", "1"],
        ["Acme Skills", "3", "5", "2", "3", "1", "1", "1"],
    ]
    assert table_rows(response, "outcomes-support-type") == [
        ["Skills and training", "1", "0", "0", "1", "0", "0", "0", "100.0%"],
        ["Funding", "3", "0", "1", "0", "1", "0", "1", "50.0%"],
    ]
    # Every chart is an image with a name, and says where its figures are.
    for chart in page.select("svg.app-chart__svg"):
        assert chart["role"] == "img"
        assert "same figures are in the table" in chart.title.get_text()
    funnel_chart = page.select_one("#table-funnel svg.app-chart__svg")
    values = [text.get_text() for text in funnel_chart.select(".app-chart__value")]
    assert values == ["7", "6", "3", "2", "2"]


def test_supply_and_demand_by_theme(client, admin, network):
    response = client.get(f"{PAGE}?{network.query(supply_by='theme')}")
    assert table_rows(response, "supply-theme")[:2] == [
        ["North East", "Digital skills of the owner and staff", "2", "1", "1", "1", "0", "1"],
        ["North East", "Data, analytics and AI", "1", "1", "0", "0", "1", "0"],
    ]
    assert html(response).find(id="table-supply-support-type") is None


def test_filters_narrow_every_table_and_say_so(client, admin, network):
    response = client.get(f"{PAGE}?{network.query(support_type='funding', theme='finance')}")
    scope = html(response).select_one("#scope").get_text(" ", strip=True)
    assert "funding" in scope
    assert "theme: finance, investment readiness, cash flow" in scope
    assert table_rows(response, "demand-support-type")[1] == ["Funding", "2", "1", "+1", "100.0%"]
    assert table_rows(response, "funnel")[0] == ["Needs raised", "2", "100.0%", "100.0%"]


@pytest.mark.parametrize(
    ("theme", "said"),
    [
        ("data-ai", "theme: data, analytics and AI."),
        ("innovation-rd", "theme: innovation, R&D, new products."),
        ("connectivity", "theme: broadband, 5G, digital infrastructure."),
    ],
)
def test_the_scope_keeps_the_capitals_of_abbreviations(client, admin, network, theme, said):
    response = client.get(f"{PAGE}?{network.query(theme=theme)}")
    assert html(response).select_one("#scope").get_text(" ", strip=True).endswith(said)


def test_quick_periods_keep_the_other_filters(client, admin, network):
    response = client.get(f"{PAGE}?{network.query(hub='london', theme='export')}")
    links = {link.get_text(strip=True): link["href"] for link in html(response).select("a")}
    last_year = links["Last 12 months"]
    assert f"start={network.today - timedelta(days=364)}" in last_year
    assert "hub=london" in last_year and "theme=export" in last_year


def test_the_page_with_nothing_to_show(client, make, log_in):
    log_in(make.user(Role.ADMIN))
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "No figures for these filters." in response.text
    assert table_rows(response, "funnel")[0] == ["Needs raised", "0", NO_FIGURE, NO_FIGURE]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2026-02-30", "Enter the start date as a real date, like 2026-01-31"),
        ("end=soon", "Enter the end date as a real date, like 2026-03-31"),
        ("start=2026-03-01&end=2026-02-01", "The end date must be the same as or after"),
        ("start=1999-12-31", "The start date must be in 2000 or later"),
        ("hub=atlantis", "Select a hub from the list"),
        ("theme=cooking", "Select a theme from the list"),
    ],
)
def test_filters_that_make_no_sense_are_explained(client, admin, network, query, message):
    response = client.get(f"{PAGE}?{query}")
    assert response.status_code == 200
    summary = html(response).select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert message in summary
    assert html(response).title.get_text().startswith("Error: ")
    assert html(response).find(id="demand") is None
    assert download(client, "funnel", query).status_code == 400


# --- CSV downloads ----------------------------------------------------------------------------


def test_a_coordinator_downloads_their_hubs_exact_figures(client, coordinator, network):
    response = download(client, "demand-support-type", network.query())
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    start = network.today - timedelta(days=29)
    assert response.headers["Content-Disposition"] == (
        "attachment; filename="
        f'"insights-demand-support-type-north-east-{start}-to-{network.today}.csv"'
    )
    assert read_csv(response)[:3] == [
        ["Type of support", "Needs this period", "Needs previous period", "Change", "Change (%)"],
        ["Skills and training", "3", "1", "2", "200.0"],
        ["Funding", "1", "1", "0", "0.0"],
    ]


def test_a_coordinator_can_download_figures_to_share_outside_the_hub(client, coordinator, network):
    response = download(client, "demand-support-type", network.query(share="1"))
    assert response.headers["Content-Disposition"].endswith('-shareable.csv"')
    assert read_csv(response)[1:4] == [
        ["Skills and training", "<5", "<5", "suppressed", "suppressed"],
        ["Funding", "<5", "<5", "suppressed", "suppressed"],
        ["Mentoring and coaching", "<5", "0", "suppressed", ""],
    ]
    assert read_csv(response)[4] == ["Specialist advice", "0", "0", "0", ""]


def test_admin_downloads_are_shared_beyond_the_hub_so_small_numbers_are_hidden(
    client, admin, network
):
    for query in (network.query(), network.query(hub="north-east")):
        response = download(client, "supply-support-type", query)
        assert response.headers["Content-Disposition"].endswith('-shareable.csv"')
        rows = read_csv(response)
        # The three parts add up to the open needs, so all are hidden with the smallest:
        # one that is not itself from 1 to 4 must not read as "<5".
        hidden = ["suppressed"] * 3
        assert rows[1] == ["North East", "Skills and training", "<5", "2", "1", *hidden]
    partners = read_csv(download(client, "partners", network.query()))
    # Offers and places are about partners, not businesses: they stay.
    assert partners[1] == ["Beacon Bank", "2", "4", "3", "1", "<5", "<5", "<5"]


def _column(rows: list[list[str]], heading: str) -> list[str]:
    index = rows[0].index(heading)
    return [row[index] for row in rows[1:]]


def test_shared_rates_and_days_say_suppressed_not_under_five(client, coordinator, network):
    # The hidden rates are 100% and 0% of reported outcomes: "<5" would read as "under 5%".
    # Likewise a median hidden because it is of 2 needs, whatever its number of days.
    exact = read_csv(download(client, "outcomes-support-type", network.query()))
    assert _column(exact, "Positive (% of reported)") == ["100.0", "0.0"]
    outcomes = read_csv(download(client, "outcomes-support-type", network.query(share="1")))
    assert _column(outcomes, "Positive (% of reported)") == ["suppressed", "suppressed"]
    assert _column(outcomes, "Introductions") == ["<5", "<5"]  # counts from 1 to 4 say so

    exact = read_csv(download(client, "time-to-introduction", network.query()))
    timing = read_csv(download(client, "time-to-introduction", network.query(share="1")))
    assert (exact[1], timing[1]) == (["2", "3.0"], ["<5", "suppressed"])

    funnel = read_csv(download(client, "funnel", network.query(share="1")))
    assert funnel[3] == ["Introduced", "<5", "suppressed", "suppressed"]


def test_the_page_explains_both_ways_of_hiding(client, coordinator, network):
    note = html(client.get(f"{PAGE}?{network.query()}")).select_one(".app-figure ul.app-no-print")
    assert "counts from 1 to 4 shown as <5, and other figures that could reveal them as " in (
        note.get_text(" ", strip=True)
    )
    assert "\N{LEFT DOUBLE QUOTATION MARK}suppressed\N{RIGHT DOUBLE QUOTATION MARK}" in note.text


def test_counts_of_five_or_more_are_shared(client, admin, network):
    business = network.needs["n1"].business
    for number in range(5):
        db.session.add(
            Need(ref=f"W{number}", business=business, support_type="workspace",
                 description="A desk.")
        )  # fmt: skip
    db.session.commit()
    rows = read_csv(download(client, "demand-support-type", network.query()))
    assert rows[-1] == ["Workspace and facilities", "5", "0", "5", ""]


def test_every_table_on_the_page_downloads(client, coordinator, network):
    page = html(client.get(f"{PAGE}?{network.query()}"))
    links = [link["href"] for link in page.select("a[download]")]
    assert len(links) == 2 * len(page.select(".app-figure"))  # exact, and to share
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        assert response.mimetype == "text/csv"


@pytest.mark.parametrize(
    ("table_id", "query"),
    [
        ("no-such-table", ""),
        ("supply-theme", ""),  # the page shows supply by type of support unless asked
        ("demand-hub", "hub=london"),  # one hub has no breakdown by hub
    ],
)
def test_tables_that_are_not_on_the_page_are_not_found(client, admin, network, table_id, query):
    assert download(client, table_id, query).status_code == 404
