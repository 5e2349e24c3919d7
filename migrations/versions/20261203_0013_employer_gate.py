"""employer gate: neutral pause categories, retractable shared notes

Revision ID: 0013
Revises: 0019
Create Date: 2026-12-03

`pauses.employer_category` is what the employer and the candidate see of a pause; the free
reason stays internal. Existing pauses get the neutral "other" ("Pauze"). Notes get
`retracted_at`/`retracted_by_id` (withdrawn from the employer's view, kept in history) and
`retraction_requested_at` (the candidate asked for it); advisor summaries get `retracted_at`.
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("pauses", sa.Column("employer_category", sa.String(length=20), nullable=False,
                                      server_default="other"))
    with op.batch_alter_table("notes") as batch_op:
        batch_op.add_column(sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("retracted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("retraction_requested_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key("fk_notes_retracted_by_id_users", "users", ["retracted_by_id"], ["id"],
                                    ondelete="SET NULL")
    op.add_column("overview_summaries", sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("overview_summaries") as batch_op:
        batch_op.drop_column("retracted_at")
    with op.batch_alter_table("notes") as batch_op:
        batch_op.drop_constraint("fk_notes_retracted_by_id_users", type_="foreignkey")
        batch_op.drop_column("retraction_requested_at")
        batch_op.drop_column("retracted_by_id")
        batch_op.drop_column("retracted_at")
    with op.batch_alter_table("pauses") as batch_op:
        batch_op.drop_column("employer_category")
