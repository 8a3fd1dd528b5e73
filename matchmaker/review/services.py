"""The review queue's rules: what a coordinator may see, and what their decisions do.

Every function that finds proposals or introductions takes `hub_ids`, the hubs the user
may see (`access.visible_hub_ids`; None means every hub), and never returns another
hub's rows: an id from elsewhere is `NotFound`, exactly like an id that does not exist.

A decision is a conditional UPDATE on the match's status, so a double click, or two
coordinators deciding at once, changes it once. An approval first takes the offer's row
lock (PostgreSQL; SQLite lets one writer in at a time) and only succeeds while the
offer's introductions are fewer than its capacity, so capacity is never exceeded.
Functions change the session and record audit events; the caller commits or rolls back.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from flask import current_app, render_template
from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import aliased, joinedload

from .. import taxonomy
from ..extensions import db
from ..mail.outbox import external_url, queue_email
from ..matching import Explanation, explain, rank_need, why_not
from ..matchmaking import (
    approved_counts,
    model_cache,
    need_record,
    rank_need_now,
    release_surplus_proposals,
)
from ..models import (
    AuditEvent,
    Business,
    Hub,
    Introduction,
    Match,
    MatchStatus,
    Need,
    NeedTheme,
    Offer,
    OfferCriterion,
    OfferStatus,
    Organisation,
    OutboxMessage,
    Outcome,
    OutcomeResult,
    RejectReason,
    User,
    record_audit,
    utcnow,
)
from ..templating import format_date, mid_sentence
from ..tokens import InvalidToken, make_token, read_token
from .forms import OUTCOME_LABELS, REJECT_REASONS

# Proposals still waiting for a decision: a deferred one can be decided at any time.
PENDING = (MatchStatus.PROPOSED, MatchStatus.DEFERRED)
SIDES = ("sme", "partner")
FOLLOW_UP_PURPOSE = "follow-up"
CANDIDATES_SHOWN = 8
JOB_BATCH = 500

ORDERS = {
    "score": (Match.score.desc(), Match.id.desc()),
    "waiting": (Match.created_at.asc(), Match.id.asc()),
}
ALREADY = {
    MatchStatus.APPROVED: "This proposal was already approved: the introduction has been made.",
    MatchStatus.REJECTED: "This proposal was already rejected.",
    MatchStatus.WITHDRAWN: (
        "This proposal was withdrawn: the business withdrew its request, the offer was "
        "paused or closed, or its places filled up and it was kept for requests it fits "
        "better."
    ),
}


# --- errors -------------------------------------------------------------------------------


class NotFound(LookupError):
    """No such proposal or introduction, or not one of the user's hubs."""


class DecisionRefused(ValueError):
    """The decision cannot be made; `message` tells the coordinator why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AlreadyDecided(DecisionRefused):
    def __init__(self, match: Match):
        super().__init__(ALREADY.get(match.status, "This proposal was already decided."))
        self.status = match.status


class CapacityFull(DecisionRefused):
    """The offer has as many introductions as its capacity."""


class CannotIntroduce(DecisionRefused):
    """The business or the offer can no longer be introduced."""


class InvalidDeferral(DecisionRefused):
    """The date to defer to is not one the queue accepts."""


# --- finding what the user may see ----------------------------------------------------------


def _scoped(query, hub_ids: Sequence[int] | None):
    return query if hub_ids is None else query.where(Business.hub_id.in_(hub_ids))


def _visible_matches(hub_ids):
    return _scoped(select(Match).join(Match.need).join(Need.business), hub_ids)


def _one(query):
    row = db.session.scalar(query.limit(1))
    if row is None:
        raise NotFound()
    return row


def visible_match(hub_ids: Sequence[int] | None, match_id: int) -> Match:
    return _one(_visible_matches(hub_ids).where(Match.id == match_id))


def visible_matches(hub_ids: Sequence[int] | None, match_ids: Iterable[int]) -> list[Match]:
    """Every one of `match_ids`, best first; NotFound if any is missing or another hub's,
    so that a bulk action naming a foreign id does nothing at all."""
    wanted = set(match_ids)
    if not wanted:
        return []
    query = _visible_matches(hub_ids).where(Match.id.in_(wanted)).order_by(*ORDERS["score"])
    matches = db.session.scalars(query).all()
    if len(matches) != len(wanted):
        raise NotFound()
    return list(matches)


def visible_introduction(hub_ids: Sequence[int] | None, introduction_id: int) -> Introduction:
    query = _scoped(
        select(Introduction).join(Introduction.match).join(Match.need).join(Need.business),
        hub_ids,
    )
    return _one(query.where(Introduction.id == introduction_id))


def all_hubs() -> list[Hub]:
    return list(db.session.scalars(select(Hub).order_by(Hub.name)))


def partner_choices() -> list[tuple[int, str]]:
    """Organisations that have offers, for the queue's partner filter."""
    query = (
        select(Organisation.id, Organisation.name)
        .where(exists().where(Offer.organisation_id == Organisation.id))
        .order_by(Organisation.name)
    )
    return [(row.id, row.name) for row in db.session.execute(query)]


# --- the queue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    hub_id: int | None = None
    support_type: str | None = None
    theme: str | None = None
    region: str | None = None
    organisation_id: int | None = None
    status: str = MatchStatus.PROPOSED.value
    sort: str = "score"

    @property
    def active(self) -> bool:
        return any((self.hub_id, self.support_type, self.theme, self.region, self.organisation_id))


@dataclass(frozen=True)
class PageOf:
    """One page of a list whose total is known."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(math.ceil(self.total / self.per_page), 1)

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1 if self.items else 0

    def numbers(self) -> list[int | None]:
        """Page numbers for the pagination links; None where some are left out."""
        shown = sorted(
            {1, self.page - 1, self.page, self.page + 1, self.pages} & set(range(1, self.pages + 1))
        )
        numbers: list[int | None] = []
        for number in shown:
            if numbers and number - numbers[-1] > 1:
                numbers.append(None)
            numbers.append(number)
        return numbers


@dataclass(frozen=True)
class QueueRow:
    id: int
    status: str
    score: float
    rank: int
    waiting_since: datetime
    deferred_until: date | None
    decided_at: datetime | None
    business_name: str
    region: str
    hub_name: str
    support_type: str
    description: str
    offer_id: int
    offer_title: str
    organisation: str
    places_left: int
    introduction_id: int | None

    @property
    def pending(self) -> bool:
        return self.status in PENDING


@dataclass(frozen=True)
class Queue:
    filters: QueueFilters
    rows: PageOf
    counts: dict[str, int]


QUEUE_COLUMNS = (
    Match.id, Match.status, Match.score, Match.rank, Match.created_at, Match.deferred_until,
    Match.decided_at, Match.offer_id, Business.name.label("business_name"), Business.region,
    Hub.name.label("hub_name"), Need.support_type, Need.description,
    Offer.title.label("offer_title"), Offer.capacity, Organisation.name.label("organisation"),
    Introduction.id.label("introduction_id"),
)  # fmt: skip


def _joined(query, *, need: bool = True, offer: bool = True):
    """`query` over matches, joined to their need and business, and their offer."""
    query = query.select_from(Match)
    if need:
        query = query.join(Need, Match.need_id == Need.id).join(
            Business, Need.business_id == Business.id
        )
    if offer:
        query = query.join(Offer, Match.offer_id == Offer.id)
    return query


def _conditions(hub_ids: Sequence[int] | None, filters: QueueFilters) -> list:
    conditions = []
    if hub_ids is not None:
        conditions.append(Business.hub_id.in_(hub_ids))
    if filters.hub_id is not None:
        conditions.append(Business.hub_id == filters.hub_id)
    if filters.support_type:
        conditions.append(Need.support_type == filters.support_type)
    if filters.region:
        conditions.append(Business.region == filters.region)
    if filters.organisation_id is not None:
        conditions.append(Offer.organisation_id == filters.organisation_id)
    if filters.theme:
        conditions.append(
            or_(
                exists().where(
                    NeedTheme.need_id == Match.need_id, NeedTheme.theme == filters.theme
                ),
                exists().where(
                    OfferCriterion.offer_id == Match.offer_id,
                    OfferCriterion.kind == "theme",
                    OfferCriterion.code == filters.theme,
                ),
            )
        )
    return conditions


def queue(
    hub_ids: Sequence[int] | None, filters: QueueFilters, *, page: int, per_page: int
) -> Queue:
    """One page of the proposals the user may see, filtered and sorted, with counts per status.

    Four small queries whatever the size of the queue: the counts per status, the ids of
    one page (LIMIT and OFFSET over the index on status and score), those rows' details,
    and the used places of the offers shown.
    """
    conditions = _conditions(hub_ids, filters)
    # Counting joins only the tables the filters need: an admin's unfiltered counts read
    # nothing but the index on status.
    counting_needs = any(
        (hub_ids is not None, filters.hub_id, filters.support_type, filters.region)
    )
    counting = _joined(
        select(Match.status, func.count()),
        need=counting_needs,
        offer=filters.organisation_id is not None,
    )
    counts = {
        str(status): count
        for status, count in db.session.execute(counting.where(*conditions).group_by(Match.status))
    }
    total = counts.get(filters.status, 0)
    page = min(max(page, 1), max(math.ceil(total / per_page), 1))
    # The page's ids first, sorting nothing wider than the columns the order needs; then
    # the details of those rows only. Deep pages stay cheap.
    narrow = _joined(
        select(Match.id),
        need=counting_needs,
        offer=filters.organisation_id is not None,
    )
    page_ids = list(
        db.session.scalars(
            narrow.where(*conditions, Match.status == filters.status)
            .order_by(*ORDERS.get(filters.sort, ORDERS["score"]))
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    details = {
        row.id: row
        for row in db.session.execute(
            _joined(select(*QUEUE_COLUMNS))
            .join(Organisation, Offer.organisation_id == Organisation.id)
            .join(Hub, Business.hub_id == Hub.id)
            .outerjoin(Introduction, Introduction.match_id == Match.id)
            .where(Match.id.in_(page_ids))
        )
    }
    results = [details[match_id] for match_id in page_ids]
    used = approved_counts({row.offer_id for row in results}) if results else {}
    rows = [
        QueueRow(
            id=row.id, status=row.status, score=row.score, rank=row.rank,
            waiting_since=row.created_at, deferred_until=row.deferred_until,
            decided_at=row.decided_at, business_name=row.business_name, region=row.region,
            hub_name=row.hub_name, support_type=row.support_type, description=row.description,
            offer_id=row.offer_id, offer_title=row.offer_title, organisation=row.organisation,
            places_left=max(row.capacity - used.get(row.offer_id, 0), 0),
            introduction_id=row.introduction_id,
        )
        for row in results
    ]  # fmt: skip
    return Queue(filters, PageOf(rows, page, per_page, total), counts)


# --- one proposal in detail -----------------------------------------------------------------


@dataclass(frozen=True)
class Places:
    capacity: int
    introduced: int
    waiting: int  # proposals for the offer waiting for a decision, this one included

    @property
    def left(self) -> int:
        return max(self.capacity - self.introduced, 0)


def offer_places(offer: Offer) -> Places:
    counts = dict(
        db.session.execute(
            select(Match.status, func.count())
            .where(Match.offer_id == offer.id, Match.status.in_([MatchStatus.APPROVED, *PENDING]))
            .group_by(Match.status)
        ).all()
    )
    waiting = sum(counts.get(status, 0) for status in PENDING)
    return Places(offer.capacity, counts.get(MatchStatus.APPROVED, 0), waiting)


@dataclass(frozen=True)
class CandidateRow:
    """Another offer the engine ranks for the same need, and where it stands."""

    rank: int
    offer: Offer
    score: float
    places_left: int
    status: str | None  # the review state of the pair, None if it was never proposed
    match_id: int | None
    why_not: str | None  # for an offer that is not proposed: why


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    text: str
    by: str | None = None


@dataclass(frozen=True)
class ProposalDetail:
    match: Match
    places: Places
    explanation: Explanation | None  # None until a model is fitted
    candidates: list[CandidateRow]
    history: list[HistoryEntry]
    model_version: str | None


def proposal_detail(match: Match, *, today: date) -> ProposalDetail:
    """Everything a coordinator checks before deciding on `match`."""
    need = match.need
    model, index = model_cache.current()
    explanation, candidates = None, []
    places = offer_places(match.offer)
    if model is not None:
        record = need_record(need)
        position = index.position_of.get(match.offer_id)
        if position is not None:
            # The cached index leaves capacity out: put in what is left now.
            offer = replace(index.offers[position], remaining_capacity=places.left)
            explanation = explain(model, record, offer, today=today)
        candidates = _candidates(model, index, record, need, today=today)
    return ProposalDetail(
        match=match,
        places=places,
        explanation=explanation,
        candidates=candidates,
        history=need_history(need),
        model_version=model.version if model is not None else None,
    )


def _candidates(model, index, record, need: Need, *, today: date) -> list[CandidateRow]:
    ranked = rank_need(model, record, index, today=today, limit=CANDIDATES_SHOWN)
    used = approved_counts([c.offer_id for c in ranked])
    offers = {
        offer.id: offer
        for offer in db.session.scalars(
            select(Offer)
            .options(joinedload(Offer.organisation))
            .where(Offer.id.in_([c.offer_id for c in ranked]))
        )
    }
    pairs = {
        row.offer_id: row
        for row in db.session.execute(
            select(Match.id, Match.offer_id, Match.status).where(Match.need_id == need.id)
        )
    }
    per_need = current_app.config["PROPOSALS_PER_NEED"]
    rows = []
    for rank, candidate in enumerate(ranked, start=1):
        pair = pairs.get(candidate.offer_id)
        reason = None
        if pair is None or pair.status == MatchStatus.WITHDRAWN:
            offer_record = index.offers[index.position_of[candidate.offer_id]]
            reason = why_not(model, record, offer_record, index, today=today, per_need=per_need)
        offer = offers[candidate.offer_id]
        rows.append(
            CandidateRow(
                rank=rank,
                offer=offer,
                score=candidate.score,
                places_left=max(offer.capacity - used.get(offer.id, 0), 0),
                status=pair.status if pair else None,
                match_id=pair.id if pair else None,
                why_not=reason,
            )
        )
    return rows


HISTORY_TEXT = {
    "match.approved": "Approved: introduced to {offer}",
    "match.rejected": "Rejected {offer}: {reason}",
    "match.deferred": "Deferred {offer} until {until}",
    "match.deferral_ended": "{offer} came back to the queue after a deferral",
    "need.withdrawn": "The business withdrew this request",
    "need.description_updated": "The business changed its description of the need",
}
# Nobody withdrew it: the privacy notice's time limit ran out.
RETENTION_WITHDRAWAL_TEXT = (
    "Closed: the business's details were deleted after 2 years without activity"
)


def need_history(need: Need) -> list[HistoryEntry]:
    """What happened to the need, oldest first: proposals made and every decision."""
    matches = db.session.scalars(
        select(Match).options(joinedload(Match.offer)).where(Match.need_id == need.id)
    ).all()
    titles = {match.id: match.offer.title for match in matches}
    entries = [HistoryEntry(need.created_at, "The business asked for help")]
    entries += [
        HistoryEntry(match.created_at, f"Proposed {match.offer.title} (score {match.score:.2f})")
        for match in matches
    ]
    events = db.session.scalars(
        select(AuditEvent)
        .options(joinedload(AuditEvent.actor))
        .where(
            or_(
                and_(AuditEvent.subject_type == "Match", AuditEvent.subject_id.in_(titles)),
                and_(AuditEvent.subject_type == "Need", AuditEvent.subject_id == need.id),
            )
        )
    )
    for event in events:
        template = HISTORY_TEXT.get(event.action)
        if template is None:
            continue
        details = event.details or {}
        if event.action == "need.withdrawn" and details.get("by") == "retention":
            template = RETENTION_WITHDRAWAL_TEXT
        text = template.format(
            offer=titles.get(event.subject_id, "an offer"),
            reason=REJECT_REASONS.get(details.get("reason_code"), "no reason given"),
            until=_day(details.get("deferred_until")),
        )
        if details.get("note") and event.action != "match.approved":
            text += f". Note: {details['note']}"
        entries.append(HistoryEntry(event.at, text, event.actor.email if event.actor else None))
    return sorted(entries, key=lambda entry: entry.at)


def _day(iso: str | None) -> str:
    """A day the audit keeps as an ISO date (a deferral's), as people read it."""
    return format_date(date.fromisoformat(iso)) if iso else "later"


# --- decisions ------------------------------------------------------------------------------


def proposal_label(match: Match) -> str:
    """The proposal in words that tell it apart from others for the same business: two
    partners can give their offers the same title."""
    return (
        f"{match.offer.title} from {match.offer.organisation.name} for {match.need.business.name}"
    )


def is_pending(match: Match) -> bool:
    return match.status in PENDING


def decision_facts(match: Match) -> dict:
    """What the audit keeps of a decision, so the hub can later learn which proposals work."""
    return {
        "status": str(match.status),
        "need_id": match.need_id,
        "offer_id": match.offer_id,
        "hub": match.need.business.hub.code,
        "score": match.score,
        "rank": match.rank,
        "reasons": match.reasons,
        "model_version": match.model_version,
        "reason_code": match.reject_reason,
        "note": match.decision_note,
        "deferred_until": match.deferred_until.isoformat() if match.deferred_until else None,
    }


def _decide(match: Match, status: str, *, actor: User, conditions=(), **values) -> bool:
    """Move a pending match to `status` unless someone got there first; True if we did."""
    won = db.session.execute(
        update(Match)
        .where(Match.id == match.id, Match.status.in_(PENDING), *conditions)
        .values(status=status, decided_at=utcnow(), decided_by_id=actor.id, **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(match)
    return won == 1


def _check_can_introduce(match: Match) -> None:
    business = match.need.business
    if business.erased_at is not None:
        raise CannotIntroduce(
            "The business asked us to delete its details, so it cannot be introduced."
        )
    if not business.consent_to_contact:
        raise CannotIntroduce("The business has not agreed to be introduced to organisations.")


def approve_match(match: Match, *, note: str, actor: User) -> Introduction:
    """Approve the proposal and introduce both sides by e-mail, within the offer's capacity.

    The offer's other open proposals beyond what its places left allow leave the queue,
    and their needs get their next best offer.

    Raises CapacityFull when the offer's places are taken, AlreadyDecided when the
    proposal was decided already (a double click: nothing is sent twice), and
    CannotIntroduce when the business or the offer can no longer be introduced.
    """
    introduction = _introduce(match, note=note, actor=actor)
    release_surplus_proposals(match.offer_id)
    return introduction


def _introduce(match: Match, *, note: str, actor: User) -> Introduction:
    """Approve and e-mail both sides, leaving the offer's other proposals as they are."""
    _check_can_introduce(match)
    # Hold the offer's row until commit, so concurrent approvals count one at a time
    # (FOR NO KEY UPDATE: proposals can still be inserted for the offer meanwhile).
    db.session.execute(
        select(Offer.id).where(Offer.id == match.offer_id).with_for_update(key_share=True)
    )
    other = aliased(Match)
    introduced = (
        select(func.count())
        .select_from(other)
        .where(other.offer_id == match.offer_id, other.status == MatchStatus.APPROVED)
        .scalar_subquery()
    )
    capacity = (
        select(Offer.capacity)
        .where(Offer.id == match.offer_id, Offer.status == OfferStatus.ACTIVE)
        .scalar_subquery()
    )
    approved = _decide(
        match,
        MatchStatus.APPROVED,
        actor=actor,
        conditions=[introduced < capacity],
        decision_note=note,
        reject_reason=None,
        deferred_until=None,
    )
    if not approved:
        _refuse_approval(match)
    introduction = Introduction(match=match, note=note)
    db.session.add(introduction)
    db.session.flush()
    for email in introduction_emails(match, note):
        email.queue()
    record_audit(
        "match.approved",
        match,
        actor=actor,
        introduction_id=introduction.id,
        **decision_facts(match),
    )
    return introduction


def _refuse_approval(match: Match):
    if not is_pending(match):
        raise AlreadyDecided(match)
    offer = match.offer
    db.session.refresh(offer)
    if offer.status != OfferStatus.ACTIVE:
        raise CannotIntroduce(
            f"{offer.title} is {offer.status}, so no introductions can be made to it."
        )
    raise CapacityFull(
        f"{offer.title} has no places left: all {offer.capacity} are taken by introductions "
        f"already made. Reject this proposal with the reason “The partner is full”, or ask "
        f"{offer.organisation.name} to add places."
    )


def reject_match(
    match: Match, *, reason: str, note: str | None, actor: User, today: date | None = None
) -> list[Match]:
    """Reject the proposal with a reason code; the next best eligible offer is proposed.

    Returns the proposals for the need that are new in the queue.
    """
    if reason not in set(RejectReason):
        raise ValueError(f"Unknown reason {reason!r}")
    rejected = _decide(
        match,
        MatchStatus.REJECTED,
        actor=actor,
        reject_reason=reason,
        decision_note=note or None,
        deferred_until=None,
    )
    if not rejected:
        raise AlreadyDecided(match)
    record_audit("match.rejected", match, actor=actor, **decision_facts(match))
    return propose_next(match.need, today=today)


def propose_next(need: Need, *, today: date | None = None) -> list[Match]:
    """Rank the need again so that the next best eligible offer takes a free place in the
    queue; returns the proposals that are new. Without a fitted model there is nothing to
    rank with, and the need's queue is left as it is."""
    model, _ = model_cache.current()
    if model is None:
        return []
    proposed = select(Match.id).where(
        Match.need_id == need.id, Match.status == MatchStatus.PROPOSED
    )
    before = set(db.session.scalars(proposed))
    rank_need_now(need, today=today)
    return list(
        db.session.scalars(
            select(Match)
            .options(joinedload(Match.offer))
            .where(Match.id.in_(proposed.where(Match.id.not_in(before))))
            .order_by(Match.rank)
            .execution_options(populate_existing=True)
        )
    )


def defer_match(match: Match, *, until: date, note: str | None, actor: User, today: date) -> None:
    """Take the proposal out of the queue until `until`; it comes back on that day."""
    latest = today + timedelta(days=current_app.config["DEFER_MAX_DAYS"])
    if until <= today:
        raise InvalidDeferral("The date must be in the future")
    if until > latest:
        raise InvalidDeferral(f"The date must be on or before {format_date(latest)}")
    deferred = _decide(
        match,
        MatchStatus.DEFERRED,
        actor=actor,
        deferred_until=until,
        decision_note=note or None,
        reject_reason=None,
    )
    if not deferred:
        raise AlreadyDecided(match)
    record_audit("match.deferred", match, actor=actor, **decision_facts(match))


def end_due_deferrals(today: date) -> int:
    """Deferred proposals whose day has come go back to the queue (a scheduled job).

    Their offers then keep only as many open proposals as their places left allow, as
    after an approval: where an offer filled up meanwhile, the weakest leave the queue.
    """
    due = db.session.execute(
        select(Match.id, Match.offer_id)
        .where(Match.status == MatchStatus.DEFERRED, Match.deferred_until <= today)
        .limit(JOB_BATCH)
    ).all()
    ended = 0
    returned_to: set[int] = set()
    for match_id, offer_id in due:
        won = db.session.execute(
            update(Match)
            .where(Match.id == match_id, Match.status == MatchStatus.DEFERRED)
            .values(status=MatchStatus.PROPOSED, deferred_until=None)
            .execution_options(synchronize_session=False)
        ).rowcount
        if won:
            record_audit("match.deferral_ended", db.session.get(Match, match_id))
            returned_to.add(offer_id)
            ended += 1
    for offer_id in sorted(returned_to):
        release_surplus_proposals(offer_id, today=today)
    return ended


def places_left(matches: Iterable[Match]) -> dict[int, int]:
    """Offer id -> places left, for the offers of `matches`."""
    capacity = {match.offer_id: match.offer.capacity for match in matches}
    used = approved_counts(capacity) if capacity else {}
    return {offer_id: max(n - used.get(offer_id, 0), 0) for offer_id, n in capacity.items()}


# --- in bulk --------------------------------------------------------------------------------


@dataclass
class BulkResult:
    done: list[Match] = field(default_factory=list)
    refused: list[tuple[Match, str]] = field(default_factory=list)
    new_proposals: list[Match] = field(default_factory=list)


def bulk_approve(matches: Sequence[Match], *, actor: User) -> BulkResult:
    """Approve each proposal with the standard note; those that cannot be are reported."""
    result = BulkResult()
    # One order of offer locks for everyone, so two bulk approvals cannot deadlock.
    for match in sorted(matches, key=lambda m: (m.offer_id, m.id)):
        try:
            _introduce(match, note=default_note(match), actor=actor)
        except DecisionRefused as refusal:
            result.refused.append((match, refusal.message))
        else:
            result.done.append(match)
    # Only once all are approved: releasing after each could withdraw one still to come.
    for offer_id in sorted({match.offer_id for match in result.done}):
        release_surplus_proposals(offer_id)
    return result


def bulk_reject(
    matches: Sequence[Match],
    *,
    reason: str,
    note: str | None,
    actor: User,
    today: date | None = None,
) -> BulkResult:
    result = BulkResult()
    for match in matches:
        try:
            result.new_proposals += reject_match(
                match, reason=reason, note=note, actor=actor, today=today
            )
        except DecisionRefused as refusal:
            result.refused.append((match, refusal.message))
        else:
            result.done.append(match)
    return result


# --- introduction e-mails -------------------------------------------------------------------


@dataclass(frozen=True)
class Email:
    recipient: str
    template: str
    subject: str
    dedupe_key: str
    context: dict

    def text(self) -> str:
        """The plain-text body, exactly as it will be sent (for previews)."""
        return render_template(
            f"emails/{self.template}.txt",
            subject=self.subject,
            base_url=current_app.config["BASE_URL"],
            **self.context,
        )

    def queue(self) -> OutboxMessage:
        return queue_email(
            self.recipient,
            self.template,
            subject=self.subject,
            dedupe_key=self.dedupe_key,
            **self.context,
        )


def _shared_themes(match: Match) -> list[str]:
    shared = set(match.need.themes) & set(match.offer.themes)
    return [label.split(":")[0] for code, label in taxonomy.THEMES.items() if code in shared]


def _themes_in_a_sentence(labels: list[str]) -> str:
    """The themes as a list in a sentence. A theme's label is often a list itself ("Finance,
    investment readiness, cash flow") or has an "and" in it, so semicolons keep them apart."""
    return "; ".join(mid_sentence(label) for label in labels)


def default_note(match: Match) -> str:
    """A sensible introduction note for the coordinator to edit."""
    return render_template(
        "review/default_note.txt",
        business=match.need.business,
        need=match.need,
        offer=match.offer,
        themes=_themes_in_a_sentence(_shared_themes(match)),
    ).strip()


def introduction_emails(match: Match, note: str) -> list[Email]:
    """The two e-mails an approval sends: each side gets the other's contact details."""
    need = match.need
    business = need.business
    offer = match.offer
    context = {
        "business": business,
        "need": need,
        "offer": offer,
        "organisation": offer.organisation,
        "hub": business.hub,
        "note": note,
        "follow_up_days": current_app.config["FOLLOW_UP_DAYS"],
        # Where the partner's colleagues see their introductions and record how they went.
        "dashboard_url": external_url("partners.dashboard"),
    }
    return [
        Email(
            business.contact_email,
            "introduction_sme",
            f"Introduction to {offer.organisation.name}: {offer.title}",
            f"introduction:{match.id}:sme",
            context,
        ),
        Email(
            offer.contact_email,
            "introduction_partner",
            f"Introduction to {business.name}, a business that needs help",
            f"introduction:{match.id}:partner",
            context,
        ),
    ]


# --- introductions, outcomes and follow-ups ---------------------------------------------------


@dataclass(frozen=True)
class SentEmail:
    recipient: str
    subject: str
    status: str
    sent_at: datetime | None


def introduction_emails_sent(introduction: Introduction) -> list[SentEmail]:
    """The introduction's e-mails and follow-ups, and whether each has gone out."""
    match_id, intro_id = introduction.match_id, introduction.id
    keys = [f"introduction:{match_id}:{side}" for side in SIDES] + [
        f"{kind}:{intro_id}:{side}"
        for kind in ("follow-up", "follow-up-reminder")
        for side in SIDES
    ]
    rows = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.dedupe_key.in_(keys)).order_by(OutboxMessage.id)
    )
    return [SentEmail(row.recipient, row.subject, row.status, row.sent_at) for row in rows]


def follow_up_due(introduction: Introduction) -> datetime:
    return introduction.created_at + timedelta(days=current_app.config["FOLLOW_UP_DAYS"])


def record_outcome(
    introduction: Introduction,
    *,
    result: str,
    comment: str | None,
    reported_by: str,
    actor: User | None = None,
) -> Outcome:
    """Add what happened after the introduction; the same answer twice is kept once."""
    if result not in set(OutcomeResult):
        raise ValueError(f"Unknown outcome {result!r}")
    comment = comment or None
    latest = answer_of(introduction, reported_by)
    if latest is not None and (latest.result, latest.comment) == (result, comment):
        return latest
    outcome = Outcome(
        introduction=introduction, reported_by=reported_by, result=result, comment=comment
    )
    db.session.add(outcome)
    record_audit(
        "outcome.recorded", introduction, actor=actor, result=result, reported_by=reported_by
    )
    return outcome


def answer_of(introduction: Introduction, side: str) -> Outcome | None:
    """The latest outcome `side` reported, if any."""
    return db.session.scalar(
        select(Outcome)
        .where(Outcome.introduction_id == introduction.id, Outcome.reported_by == side)
        .order_by(Outcome.created_at.desc(), Outcome.id.desc())
        .limit(1)
    )


def follow_up_token(introduction: Introduction, side: str) -> str:
    return make_token(FOLLOW_UP_PURPOSE, {"introduction": introduction.id, "side": side})


def follow_up_for_token(token: str) -> tuple[Introduction, str]:
    """The introduction and side a follow-up link is for; raises InvalidToken (or
    ExpiredToken) if the link is damaged, too old or its business was deleted."""
    data = read_token(FOLLOW_UP_PURPOSE, token, current_app.config["FOLLOW_UP_LINK_MAX_AGE"])
    if not isinstance(data, dict) or data.get("side") not in SIDES:
        raise InvalidToken("Not a follow-up link")
    introduction_id = data.get("introduction")
    introduction = (
        db.session.get(Introduction, introduction_id) if isinstance(introduction_id, int) else None
    )
    if introduction is None or introduction.match.need.business.erased_at is not None:
        raise InvalidToken("No such introduction")
    return introduction, data["side"]


def answer_follow_up(
    introduction: Introduction, side: str, *, result: str, comment: str | None
) -> Outcome:
    """Record a side's answer to the follow-up question, once: a second answer through the
    link (a double click, the back button) keeps the first.

    The introduction's row is written first, to take its write lock until commit: two
    answers sent at the same moment then take turns, and the second sees the first
    (PostgreSQL's row lock; SQLite's single writer)."""
    db.session.execute(
        update(Introduction)
        .where(Introduction.id == introduction.id)
        .values(note=Introduction.note)
        .execution_options(synchronize_session=False)
    )
    return answer_of(introduction, side) or record_outcome(
        introduction, result=result, comment=comment, reported_by=side
    )


def send_due_follow_ups(now: datetime) -> int:
    """Ask both sides what happened FOLLOW_UP_DAYS after each introduction, and remind,
    once, the sides that have not answered FOLLOW_UP_REMINDER_DAYS later. Returns the
    number of e-mails queued. Safe to run from several workers at once."""
    config = current_app.config
    queued = 0
    due = select(Introduction).where(
        Introduction.follow_up_sent_at.is_(None),
        Introduction.created_at <= now - timedelta(days=config["FOLLOW_UP_DAYS"]),
    )
    for introduction in db.session.scalars(due.order_by(Introduction.id).limit(JOB_BATCH)).all():
        if _claim(introduction, Introduction.follow_up_sent_at, now):
            queued += _ask(introduction, SIDES, reminder=False)

    def answered(side):
        return exists().where(
            Outcome.introduction_id == Introduction.id, Outcome.reported_by == side
        )

    unanswered = select(Introduction).where(
        Introduction.follow_up_sent_at <= now - timedelta(days=config["FOLLOW_UP_REMINDER_DAYS"]),
        Introduction.reminder_sent_at.is_(None),
        ~and_(answered("sme"), answered("partner")),
    )
    for introduction in db.session.scalars(
        unanswered.order_by(Introduction.id).limit(JOB_BATCH)
    ).all():
        if _claim(introduction, Introduction.reminder_sent_at, now):
            sides = [side for side in SIDES if answer_of(introduction, side) is None]
            queued += _ask(introduction, sides, reminder=True)
    return queued


def _claim(introduction: Introduction, column, now: datetime) -> bool:
    """Stamp `column` unless another worker did; only the one that stamps it sends."""
    won = db.session.execute(
        update(Introduction)
        .where(Introduction.id == introduction.id, column.is_(None))
        .values({column.key: now})
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(introduction)
    return won == 1


def _ask(introduction: Introduction, sides: Sequence[str], *, reminder: bool) -> int:
    match = introduction.match
    business = match.need.business
    offer = match.offer
    if business.erased_at is not None:
        return 0
    kind = "follow-up-reminder" if reminder else "follow-up"
    for side in sides:
        other = offer.organisation.name if side == "sme" else business.name
        token = follow_up_token(introduction, side)
        queue_email(
            business.contact_email if side == "sme" else offer.contact_email,
            "follow_up",
            subject=f"{'Reminder: h' if reminder else 'H'}ow did your introduction to {other} go?",
            dedupe_key=f"{kind}:{introduction.id}:{side}",
            other=other,
            offer=offer,
            side=side,
            reminder=reminder,
            introduced_on=introduction.created_at,
            answer_url=external_url("review.follow_up", token=token),
            answers=[
                (label, external_url("review.follow_up", token=token, result=code))
                for code, label in OUTCOME_LABELS.items()
            ],
        )
    record_audit(f"introduction.{kind}_sent", introduction, sides=list(sides))
    return len(sides)
