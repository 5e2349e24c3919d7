"""The employer's rows: per trajectory the next milestone, the last four weeks' evidence, the
latest shared note and the number of shared overviews; progress, never health."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import url_for
from sqlalchemy import func, select

from portal.advisor.services import latest_employer_note_for
from portal.casefile.evidence import load_evidence_many
from portal.clock import LOCAL_TZ
from portal.domain import timeline
from portal.domain.evidence import FOUR_WEEK_ALERT_SHARE, RECENT_WEEKS, Evidence, WeekEvidence
from portal.domain.weeks import Week
from portal.extensions import db
from portal.plan.models import Party
from portal.plan.services import awaiting, latest_versions_for
from portal.reports.models import GeneratedOverview
from portal.timeline.services import milestone_overview, recorded_milestones_for
from portal.trajectory.models import Trajectory, TrajectoryStatus


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


# --- "Vraagt je aandacht": what needs the employer, most urgent first -----------------------

PLAN_WAITING_URGENT_DAYS = 14  # a plan version unconfirmed for two weeks holds up the file (derived)
DEADLINE_URGENT_DAYS = 14
RUNNING = (TrajectoryStatus.ACTIVE, TrajectoryStatus.PAUSED)


class AttentionKind:
    PLAN = "plan"
    DEADLINE = "deadline"
    EFFORT = "effort"


@dataclass(frozen=True)
class Attention:
    """One thing on the employer's home that needs them: what, since or until when, the action."""

    trajectory: Trajectory
    kind: str
    title: str
    detail: str
    action_label: str
    action_url: str
    urgent: bool
    days: int  # sort within a level: days left, or days past the point it became urgent (negative)
    when_label: str = ""  # "Sinds" / "Uiterlijk"
    when: date | None = None
    when_note: str = ""  # "(12 dagen)"

    @property
    def level(self) -> str:
        return "Dringend" if self.urgent else "Binnenkort"

    @property
    def sort_key(self) -> tuple:
        return (not self.urgent, self.days, self.trajectory.candidate.name, self.kind)


def _days(n: int) -> str:
    return f"{n} {'dag' if n == 1 else 'dagen'}"


def _advisor_names(trajectory: Trajectory) -> str:
    return ", ".join(a.name for a in trajectory.advisors) or "het re-integratiebureau"


def _plan_item(t: Trajectory, version, today: date) -> Attention:
    since = version.published_at.astimezone(LOCAL_TZ).date()
    waiting = max(0, (today - since).days)
    return Attention(
        t, AttentionKind.PLAN,
        f"{t.candidate.name}: versie {version.number} van het plan van aanpak wacht op je bevestiging",
        "Lees wat er verandert en bevestig de versie, of schrijf je zienswijze.",
        "Plan bekijken en bevestigen", url_for("plan.show", trajectory_id=t.id, _anchor="bevestigen"),
        urgent=waiting >= PLAN_WAITING_URGENT_DAYS, days=PLAN_WAITING_URGENT_DAYS - waiting,
        when_label="Wacht sinds", when=since, when_note=f"({_days(waiting)})",
    )


def _deadline_item(t: Trajectory, milestone, today: date) -> Attention:
    left = (milestone.due - today).days
    return Attention(
        t, AttentionKind.DEADLINE, f"{t.candidate.name}: {milestone.label}", milestone.description,
        "Tijdlijn bekijken", url_for("trajectory.show", trajectory_id=t.id),
        urgent=left <= DEADLINE_URGENT_DAYS, days=left,
        when_label="Uiterlijk", when=milestone.due, when_note=f"(nog {_days(left)})",
    )


def _effort_item(row: EmployerRow) -> Attention:
    t = row.trajectory
    return Attention(
        t, AttentionKind.EFFORT,
        f"{t.candidate.name}: {row.recent_applications} van {row.recent_target} sollicitatieactiviteiten "
        f"in de laatste {len(row.recent_weeks)} weken",
        f"Ver onder de afspraak in het plan. Bespreek het met de adviseur: {_advisor_names(t)}.",
        "Voortgang bekijken", url_for("employer.index", _anchor=f"traject-{t.id}"),
        urgent=row.recent_applications == 0, days=0,
    )


def far_below_target(row: EmployerRow) -> bool:
    """Fewer than half the agreed applications in the last finished weeks (the caseload's own rule)."""
    target = row.recent_target
    return target > 0 and row.recent_applications < target * FOUR_WEEK_ALERT_SHARE


def employer_attention(rows: list[EmployerRow], today: date) -> list[Attention]:
    """What needs the employer across their trajectories (from `employer_rows`), most urgent first:
    a plan version waiting for their confirmation, a week count far under target, a legal
    employer deadline close. A fixed number of queries however many rows there are."""
    ids = [r.trajectory.id for r in rows if r.trajectory.status != TrajectoryStatus.CLOSED]
    if not ids:
        return []
    versions = latest_versions_for(ids)
    records = recorded_milestones_for(ids)
    items: list[Attention] = []
    for row in rows:
        t = row.trajectory
        version = versions.get(t.id)
        if version is not None and awaiting(version, Party.EMPLOYER):
            items.append(_plan_item(t, version, today))
        if t.status not in RUNNING:
            continue
        if far_below_target(row):
            items.append(_effort_item(row))
        for view in milestone_overview(t, today, audience=timeline.Audience.EMPLOYER, records=records[t.id]):
            if timeline.employer_deadline_close(view.milestone, today, view.done_on):
                items.append(_deadline_item(t, view.milestone, today))
    return sorted(items, key=lambda item: item.sort_key)
