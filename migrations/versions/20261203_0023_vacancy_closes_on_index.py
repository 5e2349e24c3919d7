"""an index on vacancies.closes_on

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03

A plain text search on SQLite counts its hits as "all hits minus those not on the
listing"; the vacancies past their closing date are found through this index instead of
looking up every hit (portal/jobs/search.py, `_sqlite_text_page`). No data changes.
"""
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_vacancies_closes_on", "vacancies", ["closes_on"])


def downgrade():
    op.drop_index("ix_vacancies_closes_on", table_name="vacancies")
