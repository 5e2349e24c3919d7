"""Fixtures: an app on a clean database per test (SQLite, or PostgreSQL via TEST_DATABASE_URL).

PostgreSQL runs get their own schema, so several test runs can share one server.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

from portal import create_app
from portal.extensions import db
from tests.factories import PASSWORD, TEST_TOTP_SECRET, bind_factories, totp_code

# The portal's "today" is Europe/Amsterdam (portal.clock.local_today); tests compute dates
# with date.today(). One time zone for both keeps them equal around midnight UTC.
os.environ["TZ"] = "Europe/Amsterdam"
time.tzset()

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
TEST_HASH_PARAMS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


def _pg_options(schema: str) -> dict:
    return {"connect_args": {"options": f"-csearch_path={schema}"}}


@contextmanager
def scratch_database(tmp_path, prefix: str = "m"):
    """An empty database of its own for one test: (url, engine options). On PostgreSQL a
    schema dropped afterwards, on SQLite a file under `tmp_path`."""
    if not TEST_DATABASE_URL.startswith("postgres"):
        yield f"sqlite:///{tmp_path / f'{prefix}.db'}", {}
        return
    from portal.config import normalise_db_url

    url = normalise_db_url(TEST_DATABASE_URL)
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url, _pg_options(schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def insert_row(conn, table: str, **values) -> None:
    """Migration tests: insert one row at whatever revision the database is, filling every
    other required column (no default, not the id) with a plain value of its type."""
    from datetime import UTC, date, datetime

    from sqlalchemy import inspect

    for column in inspect(conn).get_columns(table):
        name = column["name"]
        if name in values or column["nullable"] or column.get("default") is not None or name == "id":
            continue
        values[name] = {int: 0, bool: False, str: "", date: date(2026, 1, 1),
                        datetime: datetime(2026, 1, 1, tzinfo=UTC)}.get(column["type"].python_type, "")
    names = ", ".join(values)
    conn.execute(text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + n for n in values)})"), values)


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
        # A queued PDF is made while the request dispatches it (tests/test_background.py runs
        # the real queues with workers it starts itself).
        "JOB_QUEUE": "inline",
        # Cheap argon2 for tests: production parameters make every login slow (bench/README.md).
        "PASSWORD_HASH_PARAMS": TEST_HASH_PARAMS,
    }


def _clean_all() -> None:
    """Empty every table now (for tests that build two data sets in one test)."""
    from portal.extensions import db as _db

    url = str(_db.engine.url)
    _clean({"schema": "pg" if url.startswith("postgresql") else None})


_INSERT_INTO = re.compile(r'\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\s+"?(\w+)"?', re.IGNORECASE)


_WRITTEN: set[str] = set()  # tables inserted into since the running test began, by any engine


@event.listens_for(Engine, "before_cursor_execute")
def _note_written_table(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
    match = _INSERT_INTO.match(statement)
    if match:
        _WRITTEN.add(match.group(1))


def _clean(database, written: set[str] | None = None) -> None:
    """Empty the tables a test wrote to (`written`), or every table; ids start at 1 again.

    Emptying only what was written keeps teardown short: TRUNCATE of every table costs
    PostgreSQL a new file per table, on each of the suite's tests.
    """
    tables = [t for t in reversed(db.metadata.sorted_tables) if written is None or t.name in written]
    if database["schema"] and written is None:
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
        if database["schema"]:
            for table in tables:
                if "id" in table.c and table.c.id.autoincrement is not False:
                    db.session.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), 1, false) "
                        f"WHERE pg_get_serial_sequence('\"{table.name}\"', 'id') IS NOT NULL"))
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


@pytest.fixture(scope="session")
def _app(_schema, tmp_path_factory):
    """One app per test process: building it for every test cost more than most tests."""
    app = create_app(_test_config(_schema, tmp_path_factory.mktemp("instance")))
    app.test_client_class = FreshContextClient
    yield app
    with app.app_context():
        db.engine.dispose()


@contextmanager
def _isolated(app, schema):
    """Run a test in a new app context (so a new database session) of `app`; afterwards
    empty the tables it wrote to."""
    with app.app_context():
        _WRITTEN.clear()
        bind_factories(db.session)
        yield app
        db.session.rollback()
        _clean(schema, set(_WRITTEN))
        db.session.remove()


@pytest.fixture
def app(_app, _schema, tmp_path):
    """The process's app, isolated per test.

    The tables the test wrote to are emptied afterwards, its files live in its own
    tmp_path, and the configuration is restored, so a test may change `app.config` freely.
    A test that registers routes or hooks (Flask refuses those once an app has served a
    request) takes `fresh_app` instead.
    """
    saved = dict(_app.config)
    _app.config.update(UPLOAD_DIR=str(tmp_path / "uploads"), EXPORT_DIR=str(tmp_path / "exports"))
    try:
        with _isolated(_app, _schema):
            yield _app
    finally:
        _app.config.clear()
        _app.config.update(saved)


@pytest.fixture
def fresh_app(_schema, tmp_path):
    """An app built for this one test (same schema and isolation as `app`)."""
    app = create_app(_test_config(_schema, tmp_path))
    app.test_client_class = FreshContextClient
    with _isolated(app, _schema):
        yield app
    with app.app_context():
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


def write_login(client, user) -> None:
    """Log `client` in as `user` by writing the session the login form would have made.

    The real forms (password, second step) are tested in tests/test_auth.py and
    tests/security/; everywhere else this saves two requests and an argon2 verification.
    """
    from flask_login.utils import _create_identifier

    from portal.db_types import utcnow

    enrol_staff_for_tests(user.email)
    user.last_login_at = utcnow()
    db.session.commit()
    now = int(time.time())
    with client.application.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()  # what Flask-Login's session protection compares
    with client.session_transaction() as sess:
        sess.clear()
        sess.permanent = True
        sess["_user_id"] = user.get_id()
        sess["_fresh"] = True
        sess["_id"] = identifier
        sess["auth_at"] = now
        sess["seen_at"] = now


@pytest.fixture
def login_client():
    """login_client(user, client=...): log any test client in as `user` (session written)."""

    def _login(user, client):
        write_login(client, user)
        return user

    return _login


@pytest.fixture
def login_as(client):
    """login_as(user): log the test client in as that user and return the user."""

    def _login(user):
        write_login(client, user)
        return user

    return _login


# --- the demo, seeded once per run ------------------------------------------------------
# Seeding the whole demo takes seconds (it renders PDFs); the tests that read it load a
# snapshot taken once per run instead. tests/test_core.py seeds for real, twice, to prove
# that seeding is idempotent.

def _table_rows() -> dict[str, list[dict]]:
    return {
        table.name: [dict(row) for row in db.session.execute(table.select()).mappings()]
        for table in db.metadata.sorted_tables
    }


@pytest.fixture(scope="session")
def _demo_snapshot(_schema, tmp_path_factory):
    """Seed the demo once into the test schema, keep its rows and files, empty the schema again."""
    from portal.demo import seed_demo

    instance = tmp_path_factory.mktemp("demo")
    app = create_app(_test_config(_schema, instance))
    with app.app_context():
        ctx = seed_demo()
        snapshot = {
            "today": ctx.today,
            "users": {key: user.id for key, user in ctx.users.items()},
            "organisations": {key: org.id for key, org in ctx.organisations.items()},
            "trajectories": {key: t.id for key, t in ctx.trajectories.items()},
            "rows": _table_rows(),
            "instance": instance,
        }
        _clean(_schema)
        db.session.remove()
        db.engine.dispose()
    return snapshot


def _reset_sequences(tables) -> None:
    """PostgreSQL: after inserting explicit ids, move each id sequence past the largest id."""
    for table in tables:
        if "id" not in table.c or not table.c.id.autoincrement:
            continue
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), MAX(id)) FROM \"{table.name}\""
        ))


@pytest.fixture
def demo(app, _schema, _demo_snapshot):
    """The demo bureau in this test's database (a copy of the run's one seeding); its DemoContext."""
    import random
    import shutil
    from pathlib import Path

    from portal.auth.models import Organisation, User
    from portal.demo import DemoContext
    from portal.trajectory.models import Trajectory

    filled = []
    for table in db.metadata.sorted_tables:
        rows = _demo_snapshot["rows"][table.name]
        if rows:
            db.session.execute(table.insert(), rows)
            filled.append(table)
    if _schema["schema"]:
        _reset_sequences(filled)
    db.session.commit()
    for key in ("UPLOAD_DIR", "EXPORT_DIR"):
        source = Path(_demo_snapshot["instance"]) / Path(app.config[key]).name
        if source.exists():
            shutil.copytree(source, app.config[key], dirs_exist_ok=True)
    get = db.session.get
    return DemoContext(
        today=_demo_snapshot["today"],
        rng=random.Random(20261122),
        users={key: get(User, id_) for key, id_ in _demo_snapshot["users"].items()},
        organisations={key: get(Organisation, id_) for key, id_ in _demo_snapshot["organisations"].items()},
        trajectories={key: get(Trajectory, id_) for key, id_ in _demo_snapshot["trajectories"].items()},
    )


# --- the medical check's figures in every run's summary (tests/test_employer_gate_sentences.py)

_MEDICAL_CHECK: list[str] = []


def pytest_runtest_logreport(report):
    if report.when == "call":
        _MEDICAL_CHECK.extend(value for name, value in report.user_properties if name == "medical_check")


def pytest_terminal_summary(terminalreporter):
    for line in _MEDICAL_CHECK:
        terminalreporter.write_line(f"medical check on the labelled sentences: {line}")
