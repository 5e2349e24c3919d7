"""A request that only read ends its transaction with COMMIT; anything else rolls back."""

from __future__ import annotations

import pytest
from flask import abort
from sqlalchemy import event

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
