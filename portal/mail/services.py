"""Queueing mail: render a Dutch text + HTML mail and store it in the outbox."""

from __future__ import annotations

from flask import current_app, render_template
from sqlalchemy import select

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
    **context,
) -> OutboxMessage | None:
    """Store a mail rendered from `mail/<template>.txt` and `.html`; None if already queued."""
    if dedupe_key and db.session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
    ):
        return None
    context.setdefault("portal_url", portal_url("/"))
    message = OutboxMessage(
        recipient=recipient,
        user_id=user_id,
        subject=subject,
        body_text=render_template(f"mail/{template}.txt", subject=subject, **context),
        body_html=render_template(f"mail/{template}.html", subject=subject, **context),
        category=category,
        dedupe_key=dedupe_key,
    )
    db.session.add(message)
    return message
