"""learning progress and submissions

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

Lesson progress, assignment work with numbered attempts, their files, the dated state
changes, and the advisors' feedback snippets.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'learning_lesson_progress',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('trajectory_id', sa.Integer(), nullable=False),
        sa.Column('module_slug', sa.String(length=80), nullable=False),
        sa.Column('lesson_slug', sa.String(length=80), nullable=False),
        sa.Column('done_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('trajectory_id', 'module_slug', 'lesson_slug'),
    )
    with op.batch_alter_table('learning_lesson_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_lesson_progress_trajectory_id'), ['trajectory_id'], unique=False)

    op.create_table(
        'learning_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('trajectory_id', sa.Integer(), nullable=False),
        sa.Column('folder', sa.String(length=100), nullable=False),
        sa.Column('stored_name', sa.String(length=60), nullable=False),
        sa.Column('original_name', sa.String(length=150), nullable=False),
        sa.Column('content_type', sa.String(length=120), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('learning_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_files_trajectory_id'), ['trajectory_id'], unique=False)

    op.create_table(
        'learning_assignment_work',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('trajectory_id', sa.Integer(), nullable=False),
        sa.Column('module_slug', sa.String(length=80), nullable=False),
        sa.Column('assignment_slug', sa.String(length=80), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('draft_text', sa.Text(), nullable=False),
        sa.Column('draft_file_id', sa.Integer(), nullable=True),
        sa.Column('draft_saved_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['draft_file_id'], ['learning_files.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('trajectory_id', 'assignment_slug'),
    )
    with op.batch_alter_table('learning_assignment_work', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_assignment_work_assignment_slug'), ['assignment_slug'], unique=False)
        batch_op.create_index(batch_op.f('ix_learning_assignment_work_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_learning_assignment_work_trajectory_id'), ['trajectory_id'], unique=False)

    op.create_table(
        'learning_submissions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('work_id', sa.Integer(), nullable=False),
        sa.Column('trajectory_id', sa.Integer(), nullable=False),
        sa.Column('attempt', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('file_id', sa.Integer(), nullable=True),
        sa.Column('content_version', sa.String(length=40), nullable=False),
        sa.Column('submitted_by_id', sa.Integer(), nullable=True),
        sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('reviewer_id', sa.Integer(), nullable=True),
        sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('feedback', sa.Text(), nullable=False),
        sa.Column('feedback_seen_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('claimed_by_id', sa.Integer(), nullable=True),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['claimed_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['file_id'], ['learning_files.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['work_id'], ['learning_assignment_work.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('work_id', 'attempt'),
    )
    with op.batch_alter_table('learning_submissions', schema=None) as batch_op:
        batch_op.create_index('ix_learning_submissions_status_submitted_at', ['status', 'submitted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_learning_submissions_trajectory_id'), ['trajectory_id'], unique=False)

    op.create_table(
        'learning_assignment_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('work_id', sa.Integer(), nullable=False),
        sa.Column('from_state', sa.String(length=20), nullable=False),
        sa.Column('to_state', sa.String(length=20), nullable=False),
        sa.Column('attempt', sa.Integer(), nullable=True),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['work_id'], ['learning_assignment_work.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('learning_assignment_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_assignment_events_work_id'), ['work_id'], unique=False)

    op.create_table(
        'learning_feedback_snippets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('advisor_id', sa.Integer(), nullable=False),
        sa.Column('assignment_slug', sa.String(length=80), nullable=False),
        sa.Column('title', sa.String(length=120), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['advisor_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('learning_feedback_snippets', schema=None) as batch_op:
        batch_op.create_index('ix_learning_feedback_snippets_advisor_assignment', ['advisor_id', 'assignment_slug'], unique=False)


def downgrade():
    op.drop_table('learning_feedback_snippets')
    op.drop_table('learning_assignment_events')
    op.drop_table('learning_submissions')
    op.drop_table('learning_assignment_work')
    op.drop_table('learning_files')
    op.drop_table('learning_lesson_progress')
