"""versions of intakes, milestone records and search profiles; calendar links' last use

Revision ID: 0027
Revises: 0023
Create Date: 2026-12-03

Intakes, milestone records and search profiles keep their earlier states like notes do
(`intake_versions`, `milestone_record_versions`, `search_profile_versions`: the row as it was
before an edit) and carry the notes' version counter; every existing row starts at version 1
with an empty history (what it says today is its first version). `calendar_feeds.last_used_at`
lets a subscription link unused for long expire; existing links count as used now, so none
expires on the day of the upgrade.
"""
import sqlalchemy as sa
from alembic import op

revision = '0027'
down_revision = '0023'
branch_labels = None
depends_on = None

TABLES = ("intakes", "milestone_records", "search_profiles")


def _edited(table: str) -> list:
    return [
        sa.Column('edited_by_id', sa.Integer(), nullable=True),
        sa.Column('edited_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['edited_by_id'], ['users.id'], name=op.f(f'fk_{table}_edited_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
    ]


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))

    op.create_table('intake_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('intake_id', sa.Integer(), nullable=False),
    sa.Column('intake_on', sa.Date(), nullable=False),
    sa.Column('situation', sa.Text(), nullable=False),
    sa.Column('wishes', sa.Text(), nullable=False),
    sa.Column('work_history', sa.Text(), nullable=False),
    sa.Column('education', sa.Text(), nullable=False),
    sa.Column('capacity_profile_on', sa.Date(), nullable=True),
    sa.Column('capacity_limitations', sa.Text(), nullable=False),
    sa.Column('labour_expert_report_on', sa.Date(), nullable=True),
    sa.Column('job_directions', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['intake_id'], ['intakes.id'], name=op.f('fk_intake_versions_intake_id_intakes'),
                            ondelete='CASCADE'),
    *_edited('intake_versions'),
    )
    op.create_index(op.f('ix_intake_versions_intake_id'), 'intake_versions', ['intake_id'], unique=False)

    op.create_table('milestone_record_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['milestone_records.id'],
                            name=op.f('fk_milestone_record_versions_record_id_milestone_records'), ondelete='CASCADE'),
    *_edited('milestone_record_versions'),
    )
    op.create_index(op.f('ix_milestone_record_versions_record_id'), 'milestone_record_versions', ['record_id'],
                    unique=False)

    op.create_table('search_profile_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('desired_roles', sa.String(length=500), nullable=False),
    sa.Column('postcode', sa.String(length=7), nullable=False),
    sa.Column('max_distance_km', sa.Integer(), nullable=True),
    sa.Column('hours_min', sa.Integer(), nullable=True),
    sa.Column('hours_max', sa.Integer(), nullable=True),
    sa.Column('education_level', sa.String(length=30), nullable=False),
    sa.Column('sectors', sa.String(length=300), nullable=False),
    sa.Column('limitations', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['search_profiles.id'],
                            name=op.f('fk_search_profile_versions_profile_id_search_profiles'), ondelete='CASCADE'),
    *_edited('search_profile_versions'),
    )
    op.create_index(op.f('ix_search_profile_versions_profile_id'), 'search_profile_versions', ['profile_id'],
                    unique=False)

    with op.batch_alter_table('calendar_feeds') as batch_op:
        batch_op.add_column(sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True))
    # A link made before this revision may be in use without a trace: count it as used now.
    feeds = sa.table('calendar_feeds', sa.column('last_used_at', sa.DateTime(timezone=True)))
    op.execute(feeds.update().values(last_used_at=sa.func.current_timestamp()))


def downgrade():
    with op.batch_alter_table('calendar_feeds') as batch_op:
        batch_op.drop_column('last_used_at')
    for table, column in (('search_profile_versions', 'profile_id'), ('milestone_record_versions', 'record_id'),
                          ('intake_versions', 'intake_id')):
        op.drop_index(op.f(f'ix_{table}_{column}'), table_name=table)
        op.drop_table(table)
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("version")
