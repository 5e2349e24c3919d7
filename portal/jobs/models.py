"""Vacancies on the job board (the jobs feature extends this module)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.db_types import UTCDateTime, utcnow
from portal.extensions import db


class VacancyStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


class Vacancy(db.Model):
    __tablename__ = "vacancies"
    __table_args__ = (
        UniqueConstraint("source", "source_id", name="uq_vacancies_source_source_id"),
        Index("ix_vacancies_status_posted_on", "status", "posted_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), index=True)
    city: Mapped[str] = mapped_column(String(100), default="")
    postcode: Mapped[str] = mapped_column(String(7), default="")
    hours_min: Mapped[int | None] = mapped_column(Integer)
    hours_max: Mapped[int | None] = mapped_column(Integer)
    contract_type: Mapped[str] = mapped_column(String(30), default="")
    education_level: Mapped[str] = mapped_column(String(30), default="")
    sector: Mapped[str] = mapped_column(String(60), default="")
    salary_min: Mapped[int | None] = mapped_column(Integer)
    salary_max: Mapped[int | None] = mapped_column(Integer)
    description_html: Mapped[str] = mapped_column(Text, default="")
    apply_url: Mapped[str] = mapped_column(String(500), default="")
    apply_email: Mapped[str] = mapped_column(String(254), default="")
    posted_on: Mapped[date] = mapped_column(Date, default=date.today)
    closes_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(100), default="portal")
    source_id: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default=VacancyStatus.ACTIVE)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def is_open(self, today: date) -> bool:
        return self.status == VacancyStatus.ACTIVE and (self.closes_on is None or self.closes_on >= today)
