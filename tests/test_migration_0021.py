"""Migration 0021 from the previous head with data: every existing row starts at version 1, and back."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from portal import create_app
from portal.extensions import db
from tests.conftest import insert_row, scratch_database
from tests.test_migration_targets import MIGRATIONS

PREVIOUS = "0020"  # 0021's down_revision


def _seed(conn) -> None:
    insert_row(conn, "organisations", id=1, name="W")
    insert_row(conn, "users", id=1, email="k@example.org", name="K", role="candidate")
    insert_row(conn, "trajectories", id=1, reference="TS-M-1", candidate_id=1, employer_id=1,
            first_sick_day=date(2025, 1, 6), spoor2_start=date(2026, 1, 5), planned_end=date(2026, 12, 31),
            weekly_target=2, status="active")
    insert_row(conn, "diary_entries", id=1, trajectory_id=1, entry_date=date(2026, 2, 3), kind="application_letter",
            organisation="Zorggroep")
    insert_row(conn, "notes", id=1, trajectory_id=1, body="Goed gesprek", visibility="internal")
    insert_row(conn, "appointments", id=1, trajectory_id=1, kind="coaching",
            starts_at=datetime(2026, 2, 4, 9, tzinfo=UTC))


def test_upgrade_from_previous_head_gives_existing_rows_version_1_and_back(tmp_path):
    with scratch_database(tmp_path) as (url, options):
        app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options})
        with app.app_context():
            upgrade(directory=MIGRATIONS, revision=PREVIOUS)
            with db.engine.begin() as conn:
                _seed(conn)
            upgrade(directory=MIGRATIONS)
            with db.engine.connect() as conn:
                for table in ("diary_entries", "notes", "appointments"):
                    assert conn.execute(text(f"SELECT id, version FROM {table}")).all() == [(1, 1)]
                    assert conn.execute(text("SELECT organisation FROM diary_entries")).scalar() == "Zorggroep"
            with db.engine.begin() as conn:  # a new row without a version starts at 1 too
                insert_row(conn, "notes", id=2, trajectory_id=1, body="Tweede", visibility="internal")
                assert conn.execute(text("SELECT version FROM notes WHERE id = 2")).scalar() == 1
            downgrade(directory=MIGRATIONS, revision=PREVIOUS)
            with db.engine.connect() as conn:
                assert "version" not in {c["name"] for c in inspect(conn).get_columns("notes")}
                assert conn.execute(text("SELECT body FROM notes ORDER BY id")).scalars().all() == ["Goed gesprek", "Tweede"]
            upgrade(directory=MIGRATIONS)
            db.engine.dispose()
