"""the figures a stored overview stated when it was issued

Revision ID: 0020
Revises: 0016
Create Date: 2026-12-03

`generated_overviews.figures`: per week the numbers the file states and the day it was
made, so the portal can say whether today's data still gives the same numbers. Overviews
issued before this revision have none (null): they still verify by code and hash, but
whether they are out of date cannot be said.
"""
import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("generated_overviews") as batch_op:
        batch_op.add_column(sa.Column("figures", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("generated_overviews") as batch_op:
        batch_op.drop_column("figures")
