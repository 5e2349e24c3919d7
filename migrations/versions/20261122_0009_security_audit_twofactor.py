"""security audit twofactor

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22

Two-factor columns on users, recovery codes, shared rate-limit counters, the audit log
and the anonymous erasure records.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('totp_enabled_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))

    op.create_table(
        'recovery_codes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_recovery_codes_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes')),
        sa.UniqueConstraint('code_hash', name=op.f('uq_recovery_codes_code_hash')),
    )
    op.create_index(op.f('ix_recovery_codes_user_id'), 'recovery_codes', ['user_id'])

    op.create_table(
        'rate_limit_counters',
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('window', sa.Integer(), nullable=False),
        sa.Column('hits', sa.Integer(), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', 'window', name=op.f('pk_rate_limit_counters')),
    )
    op.create_index(op.f('ix_rate_limit_counters_expires_at'), 'rate_limit_counters', ['expires_at'])

    op.create_table(
        'audit_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('action', sa.String(length=10), nullable=False),
        sa.Column('candidate_id', sa.Integer(), nullable=True),
        sa.Column('trajectory_id', sa.Integer(), nullable=True),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor_name', sa.String(length=200), nullable=False),
        sa.Column('actor_role', sa.String(length=20), nullable=False),
        sa.Column('on_behalf_of', sa.String(length=200), nullable=False),
        sa.Column('endpoint', sa.String(length=100), nullable=False),
        sa.Column('method', sa.String(length=10), nullable=False),
        sa.Column('path', sa.String(length=300), nullable=False),
        sa.Column('permission', sa.String(length=60), nullable=False),
        sa.Column('detail', sa.String(length=300), nullable=False),
        sa.Column('ip_address', sa.String(length=64), nullable=False),
        sa.Column('user_agent', sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events')),
    )
    for column in ('occurred_at', 'action', 'candidate_id', 'trajectory_id', 'actor_id'):
        op.create_index(op.f(f'ix_audit_events_{column}'), 'audit_events', [column])

    op.create_table(
        'erasure_records',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('erased_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('reason', sa.String(length=20), nullable=False),
        sa.Column('trajectory_status', sa.String(length=20), nullable=False),
        sa.Column('closed_on_year', sa.Integer(), nullable=True),
        sa.Column('spoor2_weeks', sa.Integer(), nullable=True),
        sa.Column('row_counts', sa.JSON(), nullable=False),
        sa.Column('files_removed', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_erasure_records')),
    )
    op.create_index(op.f('ix_erasure_records_erased_at'), 'erasure_records', ['erased_at'])


def downgrade():
    op.drop_table('erasure_records')
    op.drop_table('audit_events')
    op.drop_table('rate_limit_counters')
    op.drop_table('recovery_codes')
    with op.batch_alter_table('users') as batch:
        batch.drop_column('totp_last_step')
        batch.drop_column('totp_enabled_at')
        batch.drop_column('totp_secret')
