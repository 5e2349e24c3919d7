"""Full-text index objects for vacancies, shared by the model (create_all), migration 0002
(which builds the current index from empty) and migration 0016 (which rebuilds it).

SQLite: an FTS5 table `vacancy_fts` (rowid = vacancy id), diacritics folded, prefix indexes
for what people type, kept in sync by triggers; its `terms` column holds the Snowball Dutch
stems and compound tails of the vacancy's words (`analysis.index_terms`, registered on every
SQLite connection as the SQL function `vacancy_terms`). PostgreSQL: the column
`vacancies.search_document` (GIN index), set by a BEFORE trigger with the `dutch`
configuration, plus the compound tails of long words (weight D, `simple` configuration).
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine

from portal.jobs.analysis import COMPOUND_MIN, HEAD_MIN, TAIL_MIN, index_terms

_ROW = "new.title, new.organisation, new.description_text, vacancy_terms(new.title, new.description_text)"
SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS vacancy_fts USING fts5("
    "title, organisation, body, terms, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')",
    "CREATE TRIGGER IF NOT EXISTS vacancy_fts_ai AFTER INSERT ON vacancies BEGIN "  # noqa: S608 - built from constants
    f"INSERT INTO vacancy_fts (rowid, title, organisation, body, terms) VALUES (new.id, {_ROW}); END",
    "CREATE TRIGGER IF NOT EXISTS vacancy_fts_ad AFTER DELETE ON vacancies BEGIN "
    "DELETE FROM vacancy_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS vacancy_fts_au AFTER UPDATE OF title, organisation, description_text "  # noqa: S608 - built from constants
    "ON vacancies BEGIN "
    "DELETE FROM vacancy_fts WHERE rowid = old.id; "
    f"INSERT INTO vacancy_fts (rowid, title, organisation, body, terms) VALUES (new.id, {_ROW}); END",
]
SQLITE_REBUILD = [
    "DELETE FROM vacancy_fts",
    "INSERT INTO vacancy_fts (rowid, title, organisation, body, terms) SELECT id, title, organisation, "
    "description_text, vacancy_terms(title, description_text) FROM vacancies",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS vacancy_fts_au",
    "DROP TRIGGER IF EXISTS vacancy_fts_ad",
    "DROP TRIGGER IF EXISTS vacancy_fts_ai",
    "DROP TABLE IF EXISTS vacancy_fts",
]

# The weighted document lives in `vacancies.search_document` (a tsvector on PostgreSQL,
# declared in the model with its GIN index); this trigger fills it on every write. The
# tails are those of `analysis.tails` (same lengths), on lower-case words.
POSTGRES_CREATE = [
    "CREATE OR REPLACE FUNCTION vacancy_compound_tails(doc text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ "  # noqa: S608 - built from constants
    "SELECT coalesce(string_agg(DISTINCT right(w, n), ' '), '') "
    "FROM regexp_split_to_table(lower(coalesce(doc, '')), '[^[:alnum:]]+') AS w, "
    f"generate_series({TAIL_MIN}, greatest(length(w) - {HEAD_MIN}, 0)) AS n "
    f"WHERE length(w) >= {COMPOUND_MIN} $$",
    "CREATE OR REPLACE FUNCTION vacancy_fts_document() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "NEW.search_document := "
    # A slash splits words ("Gastheer/gastvrouw"); PostgreSQL's parser would read a path.
    "setweight(to_tsvector('dutch'::regconfig, translate(coalesce(NEW.title, ''), '/', ' ')), 'A') || "
    "setweight(to_tsvector('dutch'::regconfig, coalesce(NEW.organisation, '')), 'B') || "
    "setweight(to_tsvector('dutch'::regconfig, coalesce(NEW.description_text, '')), 'C') || "
    "setweight(to_tsvector('simple'::regconfig, "
    "vacancy_compound_tails(coalesce(NEW.title, '') || ' ' || coalesce(NEW.description_text, ''))), 'D'); "
    "RETURN NEW; END $$",
    "DROP TRIGGER IF EXISTS vacancy_fts_document ON vacancies",
    "CREATE TRIGGER vacancy_fts_document BEFORE INSERT OR UPDATE OF title, organisation, description_text "
    "ON vacancies FOR EACH ROW EXECUTE FUNCTION vacancy_fts_document()",
]
# Rebuild from the data: an update of a watched column fires the trigger for every row.
POSTGRES_REBUILD = ["UPDATE vacancies SET title = title"]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS vacancy_fts_document ON vacancies",
    "DROP FUNCTION IF EXISTS vacancy_fts_document()",
    "DROP FUNCTION IF EXISTS vacancy_compound_tails(text)",
]


def statements(dialect: str, drop: bool = False) -> list[str]:
    """The DDL for one dialect ('sqlite' or 'postgresql'); empty for others."""
    if dialect == "sqlite":
        return SQLITE_DROP if drop else SQLITE_CREATE
    if dialect == "postgresql":
        return POSTGRES_DROP if drop else POSTGRES_CREATE
    return []


def rebuild_statements(dialect: str) -> list[str]:
    """Statements that fill the index again from the vacancies already stored."""
    return {"sqlite": SQLITE_REBUILD, "postgresql": POSTGRES_REBUILD}.get(dialect, [])


def attach(table) -> None:
    """Create the index objects whenever `create_all()` creates the vacancies table."""
    from sqlalchemy import DDL

    for dialect in ("sqlite", "postgresql"):
        for statement in statements(dialect):
            event.listen(table, "after_create", DDL(statement.replace("%", "%%")).execute_if(dialect=dialect))


@event.listens_for(Engine, "connect")
def _register_sqlite_terms(dbapi_connection, _record) -> None:
    """Every SQLite connection knows `vacancy_terms(title, body)`, which the triggers call."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.create_function("vacancy_terms", 2, index_terms, deterministic=True)
