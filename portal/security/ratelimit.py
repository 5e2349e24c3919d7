"""Rate limits shared by every server process: in Redis when REDIS_URL is set, else in the database.

Never in one process's memory, so several gunicorn workers enforce one limit together.
A limit is "hits per window" per key (an account or a client address).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from flask import abort, current_app, request
from sqlalchemy import delete, insert, update
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.security.models import RateLimitCounter

# name -> (hits, window seconds); per key, so "per account" and "per address" each get their own count.
DEFAULT_LIMITS = {
    "login-account": (20, 600),
    "login-address": (120, 600),  # generous: an office behind one address logs in a lot
    "twofactor-account": (10, 600),
    "twofactor-address": (30, 600),
    "reset-account": (5, 3600),
    "reset-address": (20, 3600),
    "invite-account": (30, 3600),
    "invite-address": (60, 3600),
    # The public overview check (/controle): enough for honest use, far too few to guess codes.
    "verify-address": (30, 600),
    # Expensive work a signed-in person starts: generous for honest use, bounded for a script.
    "paste-account": (30, 3600),
    "import-account": (20, 3600),
    "overview-account": (30, 3600),
    # Wrong second-factor codes, separate from the password counter (see security.views):
    # a short lock after a few, and a daily cap so guessing 6 digits takes decades.
    "twofactor-failures": (5, 900),
    "twofactor-failures-day": (20, 86400),
}
BUSY = "Je hebt dit in korte tijd heel vaak gedaan. Wacht even (uiterlijk een uur) en probeer het dan opnieuw."

_redis_clients: dict[str, object] = {}


def _redis(url: str):
    if url not in _redis_clients:
        import redis

        _redis_clients[url] = redis.Redis.from_url(url, socket_timeout=2)
    return _redis_clients[url]


def client_address() -> str:
    """The client's address as the server sees it (a proxy must set ProxyFix in wsgi.py)."""
    return (request.remote_addr or "unknown")[:64]


def _hit_redis(url: str, key: str, window: int, seconds: int) -> int:
    client = _redis(url)
    name = f"ts:rl:{key}:{window}"
    pipe = client.pipeline()
    pipe.incr(name)
    pipe.expire(name, seconds + 1)
    hits, _ = pipe.execute()
    return int(hits)


def _hit_db(key: str, window: int, seconds: int) -> int:
    """Count one hit in its own short transaction, independent of the request's session."""
    table = RateLimitCounter.__table__
    expires = datetime.fromtimestamp((window + 1) * seconds, UTC)
    with db.engine.begin() as conn:
        where = (table.c.key == key) & (table.c.window == window)
        if conn.execute(update(table).where(where).values(hits=table.c.hits + 1)).rowcount == 0:
            try:
                with conn.begin_nested():
                    conn.execute(insert(table).values(key=key, window=window, hits=1, expires_at=expires))
            except IntegrityError:  # another process inserted it first
                conn.execute(update(table).where(where).values(hits=table.c.hits + 1))
        hits = conn.execute(table.select().with_only_columns(table.c.hits).where(where)).scalar_one()
        if window % 50 == 0:  # now and then, forget old windows
            conn.execute(delete(table).where(table.c.expires_at < datetime.now(UTC) - timedelta(hours=1)))
    return int(hits)


def _count_db(key: str, window: int) -> int:
    table = RateLimitCounter.__table__
    with db.engine.connect() as conn:
        hits = conn.execute(
            table.select().with_only_columns(table.c.hits).where((table.c.key == key) & (table.c.window == window))
        ).scalar()
    return int(hits or 0)


def _slot(name: str, key: str, now: float | None) -> tuple[int, int, str, int]:
    limits = {**DEFAULT_LIMITS, **current_app.config.get("RATE_LIMITS", {})}
    allowed, seconds = limits[name]
    window = int((now if now is not None else time.time()) // seconds)
    return allowed, seconds, f"{name}:{key.lower()[:150]}", window


def hit(name: str, key: str, now: float | None = None) -> bool:
    """Count one attempt for `name` and `key`; False when the limit is exceeded."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return True
    allowed, seconds, full_key, window = _slot(name, key, now)
    url = current_app.config.get("REDIS_URL")
    hits = _hit_redis(url, full_key, window, seconds) if url else _hit_db(full_key, window, seconds)
    return hits <= allowed


def used_up(name: str, key: str, now: float | None = None) -> bool:
    """True when `key` already has all its allowed hits for `name` (counts nothing)."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return False
    allowed, _seconds, full_key, window = _slot(name, key, now)
    url = current_app.config.get("REDIS_URL")
    if url:
        hits = int(_redis(url).get(f"ts:rl:{full_key}:{window}") or 0)
    else:
        hits = _count_db(full_key, window)
    return hits >= allowed


def allow_work(name: str, user) -> bool:
    """Count one expensive action (paste, import, overview) for this user; False when over the limit."""
    return hit(f"{name}-account", f"user-{user.id}")


def second_step_locked(user) -> bool:
    """True while this account may not try second-factor codes (too many wrong ones)."""
    key = f"user-{user.id}"
    return used_up("twofactor-failures", key) or used_up("twofactor-failures-day", key)


def record_failed_second_step(user) -> None:
    key = f"user-{user.id}"
    hit("twofactor-failures", key)
    hit("twofactor-failures-day", key)


def record_failed_login(email: str) -> None:
    """A failed password for this account: counts towards its limit (successes never do)."""
    if email:
        hit("login-account", email)


def enforce(kind: str, account: str | None = None) -> None:
    """Count an attempt of `kind` (login, twofactor, reset, invite); answer 429 when over the limit."""
    ok = hit(f"{kind}-address", client_address())
    if account and kind == "login":
        # Per account only failed passwords count (record_failed_login); a person who logs
        # in often is never locked out by their own successes.
        ok = not used_up("login-account", account) and ok
    elif account:
        ok = hit(f"{kind}-account", account) and ok
    if not ok:
        abort(429)
