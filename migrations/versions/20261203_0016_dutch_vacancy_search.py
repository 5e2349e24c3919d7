"""Dutch-aware vacancy search: stems and compound parts in the full-text index

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-03

SQLite: `vacancy_fts` gets a `terms` column (Snowball Dutch stems and compound tails,
computed by the SQL function `vacancy_terms` that portal/jobs/fts.py registers on every
connection) and is rebuilt from the stored vacancies. PostgreSQL: the trigger adds the
compound tails to `search_document`; every vacancy's document is recomputed. No table or
column of the models changes. Only `down_revision` names the previous head.
"""
from alembic import op

revision = '0016'
down_revision = '0014'
branch_labels = None
depends_on = None

# The index as it was before this revision (for the downgrade).
OLD_SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS vacancy_fts USING fts5("
    "title, organisation, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')",
    "CREATE TRIGGER IF NOT EXISTS vacancy_fts_ai AFTER INSERT ON vacancies BEGIN "
    "INSERT INTO vacancy_fts (rowid, title, organisation, body) "
    "VALUES (new.id, new.title, new.organisation, new.description_text); END",
    "CREATE TRIGGER IF NOT EXISTS vacancy_fts_ad AFTER DELETE ON vacancies BEGIN "
    "DELETE FROM vacancy_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS vacancy_fts_au AFTER UPDATE OF title, organisation, description_text "
    "ON vacancies BEGIN "
    "DELETE FROM vacancy_fts WHERE rowid = old.id; "
    "INSERT INTO vacancy_fts (rowid, title, organisation, body) "
    "VALUES (new.id, new.title, new.organisation, new.description_text); END",
    "INSERT INTO vacancy_fts (rowid, title, organisation, body) "
    "SELECT id, title, organisation, description_text FROM vacancies",
]
OLD_POSTGRES = [
    "CREATE OR REPLACE FUNCTION vacancy_fts_document() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "NEW.search_document := "
    "setweight(to_tsvector('dutch'::regconfig, coalesce(NEW.title, '')), 'A') || "
    "setweight(to_tsvector('dutch'::regconfig, coalesce(NEW.organisation, '')), 'B') || "
    "setweight(to_tsvector('dutch'::regconfig, coalesce(NEW.description_text, '')), 'C'); "
    "RETURN NEW; END $$",
    "CREATE TRIGGER vacancy_fts_document BEFORE INSERT OR UPDATE OF title, organisation, description_text "
    "ON vacancies FOR EACH ROW EXECUTE FUNCTION vacancy_fts_document()",
    "UPDATE vacancies SET title = title",
]


def _fts():
    from portal.jobs import fts

    return fts


def _register_terms(bind) -> None:
    """The rebuild calls `vacancy_terms`; make sure this very connection knows it."""
    if bind.dialect.name == "sqlite":
        from portal.jobs.analysis import index_terms

        bind.connection.driver_connection.create_function("vacancy_terms", 2, index_terms, deterministic=True)


def upgrade():
    bind = op.get_bind()
    fts = _fts()
    _register_terms(bind)
    for statement in fts.statements(bind.dialect.name, drop=True) + fts.statements(bind.dialect.name) \
            + fts.rebuild_statements(bind.dialect.name):
        op.execute(statement)


def downgrade():
    bind = op.get_bind()
    old = {"sqlite": OLD_SQLITE, "postgresql": OLD_POSTGRES}.get(bind.dialect.name, [])
    for statement in _fts().statements(bind.dialect.name, drop=True) + old:
        op.execute(statement)
