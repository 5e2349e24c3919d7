"""performance indexes

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22

Composite indexes for the query paths of the main pages at bureau scale (3,000
trajectories, about a million diary entries): per-trajectory reads in the order the pages
ask for, and keyset pagination (newest id first) of the audit log and notifications.
Single-column indexes that became a prefix of a new composite index are dropped.
"""
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# (table, new index, columns, replaced single-column index or None)
INDEXES = [
    ("pauses", "ix_pauses_trajectory_id_start_date", ["trajectory_id", "start_date"], "ix_pauses_trajectory_id"),
    ("learning_assignment_work", "ix_learning_assignment_work_trajectory_id_state", ["trajectory_id", "state"],
     "ix_learning_assignment_work_trajectory_id"),
    ("learning_submissions", "ix_learning_submissions_trajectory_id_status", ["trajectory_id", "status", "reviewed_at"],
     "ix_learning_submissions_trajectory_id"),
    ("plan_versions", "ix_plan_versions_trajectory_id_effective_from", ["trajectory_id", "effective_from", "number"],
     "ix_plan_versions_trajectory_id"),
    ("audit_events", "ix_audit_events_candidate_id_id", ["candidate_id", "id"], "ix_audit_events_candidate_id"),
    ("audit_events", "ix_audit_events_trajectory_id_id", ["trajectory_id", "id"], "ix_audit_events_trajectory_id"),
    ("audit_events", "ix_audit_events_actor_id_id", ["actor_id", "id"], "ix_audit_events_actor_id"),
    ("notifications", "ix_notifications_user_id_id", ["user_id", "id"], "ix_notifications_user_id"),
]


def upgrade():
    for table, name, columns, replaced in INDEXES:
        op.create_index(name, table, columns, unique=False)
        if replaced:
            op.drop_index(replaced, table_name=table)


def downgrade():
    for table, name, columns, replaced in reversed(INDEXES):
        if replaced:
            op.create_index(replaced, table, [columns[0]], unique=False)
        op.drop_index(name, table_name=table)
