"""Migration 0013 (employer gate) from the previous head: data carried over, reversible."""

from __future__ import annotations

from datetime import date

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from portal import create_app
from portal.config import PROJECT_ROOT
from portal.extensions import db
from tests.conftest import insert_row, scratch_database

MIGRATIONS = str(PROJECT_ROOT / "migrations")


def _rows_before(conn) -> None:
    insert_row(conn, "organisations", id=1, name="Org")
    insert_row(conn, "users", id=1, email="k@x.nl", name="Kandidaat", role="candidate")
    insert_row(conn, "trajectories", id=1, reference="T-1", candidate_id=1, employer_id=1)
    insert_row(conn, "pauses", id=1, trajectory_id=1, start_date=date(2026, 7, 1), reason="Hernieuwde uitval")
    insert_row(conn, "notes", id=1, trajectory_id=1, visibility="employer", body="Goed bezig")


def _run(url: str, options: dict) -> None:
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options})
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0019")
        with db.engine.begin() as conn:
            _rows_before(conn)
        upgrade(directory=MIGRATIONS, revision="0013")
        with db.engine.begin() as conn:
            assert conn.execute(text("SELECT reason, employer_category FROM pauses")).one() == ("Hernieuwde uitval", "other")
            assert conn.execute(text("SELECT body, retracted_at, retraction_requested_at FROM notes")).one() == (
                "Goed bezig", None, None)
        downgrade(directory=MIGRATIONS, revision="0019")
        with db.engine.begin() as conn:
            assert conn.execute(text("SELECT reason FROM pauses")).scalar() == "Hernieuwde uitval"
            assert conn.execute(text("SELECT body FROM notes")).scalar() == "Goed bezig"
        upgrade(directory=MIGRATIONS)
        db.engine.dispose()


def test_0013_from_previous_head_carries_data_over(tmp_path):
    with scratch_database(tmp_path) as (url, options):
        _run(url, options)
