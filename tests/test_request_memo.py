"""Values remembered for one request, never longer."""

from __future__ import annotations

from portal.request_memo import forget, remembered


def test_remembered_within_a_request_only(app):
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    with app.test_request_context("/"):
        assert remembered("k", build) == 1
        assert remembered("k", build) == 1
        forget("k")
        assert remembered("k", build) == 2
    with app.test_request_context("/"):
        assert remembered("k", build) == 3  # a new request asks again
    assert remembered("k", build) == 4 and remembered("k", build) == 5  # no request: never remembered


def test_a_candidates_trajectory_is_read_once_per_request(app, client, login_as):
    from sqlalchemy import event

    from portal.extensions import db
    from tests.factories import TrajectoryFactory

    trajectory = TrajectoryFactory()
    db.session.commit()
    login_as(trajectory.candidate)
    client.get("/home")
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get("/home").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    lookups = [s for s in statements if s.lstrip().startswith("SELECT trajectories.") and "candidate_id =" in s]
    assert len(lookups) == 1, lookups
