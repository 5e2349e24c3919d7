"""Migration 0022 from the previous head with data: networking rows get their own outcomes, and back."""

from __future__ import annotations

from datetime import date

from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from portal import create_app
from portal.config import PROJECT_ROOT
from portal.domain.activities import NETWORKING_FROM_APPLICATION_STATUS, NetworkingOutcome
from portal.extensions import db
from tests.conftest import insert_row, scratch_database

MIGRATIONS = str(PROJECT_ROOT / "migrations")
THIS = "0022"  # (0023 after it only adds an index)
# 0022's down_revision, read from the revision itself: re-chaining it changes nothing here.
PREVIOUS = ScriptDirectory(MIGRATIONS).get_revision(THIS).down_revision

ENTRIES = [  # id, kind, status
    (1, "networking", "sent"), (2, "networking", "planned"), (3, "networking", "offer"),
    (4, "information_interview", "rejected"), (5, "application_letter", "sent"),
    (6, "job_fair", "sent"), (7, "networking", "second_interview"),
]


def _seed(conn) -> None:
    insert_row(conn, "organisations", id=1, name="W")
    insert_row(conn, "users", id=1, email="k@example.org", name="K", role="candidate")
    insert_row(conn, "trajectories", id=1, reference="TS-M-1", candidate_id=1, employer_id=1,
            first_sick_day=date(2025, 1, 6), spoor2_start=date(2026, 1, 5), planned_end=date(2026, 12, 31),
            weekly_target=2, status="active")
    for eid, kind, status in ENTRIES:
        insert_row(conn, "diary_entries", id=eid, trajectory_id=1, entry_date=date(2026, 2, 2), kind=kind,
                organisation=f"O{eid}", status=status)
        insert_row(conn, "diary_status_changes", entry_id=eid, from_status="", to_status="sent",
                changed_on=date(2026, 2, 2))
        if status != "sent":
            insert_row(conn, "diary_status_changes", entry_id=eid, from_status="sent", to_status=status,
                    changed_on=date(2026, 2, 3))


def _statuses(conn) -> dict[int, str]:
    return dict(conn.execute(text("SELECT id, status FROM diary_entries")).all())


def _run(url: str, options: dict) -> None:
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options})
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision=PREVIOUS)
        with db.engine.begin() as conn:
            _seed(conn)
        upgrade(directory=MIGRATIONS, revision=THIS)
        with db.engine.connect() as conn:
            assert _statuses(conn) == {1: "talked", 2: "planned", 3: "referred", 4: "no_follow_up",
                                       5: "sent", 6: "sent", 7: "follow_up"}
            # The migration's own table agrees with the domain's (used for old CSV files).
            for eid, kind, status in ENTRIES:
                if kind in ("networking", "information_interview"):
                    assert _statuses(conn)[eid] == NETWORKING_FROM_APPLICATION_STATUS[status]
            assert set(_statuses(conn).values()) - {"sent"} <= {o.value for o in NetworkingOutcome}
            history = conn.execute(text(
                "SELECT entry_id, from_status, to_status FROM diary_status_changes ORDER BY id")).all()
            assert (1, "", "talked") in history and (3, "talked", "referred") in history
            assert (5, "", "sent") in history and (6, "", "sent") in history
        downgrade(directory=MIGRATIONS, revision=PREVIOUS)
        with db.engine.connect() as conn:
            assert _statuses(conn) == {1: "sent", 2: "planned", 3: "offer", 4: "no_response",
                                       5: "sent", 6: "sent", 7: "invited"}
        upgrade(directory=MIGRATIONS)
        db.engine.dispose()


def test_upgrade_from_previous_head_maps_networking_outcomes_and_back(tmp_path):
    with scratch_database(tmp_path) as (url, options):
        _run(url, options)
