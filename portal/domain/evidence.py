"""Evidence of effort: per ISO week, what was done against what was agreed.

Plain data in, plain data out, so the advisor's dashboard, the candidate file and every
employer overview (PDF, CSV, XLSX) count the same way. Loaders that read the database
into these inputs live in the feature packages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from portal.domain.activities import APPLICATION_VALUES, NETWORKING_KINDS, ActivityKind
from portal.domain.weeks import WORKDAYS, Period, Week, is_paused_week, weeks_between, workday_count

_KIND_BY_VALUE = {kind.value: kind for kind in ActivityKind}
_DAYS = [timedelta(days=n) for n in range(7)]
_SIX_DAYS = _DAYS[6]


class ActivityFact(NamedTuple):
    """One diary entry as evidence: its date and kind (a tuple: dashboards make thousands)."""

    day: date
    kind: str


@dataclass(frozen=True)
class TargetVersion:
    """A weekly application target that is in force from a date on (a plan version)."""

    effective_from: date
    weekly_target: int


@dataclass(frozen=True)
class WeekJudgement:
    """The advisor's review of one week."""

    sufficient: bool
    reason: str = ""


def target_schedule(
    versions: Iterable[TargetVersion], default: int
) -> Callable[[Week], int]:
    """The target in force for a week: the latest version effective on or before its Monday.

    A version that starts mid-week applies from the next week on (targets apply to whole
    weeks); weeks before the first version use `default`, the trajectory's own target.
    """
    ordered = sorted(versions, key=lambda v: v.effective_from)

    def target_for(week: Week) -> int:
        target = default
        for version in ordered:
            if version.effective_from <= week.monday:
                target = version.weekly_target
            else:
                break
        return target

    return target_for


@dataclass
class WeekEvidence:
    week: Week
    target: int
    paused: bool
    complete: bool  # the week has ended (judged only then)
    applications_by_kind: Counter = field(default_factory=Counter)
    networking: int = 0
    other_activities: int = 0
    assignments_done: int = 0
    contacts: int = 0
    judgement: WeekJudgement | None = None
    low_week_reason: str = ""

    @property
    def applications(self) -> int:
        return sum(self.applications_by_kind.values())

    @property
    def activities(self) -> int:
        """Everything recorded this week, applications included."""
        return self.applications + self.networking + self.other_activities

    @property
    def target_met(self) -> bool | None:
        """None for paused weeks: they never count against the candidate."""
        if self.paused:
            return None
        return self.applications >= self.target

    @property
    def is_gap(self) -> bool:
        """A finished, unpaused week below target that nobody has explained."""
        return (
            self.complete
            and self.target_met is False
            and not self.low_week_reason
            and not (self.judgement and self.judgement.sufficient)
        )


@dataclass
class Evidence:
    start: date
    end: date
    weeks: list[WeekEvidence]

    @property
    def counted_weeks(self) -> list[WeekEvidence]:
        return [w for w in self.weeks if w.complete and not w.paused]

    @property
    def gaps(self) -> list[WeekEvidence]:
        return [w for w in self.weeks if w.is_gap]

    @property
    def paused_weeks(self) -> list[WeekEvidence]:
        return [w for w in self.weeks if w.paused]

    def total(self, attribute: str) -> int:
        return sum(getattr(w, attribute) for w in self.weeks)

    @property
    def totals(self) -> dict[str, int]:
        counted = self.counted_weeks
        return {
            "weeks": len(self.weeks),
            "weeks_paused": len(self.paused_weeks),
            "weeks_counted": len(counted),
            "weeks_target_met": sum(1 for w in counted if w.target_met),
            "applications": self.total("applications"),
            "networking": self.total("networking"),
            "other_activities": self.total("other_activities"),
            "assignments_done": self.total("assignments_done"),
            "contacts": self.total("contacts"),
            "gaps": len(self.gaps),
            "target_sum": sum(w.target for w in counted),
        }

    def four_week_blocks(self) -> list[tuple[Week, Week, int, int]]:
        """(first week, last week, applications, target) per block of four weeks."""
        blocks = []
        for i in range(0, len(self.weeks), 4):
            chunk = self.weeks[i : i + 4]
            target = sum(w.target for w in chunk if not w.paused)
            blocks.append((chunk[0].week, chunk[-1].week, sum(w.applications for w in chunk), target))
        return blocks


def prorated_target(target: int, week: Week, start: date, end: date, today: date) -> int:
    """The target for a week the period covers only partly, by working days (derived).

    A trajectory that starts on a Thursday cannot be held to a full week's target in its
    first week; nor can a period cut off mid-week (a closed trajectory, a chosen end date).
    The running week keeps its full target: it is not judged until it ends.
    """
    first = max(start, week.monday)
    last = week.monday + timedelta(days=WORKDAYS - 1)
    if end < week.sunday and end < today:
        last = min(last, end)
    if first == week.monday and last == week.monday + timedelta(days=WORKDAYS - 1):
        return target  # the common case: the whole working week is covered
    return (target * workday_count(first, last)) // WORKDAYS


def compute_evidence(
    *,
    start: date,
    end: date,
    today: date,
    activities: Iterable[ActivityFact] = (),
    assignments_done: Iterable[date] = (),
    contacts: Iterable[date] = (),
    pauses: Iterable[Period] = (),
    target_for: Callable[[Week], int] = lambda week: 0,
    judgements: dict[Week, WeekJudgement] | None = None,
    low_week_reasons: dict[Week, str] | None = None,
) -> Evidence:
    """Count the evidence per ISO week of [start, end]; facts outside the range are ignored."""
    pauses = list(pauses)
    judgements = judgements or {}
    low_week_reasons = low_week_reasons or {}
    rows = [
        WeekEvidence(
            week=week,
            target=prorated_target(target_for(week), week, start, end, today),
            paused=bool(pauses) and is_paused_week(week, pauses),
            complete=week.monday + _SIX_DAYS < today,
            judgement=judgements.get(week),
            low_week_reason=low_week_reasons.get(week, ""),
        )
        for week in weeks_between(start, end)
    ]
    # Facts are bucketed by their week's Monday (a dict lookup per fact; dashboards count
    # thousands of them).
    by_monday = {row.week.monday: row for row in rows}

    def bucket(day: date) -> WeekEvidence | None:
        return by_monday.get(day - _DAYS[day.weekday()]) if start <= day <= end else None

    for fact in activities:
        row = bucket(fact.day)
        if row is None:
            continue
        kind = fact.kind
        if kind in APPLICATION_VALUES:
            row.applications_by_kind[_KIND_BY_VALUE[kind]] += 1
        elif kind in NETWORKING_KINDS:
            row.networking += 1
        else:
            row.other_activities += 1
    for day in assignments_done:
        if row := bucket(day):
            row.assignments_done += 1
    for day in contacts:
        if row := bucket(day):
            row.contacts += 1
    return Evidence(start=start, end=end, weeks=rows)  # weeks_between is oldest first
