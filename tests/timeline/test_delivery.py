"""Outbox delivery against a real SMTP server on 127.0.0.1 (aiosmtpd), with retry."""

from __future__ import annotations

import socket
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from portal.db_types import utcnow
from portal.extensions import db
from portal.mail.models import OutboxMessage
from portal.mail.services import backoff, deliver_pending, queue_mail
from tests.factories import UserFactory


class Handler:
    """Accepts mail, or refuses it with a temporary error while `fail` is set."""

    def __init__(self):
        self.fail = True
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        if self.fail:
            return "451 4.3.0 Tijdelijk niet beschikbaar"
        self.received.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(app):
    handler = Handler()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, MAIL_SENDER="Portaal <noreply@example.nl>")
    yield handler
    controller.stop()


def _queue(user, key="r1"):
    message = queue_mail(user.email, "Herinnering: opvolgen", "timeline_reminder", user_id=user.id,
                         category="reminder:follow_up_due", dedupe_key=key, user=user,
                         lines=["Bel Bakkerij Jansen."], link="http://localhost/trajecten/1",
                         preferences_link="http://localhost/meldingen/voorkeuren")
    db.session.commit()
    return message


def test_failed_delivery_is_kept_and_retried_later_exactly_once(app, smtp, runner):
    user = UserFactory()
    message = _queue(user)
    message_id = message.id

    # First run: the server refuses -> attempt recorded, mail kept, retry planned.
    first = runner.invoke(args=["send-reminders", "--no-generate"])
    assert first.exit_code == 1 and "mislukt (later opnieuw): 1" in first.output
    db.session.expire_all()
    message = db.session.get(OutboxMessage, message_id)
    assert message.sent_at is None and message.attempts == 1
    assert "451" in message.last_error and message.next_attempt_at > utcnow()

    # A run before the retry time leaves it alone (backoff), even though the server is fine now.
    smtp.fail = False
    early = runner.invoke(args=["send-reminders", "--no-generate"])
    assert early.exit_code == 0 and "Verzonden: 0" in early.output
    assert smtp.received == []

    # Later: delivered once; further runs send nothing.
    result = deliver_pending(now=utcnow() + timedelta(hours=1))
    assert result.sent == 1
    assert deliver_pending(now=utcnow() + timedelta(hours=2)).sent == 0
    again = runner.invoke(args=["send-reminders", "--no-generate"])
    assert "Verzonden: 0" in again.output
    assert len(smtp.received) == 1
    db.session.expire_all()
    message = db.session.get(OutboxMessage, message_id)
    assert message.sent_at is not None and message.attempts == 2 and message.last_error == ""

    envelope = smtp.received[0]
    assert envelope.rcpt_tos == [user.email]
    mail = message_from_bytes(envelope.content, policy=policy.default)
    assert mail["Subject"] == "Herinnering: opvolgen" and "noreply@example.nl" in mail["From"]
    assert mail.get_body(("plain",)).get_content().startswith("Beste")
    assert "http://localhost/trajecten/1" in mail.get_body(("html",)).get_content()


def test_unreachable_server_keeps_every_mail(app):
    users = [UserFactory(), UserFactory()]
    for number, user in enumerate(users):
        _queue(user, key=f"k{number}")
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port())  # nobody listens
    result = deliver_pending()
    assert result.failed == 2 and result.sent == 0
    rows = db.session.scalars(select(OutboxMessage)).all()
    assert all(r.sent_at is None and r.attempts == 1 and r.last_error for r in rows)


def test_without_mail_server_mail_stays_in_the_outbox(app):
    _queue(UserFactory())
    app.config["MAIL_SERVER"] = ""
    result = deliver_pending()
    assert (result.sent, result.failed, result.waiting) == (0, 0, 1)
    assert db.session.scalar(select(OutboxMessage)).attempts == 0


def test_queueing_twice_stores_once(app):
    user = UserFactory()
    _queue(user, key="same")
    assert _queue(user, key="same") is None


def test_full_run_generates_and_delivers_once(app, smtp, runner):
    from datetime import date

    from portal.diary.models import DiaryEntry
    from tests.factories import TrajectoryFactory

    smtp.fail = False
    t = TrajectoryFactory(spoor2_start=date(2026, 1, 5))
    db.session.add(DiaryEntry(trajectory_id=t.id, entry_date=date(2026, 3, 2), kind="application_letter",
                              status="sent", follow_up_on=date(2026, 3, 9)))
    db.session.commit()
    for _ in range(2):
        result = runner.invoke(args=["send-reminders", "--date", "2026-03-09"])
        assert result.exit_code == 0, result.output
    recipients = sorted(r for e in smtp.received for r in e.rcpt_tos)
    assert recipients.count(t.candidate.email) == 1  # the follow-up, once
    # Each mail once: the advisor may get two different ones (the digest, a report that is due).
    from email import message_from_bytes

    def subject(envelope) -> str:
        content = envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode()
        return str(message_from_bytes(content)["Subject"])

    mails = sorted((r, subject(e)) for e in smtp.received for r in e.rcpt_tos)
    assert len(mails) == len(set(mails))


def test_backoff_grows_and_is_capped():
    assert backoff(1) == timedelta(minutes=5)
    assert backoff(2) == timedelta(minutes=10)
    assert backoff(4) == timedelta(minutes=40)
    assert backoff(30) == timedelta(hours=12)
