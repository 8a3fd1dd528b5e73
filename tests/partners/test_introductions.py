"""An introduction as the partner sees it: the business's words laid out as they typed them,
and outcomes worded for whoever recorded them."""

from datetime import timedelta

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Outcome, OutcomeResult

from .conftest import html


def record(introduction, result, reported_by, comment=None, *, days_later=1) -> Outcome:
    outcome = Outcome(
        introduction=introduction,
        result=result,
        reported_by=reported_by,
        comment=comment,
        created_at=introduction.created_at + timedelta(days=days_later),
    )
    db.session.add(outcome)
    db.session.commit()
    return outcome


def outcome_rows(page) -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")][:2]
        for row in page.select("main table tbody tr")
    ]


def test_what_the_business_needs_keeps_its_line_breaks_safely(client, make, partner):
    need = make.need(
        description="Two things:\r\n- stock control\r\n- <b>payroll</b>\r\n\r\nBoth by spring."
    )
    introduction = make.introduction(
        make.offer(partner.organisation), need=need, note="Hi both.\nAsk for Priya."
    )

    page = client.get(f"/partners/introductions/{introduction.id}")

    rows = html(page).select(".govuk-summary-list__row")
    needs = next(row for row in rows if row.dt.get_text(strip=True) == "What they need").dd
    assert [str(p) for p in needs.select("p")] == [
        '<p class="govuk-body">Two things:<br/>- stock control<br/>- &lt;b&gt;payroll&lt;/b&gt;</p>',
        '<p class="govuk-body">Both by spring.</p>',
    ]
    note = html(page).select_one(".govuk-inset-text")
    assert [p.decode_contents() for p in note.select("p")] == ["Hi both.<br/>Ask for Priya."]


def test_outcomes_someone_else_recorded_are_worded_neutrally(client, make, partner):
    introduction = make.introduction(make.offer(partner.organisation))
    record(introduction, OutcomeResult.MET, "coordinator", "At the hub's event", days_later=1)
    record(introduction, OutcomeResult.WORKING_TOGETHER, "sme", days_later=2)
    record(introduction, OutcomeResult.AGREEMENT, "partner", days_later=3)
    url = f"/partners/introductions/{introduction.id}"

    page = html(client.get(url))

    assert outcome_rows(page) == [
        ["A coordinator", "Met At the hub's event"],
        ["The business", "Working together"],
        ["Your organisation", "We reached an agreement"],
    ]
    assert "We met" not in page.select_one("main table").get_text()
    # The partner still answers for itself.
    options = [label.get_text(strip=True) for label in page.select(".govuk-radios__label")]
    assert options == [
        "We met",
        "We are working together",
        "We reached an agreement",
        "It was not a good fit",
    ]
    # Only the wording changed: what is stored is as it was.
    stored = db.session.execute(select(Outcome.reported_by, Outcome.result).order_by(Outcome.id))
    assert list(stored) == [
        ("coordinator", "met"),
        ("sme", "working-together"),
        ("partner", "agreement"),
    ]


def test_the_dashboard_shows_the_latest_outcome_and_who_recorded_it(client, make, partner):
    offer = make.offer(partner.organisation)
    by_coordinator = make.introduction(offer, need=make.need(make.business(name="Amber Studios")))
    record(by_coordinator, OutcomeResult.NO_RESPONSE, "coordinator")
    by_partner = make.introduction(offer, need=make.need(make.business(name="Birch Joinery")))
    record(by_partner, OutcomeResult.MET, "partner")

    table = html(client.get("/partners/dashboard")).select("main table")[1]

    outcomes = {
        row.select("td")[0].get_text(strip=True): row.select("td")[3].get_text(strip=True)
        for row in table.select("tbody tr")
    }
    assert outcomes == {
        "Amber Studios": "Did not hear back (recorded by a coordinator)",
        "Birch Joinery": "We met",
    }


def test_a_partners_own_follow_up_answer_is_in_the_first_person(client, make, partner):
    introduction = make.introduction(make.offer(partner.organisation))
    record(introduction, OutcomeResult.NO_RESPONSE, "partner")

    page = html(client.get(f"/partners/introductions/{introduction.id}"))

    assert outcome_rows(page) == [["Your organisation", "We did not hear back"]]


def test_the_note_counter_writes_its_limit_as_gov_uk_does(client, make, partner):
    introduction = make.introduction(make.offer(partner.organisation))

    page = html(client.get(f"/partners/introductions/{introduction.id}"))

    message = page.select_one(".govuk-character-count__message").get_text(strip=True)
    assert message == "You can enter up to 1,000 characters"
    assert page.select_one("[data-maxlength]")["data-maxlength"] == "1000"
