"""targets are history; diary entries outside the trajectory

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-03

`trajectories.initial_weekly_target` is version 0 of the weekly targets: the target agreed
when the trajectory started, in force until the first plan version applies. Until now
publishing a plan version overwrote `trajectories.weekly_target`, and the weeks before the
first version were counted against that column, so every revision rewrote them.

Carried over:
- without a plan version, `weekly_target` was never overwritten: it is the initial target;
- with plan versions, the weeks before the first one showed the first version's target
  until the first revision (version 2) was published: that target is taken, so those weeks
  show again what they showed before any revision.

Not recoverable: the target typed when the trajectory was created, if it differed from the
first plan version's and that version started after the spoor 2 start. Publishing the
first version overwrote it without a record (no trajectory change, no audit entry holds
it); those weeks keep the first version's target, which they have shown ever since.

`diary_entries.outside_reason`: why an entry dated before the spoor 2 start (or after the
close) was recorded anyway. Such entries are shown, marked, and never counted. Existing
entries get an empty reason; the evidence leaves them out by their date either way.

The upgrade only adds columns (no batch table copy), so SQLite keeps the revision triggers
of migration 0012 on diary_entries and trajectories; the downgrade puts them back.
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0012'
branch_labels = None
depends_on = None

def upgrade():
    op.add_column("trajectories", sa.Column("initial_weekly_target", sa.Integer(), server_default=sa.text("2"),
                                            nullable=False))
    op.add_column("diary_entries", sa.Column("outside_reason", sa.Text(), server_default="", nullable=False))
    conn = op.get_bind()
    first_targets = dict(conn.execute(sa.text(
        "SELECT v.trajectory_id, v.weekly_target FROM plan_versions v WHERE v.number = "
        "(SELECT MIN(w.number) FROM plan_versions w WHERE w.trajectory_id = v.trajectory_id)"
    )).all())
    # The revision triggers raise each trajectory's revision here too: its cached pages
    # may show different targets now, so they must be rebuilt anyway.
    conn.execute(sa.text("UPDATE trajectories SET initial_weekly_target = weekly_target"))
    for trajectory_id, target in first_targets.items():
        conn.execute(sa.text("UPDATE trajectories SET initial_weekly_target = :target WHERE id = :id"),
                     {"target": target, "id": trajectory_id})


def downgrade():
    # SQLite: a batch drop copies the table, which triggers on it (and on the tables that
    # read diary_entries) do not survive: keep their DDL, drop them, create them again after.
    conn = op.get_bind()
    triggers = []
    if conn.dialect.name == "sqlite":
        triggers = conn.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()
        for name, _sql in triggers:
            op.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    with op.batch_alter_table("diary_entries") as batch_op:
        batch_op.drop_column("outside_reason")
    with op.batch_alter_table("trajectories") as batch_op:
        batch_op.drop_column("initial_weekly_target")
    for _name, sql in triggers:
        op.execute(sql)
