"""Advisor contacts: appointments with their reports, notes with visibility and history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.db_types import UTCDateTime, utcnow
from portal.domain.activities import LabelledEnum
from portal.extensions import db
from portal.trajectory.models import Trajectory

REPORT_MAX = 2000
NOTE_MAX = 4000
LOCATION_MAX = 300


class AppointmentKind(LabelledEnum):
    INTAKE = "intake", "Intakegesprek"
    COACHING = "coaching", "Coachgesprek"
    EVALUATION = "evaluation", "Evaluatiegesprek"
    PHONE = "phone", "Telefonisch contact"
    VIDEO = "video", "Videogesprek"


class AppointmentStatus(LabelledEnum):
    PLANNED = "planned", "Gepland"
    HELD = "held", "Gehouden"
    NO_SHOW = "no_show", "Niet verschenen"
    CANCELLED = "cancelled", "Afgezegd"


# A contact "took place" unless it was called off or the candidate did not come.
NOT_HELD = (AppointmentStatus.CANCELLED.value, AppointmentStatus.NO_SHOW.value)


class NoteVisibility(LabelledEnum):
    INTERNAL = "internal", "Intern (alleen adviseurs)"
    CANDIDATE = "candidate", "Gedeeld met de kandidaat"
    EMPLOYER = "employer", "Gedeeld met de werkgever"


class Appointment(db.Model):
    """A contact between advisor and candidate, with the report UWV expects afterwards."""

    __tablename__ = "appointments"
    __table_args__ = (Index("ix_appointments_trajectory_id_starts_at", "trajectory_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"))
    advisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=AppointmentStatus.PLANNED)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    location: Mapped[str] = mapped_column(String(LOCATION_MAX), default="")
    goal: Mapped[str] = mapped_column(Text, default="")
    participants: Mapped[str] = mapped_column(Text, default="")
    agreements: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Optimistic concurrency: SQLAlchemy bumps this on every UPDATE of the row (and the UPDATE
    # checks it); edit forms carry it in a hidden field (portal.forms.refuse_stale).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    trajectory: Mapped[Trajectory] = relationship()
    advisor: Mapped[User | None] = relationship()
    versions: Mapped[list[AppointmentVersion]] = relationship(
        back_populates="appointment", order_by="AppointmentVersion.id.desc()", cascade="all, delete-orphan"
    )

    @property
    def kind_label(self) -> str:
        return AppointmentKind(self.kind).label

    @property
    def status_label(self) -> str:
        return AppointmentStatus(self.status).label

    @property
    def has_report(self) -> bool:
        return bool(self.goal or self.agreements or self.next_step)

    @property
    def is_link(self) -> bool:
        return self.location.startswith(("https://", "http://"))


class AppointmentVersion(db.Model):
    """An appointment and its report as they were before an edit: a contact report is evidence."""

    __tablename__ = "appointment_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_minutes: Mapped[int] = mapped_column(Integer)
    location: Mapped[str] = mapped_column(String(LOCATION_MAX), default="")
    goal: Mapped[str] = mapped_column(Text, default="")
    participants: Mapped[str] = mapped_column(Text, default="")
    agreements: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    appointment: Mapped[Appointment] = relationship(back_populates="versions")
    edited_by: Mapped[User | None] = relationship()

    @property
    def kind_label(self) -> str:
        return AppointmentKind(self.kind).label

    @property
    def status_label(self) -> str:
        return AppointmentStatus(self.status).label


class Note(db.Model):
    """An advisor's note; `visibility` decides who besides advisors may read it."""

    __tablename__ = "notes"
    __table_args__ = (Index("ix_notes_trajectory_id_visibility", "trajectory_id", "visibility"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    visibility: Mapped[str] = mapped_column(String(20), default=NoteVisibility.INTERNAL)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Withdrawn from the employer's view (the text stays here and in the history); the
    # employer sees only "ingetrokken op ...". The candidate may ask for it first.
    retracted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    retracted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    retraction_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Optimistic concurrency: SQLAlchemy bumps this on every UPDATE of the row (and the UPDATE
    # checks it); edit forms carry it in a hidden field (portal.forms.refuse_stale).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    trajectory: Mapped[Trajectory] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    retracted_by: Mapped[User | None] = relationship(foreign_keys=[retracted_by_id])
    versions: Mapped[list[NoteVersion]] = relationship(
        back_populates="note", order_by="NoteVersion.id.desc()", cascade="all, delete-orphan"
    )

    @property
    def visibility_label(self) -> str:
        return NoteVisibility(self.visibility).label

    @property
    def is_retracted(self) -> bool:
        return self.retracted_at is not None

    @property
    def retraction_requested(self) -> bool:
        return self.retraction_requested_at is not None and self.retracted_at is None


class NoteVersion(db.Model):
    """A note as it was before an edit or removal: nothing an advisor wrote is lost."""

    __tablename__ = "note_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(20))
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    note: Mapped[Note] = relationship(back_populates="versions")
    edited_by: Mapped[User | None] = relationship()


class TrajectoryChange(db.Model):
    """One edit of a trajectory's dates or target from the candidate file, with its reason."""

    __tablename__ = "trajectory_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"), index=True)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str] = mapped_column(String(40), default="")
    new_value: Mapped[str] = mapped_column(String(40), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    changed_by: Mapped[User | None] = relationship()


class CalendarFeed(db.Model):
    """An advisor's secret for the subscribable calendar URL; rotating it revokes old links."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The last time a calendar fetched the feed (kept to the hour); a link unused for
    # CALENDAR_FEED_UNUSED_DAYS stops working (portal.advisor.calendar).
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
