"""One date policy: a plausible window per kind of date, so a typo such as 0026 or 9999 is caught.

Pure rules (no Flask). The windows are wide enough for every honest case and narrow enough
that no page, feed or export ever has to count tens of thousands of weeks:

- a trajectory runs at most 104 weeks of waiting time plus up to 52 weeks of wage sanction
  (domain.md), so its dates lie within a few years around today;
- appointments, plan dates and placements belong to a trajectory, so they get the same few
  years; a page or feed asked for a date outside the window clamps to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum


class DateKind(Enum):
    """(years back, years ahead) from today."""

    TRAJECTORY = (4, 1)  # first sick day, spoor 2 start (a planned end may lie further ahead)
    TRAJECTORY_END = (4, 4)
    APPOINTMENT = (4, 2)
    PLAN = (4, 3)  # intake, reports, phases, targets, evaluations, check-ins
    PLACEMENT = (4, 2)
    VACANCY = (2, 2)
    QUERY = (6, 3)  # ?tot=, week keys: clamp, or 404 for a week page
    WEEK = (6, 3)


@dataclass(frozen=True)
class Window:
    first: date
    last: date

    def contains(self, value: date) -> bool:
        return self.first <= value <= self.last

    def clamp(self, value: date) -> date:
        return min(max(value, self.first), self.last)


def _shift(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def window(kind: DateKind, today: date) -> Window:
    """The plausible dates of this kind, seen from today."""
    back, ahead = kind.value
    return Window(_shift(today, -back), _shift(today, ahead))


def widest(today: date) -> Window:
    """The window around all kinds: a stored date outside it is implausible whatever it is."""
    back = max(kind.value[0] for kind in DateKind)
    ahead = max(kind.value[1] for kind in DateKind)
    return Window(_shift(today, -back), _shift(today, ahead))


def problem(kind: DateKind, value: date | None, today: date) -> str | None:
    """A Dutch message when the date lies outside its window, else None (None passes too)."""
    if value is None:
        return None
    allowed = window(kind, today)
    if allowed.contains(value):
        return None
    return (f"Deze datum ligt niet in de periode die we verwachten "
            f"({allowed.first:%d-%m-%Y} tot en met {allowed.last:%d-%m-%Y}). Controleer het jaartal.")


def plausible(kind: DateKind, value: date, today: date) -> bool:
    return problem(kind, value, today) is None
