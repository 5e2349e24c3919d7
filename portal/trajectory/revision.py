"""The trajectory's revision: a number the database raises whenever what its pages show changes.

`trajectories.revision` goes up, by a trigger in the same transaction, on every insert,
update or delete of the trajectory itself and of the rows its diary and evidence are made
of (entries, addenda, files, week reviews and reasons, approved work, contacts, plan
targets, pauses, advisors), and when a person's name changes. Whatever is derived from
those rows can therefore be cached under (trajectory, revision): a write by any path
(forms, imports, the generator, SQL by hand) makes a new key. See `portal.page_cache`.

The DDL is generated here for SQLite and PostgreSQL from a list of tables; the model
attaches it to `create_all()` and each migration freezes its own list.
"""

from __future__ import annotations

# (table, how its rows name their trajectory): "trajectory" = its trajectory_id column,
# "entry" = through diary_entries by its entry_id column.
TABLES: tuple[tuple[str, str], ...] = (
    ("diary_entries", "trajectory"),
    ("diary_addenda", "entry"),
    ("diary_attachments", "entry"),
    ("week_reviews", "trajectory"),
    ("week_reasons", "trajectory"),
    ("learning_submissions", "trajectory"),
    ("appointments", "trajectory"),
    ("plan_versions", "trajectory"),
    ("pauses", "trajectory"),
    ("trajectory_advisors", "trajectory"),
    ("week_review_history", "trajectory"),  # migration 0014
    ("week_reason_history", "trajectory"),
)

_BUMP = "UPDATE trajectories SET revision = revision + 1 WHERE id = "
# Everyone whose name a trajectory's pages show: the candidate, the advisors, reviewers.
_PEOPLE = ("candidate_id = {user} OR id IN (SELECT trajectory_id FROM trajectory_advisors WHERE advisor_id = {user}) "
           "OR id IN (SELECT trajectory_id FROM week_reviews WHERE reviewer_id = {user})")


def _whose(row: str, key: str) -> str:
    """The trajectory id of `row` (NEW or OLD) of a table keyed by `key`."""
    if key == "entry":
        return f"(SELECT trajectory_id FROM diary_entries WHERE id = {row}.entry_id)"
    return f"{row}.trajectory_id"


def _sqlite(tables) -> tuple[list[str], list[str]]:
    create, drop = [], []
    for table, key in tables:
        for event, rows in (("insert", ("NEW",)), ("update", ("NEW", "OLD")), ("delete", ("OLD",))):
            name = f"trajectory_revision_{table}_{event}"
            body = " ".join(f"{_BUMP}{_whose(row, key)};" for row in rows)
            create.append(f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event.upper()} ON {table} BEGIN {body} END")
            drop.append(f"DROP TRIGGER IF EXISTS {name}")
    create += [
        "CREATE TRIGGER IF NOT EXISTS trajectory_revision_self AFTER UPDATE ON trajectories "
        "WHEN NEW.revision = OLD.revision BEGIN " + _BUMP + "NEW.id; END",
        "CREATE TRIGGER IF NOT EXISTS trajectory_revision_names AFTER UPDATE OF name ON users "
        "WHEN NEW.name IS NOT OLD.name BEGIN UPDATE trajectories SET revision = revision + 1 WHERE "
        + _PEOPLE.format(user="NEW.id") + "; END",
    ]
    drop += ["DROP TRIGGER IF EXISTS trajectory_revision_self", "DROP TRIGGER IF EXISTS trajectory_revision_names"]
    return create, drop


def _postgresql(tables) -> tuple[list[str], list[str]]:
    create = [
        "CREATE OR REPLACE FUNCTION trajectory_revision_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_ARGV[0] = 'entry' THEN "
        f"IF TG_OP <> 'DELETE' THEN {_BUMP}{_whose('NEW', 'entry')}; END IF; "
        f"IF TG_OP <> 'INSERT' THEN {_BUMP}{_whose('OLD', 'entry')}; END IF; "
        "ELSE "
        f"IF TG_OP <> 'DELETE' THEN {_BUMP}NEW.trajectory_id; END IF; "
        f"IF TG_OP <> 'INSERT' THEN {_BUMP}OLD.trajectory_id; END IF; "
        "END IF; RETURN NULL; END $$",
        # The trajectory's own row: raise the number in the same UPDATE (unless a trigger
        # above is the one raising it).
        "CREATE OR REPLACE FUNCTION trajectory_revision_self() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.revision = OLD.revision THEN NEW.revision := OLD.revision + 1; END IF; RETURN NEW; END $$",
        "CREATE OR REPLACE FUNCTION trajectory_revision_names() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.name IS DISTINCT FROM OLD.name THEN UPDATE trajectories SET revision = revision + 1 WHERE "
        + _PEOPLE.format(user="NEW.id") + "; END IF; RETURN NULL; END $$",
    ]
    drop = []
    for table, key in tables:
        name = f"trajectory_revision_{table}"
        create += [f"DROP TRIGGER IF EXISTS {name} ON {table}",
                   f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION trajectory_revision_bump('{key}')"]
        drop.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    create += [
        "DROP TRIGGER IF EXISTS trajectory_revision_self ON trajectories",
        "CREATE TRIGGER trajectory_revision_self BEFORE UPDATE ON trajectories "
        "FOR EACH ROW EXECUTE FUNCTION trajectory_revision_self()",
        "DROP TRIGGER IF EXISTS trajectory_revision_names ON users",
        "CREATE TRIGGER trajectory_revision_names AFTER UPDATE OF name ON users "
        "FOR EACH ROW EXECUTE FUNCTION trajectory_revision_names()",
    ]
    drop += ["DROP TRIGGER IF EXISTS trajectory_revision_self ON trajectories",
             "DROP TRIGGER IF EXISTS trajectory_revision_names ON users",
             "DROP FUNCTION IF EXISTS trajectory_revision_names()",
             "DROP FUNCTION IF EXISTS trajectory_revision_self()",
             "DROP FUNCTION IF EXISTS trajectory_revision_bump()"]
    return create, drop


def statements(dialect: str, tables=TABLES, drop: bool = False) -> list[str]:
    """The DDL that keeps the revision up to date ('sqlite' or 'postgresql'); empty for others."""
    build = {"sqlite": _sqlite, "postgresql": _postgresql}.get(dialect)
    if build is None:
        return []
    create, removal = build(tables)
    return removal if drop else create


def trigger_names(dialect: str, tables=TABLES) -> set[str]:
    """The names of the triggers `statements` creates (tests check they all exist)."""
    if dialect == "sqlite":
        names = {f"trajectory_revision_{t}_{e}" for t, _ in tables for e in ("insert", "update", "delete")}
    else:
        names = {f"trajectory_revision_{t}" for t, _ in tables}
    return names | {"trajectory_revision_self", "trajectory_revision_names"}


def attach(metadata) -> None:
    """Create the triggers whenever `create_all()` has created the tables they use."""
    from sqlalchemy import DDL, event

    # week_reviews comes after users, trajectories and trajectory_advisors, and every
    # table in TABLES exists by the time the last of them is created.
    last = max((metadata.tables[t] for t, _ in TABLES + (("week_reviews", ""),)),
               key=lambda table: metadata.sorted_tables.index(table))
    for dialect in ("sqlite", "postgresql"):
        for statement in statements(dialect):
            event.listen(last, "after_create", DDL(statement.replace("%", "%%")).execute_if(dialect=dialect))
