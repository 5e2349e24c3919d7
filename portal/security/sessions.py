"""Session rules: a fresh session at login and at the second step, idle and absolute limits.

The session carries when it started (`auth_at`) and when it was last used (`seen_at`), as
Unix seconds; Flask-Login's id carries the user's session_version, so logout everywhere
and a password change end every other session.
"""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user

from portal.security import twofactor

PENDING_SECONDS = 300  # time to type the code after a correct password
# How often a request renews `seen_at`. Each renewal re-signs and re-sends the session
# cookie, so not on every request: the idle limit ends a session at most this much early.
TOUCH_SECONDS = 60
# Pages a signed-in staff member without two-factor may still use: enrolment and leaving.
ENROL_EXEMPT = frozenset({"security.enrol", "security.keepalive", "auth.logout", "static", "core.health",
                          "core.accessibility"})


def start_session(user) -> None:
    """Log in on a fresh session (no fixation) and remember when it started."""
    user = getattr(user, "_get_current_object", lambda: user)()  # never store the proxy
    session.clear()
    login_user(user)
    session.permanent = True
    now = int(time.time())
    session["auth_at"] = now
    session["seen_at"] = now


def begin_second_step(user, next_url: str) -> None:
    """After a correct password: a fresh session that only knows who must still type a code."""
    session.clear()
    session["pending_user"] = user.id
    session["pending_version"] = user.session_version
    session["pending_at"] = int(time.time())
    session["pending_next"] = next_url


def pending_user():
    """The user between password and code, or None when there is none or it took too long."""
    from portal.auth.models import User
    from portal.extensions import db

    user_id = session.get("pending_user")
    if not isinstance(user_id, int) or time.time() - session.get("pending_at", 0) > PENDING_SECONDS:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.session_version != session.get("pending_version"):
        return None
    return user


def seconds(name: str) -> int:
    """A duration setting in seconds (a timedelta in code, a number from the environment)."""
    value = current_app.config[name]
    return int(value.total_seconds() if hasattr(value, "total_seconds") else value)


def _expired(now: float) -> str | None:
    auth_at, seen_at = session.get("auth_at"), session.get("seen_at")
    if not isinstance(auth_at, int) or not isinstance(seen_at, int):
        return "Log opnieuw in."
    if now - auth_at > seconds("SESSION_ABSOLUTE_LIFETIME"):
        return "Je bent na een lange sessie automatisch uitgelogd. Log opnieuw in."
    if now - seen_at > seconds("SESSION_IDLE_TIMEOUT"):
        return "Je bent automatisch uitgelogd omdat je een tijd niets hebt gedaan. Log opnieuw in."
    return None


def check_session():
    """before_request: end idle or too old sessions; staff without two-factor must enrol first."""
    if request.endpoint == "static":  # no user (and no database) for a stylesheet
        return None
    user = current_user._get_current_object()  # read through the proxy once
    if not user.is_authenticated:
        return None
    now = time.time()
    reason = _expired(now)
    if reason:
        logout_user()
        session.clear()
        flash(reason, "info")
        target = request.full_path if request.method == "GET" else None
        if request.endpoint == "auth.login":  # the idle page sent here: keep where it came from
            target = request.args.get("next")
        return redirect(url_for("auth.login", next=target[:500] if target else None))
    if now - session["seen_at"] >= TOUCH_SECONDS or request.endpoint == "security.keepalive":
        session["seen_at"] = int(now)
    if twofactor.required_for(user) and not user.two_factor_enabled:
        if request.endpoint not in ENROL_EXEMPT:
            return redirect(url_for("security.enrol"))
    return None


def session_hints() -> dict:
    """Template values for the idle-timeout warning (read by static/js/portal.js)."""
    cfg = current_app.config
    return {
        "idle_timeout_seconds": int(seconds("SESSION_IDLE_TIMEOUT")),
        "idle_warning_seconds": int(cfg["SESSION_IDLE_WARNING"].total_seconds()),
    }
