"""Models of the learning feature: lesson progress, assignment work, attempts, snippets."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.db_types import UTCDateTime, utcnow
from portal.extensions import db
from portal.learning.rules import AssignmentState
from portal.trajectory.models import Trajectory


class LessonProgress(db.Model):
    """A lesson the candidate marked as done."""

    __tablename__ = "learning_lesson_progress"
    __table_args__ = (UniqueConstraint("trajectory_id", "module_slug", "lesson_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"), index=True)
    module_slug: Mapped[str] = mapped_column(String(80))
    lesson_slug: Mapped[str] = mapped_column(String(80))
    done_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LearningFile(db.Model):
    """A file handed in for an assignment (stored by portal.uploads)."""

    __tablename__ = "learning_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"), index=True)
    folder: Mapped[str] = mapped_column(String(100))
    stored_name: Mapped[str] = mapped_column(String(60))
    original_name: Mapped[str] = mapped_column(String(150))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    trajectory: Mapped[Trajectory] = relationship()


class AssignmentWork(db.Model):
    """One candidate's work on one assignment: its state and the current draft."""

    __tablename__ = "learning_assignment_work"
    __table_args__ = (
        UniqueConstraint("trajectory_id", "assignment_slug"),
        # Dashboard and home panels count work per trajectory and state.
        Index("ix_learning_assignment_work_trajectory_id_state", "trajectory_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"))
    module_slug: Mapped[str] = mapped_column(String(80))
    assignment_slug: Mapped[str] = mapped_column(String(80), index=True)
    state: Mapped[str] = mapped_column(String(20), default=AssignmentState.NOT_STARTED, index=True)
    draft_text: Mapped[str] = mapped_column(Text, default="")
    draft_file_id: Mapped[int | None] = mapped_column(ForeignKey("learning_files.id", ondelete="SET NULL"))
    draft_saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    trajectory: Mapped[Trajectory] = relationship()
    draft_file: Mapped[LearningFile | None] = relationship()
    submissions: Mapped[list[Submission]] = relationship(
        back_populates="work", order_by="Submission.attempt", cascade="all, delete-orphan"
    )
    events: Mapped[list[AssignmentEvent]] = relationship(
        back_populates="work", order_by="AssignmentEvent.id", cascade="all, delete-orphan"
    )

    @property
    def state_enum(self) -> AssignmentState:
        return AssignmentState(self.state)

    @property
    def latest(self) -> Submission | None:
        return self.submissions[-1] if self.submissions else None


class Submission(db.Model):
    """One numbered attempt: what was handed in, for which content version, and its review."""

    __tablename__ = "learning_submissions"
    __table_args__ = (
        UniqueConstraint("work_id", "attempt"),
        Index("ix_learning_submissions_status_submitted_at", "status", "submitted_at"),
        # Per trajectory and status (reviewed work on the dashboard, home and overview).
        Index("ix_learning_submissions_trajectory_id_status", "trajectory_id", "status", "reviewed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(ForeignKey("learning_assignment_work.id", ondelete="CASCADE"))
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"))
    attempt: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    file_id: Mapped[int | None] = mapped_column(ForeignKey("learning_files.id", ondelete="SET NULL"))
    content_version: Mapped[str] = mapped_column(String(40))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # submitted | needs_revision | approved (an AssignmentState value)
    status: Mapped[str] = mapped_column(String(20), default=AssignmentState.SUBMITTED)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    feedback: Mapped[str] = mapped_column(Text, default="")
    # The scored rubric as it read at the review: [{"criterion", "level", "description",
    # "levels"}], so content changes later never rewrite what the candidate was told.
    rubric_scores: Mapped[list | None] = mapped_column(JSON)
    feedback_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    work: Mapped[AssignmentWork] = relationship(back_populates="submissions")
    trajectory: Mapped[Trajectory] = relationship()
    file: Mapped[LearningFile | None] = relationship()
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])

    @property
    def status_enum(self) -> AssignmentState:
        return AssignmentState(self.status)


class AssignmentEvent(db.Model):
    """A dated state change of assignment work (kept forever, never edited)."""

    __tablename__ = "learning_assignment_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(ForeignKey("learning_assignment_work.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    attempt: Mapped[int | None] = mapped_column(Integer)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    work: Mapped[AssignmentWork] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()

    @property
    def to_state_enum(self) -> AssignmentState:
        return AssignmentState(self.to_state)


class FeedbackSnippet(db.Model):
    """A reusable piece of feedback an advisor keeps for one assignment."""

    __tablename__ = "learning_feedback_snippets"
    __table_args__ = (Index("ix_learning_feedback_snippets_advisor_assignment", "advisor_id", "assignment_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    advisor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    assignment_slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
