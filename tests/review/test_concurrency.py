"""Decisions taken at the same moment, each in its own thread, connection and transaction.

50 coordinators approve 50 different proposals for one offer with 5 places: exactly 5 are
approved (PostgreSQL: the offer's row lock; SQLite: one writer at a time). 10 answers to
one follow-up link: one is kept."""

from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import Introduction, Match, MatchStatus, OutboxMessage, Outcome, User
from matchmaker.review import services

RACERS = 50
CAPACITY = 5


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_50_simultaneous_approvals_against_an_offer_with_5_places_approve_exactly_5(
    app, make, coordinator, race
):
    offer = make.offer(title="Scarce mentoring", capacity=CAPACITY)
    match_ids = [make.match(offer=offer).id for _ in range(RACERS)]
    actor_id = coordinator.id

    def approve(match_id: int) -> str:
        match = db.session.get(Match, match_id)
        actor = db.session.get(User, actor_id)
        try:
            services.approve_match(match, note="Hello both", actor=actor)
            db.session.commit()
            return "approved"
        except (services.CapacityFull, services.AlreadyDecided):
            # Full, or withdrawn by an approval before it: the offer kept only as many
            # proposals as its places left allow.
            db.session.rollback()
            return "refused"

    results = race(approve, match_ids)

    assert results.count("approved") == CAPACITY
    assert results.count("refused") == RACERS - CAPACITY
    db.session.expire_all()
    assert count(Match, Match.status == MatchStatus.APPROVED) == CAPACITY
    assert count(Introduction) == CAPACITY
    assert count(OutboxMessage) == 2 * CAPACITY


def test_10_simultaneous_answers_to_one_follow_up_link_keep_one(app, make, coordinator, race):
    match = make.match()
    introduction = services.approve_match(match, note="Hello both", actor=coordinator)
    db.session.commit()
    introduction_id = introduction.id

    def answer(result: str) -> None:
        introduction = db.session.get(Introduction, introduction_id)
        services.answer_follow_up(introduction, "sme", result=result, comment=None)
        db.session.commit()

    race(answer, ["met", "no-response"] * 5)

    db.session.expire_all()
    assert count(Outcome, Outcome.introduction_id == introduction_id) == 1
