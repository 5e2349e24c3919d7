"""The employer's rows: per trajectory the next milestone, the last four weeks' evidence, the
latest shared note and the number of shared overviews; progress, never health."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from portal.advisor.services import latest_employer_note_for
from portal.casefile.evidence import load_evidence_many
from portal.domain import timeline
from portal.domain.evidence import RECENT_WEEKS, Evidence, WeekEvidence
from portal.domain.weeks import Week
from portal.extensions import db
from portal.reports.models import GeneratedOverview
from portal.trajectory.models import Trajectory


@dataclass
class EmployerRow:
    trajectory: Trajectory
    next_milestone: timeline.Milestone | None
    recent_weeks: list[WeekEvidence]
    note: object | None = None  # the advisor's latest note shared with the employer
    shared_overviews: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def recent_applications(self) -> int:
        return Evidence.applications_in(self.recent_weeks)

    @property
    def recent_target(self) -> int:
        return Evidence.target_in(self.recent_weeks)


def recent_period(today: date) -> tuple[date, date]:
    """The last RECENT_WEEKS finished ISO weeks."""
    this_monday = Week.of(today).monday
    return this_monday - timedelta(weeks=RECENT_WEEKS), this_monday - timedelta(days=1)


def employer_rows(trajectories: list[Trajectory], today: date) -> list[EmployerRow]:
    """One row per trajectory (from `employer_trajectories`), in a fixed number of queries
    however many there are."""
    if not trajectories:
        return []
    ids = [t.id for t in trajectories]
    # The same evidence the caseload reads, so "the last four weeks" are the same weeks.
    evidence = load_evidence_many(trajectories, today=today, not_before=recent_period(today)[0])
    notes = latest_employer_note_for(ids)
    shared_counts = dict(db.session.execute(
        select(GeneratedOverview.trajectory_id, func.count())
        .where(GeneratedOverview.trajectory_id.in_(ids), GeneratedOverview.shared_at.is_not(None))
        .group_by(GeneratedOverview.trajectory_id)
    ).all())
    rows = []
    for t in trajectories:
        milestones = timeline.poortwachter_milestones(t.first_sick_day, t.spoor2_start)
        weeks = evidence[t.id].last_weeks(today)
        rows.append(EmployerRow(
            trajectory=t,
            next_milestone=timeline.next_milestone(milestones, today, audience=timeline.Audience.EMPLOYER),
            recent_weeks=weeks,
            note=notes.get(t.id),
            shared_overviews=shared_counts.get(t.id, 0),
        ))
    return rows
