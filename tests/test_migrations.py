"""Migrations: one head, and upgrade from empty gives exactly the models' schema."""

from __future__ import annotations

import uuid
from contextlib import contextmanager

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from portal import create_app
from portal.config import PROJECT_ROOT
from portal.extensions import db
from tests.conftest import TEST_DATABASE_URL, _pg_options


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
            _assert_revision_triggers(conn)
        db.engine.dispose()
    # Full-text search shadow tables are created by migrations on purpose, not by models.
    return [d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith(("fts_", "vacancy_fts")))]


def _assert_revision_triggers(conn) -> None:
    """The triggers that keep trajectories.revision up to date are all there after upgrade
    (a later batch migration on SQLite copies a table and would drop its triggers)."""
    from portal.trajectory.revision import trigger_names

    dialect = conn.dialect.name
    query = ("SELECT name FROM sqlite_master WHERE type = 'trigger'" if dialect == "sqlite"
             else "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
    found = set(conn.execute(text(query)).scalars())
    assert trigger_names(dialect) <= found, trigger_names(dialect) - found


@contextmanager
def scratch_database(tmp_path):
    """(url, engine options) of an empty database: a new PostgreSQL schema, or a SQLite file."""
    if not TEST_DATABASE_URL.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'm.db'}", {}
        return
    from portal.config import normalise_db_url

    url = normalise_db_url(TEST_DATABASE_URL)
    schema = f"m_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url, _pg_options(schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_upgrade_from_empty_matches_models(tmp_path):
    with scratch_database(tmp_path) as (url, options):
        assert _diff_after_upgrade(url, options) == []
