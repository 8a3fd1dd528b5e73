"""Follow-ups: FOLLOW_UP_DAYS after an introduction both sides are asked, by a signed link
that needs no sign-in, what happened; one reminder goes to a side that has not answered."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from matchmaker import jobs
from matchmaker.extensions import db
from matchmaker.models import AuditEvent, Introduction, OutboxMessage, Outcome, utcnow
from matchmaker.review import services
from matchmaker.tokens import make_token

from ..conftest import csrf_token
from .conftest import html, link_in, main_text

SME = "ada@tynebakery.example"
PARTNER = "programmes@cobalt.example"


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def introduction(make, coordinator):
    business = make.business(name="Tyne Bakery", contact_email=SME)
    offer = make.offer(make.organisation("Cobalt Cyber"), title="Cyber training",
                       contact_email=PARTNER)  # fmt: skip
    match = make.match(make.need(business), offer)
    introduction = services.approve_match(match, note="Hello both", actor=coordinator)
    db.session.commit()
    return introduction


def path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_both_sides_are_asked_what_happened_after_21_days(app, introduction, mail):
    start = introduction.created_at
    assert jobs.send_follow_ups(start + timedelta(days=20, hours=23)) == 0
    assert jobs.send_follow_ups(start + timedelta(days=21)) == 2
    assert jobs.send_follow_ups(start + timedelta(days=21, hours=1)) == 0  # once

    [to_sme] = [body for body in mail(SME) if "How did your introduction" in body]
    [to_partner] = [body for body in mail(PARTNER) if "How did your introduction" in body]
    assert "introduction to Cobalt Cyber" in to_sme and "Cyber training" in to_sme
    assert "introduction to Tyne Bakery" in to_partner
    assert "We did not hear back" in to_sme and "You do not need to sign in" in to_sme
    assert link_in(to_sme, "/follow-up/").startswith("http://localhost:5000/follow-up/")
    db.session.refresh(introduction)
    assert introduction.follow_up_sent_at == start + timedelta(days=21)


def test_the_introduction_page_and_the_follow_up_email_give_uk_dates(
    client, introduction, mail, coordinator, log_in
):
    # 23:30 UTC on 4 July is 12:30am on 5 July in the UK (BST).
    introduction.created_at = datetime(2026, 7, 4, 23, 30, tzinfo=UTC)
    introduction.match.decided_at = datetime(2026, 7, 4, 23, 30, tzinfo=UTC)
    db.session.commit()

    log_in(coordinator)
    page = main_text(client.get(f"/review/introductions/{introduction.id}"))
    assert "Introduced on 5 July 2026" in page
    assert f"{coordinator.email} on 5 July 2026 at 12:30am" in page
    assert "We will ask both sides what happened on 26 July 2026" in page  # 21 days on

    jobs.send_follow_ups(introduction.created_at + timedelta(days=21))
    [to_sme] = [body for body in mail(SME) if "How did your introduction" in body]
    assert "On 5 July 2026 your Growth Hub introduced you to Cobalt Cyber" in to_sme


def test_the_link_asks_one_question_without_signing_in_and_records_the_answer_once(
    client, introduction, mail
):
    jobs.send_follow_ups(introduction.created_at + timedelta(days=21))
    [body] = [body for body in mail(SME) if "How did your introduction" in body]
    one_click = path(link_in(body, "result=working-together"))

    page = client.get(one_click)
    assert page.status_code == 200
    assert html(page).h1.text == "How did your introduction to Cobalt Cyber go?"
    assert html(page).select_one("input[name=result][checked]")["value"] == "working-together"
    options = [label.get_text(strip=True) for label in html(page).select(".govuk-radios__label")]
    assert options[:2] == ["We met", "We are working together"]  # they answer for themselves
    assert count(Outcome) == 0  # following a link changes nothing: mail scanners follow links

    url = path(link_in(body, "/follow-up/").split("?")[0])
    token = csrf_token(page.text)
    answer = {"result": "working-together", "comment": "Started a course", "csrf_token": token}
    sent = client.post(url, data=answer)
    assert sent.status_code == 302
    assert "You told us: We are working together" in main_text(client.get(url))
    client.post(url, data=answer | {"result": "no-fit"})  # the back button, a second try

    [outcome] = db.session.scalars(select(Outcome)).all()
    assert (outcome.reported_by, outcome.result, outcome.comment) == (
        "sme",
        "working-together",
        "Started a course",
    )
    assert count(AuditEvent, AuditEvent.action == "outcome.recorded") == 1


def test_one_reminder_goes_to_the_side_that_has_not_answered(app, introduction, mail):
    start = introduction.created_at
    jobs.send_follow_ups(start + timedelta(days=21))
    services.answer_follow_up(introduction, "sme", result="met", comment=None)
    db.session.commit()

    assert jobs.send_follow_ups(start + timedelta(days=27)) == 0
    assert jobs.send_follow_ups(start + timedelta(days=28)) == 1
    assert jobs.send_follow_ups(start + timedelta(days=60)) == 0

    reminders = count(OutboxMessage, OutboxMessage.subject.startswith("Reminder"))
    assert reminders == 1
    assert [b for b in mail(PARTNER) if "We have not heard from you yet" in b]
    assert not [b for b in mail(SME) if "We have not heard from you yet" in b]


def test_nobody_is_reminded_when_both_sides_answered(app, introduction):
    start = introduction.created_at
    jobs.send_follow_ups(start + timedelta(days=21))
    for side in ("sme", "partner"):
        services.answer_follow_up(introduction, side, result="agreement", comment=None)
    db.session.commit()
    assert jobs.send_follow_ups(start + timedelta(days=40)) == 0
    assert count(OutboxMessage) == 4  # two introductions, two follow-ups


def test_the_follow_up_job_runs_with_the_others(app, introduction, monkeypatch):
    monkeypatch.setitem(app.config, "FOLLOW_UP_DAYS", 3)
    jobs.run_due_jobs(introduction.created_at + timedelta(days=3))
    assert count(OutboxMessage, OutboxMessage.dedupe_key.startswith("follow-up:")) == 2


def test_a_business_that_asked_to_be_deleted_is_not_followed_up(app, introduction):
    introduction.match.need.business.erased_at = utcnow()
    db.session.commit()
    assert jobs.send_follow_ups(introduction.created_at + timedelta(days=30)) == 0
    assert db.session.get(Introduction, introduction.id).follow_up_sent_at is not None


def test_damaged_expired_and_foreign_links_do_not_work(client, app, introduction, monkeypatch):
    damaged = client.get("/follow-up/not-a-token")
    assert damaged.status_code == 400 and html(damaged).h1.text == "This link does not work"
    with app.test_request_context():
        token = services.follow_up_token(introduction, "partner")
        other_purpose = make_token(
            "partner-email", {"introduction": introduction.id, "side": "sme"}
        )
        wrong_side = make_token("follow-up", {"introduction": introduction.id, "side": "hub"})
    assert client.get(f"/follow-up/{other_purpose}").status_code == 400
    assert client.get(f"/follow-up/{wrong_side}").status_code == 400
    assert client.get(f"/follow-up/{token}").status_code == 200
    assert client.post(f"/follow-up/{token}", data={"result": "met"}).status_code == 400  # CSRF
    monkeypatch.setitem(app.config, "FOLLOW_UP_LINK_MAX_AGE", -1)
    expired = client.get(f"/follow-up/{token}")
    assert expired.status_code == 400 and html(expired).h1.text == "This link has expired"
    assert count(Outcome) == 0
