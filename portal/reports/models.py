"""Stored activity overviews (tamper-evident) and the advisor's summaries with history."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.db_types import UTCDateTime, utcnow
from portal.extensions import db
from portal.trajectory.models import Trajectory


class OverviewFormat(StrEnum):
    """A stored overview's format. People ask for pdf, csv or xlsx; `?dialect=machine` asks
    for the machine CSV, which keeps the value "csv" that every CSV issued before the files
    for people had (so those keep their name and label)."""

    PDF = "pdf"
    CSV_NL = "csv-nl"  # for people: a ZIP with one `;` CSV per table, Dutch headers and values
    XLSX = "xlsx"
    CSV_MACHINE = "csv"  # for systems: one comma table of codes and ISO dates

    @classmethod
    def requested(cls, fmt: str, dialect: str | None = None) -> OverviewFormat | None:
        """The format a request names (`overzicht.csv?dialect=machine`); None when there is none."""
        if dialect == "machine":
            return cls.CSV_MACHINE if fmt == "csv" else None
        if dialect:
            return None
        return {"pdf": cls.PDF, "csv": cls.CSV_NL, "xlsx": cls.XLSX}.get(fmt)

    @property
    def label(self) -> str:
        return {"pdf": "PDF", "csv-nl": "CSV voor Excel (ZIP)", "xlsx": "Excel (XLSX)",
                "csv": "CSV voor systemen"}[self.value]

    @property
    def suffix(self) -> str:
        return "zip" if self is OverviewFormat.CSV_NL else self.value

    @property
    def mimetype(self) -> str:
        return {
            "pdf": "application/pdf",
            "csv-nl": "application/zip",
            "csv": "text/csv",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }[self.value]


class GeneratedOverview(db.Model):
    """One downloaded overview: what, for whom, when, and the hash of the exact file."""

    __tablename__ = "generated_overviews"
    __table_args__ = (Index("ix_generated_overviews_trajectory_id_generated_at", "trajectory_id", "generated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    format: Mapped[str] = mapped_column(String(10))
    generated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sha256: Mapped[str] = mapped_column(String(64))
    # Normalised (no dashes, upper case); shown as TS-XXXX-XXXX-XXXX.
    verification_code: Mapped[str] = mapped_column(String(20), unique=True)
    # Relative to EXPORT_DIR (storage key "exports/<file_path>"), which lies outside the web root.
    file_path: Mapped[str] = mapped_column(String(300))
    size_bytes: Mapped[int] = mapped_column(default=0)
    # Set when the employer may see and download this file (always for their own downloads).
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The per-week numbers the file states (`domain.evidence.figures`); null for overviews
    # issued before they were kept (migration 0020): those verify, but cannot be compared.
    figures: Mapped[dict | None] = mapped_column(JSON)

    trajectory: Mapped[Trajectory] = relationship()
    generated_by: Mapped[User | None] = relationship()

    @property
    def format_enum(self) -> OverviewFormat:
        return OverviewFormat(self.format)

    @property
    def display_code(self) -> str:
        from portal.reports.codes import display_code

        return display_code(self.verification_code)

    @property
    def filename(self) -> str:
        return (
            f"activiteitenoverzicht-{self.trajectory.reference}-"
            f"{self.period_start:%Y%m%d}-{self.period_end:%Y%m%d}.{self.format_enum.suffix}"
        )


class OverviewSummary(db.Model):
    """One version of the advisor's summary; the newest shared one goes to the employer."""

    __tablename__ = "overview_summaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Withdrawn: no file carries it any more and the employer sees "ingetrokken op ...".
    retracted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    trajectory: Mapped[Trajectory] = relationship()
    author: Mapped[User | None] = relationship()
