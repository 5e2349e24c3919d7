"""the bureau's name and logo, set by the admin

Revision ID: 0028
Revises: 0025
Create Date: 2026-12-03

One new table (portal/bureau.py). No row is written: until the admin saves the settings the
environment's TS_BUREAU_NAME / TS_BUREAU_LOGO apply, as before this migration.
"""
import sqlalchemy as sa
from alembic import op

from portal.db_types import UTCDateTime

revision = '0028'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "bureau_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_type", sa.String(length=40), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name=op.f("fk_bureau_settings_updated_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bureau_settings")),
    )


def downgrade():
    op.drop_table("bureau_settings")
