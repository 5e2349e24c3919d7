"""The application diary: entries, week reviews and reasons for low weeks.

The diary feature extends this module (history, attachments, addenda); the columns here
are the contract other features rely on (see docs/contributing.md).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.db_types import UTCDateTime, utcnow
from portal.domain.activities import ApplicationStatus
from portal.domain.weeks import Week
from portal.extensions import db
from portal.trajectory.models import Trajectory


class DiaryEntry(db.Model):
    __tablename__ = "diary_entries"
    __table_args__ = (Index("ix_diary_entries_trajectory_id_entry_date", "trajectory_id", "entry_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    entry_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(40))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    place: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    contact_person: Mapped[str] = mapped_column(String(200), default="")
    channel: Mapped[str] = mapped_column(String(30), default="")
    method: Mapped[str] = mapped_column(String(30), default="")
    fits_capacity: Mapped[bool | None] = mapped_column(Boolean)
    vacancy_id: Mapped[int | None] = mapped_column(
        ForeignKey("vacancies.id", ondelete="SET NULL"), index=True
    )
    vacancy_snapshot: Mapped[dict | None] = mapped_column(JSON)
    external_url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(30), default=ApplicationStatus.PLANNED)
    follow_up_on: Mapped[date | None] = mapped_column(Date)
    notes_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    trajectory: Mapped[Trajectory] = relationship()
    author: Mapped[User | None] = relationship()

    @property
    def week(self) -> Week:
        return Week.of(self.entry_date)


class WeekReview(db.Model):
    """An advisor's judgement of one week; it locks that week's entries."""

    __tablename__ = "week_reviews"
    __table_args__ = (UniqueConstraint("trajectory_id", "week_monday", name="uq_week_reviews_trajectory_week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"), index=True)
    week_monday: Mapped[date] = mapped_column(Date)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sufficient: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    reviewer: Mapped[User | None] = relationship()


class WeekReason(db.Model):
    """The candidate's explanation for a week below target."""

    __tablename__ = "week_reasons"
    __table_args__ = (UniqueConstraint("trajectory_id", "week_monday", name="uq_week_reasons_trajectory_week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"), index=True)
    week_monday: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
