"""Fixtures: an app on a clean database per test (SQLite, or PostgreSQL via TEST_DATABASE_URL).

PostgreSQL runs get their own schema, so several test runs can share one server.
"""

from __future__ import annotations

import os
import time
import uuid

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from portal import create_app
from portal.extensions import db
from tests.factories import PASSWORD, TEST_TOTP_SECRET, bind_factories, totp_code

# The portal's "today" is Europe/Amsterdam (core.templating.local_today); tests compute dates
# with date.today(). One time zone for both keeps them equal around midnight UTC.
os.environ["TZ"] = "Europe/Amsterdam"
time.tzset()

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")


def _pg_options(schema: str) -> dict:
    return {"connect_args": {"options": f"-csearch_path={schema}"}}


@pytest.fixture(scope="session")
def database(tmp_path_factory):
    """Create the schema once per run; yields (url, engine options)."""
    if TEST_DATABASE_URL.startswith("postgres"):
        from portal.config import normalise_db_url

        url = normalise_db_url(TEST_DATABASE_URL)
        schema = f"t_{uuid.uuid4().hex[:12]}"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        options = _pg_options(schema)
        yield {"url": url, "options": options, "schema": schema}
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    else:
        path = tmp_path_factory.mktemp("db") / "test.db"
        yield {"url": f"sqlite:///{path}", "options": {}, "schema": None}


@pytest.fixture(scope="session")
def _schema(database, tmp_path_factory):
    app = create_app(_test_config(database, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return database


def _test_config(database, instance_dir) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database["url"],
        "SQLALCHEMY_ENGINE_OPTIONS": database["options"],
        "WTF_CSRF_ENABLED": False,
        "UPLOAD_DIR": str(instance_dir / "uploads"),
        "EXPORT_DIR": str(instance_dir / "exports"),
        "BASE_URL": "http://localhost",
        "SERVER_NAME": None,
        "RATELIMIT_ENABLED": False,
    }


def _clean_all() -> None:
    """Empty every table now (for tests that build two data sets in one test)."""
    from portal.extensions import db as _db

    url = str(_db.engine.url)
    _clean({"schema": "pg" if url.startswith("postgresql") else None})


def _clean(database) -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    if database["schema"]:
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


class FreshContextClient(FlaskClient):
    """Each request runs in its own app context and session, as in production.

    The test's own session commits what the test prepared before the request and forgets
    cached rows afterwards, so assertions read what the request really stored.
    """

    def open(self, *args, **kwargs):
        db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture
def app(_schema, tmp_path):
    """A fresh app per test on the shared schema; every table is emptied afterwards."""
    app = create_app(_test_config(_schema, tmp_path))
    app.test_client_class = FreshContextClient
    with app.app_context():
        bind_factories(db.session)
        yield app
        db.session.rollback()
        _clean(_schema)
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def enrol_staff_for_tests(email: str) -> None:
    """Staff made outside the factories (generators, services) get the test two-factor secret."""
    from portal.auth.services import get_user_by_email
    from portal.db_types import utcnow
    from portal.security.twofactor import required_for

    user = get_user_by_email(email)
    if user is not None and required_for(user) and not user.two_factor_enabled:
        user.totp_secret = TEST_TOTP_SECRET
        user.totp_enabled_at = utcnow()
        db.session.commit()


class AuthActions:
    """Log in and out through the real forms, as a user would."""

    def __init__(self, client):
        self._client = client

    def login(self, user_or_email, password: str = PASSWORD, follow: bool = False):
        """Password, then (for two-factor accounts) a valid `code`; returns the final response."""
        email = getattr(user_or_email, "email", user_or_email)
        enrol_staff_for_tests(email)
        response = self._client.post("/inloggen", data={"email": email, "password": password})
        if response.status_code == 302 and response.headers["Location"].split("?")[0].endswith("/inloggen/code"):
            from portal.auth.services import get_user_by_email

            user = get_user_by_email(email)
            response = self._client.post("/inloggen/code", data={"code": totp_code(user)})
        if follow and response.status_code in (301, 302, 303):
            response = self._client.get(response.headers["Location"], follow_redirects=True)
        return response

    def logout(self):
        return self._client.post("/uitloggen")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def login_client():
    """login_client(user, client=..., password=...): log any test client in as `user`."""

    def _login(user, client, password: str = PASSWORD):
        response = AuthActions(client).login(user, password)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return _login


@pytest.fixture
def login_as(client, auth):
    """login_as(user): log the test client in as that user and return the user."""

    def _login(user):
        response = auth.login(user)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return _login
