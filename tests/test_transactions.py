"""A request that only read ends its transaction with COMMIT; anything else rolls back."""

from __future__ import annotations

import os

import pytest
from flask import abort
from sqlalchemy import event, text, update

from portal.extensions import db
from tests.factories import UserFactory


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


def test_only_plain_selects_count_as_reads():
    from portal.transactions import _only_reads

    assert _only_reads("SELECT users.id FROM users")
    assert _only_reads("  select 1")
    assert not _only_reads("SELECT users.id FROM users FOR UPDATE")
    assert not _only_reads("SELECT users.id FROM users\nFOR NO KEY UPDATE OF users")
    assert not _only_reads("UPDATE users SET name = 'x'")
    assert not _only_reads("WITH moved AS (DELETE FROM t RETURNING *) SELECT * FROM moved")
    assert not _only_reads("SAVEPOINT sa_savepoint_1")


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
    with db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE users"))


@postgres_only
def test_streamed_results_get_a_transaction(app):
    """Server-side cursors (stream_results, yield_per) cannot run in autocommit."""
    with db.engine.connect() as conn:
        rows = conn.execution_options(stream_results=True, yield_per=10).execute(
            text("SELECT generate_series(1, 25)"))
        assert sum(1 for _ in rows) == 25
