"""The survey's rules, called directly: one submission per draft, and erasure everywhere."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.extensions import db
from matchmaker.mail.outbox import queue_email
from matchmaker.models import (
    AuditEvent,
    Business,
    Introduction,
    Match,
    MatchStatus,
    NeedStatus,
    OutboxMessage,
    Outcome,
    SurveyDraft,
    record_audit,
)
from matchmaker.survey import services
from matchmaker.survey.journey import Journey

from .conftest import ANSWERS, STEPS


@pytest.fixture
def draft(app) -> SurveyDraft:
    """A complete draft, as if every page had been answered."""
    draft = None
    for step in STEPS:
        draft = services.save_answers(draft, step, ANSWERS[step], valid=True)
    db.session.commit()
    return draft


def test_a_draft_can_only_become_one_business(app, draft):
    with app.test_request_context():
        business = services.submit_survey(draft)
        db.session.commit()
        with pytest.raises(services.AlreadySubmitted):
            services.submit_survey(draft)
    assert db.session.scalar(select(func.count(Business.id))) == 1
    assert draft.business == business


def test_a_request_that_read_the_draft_before_another_sent_it_stores_nothing(app, draft):
    """Two requests at once: this one loaded the draft, then the other one sent it."""
    assert draft.submitted_at is None  # loaded, and unsent as far as this request knows
    with Session(db.engine) as other_request:
        other_request.get(SurveyDraft, draft.id).submitted_at = services.utcnow()
        other_request.commit()
    with app.test_request_context(), pytest.raises(services.AlreadySubmitted):
        services.submit_survey(draft)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Business.id))) == 0


def test_an_incomplete_draft_cannot_be_sent(app):
    draft = services.save_answers(None, "your-details", ANSWERS["your-details"], valid=True)
    with pytest.raises(services.SurveyIncomplete) as raised:
        services.submit_survey(draft)
    assert raised.value.step == "business"


def test_references_avoid_characters_people_confuse(app):
    references = {services.new_reference() for _ in range(200)}
    assert len(references) == 200
    assert not set("".join(references)) & set("0O1IL5S2Z8B")


def test_a_business_hub_comes_from_its_region_unless_a_hub_was_chosen(app, make):
    wales = make.hub("wales")
    draft = None
    for step in STEPS:
        draft = services.save_answers(draft, step, ANSWERS[step], valid=True, hub_code="wales")
    with app.test_request_context():
        assert services.submit_survey(draft).hub == wales


def _everything_stored() -> str:
    """Every value in every table, as text (case folded)."""
    rows = []
    for table in db.metadata.sorted_tables:
        rows += [repr(tuple(row)) for row in db.session.execute(select(table))]
    return "\n".join(rows).lower()


def test_deleting_my_data_leaves_no_personal_data_in_any_table(app, draft, make):
    with app.test_request_context():
        business = services.submit_survey(draft)
        db.session.commit()
        # A second draft started later with the same address, saved and e-mailed.
        later = services.save_answers(
            None, "your-details", ANSWERS["your-details"], valid=True, send_link=True
        )
        # An approved introduction, with notes, an outcome and the e-mail to the partner.
        offers = [make.offer(), make.offer()]
        match = Match(
            need=business.needs[0],
            offer=offers[0],
            status=MatchStatus.APPROVED,
            score=0.9,
            model_version="test",
            reasons="Shared terms: bakers, stock control",
            decision_note="Sam Owner at Tyne Bakery is keen",
        )
        proposal = Match(need=business.needs[1], offer=offers[1], score=0.5, model_version="test")
        introduction = Introduction(match=match, note="Dear Sam Owner, meet Northwind")
        db.session.add_all([match, proposal, introduction])
        db.session.add(
            Outcome(introduction=introduction, reported_by="sme", result="met", comment="Sam here")
        )
        db.session.flush()
        queue_email(
            "partner@example.com",
            "survey_resume",
            subject="Introduction",
            dedupe_key="intro-partner",
            resume_url="mailto:sam@tyne-bakery.example (Sam Owner, 0191 498 0000)",
            valid_until=services.utcnow(),
        )
        record_audit("match.approved", match, note="Sam Owner of Tyne Bakery, NE1 4ST")
        # Someone else's data must stay.
        other = make.business(
            name="Wear Joinery", contact_name="Jo Joiner", contact_email="jo@wear.example"
        )
        queue_email(
            other.contact_email,
            "survey_resume",
            subject="Other",
            dedupe_key="other",
            resume_url="https://example.com",
            valid_until=services.utcnow(),
        )
        db.session.commit()
        assert later.email == business.contact_email
        assert "tyne bakery" in _everything_stored()

        services.erase_business(business)
        db.session.commit()

    stored = _everything_stored()
    personal = [
        "Sam Owner", "Tyne Bakery", "sam@tyne-bakery.example", "0191 498 0000", "NE1 4ST",
        "stock control", "second oven", "Dear Sam", "Sam here", "keen",
    ]  # fmt: skip
    for value in personal:
        assert value.lower() not in stored, value
    # Anonymous counts still add up: the rows stay, marked as erased.
    db.session.expire_all()
    assert business.erased_at is not None and not business.consent_to_contact
    assert (business.region, business.sector, business.size) == ("north-east", "I", "micro")
    assert [need.status for need in business.needs] == [NeedStatus.WITHDRAWN] * 2
    assert business.needs[0].themes == ["digital-skills"]
    assert proposal.status == MatchStatus.WITHDRAWN and match.status == MatchStatus.APPROVED
    assert db.session.scalar(select(func.count(SurveyDraft.id))) == 0
    assert db.session.scalar(select(OutboxMessage.recipient)) == "jo@wear.example"
    assert "wear joinery" in stored
    erased = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "business.erased"))
    assert erased.details == {"needs": 2}
    with app.test_request_context(), pytest.raises(services.DataErased):
        services.business_for_status_token(services.status_token(business))


def test_withdrawing_a_need_leaves_decided_matches_alone(app, make):
    need = make.need()
    offers = {status: make.offer() for status in MatchStatus}
    decided = {
        status: Match(need=need, offer=offer, status=status, score=1, model_version="t")
        for status, offer in offers.items()
    }
    db.session.add_all(decided.values())
    services.withdraw_need(need)
    assert need.status == NeedStatus.WITHDRAWN
    assert {status: match.status for status, match in decided.items()} == {
        MatchStatus.PROPOSED: MatchStatus.WITHDRAWN,
        MatchStatus.DEFERRED: MatchStatus.WITHDRAWN,
        MatchStatus.APPROVED: MatchStatus.APPROVED,
        MatchStatus.REJECTED: MatchStatus.REJECTED,
        MatchStatus.WITHDRAWN: MatchStatus.WITHDRAWN,
    }


def test_saving_keeps_the_email_address_only_once_it_is_valid(app):
    draft = services.save_answers(
        None, "your-details", {**ANSWERS["your-details"], "email": "nope"}, valid=False
    )
    assert draft.email is None
    assert Journey.from_json(draft.answers).answer("your-details", "email") == "nope"
    draft = services.save_answers(draft, "your-details", ANSWERS["your-details"], valid=True)
    assert draft.email == "sam@tyne-bakery.example"


def test_a_submitted_need_is_ranked_at_once_and_an_updated_one_again(app, draft, make):
    from matchmaker.matchmaking import rebuild_all

    make.offer(
        title="Stock control software training",
        description="Training for bakery and shop staff on stock control software and tills.",
        themes=["digital-skills"],
    )
    make.need(
        description="Staff need training on our new stock control software.",
        themes=["digital-skills"],
    )
    rebuild_all()
    db.session.commit()

    business = services.submit_survey(draft)
    db.session.commit()
    skills = next(need for need in business.needs if need.support_type == "skills")
    proposed = [m for m in skills.matches if m.status == MatchStatus.PROPOSED]
    assert [m.offer.title for m in proposed] == ["Stock control software training"]

    services.update_need_description(skills, "We want to sell our bread abroad.")
    db.session.commit()
    db.session.refresh(skills)
    assert [m for m in skills.matches if m.status == MatchStatus.PROPOSED] == []
