"""The trajectory: one candidate's second track, its advisors, dates, target and pauses."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import Organisation, User
from portal.db_types import UTCDateTime, utcnow
from portal.domain.activities import LabelledEnum
from portal.domain.evidence import counting_window
from portal.domain.weeks import Period
from portal.extensions import db


class TrajectoryStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    PLACED = "placed"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            "active": "Actief",
            "paused": "Gepauzeerd",
            "placed": "Geplaatst",
            "closed": "Afgesloten",
        }[self.value]


trajectory_advisors = Table(
    "trajectory_advisors",
    db.metadata,
    Column("trajectory_id", ForeignKey("trajectories.id", ondelete="CASCADE"), primary_key=True),
    Column("advisor_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Trajectory(db.Model):
    __tablename__ = "trajectories"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    first_sick_day: Mapped[date] = mapped_column(Date)
    spoor2_start: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[date] = mapped_column(Date)
    # What is agreed now: follows the latest plan version (shown on pages and forms).
    weekly_target: Mapped[int] = mapped_column(Integer, default=2)
    # Version 0 of the targets: agreed when the trajectory started, in force until the first
    # plan version applies. Never changed afterwards (targets are history; migration 0014).
    initial_weekly_target: Mapped[int] = mapped_column(
        Integer, default=lambda ctx: ctx.get_current_parameters().get("weekly_target", 2)
    )
    status: Mapped[str] = mapped_column(String(20), default=TrajectoryStatus.ACTIVE, index=True)
    # Why spoor 2 started later than the law asks, when it did (an allowed exception).
    late_start_reason: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    candidate: Mapped[User] = relationship(foreign_keys=[candidate_id])
    employer: Mapped[Organisation] = relationship()
    advisors: Mapped[list[User]] = relationship(secondary=trajectory_advisors, order_by=User.name)
    pauses: Mapped[list[Pause]] = relationship(
        back_populates="trajectory", order_by="Pause.start_date", cascade="all, delete-orphan"
    )

    @property
    def status_enum(self) -> TrajectoryStatus:
        return TrajectoryStatus(self.status)

    @property
    def counting_window(self) -> Period:
        """The days whose diary entries count as evidence (spoor 2 start up to the close)."""
        return counting_window(self.spoor2_start, self.closed_on)

    @property
    def pause_periods(self) -> list[Period]:
        return [Period(p.start_date, p.end_date) for p in self.pauses]

    def __repr__(self) -> str:
        return f"<Trajectory {self.reference}>"


class PauseCategory(LabelledEnum):
    """What the employer and the candidate see of a pause: neutral, never the reason itself."""

    NOT_AVAILABLE = "not_available", "Tijdelijk niet belastbaar"
    HOLIDAY = "holiday", "Vakantie"
    PERSONAL = "personal", "Persoonlijke omstandigheden"
    OTHER = "other", "Pauze"


class Pause(db.Model):
    """A documented pause (re-illness or another reason); legal end dates do not move.

    `reason` is internal (advisors only); others see `employer_category`.
    """

    __tablename__ = "pauses"
    # Pauses are always read per trajectory in date order (evidence, timeline, dashboard).
    __table_args__ = (Index("ix_pauses_trajectory_id_start_date", "trajectory_id", "start_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    employer_category: Mapped[str] = mapped_column(String(20), default=PauseCategory.OTHER.value,
                                                   server_default=PauseCategory.OTHER.value)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    trajectory: Mapped[Trajectory] = relationship(back_populates="pauses")

    @property
    def category_label(self) -> str:
        return PauseCategory(self.employer_category).label
