"""employers' KvK numbers; e-mail changes that wait for confirmation

Revision ID: 0018
Revises: 0015
Create Date: 2026-12-03

`organisations.kvk_number` (8 digits, unique where filled): existing employers keep an
empty number. `account_tokens.new_email`: the address an EMAIL_CHANGE token gives the
account once its owner confirms it; existing tokens (invitations, resets) have none.
Employers that already exist twice under names differing in case or punctuation are not
merged here (that needs a person to decide); the admin pages refuse new duplicates.
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organisations") as batch_op:
        batch_op.add_column(sa.Column("kvk_number", sa.String(length=8), nullable=True))
        batch_op.create_unique_constraint("uq_organisations_kvk_number", ["kvk_number"])
    with op.batch_alter_table("account_tokens") as batch_op:
        batch_op.add_column(sa.Column("new_email", sa.String(length=254), nullable=True))


def downgrade():
    with op.batch_alter_table("account_tokens") as batch_op:
        batch_op.drop_column("new_email")
    with op.batch_alter_table("organisations") as batch_op:
        batch_op.drop_constraint("uq_organisations_kvk_number", type_="unique")
        batch_op.drop_column("kvk_number")
