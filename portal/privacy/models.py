"""Models of the privacy feature: what remains of an erased file is anonymous counts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db_types import UTCDateTime, utcnow
from portal.extensions import db


class ErasureRecord(db.Model):
    """One erased trajectory or person: no name, no id of theirs, only counts for reports."""

    __tablename__ = "erasure_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    reason: Mapped[str] = mapped_column(String(20))  # retention | request
    trajectory_status: Mapped[str] = mapped_column(String(20), default="")
    closed_on_year: Mapped[int | None] = mapped_column(Integer)
    spoor2_weeks: Mapped[int | None] = mapped_column(Integer)
    # table name -> number of rows removed
    row_counts: Mapped[dict] = mapped_column(JSON, default=dict)
    files_removed: Mapped[int] = mapped_column(Integer, default=0)
