"""Decisions on proposals: approve (capacity-safe, e-mailed, idempotent), reject (the next
candidate comes up), defer, in bulk; every decision audited with what the model knew."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from matchmaker import jobs
from matchmaker.extensions import db
from matchmaker.matchmaking import rebuild_all
from matchmaker.models import (
    AuditEvent,
    Introduction,
    Match,
    MatchStatus,
    Offer,
    OfferStatus,
    OutboxMessage,
    RejectReason,
    Role,
)
from matchmaker.partners import services as partner_services
from matchmaker.review import services
from matchmaker.review.services import QueueFilters
from matchmaker.uktime import uk_today

TODAY = date(2026, 3, 2)


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def proposed_offers(need) -> list[int]:
    return list(
        db.session.scalars(
            select(Match.offer_id)
            .where(Match.need_id == need.id, Match.status == MatchStatus.PROPOSED)
            .order_by(Match.rank)
        )
    )


@pytest.fixture
def staff(coordinator):
    return coordinator


def test_approving_introduces_both_sides_by_email_and_audits_the_decision(app, make, staff, mail):
    business = make.business(name="Tyne Bakery", contact_name="Ada Baker",
                             contact_email="ada@tynebakery.example", phone="0191 000 0000")  # fmt: skip
    offer = make.offer(make.organisation("Cobalt Cyber"), title="Cyber training",
                       contact_email="programmes@cobalt.example")  # fmt: skip
    match = make.match(make.need(business), offer, score=0.61, rank=2,
                       reasons="Shared themes: Cyber security.", model_version="m1")  # fmt: skip

    introduction = services.approve_match(match, note="You two should talk.", actor=staff)
    db.session.commit()

    assert match.status == MatchStatus.APPROVED
    assert (match.decided_by_id, match.decision_note) == (staff.id, "You two should talk.")
    assert introduction.note == "You two should talk." and introduction.match_id == match.id
    [to_sme] = mail("ada@tynebakery.example")
    [to_partner] = mail("programmes@cobalt.example")
    assert "Cobalt Cyber" in to_sme and "programmes@cobalt.example" in to_sme
    assert "You two should talk." in to_sme and "What happens next" in to_sme
    assert "Ada Baker" in to_partner and "ada@tynebakery.example" in to_partner
    assert "0191 000 0000" in to_partner and "You two should talk." in to_partner
    assert "We need help training our staff" in to_partner  # the need in their own words
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "match.approved"))
    assert event.actor_id == staff.id and event.subject_id == match.id
    assert event.details["hub"] == "north-east"
    assert (event.details["score"], event.details["rank"], event.details["model_version"]) == (
        0.61,
        2,
        "m1",
    )
    assert event.details["reasons"] == "Shared themes: Cyber security."


def test_approving_twice_introduces_once_and_sends_each_email_once(app, make, staff):
    match = make.match()
    services.approve_match(match, note="Hello", actor=staff)
    db.session.commit()

    with pytest.raises(services.AlreadyDecided, match="already approved"):
        services.approve_match(match, note="Hello", actor=staff)
    db.session.commit()

    assert count(Introduction) == 1
    assert count(OutboxMessage) == 2
    assert count(AuditEvent, AuditEvent.action == "match.approved") == 1


def test_an_offer_with_no_places_left_cannot_be_approved_and_says_so(app, make, staff):
    offer = make.offer(title="Cyber training", capacity=1)
    first = make.match(offer=offer)
    # A deferred proposal stays the coordinator's to decide when the offer fills up.
    second = make.match(offer=offer, status=MatchStatus.DEFERRED)
    services.approve_match(first, note="Hi", actor=staff)
    db.session.commit()

    with pytest.raises(services.CapacityFull, match="Cyber training has no places left"):
        services.approve_match(second, note="Hi", actor=staff)
    db.session.rollback()

    assert db.session.get(Match, second.id).status == MatchStatus.DEFERRED
    assert count(Introduction) == 1 and count(OutboxMessage) == 2


def test_approvals_leave_an_offer_only_as_many_proposals_as_its_places_left_allow(app, make, staff):
    offer = make.offer(title="Scarce mentoring", capacity=2)  # 2 proposals a place left
    weak, middling, strong, best = (
        make.match(offer=offer, score=score) for score in (0.6, 0.7, 0.8, 0.9)
    )
    deferred = make.match(offer=offer, status=MatchStatus.DEFERRED, score=0.5)

    services.approve_match(strong, note="Hi", actor=staff)  # 1 place left: 2 proposals
    db.session.commit()
    assert _statuses(weak, middling, best, deferred) == [
        "withdrawn",
        "proposed",
        "proposed",
        "deferred",
    ]

    services.approve_match(best, note="Hi", actor=staff)  # full
    db.session.commit()
    assert _statuses(weak, middling, deferred) == ["withdrawn", "withdrawn", "deferred"]
    with pytest.raises(services.AlreadyDecided, match="its places filled up"):
        services.approve_match(weak, note="Hi", actor=staff)


def _statuses(*matches) -> list[str]:
    db.session.expire_all()
    return [str(db.session.get(Match, match.id).status) for match in matches]


def test_a_need_whose_proposal_an_approval_crowded_out_gets_its_next_best_offer(
    app, make, market, staff
):
    need, offers = market
    for offer in offers:
        offer.capacity = 1
    rival = make.need(
        make.business(name="Wear Joinery"),
        description="Staff keep falling for scam emails. We need phishing and password training.",
        themes=["cyber-security"],
    )
    rebuild_all()
    db.session.commit()
    before = proposed_offers(rival)
    waiting = [offer.id for offer in offers if offer.id not in before]
    assert len(before) == 3 and len(waiting) == 1
    shared = next(offer_id for offer_id in proposed_offers(need) if offer_id in before)

    approved = db.session.scalar(
        select(Match).where(Match.need_id == need.id, Match.offer_id == shared)
    )
    services.approve_match(approved, note="Hi", actor=staff)
    db.session.commit()

    assert shared not in proposed_offers(rival)
    assert set(proposed_offers(rival)) == (set(before) - {shared}) | set(waiting)


def test_a_paused_offer_or_a_deleted_business_cannot_be_introduced(app, make, staff):
    paused = make.match(offer=make.offer(status=OfferStatus.PAUSED))
    with pytest.raises(services.CannotIntroduce, match="paused"):
        services.approve_match(paused, note="Hi", actor=staff)
    erased = make.match()
    erased.need.business.erased_at = erased.created_at
    with pytest.raises(services.CannotIntroduce, match="delete its details"):
        services.approve_match(erased, note="Hi", actor=staff)
    db.session.rollback()
    assert count(Introduction) == 0 and count(OutboxMessage) == 0


def test_rejecting_records_the_reason_and_proposes_the_next_best_offer(app, market, staff):
    need, offers = market
    before = proposed_offers(need)
    assert len(before) == 3
    waiting = next(offer for offer in offers if offer.id not in before)
    match = db.session.scalar(
        select(Match).where(Match.need_id == need.id, Match.offer_id == before[0])
    )

    proposed = services.reject_match(
        match, reason=RejectReason.NOT_RELEVANT, note="Too basic", actor=staff
    )
    db.session.commit()

    assert [m.offer_id for m in proposed] == [waiting.id]
    assert set(proposed_offers(need)) == (set(before) - {before[0]}) | {waiting.id}
    assert (match.status, match.reject_reason, match.decision_note) == (
        MatchStatus.REJECTED,
        "not-relevant",
        "Too basic",
    )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "match.rejected"))
    assert event.details["reason_code"] == "not-relevant"
    assert event.details["model_version"] == match.model_version
    assert event.details["score"] == match.score and event.details["reasons"] == match.reasons


def test_a_need_whose_proposed_offer_is_paused_gets_its_next_best_at_the_worker_s_round(
    app, market, staff
):
    need, offers = market
    before = proposed_offers(need)
    [waiting] = [offer.id for offer in offers if offer.id not in before]
    paused = db.session.get(Offer, before[0])
    partner_services.change_offer_status(paused, "pause", actor=staff)
    db.session.commit()
    assert proposed_offers(need) == before[1:]  # at once

    jobs.run_due_jobs()

    assert set(proposed_offers(need)) == {*before[1:], waiting}


def test_rejecting_without_a_fitted_model_leaves_the_other_proposals_alone(app, make, staff):
    need = make.need()
    first, second = make.match(need), make.match(need)
    assert services.reject_match(first, reason="duplicate", note=None, actor=staff) == []
    db.session.commit()
    assert db.session.get(Match, second.id).status == MatchStatus.PROPOSED


def test_a_decided_proposal_cannot_be_decided_again(app, make, staff):
    match = make.match()
    services.reject_match(match, reason="other", note="No", actor=staff)
    with pytest.raises(services.AlreadyDecided, match="already rejected"):
        services.approve_match(match, note="Hi", actor=staff)
    with pytest.raises(services.AlreadyDecided):
        services.defer_match(
            match, until=TODAY + timedelta(days=3), note=None, actor=staff, today=TODAY
        )
    with pytest.raises(services.AlreadyDecided):
        services.reject_match(match, reason="other", note=None, actor=staff)


def test_deferring_takes_the_proposal_out_of_the_queue_until_its_day(app, make, staff):
    match = make.match()
    services.defer_match(match, until=TODAY + timedelta(days=7), note="After Easter", actor=staff, today=TODAY)  # fmt: skip
    db.session.commit()
    assert (match.status, match.deferred_until) == (MatchStatus.DEFERRED, date(2026, 3, 9))
    assert services.end_due_deferrals(date(2026, 3, 8)) == 0
    assert services.end_due_deferrals(date(2026, 3, 9)) == 1
    db.session.commit()
    db.session.refresh(match)
    assert (match.status, match.deferred_until) == (MatchStatus.PROPOSED, None)
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["match.deferred", "match.deferral_ended"]


@pytest.mark.parametrize(("capacity", "comes_back"), [(2, True), (1, False)])
def test_a_deferral_that_ends_on_a_full_offer_leaves_the_queue_for_the_stronger_proposals(
    app, make, staff, capacity, comes_back
):
    offer = make.offer(title="Scarce mentoring", capacity=capacity)
    stronger = [make.match(offer=offer, score=score) for score in (0.9, 0.8)]
    deferred = make.match(offer=offer, score=0.5, status=MatchStatus.DEFERRED,
                          deferred_until=TODAY)  # fmt: skip

    assert services.end_due_deferrals(TODAY) == 1
    db.session.commit()

    db.session.expire_all()
    assert all(match.status == MatchStatus.PROPOSED for match in stronger)
    assert (deferred.status == MatchStatus.PROPOSED) is comes_back
    assert (deferred.status == MatchStatus.WITHDRAWN) is not comes_back


@pytest.mark.parametrize(
    ("days", "message"),
    [(0, "must be in the future"), (-3, "must be in the future"), (366, "on or before")],
)
def test_a_deferral_needs_a_date_in_the_coming_year(app, make, staff, days, message):
    match = make.match()
    with pytest.raises(services.InvalidDeferral, match=message):
        services.defer_match(match, until=TODAY + timedelta(days=days), note=None, actor=staff, today=TODAY)  # fmt: skip
    assert match.status == MatchStatus.PROPOSED


def test_bulk_approval_approves_what_fits_and_reports_the_rest(app, make, staff):
    offer = make.offer(title="Scarce mentoring", capacity=2)
    matches = [make.match(offer=offer) for _ in range(3)]
    already = make.match()
    services.approve_match(already, note="Hi", actor=staff)

    result = services.bulk_approve([*matches, already], actor=staff)
    db.session.commit()

    assert [m.id for m in result.done] == [m.id for m in matches[:2]]
    refused = {m.id: reason for m, reason in result.refused}
    assert "no places left" in refused[matches[2].id]
    assert "already approved" in refused[already.id]
    assert count(Introduction) == 3 and count(OutboxMessage) == 6
    # The standard note was used.
    assert "is looking for skills and training" in matches[0].introduction.note


def test_bulk_rejection_rejects_each_with_the_reason(app, make, staff):
    matches = [make.match() for _ in range(2)]
    result = services.bulk_reject(matches, reason="sme-not-ready", note=None, actor=staff)
    db.session.commit()
    assert len(result.done) == 2 and result.refused == []
    assert {m.reject_reason for m in matches} == {"sme-not-ready"}
    assert count(AuditEvent, AuditEvent.action == "match.rejected") == 2


# --- what a coordinator may see ---------------------------------------------------------------


def test_a_coordinator_sees_only_their_hubs_proposals(app, make, staff):
    mine = make.match(make.need(make.business("north-east")))
    theirs = make.match(make.need(make.business("london")))
    hubs = [staff.hub_id]

    queue = services.queue(hubs, QueueFilters(), page=1, per_page=25)

    assert [row.id for row in queue.rows.items] == [mine.id]
    assert services.visible_match(hubs, mine.id) == mine
    with pytest.raises(services.NotFound):
        services.visible_match(hubs, theirs.id)
    with pytest.raises(services.NotFound):
        services.visible_matches(hubs, [mine.id, theirs.id])
    everything = services.queue(None, QueueFilters(), page=1, per_page=25)
    assert {row.id for row in everything.rows.items} == {mine.id, theirs.id}


def test_the_queue_filters_sorts_counts_and_pages(app, make):
    hub = make.hub("north-east")
    skills = make.offer(make.organisation("Skills Co"), themes=["digital-skills"])
    funding = make.offer(make.organisation("Money Co"), support_type="funding")
    made = []
    for i in range(6):
        offer = skills if i % 2 else funding
        need = make.need(support_type=offer.support_type, themes=["finance"] if i == 0 else [])
        made.append(make.match(need, offer, score=0.1 * i))
    make.match(status=MatchStatus.REJECTED)
    make.match(status=MatchStatus.DEFERRED, deferred_until=TODAY)

    def ids(**filters):
        page = services.queue([hub.id], QueueFilters(**filters), page=1, per_page=25)
        return [row.id for row in page.rows.items]

    assert ids() == [m.id for m in reversed(made)]
    assert ids(sort="waiting") == [m.id for m in made]
    assert ids(support_type="funding") == [made[4].id, made[2].id, made[0].id]
    assert ids(organisation_id=skills.organisation_id) == [made[5].id, made[3].id, made[1].id]
    assert ids(theme="finance") == [made[0].id]  # the need's theme
    assert len(ids(theme="digital-skills")) == 3  # the offer's theme
    assert ids(region="london") == []
    assert len(ids(status="rejected")) == 1 and len(ids(status="deferred")) == 1
    queue = services.queue([hub.id], QueueFilters(), page=2, per_page=4)
    assert queue.counts == {"proposed": 6, "rejected": 1, "deferred": 1}
    assert [row.id for row in queue.rows.items] == [made[1].id, made[0].id]
    assert (queue.rows.page, queue.rows.pages, queue.rows.first, queue.rows.last) == (2, 2, 5, 6)
    far = services.queue([hub.id], QueueFilters(), page=99, per_page=4)
    assert far.rows.page == 2  # past the end: the last page


def test_page_numbers_leave_out_the_middle_of_long_lists():
    page = services.PageOf(items=[], page=5, per_page=25, total=10_000)
    assert page.numbers() == [1, None, 4, 5, 6, None, 400]
    assert services.PageOf([], 1, 25, 30).numbers() == [1, 2]


def test_proposal_detail_explains_the_score_ranks_the_others_and_tells_the_history(
    app, market, staff
):
    need, _ = market
    match = db.session.scalar(select(Match).where(Match.need_id == need.id, Match.rank == 1))
    other = db.session.scalar(select(Match).where(Match.need_id == need.id, Match.rank == 2))
    services.reject_match(other, reason="duplicate", note="Same as before", actor=staff)
    db.session.commit()

    detail = services.proposal_detail(match, today=uk_today())

    assert detail.explanation.eligible and detail.explanation.shared_themes
    assert detail.explanation.contributions
    assert detail.places == services.Places(capacity=5, introduced=0, waiting=1)
    statuses = {row.offer.id: row.status for row in detail.candidates}
    assert statuses[other.offer_id] == MatchStatus.REJECTED
    assert statuses[match.offer_id] == MatchStatus.PROPOSED
    *_, sales = detail.candidates
    assert sales.offer.title == "Sales masterclasses" and sales.status is None
    assert sales.why_not.startswith("It scored 0.05") and "too weak a match" in sales.why_not
    texts = [entry.text for entry in detail.history]
    assert texts[0] == "The business asked for help"
    rejected = next(text for text in texts if text.startswith("Rejected"))
    assert "Duplicate of another request" in rejected and "Same as before" in rejected
    assert any(entry.by == staff.email for entry in detail.history)


def test_staff_roles_only(app, make):
    # Partners see nothing: `visible_hub_ids` gives them no hub at all.
    from matchmaker.access import visible_hub_ids

    partner = make.user(Role.PARTNER)
    make.match()
    assert services.queue(visible_hub_ids(partner), QueueFilters(), page=1, per_page=5).counts == {}


@pytest.mark.parametrize(
    ("themes", "focus"),
    [
        (["cyber-security"], "with a focus on cyber security and resilience,"),
        (["data-ai"], "with a focus on data, analytics and AI,"),
        (
            ["data-ai", "innovation-rd"],
            "with a focus on data, analytics and AI; innovation, R&D, new products,",
        ),
        (
            ["cyber-security", "export", "marketing-sales"],
            "with a focus on cyber security and resilience; export and international trade; "
            "marketing, branding and sales,",
        ),
    ],
)
def test_the_default_note_names_the_shared_themes_as_a_sentence_would(make, themes, focus):
    business = make.business(name="Tyne Bakery")
    match = make.match(make.need(business, themes=themes), make.offer(themes=themes))
    note = services.default_note(match)
    assert f"Tyne Bakery is looking for skills and training, {focus}" in note
