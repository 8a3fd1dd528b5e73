"""The status page from the e-mailed link: states in plain words, introductions, and
changing, withdrawing or deleting, each confirmed."""

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import AuditEvent, Introduction, Match, MatchStatus, Need, NeedStatus
from matchmaker.survey.services import status_token

from .conftest import emails_to, errors, heading, link_in, page


@pytest.fixture
def status(survey):
    """The status page's path of a business that has just sent the survey."""
    business = survey.submit()
    return link_in(emails_to(business.contact_email)[0], "/status/")


def _match(need, make, status=MatchStatus.PROPOSED, *, organisation="Northwind Cloud"):
    offer = make.offer(make.organisation(organisation), contact_email="help@northwind.example")
    match = Match(need=need, offer=offer, status=status, score=0.8, model_version="test")
    db.session.add(match)
    db.session.commit()
    return match


def test_each_need_is_shown_with_its_state_in_plain_words(status, client):
    response = client.get(status)
    assert heading(response) == "Your requests for help"
    cards = page(response).select(".govuk-summary-card")
    assert [card.h2.get_text(strip=True) for card in cards] == ["Skills and training", "Funding"]
    assert [card.select_one(".govuk-tag").get_text(strip=True) for card in cards] == [
        "Received",
        "Received",
    ]


def test_needs_of_one_kind_have_cards_and_links_that_tell_them_apart(client, make):
    # A hub's CSV import can give one business two requests for the same kind of help.
    business = make.business()
    for text in ("Help with payroll software", "Help with our website"):
        make.need(business, support_type="skills", description=text)
    make.need(business, support_type="funding", description="A loan for a van")

    cards = page(client.get(f"/status/{status_token(business)}")).select(".govuk-summary-card")

    titles = [card.h2.get_text(strip=True) for card in cards]
    assert titles == [
        "Skills and training (request 1 of 2)",
        "Skills and training (request 2 of 2)",
        "Funding",
    ]
    links = [a.get_text(" ", strip=True) for card in cards for a in card.select("a")]
    assert len(set(links)) == len(links) == 6, links


def test_proposals_show_as_being_reviewed_and_approved_ones_as_introductions(status, client, make):
    skills, funding = db.session.scalars(select(Need).order_by(Need.id)).all()
    _match(skills, make)
    approved = _match(funding, make, MatchStatus.APPROVED, organisation="Brightwater Bank")
    db.session.add(Introduction(match=approved, note="Ask for Priya in the small business team."))
    db.session.commit()

    response = page(client.get(status))
    tags = [tag.get_text(strip=True) for tag in response.select(".govuk-tag")]
    assert tags == ["Being reviewed", "Introduced to Brightwater Bank"]
    introduction = response.select_one(".govuk-inset-text").get_text(" ", strip=True)
    assert "Introduced to Brightwater Bank" in introduction
    assert "help@northwind.example" in introduction  # the partner's contact, once approved
    assert "Ask for Priya" in introduction


def test_changing_a_description_is_checked_saved_and_confirmed(status, client, survey):
    change = page(client.get(status)).select_one(".govuk-summary-card__actions a")
    assert change.get_text(" ", strip=True).startswith("Change")
    form = page(client.get(change["href"]))
    assert "About £20,000" not in form.get_text()  # this is the skills need
    assert "stock control" in form.select_one("textarea").get_text()
    assert "characters" not in form.select_one("#description-hint").get_text()
    count = form.select_one(".govuk-character-count__message").get_text(strip=True)
    assert count == "You can enter up to 4,000 characters"

    too_long = survey.post(change["href"], {"description": "z" * 4001})
    assert errors(too_long) == ["Description must be 4,000 characters or fewer"]
    assert "z" * 4001 in page(too_long).select_one("textarea").get_text()

    saved = survey.post(change["href"], {"description": "Training in <b>Excel</b> for two"})
    assert saved.location == status
    after = client.get(status)
    assert "Your request for skills and training has been updated" in after.text
    assert "Training in &lt;b&gt;Excel&lt;/b&gt; for two" in after.text
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "need.description_updated")
    )
    assert event.details == {"by": "business"}


@pytest.mark.parametrize("blank", ["", "   ", "\r\n \r\n"])
def test_a_description_cannot_be_changed_to_nothing(status, client, survey, blank):
    change = page(client.get(status)).select_one(".govuk-summary-card__actions a")["href"]
    response = survey.post(change, {"description": blank})
    assert response.status_code == 200
    assert errors(response) == ["Describe what you need, in your own words"]
    skills = db.session.scalars(select(Need).order_by(Need.id)).first()
    assert "stock control" in skills.description


def test_withdrawing_a_need_asks_first_and_withdraws_its_proposals(status, client, make, survey):
    need = db.session.scalars(select(Need).order_by(Need.id)).first()
    proposal = _match(need, make)
    withdraw = page(client.get(status)).select(".govuk-summary-card__actions a")[1]["href"]
    confirm = client.get(withdraw)
    assert heading(confirm).startswith("Are you sure you want to withdraw your request")
    assert need.status == NeedStatus.OPEN  # looking is not doing

    assert survey.post(withdraw).location == status
    db.session.expire_all()
    assert need.status == NeedStatus.WITHDRAWN and proposal.status == MatchStatus.WITHDRAWN
    after = page(client.get(status))
    assert "You have withdrawn your request for skills and training" in after.get_text()
    assert after.select_one(".govuk-tag").get_text(strip=True) == "Withdrawn"
    assert len(after.select(".govuk-summary-card__actions a")) == 2  # only the other need's


def test_a_withdrawn_need_sends_its_old_links_back_to_the_status_page(status, client, survey):
    actions = page(client.get(status)).select(".govuk-summary-card__actions a")
    change, withdraw = actions[0]["href"], actions[1]["href"]
    assert survey.post(withdraw).location == status
    client.get(status)  # reads the confirmation

    # A second click on "Yes, withdraw it", the back button, an old tab: no "page not found".
    for again in (
        lambda: survey.post(withdraw),
        lambda: client.get(withdraw),
        lambda: client.get(change),
    ):
        assert again().location == status
        banner = page(client.get(status)).select_one(".govuk-notification-banner")
        assert "You have already withdrawn your request for skills and training" in (
            banner.get_text()
        )
    unchanged = survey.post(change, {"description": "Something else"})
    assert unchanged.location == status
    skills = db.session.scalars(select(Need).order_by(Need.id)).first()
    assert "stock control" in skills.description and skills.status == NeedStatus.WITHDRAWN


def test_a_closed_need_cannot_be_changed_or_withdrawn(status, client, survey):
    skills = db.session.scalars(select(Need).order_by(Need.id)).first()
    skills.status = NeedStatus.CLOSED
    db.session.commit()
    withdraw = f"{status}/needs/{skills.ref}/withdraw"
    assert survey.post(withdraw).location == status
    banner = page(client.get(status)).select_one(".govuk-notification-banner").get_text()
    assert "Your request for skills and training is closed" in banner
    db.session.expire_all()
    assert skills.status == NeedStatus.CLOSED


def test_deleting_all_data_asks_first_then_the_link_stops_working(status, client, survey):
    delete = page(client.get(status)).find("a", string="Delete all my data")["href"]
    confirm = client.get(delete)
    assert heading(confirm) == "Are you sure you want to delete all your data?"
    assert "You cannot undo this" in confirm.text

    response = survey.post(delete)
    assert response.location == "/status/deleted"
    assert heading(client.get("/status/deleted")) == "Your data has been deleted"
    gone = client.get(status)
    assert gone.status_code == 410 and heading(gone) == "Your data has been deleted"


def test_an_expired_or_tampered_status_link_is_explained(status, client, app, monkeypatch):
    tampered = client.get(status[:-3] + "xyz")
    assert tampered.status_code == 400 and heading(tampered) == "This link does not work"
    monkeypatch.setitem(app.config, "SURVEY_STATUS_MAX_AGE", -1)
    expired = client.get(status)
    assert expired.status_code == 400 and heading(expired) == "This link has expired"
    assert page(expired).select_one("form")["action"] == "/survey/new-link"


def test_a_status_link_only_reaches_its_own_businesses_needs(status, client, make):
    other = make.need()
    assert client.get(f"{status}/needs/{other.ref}/withdraw").status_code == 404
    assert client.get(f"{status}/needs/{other.ref}/description").status_code == 404


def test_descriptions_and_notes_keep_their_line_breaks_as_text(status, client, make):
    skills = db.session.scalars(select(Need).order_by(Need.id)).first()
    skills.description = "First line\r\n<script>alert('hi')</script>\r\n\r\nA second paragraph"
    approved = _match(skills, make, MatchStatus.APPROVED)
    db.session.add(Introduction(match=approved, note="Ask for Priya.\nShe runs the team."))
    db.session.commit()

    response = client.get(status)

    card = page(response).select_one(".govuk-summary-card")
    value = next(
        row.select_one("dd")
        for row in card.select(".govuk-summary-list__row")
        if row.select_one("dt").get_text(strip=True) == "What you need"
    )
    assert [p.decode_contents().strip() for p in value.select("p")] == [
        "First line<br/>&lt;script&gt;alert('hi')&lt;/script&gt;",
        "A second paragraph",
    ]
    assert "<script>alert" not in response.text
    note = page(response).select_one(".govuk-inset-text")
    assert "Ask for Priya.<br/>She runs the team." in note.decode_contents()
