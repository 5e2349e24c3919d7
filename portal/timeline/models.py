"""Recorded Poortwachter steps, in-portal notifications and reminder preferences."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.db_types import UTCDateTime, utcnow
from portal.domain.activities import LabelledEnum
from portal.extensions import db
from portal.trajectory.models import Trajectory


class MilestoneRecord(db.Model):
    """When a Poortwachter step actually happened (one per trajectory and milestone code)."""

    __tablename__ = "milestone_records"
    __table_args__ = (UniqueConstraint("trajectory_id", "code", name="uq_milestone_records_trajectory_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    done_on: Mapped[date] = mapped_column(Date)
    # Internal note for advisors (never shown to candidate or employer).
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Optimistic concurrency: SQLAlchemy bumps this on every UPDATE of the row (and the UPDATE
    # checks it); the edit form carries it in a hidden field (portal.forms.refuse_stale).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    trajectory: Mapped[Trajectory] = relationship()
    recorded_by: Mapped[User | None] = relationship()
    versions: Mapped[list[MilestoneRecordVersion]] = relationship(
        back_populates="record", order_by="MilestoneRecordVersion.id.desc()", cascade="all, delete-orphan"
    )


class MilestoneRecordVersion(db.Model):
    """A recorded step as it was before a correction (the notes' pattern): a legal date is evidence."""

    __tablename__ = "milestone_record_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("milestone_records.id", ondelete="CASCADE"), index=True)
    done_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    record: Mapped[MilestoneRecord] = relationship(back_populates="versions")
    edited_by: Mapped[User | None] = relationship()


class ReminderKind(LabelledEnum):
    ASSIGNMENT_DUE = "assignment_due", "Werkopdracht bijna op de deadline"
    FOLLOW_UP_DUE = "follow_up_due", "Opvolging van een sollicitatie"
    WEEKLY_NUDGE = "weekly_nudge", "Herinnering als je week onder het doel blijft"
    ADVISOR_DIGEST = "advisor_digest", "Wekelijks overzicht: wie heeft aandacht nodig"
    STALE_APPLICATION = "stale_application", "Sollicitatie zonder nieuws: al reactie gehad?"
    # Events: raised the moment they happen (portal.timeline.events).
    APPOINTMENT = "appointment", "Afspraak gepland, verzet of afgezegd (met agenda-uitnodiging)"
    ASSIGNMENT_FEEDBACK = "assignment_feedback", "Feedback op een werkopdracht"
    NOTE_SHARED = "note_shared", "Een notitie die met je gedeeld is"
    PLAN_TO_CONFIRM = "plan_to_confirm", "Een versie van het plan van aanpak om te bevestigen"
    REPORT_TO_READ = "report_to_read", "Een rapportage om te lezen"
    WEEK_REVIEWED = "week_reviewed", "Je adviseur heeft een week in je dagboek bekeken"
    OVERVIEW_SHARED = "overview_shared", "Een activiteitenoverzicht dat met je gedeeld is"
    REPORT_DUE = "report_due", "Voortgangsrapportage binnenkort nodig of te laat"


# Reminders whose condition can end: the generator resolves them when it no longer holds.
CONDITIONAL_KINDS = (ReminderKind.ASSIGNMENT_DUE, ReminderKind.FOLLOW_UP_DUE, ReminderKind.WEEKLY_NUDGE,
                     ReminderKind.STALE_APPLICATION)

# Which roles each reminder is meant for (the preferences page shows only these).
REMINDERS_FOR_ROLE = {
    "candidate": (ReminderKind.ASSIGNMENT_DUE, ReminderKind.FOLLOW_UP_DUE, ReminderKind.WEEKLY_NUDGE,
                  ReminderKind.STALE_APPLICATION, ReminderKind.APPOINTMENT, ReminderKind.ASSIGNMENT_FEEDBACK,
                  ReminderKind.NOTE_SHARED, ReminderKind.PLAN_TO_CONFIRM, ReminderKind.REPORT_TO_READ,
                  ReminderKind.WEEK_REVIEWED),
    "advisor": (ReminderKind.ADVISOR_DIGEST, ReminderKind.REPORT_DUE),
    "admin": (),
    "employer": (ReminderKind.NOTE_SHARED, ReminderKind.PLAN_TO_CONFIRM, ReminderKind.REPORT_TO_READ,
                 ReminderKind.OVERVIEW_SHARED),
}


class ReminderPreference(db.Model):
    """A user's choice per reminder kind; without a row both channels are on."""

    __tablename__ = "reminder_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind", name="uq_reminder_preferences_user_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    email: Mapped[bool] = mapped_column(Boolean, default=True)
    portal: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Notification(db.Model):
    """One message in a user's in-portal list ("Meldingen")."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
        Index("ix_notifications_user_id_id", "user_id", "id"),  # keyset pages, newest first
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    trajectory_id: Mapped[int | None] = mapped_column(
        ForeignKey("trajectories.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    # A path inside the portal ("/trajecten/3"), never an outside URL.
    url: Mapped[str] = mapped_column(String(300), default="")
    # Unique per logical reminder, so generating twice stores it once.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A reminder whose condition ended (the applications were logged, the work handed in)
    # or an event superseded by a later one (an appointment moved again).
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def unread(self) -> bool:
        return self.read_at is None and self.resolved_at is None

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None
