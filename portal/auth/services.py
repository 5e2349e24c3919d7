"""Account rules: password hashing, login throttling, invitations, resets, sessions."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context, url_for
from sqlalchemy import func, select

from portal.auth.models import AccountToken, Organisation, Role, TokenPurpose, User
from portal.db_types import utcnow
from portal.extensions import db
from portal.mail.services import portal_url, queue_mail
from portal.prepared import get_by_id


@lru_cache(maxsize=4)
def _hasher_for(params: tuple[tuple[str, int], ...]) -> tuple[PasswordHasher, str]:
    """The hasher for a set of argon2 parameters, with its dummy hash.

    Verifying against the dummy hash keeps the time of "unknown e-mail" equal to "wrong
    password", so it must come from the same parameters as real hashes.
    """
    hasher = PasswordHasher(**dict(params))
    return hasher, hasher.hash("not-a-real-password-used-for-timing")


def _hasher() -> tuple[PasswordHasher, str]:
    """argon2 with the app's PASSWORD_HASH_PARAMS (empty: the library's recommended defaults)."""
    params = current_app.config.get("PASSWORD_HASH_PARAMS") if has_app_context() else None
    return _hasher_for(tuple(sorted((params or {}).items())))


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def hash_password(password: str) -> str:
    return _hasher()[0].hash(password)


def verify_password(user: User | None, password: str) -> bool:
    """Check a password in constant-ish time; rehash when parameters changed."""
    hasher, dummy = _hasher()
    stored = user.password_hash if user and user.password_hash else dummy
    try:
        hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
    if user is None or not user.password_hash:
        return False
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return True


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


# --- login throttling (stored on the user row, so it holds across processes) -------------

@dataclass(frozen=True)
class LoginResult:
    user: User | None
    error: str | None = None  # Dutch message for the form
    wait_seconds: int = 0


def _wait_needed(user: User, now: datetime) -> int:
    """Seconds the user must still wait before the next attempt (0 when free to try)."""
    cfg = current_app.config
    if user.locked_until and user.locked_until > now:
        return int((user.locked_until - now).total_seconds()) + 1
    over = user.failed_logins - cfg["LOGIN_SLOWDOWN_AFTER"] + 1
    if over > 0 and user.last_failed_login_at:
        delay = timedelta(seconds=min(2 ** over, 60))
        ready_at = user.last_failed_login_at + delay
        if ready_at > now:
            return int((ready_at - now).total_seconds()) + 1
    return 0


def attempt_login(email: str, password: str, now: datetime | None = None) -> LoginResult:
    """Check credentials with slow-down and lockout; the caller commits."""
    now = now or utcnow()
    user = get_user_by_email(email)
    generic = "Dit e-mailadres en wachtwoord horen niet bij elkaar. Controleer ze en probeer het opnieuw."
    if user is not None:
        wait = _wait_needed(user, now)
        if wait:
            if user.locked_until and user.locked_until > now:
                minutes = max(1, round(wait / 60))
                msg = (f"Je account is tijdelijk geblokkeerd na te veel mislukte pogingen. "
                       f"Probeer het over {minutes} {'minuut' if minutes == 1 else 'minuten'} opnieuw "
                       f"of stel een nieuw wachtwoord in.")
            else:
                msg = f"Te veel pogingen achter elkaar. Wacht {wait} seconden en probeer het opnieuw."
            return LoginResult(None, msg, wait)
    if not verify_password(user, password) or user is None or not user.active:
        if user is not None:
            user.failed_logins += 1
            user.last_failed_login_at = now
            cfg = current_app.config
            if user.failed_logins >= cfg["LOGIN_LOCK_AFTER"]:
                user.locked_until = now + timedelta(minutes=cfg["LOGIN_LOCK_MINUTES"])
                user.failed_logins = 0
        return LoginResult(None, generic)
    user.failed_logins = 0
    user.locked_until = None
    user.last_failed_login_at = None
    user.last_login_at = now
    return LoginResult(user)


def end_all_sessions(user: User) -> None:
    """Invalidate every session of the user (sessions carry the version they were made with)."""
    user.session_version = (user.session_version or 1) + 1


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    end_all_sessions(user)


def load_user_from_session(session_id: str) -> User | None:
    """Flask-Login loader: "<id>:<version>" must match the user's current version."""
    user_id, _, version = (session_id or "").partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = get_by_id(User, int(user_id))
    if user is None or user.session_version != int(version) or not user.active:
        return None
    return user


def is_safe_next(target: str | None) -> bool:
    """Only same-site relative paths may be used as a post-login redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


# --- tokens: invitations and resets ---------------------------------------------------------

def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, purpose: TokenPurpose, created_by: User | None = None, new_email: str | None = None) -> str:
    """Create a single-use token (older open tokens of that purpose are revoked)."""
    now = utcnow()
    for old in db.session.scalars(
        select(AccountToken).where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
        )
    ):
        old.used_at = now
    token = secrets.token_urlsafe(32)
    ttl = current_app.config["RESET_TTL" if purpose == TokenPurpose.RESET else "INVITE_TTL"]
    db.session.add(
        AccountToken(
            user_id=user.id,
            purpose=str(purpose),
            token_hash=_token_hash(token),
            created_by_id=created_by.id if created_by else None,
            expires_at=now + ttl,
            new_email=new_email,
        )
    )
    return token


def find_valid_token(token: str, purpose: TokenPurpose) -> AccountToken | None:
    """An unused, unexpired token of this purpose, or None."""
    if not token or len(token) > 200:
        return None
    row = db.session.scalar(
        select(AccountToken).where(
            AccountToken.token_hash == _token_hash(token), AccountToken.purpose == purpose
        )
    )
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    return row


def request_email_change(user: User, new_email: str, requested_by: User) -> None:
    """Mail a confirmation link to `new_email`; the address changes once its owner follows it,
    so a typo never locks anyone out. The old address hears of it."""
    new_email = normalise_email(new_email)
    token = issue_token(user, TokenPurpose.EMAIL_CHANGE, created_by=requested_by, new_email=new_email)
    queue_mail(
        new_email, "Bevestig je nieuwe e-mailadres voor Tweede Spoor Online", "email_change", user_id=user.id,
        user=user, new_email=new_email, expires_at=utcnow() + current_app.config["INVITE_TTL"],
        link=portal_url(url_for("auth.confirm_email", token=token)),
    )


def confirm_email_change(row: AccountToken) -> User:
    """Use an EMAIL_CHANGE token: the account takes the new address (unless it was taken meanwhile)."""
    user = row.user
    if email_taken(row.new_email):
        raise ValueError("Dit e-mailadres is intussen in gebruik voor een ander account.")
    old = user.email
    row.used_at = utcnow()
    user.email = row.new_email
    queue_mail(old, "Je e-mailadres voor Tweede Spoor Online is gewijzigd", "email_changed", user_id=user.id,
               user=user, new_email=user.email)
    return user


def use_token(row: AccountToken, password: str) -> User:
    """Consume a token by setting the user's password."""
    row.used_at = utcnow()
    set_password(row.user, password)
    return row.user


def email_taken(email: str) -> bool:
    return db.session.scalar(
        select(func.count()).select_from(User).where(User.email == normalise_email(email))
    ) > 0


def create_user(
    email: str,
    name: str,
    role: Role | str,
    password: str | None = None,
    organisation: Organisation | None = None,
    is_case_manager: bool = False,
) -> User:
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        role=str(Role(role)),
        organisation=organisation,
        is_case_manager=is_case_manager,
        password_hash=hash_password(password) if password else None,
    )
    db.session.add(user)
    return user


def invite_user(inviter: User, email: str, name: str, role: Role | str,
                organisation: Organisation | None = None) -> User:
    """Create an account without password and mail a single-use link to set one."""
    user = create_user(email, name, role, organisation=organisation)
    db.session.flush()
    send_invite(user, inviter)
    return user


def send_invite(user: User, inviter: User) -> None:
    token = issue_token(user, TokenPurpose.INVITE, created_by=inviter)
    row_expiry = utcnow() + current_app.config["INVITE_TTL"]
    queue_mail(
        user.email, "Je account voor Tweede Spoor Online", "invite", user_id=user.id,
        user=user, inviter=inviter.name, expires_at=row_expiry,
        link=portal_url(url_for("auth.activate", token=token)),
    )


def request_reset(email: str) -> None:
    """Queue a reset mail when the account exists; silent otherwise (no account probing)."""
    user = get_user_by_email(email)
    if user is None or not user.active:
        return
    token = issue_token(user, TokenPurpose.RESET)
    queue_mail(
        user.email, "Nieuw wachtwoord voor Tweede Spoor Online", "reset", user_id=user.id,
        user=user, expires_at=utcnow() + current_app.config["RESET_TTL"],
        link=portal_url(url_for("auth.reset_password", token=token)),
    )
