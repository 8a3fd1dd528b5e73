"""Decisions taken at the same moment, each in its own thread, connection and transaction.

50 coordinators approve 50 different proposals for one offer with 5 places: exactly 5 are
approved (PostgreSQL: the offer's row lock; SQLite: one writer at a time). 10 answers to
one follow-up link: one is kept."""

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.models import Introduction, Match, MatchStatus, OutboxMessage, Outcome, User
from matchmaker.review import services

RACERS = 50
CAPACITY = 5


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_50_simultaneous_approvals_against_an_offer_with_5_places_approve_exactly_5(
    app, make, coordinator, database_url
):
    offer = make.offer(title="Scarce mentoring", capacity=CAPACITY)
    match_ids = [make.match(offer=offer).id for _ in range(RACERS)]
    actor_id = coordinator.id

    # A second app on the same database with a connection for every thread, so that all
    # 50 transactions really are open at once.
    options = {"pool_size": RACERS, "max_overflow": 0}
    if make_url(database_url).get_backend_name() == "sqlite":
        options["connect_args"] = {"timeout": 60}  # writers queue for the lock
    racers = create_app(
        "test", SQLALCHEMY_DATABASE_URI=database_url, SQLALCHEMY_ENGINE_OPTIONS=options
    )
    start = threading.Barrier(RACERS, timeout=60)

    def approve(match_id: int) -> str:
        with racers.test_request_context():
            match = db.session.get(Match, match_id)
            actor = db.session.get(User, actor_id)
            db.session.connection()  # check a connection out before the start
            start.wait()
            try:
                services.approve_match(match, note="Hello both", actor=actor)
                db.session.commit()
                return "approved"
            except services.CapacityFull:
                db.session.rollback()
                return "full"
            finally:
                db.session.remove()

    try:
        with ThreadPoolExecutor(RACERS) as pool:
            results = list(pool.map(approve, match_ids))
    finally:
        with racers.app_context():
            db.engine.dispose()

    assert results.count("approved") == CAPACITY
    assert results.count("full") == RACERS - CAPACITY
    db.session.expire_all()
    assert count(Match, Match.status == MatchStatus.APPROVED) == CAPACITY
    assert count(Introduction) == CAPACITY
    assert count(OutboxMessage) == 2 * CAPACITY


def test_10_simultaneous_answers_to_one_follow_up_link_keep_one(
    app, make, coordinator, database_url
):
    match = make.match()
    introduction = services.approve_match(match, note="Hello both", actor=coordinator)
    db.session.commit()
    introduction_id = introduction.id
    racers_count = 10
    options = {"pool_size": racers_count, "max_overflow": 0}
    if make_url(database_url).get_backend_name() == "sqlite":
        options["connect_args"] = {"timeout": 60}
    racers = create_app(
        "test", SQLALCHEMY_DATABASE_URI=database_url, SQLALCHEMY_ENGINE_OPTIONS=options
    )
    start = threading.Barrier(racers_count, timeout=60)

    def answer(result: str) -> None:
        with racers.test_request_context():
            introduction = db.session.get(Introduction, introduction_id)
            db.session.connection()
            start.wait()
            try:
                services.answer_follow_up(introduction, "sme", result=result, comment=None)
                db.session.commit()
            finally:
                db.session.remove()

    try:
        with ThreadPoolExecutor(racers_count) as pool:
            list(pool.map(answer, ["met", "no-response"] * (racers_count // 2)))
    finally:
        with racers.app_context():
            db.engine.dispose()

    db.session.expire_all()
    assert count(Outcome, Outcome.introduction_id == introduction_id) == 1
