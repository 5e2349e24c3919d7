"""Mail: render a Dutch text + HTML mail into the outbox, and deliver the outbox over SMTP."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template
from sqlalchemy import func, or_, select, update

from portal.db_types import utcnow
from portal.extensions import db
from portal.mail.models import OutboxMessage


def portal_url(path: str) -> str:
    """An absolute link into the portal for mails (BASE_URL + path)."""
    return current_app.config["BASE_URL"].rstrip("/") + path


def queue_mail(
    recipient: str,
    subject: str,
    template: str,
    *,
    user_id: int | None = None,
    category: str = "account",
    dedupe_key: str | None = None,
    attachment: Attachment | None = None,
    **context,
) -> OutboxMessage | None:
    """Store a mail rendered from `mail/<template>.txt` and `.html`; None if already queued."""
    if dedupe_key and db.session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
    ):
        return None
    message = queue_rendered(recipient, render_mail(subject, template, **context), user_id=user_id,
                             category=category, dedupe_key=dedupe_key)
    if attachment is not None:
        message.attachment_name, message.attachment_type = attachment.filename, attachment.content_type
        message.attachment_body = attachment.body
    return message


@dataclass(frozen=True)
class Attachment:
    """A text attachment of a mail, e.g. an iCalendar invitation."""

    filename: str
    content_type: str  # "text/calendar; method=REQUEST"
    body: str


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    body_text: str
    body_html: str


def render_mail(subject: str, template: str, **context) -> RenderedMail:
    """Both bodies of a mail from `mail/<template>.txt` and `.html` (nothing stored)."""
    context.setdefault("portal_url", portal_url("/"))
    return RenderedMail(
        subject,
        render_template(f"mail/{template}.txt", subject=subject, **context),
        render_template(f"mail/{template}.html", subject=subject, **context),
    )


def queue_rendered(recipient: str, mail: RenderedMail, *, user_id: int | None = None, category: str = "account",
                   dedupe_key: str | None = None) -> OutboxMessage:
    """Store a rendered mail in the outbox; the caller commits."""
    message = OutboxMessage(recipient=recipient, user_id=user_id, subject=mail.subject, body_text=mail.body_text,
                            body_html=mail.body_html, category=category, dedupe_key=dedupe_key)
    db.session.add(message)
    return message


# --- delivery --------------------------------------------------------------------------------

log = logging.getLogger("portal.mail")

BACKOFF_BASE = timedelta(minutes=5)
BACKOFF_MAX = timedelta(hours=12)
# While one run delivers a message, other runs leave it alone for this long.
CLAIM_FOR = timedelta(minutes=10)


@dataclass
class DeliveryResult:
    sent: int = 0
    failed: int = 0
    waiting: int = 0  # pending but not due yet, or kept because no MAIL_SERVER is set
    errors: list[str] = field(default_factory=list)


def backoff(attempts: int) -> timedelta:
    """Wait 5, 10, 20, 40 minutes ... after each failed attempt, at most 12 hours."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The outbox row as a MIME mail: plain text with an HTML alternative."""
    mail = EmailMessage()
    mail["Subject"] = message.subject
    mail["From"] = sender
    mail["To"] = message.recipient
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}", domain="tweedespoor.nl")
    mail.set_content(message.body_text)
    if message.body_html:
        mail.add_alternative(message.body_html, subtype="html")
    if message.attachment_name:
        _add_text_attachment(mail, message)
    return mail


def _add_text_attachment(mail: EmailMessage, message: OutboxMessage) -> None:
    # "text/calendar; method=REQUEST": calendar clients read the method from the part's type.
    maintype, _, rest = message.attachment_type.partition("/")
    subtype, *params = [p.strip() for p in rest.split(";")]
    if maintype != "text" or not subtype:
        raise ValueError(f"only text attachments are stored: {message.attachment_type!r}")
    mail.add_attachment(message.attachment_body, subtype=subtype, filename=message.attachment_name,
                        params=dict(p.split("=", 1) for p in params if "=" in p))


def _connect(config) -> smtplib.SMTP:
    smtp = smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=int(config.get("MAIL_TIMEOUT", 20)))
    if config.get("MAIL_USE_TLS") in (True, "1", "true", "True"):
        smtp.starttls()
    if config.get("MAIL_USERNAME"):
        smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
    return smtp


def _claim(message_id: int, now: datetime) -> bool:
    """Take one pending message for this run (another run at the same time skips it)."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.sent_at.is_(None),
            or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
        )
        .values(next_attempt_at=now + CLAIM_FOR)
    )
    db.session.commit()
    return result.rowcount == 1


def _failed(message: OutboxMessage, error: str, now: datetime) -> None:
    message.attempts = (message.attempts or 0) + 1
    message.last_error = error[:2000]
    message.next_attempt_at = now + backoff(message.attempts)
    db.session.commit()
    log.warning("mail %s to %s failed (attempt %s, retry at %s): %s",
                message.id, message.recipient, message.attempts, message.next_attempt_at, error)


def deliver_pending(now: datetime | None = None, limit: int = 200) -> DeliveryResult:
    """Send due outbox mail over SMTP; failures stay in the outbox with a later retry time.

    Each message is committed as sent right after the server accepted it, so a crash or a
    second run never sends it twice. Without MAIL_SERVER nothing is sent (development).
    """
    now = now or utcnow()
    config = current_app.config
    due = (OutboxMessage.sent_at.is_(None)) & or_(
        OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now
    )
    result = DeliveryResult()
    if not config.get("MAIL_SERVER"):
        result.waiting = db.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
        ) or 0
        log.info("MAIL_SERVER is not set: %s mail(s) stay in the outbox", result.waiting)
        return result
    ids = list(db.session.scalars(select(OutboxMessage.id).where(due).order_by(OutboxMessage.id).limit(limit)))
    smtp = None
    try:
        for message_id in ids:
            if not _claim(message_id, now):
                continue
            message = db.session.get(OutboxMessage, message_id)
            try:
                if smtp is None:
                    smtp = _connect(config)
                smtp.send_message(build_email(message, config["MAIL_SENDER"]))
            except (smtplib.SMTPException, OSError) as exc:
                error = f"{type(exc).__name__}: {exc}"
                _failed(message, error, now)
                result.failed += 1
                result.errors.append(error)
                if not isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError):
                    # The connection itself is broken: try again with a new one next time.
                    _close(smtp)
                    smtp = None
                continue
            message.sent_at = utcnow()
            message.attempts = (message.attempts or 0) + 1
            message.last_error = ""
            message.next_attempt_at = None
            db.session.commit()
            result.sent += 1
            log.info("mail %s sent to %s (%s)", message.id, message.recipient, message.category)
    finally:
        _close(smtp)
    return result


def _close(smtp) -> None:
    if smtp is None:
        return
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()
