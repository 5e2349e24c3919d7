"""Configuration defaults; the environment (FLASK_* / TS_* variables) overrides them."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("TS_INSTANCE_DIR", PROJECT_ROOT / "instance"))


class ConfigError(RuntimeError):
    """Raised when the app is started with a configuration that is unsafe."""


def _local_secret_key(instance_dir: Path) -> str:
    """Return a per-checkout secret kept in instance/, creating it on first use."""
    path = instance_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def default_config(instance_dir: Path = INSTANCE_DIR) -> dict:
    """The defaults for local development; production overrides through the environment."""
    return {
        "ENV_NAME": "development",  # "production" makes SECRET_KEY mandatory
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance_dir / 'portal.db'}",
        # Per gunicorn worker: a small pool, recycled against idle drops. A connection that
        # sat unused for PING_AFTER_IDLE seconds is checked before use (portal.pooling).
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 5, "max_overflow": 10, "pool_recycle": 1800},
        "PING_AFTER_IDLE": 10,
        # Static files carry ?v=<content hash> (see core.templating), so they may be cached long.
        "STATIC_MAX_AGE": 365 * 24 * 3600,
        "BASE_URL": "http://127.0.0.1:5000",
        # The bureau that runs the portal (TS_BUREAU_NAME): its mails name and sign it, every PDF
        # (overviews, progress reports) carries it in the running header with the logo, a file
        # under portal/static (the PDF renderer loads nothing else): TS_BUREAU_LOGO. Empty: the
        # mails say "het re-integratiebureau" and the PDFs "Tweede Spoor Online".
        "BUREAU_NAME": "",
        "BUREAU_LOGO": "img/logo.svg",
        "UPLOAD_DIR": str(instance_dir / "uploads"),
        "EXPORT_DIR": str(instance_dir / "exports"),
        # Where uploads and stored overviews live (portal/storage.py): "local" (UPLOAD_DIR and
        # EXPORT_DIR on this host) or "database" (every app host and the worker see them).
        "FILE_STORAGE": "local",
        # Background jobs (portal/background): "" picks RQ when REDIS_URL is set, else the
        # database queue; that one is drained by `flask worker` and, with JOB_THREAD, by a
        # thread in each web process (so `make run` needs no extra process). "inline": tests.
        "JOB_QUEUE": "",
        "JOB_QUEUE_NAME": "portal",
        "JOB_THREAD": True,
        "JOB_POLL_SECONDS": 5,
        "JOB_STALE_SECONDS": 600,  # a job not finished by then is queued again on the next request
        "JOB_WORKER_NICE": 10,  # `flask worker` yields the CPU to the web processes on its host
        "MAX_CONTENT_LENGTH": 12 * 1024 * 1024,
        "MAX_UPLOAD_BYTES": 10 * 1024 * 1024,
        # Mail: without MAIL_SERVER every mail stays in the outbox table for developers.
        "MAIL_SERVER": "",
        "MAIL_PORT": 25,
        "MAIL_USE_TLS": False,
        "MAIL_USERNAME": "",
        "MAIL_PASSWORD": "",
        "MAIL_SENDER": "Tweede Spoor Online <noreply@tweedespoor.nl>",
        "SHOW_DEV_OUTBOX": True,
        # An application without a status change for this many days asks the candidate
        # to follow it up or record the outcome (TS_STALE_APPLICATION_DAYS).
        "STALE_APPLICATION_DAYS": 14,
        # Accounts
        "INVITE_TTL": timedelta(days=7),
        "RESET_TTL": timedelta(hours=2),
        # A calendar subscription link no calendar fetched for this many days stops working.
        "CALENDAR_FEED_UNUSED_DAYS": 180,
        "LOGIN_SLOWDOWN_AFTER": 3,  # failures before each next try must wait
        "LOGIN_LOCK_AFTER": 10,  # failures before the account locks
        "LOGIN_LOCK_MINUTES": 15,
        "PASSWORD_MIN_LENGTH": 12,
        # argon2 parameters (time_cost, memory_cost, parallelism); empty: argon2-cffi's
        # recommended defaults. Only the test suite sets cheap ones.
        "PASSWORD_HASH_PARAMS": {},
        # Sessions and cookies
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        # The cookie is re-sent when the session changes (check_session renews `seen_at`
        # once a minute), not on every response: the absolute lifetime ends it anyway.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "SESSION_ABSOLUTE_LIFETIME": timedelta(hours=12),  # a login lasts at most this long
        "SESSION_IDLE_TIMEOUT": timedelta(minutes=30),  # logged out after this long without a request
        "SESSION_IDLE_WARNING": timedelta(minutes=2),  # the page warns this long before
        # Rate limits (portal/security/ratelimit.py): Redis when REDIS_URL is set, else the database.
        "RATELIMIT_ENABLED": True,
        "RATE_LIMITS": {},  # e.g. {"login-address": (60, 600)} overrides a default
        "WTF_CSRF_TIME_LIMIT": None,
        "CONTENT_DIR": str(PROJECT_ROOT / "content"),
        "REDIS_URL": "",
    }


def load_config(app, overrides: dict | None = None) -> None:
    """Fill app.config: defaults, then the environment, then explicit overrides (tests)."""
    app.config.from_mapping(default_config())
    app.config.from_prefixed_env("TS")
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = normalise_db_url(os.environ["DATABASE_URL"])
    for name in ("SECRET_KEY", "BASE_URL", "MAIL_SERVER", "MAIL_PORT", "MAIL_SENDER", "REDIS_URL"):
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    if overrides:
        app.config.from_mapping(overrides)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_db_url(app.config["SQLALCHEMY_DATABASE_URI"])

    production = app.config["ENV_NAME"] == "production"
    if not app.config.get("SECRET_KEY"):
        if production:
            raise ConfigError("SECRET_KEY must be set in production (TS_SECRET_KEY or SECRET_KEY).")
        app.config["SECRET_KEY"] = _local_secret_key(INSTANCE_DIR)
    if production and app.config["PASSWORD_HASH_PARAMS"]:
        raise ConfigError("PASSWORD_HASH_PARAMS is for tests only; production uses argon2's defaults.")
    if production:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
        # __Host- cookies are only accepted over HTTPS, for this host and path "/".
        if app.config["SESSION_COOKIE_NAME"] == "session":
            app.config["SESSION_COOKIE_NAME"] = "__Host-session"
        app.config["SHOW_DEV_OUTBOX"] = False
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}


def normalise_db_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgres:// and postgresql:// URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
