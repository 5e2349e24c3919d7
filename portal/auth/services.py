"""Account rules: password hashing, login throttling, invitations, resets, sessions."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context, url_for
from sqlalchemy import func, select, update

from portal.auth.models import AccountToken, Organisation, Role, TokenPurpose, User
from portal.db_types import utcnow
from portal.extensions import db
from portal.mail.services import portal_url, queue_mail, queue_rendered, render_mail
from portal.prepared import get_by_id
from portal.security.models import RateLimitCounter


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


# An address without an account keeps the same failed-login state as an account would, in
# shared counter rows, so the answers (slow-down, lockout, message, time) never tell whether
# someone has an account here: a candidate account exists only for someone on sick leave.
FAILURE_MEMORY = timedelta(hours=1)  # failures older than this are forgotten, for everyone
GENERIC_LOGIN_ERROR = "Dit e-mailadres en wachtwoord horen niet bij elkaar. Controleer ze en probeer het opnieuw."


@dataclass
class _UnknownAccount:
    """The throttle state of an e-mail address that has no account (same fields as User)."""

    key: str
    failed_logins: int = 0
    last_failed_login_at: datetime | None = None
    locked_until: datetime | None = None
    rows: dict = field(default_factory=dict)  # window -> its stored RateLimitCounter


def _unknown_account(email: str) -> _UnknownAccount:
    key = "login-unknown:" + hashlib.sha256(normalise_email(email).encode()).hexdigest()
    state = _UnknownAccount(key)
    for row in db.session.scalars(select(RateLimitCounter).where(RateLimitCounter.key == key)):
        state.rows[row.window] = row
        if row.window == 0:
            state.failed_logins, state.last_failed_login_at = row.hits, row.expires_at
        elif row.window == 1:
            state.locked_until = row.expires_at
    return state


def _save_unknown(state: _UnknownAccount) -> None:
    """Window 0 holds the count and the last failure, window 1 the lock (expires_at as the time)."""
    for window, hits, at in ((0, state.failed_logins, state.last_failed_login_at), (1, 0, state.locked_until)):
        row = state.rows.get(window)  # read with the state: no second look-up
        if at is None:
            if row is not None:
                db.session.delete(row)
        elif row is None:
            db.session.add(RateLimitCounter(key=state.key, window=window, hits=hits, expires_at=at))
        else:
            row.hits, row.expires_at = hits, at


def _wait_needed(state, now: datetime) -> int:
    """Seconds the account (or unknown address) must still wait before the next attempt."""
    cfg = current_app.config
    if state.locked_until and state.locked_until > now:
        return int((state.locked_until - now).total_seconds()) + 1
    over = state.failed_logins - cfg["LOGIN_SLOWDOWN_AFTER"] + 1
    if over > 0 and state.last_failed_login_at:
        delay = timedelta(seconds=min(2 ** over, 60))
        ready_at = state.last_failed_login_at + delay
        if ready_at > now:
            return int((ready_at - now).total_seconds()) + 1
    return 0


def _wait_message(state, wait: int, now: datetime) -> str:
    if state.locked_until and state.locked_until > now:
        minutes = max(1, round(wait / 60))
        return (f"Je account is tijdelijk geblokkeerd na te veel mislukte pogingen. "
                f"Probeer het over {minutes} {'minuut' if minutes == 1 else 'minuten'} opnieuw "
                f"of stel een nieuw wachtwoord in.")
    return f"Te veel pogingen achter elkaar. Wacht {wait} seconden en probeer het opnieuw."


def _count_failure(state, now: datetime) -> None:
    cfg = current_app.config
    state.failed_logins += 1
    state.last_failed_login_at = now
    if state.failed_logins >= cfg["LOGIN_LOCK_AFTER"]:
        state.locked_until = now + timedelta(minutes=cfg["LOGIN_LOCK_MINUTES"])
        state.failed_logins = 0


def attempt_login(email: str, password: str, now: datetime | None = None) -> LoginResult:
    """Check credentials with slow-down and lockout; the caller commits.

    Known and unknown addresses take one path: the same throttle rules, the same messages,
    and one password hash verification each (against a dummy hash when there is no account).
    """
    now = now or utcnow()
    user = get_user_by_email(email)
    shadow = _unknown_account(email)  # read for every address: both paths send the same queries
    state = user if user is not None else shadow
    if state.last_failed_login_at and now - state.last_failed_login_at > FAILURE_MEMORY:
        state.failed_logins = 0
    wait = _wait_needed(state, now)
    if wait:
        verify_password(None, password)  # the same work as a real check; the answer is ignored
        return LoginResult(None, _wait_message(state, wait, now), wait)
    if not verify_password(user, password) or user is None or not user.active:
        _count_failure(state, now)
        if user is None:
            _save_unknown(state)
        return LoginResult(None, GENERIC_LOGIN_ERROR)
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
    """Only same-site relative paths may be used as a redirect target (the one check everywhere)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in target):  # browsers drop tabs and newlines: "/\t/evil"
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


def send_invite(user: User, inviter: User, **about) -> None:
    """Queue an invitation with a single-use link; `about` is what the mail says of the bureau,
    the trajectories and the tasks (portal.admin.invitations builds it per role)."""
    token = issue_token(user, TokenPurpose.INVITE, created_by=inviter)
    row_expiry = utcnow() + current_app.config["INVITE_TTL"]
    bureau = about.get("bureau")
    subject = f"Uitnodiging van {bureau} voor Tweede Spoor Online" if bureau else "Je account voor Tweede Spoor Online"
    queue_mail(
        user.email, subject, "invite", user_id=user.id,
        user=user, inviter=inviter.name, expires_at=row_expiry,
        link=portal_url(url_for("auth.activate", token=token)), **about,
    )


def request_reset(email: str) -> None:
    """Queue a reset mail when the account exists; for an unknown address do the same work
    (token, both mail bodies) and store nothing, so neither answer nor time tells them apart."""
    user = get_user_by_email(email)
    known = user is not None and user.active
    counter = _note_reset_request(email)
    recipient = user if known else User(email=normalise_email(email)[:254], name="", role=str(Role.CANDIDATE))
    token = issue_token(user, TokenPurpose.RESET) if known else secrets.token_urlsafe(32)
    if not known:
        _token_hash(token)
    message = render_mail(
        "Nieuw wachtwoord voor Tweede Spoor Online", "reset",
        user=recipient, expires_at=utcnow() + current_app.config["RESET_TTL"],
        link=portal_url(url_for("auth.reset_password", token=token)),
    )
    if known:
        queue_rendered(user.email, message, user_id=user.id)
    else:
        _same_round_trips_as_a_reset(counter)


def _same_round_trips_as_a_reset(counter: tuple[str, int]) -> None:
    """For an unknown address: as many statements as a real reset sends (the search for
    open tokens, then two writes: the token and the mail), with no effect, so the database's
    round trips do not tell the two apart either."""
    db.session.execute(select(AccountToken.id).where(
        AccountToken.user_id == -1, AccountToken.purpose == TokenPurpose.RESET, AccountToken.used_at.is_(None)))
    key, window = counter
    for _ in range(2):
        db.session.execute(update(RateLimitCounter).where(
            RateLimitCounter.key == key, RateLimitCounter.window == window).values(hits=RateLimitCounter.hits))


def _note_reset_request(email: str) -> tuple[str, int]:
    """Count the request per address and hour, for known and unknown alike (one write on both paths)."""
    now = utcnow()
    key = "reset-request:" + hashlib.sha256(normalise_email(email).encode()).hexdigest()
    window = int(now.timestamp() // 3600)
    row = db.session.get(RateLimitCounter, (key, window))
    if row is None:
        db.session.add(RateLimitCounter(key=key, window=window, hits=1, expires_at=now + timedelta(hours=1)))
    else:
        row.hits += 1
    return key, window
