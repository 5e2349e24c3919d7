"""Migration 0014 from the previous head with data: targets recovered, and back."""

from __future__ import annotations

from datetime import date

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from portal import create_app
from portal.config import PROJECT_ROOT
from portal.extensions import db
from tests.conftest import insert_row, scratch_database

MIGRATIONS = str(PROJECT_ROOT / "migrations")
PREVIOUS = "0013"  # 0014's down_revision


def _seed(conn) -> None:
    insert_row(conn, "organisations", id=1, name="W")
    insert_row(conn, "users", id=1, email="k@example.org", name="K", role="candidate")
    for tid, target in ((1, 5), (2, 3)):
        insert_row(conn, "trajectories", id=tid, reference=f"TS-M-{tid}", candidate_id=1, employer_id=1,
                first_sick_day=date(2025, 1, 6), spoor2_start=date(2026, 1, 5), planned_end=date(2026, 12, 31),
                weekly_target=target, status="active")
    insert_row(conn, "week_reviews", trajectory_id=1, week_monday=date(2026, 1, 5), sufficient=False, reason="Te weinig")
    # Trajectory 1: version 1 at 2, then a revision to 5 overwrote the trajectory's target.
    for number, target, day in ((1, 2, date(2026, 1, 5)), (2, 5, date(2026, 3, 2))):
        insert_row(conn, "plan_versions", trajectory_id=1, number=number, effective_from=day, weekly_target=target)


def _run(url: str, options: dict) -> None:
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options})
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision=PREVIOUS)
        with db.engine.begin() as conn:
            _seed(conn)
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as conn:
            rows = dict(conn.execute(text("SELECT id, initial_weekly_target FROM trajectories")).all())
            assert rows == {1: 2, 2: 3}
            assert conn.execute(text("SELECT count(*) FROM diary_entries WHERE outside_reason <> ''")).scalar() == 0
            assert conn.execute(text("SELECT reason FROM week_review_history")).scalars().all() == ["Te weinig"]
        downgrade(directory=MIGRATIONS, revision=PREVIOUS)
        with db.engine.connect() as conn:
            assert dict(conn.execute(text("SELECT id, weekly_target FROM trajectories")).all()) == {1: 5, 2: 3}
            assert conn.execute(text("SELECT reason FROM week_reviews")).scalars().all() == ["Te weinig"]
        upgrade(directory=MIGRATIONS)
        db.engine.dispose()


def test_upgrade_from_previous_head_recovers_targets_and_back(tmp_path):
    with scratch_database(tmp_path) as (url, options):
        _run(url, options)
