"""The evidence-of-effort service: database rows in, `domain.evidence.Evidence` out.

One place gathers the inputs (diary facts, reviews and reasons, approved assignments,
advisor contacts, pauses, targets in force) so the dashboard, the candidate file and the
employer's overviews always count the same way. A fixed number of queries serves any
number of trajectories.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select

from portal.advisor.services import contact_dates_for
from portal.diary.models import WeekReview
from portal.diary.services import evidence_facts_for, week_reasons_for
from portal.domain.evidence import Evidence, WeekJudgement, compute_evidence, target_schedule
from portal.domain.weeks import Week
from portal.extensions import db
from portal.learning.services import assignment_done_dates_for
from portal.plan.services import target_versions_for
from portal.trajectory.models import Trajectory


def _judgements_in(ids: list[int], first: date, last: date) -> dict[int, dict[Week, WeekJudgement]]:
    """Week reviews of the period only, as plain columns.

    Same reading as `diary.services.week_judgements_for`, limited to the weeks asked for:
    a dashboard over two years of reviewed history should not load every review object.
    """
    result: dict[int, dict[Week, WeekJudgement]] = {tid: {} for tid in ids}
    rows = db.session.execute(
        select(WeekReview.trajectory_id, WeekReview.week_monday, WeekReview.sufficient, WeekReview.reason).where(
            WeekReview.trajectory_id.in_(ids),
            WeekReview.week_monday >= Week.of(first).monday,
            WeekReview.week_monday <= last,
        )
    )
    for trajectory_id, monday, sufficient, reason in rows:
        result[trajectory_id][Week.of(monday)] = WeekJudgement(sufficient, reason or "")
    return result


def default_period(trajectory: Trajectory, today: date) -> tuple[date, date]:
    """From the spoor 2 start up to today (or the close date when closed)."""
    end = min(today, trajectory.closed_on) if trajectory.closed_on else today
    return trajectory.spoor2_start, max(end, trajectory.spoor2_start)


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
        periods[t.id] = (min(period_start, period_end), period_end)
    first = min(p[0] for p in periods.values())
    last = max(p[1] for p in periods.values())
    ids = list(periods)
    facts = evidence_facts_for(ids, first, last)
    judgements = _judgements_in(ids, first, last)
    reasons = week_reasons_for(ids)
    assignments = assignment_done_dates_for(ids)
    contacts = contact_dates_for(ids, first, last)
    versions = target_versions_for(ids)
    result = {}
    for trajectory in trajectories:
        period_start, period_end = periods[trajectory.id]
        result[trajectory.id] = compute_evidence(
            start=period_start,
            end=period_end,
            today=today,
            activities=facts.get(trajectory.id, []),
            assignments_done=assignments.get(trajectory.id, []),
            contacts=contacts.get(trajectory.id, []),
            pauses=trajectory.pause_periods,
            target_for=target_schedule(versions.get(trajectory.id, []), trajectory.weekly_target),
            judgements=judgements.get(trajectory.id, {}),
            low_week_reasons=reasons.get(trajectory.id, {}),
        )
    return result


def load_evidence(
    trajectory: Trajectory, start: date | None = None, end: date | None = None, today: date | None = None
) -> Evidence:
    """Evidence of effort for one trajectory and period (default: spoor 2 start to today)."""
    return load_evidence_many([trajectory], start, end, today)[trajectory.id]
