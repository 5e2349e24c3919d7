"""The application diary: entries, week reviews and reasons for low weeks.

The columns of DiaryEntry, WeekReview and WeekReason are the contract other features rely
on (see docs/contributing.md). Nothing is ever rewritten silently: every change leaves a
revision, every status move a dated status change, and a reviewed week only takes addenda.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, column_property, declared_attr, mapped_column, relationship

from portal.auth.models import User
from portal.db_types import UTCDateTime, utcnow
from portal.domain.activities import (
    ActivityKind,
    ApplicationStatus,
    Channel,
    Method,
    is_application_activity,
    is_networking_kind,
    status_label,
)
from portal.domain.evidence import counts_as_application, not_counted_reason
from portal.domain.weeks import Week
from portal.extensions import db
from portal.trajectory.models import Trajectory


class DiaryEntry(db.Model):
    __tablename__ = "diary_entries"
    __table_args__ = (
        # Covers the evidence query (see migration 0011); its prefix serves reads by date.
        Index("ix_diary_entries_evidence", "trajectory_id", "entry_date", "kind", "status", "deleted_at"),
        Index("ix_diary_entries_trajectory_id_follow_up_on", "trajectory_id", "follow_up_on"),
    )

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
    # An entry records something that happened; "planned" must be chosen explicitly.
    status: Mapped[str] = mapped_column(String(30), default=ApplicationStatus.SENT)
    follow_up_on: Mapped[date | None] = mapped_column(Date)
    notes_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # How the entry arrived: typed in a form, or imported from a CSV file.
    source: Mapped[str] = mapped_column(String(20), default="form")
    # Why an entry dated outside the trajectory (before spoor 2, after the close) was
    # recorded anyway; such an entry is shown, marked, and never counted.
    outside_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Optimistic concurrency: SQLAlchemy bumps this on every UPDATE of the row (and the UPDATE
    # checks it); edit forms carry it in a hidden field (portal.forms.refuse_stale).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    trajectory: Mapped[Trajectory] = relationship()
    author: Mapped[User | None] = relationship()
    revisions: Mapped[list[EntryRevision]] = relationship(
        back_populates="entry", order_by="EntryRevision.id", cascade="all, delete-orphan"
    )
    status_changes: Mapped[list[StatusChange]] = relationship(
        back_populates="entry", order_by="(StatusChange.changed_on, StatusChange.id)", cascade="all, delete-orphan"
    )
    addenda: Mapped[list[Addendum]] = relationship(
        back_populates="entry", order_by="Addendum.id", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="entry", order_by="Attachment.id", cascade="all, delete-orphan"
    )

    @property
    def week(self) -> Week:
        return Week.of(self.entry_date)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def kind_label(self) -> str:
        return _label(ActivityKind, self.kind)

    @property
    def status_label(self) -> str:
        return status_label(self.status, self.kind)

    @property
    def channel_label(self) -> str:
        return _label(Channel, self.channel)

    @property
    def method_label(self) -> str:
        return _label(Method, self.method)

    @property
    def counts(self) -> bool:
        """Whether this entry's kind counts toward the weekly application target."""
        return is_application_activity(self.kind)

    @property
    def is_networking(self) -> bool:
        """A networking or information conversation: it has outcomes, not an application's pipeline."""
        return is_networking_kind(self.kind)

    @property
    def counted_as_application(self) -> bool:
        """Counted evidence of applying: the kind, the status and the date all count."""
        return counts_as_application(self.kind, self.entry_date, self.status, self.trajectory.counting_window)

    @property
    def outside_trajectory(self) -> bool:
        """Dated before the spoor 2 start or after the close: shown, marked, never counted."""
        return not self.trajectory.counting_window.contains(self.entry_date)

    @property
    def not_counted_reason(self) -> str:
        """Why this entry is no evidence at all (planned, outside the trajectory); empty if it is."""
        return not_counted_reason(self.entry_date, self.status, self.trajectory.counting_window)

    @property
    def live_attachments(self) -> list[Attachment]:
        return [a for a in self.attachments if a.deleted_at is None]


def _label(enum, value: str) -> str:
    try:
        return enum(value).label
    except ValueError:
        return value or ""


class EntryRevision(db.Model):
    """One change to an entry: who, when, and per field the old and new value."""

    __tablename__ = "diary_entry_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("diary_entries.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))  # created, edited, status, deleted, restored, attached
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # field -> [old, new]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    entry: Mapped[DiaryEntry] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship()


class StatusChange(db.Model):
    """A dated step of one application through the pipeline."""

    __tablename__ = "diary_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("diary_entries.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(30), default="")
    to_status: Mapped[str] = mapped_column(String(30))
    changed_on: Mapped[date] = mapped_column(Date)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    entry: Mapped[DiaryEntry] = relationship(back_populates="status_changes")
    author: Mapped[User | None] = relationship()

    @property
    def to_label(self) -> str:
        return status_label(self.to_status)

    @property
    def from_label(self) -> str:
        return status_label(self.from_status)


class Addendum(db.Model):
    """A correction or addition to an entry of a reviewed week, shown beside the original."""

    __tablename__ = "diary_addenda"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("diary_entries.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    entry: Mapped[DiaryEntry] = relationship(back_populates="addenda")
    author: Mapped[User | None] = relationship()


class Attachment(db.Model):
    """A file kept with an entry (the letter, a CV version); stored via portal.uploads."""

    __tablename__ = "diary_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("diary_entries.id", ondelete="CASCADE"), index=True)
    folder: Mapped[str] = mapped_column(String(100))
    stored_name: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str] = mapped_column(String(150))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    entry: Mapped[DiaryEntry] = relationship(back_populates="attachments")
    uploaded_by: Mapped[User | None] = relationship()


# What a list of entries shows of each entry's addenda and files: their number. Deferred,
# so only the listing queries (`diary.services.search_entries`) read them, in the same
# statement as the entries instead of loading every addendum and file.
DiaryEntry.addenda_count = column_property(
    select(func.count(Addendum.id)).where(Addendum.entry_id == DiaryEntry.id)
    .correlate_except(Addendum).scalar_subquery(),
    deferred=True,
)
DiaryEntry.live_attachment_count = column_property(
    select(func.count(Attachment.id)).where(Attachment.entry_id == DiaryEntry.id, Attachment.deleted_at.is_(None))
    .correlate_except(Attachment).scalar_subquery(),
    deferred=True,
)


class _Judgement:
    """The columns of an advisor's week judgement (the current one and every one in the history)."""

    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sufficient: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @declared_attr
    def reviewer(cls) -> Mapped[User | None]:
        return relationship(User)


class WeekReview(_Judgement, db.Model):
    """An advisor's judgement of one week; it locks that week's entries."""

    __tablename__ = "week_reviews"
    __table_args__ = (UniqueConstraint("trajectory_id", "week_monday", name="uq_week_reviews_trajectory_week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"), index=True)
    week_monday: Mapped[date] = mapped_column(Date)


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


class WeekReviewHistory(_Judgement, db.Model):
    """Every judgement an advisor gave a week, append-only; the newest is in `WeekReview`."""

    __tablename__ = "week_review_history"
    __table_args__ = (Index("ix_week_review_history_trajectory_week", "trajectory_id", "week_monday"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"))
    week_monday: Mapped[date] = mapped_column(Date)


class WeekReasonHistory(db.Model):
    """Every text the candidate gave for a low week, append-only (empty: withdrawn)."""

    __tablename__ = "week_reason_history"
    __table_args__ = (Index("ix_week_reason_history_trajectory_week", "trajectory_id", "week_monday"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"))
    week_monday: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    author: Mapped[User | None] = relationship()
