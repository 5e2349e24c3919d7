"""Recorded Poortwachter steps, in-portal notifications and reminder preferences."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
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

    trajectory: Mapped[Trajectory] = relationship()
    recorded_by: Mapped[User | None] = relationship()


class ReminderKind(LabelledEnum):
    ASSIGNMENT_DUE = "assignment_due", "Werkopdracht bijna op de deadline"
    FOLLOW_UP_DUE = "follow_up_due", "Opvolging van een sollicitatie"
    WEEKLY_NUDGE = "weekly_nudge", "Herinnering als je week onder het doel blijft"
    ADVISOR_DIGEST = "advisor_digest", "Wekelijks overzicht: wie heeft aandacht nodig"
    REPORT_DUE = "report_due", "Voortgangsrapportage binnenkort nodig of te laat"


# Which roles each reminder is meant for (the preferences page shows only these).
REMINDERS_FOR_ROLE = {
    "candidate": (ReminderKind.ASSIGNMENT_DUE, ReminderKind.FOLLOW_UP_DUE, ReminderKind.WEEKLY_NUDGE),
    "advisor": (ReminderKind.ADVISOR_DIGEST, ReminderKind.REPORT_DUE),
    "admin": (),
    "employer": (),
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

    @property
    def unread(self) -> bool:
        return self.read_at is None
