"""The trajectory plan: intake, pre-intake, plan versions, phases, placement and aftercare.

Plan versions are immutable once stored: a change is a new version (a revision) with its
own confirmations. Phase changes, placements and check-ins are kept, never overwritten.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.db_types import UTCDateTime, utcnow
from portal.domain.activities import LabelledEnum
from portal.extensions import db
from portal.trajectory.models import Trajectory


class Phase(LabelledEnum):
    """The bureau's method, in order."""

    ORIENTATION = ("orientation", "Oriëntatie")
    PROFILE_CV = ("profile_cv", "Profiel en cv")
    APPLICATION_SKILLS = ("application_skills", "Sollicitatievaardigheden")
    JOB_HUNTING = ("job_hunting", "Jobhunten")
    TRIAL_OR_TRAINING = ("trial_or_training", "Proefplaatsing of scholing")
    PLACEMENT = ("placement", "Plaatsing")
    AFTERCARE = ("aftercare", "Nazorg")


class Frequency(LabelledEnum):
    WEEK = ("week", "per week")
    MONTH = ("month", "per maand")
    TOTAL = ("total", "in totaal")


class Party(LabelledEnum):
    """Who confirms a plan version or writes a view on it."""

    CANDIDATE = ("candidate", "Kandidaat")
    EMPLOYER = ("employer", "Werkgever")


class PlacementKind(LabelledEnum):
    PAID_JOB = ("paid_job", "Betaalde baan")
    TRIAL_PLACEMENT = ("trial_placement", "Proefplaatsing")
    WORK_EXPERIENCE = ("work_experience", "Werkervaringsplek")
    TRAINING = ("training", "Opleiding")


class Intake(db.Model):
    """The advisor's intake: one per trajectory; no medical detail, only work capacity in plain words."""

    __tablename__ = "intakes"

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(
        ForeignKey("trajectories.id", ondelete="CASCADE"), unique=True
    )
    intake_on: Mapped[date] = mapped_column(Date)
    situation: Mapped[str] = mapped_column(Text, default="")
    wishes: Mapped[str] = mapped_column(Text, default="")
    work_history: Mapped[str] = mapped_column(Text, default="")
    education: Mapped[str] = mapped_column(Text, default="")
    capacity_profile_on: Mapped[date | None] = mapped_column(Date)
    capacity_limitations: Mapped[str] = mapped_column(Text, default="")
    labour_expert_report_on: Mapped[date | None] = mapped_column(Date)
    job_directions: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Optimistic concurrency: SQLAlchemy bumps this on every UPDATE of the row (and the UPDATE
    # checks it); the edit form carries it in a hidden field (portal.forms.refuse_stale).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    trajectory: Mapped[Trajectory] = relationship()
    updated_by: Mapped[User | None] = relationship()
    versions: Mapped[list[IntakeVersion]] = relationship(
        back_populates="intake", order_by="IntakeVersion.id.desc()", cascade="all, delete-orphan"
    )


class IntakeVersion(db.Model):
    """The intake as it was before an edit (the notes' pattern): what was agreed stays readable."""

    __tablename__ = "intake_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    intake_id: Mapped[int] = mapped_column(ForeignKey("intakes.id", ondelete="CASCADE"), index=True)
    intake_on: Mapped[date] = mapped_column(Date)
    situation: Mapped[str] = mapped_column(Text, default="")
    wishes: Mapped[str] = mapped_column(Text, default="")
    work_history: Mapped[str] = mapped_column(Text, default="")
    education: Mapped[str] = mapped_column(Text, default="")
    capacity_profile_on: Mapped[date | None] = mapped_column(Date)
    capacity_limitations: Mapped[str] = mapped_column(Text, default="")
    labour_expert_report_on: Mapped[date | None] = mapped_column(Date)
    job_directions: Mapped[str] = mapped_column(Text, default="")
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    intake: Mapped[Intake] = relationship(back_populates="versions")
    edited_by: Mapped[User | None] = relationship()


class PreIntake(db.Model):
    """The candidate's own answers before the first meeting."""

    __tablename__ = "pre_intakes"

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(
        ForeignKey("trajectories.id", ondelete="CASCADE"), unique=True
    )
    about_me: Mapped[str] = mapped_column(Text, default="")
    work_wishes: Mapped[str] = mapped_column(Text, default="")
    strengths: Mapped[str] = mapped_column(Text, default="")
    experience: Mapped[str] = mapped_column(Text, default="")
    practical: Mapped[str] = mapped_column(Text, default="")
    questions: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class PlanVersion(db.Model):
    """One published version of the action plan; never edited after it is stored."""

    __tablename__ = "plan_versions"
    __table_args__ = (
        UniqueConstraint("trajectory_id", "number", name="uq_plan_versions_trajectory_number"),
        # Targets in force are read per trajectory in effective order (evidence everywhere).
        Index("ix_plan_versions_trajectory_id_effective_from", "trajectory_id", "effective_from", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    goals: Mapped[str] = mapped_column(Text, default="")
    weekly_target: Mapped[int] = mapped_column(Integer)
    change_summary: Mapped[str] = mapped_column(Text, default="")
    change_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    trajectory: Mapped[Trajectory] = relationship()
    created_by: Mapped[User | None] = relationship()
    activities: Mapped[list[PlanActivity]] = relationship(
        back_populates="version", order_by="PlanActivity.position", cascade="all, delete-orphan"
    )
    phases: Mapped[list[PlannedPhase]] = relationship(
        back_populates="version", order_by="PlannedPhase.position", cascade="all, delete-orphan"
    )
    confirmations: Mapped[list[PlanConfirmation]] = relationship(
        back_populates="version", order_by="PlanConfirmation.confirmed_at", cascade="all, delete-orphan"
    )
    views: Mapped[list[PlanView]] = relationship(
        back_populates="version", order_by="PlanView.created_at", cascade="all, delete-orphan"
    )

    def confirmation_by(self, party: str) -> PlanConfirmation | None:
        return next((c for c in self.confirmations if c.party == party), None)


class PlanActivity(db.Model):
    """An agreed activity with its frequency, e.g. "3 sollicitaties per week" or a module."""

    __tablename__ = "plan_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(String(200), default="")
    quantity: Mapped[int | None] = mapped_column(Integer)
    frequency: Mapped[str] = mapped_column(String(20), default=Frequency.WEEK)
    module_slug: Mapped[str] = mapped_column(String(80), default="")

    version: Mapped[PlanVersion] = relationship(back_populates="activities")


class PlannedPhase(db.Model):
    """The dates a phase is planned for in one plan version."""

    __tablename__ = "planned_phases"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    phase: Mapped[str] = mapped_column(String(30))
    start_on: Mapped[date | None] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)

    version: Mapped[PlanVersion] = relationship(back_populates="phases")

    @property
    def label(self) -> str:
        return Phase(self.phase).label


class PlanConfirmation(db.Model):
    """A party's agreement to exactly one plan version."""

    __tablename__ = "plan_confirmations"
    __table_args__ = (UniqueConstraint("version_id", "party", name="uq_plan_confirmations_version_party"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True)
    party: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    version: Mapped[PlanVersion] = relationship(back_populates="confirmations")
    user: Mapped[User | None] = relationship()

    @property
    def party_label(self) -> str:
        return Party(self.party).label


class PlanView(db.Model):
    """A written view of the candidate or employer on a plan version (read by all parties)."""

    __tablename__ = "plan_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True)
    party: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    version: Mapped[PlanVersion] = relationship(back_populates="views")
    author: Mapped[User | None] = relationship()

    @property
    def party_label(self) -> str:
        return Party(self.party).label


class PhaseChange(db.Model):
    """The trajectory entered a phase on a date (the advisor decides; history is kept)."""

    __tablename__ = "phase_changes"
    __table_args__ = (Index("ix_phase_changes_trajectory_id_started_on", "trajectory_id", "started_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"))
    phase: Mapped[str] = mapped_column(String(30))
    started_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    changed_by: Mapped[User | None] = relationship()


class Placement(db.Model):
    """Work (or a trial placement, work experience or training) the candidate started."""

    __tablename__ = "placements"

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"), index=True)
    organisation: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200))
    hours_per_week: Mapped[int] = mapped_column(Integer)
    start_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(30))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    checkins: Mapped[list[AftercareCheckin]] = relationship(
        back_populates="placement", order_by="AftercareCheckin.due_on", cascade="all, delete-orphan"
    )

    @property
    def kind_label(self) -> str:
        return PlacementKind(self.kind).label


class AftercareCheckin(db.Model):
    """A follow-up after placement: scheduled on a date, recorded when held."""

    __tablename__ = "aftercare_checkins"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"), index=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    held_on: Mapped[date | None] = mapped_column(Date)
    how_it_goes: Mapped[str] = mapped_column(Text, default="")
    agreements: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    placement: Mapped[Placement] = relationship(back_populates="checkins")


class FinalEvaluation(db.Model):
    """The closing evaluation of a trajectory."""

    __tablename__ = "final_evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(
        ForeignKey("trajectories.id", ondelete="CASCADE"), unique=True
    )
    evaluated_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(30))
    summary: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label


class Outcome(LabelledEnum):
    NEW_EMPLOYER = ("new_employer", "Werk bij een andere werkgever")
    TRIAL_OR_TRAINING = ("trial_or_training", "Proefplaatsing of opleiding")
    OWN_EMPLOYER = ("own_employer", "Terug bij de eigen werkgever")
    NO_PLACEMENT = ("no_placement", "Geen plaatsing")
    OTHER = ("other", "Anders")
