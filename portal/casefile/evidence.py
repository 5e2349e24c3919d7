"""The evidence-of-effort service: database rows in, `domain.evidence.Evidence` out.

One place gathers the inputs (diary facts, reviews and reasons, approved assignments,
advisor contacts, pauses, targets in force) so the dashboard, the candidate file and the
employer's overviews always count the same way.

Each feature owns the SELECT of its input (its rules: planned entries are no evidence,
only held appointments are contacts, ...). Here they are combined into one UNION ALL, so
any number of trajectories costs a single round trip to the database: evidence is read on
nearly every page, and on PostgreSQL each extra statement costs a network round trip.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from functools import cache

from sqlalchemy import (
    Boolean,
    Date,
    Integer,
    Select,
    String,
    Text,
    bindparam,
    cast,
    func,
    literal_column,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import NullType

from portal.advisor.services import contact_select, local_date, local_start
from portal.db_types import UTCDateTime, date_from_db, utc_from_db, utcnow
from portal.diary.services import evidence_facts_select, week_reasons_select, week_reviews_select
from portal.domain.evidence import (
    ActivityFact,
    Evidence,
    TargetVersion,
    WeekEvidence,
    WeekJudgement,
    compute_evidence,
    counting_window,
    outside_week,
    target_schedule,
)
from portal.domain.weeks import Period, Week
from portal.extensions import db
from portal.learning.services import assignment_done_select
from portal.plan.services import target_versions_select
from portal.trajectory.models import Pause, PauseCategory, Trajectory

# The common shape of every input row: which input, whose, and up to two dates, one
# moment, one text and two numbers. Inputs fill the columns they have; the rest is NULL.
_SHAPE = (("day", Date), ("day2", Date), ("moment", UTCDateTime()), ("text", Text), ("number", Integer),
          ("seq", Integer))
# The rows come back as the driver gives them (a caseload is thousands of rows, most of
# their columns NULL): `_Inputs` converts the few values it uses (`db_types.*_from_db`).
_RAW = NullType()


def _shaped(source: str, stmt: Select, *, first: bool = False, **columns: str) -> Select:
    """`stmt` with its columns replaced by the common shape; `columns` maps shape names to
    the names of `stmt`'s columns; the others are NULL.

    PostgreSQL resolves a UNION's column types pair by pair from the left, so the NULLs of
    the `first` part carry a CAST to their type; later NULLs follow it. Booleans become
    numbers (a real CAST); the other columns keep their SQL type: SQLite's CAST to a date
    type would turn a date text into a number. The parts stay plain SELECTs (no
    subqueries): a short statement that the driver converts once and the database plans
    quickly.
    """
    picked = [literal_column(f"'{source}'", String).label("source"), stmt.selected_columns.trajectory_id]
    for name, type_ in _SHAPE:
        if name not in columns:
            picked.append(type_coerce(cast(null(), type_) if first else null(), _RAW).label(name))
            continue
        column = stmt.selected_columns[columns[name]]
        converted = cast(column, type_) if isinstance(column.type, Boolean) else column
        picked.append(type_coerce(converted, _RAW).label(name))
    return stmt.with_only_columns(*picked, maintain_column_froms=True)


@cache
def evidence_inputs(dialect: str) -> Select:
    """One statement that reads every evidence input; see `_input_params` for its parameters.

    Built once per database kind: the statement is the same for every page and caseload,
    so SQLAlchemy compiles it and computes its cache key only once per process. On
    PostgreSQL the trajectory ids are one array parameter: one SQL text for any caseload
    size, which the driver converts once and the server keeps prepared (a list expanded
    into seven IN lists gave a new text, hundreds of parameters, per caseload size).
    """
    if dialect == "postgresql":
        ids = select(func.unnest(bindparam("ids", type_=ARRAY(Integer)))).scalar_subquery()
    else:
        ids = bindparam("ids", expanding=True)
    first, last, first_monday = bindparam("first", type_=Date), bindparam("last", type_=Date), \
        bindparam("first_monday", type_=Date)
    since, before, now = (bindparam(name, type_=UTCDateTime()) for name in ("since", "before", "now"))
    return union_all(
        _shaped("fact", evidence_facts_select(ids, first, last), first=True, day="entry_date", text="kind"),
        _shaped("review", week_reviews_select(ids, first_monday, last), day="week_monday", text="reason",
                number="sufficient"),
        _shaped("reason", week_reasons_select(ids, first_monday, last), day="week_monday", text="reason"),
        _shaped("assignment", assignment_done_select(ids, since, before), moment="reviewed_at"),
        _shaped("contact", contact_select(ids, since, before, now), moment="starts_at"),
        _shaped("target", target_versions_select(ids), day="effective_from", number="weekly_target", seq="number"),
        _shaped("pause", select(Pause.trajectory_id, Pause.start_date, Pause.end_date, Pause.employer_category)
                .where(Pause.trajectory_id.in_(ids)), day="start_date", day2="end_date", text="employer_category"),
    )


def _input_params(ids: list[int], first: date, last: date) -> dict:
    """Everything of trajectories `ids` that bears on the days [first, last]."""
    return {"ids": ids, "first": first, "last": last, "first_monday": Week.of(first).monday,
            "since": local_start(first), "before": local_start(last + timedelta(days=1)), "now": utcnow()}


class _Inputs:
    """The rows of `evidence_inputs`, sorted per trajectory into the domain's inputs."""

    def __init__(self, rows) -> None:
        self.facts: dict[int, list[ActivityFact]] = defaultdict(list)
        self.judgements: dict[int, dict[Week, WeekJudgement]] = defaultdict(dict)
        self.reasons: dict[int, dict[Week, str]] = defaultdict(dict)
        self.assignments: dict[int, list[date]] = defaultdict(list)
        self.contacts: dict[int, list[date]] = defaultdict(list)
        self.pauses: dict[int, list[Period]] = defaultdict(list)
        self.pause_labels: dict[int, list[str]] = {}
        pauses: dict[int, list[tuple[Period, str]]] = defaultdict(list)
        versions: dict[int, list[tuple[date, int, int]]] = defaultdict(list)
        for source, tid, day, day2, moment, text, number, seq in rows:
            if source == "fact":
                self.facts[tid].append(ActivityFact(date_from_db(day), text))
            elif source == "review":
                self.judgements[tid][Week.of(date_from_db(day))] = WeekJudgement(bool(number), text or "")
            elif source == "reason":
                self.reasons[tid][Week.of(date_from_db(day))] = text
            elif source == "assignment":
                self.assignments[tid].append(local_date(utc_from_db(moment)))
            elif source == "contact":
                self.contacts[tid].append(local_date(utc_from_db(moment)))
            elif source == "target":
                versions[tid].append((date_from_db(day), seq, number))
            elif source == "pause":
                pauses[tid].append((Period(date_from_db(day), date_from_db(day2) if day2 else None),
                                    _category_label(text)))
        # Plan versions in force order: by date, then by version number (the later one wins).
        self.versions = {tid: [TargetVersion(day, target, number) for day, number, target in sorted(rows_)]
                         for tid, rows_ in versions.items()}
        # Pauses in date order; each keeps its neutral category label (never the reason).
        for tid, rows_ in pauses.items():
            rows_.sort(key=lambda p: p[0].start)
            self.pauses[tid] = [period for period, _ in rows_]
            self.pause_labels[tid] = [label for _, label in rows_]


def _category_label(code: str | None) -> str:
    try:
        return PauseCategory(code or PauseCategory.OTHER.value).label
    except ValueError:
        return PauseCategory.OTHER.label


def default_period(trajectory: Trajectory, today: date) -> tuple[date, date]:
    """From the spoor 2 start up to today (or the close date when closed)."""
    end = min(today, trajectory.closed_on) if trajectory.closed_on else today
    return trajectory.spoor2_start, max(end, trajectory.spoor2_start)


def _clipped(trajectory: Trajectory, start: date, end: date) -> tuple[date, date]:
    """[start, end] within the trajectory's counting window: no week outside it is shown or counted."""
    window = counting_window(trajectory.spoor2_start, trajectory.closed_on)
    first = max(start, window.start)
    last = min(end, window.end) if window.end else end
    return first, max(first, last)


def load_evidence_many(
    trajectories: Sequence[Trajectory],
    start: date | None = None,
    end: date | None = None,
    today: date | None = None,
    *,
    not_before: date | None = None,
) -> dict[int, Evidence]:
    """Evidence per trajectory; without start/end each trajectory's own period is used.

    `not_before` clips each period's start to the Monday of its week (the dashboard looks
    at recent weeks only; a clipped week is always counted whole).
    """
    today = today or date.today()
    if not trajectories:
        return {}
    periods = {}
    for t in trajectories:
        own_start, own_end = default_period(t, today)
        period_start = start or own_start
        if not_before is not None:
            period_start = max(period_start, Week.of(not_before).monday)
        period_end = end or own_end
        periods[t.id] = _clipped(t, min(period_start, period_end), period_end)
    first = min(p[0] for p in periods.values())
    last = max(p[1] for p in periods.values())
    statement = evidence_inputs(db.session.get_bind().dialect.name)
    inputs = _Inputs(db.session.execute(statement, _input_params(list(periods), first, last)).all())
    return {t.id: _computed(t, inputs, *periods[t.id], today) for t in trajectories}


def _computed(trajectory: Trajectory, inputs: _Inputs, start: date, end: date, today: date) -> Evidence:
    tid = trajectory.id
    return compute_evidence(
        start=start,
        end=end,
        today=today,
        activities=inputs.facts.get(tid, ()),
        assignments_done=inputs.assignments.get(tid, ()),
        contacts=inputs.contacts.get(tid, ()),
        pauses=inputs.pauses.get(tid, ()),
        pause_labels=inputs.pause_labels.get(tid),
        target_for=target_schedule(inputs.versions.get(tid, ()), trajectory.initial_weekly_target),
        judgements=inputs.judgements.get(tid),
        low_week_reasons=inputs.reasons.get(tid),
    )


def load_evidence_periods(trajectory: Trajectory, periods: Sequence[tuple[date, date, date]]) -> list[Evidence]:
    """Evidence of one trajectory for several (start, end, today) periods, read in one statement
    (the stored overviews of a trajectory, each checked against today's data)."""
    if not periods:
        return []
    clipped = [(*_clipped(trajectory, min(start, end), end), today) for start, end, today in periods]
    first, last = min(p[0] for p in clipped), max(p[1] for p in clipped)
    statement = evidence_inputs(db.session.get_bind().dialect.name)
    inputs = _Inputs(db.session.execute(statement, _input_params([trajectory.id], first, last)).all())
    return [_computed(trajectory, inputs, start, end, today) for start, end, today in clipped]


def load_evidence(
    trajectory: Trajectory, start: date | None = None, end: date | None = None, today: date | None = None
) -> Evidence:
    """Evidence of effort for one trajectory and period (default: spoor 2 start to today)."""
    return load_evidence_many([trajectory], start, end, today)[trajectory.id]


def recent_figures(trajectory: Trajectory, on: date) -> tuple[int, int]:
    """(applications, target) of the last four finished weeks as of `on`: what a text of that day may state."""
    weeks = load_evidence(trajectory, today=on).last_weeks(on)
    return Evidence.applications_in(weeks), Evidence.target_in(weeks)


def load_week(trajectory: Trajectory, week: Week, today: date | None = None) -> WeekEvidence:
    """One week's evidence (the diary's week page and "this week"); outside the trajectory, empty."""
    today = today or date.today()
    found = load_evidence(trajectory, week.monday, week.sunday, today).week(week)
    return found if found is not None else outside_week(week, today)
