"""jobs vacancies

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


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
    sa.Column('description_text', sa.Text(), nullable=False),
    sa.Column('search_document', sa.Text().with_variant(postgresql.TSVECTOR(), 'postgresql'), nullable=True),
    sa.Column('apply_url', sa.String(length=500), nullable=False),
    sa.Column('apply_email', sa.String(length=254), nullable=False),
    sa.Column('posted_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('owner_trajectory_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_trajectory_id'], ['trajectories.id'], name=op.f('fk_vacancies_owner_trajectory_id_trajectories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_vacancies_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vacancies')),
    sa.UniqueConstraint('source', 'source_id', name='uq_vacancies_source_source_id')
    )
    with op.batch_alter_table('vacancies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vacancies_organisation'), ['organisation'], unique=False)
        batch_op.create_index('ix_vacancies_status_posted_on', ['status', 'posted_on'], unique=False)
        batch_op.create_index('ix_vacancies_search_document', ['search_document'], unique=False, postgresql_using='gin')
        batch_op.create_index('ix_vacancies_lat_lon', ['lat', 'lon'], unique=False)
        batch_op.create_index('ix_vacancies_organisation_title', ['organisation', 'title'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancies_education_level'), ['education_level'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancies_sector'), ['sector'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancies_owner_trajectory_id'), ['owner_trajectory_id'], unique=False)

    op.create_table('search_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trajectory_id', sa.Integer(), nullable=False),
    sa.Column('desired_roles', sa.String(length=500), nullable=False),
    sa.Column('postcode', sa.String(length=7), nullable=False),
    sa.Column('max_distance_km', sa.Integer(), nullable=True),
    sa.Column('hours_min', sa.Integer(), nullable=True),
    sa.Column('hours_max', sa.Integer(), nullable=True),
    sa.Column('education_level', sa.String(length=30), nullable=False),
    sa.Column('sectors', sa.String(length=300), nullable=False),
    sa.Column('limitations', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], name=op.f('fk_search_profiles_trajectory_id_trajectories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_search_profiles_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_profiles')),
    sa.UniqueConstraint('trajectory_id', name=op.f('uq_search_profiles_trajectory_id'))
    )
    op.create_table('saved_vacancies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trajectory_id', sa.Integer(), nullable=False),
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], name=op.f('fk_saved_vacancies_trajectory_id_trajectories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_saved_vacancies_vacancy_id_vacancies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_vacancies')),
    sa.UniqueConstraint('trajectory_id', 'vacancy_id', name='uq_saved_vacancies_trajectory_vacancy')
    )
    with op.batch_alter_table('saved_vacancies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_vacancies_trajectory_id'), ['trajectory_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_saved_vacancies_vacancy_id'), ['vacancy_id'], unique=False)

    op.create_table('vacancy_recommendations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trajectory_id', sa.Integer(), nullable=False),
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('advisor_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('dismissed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['advisor_id'], ['users.id'], name=op.f('fk_vacancy_recommendations_advisor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], name=op.f('fk_vacancy_recommendations_trajectory_id_trajectories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_vacancy_recommendations_vacancy_id_vacancies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vacancy_recommendations')),
    sa.UniqueConstraint('trajectory_id', 'vacancy_id', name='uq_vacancy_recommendations_trajectory_vacancy')
    )
    with op.batch_alter_table('vacancy_recommendations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vacancy_recommendations_trajectory_id'), ['trajectory_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancy_recommendations_vacancy_id'), ['vacancy_id'], unique=False)

    # Full-text index objects (portal/jobs/fts.py keeps the DDL in one place).
    for statement in _fts_statements(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade():
    for statement in _fts_statements(op.get_bind().dialect.name, drop=True):
        op.execute(statement)
    op.drop_table('vacancy_recommendations')
    op.drop_table('saved_vacancies')
    op.drop_table('search_profiles')
    op.drop_table('vacancies')


def _fts_statements(dialect, drop=False):
    from portal.jobs.fts import statements

    return statements(dialect, drop=drop)
