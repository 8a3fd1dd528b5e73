"""The SME survey's rules: drafts, submission, e-mailed links, and the status page's actions.

Functions change the session and queue e-mails; the request that called them commits.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, bindparam, delete, exists, func, or_, select, update
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..imports import ensure_default_hubs
from ..mail.outbox import external_url, queue_email
from ..matchmaking import rank_need_now, rank_new_needs_now
from ..models import (
    AuditEvent,
    Business,
    Hub,
    Introduction,
    Match,
    MatchStatus,
    Need,
    NeedStatus,
    Offer,
    OutboxMessage,
    Outcome,
    SurveyDraft,
    record_audit,
    utcnow,
)
from ..taxonomy import SUPPORT_TYPES
from ..tokens import InvalidToken, make_token, read_token
from .journey import Journey

RESUME_PURPOSE = "survey-resume"
STATUS_PURPOSE = "survey-status"
# References are read out over the phone and typed from paper: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
ERASED = "[deleted]"
OPEN_PROPOSALS = (MatchStatus.PROPOSED, MatchStatus.DEFERRED)
# At most one "here are your links" e-mail per address in this many seconds.
LINKS_EMAIL_WINDOW = 600


class SurveyIncomplete(Exception):
    """Some pages still need answers; `step` is the first of them."""

    def __init__(self, step: str):
        super().__init__(step)
        self.step = step


class AlreadySubmitted(Exception):
    """This draft was sent before (a double click, the back button): nothing new was stored."""


class DataErased(Exception):
    """The business asked for its data to be deleted, so its links no longer work."""


# --- drafts ---------------------------------------------------------------------------


# Every survey page reads its draft: the statements are built once, so that building them
# and working out their cache keys is not repeated on every request.
_DRAFT = select(SurveyDraft).where(SurveyDraft.key == bindparam("key"))
_DRAFT_WITH_BUSINESS = _DRAFT.options(joinedload(SurveyDraft.business).joinedload(Business.hub))


def find_draft(key: str | None, *, with_business: bool = False) -> SurveyDraft | None:
    """The draft with this key; `with_business` loads the business it became, and that
    business's hub, in the same query."""
    if not key:
        return None
    return db.session.scalar(_DRAFT_WITH_BUSINESS if with_business else _DRAFT, {"key": key})


def find_hub(code: str | None) -> Hub | None:
    if not code:
        return None
    return db.session.scalar(select(Hub).where(Hub.code == code))


def journey_of(draft: SurveyDraft | None) -> Journey:
    return Journey.from_json(draft.answers if draft else None)


def save_answers(
    draft: SurveyDraft | None,
    step: str,
    answers: dict,
    *,
    valid: bool,
    hub_code: str | None = None,
    send_link: bool = False,
) -> SurveyDraft:
    """Store one page's answers, valid or not, so nothing typed is ever lost.

    Starts a draft on the first page sent. With `send_link` (Save and come back later) the
    resume link is e-mailed at once if the address is known.
    """
    if draft is None:
        draft = SurveyDraft(key=secrets.token_urlsafe(32), hub=find_hub(hub_code), answers={})
        db.session.add(draft)
    journey = journey_of(draft).with_page(step, answers, valid=valid)
    draft.answers = journey.to_json()
    draft.current_step = journey.next_step
    draft.email = journey.email or draft.email
    if send_link and draft.email:
        send_resume_link(draft)
    return draft


def delete_stale_drafts(now: datetime) -> int:
    """Delete drafts untouched for SURVEY_DRAFT_RETENTION_DAYS: answers saved and never
    submitted, and the emptied drafts of submitted surveys (kept only to catch a double
    submit). Returns how many went."""
    days = current_app.config["SURVEY_DRAFT_RETENTION_DAYS"]
    stale = delete(SurveyDraft).where(SurveyDraft.updated_at < now - timedelta(days=days))
    return db.session.execute(stale).rowcount


def _digest(value: str) -> str:
    """A short fingerprint, so dedupe keys hold neither addresses nor draft keys."""
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def resume_link(draft: SurveyDraft) -> str:
    return external_url("survey.resume", token=make_token(RESUME_PURPOSE, {"draft": draft.key}))


def send_resume_link(draft: SurveyDraft, email: str | None = None) -> None:
    """E-mail a link that continues this draft on any device (at most one a day per address)."""
    draft.email = email or draft.email
    valid_for = timedelta(seconds=current_app.config["SURVEY_RESUME_MAX_AGE"])
    queue_email(
        draft.email,
        "survey_resume",
        subject="Continue your request for help: Growth Hub Matchmaker",
        dedupe_key=f"survey-resume:{_digest(draft.key)}:{_digest(draft.email)}:{utcnow():%Y-%m-%d}",
        resume_url=resume_link(draft),
        valid_until=utcnow() + valid_for,
    )


def draft_for_resume_token(token: str) -> SurveyDraft:
    """The draft a resume link belongs to; raises InvalidToken (or ExpiredToken)."""
    data = read_token(RESUME_PURPOSE, token, current_app.config["SURVEY_RESUME_MAX_AGE"])
    draft = find_draft(data.get("draft") if isinstance(data, dict) else None)
    if draft is None:
        raise InvalidToken("These saved answers no longer exist")
    return draft


# --- submission -----------------------------------------------------------------------


def submit_survey(draft: SurveyDraft) -> Business:
    """Turn a complete draft into a business and its needs, once only, and confirm by e-mail.

    Raises AlreadySubmitted if this draft was sent before, even by a request running at the
    same moment: the draft is claimed with one conditional UPDATE, which only one can win.
    """
    journey = journey_of(draft)
    if draft.submitted_at is None and not journey.is_complete:
        raise SurveyIncomplete(journey.next_step)
    db.session.flush()
    claimed = db.session.execute(
        update(SurveyDraft)
        .where(SurveyDraft.id == draft.id, SurveyDraft.submitted_at.is_(None))
        .values(submitted_at=utcnow())
    ).rowcount
    if not claimed:
        raise AlreadySubmitted
    business = _create_business(journey, draft.hub)
    # The business now holds the answers; the draft only remembers what it became.
    draft.business, draft.answers, draft.email, draft.current_step = business, {}, None, None
    db.session.flush()
    record_audit("survey.submitted", business, needs=len(business.needs), hub=business.hub.code)
    queue_email(
        business.contact_email,
        "survey_submitted",
        subject=f"We have your request for help: reference {business.ref}",
        dedupe_key=f"survey-submitted:{business.ref}",
        business=business,
        support_types=[SUPPORT_TYPES[need.support_type] for need in business.needs],
        status_url=status_link(business),
        new_link_url=external_url("survey.new_link"),
        valid_days=current_app.config["SURVEY_STATUS_MAX_AGE"] // 86400,
    )
    rank_new_needs_now(business.needs)
    return business


def _create_business(journey: Journey, hub: Hub | None) -> Business:
    details, about = journey.answers_for("your-details"), journey.answers_for("business")
    region = journey.answer("region", "region")
    business = Business(
        ref=new_reference(),
        name=about["name"],
        contact_name=details["contact_name"],
        contact_email=details["email"],
        phone=details.get("phone") or None,
        postcode=about["postcode"],
        region=region,
        sector=journey.answer("sector", "sector"),
        size=journey.answer("employees", "size"),
        stage=journey.answer("trading", "stage"),
        # A hub's own start page sends its SMEs to it; otherwise the region decides.
        hub=hub or ensure_default_hubs()[region],
        consent_to_contact=True,
    )
    db.session.add(business)
    for number, answers in enumerate(journey.needs(), start=1):
        need = Need(
            ref=f"{business.ref}-{number}",
            business=business,
            support_type=answers.support_type,
            description=answers.description,
            status=NeedStatus.OPEN,
        )
        need.themes = answers.themes
        db.session.add(need)
    return business


def new_reference() -> str:
    """A short reference like 'K7MQ-W9TX', unused so far."""
    while True:
        ref = "-".join(
            "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(4)) for _ in range(2)
        )
        if db.session.scalar(select(Business.id).where(Business.ref == ref)) is None:
            return ref


# --- links by e-mail ------------------------------------------------------------------


def status_token(business: Business) -> str:
    return make_token(STATUS_PURPOSE, {"business": business.id})


def status_link(business: Business) -> str:
    return external_url("survey.status", token=status_token(business))


def business_for_status_token(token: str) -> Business:
    """The business a status link belongs to; raises InvalidToken, ExpiredToken, DataErased."""
    data = read_token(STATUS_PURPOSE, token, current_app.config["SURVEY_STATUS_MAX_AGE"])
    business_id = data.get("business") if isinstance(data, dict) else None
    business = db.session.get(Business, business_id) if isinstance(business_id, int) else None
    if business is None:
        raise InvalidToken("No such business")
    if business.erased_at is not None:
        raise DataErased
    return business


def send_links(email: str) -> None:
    """E-mail every status and resume link for this address; say nothing either way."""
    businesses = db.session.scalars(
        select(Business)
        .where(Business.contact_email == email, Business.erased_at.is_(None))
        .order_by(Business.id)
    ).all()
    drafts = db.session.scalars(
        select(SurveyDraft)
        .where(SurveyDraft.email == email, SurveyDraft.submitted_at.is_(None))
        .order_by(SurveyDraft.id)
    ).all()
    if not businesses and not drafts:
        return
    window = int(utcnow().timestamp()) // LINKS_EMAIL_WINDOW
    queue_email(
        email,
        "survey_links",
        subject="Your links: Growth Hub Matchmaker",
        dedupe_key=f"survey-links:{_digest(email)}:{window}",
        requests=[(business.ref, status_link(business)) for business in businesses],
        drafts=[(draft.updated_at, resume_link(draft)) for draft in drafts],
        status_days=current_app.config["SURVEY_STATUS_MAX_AGE"] // 86400,
        resume_days=current_app.config["SURVEY_RESUME_MAX_AGE"] // 86400,
    )


# --- the status page ------------------------------------------------------------------


@dataclass
class NeedState:
    """A need as its business sees it: its state in plain words and the introductions made."""

    need: Need
    label: str
    colour: str
    introductions: list[Match] = field(default_factory=list)
    title: str = ""  # the kind of help, numbered when the business asked for it more than once

    @property
    def can_change(self) -> bool:
        return self.need.status == NeedStatus.OPEN


def need_states(business: Business) -> list[NeedState]:
    needs = db.session.scalars(
        select(Need)
        .where(Need.business_id == business.id)
        .options(
            selectinload(Need.matches).selectinload(Match.offer).selectinload(Offer.organisation),
            selectinload(Need.matches).selectinload(Match.introduction),
        )
        .order_by(Need.id)
    ).all()
    states = [_state_of(need) for need in needs]
    # A business can hold several needs of one kind (a hub's CSV import allows it). Their
    # cards, and the "Change" and "Withdraw" links that screen readers name after a card,
    # must not read alike while leading to different needs.
    kinds = Counter(need.support_type for need in needs)
    seen: Counter[str] = Counter()
    for state in states:
        kind = state.need.support_type
        seen[kind] += 1
        state.title = SUPPORT_TYPES[kind]
        if kinds[kind] > 1:
            state.title += f" (request {seen[kind]} of {kinds[kind]})"
    return states


def _state_of(need: Need) -> NeedState:
    introduced = [
        match
        for match in need.matches
        if match.status == MatchStatus.APPROVED and match.introduction is not None
    ]
    if need.status == NeedStatus.WITHDRAWN:
        return NeedState(need, "Withdrawn", "grey", introduced)
    if need.status == NeedStatus.CLOSED:
        return NeedState(need, "Closed", "grey", introduced)
    if introduced:
        names = " and ".join(match.offer.organisation.name for match in introduced)
        return NeedState(need, f"Introduced to {names}", "green", introduced)
    if any(match.status in OPEN_PROPOSALS for match in need.matches):
        return NeedState(need, "Being reviewed", "blue")
    return NeedState(need, "Received", "light-blue")


def find_need(business: Business, ref: str) -> Need | None:
    """One of this business's needs, whatever its status (None for anyone else's)."""
    return db.session.scalar(select(Need).where(Need.business_id == business.id, Need.ref == ref))


def update_need_description(need: Need, description: str) -> None:
    if description == need.description:
        return
    need.description = description
    record_audit("need.description_updated", need, by="business")
    rank_need_now(need)


def withdraw_need(need: Need, *, by: str = "business") -> None:
    """The business no longer wants this help (or, `by` "retention", its data has been kept
    as long as the privacy notice allows): its proposals leave the coordinators' queue."""
    need.status = NeedStatus.WITHDRAWN
    withdrawn = 0
    for match in need.matches:
        if match.status in OPEN_PROPOSALS:
            match.status = MatchStatus.WITHDRAWN
            withdrawn += 1
    record_audit("need.withdrawn", need, by=by, proposals_withdrawn=withdrawn)


def erase_business(business: Business, *, by: str = "business") -> None:
    """Delete a business's personal data everywhere; keep the anonymous rows for statistics.

    Names, contact details and descriptions are blanked, the needs withdrawn, notes about
    the business cleared, its drafts and every e-mail to or about its address deleted, and
    audit details that mention any of it redacted.
    """
    email = business.contact_email
    needs = list(business.needs)
    matches = [match for need in needs for match in need.matches]
    introductions = [match.introduction for match in matches if match.introduction]
    personal = [
        value.lower()
        for value in (
            business.name,
            business.contact_name,
            email,
            business.phone,
            business.postcode,
            *(need.description for need in needs),
        )
        if value
    ]
    drafts = db.session.scalars(
        select(SurveyDraft).where(
            or_(SurveyDraft.business_id == business.id, SurveyDraft.email == email)
        )
    ).all()
    _redact_audit_details(
        personal,
        {
            "Business": [business.id],
            "Need": [need.id for need in needs],
            "Match": [match.id for match in matches],
            "Introduction": [intro.id for intro in introductions],
            "SurveyDraft": [draft.id for draft in drafts],
        },
    )
    for need in needs:
        if need.status == NeedStatus.OPEN:
            withdraw_need(need, by=by)
        need.description = ERASED
    for match in matches:
        match.reasons, match.decision_note = "", None
    for intro in introductions:
        intro.note = ""
        for outcome in intro.outcomes:
            outcome.comment = None
    business.name = business.contact_name = ERASED
    business.contact_email, business.phone, business.postcode = "", None, None
    business.consent_to_contact = False
    business.erased_at = utcnow()
    for draft in drafts:
        db.session.delete(draft)
    db.session.execute(
        delete(OutboxMessage).where(
            or_(
                func.lower(OutboxMessage.recipient) == email,
                OutboxMessage.text_body.contains(email, autoescape=True),
            )
        )
    )
    record_audit("business.erased", business, needs=len(needs))


def idle_business_ids(now: datetime, limit: int) -> list[int]:
    """Up to `limit` businesses, lowest id first, with nothing done by or about them for
    PERSONAL_DATA_RETENTION_DAYS and not erased yet.

    On PostgreSQL their rows stay locked until the caller commits, and a worker asking at
    the same moment skips them and takes the next ones, instead of waiting to find them
    erased.
    """
    idle = (
        select(Business.id)
        .where(Business.erased_at.is_(None), _idle_since(_retention_cutoff(now)))
        .order_by(Business.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(db.session.scalars(idle))


def erase_idle_business(business_id: int, now: datetime) -> bool:
    """Erase the business if it is still idle and not erased yet; False if it was not.

    The row is claimed with one conditional UPDATE before anything is read: a second
    worker's claim, wherever its id came from, waits for this transaction (PostgreSQL's
    row lock; SQLite's single writer) and then finds the business erased, so it is erased
    once.
    """
    claimed = db.session.execute(
        update(Business)
        .where(
            Business.id == business_id,
            Business.erased_at.is_(None),
            _idle_since(_retention_cutoff(now)),
        )
        .values(erased_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        return False
    business = db.session.get(Business, business_id)
    erase_business(business, by="retention")
    # Nobody asked for this erasure, so the audit says why it happened.
    record_audit(
        "business.erased_when_idle",
        business,
        retention_days=current_app.config["PERSONAL_DATA_RETENTION_DAYS"],
    )
    return True


def _retention_cutoff(now: datetime) -> datetime:
    return now - timedelta(days=current_app.config["PERSONAL_DATA_RETENTION_DAYS"])


def _idle_since(cutoff: datetime):
    """A condition on Business: since `cutoff` it was not created, none of its needs was
    created or changed, no proposal for them was decided (approved, rejected or deferred)
    and no outcome or follow-up answer was recorded about their introductions."""
    its_needs = Need.business_id == Business.id
    its_matches = and_(its_needs, Match.need_id == Need.id)
    its_outcomes = and_(
        its_matches, Introduction.match_id == Match.id, Outcome.introduction_id == Introduction.id
    )
    return and_(
        Business.created_at < cutoff,
        ~exists().where(its_needs, or_(Need.created_at >= cutoff, Need.updated_at >= cutoff)),
        ~exists().where(its_matches, Match.decided_at >= cutoff),
        ~exists().where(its_outcomes, Outcome.created_at >= cutoff),
    )


def _redact_audit_details(personal: list[str], subjects: dict[str, list[int]]) -> None:
    conditions = [
        and_(AuditEvent.subject_type == kind, AuditEvent.subject_id.in_(ids))
        for kind, ids in subjects.items()
        if ids
    ]
    for event in db.session.scalars(select(AuditEvent).where(or_(*conditions))):
        event.details = _redact(event.details, personal)


def _redact(value, personal: list[str]):
    if isinstance(value, str):
        return ERASED if any(text in value.lower() for text in personal) else value
    if isinstance(value, dict):
        return {key: _redact(item, personal) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact(item, personal) for item in value]
    return value
