"""reports overviews

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22

Stored activity overviews (hash, verification code, file) and the advisor's summaries.
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('generated_overviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trajectory_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('format', sa.String(length=10), nullable=False),
    sa.Column('generated_by_id', sa.Integer(), nullable=True),
    sa.Column('generated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('verification_code', sa.String(length=20), nullable=False),
    sa.Column('file_path', sa.String(length=300), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('shared_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['generated_by_id'], ['users.id'], name=op.f('fk_generated_overviews_generated_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], name=op.f('fk_generated_overviews_trajectory_id_trajectories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_generated_overviews')),
    sa.UniqueConstraint('verification_code', name=op.f('uq_generated_overviews_verification_code'))
    )
    with op.batch_alter_table('generated_overviews', schema=None) as batch_op:
        batch_op.create_index('ix_generated_overviews_trajectory_id_generated_at', ['trajectory_id', 'generated_at'], unique=False)

    op.create_table('overview_summaries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trajectory_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('shared_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_overview_summaries_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], name=op.f('fk_overview_summaries_trajectory_id_trajectories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_overview_summaries'))
    )
    with op.batch_alter_table('overview_summaries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_overview_summaries_trajectory_id'), ['trajectory_id'], unique=False)


def downgrade():
    with op.batch_alter_table('overview_summaries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_overview_summaries_trajectory_id'))
    op.drop_table('overview_summaries')
    with op.batch_alter_table('generated_overviews', schema=None) as batch_op:
        batch_op.drop_index('ix_generated_overviews_trajectory_id_generated_at')
    op.drop_table('generated_overviews')
