"""Scheduled jobs the worker runs between e-mail deliveries."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from .extensions import db
from .models import MatchingModel, utcnow

log = logging.getLogger(__name__)


def refit_if_stale(now: datetime | None = None) -> bool:
    """Refit the matching model when the newest one is older than MODEL_REFIT_HOURS."""
    from .matchmaking import rebuild_all

    now = now or utcnow()
    newest = db.session.scalar(select(func.max(MatchingModel.created_at)))
    if newest is not None and now - newest < timedelta(
        hours=current_app.config["MODEL_REFIT_HOURS"]
    ):
        return False
    summary = rebuild_all()
    db.session.commit()
    log.info("Refitted: %s", summary)
    return True


def run_due_jobs(now: datetime | None = None) -> None:
    refit_if_stale(now)
