"""Migrations: one head, and upgrade from empty gives exactly the models' schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import text

from portal import create_app
from portal.config import PROJECT_ROOT
from portal.extensions import db
from tests.conftest import scratch_database


def test_single_head():
    config = Config(str(PROJECT_ROOT / "migrations" / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def _diff_after_upgrade(url: str, options: dict) -> list:
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options})
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
            _assert_no_revision_triggers(conn)
        db.engine.dispose()
    # Full-text search shadow tables are created by migrations on purpose, not by models.
    return [d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith(("fts_", "vacancy_fts")))]


def _assert_no_revision_triggers(conn) -> None:
    """Migration 0015 removed the page cache's revision triggers (and their functions on
    PostgreSQL): none is left to write to a column that is gone."""
    if conn.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    else:
        # This schema only: other test runs share the server.
        query = ("SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                 "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal "
                 "AND n.nspname = current_schema() UNION ALL "
                 "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                 "WHERE n.nspname = current_schema()")
    left = {name for name in conn.execute(text(query)).scalars() if name.startswith("trajectory_revision")}
    assert not left, left


def test_upgrade_from_empty_matches_models(tmp_path):
    with scratch_database(tmp_path) as (url, options):
        assert _diff_after_upgrade(url, options) == []


def test_page_cache_revision_goes_and_comes_back_with_the_data(tmp_path):
    """0015 drops the revision triggers and column keeping every trajectory; its downgrade
    brings back the column and the triggers that raise it."""
    from flask_migrate import downgrade

    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'r.db'}"})
    migrations = str(PROJECT_ROOT / "migrations")
    with app.app_context():
        upgrade(directory=migrations, revision="0012")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO organisations (id, name, city, created_at) VALUES (1, 'Werkgever', '', '2026-01-01')"))
            conn.execute(text(
                "INSERT INTO users (id, email, name, role, is_case_manager, active, session_version, failed_logins, "
                "created_at, password_hash) VALUES (1, 'k@example.nl', 'Kandidaat', 'candidate', 0, 1, 1, 0, "
                "'2026-01-01', 'x')"))
            conn.execute(text(
                "INSERT INTO trajectories (id, reference, candidate_id, employer_id, first_sick_day, spoor2_start, "
                "planned_end, weekly_target, status, late_start_reason, created_at) VALUES (1, 'T-1', 1, 1, "
                "'2025-01-06', '2025-09-01', '2026-09-01', 3, 'active', '', '2026-01-01')"))
            conn.execute(text("UPDATE trajectories SET weekly_target = 4 WHERE id = 1"))
            assert conn.execute(text("SELECT revision FROM trajectories")).scalar_one() == 1  # the trigger ran
        upgrade(directory=migrations, revision="0015")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT id, weekly_target FROM trajectories")).all() == [(1, 4)]
            _assert_no_revision_triggers(conn)
        downgrade(directory=migrations, revision="0012")
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE trajectories SET weekly_target = 5 WHERE id = 1"))
            assert conn.execute(text("SELECT revision FROM trajectories")).scalar_one() == 1
        db.engine.dispose()
