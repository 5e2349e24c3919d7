"""plan intake phases placement

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

Intake and pre-intake, plan versions with activities, planned phases, confirmations and
views, phase changes, placements, aftercare check-ins and final evaluations.
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('final_evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trajectory_id', sa.Integer(), nullable=False),
    sa.Column('evaluated_on', sa.Date(), nullable=False),
    sa.Column('outcome', sa.String(length=30), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_final_evaluations_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], name=op.f('fk_final_evaluations_trajectory_id_trajectories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_final_evaluations')),
    sa.UniqueConstraint('trajectory_id', name=op.f('uq_final_evaluations_trajectory_id'))
    )
    op.create_table('intakes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trajectory_id', sa.Integer(), nullable=False),
    sa.Column('intake_on', sa.Date(), nullable=False),
    sa.Column('situation', sa.Text(), nullable=False),
    sa.Column('wishes', sa.Text(), nullable=False),
    sa.Column('work_history', sa.Text(), nullable=False),
    sa.Column('education', sa.Text(), nullable=False),
    sa.Column('capacity_profile_on', sa.Date(), nullable=True),
    sa.Column('capacity_limitations', sa.Text(), nullable=False),
    sa.Column('labour_expert_report_on', sa.Date(), nullable=True),
    sa.Column('job_directions', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], name=op.f('fk_intakes_trajectory_id_trajectories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_intakes_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intakes')),
    sa.UniqueConstraint('trajectory_id', name=op.f('uq_intakes_trajectory_id'))
    )
    op.create_table('phase_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trajectory_id', sa.Integer(), nullable=False),
    sa.Column('phase', sa.String(length=30), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_phase_changes_changed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], name=op.f('fk_phase_changes_trajectory_id_trajectories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phase_changes'))
    )
    with op.batch_alter_table('phase_changes', schema=None) as batch_op:
        batch_op.create_index('ix_phase_changes_trajectory_id_started_on', ['trajectory_id', 'started_on'], unique=False)

    op.create_table('placements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trajectory_id', sa.Integer(), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('hours_per_week', sa.Integer(), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_placements_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], name=op.f('fk_placements_trajectory_id_trajectories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placements'))
    )
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placements_trajectory_id'), ['trajectory_id'], unique=False)

    op.create_table('plan_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trajectory_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('goals', sa.Text(), nullable=False),
    sa.Column('weekly_target', sa.Integer(), nullable=False),
    sa.Column('change_summary', sa.Text(), nullable=False),
    sa.Column('change_reason', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_plan_versions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], name=op.f('fk_plan_versions_trajectory_id_trajectories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_versions')),
    sa.UniqueConstraint('trajectory_id', 'number', name='uq_plan_versions_trajectory_number')
    )
    with op.batch_alter_table('plan_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_versions_trajectory_id'), ['trajectory_id'], unique=False)

    op.create_table('pre_intakes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trajectory_id', sa.Integer(), nullable=False),
    sa.Column('about_me', sa.Text(), nullable=False),
    sa.Column('work_wishes', sa.Text(), nullable=False),
    sa.Column('strengths', sa.Text(), nullable=False),
    sa.Column('experience', sa.Text(), nullable=False),
    sa.Column('practical', sa.Text(), nullable=False),
    sa.Column('questions', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], name=op.f('fk_pre_intakes_trajectory_id_trajectories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pre_intakes')),
    sa.UniqueConstraint('trajectory_id', name=op.f('uq_pre_intakes_trajectory_id'))
    )
    op.create_table('aftercare_checkins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('trajectory_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('how_it_goes', sa.Text(), nullable=False),
    sa.Column('agreements', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_aftercare_checkins_placement_id_placements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_aftercare_checkins_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['trajectory_id'], ['trajectories.id'], name=op.f('fk_aftercare_checkins_trajectory_id_trajectories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aftercare_checkins'))
    )
    with op.batch_alter_table('aftercare_checkins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_aftercare_checkins_placement_id'), ['placement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_aftercare_checkins_trajectory_id'), ['trajectory_id'], unique=False)

    op.create_table('plan_activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('frequency', sa.String(length=20), nullable=False),
    sa.Column('module_slug', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['plan_versions.id'], name=op.f('fk_plan_activities_version_id_plan_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_activities'))
    )
    with op.batch_alter_table('plan_activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_activities_version_id'), ['version_id'], unique=False)

    op.create_table('plan_confirmations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('party', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_plan_confirmations_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['version_id'], ['plan_versions.id'], name=op.f('fk_plan_confirmations_version_id_plan_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_confirmations')),
    sa.UniqueConstraint('version_id', 'party', name='uq_plan_confirmations_version_party')
    )
    with op.batch_alter_table('plan_confirmations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_confirmations_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_confirmations_version_id'), ['version_id'], unique=False)

    op.create_table('plan_views',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('party', sa.String(length=20), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_plan_views_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['version_id'], ['plan_versions.id'], name=op.f('fk_plan_views_version_id_plan_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_views'))
    )
    with op.batch_alter_table('plan_views', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_views_version_id'), ['version_id'], unique=False)

    op.create_table('planned_phases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('phase', sa.String(length=30), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=True),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['version_id'], ['plan_versions.id'], name=op.f('fk_planned_phases_version_id_plan_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planned_phases'))
    )
    with op.batch_alter_table('planned_phases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_planned_phases_version_id'), ['version_id'], unique=False)



def downgrade():
    with op.batch_alter_table('planned_phases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_planned_phases_version_id'))

    op.drop_table('planned_phases')
    with op.batch_alter_table('plan_views', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_views_version_id'))

    op.drop_table('plan_views')
    with op.batch_alter_table('plan_confirmations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_confirmations_version_id'))
        batch_op.drop_index(batch_op.f('ix_plan_confirmations_user_id'))

    op.drop_table('plan_confirmations')
    with op.batch_alter_table('plan_activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_activities_version_id'))

    op.drop_table('plan_activities')
    with op.batch_alter_table('aftercare_checkins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_aftercare_checkins_trajectory_id'))
        batch_op.drop_index(batch_op.f('ix_aftercare_checkins_placement_id'))

    op.drop_table('aftercare_checkins')
    op.drop_table('pre_intakes')
    with op.batch_alter_table('plan_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_versions_trajectory_id'))

    op.drop_table('plan_versions')
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placements_trajectory_id'))

    op.drop_table('placements')
    with op.batch_alter_table('phase_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_phase_changes_trajectory_id_started_on')

    op.drop_table('phase_changes')
    op.drop_table('intakes')
    op.drop_table('final_evaluations')
