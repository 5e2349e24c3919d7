"""Prepared lookups behave like `db.session.get`."""

from __future__ import annotations

from sqlalchemy import event

from portal.auth.models import User
from portal.extensions import db
from portal.prepared import get_by_id
from tests.factories import UserFactory


def _count(run) -> tuple[object, int]:
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        return run(), len(statements)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


def test_get_by_id_uses_the_identity_map_then_the_database(app):
    user = UserFactory(name="Anna")
    db.session.commit()  # expires the object: the next read must fetch it again
    db.session.execute(User.__table__.update().values(name="Anna Bakker"))
    found, statements = _count(lambda: get_by_id(User, user.id))
    assert found is user and found.name == "Anna Bakker" and statements == 1
    again, statements = _count(lambda: get_by_id(User, user.id))
    assert again is user and statements == 0
    assert get_by_id(User, user.id + 1000) is None


def test_get_by_id_does_not_return_a_deleted_object(app):
    user = UserFactory()
    db.session.flush()
    db.session.delete(user)
    assert get_by_id(User, user.id) is None
