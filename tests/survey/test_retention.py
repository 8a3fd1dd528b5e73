"""A business's personal data is erased PERSONAL_DATA_RETENTION_DAYS (2 years) after the
last activity on its requests, by the worker, as the privacy notice promises."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from matchmaker import jobs
from matchmaker.extensions import db
from matchmaker.models import AuditEvent, Business, MatchStatus, Role, utcnow
from matchmaker.review import services as review
from matchmaker.survey import services

from ..conftest import html, main_text


def days_ago(days: int):
    return utcnow() - timedelta(days=days)


def years_later():
    """A moment by which even the latest erasure has itself been idle for years."""
    return utcnow() + timedelta(days=3 * 365)


def idle_business(make, days: int, name: str = "Tyne Bakery") -> Business:
    """A business whose request was sent `days` ago and is still waiting in the coordinators'
    queue, nothing having happened since."""
    at = days_ago(days)
    business = make.business(
        name=name, contact_name="Ada Baker", phone="0191 000 0000", postcode="NE1 4ST",
        created_at=at,
    )  # fmt: skip
    need = make.need(business, description="Train our staff to spot phishing emails.",
                     created_at=at, updated_at=at)  # fmt: skip
    make.match(need, created_at=at)
    return business


@pytest.fixture
def coordinator(make):
    return make.user(Role.COORDINATOR, hub=make.hub("north-east"))


@pytest.fixture
def queue(client, log_in, coordinator):
    """The North East review queue as its coordinator reads it."""
    log_in(coordinator)
    return lambda: main_text(client.get("/review"))


def status_page(app, business):
    """What the owner sees when they follow the link in their confirmation e-mail."""
    response = app.test_client().get(f"/status/{services.status_token(business)}")
    return response.status_code, html(response).h1.get_text(strip=True)


def count_audit(action: str) -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == action))


def test_a_business_idle_for_731_days_is_erased_and_leaves_the_queue(app, make, queue):
    business = idle_business(make, days=731)
    [proposal] = business.needs[0].matches
    assert "Tyne Bakery" in queue() and "To review (1)" in queue()

    assert jobs.erase_idle_businesses() == 1

    assert status_page(app, business) == (410, "Your data has been deleted")
    assert "Tyne Bakery" not in queue() and "To review (0)" in queue()
    db.session.expire_all()
    assert business.name == business.contact_name == "[deleted]"
    assert (business.contact_email, business.phone, business.postcode) == ("", None, None)
    assert business.needs[0].description == "[deleted]"
    assert proposal.status == MatchStatus.WITHDRAWN
    assert count_audit("business.erased") == count_audit("business.erased_when_idle") == 1


def test_the_coordinator_reads_why_the_request_closed(client, make, queue):
    business = idle_business(make, days=731)
    [proposal] = business.needs[0].matches
    owner_erased = idle_business(make, days=10, name="Wear Joinery")
    [other] = owner_erased.needs[0].matches
    queue()  # signs the coordinator in

    jobs.erase_idle_businesses()
    services.erase_business(owner_erased)
    db.session.commit()

    page = main_text(client.get(f"/review/proposals/{proposal.id}"))
    assert "details were deleted after 2 years without activity" in page
    assert "The business withdrew this request" not in page
    # An owner who asks for their data to be deleted did withdraw the request.
    assert "The business withdrew this request" in main_text(
        client.get(f"/review/proposals/{other.id}")
    )


def test_a_business_idle_for_729_days_is_kept(app, make, queue):
    business = idle_business(make, days=729)

    assert jobs.erase_idle_businesses() == 0

    assert status_page(app, business) == (200, "Your requests for help")
    assert "Tyne Bakery" in queue() and "To review (1)" in queue()


def _owner_changes_the_description(make, need, coordinator):
    services.update_need_description(need, "Train our staff to spot scam phone calls too.")


def _owner_withdraws_the_request(make, need, coordinator):
    services.withdraw_need(need)


def _coordinator_turns_the_proposal_down(make, need, coordinator):
    review.reject_match(need.matches[0], reason="not-relevant", note=None, actor=coordinator)


def _coordinator_makes_the_introduction(make, need, coordinator):
    review.approve_match(need.matches[0], note="Hello both", actor=coordinator)


def _owner_answers_the_follow_up_of_an_old_introduction(make, need, coordinator):
    introduction = make.introduction(need=need, decided_at=days_ago(800))
    review.answer_follow_up(introduction, "sme", result="met", comment=None)


def _partner_records_an_outcome_of_an_old_introduction(make, need, coordinator):
    introduction = make.introduction(need=need, decided_at=days_ago(800))
    review.record_outcome(introduction, result="agreement", comment=None, reported_by="partner")


@pytest.mark.parametrize(
    "recent_activity",
    [
        _owner_changes_the_description,
        _owner_withdraws_the_request,
        _coordinator_turns_the_proposal_down,
        _coordinator_makes_the_introduction,
        _owner_answers_the_follow_up_of_an_old_introduction,
        _partner_records_an_outcome_of_an_old_introduction,
    ],
)
def test_recent_activity_on_an_old_request_keeps_the_business(
    app, make, coordinator, recent_activity
):
    business = idle_business(make, days=1000)
    recent_activity(make, business.needs[0], coordinator)
    db.session.commit()

    assert jobs.erase_idle_businesses() == 0

    assert status_page(app, business) == (200, "Your requests for help")


def test_an_old_introduction_with_no_feedback_since_does_not_keep_the_business(app, make):
    business = idle_business(make, days=1000)
    make.introduction(need=business.needs[0], decided_at=days_ago(800))

    assert jobs.erase_idle_businesses() == 1

    assert status_page(app, business) == (410, "Your data has been deleted")


def test_an_old_business_with_one_recent_request_among_old_ones_is_kept(app, make):
    business = idle_business(make, days=1000)
    make.need(business, created_at=days_ago(10), updated_at=days_ago(10))

    assert jobs.erase_idle_businesses() == 0

    assert status_page(app, business) == (200, "Your requests for help")


def test_a_business_erased_at_its_owners_request_is_left_as_it_was(app, make):
    business = idle_business(make, days=1000)
    services.erase_business(business)
    db.session.commit()
    erased_at = business.erased_at

    assert jobs.erase_idle_businesses(years_later()) == 0

    db.session.expire_all()
    assert business.erased_at == erased_at
    assert count_audit("business.erased") == 1 and count_audit("business.erased_when_idle") == 0


def test_running_the_job_again_erases_nothing_twice(app, make, queue):
    business = idle_business(make, days=731)
    idle_business(make, days=100, name="Wear Joinery")
    assert jobs.erase_idle_businesses() == 1
    db.session.expire_all()
    erased_at = business.erased_at

    assert jobs.erase_idle_businesses() == 0
    assert "Wear Joinery" in queue() and "To review (1)" in queue()
    assert jobs.erase_idle_businesses(years_later()) == 1  # Wear Joinery's turn

    db.session.expire_all()
    assert business.erased_at == erased_at
    assert count_audit("business.erased") == 2


def test_each_round_erases_one_batch_and_the_next_round_the_rest(app, make, monkeypatch):
    monkeypatch.setattr(jobs, "ERASURE_BATCH", 2)
    for n in range(2):  # erased long ago, they take no place in a batch
        services.erase_business(idle_business(make, days=2000, name=f"Erased {n}"))
    businesses = [idle_business(make, days=731, name=f"Business {n}") for n in range(3)]
    db.session.commit()

    assert [jobs.erase_idle_businesses(years_later()) for _ in range(3)] == [2, 1, 0]

    db.session.expire_all()
    assert all(business.erased_at is not None for business in businesses)


def test_the_worker_looks_hourly_but_clears_a_backlog_round_after_round(app, make, monkeypatch):
    monkeypatch.setattr(jobs, "ERASURE_BATCH", 2)
    backlog = [idle_business(make, days=731, name=f"Business {n}") for n in range(3)]
    db.session.commit()
    start = utcnow()
    housekeeping = jobs.Housekeeping(timedelta(hours=1))

    def erased() -> int:
        return db.session.scalar(select(func.count()).where(Business.erased_at.is_not(None)))

    housekeeping.run_if_due(start)
    assert erased() == 2  # a full batch: more may be waiting ...
    housekeeping.run_if_due(start + timedelta(seconds=5))
    assert erased() == 3  # ... so the next round goes on

    idle_business(make, days=731, name="Turned idle since")
    db.session.commit()
    housekeeping.run_if_due(start + timedelta(minutes=30))
    assert erased() == 3  # the backlog is clear: the next look is an hour on
    housekeeping.run_if_due(start + timedelta(minutes=66))
    assert erased() == 4
    assert all(business.erased_at is not None for business in backlog)


def test_the_worker_erases_idle_businesses_on_its_rounds(app, make, runner):
    business = idle_business(make, days=731)

    assert runner.invoke(args=["worker", "--once"]).exit_code == 0

    assert status_page(app, business) == (410, "Your data has been deleted")


RACERS = 4
IDLE = 12


def test_workers_running_the_job_at_once_erase_each_business_once(
    app, make, database_url, monkeypatch, race
):
    monkeypatch.setattr(jobs, "ERASURE_BATCH", IDLE // RACERS)
    for n in range(IDLE):
        idle_business(make, days=731, name=f"Business {n}")
    # Years on, a business another worker has just erased looks idle too: only its being
    # erased already must stop a second erasure.
    later = years_later()

    erased = race(lambda _: jobs.erase_idle_businesses(later), range(RACERS))

    if make_url(database_url).get_backend_name() == "postgresql":
        # Each worker skips the businesses the others hold: one round each erases them all.
        assert erased == [IDLE // RACERS] * RACERS
    # SQLite has no row locks: workers may pick the same businesses, and later rounds the rest.
    erased += [jobs.erase_idle_businesses(later) for _ in range(IDLE)]
    assert sum(erased) == IDLE
    assert count_audit("business.erased") == count_audit("business.erased_when_idle") == IDLE


def test_the_privacy_notice_promises_the_retention_the_worker_applies(app, client):
    assert app.config["PERSONAL_DATA_RETENTION_DAYS"] == 2 * 365
    text = main_text(client.get("/privacy"))
    assert "We delete your details 2 years after the last activity on your requests" in text
    assert app.config["OUTBOX_BODY_RETENTION_DAYS"] == 30
    assert "We delete the text of the emails we send you 30 days after writing them" in text
