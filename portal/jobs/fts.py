"""Full-text index objects for vacancies, shared by the model (create_all) and migration 0002.

SQLite: an FTS5 table `vacancy_fts` (rowid = vacancy id), diacritics folded, prefix indexes
for what people type, kept in sync by triggers. PostgreSQL: the column
`vacancies.search_document` (GIN index), set by a BEFORE trigger.
"""

from __future__ import annotations

SQLITE_CREATE = [
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
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS vacancy_fts_au",
    "DROP TRIGGER IF EXISTS vacancy_fts_ad",
    "DROP TRIGGER IF EXISTS vacancy_fts_ai",
    "DROP TABLE IF EXISTS vacancy_fts",
]

# The weighted document lives in `vacancies.search_document` (a tsvector on PostgreSQL,
# declared in the model with its GIN index); this trigger fills it on every write.
POSTGRES_CREATE = [
    "CREATE OR REPLACE FUNCTION vacancy_fts_document() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "NEW.search_document := "
    "setweight(to_tsvector('dutch'::regconfig, coalesce(NEW.title, '')), 'A') || "
    "setweight(to_tsvector('dutch'::regconfig, coalesce(NEW.organisation, '')), 'B') || "
    "setweight(to_tsvector('dutch'::regconfig, coalesce(NEW.description_text, '')), 'C'); "
    "RETURN NEW; END $$",
    "DROP TRIGGER IF EXISTS vacancy_fts_document ON vacancies",
    "CREATE TRIGGER vacancy_fts_document BEFORE INSERT OR UPDATE OF title, organisation, description_text "
    "ON vacancies FOR EACH ROW EXECUTE FUNCTION vacancy_fts_document()",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS vacancy_fts_document ON vacancies",
    "DROP FUNCTION IF EXISTS vacancy_fts_document()",
]


def statements(dialect: str, drop: bool = False) -> list[str]:
    """The DDL for one dialect ('sqlite' or 'postgresql'); empty for others."""
    if dialect == "sqlite":
        return SQLITE_DROP if drop else SQLITE_CREATE
    if dialect == "postgresql":
        return POSTGRES_DROP if drop else POSTGRES_CREATE
    return []


def attach(table) -> None:
    """Create the index objects whenever `create_all()` creates the vacancies table."""
    from sqlalchemy import DDL, event

    for dialect in ("sqlite", "postgresql"):
        for statement in statements(dialect):
            event.listen(table, "after_create", DDL(statement.replace("%", "%%")).execute_if(dialect=dialect))
