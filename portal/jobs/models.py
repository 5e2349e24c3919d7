"""Vacancies on the job board, search profiles, saved vacancies and recommendations.

The full-text index lives beside the `vacancies` table (see `portal/jobs/fts.py`): FTS5 on
SQLite, a tsvector table with a GIN index on PostgreSQL, both kept in sync by triggers.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from portal.auth.models import User
from portal.db_types import UTCDateTime, utcnow
from portal.domain.activities import LabelledEnum
from portal.extensions import db
from portal.jobs.rules import salary_label
from portal.sanitize import plain_text
from portal.trajectory.models import Trajectory

# Sources that mean nothing to a reader: made in the portal, pasted by the candidate,
# demo and benchmark data, an unnamed import. The vacancy page does not show them.
INTERNAL_SOURCES = frozenset({"", "portal", "geplakt", "demo", "bench", "import"})
# Feed names people know under another spelling.
SOURCE_LABELS = {"werk.nl": "werk.nl (UWV)", "uwv": "werk.nl (UWV)", "nvb": "Nationale Vacaturebank",
                 "indeed": "Indeed", "linkedin": "LinkedIn"}


class VacancyStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


class EducationLevel(LabelledEnum):
    NONE = "none", "Geen diploma nodig"
    VMBO = "vmbo", "Vmbo / mbo 1"
    MBO = "mbo", "Mbo 2-4"
    HBO = "hbo", "Hbo"
    WO = "wo", "Wo"

    @property
    def rank(self) -> int:
        return list(EducationLevel).index(self)


class Sector(LabelledEnum):
    ZORG = "zorg", "Zorg en welzijn"
    LOGISTIEK = "logistiek", "Logistiek en transport"
    ADMINISTRATIE = "administratie", "Administratie en financiën"
    ICT = "ict", "ICT"
    ONDERWIJS = "onderwijs", "Onderwijs en kinderopvang"
    TECHNIEK = "techniek", "Techniek en productie"
    KLANTENSERVICE = "klantenservice", "Klantenservice"
    RETAIL = "retail", "Winkel en verkoop"
    OVERHEID = "overheid", "Overheid"
    HORECA = "horeca", "Horeca en facilitair"
    BOUW = "bouw", "Bouw en installatie"
    OVERIG = "overig", "Overig"


class ContractType(LabelledEnum):
    PERMANENT = "permanent", "Vast"
    TEMPORARY = "temporary", "Tijdelijk"
    AGENCY = "agency", "Uitzendwerk"
    FREELANCE = "freelance", "Zzp / freelance"
    TRAINEESHIP = "traineeship", "Leerwerkplek"


class Vacancy(db.Model):
    __tablename__ = "vacancies"
    __table_args__ = (
        UniqueConstraint("source", "source_id", name="uq_vacancies_source_source_id"),
        Index("ix_vacancies_status_posted_on", "status", "posted_on"),
        Index("ix_vacancies_lat_lon", "lat", "lon"),
        Index("ix_vacancies_organisation_title", "organisation", "title"),
        Index("ix_vacancies_search_document", "search_document", postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), index=True)
    city: Mapped[str] = mapped_column(String(100), default="")
    postcode: Mapped[str] = mapped_column(String(7), default="")
    hours_min: Mapped[int | None] = mapped_column(Integer)
    hours_max: Mapped[int | None] = mapped_column(Integer)
    contract_type: Mapped[str] = mapped_column(String(30), default="")
    education_level: Mapped[str] = mapped_column(String(30), default="", index=True)
    sector: Mapped[str] = mapped_column(String(60), default="", index=True)
    salary_min: Mapped[int | None] = mapped_column(Integer)
    salary_max: Mapped[int | None] = mapped_column(Integer)
    description_html: Mapped[str] = mapped_column(Text, default="")
    # Plain text of the description, kept for the full-text index (set by the validator).
    description_text: Mapped[str] = mapped_column(Text, default="")
    # PostgreSQL only: the weighted tsvector, set by a trigger (see fts.py); NULL on SQLite.
    search_document: Mapped[str | None] = mapped_column(
        Text().with_variant(TSVECTOR(), "postgresql"), deferred=True
    )
    apply_url: Mapped[str] = mapped_column(String(500), default="")
    apply_email: Mapped[str] = mapped_column(String(254), default="")
    posted_on: Mapped[date] = mapped_column(Date, default=date.today)
    closes_on: Mapped[date | None] = mapped_column(Date, index=True)
    source: Mapped[str] = mapped_column(String(100), default="portal")
    source_id: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default=VacancyStatus.ACTIVE)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    # A vacancy a candidate pasted from elsewhere is private to their trajectory.
    owner_trajectory_id: Mapped[int | None] = mapped_column(
        ForeignKey("trajectories.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    @validates("description_html")
    def _keep_text(self, key, value):
        self.description_text = plain_text(value)
        return value

    def is_open(self, today: date) -> bool:
        return self.status == VacancyStatus.ACTIVE and (self.closes_on is None or self.closes_on >= today)

    @property
    def sector_label(self) -> str:
        return _label(Sector, self.sector)

    @property
    def education_label(self) -> str:
        return _label(EducationLevel, self.education_level)

    @property
    def contract_label(self) -> str:
        return _label(ContractType, self.contract_type)

    @property
    def salary_label(self) -> str:
        return salary_label(self.salary_min, self.salary_max)

    @property
    def source_label(self) -> str:
        """Where the vacancy comes from, for readers; empty for internal sources."""
        key = (self.source or "").strip().lower()
        if key in INTERNAL_SOURCES:
            return ""
        return SOURCE_LABELS.get(key, self.source.strip())

    @property
    def hours_label(self) -> str:
        if self.hours_min and self.hours_max and self.hours_min != self.hours_max:
            return f"{self.hours_min}-{self.hours_max} uur"
        hours = self.hours_max or self.hours_min
        return f"{hours} uur" if hours else ""


def _label(enum, value: str) -> str:
    try:
        return enum(value).label
    except ValueError:
        return value or ""


class SearchProfile(db.Model):
    """What a candidate looks for and can do (one per trajectory); never medical detail."""

    __tablename__ = "search_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(
        ForeignKey("trajectories.id", ondelete="CASCADE"), unique=True
    )
    desired_roles: Mapped[str] = mapped_column(String(500), default="")
    postcode: Mapped[str] = mapped_column(String(7), default="")
    max_distance_km: Mapped[int | None] = mapped_column(Integer)
    hours_min: Mapped[int | None] = mapped_column(Integer)
    hours_max: Mapped[int | None] = mapped_column(Integer)
    education_level: Mapped[str] = mapped_column(String(30), default="")
    sectors: Mapped[str] = mapped_column(String(300), default="")  # comma-separated Sector values
    limitations: Mapped[str] = mapped_column(Text, default="")  # one per line, plain words
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Optimistic concurrency: SQLAlchemy bumps this on every UPDATE of the row (and the UPDATE
    # checks it); the edit form carries it in a hidden field (portal.forms.refuse_stale).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    trajectory: Mapped[Trajectory] = relationship()
    updated_by: Mapped[User | None] = relationship()
    versions: Mapped[list[SearchProfileVersion]] = relationship(
        back_populates="profile", order_by="SearchProfileVersion.id.desc()", cascade="all, delete-orphan"
    )

    @property
    def sector_list(self) -> list[str]:
        return [s for s in (self.sectors or "").split(",") if s]

    @property
    def role_list(self) -> list[str]:
        return [r.strip() for r in (self.desired_roles or "").replace("\n", ",").split(",") if r.strip()]

    @property
    def limitation_list(self) -> list[str]:
        return [x.strip() for x in (self.limitations or "").replace(",", "\n").splitlines() if x.strip()]


class SearchProfileVersion(db.Model):
    """A search profile as it was before an edit (the notes' pattern)."""

    __tablename__ = "search_profile_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("search_profiles.id", ondelete="CASCADE"), index=True)
    desired_roles: Mapped[str] = mapped_column(String(500), default="")
    postcode: Mapped[str] = mapped_column(String(7), default="")
    max_distance_km: Mapped[int | None] = mapped_column(Integer)
    hours_min: Mapped[int | None] = mapped_column(Integer)
    hours_max: Mapped[int | None] = mapped_column(Integer)
    education_level: Mapped[str] = mapped_column(String(30), default="")
    sectors: Mapped[str] = mapped_column(String(300), default="")
    limitations: Mapped[str] = mapped_column(Text, default="")
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    profile: Mapped[SearchProfile] = relationship(back_populates="versions")
    edited_by: Mapped[User | None] = relationship()

class SavedVacancy(db.Model):
    """A vacancy a candidate keeps on their list."""

    __tablename__ = "saved_vacancies"
    __table_args__ = (UniqueConstraint("trajectory_id", "vacancy_id", name="uq_saved_vacancies_trajectory_vacancy"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"), index=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"), index=True)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    vacancy: Mapped[Vacancy] = relationship()


class Recommendation(db.Model):
    """An advisor's tip: this vacancy could suit this candidate."""

    __tablename__ = "vacancy_recommendations"
    __table_args__ = (
        UniqueConstraint("trajectory_id", "vacancy_id", name="uq_vacancy_recommendations_trajectory_vacancy"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"), index=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"), index=True)
    advisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    vacancy: Mapped[Vacancy] = relationship()
    advisor: Mapped[User | None] = relationship()


from portal.jobs import fts as _fts  # noqa: E402

_fts.attach(Vacancy.__table__)
