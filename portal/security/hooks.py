"""Wires the security rules into every request: rate limits, session rules, headers."""

from __future__ import annotations

from flask import Flask, request, session
from flask_login import current_user

from portal.auth.services import normalise_email
from portal.security import ratelimit
from portal.security.headers import set_security_headers
from portal.security.sessions import check_session, session_hints

# POST endpoints that guess or send something: endpoint -> limit kind. Per account and per address.
LIMITED_ENDPOINTS = {
    "auth.login": "login",
    "security.second_step": "twofactor",
    "auth.forgot_password": "reset",
    "admin.invite": "invite",
    "admin.reinvite": "invite",
}


def _account_key(kind: str) -> str | None:
    if kind in {"login", "reset"}:
        email = normalise_email(request.form.get("email", ""))[:254]
        return email or None
    if kind == "twofactor":
        user_id = session.get("pending_user")
        return f"user-{user_id}" if user_id else None
    return f"user-{current_user.id}" if current_user.is_authenticated else None


def limit_attempts():
    kind = LIMITED_ENDPOINTS.get(request.endpoint or "")
    if kind and request.method == "POST":
        ratelimit.enforce(kind, _account_key(kind))


def init_app(app: Flask) -> None:
    app.before_request(limit_attempts)
    app.before_request(check_session)
    app.after_request(set_security_headers)
    app.context_processor(session_hints)
