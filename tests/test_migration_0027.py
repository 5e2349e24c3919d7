"""Migration 0027 with data: today's intake, record and profile are version 1 with an empty
history, an existing calendar link counts as used at the upgrade, and back."""

from __future__ import annotations

from datetime import date

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from portal import create_app
from portal.extensions import db
from tests.conftest import insert_row, scratch_database
from tests.test_migration_targets import MIGRATIONS

PREVIOUS = "0023"  # 0027's down_revision
TABLES = ("intakes", "milestone_records", "search_profiles")


def _seed(conn) -> None:
    insert_row(conn, "organisations", id=1, name="W")
    insert_row(conn, "users", id=1, email="k@example.org", name="K", role="candidate")
    insert_row(conn, "users", id=2, email="a@example.org", name="A", role="advisor")
    insert_row(conn, "trajectories", id=1, reference="TS-M-1", candidate_id=1, employer_id=1,
               first_sick_day=date(2025, 1, 6), spoor2_start=date(2026, 1, 5), planned_end=date(2026, 12, 31),
               weekly_target=2, status="active")
    insert_row(conn, "intakes", id=1, trajectory_id=1, intake_on=date(2026, 1, 8), situation="Wil ander werk")
    insert_row(conn, "milestone_records", id=1, trajectory_id=1, code="sick_report", done_on=date(2025, 10, 1))
    insert_row(conn, "search_profiles", id=1, trajectory_id=1, desired_roles="planner")
    insert_row(conn, "calendar_feeds", id=1, user_id=2, secret="s" * 64)


def test_upgrade_keeps_todays_rows_as_version_1_and_back(tmp_path):
    with scratch_database(tmp_path) as (url, options):
        app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options})
        with app.app_context():
            upgrade(directory=MIGRATIONS, revision=PREVIOUS)
            with db.engine.begin() as conn:
                _seed(conn)
            upgrade(directory=MIGRATIONS, revision="0027")
            with db.engine.connect() as conn:
                for table in TABLES:
                    assert conn.execute(text(f"SELECT id, version FROM {table}")).all() == [(1, 1)]
                for table in ("intake_versions", "milestone_record_versions", "search_profile_versions"):
                    assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
                assert conn.execute(text("SELECT situation FROM intakes")).scalar() == "Wil ander werk"
                assert conn.execute(text("SELECT last_used_at FROM calendar_feeds")).scalar() is not None
            downgrade(directory=MIGRATIONS, revision=PREVIOUS)
            with db.engine.connect() as conn:
                assert "last_used_at" not in {c["name"] for c in inspect(conn).get_columns("calendar_feeds")}
                assert "version" not in {c["name"] for c in inspect(conn).get_columns("intakes")}
                assert "intake_versions" not in inspect(conn).get_table_names()
                assert conn.execute(text("SELECT desired_roles FROM search_profiles")).scalar() == "planner"
            upgrade(directory=MIGRATIONS)
            db.engine.dispose()
