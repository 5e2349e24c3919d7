"""Menu items, home panels and the advisor's overview rows of the plan feature."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from portal.clock import local_today
from portal.extensions import db
from portal.plan import casework, services
from portal.plan.demo import seed_plans
from portal.plan.models import Intake, Party, PlanVersion, PreIntake
from portal.policy import current_trajectory
from portal.registry import add_demo_seeder, add_home_panel, add_nav
from portal.trajectory.models import Trajectory, TrajectoryStatus
from portal.trajectory.services import trajectories_for

CHECKIN_SOON_DAYS = 14


@dataclass
class StaffRow:
    """One trajectory on the advisor's plan overview."""

    trajectory: Trajectory
    version: PlanVersion | None
    phase: services.PhaseInfo | None
    has_intake: bool
    pre_intake_sent: bool
    checkins_due: int

    @property
    def awaiting(self) -> list[str]:
        if self.version is None:
            return []
        return [p.label for p in Party if self.version.confirmation_by(p) is None]

    @property
    def needs_attention(self) -> bool:
        if self.trajectory.status == TrajectoryStatus.CLOSED:
            return False
        return not self.has_intake or self.version is None or self.phase is None or bool(self.checkins_due)


def staff_rows(user) -> list[StaffRow]:
    """Plan state of every trajectory the user sees, in a fixed number of queries."""
    trajectories = trajectories_for(user)
    ids = [t.id for t in trajectories]
    if not ids:
        return []
    versions = services.latest_versions_for(ids)
    phases = services.current_phases_for(ids)
    intakes = set(db.session.scalars(select(Intake.trajectory_id).where(Intake.trajectory_id.in_(ids))))
    sent = set(db.session.scalars(
        select(PreIntake.trajectory_id).where(PreIntake.trajectory_id.in_(ids), PreIntake.submitted_at.is_not(None))
    ))
    due = casework.due_checkins_for(ids, local_today() + timedelta(days=CHECKIN_SOON_DAYS))
    return [
        StaffRow(t, versions.get(t.id), phases.get(t.id), t.id in intakes, t.id in sent, len(due.get(t.id, [])))
        for t in trajectories
    ]


def _candidate_panel(user):
    trajectory = current_trajectory(user)
    if trajectory is None:
        return None
    version = services.latest_version(trajectory)
    awaiting = services.awaiting(version, Party.CANDIDATE)
    intake = casework.intake_for(trajectory)
    pre = casework.pre_intake_for(trajectory)
    ask_pre_intake = intake is None and (pre is None or pre.submitted_at is None)
    if not (awaiting or ask_pre_intake):
        return None
    return {"trajectory": trajectory, "version": version if awaiting else None, "ask_pre_intake": ask_pre_intake}


def _advisor_panel(user):
    rows = [r for r in staff_rows(user) if r.needs_attention or r.awaiting]
    if not rows:
        return None
    return {"rows": rows[:8], "count": len(rows)}


add_nav("Mijn plan", "plan.mine", ["candidate"], order=30)
add_nav("Plannen", "plan.index", ["advisor", "admin"], order=25)
add_home_panel("plan/_panel_candidate.html", ["candidate"], _candidate_panel, order=15)
add_home_panel("plan/_panel_advisor.html", ["advisor"], _advisor_panel, order=15)
add_demo_seeder("plan", seed_plans, order=30)
