"""Scheduled jobs the worker runs between e-mail deliveries."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from .extensions import db
from .models import MatchingModel, utcnow
from .uktime import uk_day

log = logging.getLogger(__name__)

# Businesses erased per round, in one transaction: a crash loses no erasure half-done, and
# a backlog never holds up the e-mail the worker delivers between rounds for long (each
# erasure searches the outbox's bodies for the address, most of them blanked after
# OUTBOX_BODY_RETENTION_DAYS).
ERASURE_BATCH = 10
# Changed offers ranked per round, together: a pass over the needs they affect costs
# about the same for one UK-wide offer as for many.
OFFER_BATCH = 50


def refit_if_stale(now: datetime | None = None) -> bool:
    """Refit the matching model when the newest one is older than MODEL_REFIT_HOURS."""
    from .matchmaking import rebuild_all

    now = now or utcnow()
    newest = db.session.scalar(select(func.max(MatchingModel.created_at)))
    if newest is not None and now - newest < timedelta(
        hours=current_app.config["MODEL_REFIT_HOURS"]
    ):
        return False
    summary = rebuild_all(today=uk_day(now))  # offers' dates are UK days, as in end_deferrals
    db.session.commit()
    log.info("Refitted: %s", summary)
    return True


def _committed(count: int, done: str) -> int:
    """Commit a job's work and log what it did (`done` has one %s for the count)."""
    db.session.commit()
    if count:
        log.info(done, count)
    return count


def send_follow_ups(now: datetime | None = None) -> int:
    """Ask both sides of each introduction what happened, FOLLOW_UP_DAYS after it (and
    remind once); returns the number of e-mails queued."""
    from .review.services import send_due_follow_ups

    return _committed(send_due_follow_ups(now or utcnow()), "Queued %s follow-up e-mail(s)")


def end_deferrals(now: datetime | None = None) -> int:
    """Deferred proposals whose day has come (in the UK: coordinators name UK days) go back
    to the review queue."""
    from .review.services import end_due_deferrals

    ended = end_due_deferrals(uk_day(now or utcnow()))
    return _committed(ended, "Returned %s deferred proposal(s) to the queue")


def delete_stale_drafts(now: datetime | None = None) -> int:
    """Survey answers saved but never submitted are not kept for ever."""
    from .survey.services import delete_stale_drafts as delete_drafts

    return _committed(delete_drafts(now or utcnow()), "Deleted %s stale survey draft(s)")


def erase_idle_businesses(now: datetime | None = None) -> int:
    """Erase the personal data of businesses with no activity for
    PERSONAL_DATA_RETENTION_DAYS, as the privacy notice promises. Returns how many went."""
    from .survey.services import erase_idle_business, idle_business_ids

    now = now or utcnow()
    erased = sum(
        erase_idle_business(business_id, now)
        for business_id in idle_business_ids(now, limit=ERASURE_BATCH)
    )
    return _committed(erased, "Erased %s business(es) idle beyond the retention period")


def forget_old_email_bodies(now: datetime | None = None) -> int:
    """What sent e-mails said is not kept for ever."""
    from .mail.outbox import forget_old_bodies

    return _committed(forget_old_bodies(now or utcnow()), "Blanked the bodies of %s old e-mail(s)")


def rank_changed_offers(now: datetime | None = None) -> int:
    """Bring proposals up to date with offers created, edited, paused, resumed or closed
    since the last round; returns how many offers. Each is claimed by one worker."""
    from .matchmaking import claim_changed_offers, model_cache, rerank_offers, unclaim_offers

    model, _ = model_cache.current()
    if model is None:
        return 0  # nothing to rank with: the first rebuild will rank every offer
    claims = claim_changed_offers(OFFER_BATCH)
    db.session.commit()
    if not claims:
        return 0
    try:
        ranked = rerank_offers(claims, today=uk_day(now or utcnow()))
        db.session.commit()
    except Exception:
        db.session.rollback()
        unclaim_offers(claims)  # due again next round
        db.session.commit()
        raise
    log.info("Ranked %s need(s) again for %s changed offer(s)", ranked, len(claims))
    return len(claims)


def run_due_jobs(now: datetime | None = None) -> None:
    now = now or utcnow()
    refit_if_stale(now)
    rank_changed_offers(now)
    send_follow_ups(now)
    end_deferrals(now)


def delete_what_is_kept_too_long(now: datetime) -> bool:
    """Drafts, e-mail bodies and idle businesses past their time; True if a full batch of
    erasures suggests more are waiting."""
    delete_stale_drafts(now)
    forget_old_email_bodies(now)
    return erase_idle_businesses(now) == ERASURE_BATCH


class Housekeeping:
    """A worker's schedule for `delete_what_is_kept_too_long`: due at its first round, then
    every `every`, not every round, since its searches read whole tables and an hour's
    delay changes nothing. A backlog keeps it due, so it clears round after round."""

    def __init__(self, every: timedelta) -> None:
        self.every = every
        self.due: datetime | None = None

    def run_if_due(self, now: datetime | None = None) -> None:
        now = now or utcnow()
        if self.due is not None and now < self.due:
            return
        backlog = delete_what_is_kept_too_long(now)
        self.due = now if backlog else now + self.every
