"""progress reports and their texts with history

Revision ID: 0025
Revises: 0026
Create Date: 2026-12-03

Two new tables (portal/progress_reports/models.py); no existing data to carry over.
"""
import sqlalchemy as sa
from alembic import op

from portal.db_types import UTCDateTime

revision = '0025'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "progress_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trajectory_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("correction_note", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("response_due", sa.Date(), nullable=True),
        sa.Column("candidate_agreed_at", UTCDateTime(), nullable=True),
        sa.Column("candidate_response", sa.Text(), nullable=False),
        sa.Column("candidate_responded_at", UTCDateTime(), nullable=True),
        sa.Column("released_at", UTCDateTime(), nullable=True),
        sa.Column("released_by_id", sa.Integer(), nullable=True),
        sa.Column("received_at", UTCDateTime(), nullable=True),
        sa.Column("received_by_id", sa.Integer(), nullable=True),
        sa.Column("file_path", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("verification_code", sa.String(length=20), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["trajectory_id"], ["trajectories.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["corrects_id"], ["progress_reports.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["released_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["received_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("verification_code"),
    )
    op.create_index("ix_progress_reports_trajectory_id_number", "progress_reports", ["trajectory_id", "number"])
    op.create_index("ix_progress_reports_status", "progress_reports", ["status"])
    op.create_table(
        "progress_report_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=30), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("choice", sa.String(length=20), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["progress_reports.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_progress_report_texts_report_id_section", "progress_report_texts", ["report_id", "section"])


def downgrade():
    op.drop_index("ix_progress_report_texts_report_id_section", table_name="progress_report_texts")
    op.drop_table("progress_report_texts")
    op.drop_index("ix_progress_reports_status", table_name="progress_reports")
    op.drop_index("ix_progress_reports_trajectory_id_number", table_name="progress_reports")
    op.drop_table("progress_reports")
