"""ISO weeks and pauses: the unit every effort figure is counted in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

WORKDAYS = 5


@dataclass(frozen=True, order=True)
class Week:
    """One ISO week, identified by its Monday."""

    monday: date

    @classmethod
    def of(cls, day: date) -> Week:
        return cls(day - timedelta(days=day.weekday()))

    @classmethod
    def from_iso(cls, year: int, week: int) -> Week:
        return cls(date.fromisocalendar(year, week, 1))

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def iso(self) -> tuple[int, int]:
        year, week, _ = self.monday.isocalendar()
        return year, week

    @property
    def key(self) -> str:
        """A stable text key such as "2026-W03" (used in URLs and exports)."""
        year, week = self.iso
        return f"{year}-W{week:02d}"

    @classmethod
    def from_key(cls, key: str, today: date | None = None) -> Week:
        """Parse "2026-W03"; raises ValueError for anything else and for a week outside the
        date policy's window (9999-W52 or 0001-W01 would overflow any page that walks weeks)."""
        from portal.domain.dates import DateKind, window

        year_text, sep, week_text = (key or "").partition("-W")
        if not sep or not year_text.isdigit() or not week_text.isdigit() or len(year_text) != 4:
            raise ValueError(f"not an ISO week key: {key!r}")
        week = cls.from_iso(int(year_text), int(week_text))
        allowed = window(DateKind.WEEK, today or date.today())
        if not allowed.first <= week.monday <= allowed.last:
            raise ValueError(f"week outside the plausible window: {key!r}")
        return week

    def contains(self, day: date) -> bool:
        return self.monday <= day <= self.sunday

    def next(self) -> Week:
        return Week(self.monday + timedelta(days=7))

    def previous(self) -> Week:
        return Week(self.monday - timedelta(days=7))


def weeks_between(start: date, end: date) -> list[Week]:
    """Every ISO week that overlaps [start, end], oldest first (empty when end < start)."""
    if end < start:
        return []
    weeks, week = [], Week.of(start)
    while week.monday <= end:
        weeks.append(week)
        week = week.next()
    return weeks


@dataclass(frozen=True)
class Period:
    """A closed date range; an open end (None) means "still running"."""

    start: date
    end: date | None = None

    def overlaps(self, first: date, last: date) -> bool:
        return self.start <= last and (self.end is None or self.end >= first)

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def workday_count(first: date, last: date) -> int:
    """The number of Mondays to Fridays in [first, last] (0 when last < first)."""
    if last < first:
        return 0
    days = (last - first).days + 1
    full_weeks, rest = divmod(days, 7)
    start = first.weekday()
    return full_weeks * WORKDAYS + sum(1 for i in range(rest) if (start + i) % 7 < WORKDAYS)


def is_paused_week(week: Week, pauses: Iterable[Period]) -> bool:
    """A week counts as paused when a pause covers at least one of its working days.

    (derived) We err on the candidate's side: a week in which they were ill again for part
    of the working week is never shown as a failure to meet the target.
    """
    # Monday to Friday are all working days, so "covers one of them" is "overlaps them".
    friday = week.monday + timedelta(days=WORKDAYS - 1)
    return any(p.overlaps(week.monday, friday) for p in pauses)


def paused_weeks(weeks: Iterable[Week], pauses: Iterable[Period]) -> set[Week]:
    """The subset of weeks that are paused."""
    pauses = list(pauses)
    return {w for w in weeks if is_paused_week(w, pauses)}
