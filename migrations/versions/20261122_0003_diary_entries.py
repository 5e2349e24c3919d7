"""diary entries

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('diary_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trajectory_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('place', sa.String(length=100), nullable=False),
    sa.Column('position', sa.String(length=200), nullable=False),
    sa.Column('contact_person', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=30), nullable=False),
    sa.Column('method', sa.String(length=30), nullable=False),
    sa.Column('fits_capacity', sa.Boolean(), nullable=True),
    sa.Column('vacancy_id', sa.Integer(), nullable=True),
    sa.Column('vacancy_snapshot', sa.JSON(), nullable=True),
    sa.Column('external_url', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('follow_up_on', sa.Date(), nullable=True),
    sa.Column('notes_html', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_diary_entries_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], name=op.f('fk_diary_entries_trajectory_id_trajectories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_diary_entries_vacancy_id_vacancies'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_diary_entries'))
    )
    with op.batch_alter_table('diary_entries', schema=None) as batch_op:
        batch_op.create_index('ix_diary_entries_trajectory_id_entry_date', ['trajectory_id', 'entry_date'], unique=False)
        batch_op.create_index('ix_diary_entries_trajectory_id_follow_up_on', ['trajectory_id', 'follow_up_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_diary_entries_vacancy_id'), ['vacancy_id'], unique=False)

    op.create_table('week_reasons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trajectory_id', sa.Integer(), nullable=False),
    sa.Column('week_monday', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_week_reasons_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], name=op.f('fk_week_reasons_trajectory_id_trajectories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_week_reasons')),
    sa.UniqueConstraint('trajectory_id', 'week_monday', name='uq_week_reasons_trajectory_week')
    )
    with op.batch_alter_table('week_reasons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_week_reasons_trajectory_id'), ['trajectory_id'], unique=False)

    op.create_table('week_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trajectory_id', sa.Integer(), nullable=False),
    sa.Column('week_monday', sa.Date(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('sufficient', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_week_reviews_reviewer_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], name=op.f('fk_week_reviews_trajectory_id_trajectories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_week_reviews')),
    sa.UniqueConstraint('trajectory_id', 'week_monday', name='uq_week_reviews_trajectory_week')
    )
    with op.batch_alter_table('week_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_week_reviews_trajectory_id'), ['trajectory_id'], unique=False)

    _entry_child('diary_entry_revisions', [
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('changes', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    ], user_fks=['author_id'])
    _entry_child('diary_status_changes', [
        sa.Column('from_status', sa.String(length=30), nullable=False),
        sa.Column('to_status', sa.String(length=30), nullable=False),
        sa.Column('changed_on', sa.Date(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    ], user_fks=['author_id'])
    _entry_child('diary_addenda', [
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    ], user_fks=['author_id'])
    _entry_child('diary_attachments', [
        sa.Column('folder', sa.String(length=100), nullable=False),
        sa.Column('stored_name', sa.String(length=64), nullable=False),
        sa.Column('original_name', sa.String(length=150), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    ], user_fks=['uploaded_by_id'])


def _entry_child(name, columns, user_fks):
    """A table that hangs off one diary entry (history, status steps, addenda, files)."""
    op.create_table(name,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    *columns,
    sa.ForeignKeyConstraint(['entry_id'], ['diary_entries.id'], name=op.f(f'fk_{name}_entry_id_diary_entries'), ondelete='CASCADE'),
    *[sa.ForeignKeyConstraint([fk], ['users.id'], name=op.f(f'fk_{name}_{fk}_users'), ondelete='SET NULL') for fk in user_fks],
    sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{name}'))
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f'ix_{name}_entry_id'), ['entry_id'], unique=False)


def downgrade():
    for name in ('diary_attachments', 'diary_addenda', 'diary_status_changes', 'diary_entry_revisions'):
        op.drop_table(name)
    op.drop_table('week_reviews')
    op.drop_table('week_reasons')
    op.drop_table('diary_entries')
