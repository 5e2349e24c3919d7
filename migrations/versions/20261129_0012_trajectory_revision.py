"""trajectory revision

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29

`trajectories.revision`, raised by database triggers in the same transaction whenever the
trajectory, its diary (entries, addenda, files), week reviews and reasons, approved work,
contacts, plan targets, pauses or advisors change, or a person's name does. Pages derived
from those rows were cached under (trajectory, revision). Migration 0015 removed the cache,
the triggers and the column; the trigger DDL lives here (not in the portal) so that this
revision and 0015's downgrade stay as they were.
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

# Frozen here: a later migration that covers more tables adds its own triggers.
TABLES = (
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


def statements(dialect: str, tables, drop: bool = False) -> list[str]:
    """The DDL that keeps the revision up to date ('sqlite' or 'postgresql'); empty for others."""
    build = {"sqlite": _sqlite, "postgresql": _postgresql}.get(dialect)
    if build is None:
        return []
    create, removal = build(tables)
    return removal if drop else create


def upgrade():
    op.add_column("trajectories", sa.Column("revision", sa.Integer(), server_default=sa.text("0"), nullable=False))
    for statement in statements(op.get_bind().dialect.name, TABLES):
        op.execute(statement)


def downgrade():
    for statement in statements(op.get_bind().dialect.name, TABLES, drop=True):
        op.execute(statement)
    with op.batch_alter_table("trajectories") as batch_op:
        batch_op.drop_column("revision")
