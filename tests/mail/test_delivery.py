"""The outbox is delivered over real SMTP (aiosmtpd on loopback), even when SMTP goes away."""

import threading
from datetime import timedelta

from sqlalchemy import select

from matchmaker import jobs
from matchmaker.extensions import db
from matchmaker.mail.delivery import MailSettings, deliver_due
from matchmaker.mail.outbox import queue_email
from matchmaker.models import OutboxMessage, OutboxStatus, utcnow


def queue(n: int, prefix: str = "event") -> None:
    for i in range(n):
        queue_email(
            f"person{i}@example.com",
            "password_reset",
            subject=f"Message {i}",
            dedupe_key=f"{prefix}:{i}",
            reset_url=f"http://localhost:5000/reset/{i}",
            valid_minutes=60,
        )
    db.session.commit()


def settings(app, url) -> MailSettings:
    return MailSettings.from_config(app.config | {"MAIL_URL": url})


def test_messages_are_delivered_as_text_and_html(app, smtp_server):
    queue(2)
    assert deliver_due(settings(app, smtp_server.url)) == 2
    [message] = smtp_server.to("person1@example.com")
    assert message["Subject"] == "Message 1"
    assert "http://localhost:5000/reset/1" in smtp_server.text_of(message)
    assert message.get_body(("html",)).get_content().startswith("<!DOCTYPE html>")
    assert all(row.status == OutboxStatus.SENT for row in db.session.scalars(select(OutboxMessage)))


def test_queuing_the_same_event_twice_sends_one_email(app, smtp_server):
    queue(1)
    queue(1)
    deliver_due(settings(app, smtp_server.url))
    assert len(smtp_server.messages) == 1


def test_smtp_down_then_back_delivers_everything_once(app, smtp_server):
    queue(5)
    smtp_server.stop()
    now = utcnow()
    assert deliver_due(settings(app, smtp_server.url), now=now) == 0
    failed = db.session.scalars(select(OutboxMessage).where(OutboxMessage.attempts > 0)).all()
    assert len(failed) == 1 and failed[0].status == OutboxStatus.PENDING
    assert failed[0].next_attempt_at > now and "ConnectionRefused" in failed[0].last_error

    # Still down a little later: nothing lost, nothing sent.
    assert deliver_due(settings(app, smtp_server.url), now=now + timedelta(seconds=1)) == 0

    smtp_server.start()
    later = now + timedelta(hours=1)
    assert deliver_due(settings(app, smtp_server.url), now=later) == 5
    assert deliver_due(settings(app, smtp_server.url), now=later) == 0
    recipients = sorted(m["To"] for m in smtp_server.messages)
    assert recipients == [f"person{i}@example.com" for i in range(5)]


def test_backoff_grows_and_a_message_gives_up_after_the_last_attempt(app, smtp_server):
    queue(1)
    smtp_server.stop()
    mail = settings(app, smtp_server.url)
    now = utcnow()
    waits = []
    for _ in range(mail.max_attempts):
        deliver_due(mail, now=now)
        row = db.session.scalar(select(OutboxMessage))
        waits.append((row.next_attempt_at - now).total_seconds())
        now = row.next_attempt_at
    assert waits[1] == 2 * waits[0] and waits[2] == 2 * waits[1]
    assert row.status == OutboxStatus.FAILED and row.attempts == mail.max_attempts


def test_several_workers_at_once_send_each_message_exactly_once(app, smtp_server):
    queue(30)
    mail = settings(app, smtp_server.url)
    errors = []

    def work():
        with app.app_context():
            try:
                deliver_due(mail, limit=100)
            except Exception as error:  # a worker failing would hide messages; report it
                errors.append(error)
            finally:
                db.session.remove()

    workers = [threading.Thread(target=work) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    recipients = sorted(m["To"] for m in smtp_server.messages)
    assert recipients == sorted(f"person{i}@example.com" for i in range(30))


def test_without_mail_url_emails_are_written_to_the_log(app, caplog):
    queue(1)
    with caplog.at_level("INFO", logger="matchmaker.mail.delivery"):
        assert deliver_due(settings(app, None)) == 1
    assert "E-mail to person0@example.com: Message 0" in caplog.text
    assert "http://localhost:5000/reset/0" in caplog.text


def test_sent_emails_bodies_are_forgotten_after_30_days_and_never_resent(app, smtp_server):
    queue(3)
    deliver_due(settings(app, smtp_server.url))
    queue(1, prefix="still-waiting")  # SMTP never took it: kept whole until it is sent
    written = utcnow()

    assert jobs.forget_old_email_bodies(written + timedelta(days=29)) == 0
    assert jobs.forget_old_email_bodies(written + timedelta(days=31)) == 3

    rows = {row.dedupe_key: row for row in db.session.scalars(select(OutboxMessage))}
    assert {(rows[f"event:{i}"].text_body, rows[f"event:{i}"].html_body) for i in range(3)} == {
        ("", "")
    }
    # The record of what went out stays, for the coordinators' view of an introduction.
    assert rows["event:1"].subject == "Message 1" and rows["event:1"].sent_at is not None
    assert "reset/0" in rows["still-waiting:0"].text_body
    # The same events queued again still send nothing twice.
    queue(3)
    deliver_due(settings(app, smtp_server.url))
    assert len(smtp_server.messages) == 4  # ... and the waiting one went out at last
    assert jobs.forget_old_email_bodies(written + timedelta(days=62)) == 1
    assert jobs.forget_old_email_bodies(written + timedelta(days=62)) == 0
