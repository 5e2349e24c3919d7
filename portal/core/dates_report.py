"""Report stored dates outside the date policy: the data step of issue 23, which reports and
never changes (a person decides what a year-9999 typo should have been)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import Date, DateTime, TypeDecorator, func, or_, select

from portal.domain.dates import DateKind, widest, window
from portal.extensions import db


@dataclass(frozen=True)
class Finding:
    table: str
    column: str
    count: int
    earliest: object
    latest: object


def implausible_dates(today: date, kind: DateKind | None = None, tables: set[str] | None = None) -> list[Finding]:
    """Every date and timestamp column of every table (or of `tables`): how many rows lie
    outside the window of `kind`, by default the widest window of the policy."""
    allowed = widest(today) if kind is None else window(kind, today)
    findings = []
    for table in db.metadata.sorted_tables:
        if tables is not None and table.name not in tables:
            continue
        for column in table.columns:
            kind_of = column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type
            if isinstance(kind_of, DateTime):
                first = datetime.combine(allowed.first, time.min, tzinfo=UTC)
                last = datetime.combine(allowed.last, time.max, tzinfo=UTC)
            elif isinstance(kind_of, Date):
                first, last = allowed.first, allowed.last
            else:
                continue
            outside = or_(column < first, column > last)
            count, earliest, latest = db.session.execute(
                select(func.count(), func.min(column), func.max(column)).select_from(table).where(outside)
            ).one()
            if count:
                findings.append(Finding(table.name, column.name, count, earliest, latest))
    return findings
