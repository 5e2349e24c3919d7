"""Column types and defaults shared by every model."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (the default of every `*_at` column)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware timestamp stored in UTC; SQLite's naive values come back as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# Values read without SQLAlchemy's type processing (see casefile.evidence): SQLite gives
# text, PostgreSQL gives date and datetime objects.

def date_from_db(value: date | str) -> date:
    """A DATE column's raw value as a date."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def utc_from_db(value: datetime | str) -> datetime:
    """A UTCDateTime column's raw value (SQLite: naive UTC text) as an aware UTC datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
