"""A request that only read ends its transaction with COMMIT; anything else rolls back."""

from __future__ import annotations

import os

import pytest
from flask import abort
from sqlalchemy import event, text, update

from portal.extensions import db
from tests.factories import UserFactory


@pytest.fixture
def app(fresh_app):
    """These tests add routes of their own: an app per test."""
    return fresh_app


@pytest.fixture
def endings(app):
    seen = []
    listeners = {"commit": lambda conn: seen.append("commit"), "rollback": lambda conn: seen.append("rollback")}
    for name, listener in listeners.items():
        event.listen(db.engine, name, listener)
    yield seen
    for name, listener in listeners.items():
        event.remove(db.engine, name, listener)


@pytest.fixture
def routes(app):
    from portal.auth.models import User

    @app.get("/_test/read")
    def read():
        return {"users": db.session.query(User).count()}

    @app.get("/_test/write-no-commit/<int:user_id>")
    def write_no_commit(user_id):
        db.session.get(User, user_id).name = "Changed"
        db.session.flush()
        return {"ok": True}

    @app.get("/_test/write-then-failed-savepoint/<int:user_id>")
    def write_then_failed_savepoint(user_id):
        db.session.get(User, user_id).name = "Changed"
        db.session.flush()
        try:
            with db.session.begin_nested():  # an optional step that fails; its rollback is partial
                raise ValueError("step failed")
        except ValueError:
            return {"ok": False}

    @app.get("/_test/core-write-no-commit/<int:user_id>")
    def core_write_no_commit(user_id):
        db.session.connection().execute(update(User).where(User.id == user_id).values(name="Changed"))
        return {"ok": True}

    @app.get("/_test/read-then-404")
    def read_then_404():
        db.session.query(User).count()
        abort(404)

    return app


def test_a_read_only_request_commits(routes, client, endings):
    UserFactory()
    db.session.commit()
    endings.clear()
    assert client.get("/_test/read").status_code == 200
    assert "commit" in endings and "rollback" not in endings
    endings.clear()
    assert client.get("/_test/read-then-404").status_code == 404
    assert "commit" in endings and "rollback" not in endings


def test_a_request_that_wrote_without_committing_is_rolled_back(routes, client, endings):
    user = UserFactory(name="Original")
    db.session.flush()
    url, model, user_id = f"/_test/write-no-commit/{user.id}", type(user), user.id
    db.session.commit()  # the test's own session has nothing open while the request runs
    endings.clear()
    assert client.get(url).status_code == 200
    assert "rollback" in endings and "commit" not in endings
    assert db.session.get(model, user_id).name == "Original"


@pytest.mark.parametrize("path", ["write-then-failed-savepoint", "core-write-no-commit"])
def test_writes_the_session_did_not_see_are_rolled_back_too(routes, client, endings, path):
    """A savepoint's rollback or a Core statement on the session's connection: still written."""
    user = UserFactory(name="Original")
    db.session.flush()
    model, user_id = type(user), user.id
    db.session.commit()  # the test's own session has nothing open while the request runs
    endings.clear()
    assert client.get(f"/_test/{path}/{user_id}").status_code == 200
    assert "commit" not in endings
    assert db.session.get(model, user_id).name == "Original"


# PostgreSQL: reads run outside a transaction until a statement may write.

postgres_only = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"), reason="PostgreSQL only")


def _status() -> str:
    """The server-side transaction state of the request's connection (IDLE or INTRANS)."""
    return db.session.connection().connection.dbapi_connection.info.transaction_status.name


@pytest.fixture
def pg_routes(app):
    from portal.auth.models import User

    @app.get("/_test/status-after-read")
    def status_after_read():
        db.session.query(User).count()
        return {"status": _status()}

    @app.get("/_test/status-after-lock")
    def status_after_lock():
        db.session.query(User).with_for_update().all()
        return {"status": _status()}

    @app.get("/_test/write-then-fail/<int:user_id>")
    def write_then_fail(user_id):
        db.session.query(User).count()  # a read first, outside the transaction
        db.session.get(User, user_id).name = "Half written"
        db.session.flush()
        assert _status() == "INTRANS"
        abort(500)

    return app


def test_only_allow_listed_selects_count_as_reads():
    from sqlalchemy import delete, func, literal_column, select, union_all

    from portal.auth.models import User
    from portal.transactions import is_plain_read

    users = User.__table__
    assert is_plain_read(select(users.c.id).where(users.c.name == "x"))
    assert is_plain_read(select(func.count()).select_from(users))
    assert is_plain_read(union_all(select(users.c.id), select(literal_column("'fact'"), users.c.id)))
    assert is_plain_read(select(users.c.id).where(text("users.name MATCH :q").bindparams(q="a")))
    assert not is_plain_read(select(users.c.id).with_for_update())
    assert not is_plain_read(select(users.c.id).with_for_update(read=True))
    assert not is_plain_read(update(users).values(name="x"))
    assert not is_plain_read(text("SELECT 1"))  # a whole textual statement: unknown
    moved = delete(users).returning(users.c.id).cte("moved")
    assert not is_plain_read(select(moved.c.id))
    # Functions with a side effect or a transaction-scoped effect are not on the list.
    for call in (func.pg_advisory_xact_lock(1), func.set_config("a.b", "1", True), func.nextval("s"),
                 func.some_function_we_do_not_know()):
        assert not is_plain_read(select(call))
    assert not is_plain_read(select(literal_column("nextval('s')")))
    assert not is_plain_read(select(users.c.id).where(text("id IN (SELECT 1)")))


@postgres_only
def test_a_read_only_request_opens_no_transaction(pg_routes, client):
    UserFactory()
    assert client.get("/_test/status-after-read").get_json() == {"status": "IDLE"}
    assert client.get("/_test/status-after-lock").get_json() == {"status": "INTRANS"}


@postgres_only
def test_a_write_after_reads_is_still_atomic(pg_routes, client):
    user = UserFactory(name="Original")
    db.session.commit()
    model, user_id = type(user), user.id
    assert client.get(f"/_test/write-then-fail/{user_id}").status_code == 500
    assert db.session.get(model, user_id).name == "Original"


@postgres_only
def test_a_caller_that_asks_for_autocommit_keeps_it(app):
    """VACUUM cannot run in a transaction; the generator asks for AUTOCOMMIT and must get it."""
    from sqlalchemy.exc import DBAPIError

    with db.engine.connect() as conn, pytest.raises(DBAPIError, match="transaction block"):
        conn.execute(text("VACUUM ANALYZE users"))  # the default: a statement that may write begins one
    with db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE users"))
        assert conn.connection.dbapi_connection.autocommit


@postgres_only
def test_streamed_results_get_a_transaction(app):
    """Server-side cursors (stream_results, yield_per) cannot run in autocommit."""
    with db.engine.connect() as conn:
        rows = conn.execution_options(stream_results=True, yield_per=10).execute(
            text("SELECT generate_series(1, 25)"))
        assert sum(1 for _ in rows) == 25


@postgres_only
@pytest.mark.parametrize("name, args, check, expected", [
    ("pg_advisory_xact_lock", (4711,),
     "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()", 1),
    ("set_config", ("portal.test", "kept", True), "SELECT current_setting('portal.test', true)", "kept"),
])
def test_a_transaction_scoped_effect_keeps_its_transaction(app, name, args, check, expected):
    """`SELECT pg_advisory_xact_lock(...)` or a local set_config looks like a read; it must
    still run inside a transaction, or its effect would end with the statement."""
    from sqlalchemy import func, select

    with db.engine.connect() as conn:
        conn.execute(select(getattr(func, name)(*args)))
        assert conn.connection.dbapi_connection.info.transaction_status.name == "INTRANS"
        assert conn.execute(text(check)).scalar() == expected
        conn.rollback()
