"""Queue e-mails as rows committed in the same transaction as the event that causes them."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app, render_template
from sqlalchemy import select, update

from ..extensions import db
from ..models import OutboxMessage, OutboxStatus


def external_url(endpoint: str, **values) -> str:
    """An absolute link for an e-mail, on BASE_URL (not the host the request came in on).

    Built from the URL map alone, so the worker can make links without a request.
    """
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def queue_email(recipient: str, template: str, *, subject: str, dedupe_key: str, **context):
    """Add an e-mail from `templates/emails/<template>.{txt,html}` to the session.

    `dedupe_key` names the event and recipient: queuing the same key twice (a double
    click, a retried request) adds nothing, so nobody gets the same e-mail twice.
    """
    existing = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key)
    )
    if existing is not None:
        return existing
    context.update(subject=subject, base_url=current_app.config["BASE_URL"])
    message = OutboxMessage(
        dedupe_key=dedupe_key,
        recipient=recipient,
        subject=subject,
        text_body=render_template(f"emails/{template}.txt", **context),
        html_body=render_template(f"emails/{template}.html", **context),
    )
    db.session.add(message)
    return message


def forget_old_bodies(now: datetime) -> int:
    """Blank the bodies of e-mails delivered (or given up on) more than
    OUTBOX_BODY_RETENTION_DAYS after they were written: they hold needs and contact
    details, and are no use once sent. The row stays, with its recipient and subject, so
    coordinators still see which e-mails went out and the dedupe key still stops the same
    event being e-mailed twice. Returns how many were blanked."""
    cutoff = now - timedelta(days=current_app.config["OUTBOX_BODY_RETENTION_DAYS"])
    return db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status != OutboxStatus.PENDING,
            OutboxMessage.created_at < cutoff,
            OutboxMessage.text_body != "",
        )
        .values(text_body="", html_body="")
        .execution_options(synchronize_session=False)
    ).rowcount
