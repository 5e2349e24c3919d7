"""notifications that stay true, and mail with an attachment

Revision ID: 0024
Revises: 0027
Create Date: 2026-12-03

`notifications.resolved_at`: a reminder whose condition ended, or an event notification a
later one replaced, is resolved (no longer counted as unread). `outbox_messages` gets one
optional text attachment (the iCalendar invitation of an appointment). Existing rows keep
their meaning: no notification is resolved, no mail has an attachment.
"""
import sqlalchemy as sa
from alembic import op

revision = '0024'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(sa.Column("attachment_name", sa.String(100), nullable=False, server_default=""))
        batch.add_column(sa.Column("attachment_type", sa.String(100), nullable=False, server_default=""))
        batch.add_column(sa.Column("attachment_body", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_column("attachment_body")
        batch.drop_column("attachment_type")
        batch.drop_column("attachment_name")
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("resolved_at")
