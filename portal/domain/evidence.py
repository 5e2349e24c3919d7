"""Evidence of effort: per ISO week, what was done against what was agreed.

Plain data in, plain data out, so the advisor's dashboard, the candidate file and every
employer overview (PDF, CSV, XLSX) count the same way. Loaders that read the database
into these inputs live in the feature packages.

What counts as evidence is decided here once (`evidence_kind`, `counts_as_evidence`,
`counting_window`); the SQL feeds, the overview's lists and every export flag use these
rules, so a list and its total are the same selection.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from portal.domain.activities import APPLICATION_VALUES, NETWORKING_KINDS, ActivityKind, ApplicationStatus
from portal.domain.weeks import WORKDAYS, Period, Week, is_paused_week, weeks_between, workday_count

_KIND_BY_VALUE = {kind.value: kind for kind in ActivityKind}
_DAYS = [timedelta(days=n) for n in range(7)]
_SIX_DAYS = _DAYS[6]
RECENT_WEEKS = 4  # "the last four weeks" of the caseload, the employer's home and reminders
# Far under target: fewer than half the agreed applications in the last four weeks (the caseload's
# alert and the employer's "Vraagt je aandacht" read the same share).
FOUR_WEEK_ALERT_SHARE = 0.5

# --- what counts -------------------------------------------------------------------------

# A planned activity has not happened yet: it is shown to the candidate, never counted.
NOT_EVIDENCE_STATUSES: frozenset[str] = frozenset({ApplicationStatus.PLANNED.value})
NETWORKING_VALUES: frozenset[str] = frozenset(k.value for k in NETWORKING_KINDS)
APPLICATION, NETWORKING, OTHER = "application", "networking", "other"


def evidence_kind(kind: str) -> str:
    """Which count an entry of this kind goes to: application, networking or other."""
    if kind in APPLICATION_VALUES:
        return APPLICATION
    if kind in NETWORKING_VALUES:
        return NETWORKING
    return OTHER


def counting_window(spoor2_start: date, closed_on: date | None = None) -> Period:
    """The days whose activities count: from the spoor 2 start up to the close (if closed)."""
    return Period(spoor2_start, closed_on)


def counts_as_evidence(day: date, status: str, window: Period) -> bool:
    """An entry counts when it happened (not planned) on a day inside the trajectory's window."""
    return status not in NOT_EVIDENCE_STATUSES and window.contains(day)


def counts_as_application(kind: str, day: date, status: str, window: Period) -> bool:
    """The diary export's `telt_als_sollicitatie`: counted evidence of an application kind."""
    return kind in APPLICATION_VALUES and counts_as_evidence(day, status, window)


def evidence_selection(entries: Iterable, window: Period) -> dict[str, list]:
    """Entries (with entry_date, kind, status) that count, per evidence kind, in their order.

    What the overview lists; `compute_evidence` counts the same facts, so rows = totals.
    """
    selected: dict[str, list] = {APPLICATION: [], NETWORKING: [], OTHER: []}
    for entry in entries:
        if counts_as_evidence(entry.entry_date, entry.status, window):
            selected[evidence_kind(entry.kind)].append(entry)
    return selected


def not_counted_reason(day: date, status: str, window: Period) -> str:
    """Why an entry is not counted (Dutch, for lists and exports); empty when it counts."""
    if status in NOT_EVIDENCE_STATUSES:
        return "gepland, nog niet gedaan"
    if day < window.start:
        return "vóór de start van het tweede spoor"
    if not window.contains(day):
        return "na het einde van het traject"
    return ""


class ActivityFact(NamedTuple):
    """One diary entry as evidence: its date and kind (a tuple: dashboards make thousands)."""

    day: date
    kind: str


@dataclass(frozen=True)
class TargetVersion:
    """A weekly application target that is in force from a date on (a plan version).

    Version 0 is the target agreed when the trajectory started (`initial_weekly_target`).
    """

    effective_from: date
    weekly_target: int
    number: int = 0


@dataclass(frozen=True)
class WeekJudgement:
    """The advisor's review of one week."""

    sufficient: bool
    reason: str = ""


class TargetSchedule:
    """The target in force for a week: the latest version effective on or before its Monday.

    A version that starts mid-week applies from the next week on (targets apply to whole
    weeks); weeks before the first version keep version 0, the target agreed at the start.
    A later version never changes a week before its own: targets are history. A version
    applies from its date whether or not the candidate and employer have confirmed it yet
    (confirmation records agreement; the advisor's published revision is what is in force).
    """

    def __init__(self, versions: Iterable[TargetVersion], default: int) -> None:
        self.initial = TargetVersion(date.min, default, 0)
        self.ordered = sorted(versions, key=lambda v: (v.effective_from, v.number))

    def version(self, week: Week) -> TargetVersion:
        found = self.initial
        for version in self.ordered:
            if version.effective_from <= week.monday:
                found = version
            else:
                break
        return found

    def __call__(self, week: Week) -> int:
        return self.version(week).weekly_target


def target_schedule(versions: Iterable[TargetVersion], default: int) -> TargetSchedule:
    """The targets in force per week, from the plan versions and the target agreed at the start."""
    return TargetSchedule(versions, default)


@dataclass
class WeekEvidence:
    week: Week
    target: int  # the agreed target, prorated when the period covers the week only partly
    paused: bool
    complete: bool  # the week has ended (judged only then)
    agreed_target: int | None = None  # the target in force, before proration
    plan_version: int = 0  # the plan version the target comes from (0: agreed at the start)
    pause_category: str = ""  # paused weeks: the neutral category label(s) of the pause, never its reason
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
    def prorated(self) -> bool:
        return self.agreed_target is not None and self.target != self.agreed_target

    @property
    def target_met(self) -> bool | None:
        """None for paused weeks (never against the candidate) and the running week (not judged)."""
        if self.paused or not self.complete:
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
    def target_at_end(self) -> int | None:
        """The target in force in the period's last week (not prorated): the header's target."""
        return self.weeks[-1].agreed_target if self.weeks else None

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

    def finished_weeks(self) -> list[WeekEvidence]:
        return [w for w in self.weeks if w.complete]

    def last_weeks(self, today: date, count: int = RECENT_WEEKS) -> list[WeekEvidence]:
        """The weeks among the `count` ISO weeks before today's that the period covers.

        "The last four weeks" everywhere: the four calendar weeks before this one, so a
        trajectory that started or closed within them shows fewer weeks, never older ones.
        """
        first = Week.of(today).monday - timedelta(weeks=count)
        return [w for w in self.weeks if first <= w.week.monday and w.week.sunday < today and w.complete]

    @staticmethod
    def applications_in(weeks: Iterable[WeekEvidence]) -> int:
        return sum(w.applications for w in weeks)

    @staticmethod
    def target_in(weeks: Iterable[WeekEvidence]) -> int:
        """The agreed applications of these weeks; paused weeks ask for none."""
        return sum(w.target for w in weeks if not w.paused)

    def week(self, week: Week) -> WeekEvidence | None:
        return next((w for w in self.weeks if w.week == week), None)

    def this_week(self, today: date) -> WeekEvidence | None:
        return self.week(Week.of(today))

    def weeks_without_activity(self) -> int:
        """Finished, unpaused weeks in a row (up to the last one) without any recorded activity."""
        idle = 0
        for w in reversed(self.finished_weeks()):
            if w.paused:
                continue
            if w.activities:
                break
            idle += 1
        return idle

    def four_week_blocks(self) -> list[tuple[Week, Week, int, int]]:
        """(first week, last week, applications, target) per block of four weeks."""
        blocks = []
        for i in range(0, len(self.weeks), 4):
            chunk = self.weeks[i : i + 4]
            target = sum(w.target for w in chunk if not w.paused)
            blocks.append((chunk[0].week, chunk[-1].week, sum(w.applications for w in chunk), target))
        return blocks


def outside_week(week: Week, today: date) -> WeekEvidence:
    """A week outside the trajectory's window: nothing is asked of it and nothing counts."""
    return WeekEvidence(week=week, target=0, paused=False, complete=week.sunday < today, agreed_target=0)


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


def pause_category(week: Week, pauses: list[Period], labels: list[str]) -> str:
    """The neutral labels (`labels[i]` belongs to `pauses[i]`) of the pauses touching the
    week's working days, each once, in date order; the free reason is never an input."""
    friday = week.monday + timedelta(days=WORKDAYS - 1)
    found: list[str] = []
    for period, label in zip(pauses, labels, strict=False):
        if period.overlaps(week.monday, friday) and label and label not in found:
            found.append(label)
    return " / ".join(found)


def compute_evidence(
    *,
    start: date,
    end: date,
    today: date,
    activities: Iterable[ActivityFact] = (),
    assignments_done: Iterable[date] = (),
    contacts: Iterable[date] = (),
    pauses: Iterable[Period] = (),
    pause_labels: Iterable[str] | None = None,
    target_for: Callable[[Week], int] = lambda week: 0,
    judgements: dict[Week, WeekJudgement] | None = None,
    low_week_reasons: dict[Week, str] | None = None,
) -> Evidence:
    """Count the evidence per ISO week of [start, end]; facts outside the range are ignored.

    `activities` are facts that already passed `counts_as_evidence` (the SQL feed applies
    the same rule); `target_for` may be a `TargetSchedule`, whose version numbers are kept.
    """
    pauses = list(pauses)
    labels = list(pause_labels) if pause_labels is not None else []
    judgements = judgements or {}
    low_week_reasons = low_week_reasons or {}
    version_for = getattr(target_for, "version", None)
    rows = []
    for week in weeks_between(start, end):
        agreed = target_for(week)
        paused = bool(pauses) and is_paused_week(week, pauses)
        rows.append(WeekEvidence(
            week=week,
            target=prorated_target(agreed, week, start, end, today),
            agreed_target=agreed,
            plan_version=version_for(week).number if version_for else 0,
            paused=paused,
            pause_category=pause_category(week, pauses, labels) if paused and labels else "",
            complete=week.monday + _SIX_DAYS < today,
            judgement=judgements.get(week),
            low_week_reason=low_week_reasons.get(week, ""),
        ))
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
        elif kind in NETWORKING_VALUES:
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


# --- issued overviews: the numbers as issued, and what changed since ----------------------

# The per-week figures an issued overview states, with the words an employer reads for them.
FIGURE_LABELS = {
    "target": "doel", "agreed_target": "afgesproken doel", "plan_version": "planversie",
    "paused": "gepauzeerd", "pause_category": "soort pauze", "applications": "sollicitaties",
    "networking": "netwerk", "other_activities": "overig", "assignments_done": "opdrachten",
    "contacts": "contacten", "judgement": "beoordeling",
}
FIGURES_VERSION = 1


def _judgement_word(judgement: WeekJudgement | None) -> str:
    if judgement is None:
        return ""
    return "voldoende" if judgement.sufficient else "onvoldoende"


def figures(evidence: Evidence, as_of: date) -> dict:
    """What an overview of this evidence states per week (JSON-ready), to compare later."""
    weeks = {}
    for w in evidence.weeks:
        weeks[w.week.key] = {
            "target": w.target, "agreed_target": w.agreed_target, "plan_version": w.plan_version,
            "paused": w.paused, "pause_category": w.pause_category, "applications": w.applications,
            "networking": w.networking, "other_activities": w.other_activities,
            "assignments_done": w.assignments_done, "contacts": w.contacts,
            "judgement": _judgement_word(w.judgement),
        }
    return {"version": FIGURES_VERSION, "as_of": as_of.isoformat(), "start": evidence.start.isoformat(),
            "end": evidence.end.isoformat(), "weeks": weeks}


def _shown(value) -> str:
    if value is True:
        return "ja"
    if value is False:
        return "nee"
    if value is None or value == "":
        return "–"
    return str(value)


def figure_changes(issued: dict, today: dict) -> list[tuple[str, str]]:
    """(week key, what changed) for every week whose figures differ, in week order.

    An empty list: today's data gives the same numbers as the issued overview.
    """
    old, new = issued.get("weeks", {}), today.get("weeks", {})
    changes = []
    for key in sorted(set(old) | set(new)):
        if key not in new:
            changes.append((key, "week staat niet meer in het overzicht"))
            continue
        if key not in old:
            changes.append((key, "week is erbij gekomen"))
            continue
        parts = [f"{label} {_shown(old[key].get(name))} → {_shown(new[key].get(name))}"
                 for name, label in FIGURE_LABELS.items() if old[key].get(name) != new[key].get(name)]
        if parts:
            changes.append((key, ", ".join(parts)))
    return changes
