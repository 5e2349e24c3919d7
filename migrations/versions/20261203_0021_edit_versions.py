"""a version counter on shared edit forms' rows (optimistic concurrency)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03

`diary_entries.version`, `notes.version`, `appointments.version`: bumped by every UPDATE of
the row; an edit form carries the version it was opened on and a stale save is refused.
Existing rows start at version 1.
"""
import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

TABLES = ("diary_entries", "notes", "appointments")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("version")
