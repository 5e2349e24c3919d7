"""the scored rubric of a reviewed submission

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03

`learning_submissions.rubric_scores`: the criteria and chosen levels as they read when
the advisor reviewed (null for reviews without a rubric, which every existing one is).
"""
import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("learning_submissions") as batch_op:
        batch_op.add_column(sa.Column("rubric_scores", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("learning_submissions") as batch_op:
        batch_op.drop_column("rubric_scores")
