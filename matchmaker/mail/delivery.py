"""Deliver the outbox over SMTP, with retries and backoff; safe with several workers.

A worker claims one message at a time: it picks a due row (`FOR UPDATE SKIP LOCKED` on
PostgreSQL, so workers pass each other by) and commits a lease on it with a conditional
UPDATE that only one worker can win, on any database. It then sends without holding a
lock and records the result. A worker that dies mid-send leaves the lease to expire and
the message is tried again, so nothing is lost; no two workers ever hold the same lease,
so nobody is sent the same message twice.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

from sqlalchemy import select, update

from ..extensions import db
from ..models import OutboxMessage, OutboxStatus, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MailSettings:
    url: str | None
    sender: str
    max_attempts: int
    backoff_seconds: int

    @classmethod
    def from_config(cls, config) -> MailSettings:
        return cls(
            url=config["MAIL_URL"],
            sender=config["MAIL_SENDER"],
            max_attempts=config["OUTBOX_MAX_ATTEMPTS"],
            backoff_seconds=config["OUTBOX_BACKOFF_SECONDS"],
        )


class SmtpTransport:
    """One SMTP connection, opened on first use, for a batch of messages."""

    def __init__(self, url: str, timeout: float = 10):
        self.parts = urlsplit(url)
        if self.parts.scheme not in ("smtp", "smtps"):
            raise ValueError("MAIL_URL must start with smtp:// or smtps://")
        self.timeout = timeout
        self.connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        host = self.parts.hostname or "localhost"
        if self.parts.scheme == "smtps":
            connection = smtplib.SMTP_SSL(host, self.parts.port or 465, timeout=self.timeout)
        else:
            connection = smtplib.SMTP(host, self.parts.port or 25, timeout=self.timeout)
            connection.ehlo()
            if connection.has_extn("starttls"):
                connection.starttls()
        if self.parts.username:
            connection.login(unquote(self.parts.username), unquote(self.parts.password or ""))
        return connection

    def send(self, message: EmailMessage) -> None:
        if self.connection is None:
            self.connection = self._connect()
        try:
            self.connection.send_message(message)
        except smtplib.SMTPServerDisconnected:
            # The server may drop idle connections: reconnect once, then let it fail.
            self.connection = self._connect()
            self.connection.send_message(message)

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.connection.quit()
            self.connection = None


class LogTransport:
    """Without MAIL_URL, e-mails are written to the log (development)."""

    def send(self, message: EmailMessage) -> None:
        body = message.get_body(("plain",))
        log.info(
            "E-mail to %s: %s\n%s",
            message["To"],
            message["Subject"],
            body.get_content() if body else "",
        )

    def close(self) -> None:
        """Nothing to close: the log needs no connection."""


def build_message(row: OutboxMessage, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row.recipient
    message["Subject"] = row.subject
    # A stable id lets mail servers and clients drop a duplicate if a crash ever resends.
    message["Message-ID"] = make_msgid(idstring=f"outbox-{row.id}", domain="matchmaker.local")
    message.set_content(row.text_body)
    message.add_alternative(row.html_body, subtype="html")
    return message


# How long a claimed message is left alone before another worker may try it.
LEASE = timedelta(minutes=5)


def _claim_next(now: datetime) -> OutboxMessage | None:
    """Lease one due message to this worker, or return None if none is due."""
    while True:
        candidate = db.session.execute(
            select(OutboxMessage.id, OutboxMessage.attempts)
            .where(
                OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now
            )
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        if candidate is None:
            db.session.rollback()
            return None
        won = db.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == candidate.id,
                OutboxMessage.attempts == candidate.attempts,
                OutboxMessage.status == OutboxStatus.PENDING,
            )
            .values(attempts=candidate.attempts + 1, next_attempt_at=now + LEASE)
        ).rowcount
        db.session.commit()
        if won:
            return db.session.get(OutboxMessage, candidate.id)


def deliver_due(settings: MailSettings, *, now: datetime | None = None, limit: int = 50) -> int:
    """Send up to `limit` due messages; returns how many were sent."""
    now = now or utcnow()
    transport = SmtpTransport(settings.url) if settings.url else LogTransport()
    sent = 0
    try:
        for _ in range(limit):
            row = _claim_next(now)
            if row is None:
                break
            try:
                transport.send(build_message(row, settings.sender))
            except (smtplib.SMTPException, OSError) as error:
                _record_failure(row, error, settings, now)
                db.session.commit()
                transport.close()
                # The server is probably down: leave the rest for the next round.
                break
            row.status = OutboxStatus.SENT
            row.sent_at = utcnow()
            db.session.commit()
            sent += 1
    finally:
        db.session.rollback()
        transport.close()
    return sent


def _record_failure(row: OutboxMessage, error: Exception, settings: MailSettings, now) -> None:
    row.last_error = f"{type(error).__name__}: {error}"[:1000]
    if row.attempts >= settings.max_attempts:
        row.status = OutboxStatus.FAILED
        log.error("Giving up on e-mail %s to %s: %s", row.id, row.recipient, row.last_error)
    else:
        row.next_attempt_at = now + timedelta(
            seconds=settings.backoff_seconds * 2 ** (row.attempts - 1)
        )
        log.warning("E-mail %s not sent (attempt %s): %s", row.id, row.attempts, row.last_error)
