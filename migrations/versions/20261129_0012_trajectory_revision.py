"""trajectory revision

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29

`trajectories.revision`, raised by database triggers in the same transaction whenever the
trajectory, its diary (entries, addenda, files), week reviews and reasons, approved work,
contacts, plan targets, pauses or advisors change, or a person's name does. Pages derived
from those rows are cached under (trajectory, revision) (portal/page_cache.py).
"""
import sqlalchemy as sa
from alembic import op

from portal.trajectory.revision import statements

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


def upgrade():
    op.add_column("trajectories", sa.Column("revision", sa.Integer(), server_default=sa.text("0"), nullable=False))
    for statement in statements(op.get_bind().dialect.name, TABLES):
        op.execute(statement)


def downgrade():
    for statement in statements(op.get_bind().dialect.name, TABLES, drop=True):
        op.execute(statement)
    with op.batch_alter_table("trajectories") as batch_op:
        batch_op.drop_column("revision")
