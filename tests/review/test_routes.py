"""The review pages: the queue, a proposal, approve / reject / defer, bulk actions with a
confirmation step, and the introduction with its outcomes."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from matchmaker import jobs
from matchmaker.extensions import db
from matchmaker.forms import example_day
from matchmaker.models import AuditEvent, Introduction, Match, MatchStatus, OutboxMessage, Role
from matchmaker.review import services
from matchmaker.uktime import uk_today

from .conftest import banner, errors, html, main_text, post


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def signed_in(coordinator, log_in):
    return log_in(coordinator)


@pytest.fixture
def proposal(make):
    business = make.business(name="Tyne Bakery", contact_name="Ada Baker",
                             contact_email="ada@tynebakery.example", phone="0191 000 0000")  # fmt: skip
    offer = make.offer(make.organisation("Cobalt Cyber"), title="Cyber training",
                       contact_email="programmes@cobalt.example", capacity=2)  # fmt: skip
    return make.match(make.need(business, description="Phishing keeps fooling us."), offer,
                      score=0.73, reasons="Shared themes: Cyber security.")  # fmt: skip


def test_the_queue_lists_the_hubs_proposals_with_counts_and_filters(
    client, make, signed_in, proposal
):
    make.match(make.need(make.business("london", name="Soho Print")))
    make.match(status=MatchStatus.REJECTED)

    page = client.get("/review")

    assert page.status_code == 200
    assert html(page).h1.text == "Review queue"
    text = main_text(page)
    assert "North East" in text and "Tyne Bakery" in text and "Soho Print" not in text
    assert "To review (1)" in text and "Rejected (1)" in text and "Introduced (0)" in text
    assert "Cyber training" in text and "Cobalt Cyber" in text and "0.73" in text
    assert html(page).select_one(f"input[name=match_ids][value='{proposal.id}']")
    assert html(page).select_one("select[name=hub]") is None  # coordinators: their hub only
    link = html(page).select_one(f"a[href='/review/proposals/{proposal.id}']")
    assert "Tyne Bakery" in link.text
    nav = [a.get_text(strip=True) for a in html(page).select(".govuk-service-navigation a")]
    assert "Review queue" in nav


def test_filters_are_kept_in_the_url_and_a_coordinator_cannot_pick_another_hub(
    client, make, signed_in, proposal
):
    london = make.hub("london")
    make.match(make.need(make.business("london", name="Soho Print")))

    page = client.get(f"/review?hub={london.id}&support_type=funding&sort=waiting")
    assert "No proposals match these filters" in main_text(page)
    page = client.get(f"/review?hub={london.id}&support_type=skills")
    assert "Tyne Bakery" in main_text(page) and "Soho Print" not in main_text(page)
    rejected = client.get("/review?status=rejected")
    assert "There are no proposals here" in main_text(rejected)
    bad = client.get("/review?support_type=cash")
    assert errors(bad) == ["Select a type of support from the list"]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("sort=bogus", "Select an order"),
        ("theme=cheese", "Select a theme from the list"),
        ("partner=999999", "Select a partner from the list"),
    ],
)
def test_one_bad_filter_is_reported_and_the_others_are_kept(
    client, make, signed_in, proposal, bad, message
):
    make.match(make.need(make.business(name="Wear Ales"), support_type="funding"))

    page = client.get(f"/review?support_type=skills&{bad}")

    assert errors(page) == [message]
    text = main_text(page)
    assert "Tyne Bakery" in text and "Wear Ales" not in text  # still only skills
    assert html(page).select_one("select[name=support_type] option[selected]")["value"] == "skills"


def test_an_admin_sees_every_hub_and_can_filter_by_hub(client, make, admin, log_in, proposal):
    london = make.match(make.need(make.business("london", name="Soho Print")))
    log_in(admin)
    page = client.get("/review")
    assert "Tyne Bakery" in main_text(page) and "Soho Print" in main_text(page)
    assert "Every hub" in main_text(page)
    hub = london.need.business.hub_id
    filtered = client.get(f"/review?hub={hub}")
    assert "Soho Print" in main_text(filtered) and "Tyne Bakery" not in main_text(filtered)


def test_the_proposal_shows_what_the_decision_needs_and_no_contact_details(
    client, signed_in, proposal
):
    page = client.get(f"/review/proposals/{proposal.id}")
    text = main_text(page)
    assert page.status_code == 200
    assert "Phishing keeps fooling us." in text and "Tyne Bakery" in text
    assert "Manufacturing" in text and "Micro" in text
    assert "Shared themes: Cyber security." in text and "0.73" in text
    assert "2 of 2" in text  # places left
    assert "Ada Baker" not in text and "ada@tynebakery.example" not in text
    assert "0191" not in text
    assert [a.get_text(strip=True) for a in html(page).select("main .govuk-button")] == [
        "Approve",
        "Reject",
        "Defer",
    ]


def test_an_offer_that_is_not_proposed_says_why_in_a_sentence(client, signed_in, market):
    need, _ = market
    match = db.session.scalar(select(Match).where(Match.need_id == need.id, Match.rank == 1))

    page = html(client.get(f"/review/proposals/{match.id}"))

    row = next(
        row for row in page.select("main table tbody tr") if "Sales masterclasses" in row.text
    )
    where = row.select("td")[-1].get_text(" ", strip=True)
    assert where.startswith("Not proposed. It scored ")
    assert "too weak a match" in where and where.endswith(".")
    assert "Not proposed:" not in page.text


def test_the_businesss_description_keeps_its_line_breaks_as_text(client, make, signed_in):
    description = "First line\r\n<script>alert('hi')</script>\r\n\r\nA second paragraph"
    match = make.match(make.need(make.business(), description=description))

    response = client.get(f"/review/proposals/{match.id}")

    block = html(response).select_one("main .govuk-inset-text")
    assert [p.decode_contents().strip() for p in block.select("p")] == [
        "First line<br/>&lt;script&gt;alert('hi')&lt;/script&gt;",
        "A second paragraph",
    ]
    assert "<script>alert" not in response.text


def test_the_proposal_and_the_queue_show_times_and_days_on_uk_time(
    client, make, signed_in, monkeypatch
):
    # In summer the UK is on BST: 23:30 UTC on 4 July is 12:30am on 5 July.
    need = make.need(make.business(name="Tyne Bakery"), created_at=datetime(2026, 7, 4, 23, 30, tzinfo=UTC))  # fmt: skip
    match = make.match(need, created_at=datetime(2026, 7, 5, 11, 0, tzinfo=UTC))
    monkeypatch.setattr("matchmaker.review.routes.uk_today", lambda: date(2026, 7, 5))

    page = client.get(f"/review/proposals/{match.id}")

    assert "Asked on 5 July 2026" in main_text(page)
    assert [li.get_text(" ", strip=True) for li in html(page).select("main ol.govuk-list li")] == [
        "5 July 2026 at 12:30am The business asked for help",
        "5 July 2026 at midday Proposed Digital skills bootcamp (score 0.50)",
    ]
    [row] = html(client.get("/review")).select("main table tbody tr")
    assert "5 July 2026 today" in row.get_text(" ", strip=True)


def test_a_deferral_comes_back_on_the_uk_day_it_names_and_is_shown_as_that_day(
    client, signed_in, proposal, monkeypatch
):
    monkeypatch.setattr("matchmaker.review.routes.uk_today", lambda: date(2026, 7, 1))

    deferred = post(client, f"/review/proposals/{proposal.id}/defer", {"until": ["5", "7", "2026"]})

    assert "Proposal deferred until 5 July 2026." in banner(client.get(deferred.location))
    assert db.session.get(Match, proposal.id).deferred_until == date(2026, 7, 5)
    [row] = html(client.get("/review?status=deferred")).select("main table tbody tr")
    assert "5 July 2026" in row.get_text(" ", strip=True)
    text = main_text(client.get(f"/review/proposals/{proposal.id}"))
    assert "Deferred until 5 July 2026" in text
    assert "Deferred Cyber training until 5 July 2026" in text
    # 11:59pm on 4 July in the UK: not yet. 12:30am on 5 July (23:30 UTC on 4 July): back.
    assert jobs.end_deferrals(datetime(2026, 7, 4, 22, 59, tzinfo=UTC)) == 0
    assert jobs.end_deferrals(datetime(2026, 7, 4, 23, 30, tzinfo=UTC)) == 1
    assert db.session.get(Match, proposal.id).status == MatchStatus.PROPOSED


def test_approving_with_a_preview_then_for_real_sends_two_emails_once(
    client, signed_in, proposal, mail
):
    client.get("/review?sort=waiting")  # the queue the coordinator comes back to
    url = f"/review/proposals/{proposal.id}/approve"
    page = client.get(url)
    note = html(page).select_one("textarea[name=note]").text
    assert "introducing Tyne Bakery to Cobalt Cyber" in note
    previews = html(page).select(".govuk-inset-text")
    assert (
        "To: ada@tynebakery.example" in previews[0].text and note.split("\n")[0] in previews[0].text
    )
    assert "To: programmes@cobalt.example" in previews[1].text

    preview = post(client, url, {"note": "Meet next week.", "preview": "Update the preview"})
    assert preview.status_code == 200
    assert "Meet next week." in html(preview).select(".govuk-inset-text")[1].text
    assert count(Introduction) == 0

    approved = post(client, url, {"note": "Meet next week.", "approve": "Approve"})
    assert approved.status_code == 302 and approved.location == "/review?sort=waiting"
    assert "Introduction approved" in banner(client.get(approved.location))
    again = post(client, url, {"note": "Meet next week.", "approve": "Approve"})  # double click
    introduction = db.session.scalar(select(Introduction))
    assert again.location == f"/review/introductions/{introduction.id}"
    assert "already approved" in banner(client.get(again.location))

    assert count(Introduction) == 1 and count(OutboxMessage) == 2
    [to_sme] = mail("ada@tynebakery.example")
    [to_partner] = mail("programmes@cobalt.example")
    assert "Meet next week." in to_sme and "Meet next week." in to_partner
    assert "/partners/dashboard" in to_partner  # where the partner records how it went


def test_approving_needs_a_note_and_a_place_left(client, make, signed_in, proposal):
    url = f"/review/proposals/{proposal.id}/approve"
    empty = post(client, url, {"note": "   ", "approve": "Approve"})
    assert errors(empty) == ["Enter an introduction note"]
    assert html(empty).title.text.startswith("Error: ")
    for _ in range(2):
        make.match(offer=proposal.offer, status=MatchStatus.APPROVED)
    full = post(client, url, {"note": "Hello", "approve": "Approve"})
    assert full.location == f"/review/proposals/{proposal.id}"
    assert "Cyber training has no places left" in banner(client.get(full.location))
    assert db.session.get(Match, proposal.id).status == MatchStatus.PROPOSED


def test_rejecting_asks_why_and_brings_up_the_next_candidate(client, signed_in, market):
    need, _ = market
    match = db.session.scalar(select(Match).where(Match.need_id == need.id, Match.rank == 1))
    url = f"/review/proposals/{match.id}/reject"
    assert client.get(url).status_code == 200
    assert errors(post(client, url, {})) == ["Select why you are rejecting this proposal"]
    assert errors(post(client, url, {"reason": "other"})) == [
        "Say why you are rejecting this proposal"
    ]

    rejected = post(client, url, {"reason": "not-relevant", "note": "Too basic"})

    assert rejected.status_code == 302
    message = banner(client.get(rejected.location))
    assert "Proposal rejected. Proposed next:" in message
    proposed = db.session.scalars(
        select(Match).where(Match.need_id == need.id, Match.status == MatchStatus.PROPOSED)
    ).all()
    assert len(proposed) == 3 and match.offer_id not in {m.offer_id for m in proposed}
    newcomer = next(m for m in proposed if m.offer.title in message)
    assert newcomer.offer.title in main_text(client.get("/review"))


def test_deferring_asks_for_a_date_in_the_future(client, signed_in, proposal):
    url = f"/review/proposals/{proposal.id}/defer"
    assert errors(post(client, url, {})) == [
        "Enter the date the proposal should come back to the queue"
    ]
    assert errors(post(client, url, {"until": ["1", "1", "2020"]})) == [
        "The date must be in the future"
    ]
    assert errors(post(client, url, {"until": ["31", "2", "2030"]})) == [
        f"The date must be a real date, like {example_day(uk_today())}"
    ]
    until = uk_today() + timedelta(days=14)
    deferred = post(client, url, {"until": [str(until.day), str(until.month), str(until.year)]})
    assert deferred.status_code == 302
    assert "Proposal deferred until" in banner(client.get(deferred.location))
    assert db.session.get(Match, proposal.id).deferred_until == until
    assert "Tyne Bakery" in main_text(client.get("/review?status=deferred"))


def test_the_defer_dates_example_is_a_day_ahead_worked_out_as_the_form_is_built(
    client, signed_in, proposal, uk_clock
):
    url = f"/review/proposals/{proposal.id}/defer"
    uk_clock(datetime(2026, 7, 4, 23, 30, tzinfo=UTC))  # 12:30am on 5 July in the UK
    hint = html(client.get(url)).find(id="until-hint").get_text(strip=True)
    assert hint == "For example, 18 10 2026"  # about three months on, after the 12th

    uk_clock(datetime(2026, 12, 31, 12, 0, tzinfo=UTC))
    assert errors(post(client, url, {"until": ["31", "2", "2027"]})) == [
        "The date must be a real date, like 15 4 2027"
    ]


def test_bulk_approval_shows_a_confirmation_step_first(client, make, signed_in):
    matches = [make.match() for _ in range(3)]
    picked = [matches[0].id, matches[2].id]

    confirm = post(client, "/review/bulk", {"match_ids": picked, "action": "approve"})

    assert confirm.status_code == 200 and html(confirm).h1.text == "Approve 2 introductions?"
    assert count(Introduction) == 0
    hidden = [i["value"] for i in html(confirm).select("input[name=match_ids]")]
    assert hidden == [str(i) for i in sorted(picked, reverse=True)]  # best first: same scores
    done = post(client, "/review/bulk/confirm", {"match_ids": picked, "action": "approve"})
    assert "2 introductions approved." in banner(client.get(done.location))
    assert {m.status for m in db.session.scalars(select(Match).where(Match.id.in_(picked)))} == {
        MatchStatus.APPROVED
    }
    assert count(OutboxMessage) == 4
    again = post(client, "/review/bulk/confirm", {"match_ids": picked, "action": "approve"})
    assert "already approved" in banner(client.get(again.location))
    assert count(OutboxMessage) == 4


def test_bulk_rejection_needs_a_reason(client, make, signed_in):
    matches = [make.match() for _ in range(2)]
    ids = [m.id for m in matches]
    confirm = post(client, "/review/bulk", {"match_ids": ids, "action": "reject"})
    assert html(confirm).h1.text == "Reject 2 proposals?"
    legend = html(confirm).select_one("legend").get_text(strip=True)
    assert legend == "Why are you rejecting these proposals?"
    missing = post(client, "/review/bulk/confirm", {"match_ids": ids, "action": "reject"})
    assert errors(missing) == ["Select why you are rejecting these proposals"]
    assert html(missing).select_one("legend").get_text(strip=True) == legend
    other = post(
        client, "/review/bulk/confirm", {"match_ids": ids, "action": "reject", "reason": "other"}
    )
    assert errors(other) == ["Say why you are rejecting these proposals"]
    one = post(client, "/review/bulk/confirm", {"match_ids": ids[:1], "action": "reject"})
    assert errors(one) == ["Select why you are rejecting this proposal"]
    done = post(
        client,
        "/review/bulk/confirm",
        {"match_ids": ids, "action": "reject", "reason": "duplicate"},
    )
    assert "2 proposals rejected." in banner(client.get(done.location))
    assert count(Match, Match.reject_reason == "duplicate") == 2


def test_character_counts_write_their_limits_as_gov_uk_does(client, make, signed_in, proposal):
    introduction = make.introduction()
    for url, limit in [
        (f"/review/proposals/{proposal.id}/approve", "2,000"),
        (f"/review/proposals/{proposal.id}/reject", "1,000"),
        (f"/review/proposals/{proposal.id}/defer", "1,000"),
        (f"/review/introductions/{introduction.id}", "1,000"),
    ]:
        message = html(client.get(url)).select_one(".govuk-character-count__message")
        assert message.get_text(strip=True) == f"You can enter up to {limit} characters", url
    confirm = post(client, "/review/bulk", {"match_ids": [proposal.id], "action": "reject"})
    message = html(confirm).select_one(".govuk-character-count__message")
    assert message.get_text(strip=True) == "You can enter up to 1,000 characters"


def test_bulk_without_a_selection_says_what_to_do(client, signed_in, proposal):
    response = post(client, "/review/bulk", {"action": "approve"})
    assert response.status_code == 302
    assert "Select at least one proposal" in banner(client.get(response.location))


def test_the_introduction_shows_contacts_emails_and_outcomes_and_takes_one_by_hand(
    client, signed_in, proposal
):
    post(client, f"/review/proposals/{proposal.id}/approve", {"note": "Hi both", "approve": "y"})
    introduction = db.session.scalar(select(Introduction))
    url = f"/review/introductions/{introduction.id}"
    page = client.get(url)
    text = main_text(page)
    assert "Ada Baker" in text and "ada@tynebakery.example" in text and "Hi both" in text
    assert "waiting to be sent" in text and "Nobody has told us yet" in text
    assert errors(post(client, url, {})) == ["Select what happened"]

    recorded = post(client, url, {"result": "met", "comment": "They met at our event"})
    post(client, url, {"result": "met", "comment": "They met at our event"})  # double click

    assert recorded.status_code == 302
    text = main_text(client.get(url))
    assert "They met at our event" in text
    [row] = html(client.get(url)).select("main table tbody tr")
    assert [cell.get_text(" ", strip=True) for cell in row.select("td")][:2] == [
        "A coordinator",
        "Met They met at our event",
    ]
    assert count(AuditEvent, AuditEvent.action == "outcome.recorded") == 1


def test_a_coordinator_records_what_the_two_sides_did_in_the_third_person(client, make, signed_in):
    introduction = make.introduction(need=make.need(make.business()))
    url = f"/review/introductions/{introduction.id}"
    page = html(client.get(url))
    options = [label.get_text(strip=True) for label in page.select(".govuk-radios__label")]
    assert options == [
        "They met",
        "They are working together",
        "They reached an agreement",
        "It was not a good fit",
        "One side did not hear back from the other",
    ]
    assert not any(option.startswith("We ") for option in options)

    post(client, url, {"result": "working-together"})
    services.answer_follow_up(introduction, "sme", result="no-response", comment=None)
    db.session.commit()

    rows = html(client.get(url)).select("main table tbody tr")
    shown = [tuple(cell.get_text(strip=True) for cell in row.select("td")[:2]) for row in rows]
    assert ("A coordinator", "Working together") in shown
    assert ("The business", "Did not hear back") in shown
    assert "We " not in " ".join(text for _, text in shown)
    # The value stored is the same code whoever words it.
    results = {outcome.reported_by: outcome.result for outcome in introduction.outcomes}
    assert results == {"coordinator": "working-together", "sme": "no-response"}


# --- who may see and do what ------------------------------------------------------------------


def _urls(match, introduction) -> list[tuple[str, str]]:
    return [
        ("get", "/review"),
        ("get", f"/review/proposals/{match.id}"),
        ("get", f"/review/proposals/{match.id}/approve"),
        ("get", f"/review/proposals/{match.id}/reject"),
        ("get", f"/review/proposals/{match.id}/defer"),
        ("get", f"/review/introductions/{introduction.id}"),
        ("post", f"/review/proposals/{match.id}/approve"),
        ("post", f"/review/proposals/{match.id}/reject"),
        ("post", f"/review/proposals/{match.id}/defer"),
        ("post", "/review/bulk"),
        ("post", "/review/bulk/confirm"),
        ("post", f"/review/introductions/{introduction.id}"),
    ]


@pytest.fixture
def elsewhere(make):
    """A London proposal and a London introduction, and London's coordinator."""
    london = make.hub("london")
    match = make.match(make.need(make.business("london")))
    introduction = make.introduction(need=make.need(make.business("london")))
    return match, introduction, make.user(Role.COORDINATOR, hub=london)


def test_the_public_is_sent_to_sign_in_and_partners_are_refused(client, make, log_in, elsewhere):
    match, introduction, _ = elsewhere
    for method, url in _urls(match, introduction):
        response = getattr(client, method)(url, data={})
        expected = 400 if method == "post" else 302  # no session, no CSRF token
        assert response.status_code == expected, url
        if method == "get":
            assert response.location.startswith("/account/sign-in"), url
    log_in(make.user(Role.PARTNER))
    for method, url in _urls(match, introduction):
        data = {"match_ids": [match.id], "action": "approve", "note": "x", "reason": "other"}
        response = client.get(url) if method == "get" else post(client, url, data)
        assert response.status_code == 403, url
    assert db.session.get(Match, match.id).status == MatchStatus.PROPOSED


def test_a_coordinator_cannot_see_or_act_on_another_hubs_proposals(
    client, make, signed_in, proposal, elsewhere
):
    match, introduction, _ = elsewhere
    for method, url in _urls(match, introduction)[1:]:
        data = {
            "match_ids": [match.id],
            "action": "approve",
            "note": "x",
            "approve": "y",
            "reason": "other",
            "result": "met",
            "until": ["1", "1", str(uk_today().year + 1)],
        }
        response = client.get(url) if method == "get" else post(client, url, data)
        assert response.status_code == 404, url
    # A bulk action that slips a foreign id in among the coordinator's own does nothing.
    for url in ("/review/bulk", "/review/bulk/confirm"):
        response = post(client, url, {"match_ids": [proposal.id, match.id], "action": "approve"})
        assert response.status_code == 404, url
    assert db.session.get(Match, match.id).status == MatchStatus.PROPOSED
    assert db.session.get(Match, proposal.id).status == MatchStatus.PROPOSED
    assert count(Introduction) == 1 and count(OutboxMessage) == 0
    queue = client.get("/review")
    assert "To review (1)" in main_text(queue) and "Introduced (0)" in main_text(queue)


def test_londons_coordinator_and_an_admin_can_act_on_londons_proposal(
    client, log_in, admin, elsewhere
):
    match, introduction, london_coordinator = elsewhere
    log_in(london_coordinator)
    for _, url in _urls(match, introduction)[:6]:
        assert client.get(url).status_code == 200, url
    log_in(admin)
    response = post(client, f"/review/proposals/{match.id}/approve", {"note": "Hi", "approve": "y"})
    assert response.status_code == 302
    assert db.session.get(Match, match.id).status == MatchStatus.APPROVED


@pytest.mark.parametrize(
    "path",
    ["/review/proposals/{id}/approve", "/review/proposals/{id}/reject", "/review/proposals/{id}/defer",
     "/review/bulk", "/review/bulk/confirm"],
)  # fmt: skip
def test_every_action_needs_the_csrf_token(client, signed_in, proposal, path):
    data = {"match_ids": [proposal.id], "action": "reject", "reason": "other", "note": "x",
            "approve": "y"}  # fmt: skip
    response = client.post(path.format(id=proposal.id), data=data)
    assert response.status_code == 400
    assert db.session.get(Match, proposal.id).status == MatchStatus.PROPOSED


# --- hostile input, odd URLs and stale pages ----------------------------------------------------


def test_what_a_business_or_partner_typed_is_escaped_on_the_introduction_page(
    client, make, signed_in
):
    script = "<script>alert('x')</script>"
    business = make.business(name=f"Evil {script} Ltd", contact_name=f"<b>Ada</b>{script}",
                             contact_email="ada@evil.example", phone="<i>0191</i>")  # fmt: skip
    offer = make.offer(make.organisation("<img src=x onerror=alert(1)>Org"),
                       title=f"Offer {script}")  # fmt: skip
    introduction = make.introduction(offer, need=make.need(business))

    page = client.get(f"/review/introductions/{introduction.id}")

    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "<b>Ada</b>" not in page.text and "<i>0191</i>" not in page.text
    rows = html(page).select(".govuk-summary-list__value")
    assert list(rows[0].stripped_strings) == [
        f"Evil {script} Ltd", f"<b>Ada</b>{script}", "ada@evil.example", "<i>0191</i>"
    ]  # fmt: skip
    assert list(rows[1].stripped_strings) == [
        "<img src=x onerror=alert(1)>Org", f"Offer {script}", "programmes@example.com"
    ]  # fmt: skip


@pytest.mark.parametrize(
    "url",
    [
        "/review/proposals/99999999999999999999",
        "/review/proposals/99999999999999999999/approve",
        "/review/proposals/99999999999999999999/reject",
        "/review/proposals/99999999999999999999/defer",
        "/review/introductions/99999999999999999999",
    ],
)
def test_an_id_too_big_for_the_database_is_not_found(client, signed_in, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "approve"}, "Select at least one proposal"),
        ({"match_ids": ["abc"], "action": "approve"}, "Select at least one proposal"),
        # No database holds an id this big (a 64-bit one): it names nothing.
        (
            {"match_ids": ["99999999999999999999"], "action": "approve"},
            "Select at least one proposal",
        ),
        ({"action": "delete"}, "Choose to approve or reject the selected proposals"),
        ({"action": ""}, "Choose to approve or reject the selected proposals"),
    ],
)
@pytest.mark.parametrize("url", ["/review/bulk", "/review/bulk/confirm"])
def test_a_bulk_action_without_proposals_or_an_action_goes_back_to_the_queue(
    client, signed_in, proposal, url, data, message
):
    if "match_ids" not in data and data["action"] != "approve":
        data = {**data, "match_ids": [proposal.id]}
    client.get("/review?sort=waiting")

    response = post(client, url, data)

    assert response.status_code == 302 and response.location == "/review?sort=waiting"
    assert banner(client.get(response.location)) == f"Important {message}"
    assert db.session.get(Match, proposal.id).status == MatchStatus.PROPOSED


def test_one_introduction_approved_in_bulk_is_worded_as_one(client, make, signed_in):
    match = make.match()
    done = post(client, "/review/bulk/confirm", {"match_ids": [match.id], "action": "approve"})
    assert banner(client.get(done.location)) == "Success 1 introduction approved."


def test_a_stale_selection_leaves_out_what_someone_else_decided_meanwhile(
    client, make, signed_in, coordinator
):
    """The queue was loaded, then another coordinator decided one of the ticked proposals:
    the confirmation asks only about the others, and names the one left out."""
    business = make.business(name="Quay Textiles")
    need = make.need(business)
    same_title = "Peer mentoring for first-time employers"
    first = make.match(need, make.offer(make.organisation("Summit Insurance"), title=same_title))
    second = make.match(need, make.offer(make.organisation("Severn Logistics"), title=same_title))
    third = make.match()
    services.approve_match(first, note="Hi", actor=coordinator)
    db.session.commit()

    ids = [first.id, second.id, third.id]
    confirm = post(client, "/review/bulk", {"match_ids": ids, "action": "approve"})

    assert html(confirm).h1.text == "Approve 2 introductions?"
    hidden = {int(i["value"]) for i in html(confirm).select("input[name=match_ids]")}
    assert hidden == {second.id, third.id}
    text = main_text(confirm)
    assert (
        "1 proposal you selected was decided after you opened the queue, so it is left out: "
        f"{same_title} from Summit Insurance for Quay Textiles (introduced)."
    ) in text
    rows = html(confirm).select("main table tbody tr")
    assert len(rows) == 2

    # Everything ticked was decided already: nothing to confirm.
    services.approve_match(second, note="Hi", actor=coordinator)
    services.reject_match(third, reason="duplicate", note=None, actor=coordinator)
    db.session.commit()
    client.get("/review?status=proposed")
    gone = post(client, "/review/bulk", {"match_ids": ids, "action": "reject"})
    assert gone.status_code == 302 and gone.location == "/review?status=proposed"
    assert banner(client.get(gone.location)) == (
        "Important The 3 proposals you selected were decided after you opened the queue, "
        "so there is nothing to reject."
    )


def test_proposals_refused_in_bulk_are_named_with_their_partner(
    client, make, signed_in, coordinator
):
    """Two offers can have the same title: the message says whose offer each one is."""
    need = make.need(make.business(name="Quay Textiles"))
    same_title = "Peer mentoring for first-time employers"
    first = make.match(need, make.offer(make.organisation("Summit Insurance"), title=same_title))
    second = make.match(need, make.offer(make.organisation("Severn Logistics"), title=same_title))
    ids = [first.id, second.id]
    services.approve_match(first, note="Hi", actor=coordinator)
    db.session.commit()

    done = post(client, "/review/bulk/confirm", {"match_ids": ids, "action": "approve"})

    message = banner(client.get(done.location))
    assert message.startswith("Important 1 introduction approved.")
    assert (
        f"Not approved: {same_title} from Summit Insurance for Quay Textiles. "
        "This proposal was already approved: the introduction has been made."
    ) in message


def test_a_note_is_kept_as_typed_without_control_characters_or_windows_line_breaks(
    client, make, signed_in
):
    """Any form, not only the public ones: PostgreSQL cannot store NUL, and a browser sends
    each new line as CR LF."""
    match = make.match()
    note = "Pasted from a PDF:\r\nnot a fit\x00 for this\x1b business\r\n"
    response = post(
        client, f"/review/proposals/{match.id}/reject", {"reason": "other", "note": note}
    )
    assert response.status_code == 302
    db.session.refresh(match)
    assert match.decision_note == "Pasted from a PDF:\nnot a fit for this business"
