"""jobs vacancies

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('vacancies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('postcode', sa.String(length=7), nullable=False),
    sa.Column('hours_min', sa.Integer(), nullable=True),
    sa.Column('hours_max', sa.Integer(), nullable=True),
    sa.Column('contract_type', sa.String(length=30), nullable=False),
    sa.Column('education_level', sa.String(length=30), nullable=False),
    sa.Column('sector', sa.String(length=60), nullable=False),
    sa.Column('salary_min', sa.Integer(), nullable=True),
    sa.Column('salary_max', sa.Integer(), nullable=True),
    sa.Column('description_html', sa.Text(), nullable=False),
    sa.Column('apply_url', sa.String(length=500), nullable=False),
    sa.Column('apply_email', sa.String(length=254), nullable=False),
    sa.Column('posted_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_vacancies_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vacancies')),
    sa.UniqueConstraint('source', 'source_id', name='uq_vacancies_source_source_id')
    )
    with op.batch_alter_table('vacancies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vacancies_organisation'), ['organisation'], unique=False)
        batch_op.create_index('ix_vacancies_status_posted_on', ['status', 'posted_on'], unique=False)


def downgrade():
    op.drop_table('vacancies')
