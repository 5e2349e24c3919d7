"""targets are history; diary entries outside the trajectory

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03

`trajectories.initial_weekly_target` is version 0 of the weekly targets: the target agreed
when the trajectory started, in force until the first plan version applies. Until now
publishing a plan version overwrote `trajectories.weekly_target`, and the weeks before the
first version were counted against that column, so every revision rewrote them.

Carried over:
- without a plan version, `weekly_target` was never overwritten: it is the initial target;
- with plan versions, the weeks before the first one showed the first version's target
  until the first revision (version 2) was published: that target is taken, so those weeks
  show again what they showed before any revision.

Not recoverable: the target typed when the trajectory was created, if it differed from the
first plan version's and that version started after the spoor 2 start. Publishing the
first version overwrote it without a record (no trajectory change, no audit entry holds
it); those weeks keep the first version's target, which they have shown ever since.

`diary_entries.outside_reason`: why an entry dated before the spoor 2 start (or after the
close) was recorded anyway. Such entries are shown, marked, and never counted. Existing
entries get an empty reason; the evidence leaves them out by their date either way.

`week_review_history` and `week_reason_history`: judgements are history. Every advisor
judgement and every low-week reason text is appended there; `week_reviews` and
`week_reasons` keep the newest (what counts). Existing reviews and reasons become the first
history row of their week; earlier judgements and texts were overwritten in place before
this migration and cannot be recovered, nor can reasons that were deleted.
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

def upgrade():
    op.create_table(
        "week_review_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trajectory_id", sa.Integer(), nullable=False),
        sa.Column("week_monday", sa.Date(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("sufficient", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["reviewer_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["trajectory_id"], ["trajectories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_week_review_history_trajectory_week", "week_review_history",
                    ["trajectory_id", "week_monday"], unique=False)
    op.create_table(
        "week_reason_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trajectory_id", sa.Integer(), nullable=False),
        sa.Column("week_monday", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["trajectory_id"], ["trajectories.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_week_reason_history_trajectory_week", "week_reason_history",
                    ["trajectory_id", "week_monday"], unique=False)
    op.execute("INSERT INTO week_review_history (trajectory_id, week_monday, reviewer_id, sufficient, reason, "
               "reviewed_at) SELECT trajectory_id, week_monday, reviewer_id, sufficient, reason, reviewed_at "
               "FROM week_reviews")
    op.execute("INSERT INTO week_reason_history (trajectory_id, week_monday, reason, author_id, written_at) "
               "SELECT trajectory_id, week_monday, reason, author_id, updated_at FROM week_reasons")
    op.add_column("trajectories", sa.Column("initial_weekly_target", sa.Integer(), server_default=sa.text("2"),
                                            nullable=False))
    op.add_column("diary_entries", sa.Column("outside_reason", sa.Text(), server_default="", nullable=False))
    conn = op.get_bind()
    first_targets = dict(conn.execute(sa.text(
        "SELECT v.trajectory_id, v.weekly_target FROM plan_versions v WHERE v.number = "
        "(SELECT MIN(w.number) FROM plan_versions w WHERE w.trajectory_id = v.trajectory_id)"
    )).all())
    conn.execute(sa.text("UPDATE trajectories SET initial_weekly_target = weekly_target"))
    for trajectory_id, target in first_targets.items():
        conn.execute(sa.text("UPDATE trajectories SET initial_weekly_target = :target WHERE id = :id"),
                     {"target": target, "id": trajectory_id})


def downgrade():
    op.drop_table("week_reason_history")
    op.drop_table("week_review_history")
    with op.batch_alter_table("diary_entries") as batch_op:
        batch_op.drop_column("outside_reason")
    with op.batch_alter_table("trajectories") as batch_op:
        batch_op.drop_column("initial_weekly_target")
