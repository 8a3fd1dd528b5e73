"""Between the database and the matching engine: load records, store models and proposals.

The engine (`matchmaker.matching`) is plain Python; this module turns rows into its
records, keeps the current fitted model and offer index cached per process, and writes
what the engine proposes back as `Match` rows for the coordinators' queue.

The cache is keyed by the newest stored model version and the offers' revision, so a
refit by another process, or an edited offer, is picked up on the next call without a
restart (an edited offer in milliseconds: only the changed offers are read again).

The `today` the engine judges offers' start and end dates by is the UK's day
(`uk_today()`), as partners name those dates, not the server's: at 00:30 in a British
summer the server's clock (UTC) still says yesterday.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import and_, bindparam, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .extensions import db
from .matching import (
    MatchModel,
    NeedRecord,
    OfferIndex,
    OfferRecord,
    Proposal,
    explain,
    proposal_limit,
    propose,
    rank_need,
    rebuild,
)
from .models import (
    Business,
    Match,
    MatchingModel,
    MatchStatus,
    Need,
    NeedStatus,
    NeedTheme,
    Offer,
    OfferCriterion,
    OfferRevision,
    OfferStatus,
    utcnow,
)
from .uktime import uk_today

# Review states that take a pair out of the running for good.
DECIDED = (MatchStatus.APPROVED, MatchStatus.REJECTED)
EXPORT_NOT_IN_QUEUE = "ranked"


# ---------------------------------------------------------------- records from rows


def _need_rows(where) -> list[NeedRecord]:
    rows = db.session.execute(
        select(
            Need.id, Need.support_type, Need.description,
            Business.region, Business.sector, Business.size, Business.stage,
        ).join(Business).where(where)
    ).all()  # fmt: skip
    themes: dict[int, set[str]] = defaultdict(set)
    ids = [row.id for row in rows]
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        for need_id, theme in db.session.execute(
            select(NeedTheme.need_id, NeedTheme.theme).where(NeedTheme.need_id.in_(chunk))
        ):
            themes[need_id].add(theme)
    return [
        NeedRecord(
            id=row.id, region=row.region, sector=row.sector, size=row.size, stage=row.stage,
            support_type=row.support_type, themes=frozenset(themes[row.id]), text=row.description,
        )
        for row in rows
    ]  # fmt: skip


def open_need_records() -> list[NeedRecord]:
    return _need_rows(Need.status == NeedStatus.OPEN)


def need_record(need: Need) -> NeedRecord:
    return NeedRecord(
        id=need.id,
        region=need.business.region,
        sector=need.business.sector,
        size=need.business.size,
        stage=need.business.stage,
        support_type=need.support_type,
        themes=frozenset(need.themes),
        text=need.description,
    )


def approved_counts(offer_ids: Iterable[int] | None = None) -> dict[int, int]:
    query = (
        select(Match.offer_id, func.count())
        .where(Match.status == MatchStatus.APPROVED)
        .group_by(Match.offer_id)
    )
    if offer_ids is not None:
        query = query.where(Match.offer_id.in_(list(offer_ids)))
    return dict(db.session.execute(query).all())


def offer_records(
    *, with_capacity: bool = True, changed_after: int | None = None
) -> list[OfferRecord]:
    """Every offer as an engine record, in three queries whatever the number of offers;
    or, with `changed_after`, only the offers changed since that offers' revision.

    Without `with_capacity`, remaining capacity is left out of the records (set to the
    full capacity) so that approvals do not invalidate a cached index; callers then
    check capacity for the few candidates they propose.
    """
    offers = select(
        Offer.id, Offer.support_type, Offer.title, Offer.description, Offer.status,
        Offer.capacity, Offer.starts_on, Offer.ends_on,
    )  # fmt: skip
    criteria_rows = select(OfferCriterion.offer_id, OfferCriterion.kind, OfferCriterion.code)
    if changed_after is not None:
        offers = offers.where(Offer.revision > changed_after)
        criteria_rows = criteria_rows.join(Offer).where(Offer.revision > changed_after)
    criteria: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for offer_id, kind, code in db.session.execute(criteria_rows):
        criteria[offer_id][kind].add(code)
    used = approved_counts() if with_capacity else {}
    records = []
    for row in db.session.execute(offers):
        codes = criteria[row.id]
        records.append(
            OfferRecord(
                id=row.id,
                support_type=row.support_type,
                regions=frozenset(codes["region"]),
                sectors=frozenset(codes["sector"]),
                sizes=frozenset(codes["size"]),
                stages=frozenset(codes["stage"]),
                themes=frozenset(codes["theme"]),
                title=row.title,
                description=row.description,
                active=row.status == OfferStatus.ACTIVE,
                remaining_capacity=row.capacity - used.get(row.id, 0),
                starts_on=row.starts_on,
                ends_on=row.ends_on,
            )
        )
    return records


def excluded_pairs(need_ids: Sequence[int] | None = None) -> set[tuple[int, int]]:
    """(need, offer) pairs already decided: of these needs (in chunks), or of all."""
    query = select(Match.need_id, Match.offer_id).where(Match.status.in_(DECIDED))
    if need_ids is None:
        return {(row.need_id, row.offer_id) for row in db.session.execute(query)}
    pairs: set[tuple[int, int]] = set()
    for start in range(0, len(need_ids), 5000):
        chunk = list(need_ids[start : start + 5000])
        rows = db.session.execute(query.where(Match.need_id.in_(chunk)))
        pairs.update((row.need_id, row.offer_id) for row in rows)
    return pairs


# ---------------------------------------------------------------- the current model


@dataclass
class _Cached:
    model: MatchModel
    index: OfferIndex
    offers_revision: int  # the highest `Offer.revision` the index has


class ModelCache:
    """The current model and offer index of this process, refreshed when either changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cached: _Cached | None = None

    def current(self) -> tuple[MatchModel, OfferIndex] | tuple[None, None]:
        # One round trip, two index look-ups, on every need ranked: the newest model, and
        # the offers' highest revision (see `OfferRevision` for why it misses no change).
        version, revision = db.session.execute(
            select(
                select(MatchingModel.version)
                .order_by(MatchingModel.id.desc())
                .limit(1)
                .scalar_subquery(),
                select(func.coalesce(func.max(Offer.revision), -1)).scalar_subquery(),
            )
        ).one()
        if version is None:
            return None, None
        with self._lock:
            cached = self._cached
            if cached is None or cached.model.version != version:
                blob = db.session.scalar(
                    select(MatchingModel.blob).where(MatchingModel.version == version)
                )
                model = MatchModel.from_bytes(blob)
                index = OfferIndex(model, offer_records(with_capacity=False))
            elif cached.offers_revision != revision:
                # Offers read here may be newer than `revision`; reading them again
                # next time does no harm.
                model = cached.model
                changed = offer_records(with_capacity=False, changed_after=cached.offers_revision)
                index = cached.index.with_changes(model, changed)
            else:
                return cached.model, cached.index
            self._cached = _Cached(model, index, revision)
            return model, index

    def clear(self) -> None:
        with self._lock:
            self._cached = None


model_cache = ModelCache()


def _per_need() -> int:
    return current_app.config["PROPOSALS_PER_NEED"]


# ---------------------------------------------------------------- proposals


def _places(offer_ids: Sequence[int], *, except_need: int) -> dict[int, tuple[int, int]]:
    """Per offer, in one query: the capacity its approved introductions leave, and how
    many proposals needs other than `except_need` hold on it."""
    approved = (
        select(func.count())
        .where(Match.offer_id == Offer.id, Match.status == MatchStatus.APPROVED)
        .correlate(Offer)
        .scalar_subquery()
    )
    held = (
        select(func.count())
        .where(
            Match.offer_id == Offer.id,
            Match.status == MatchStatus.PROPOSED,
            Match.need_id != except_need,
        )
        .correlate(Offer)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Offer.id, Offer.capacity - approved, held).where(Offer.id.in_(list(offer_ids)))
    )
    return {offer_id: (remaining, open_count) for offer_id, remaining, open_count in rows}


def rank_need_now(need: Need, *, today: date | None = None) -> list[Match]:
    """Rank one new or edited need with the current model and queue its proposals.

    Called at once when an SME updates a need (or a coordinator's decision frees a
    place). Without a fitted model yet the need simply waits for the next
    `matches rebuild`.
    """
    if need.status != NeedStatus.OPEN:
        withdraw_proposals(need_ids=[need.id])
        return []
    model, index = model_cache.current()
    if model is None:
        return []  # no model fitted yet: the need waits for the first rebuild
    db.session.flush()
    excluded = {offer_id for _, offer_id in excluded_pairs([need.id])}
    _queue_proposals(need, model, index, today or uk_today(), excluded=excluded, new=False)
    return list(
        db.session.scalars(
            select(Match).where(Match.need_id == need.id, Match.status == MatchStatus.PROPOSED)
        )
    )


def rank_new_needs_now(needs: Sequence[Need], *, today: date | None = None) -> None:
    """Rank needs created just now (a survey sent) and queue their proposals.

    As `rank_need_now` for each, with one look-up of the current model for them all, and
    none of decisions or earlier proposals: a need created in this transaction has none.
    """
    model, index = model_cache.current()
    if model is None:
        return  # no model fitted yet: the needs wait for the first rebuild
    db.session.flush()
    today = today or uk_today()
    for need in needs:
        _queue_proposals(need, model, index, today, excluded=set(), new=True)


def _queue_proposals(
    need: Need,
    model: MatchModel,
    index: OfferIndex,
    today: date,
    *,
    excluded: set[int],
    new: bool,
) -> None:
    """Make `need`'s proposals its best eligible offers above the threshold that still
    have a place; `new` says it has no Match rows yet, so there are none to look up."""
    record = need_record(need)
    candidates = [
        c for c in rank_need(model, record, index, today=today, excluded_offer_ids=excluded)
        if c.above_threshold
    ]  # fmt: skip
    if not candidates:  # most needs: nothing good enough, so no capacity to look up
        if not new:  # an edited need's earlier proposals leave the queue
            store_proposals([need.id], [], model.version)
        return
    places = _places([c.offer_id for c in candidates], except_need=need.id)
    proposals: list[Proposal] = []
    for candidate in candidates:
        remaining, open_count = places[candidate.offer_id]
        if remaining <= 0 or open_count >= proposal_limit(remaining):
            continue
        offer = index.offers[index.position_of[candidate.offer_id]]
        proposals.append(
            Proposal(
                need_id=need.id,
                offer_id=candidate.offer_id,
                rank=len(proposals) + 1,
                score=candidate.score,
                reasons=explain(model, record, offer, today=today).reasons,
            )
        )
        if len(proposals) == _per_need():
            break
    store_proposals([need.id], proposals, model.version, new=new)


def offers_changed(offers: Sequence[Offer]) -> None:
    """Offers were created, edited (their text or their criteria), paused, resumed or
    closed in this transaction: every process's offer index takes them in at its next
    ranking, and their proposals are brought up to date by the worker's next round,
    seconds away (`rank_changed_offers`).

    Not in the request: ranking the needs an offer could serve means, for a UK-wide
    offer, every open need of its support type (tens of thousands at national scale);
    seconds of work the partner would wait for. Only a paused or closed offer's
    proposals leave the queue at once, which is quick; the needs that held them get
    their next best offer from the worker.

    Commit before ranking with the changed offers in this process: an index cached
    with changes that are then rolled back would keep them.
    """
    revision = lock_offer_changes()
    now = utcnow()
    for offer in offers:
        # Moved on even for a change to its criteria alone (rows of their own).
        offer.updated_at = now
        offer.revision = revision
    # (An offer being created has no id yet, nor proposals.)
    stopped = [o.id for o in offers if o.status != OfferStatus.ACTIVE and o.id is not None]
    if stopped:
        withdraw_proposals(offer_ids=stopped)


def lock_offer_changes() -> int:
    """Count the offers' revision up by one and return it (the row is made on first use).

    Its row stays locked until the transaction ends: from here every other transaction
    that changes offers waits for this one, so what this one reads of the offers next is
    their latest saved state.
    """
    upsert = (
        postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    )
    statement = (
        upsert(OfferRevision)
        .values(id=1, value=1)
        .on_conflict_do_update(
            index_elements=[OfferRevision.id], set_={"value": OfferRevision.value + 1}
        )
        .returning(OfferRevision.value)
    )
    # Offers being created are not written yet: they have no revision until this returns.
    with db.session.no_autoflush:
        return db.session.execute(statement).scalar_one()


_UNRANKED = or_(Offer.ranked_at.is_(None), Offer.ranked_at < Offer.updated_at)


def claim_changed_offers(limit: int) -> list[int]:
    """Claim up to `limit` offers changed since their proposals were brought up to date,
    longest waiting first, for this worker alone. Commit before ranking them, so that no
    row lock is held meanwhile (an approval of one of the offers would wait on it).

    A claim marks the offer up to date with its `updated_at` now: a change made after
    it makes the offer due again.
    """
    due = db.session.scalars(
        select(Offer.id).where(_UNRANKED).order_by(Offer.updated_at, Offer.id).limit(limit)
    ).all()
    return [
        offer_id
        for offer_id in due
        # Unless another worker claimed it since it was read.
        if db.session.execute(
            update(Offer)
            .where(Offer.id == offer_id, _UNRANKED)
            .values(ranked_at=Offer.updated_at, updated_at=Offer.updated_at)
            .execution_options(synchronize_session=False)
        ).rowcount
    ]


def unclaim_offers(offer_ids: Sequence[int]) -> None:
    """Hand claimed offers back, due again, after ranking them failed."""
    db.session.execute(
        update(Offer)
        .where(Offer.id.in_(list(offer_ids)))
        .values(ranked_at=None, updated_at=Offer.updated_at)
        .execution_options(synchronize_session=False)
    )


def rerank_offers(offer_ids: Sequence[int], *, today: date | None = None) -> int:
    """Bring the proposals these offers affect up to date after they changed; returns how
    many needs were ranked again.

    Their open proposals go back into the pot, and every open need they were proposed
    to (including proposals withdrawn when an offer was paused or closed), or that an
    active one among them could serve, is ranked again, all in one pass.
    """
    affected = set(
        db.session.scalars(
            select(Match.need_id).where(
                Match.offer_id.in_(list(offer_ids)),
                Match.status.in_([MatchStatus.PROPOSED, MatchStatus.WITHDRAWN]),
            )
        )
    )
    active = db.session.scalars(
        select(Offer).where(Offer.id.in_(list(offer_ids)), Offer.status == OfferStatus.ACTIVE)
    )
    for offer in active:
        query = (
            select(Need.id)
            .join(Business)
            .where(Need.status == NeedStatus.OPEN, Need.support_type == offer.support_type)
        )
        if "uk" not in offer.regions:
            query = query.where(Business.region.in_(offer.regions))
        affected.update(db.session.scalars(query))
    withdraw_proposals(offer_ids=offer_ids)
    rank_needs_now(sorted(affected), today=today)
    return len(affected)


def release_surplus_proposals(offer_id: int, *, today: date | None = None) -> None:
    """Keep an offer's open proposals within what its places left allow, after an
    approval took a place: the weakest beyond that leave the queue, and their needs are
    ranked again for their next best offer.

    Otherwise coordinators keep seeing proposals they can no longer approve, and the
    needs behind them wait on an offer that is full.
    """
    capacity = db.session.scalar(select(Offer.capacity).where(Offer.id == offer_id))
    limit = proposal_limit(capacity - approved_counts([offer_id]).get(offer_id, 0))
    surplus = db.session.execute(
        select(Match.id, Match.need_id)
        .where(Match.offer_id == offer_id, Match.status == MatchStatus.PROPOSED)
        .order_by(Match.score.desc(), Match.id)
        .offset(limit)
    ).all()
    if not surplus:
        return
    db.session.execute(
        update(Match)
        .where(Match.id.in_([match_id for match_id, _ in surplus]))
        .values(status=MatchStatus.WITHDRAWN)
        .execution_options(synchronize_session=False)
    )
    need_ids = sorted({need_id for _, need_id in surplus})
    for need in db.session.scalars(select(Need).where(Need.id.in_(need_ids))):
        rank_need_now(need, today=today)


def rank_needs_now(need_ids: Sequence[int], *, today: date | None = None) -> None:
    """Rank many open needs again at once with the current model (after an offer changed).

    One bulk pass of the engine, not one ranking per need: a UK-wide offer can concern
    tens of thousands of needs. Proposals other needs hold keep their share of each
    offer's capacity.
    """
    today = today or uk_today()
    model, index = model_cache.current()
    if model is None or not need_ids:
        return
    needs = []
    for start in range(0, len(need_ids), 5000):
        chunk = list(need_ids[start : start + 5000])
        needs += _need_rows(and_(Need.id.in_(chunk), Need.status == NeedStatus.OPEN))
    ids = [need.id for need in needs]
    used = approved_counts()
    held = _open_proposal_counts_outside(ids)
    limits = {
        offer_id: max(0, proposal_limit(capacity - used.get(offer_id, 0)) - held.get(offer_id, 0))
        for offer_id, capacity in db.session.execute(select(Offer.id, Offer.capacity))
    }
    proposals = propose(
        model,
        needs,
        index,
        today=today,
        excluded_pairs=excluded_pairs(ids),
        per_need=_per_need(),
        limits=limits,
    )
    store_proposals(ids, proposals, model.version)


def _open_proposal_counts_outside(need_ids: Sequence[int]) -> dict[int, int]:
    """Open proposals per offer held by needs other than these."""
    proposed = select(Match.offer_id, func.count()).where(Match.status == MatchStatus.PROPOSED)
    counts = dict(db.session.execute(proposed.group_by(Match.offer_id)).all())
    for start in range(0, len(need_ids), 5000):
        chunk = list(need_ids[start : start + 5000])
        inside = proposed.where(Match.need_id.in_(chunk)).group_by(Match.offer_id)
        for offer_id, count in db.session.execute(inside):
            counts[offer_id] -= count
    return counts


def withdraw_proposals(
    *, need_ids: Sequence[int] | None = None, offer_ids: Sequence[int] | None = None
) -> int:
    """Take open proposals out of the queue (a withdrawn need, a changed offer)."""
    query = update(Match).where(Match.status == MatchStatus.PROPOSED)
    if need_ids is not None:
        query = query.where(Match.need_id.in_(list(need_ids)))
    if offer_ids is not None:
        query = query.where(Match.offer_id.in_(list(offer_ids)))
    return db.session.execute(query.values(status=MatchStatus.WITHDRAWN)).rowcount


def store_proposals(
    need_ids: Sequence[int], proposals: Sequence[Proposal], version: str, *, new: bool = False
) -> None:
    """Make the queue for `need_ids` exactly `proposals`, leaving decided pairs alone.

    Pairs proposed before and not now are withdrawn; a pair proposed again reuses its
    row (a need/offer pair has at most one). Done in bulk, so a full rebuild is quick.
    `new` needs were created in this transaction: they have no rows to look up.
    """
    wanted = {(p.need_id, p.offer_id): p for p in proposals}
    existing: dict[tuple[int, int], tuple[int, str]] = {}
    for start in range(0, 0 if new else len(need_ids), 5000):
        chunk = list(need_ids[start : start + 5000])
        for row in db.session.execute(
            select(Match.id, Match.need_id, Match.offer_id, Match.status).where(
                Match.need_id.in_(chunk)
            )
        ):
            existing[(row.need_id, row.offer_id)] = (row.id, row.status)
    updates, inserts = [], []
    for pair, (match_id, status) in existing.items():
        proposal = wanted.get(pair)
        if proposal is None:
            if status == MatchStatus.PROPOSED:
                updates.append({"id": match_id, "status": MatchStatus.WITHDRAWN.value})
        elif status in (MatchStatus.PROPOSED, MatchStatus.WITHDRAWN):
            updates.append(_match_values(proposal, version) | {"id": match_id})
    for pair, proposal in wanted.items():
        if pair not in existing:
            inserts.append(
                _match_values(proposal, version) | {"need_id": pair[0], "offer_id": pair[1]}
            )
    if updates:
        db.session.execute(update(Match), updates)
    if inserts:
        now = utcnow()
        db.session.execute(insert(Match), [row | {"created_at": now} for row in inserts])


def _match_values(proposal: Proposal, version: str) -> dict:
    return {
        "status": MatchStatus.PROPOSED.value,
        "rank": proposal.rank,
        "score": float(proposal.score),
        "reasons": proposal.reasons,
        "model_version": version,
    }


@dataclass(frozen=True)
class RebuildSummary:
    version: str
    needs: int
    offers: int
    proposals: int

    def __str__(self) -> str:
        return (
            f"Model {self.version} fitted on {self.needs} open needs and {self.offers} offers; "
            f"{self.proposals} proposals in the queue."
        )


def rebuild_all(*, today: date | None = None) -> RebuildSummary:
    """Refit the model on every open need and offer, and recompute every open need's proposals."""
    today = today or uk_today()
    # Read first: an offer changed after the records were read stays due for the worker.
    unranked = db.session.execute(select(Offer.id, Offer.updated_at).where(_UNRANKED)).all()
    needs = open_need_records()
    offers = offer_records()
    model, proposals = rebuild(
        needs, offers, today=today, excluded_pairs=excluded_pairs(), per_need=_per_need()
    )
    # The version is a hash of the fitted content: refitting unchanged data gives the
    # same model, which is stored once.
    if (
        db.session.scalar(select(MatchingModel.id).where(MatchingModel.version == model.version))
        is None
    ):
        db.session.add(MatchingModel(version=model.version, blob=model.to_bytes()))
    store_proposals([need.id for need in needs], proposals, model.version)
    # Proposals of needs no longer open (withdrawn, closed) leave the queue too.
    db.session.execute(
        update(Match)
        .where(
            Match.status == MatchStatus.PROPOSED,
            Match.need_id.in_(select(Need.id).where(Need.status != NeedStatus.OPEN)),
        )
        .values(status=MatchStatus.WITHDRAWN)
    )
    if unranked:  # every offer's proposals are up to date with the offer as read
        offers_table = Offer.__table__
        db.session.connection().execute(
            update(offers_table)
            .where(
                offers_table.c.id == bindparam("offer_id"),
                offers_table.c.updated_at == bindparam("seen"),
            )
            .values(ranked_at=offers_table.c.updated_at, updated_at=offers_table.c.updated_at),
            [{"offer_id": offer_id, "seen": seen} for offer_id, seen in unranked],
        )
    return RebuildSummary(model.version, len(needs), len(offers), len(proposals))


@dataclass(frozen=True)
class ExportRow:
    need_ref: str
    offer_ref: str
    rank: int
    score: float
    status: str
    reasons: str


def export_rows(top: int, *, today: date | None = None) -> Iterable[ExportRow]:
    """Per open need, up to `top` offers the matchmaker would propose, best first.

    Ranked on eligibility and the threshold alone, so an approved or rejected pair still
    shows with its review state; a pair not in the queue now shows as 'ranked'.
    """
    today = today or uk_today()
    model, index = model_cache.current()
    if model is None:
        return
    needs = open_need_records()
    refs = dict(db.session.execute(select(Need.id, Need.ref)).all())
    offer_refs = dict(db.session.execute(select(Offer.id, Offer.ref)).all())
    states = {
        (row.need_id, row.offer_id): (row.status, row.reasons)
        for row in db.session.execute(
            select(Match.need_id, Match.offer_id, Match.status, Match.reasons)
        )
    }
    capacity_left = {offer.id: offer.remaining_capacity for offer in offer_records()}
    for need in needs:
        candidates = [c for c in rank_need(model, need, index, today=today) if c.above_threshold]
        candidates = [c for c in candidates if capacity_left.get(c.offer_id, 0) > 0 or
                      states.get((need.id, c.offer_id), ("",))[0] == MatchStatus.APPROVED][:top]  # fmt: skip
        for rank, candidate in enumerate(candidates, start=1):
            status, reasons = states.get((need.id, candidate.offer_id), (EXPORT_NOT_IN_QUEUE, None))
            if reasons is None:
                offer = index.offers[index.position_of[candidate.offer_id]]
                reasons = explain(model, need, offer, today=today).reasons
            yield ExportRow(
                refs[need.id], offer_refs[candidate.offer_id], rank, round(candidate.score, 4),
                str(status), reasons,
            )  # fmt: skip
