"""The same survey sent several times at the same moment (a double click, two tabs), each
request in its own thread, connection and transaction: one business is stored."""

from sqlalchemy import func, select

from matchmaker.extensions import db
from matchmaker.models import Business, Need, OutboxMessage, SurveyDraft
from matchmaker.survey import services


def test_a_survey_sent_10_times_at_once_is_stored_once(survey, race):
    survey.complete()
    draft_id = db.session.scalar(select(SurveyDraft.id))

    def send(_) -> str:
        draft = db.session.get(SurveyDraft, draft_id)
        try:
            business = services.submit_survey(draft)
            db.session.commit()
            return business.ref
        except services.AlreadySubmitted:
            db.session.rollback()
            return "already"

    results = race(send, range(10))

    [ref] = [result for result in results if result != "already"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Business.id))) == 1
    assert db.session.scalar(select(func.count(Need.id))) == 2
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1
    draft = db.session.get(SurveyDraft, draft_id)
    assert draft.business.ref == ref and draft.answers == {} and draft.submitted_at
