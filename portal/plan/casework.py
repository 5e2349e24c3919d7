"""Intake, pre-intake, placement, aftercare and closing of a trajectory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.db_types import utcnow
from portal.extensions import db
from portal.plan.models import (
    AftercareCheckin,
    FinalEvaluation,
    Intake,
    Outcome,
    Phase,
    Placement,
    PlacementKind,
    PreIntake,
)
from portal.plan.rules import AFTERCARE_MONTHS, add_months
from portal.plan.services import PlanError, change_phase, current_phase
from portal.trajectory.models import Trajectory, TrajectoryStatus
from portal.versions import update_keeping_version

INTAKE_FIELDS = (
    "intake_on", "situation", "wishes", "work_history", "education", "capacity_profile_on",
    "capacity_limitations", "labour_expert_report_on", "job_directions",
)
PRE_INTAKE_FIELDS = ("about_me", "work_wishes", "strengths", "experience", "practical", "questions")


def intake_for(trajectory: Trajectory) -> Intake | None:
    return db.session.scalar(select(Intake).where(Intake.trajectory_id == trajectory.id))


def save_intake(trajectory: Trajectory, user: User, **fields) -> Intake:
    """Create or update the intake (advisor only; the view checks intake.edit)."""
    intake = intake_for(trajectory)
    if intake is None:
        intake = Intake(trajectory_id=trajectory.id)
        db.session.add(intake)
    values = {name: value.strip() if isinstance(value, str) else value
              for name, value in fields.items() if name in INTAKE_FIELDS}
    if update_keeping_version(intake, user.id, **values) or intake.id is None:
        intake.updated_by = user
    db.session.flush()
    return intake


def pre_intake_for(trajectory: Trajectory) -> PreIntake | None:
    return db.session.scalar(select(PreIntake).where(PreIntake.trajectory_id == trajectory.id))


def save_pre_intake(trajectory: Trajectory, submit: bool = False, **fields) -> PreIntake:
    """The candidate's answers; `submit` hands them to the advisor (they can still add to them)."""
    pre = pre_intake_for(trajectory)
    if pre is None:
        pre = PreIntake(trajectory_id=trajectory.id)
        db.session.add(pre)
    for name in PRE_INTAKE_FIELDS:
        if name in fields:
            setattr(pre, name, (fields[name] or "").strip())
    if submit and pre.submitted_at is None:
        pre.submitted_at = utcnow()
    db.session.flush()
    return pre


# --- placement and aftercare -------------------------------------------------------------

def placements_for(trajectory: Trajectory) -> list[Placement]:
    return list(db.session.scalars(
        select(Placement)
        .where(Placement.trajectory_id == trajectory.id)
        .options(selectinload(Placement.checkins))
        .order_by(Placement.start_on, Placement.id)
    ))


def record_placement(
    trajectory: Trajectory,
    user: User | None,
    *,
    organisation: str,
    role: str,
    hours_per_week: int,
    start_on: date,
    kind: PlacementKind | str,
    notes: str = "",
) -> Placement:
    """Record work found: status placed, phase placement, check-ins after 2 and 4 months."""
    if trajectory.status == TrajectoryStatus.CLOSED:
        raise PlanError("Dit traject is afgesloten.")
    placement = Placement(
        trajectory_id=trajectory.id, organisation=organisation.strip(), role=role.strip(),
        hours_per_week=hours_per_week, start_on=start_on, kind=PlacementKind(kind), notes=notes.strip(),
        created_by_id=user.id if user else None,
    )
    for months in AFTERCARE_MONTHS:
        placement.checkins.append(AftercareCheckin(trajectory_id=trajectory.id, due_on=add_months(start_on, months)))
    db.session.add(placement)
    trajectory.status = TrajectoryStatus.PLACED
    phase = current_phase(trajectory)
    if phase is None or (phase.code not in (Phase.PLACEMENT, Phase.AFTERCARE) and phase.since <= start_on):
        change_phase(trajectory, Phase.PLACEMENT, start_on, user, note=f"{placement.kind_label}: {placement.role}")
    db.session.flush()
    return placement


def schedule_checkin(placement: Placement, due_on: date) -> AftercareCheckin:
    checkin = AftercareCheckin(placement=placement, trajectory_id=placement.trajectory_id, due_on=due_on)
    db.session.add(checkin)
    db.session.flush()
    return checkin


def record_checkin(
    checkin: AftercareCheckin, user: User | None, *, held_on: date, how_it_goes: str, agreements: str = ""
) -> AftercareCheckin:
    """Write down a held check-in; a recorded one is not changed afterwards."""
    if checkin.held_on is not None:
        raise PlanError("Dit nazorggesprek is al vastgelegd.")
    checkin.held_on = held_on
    checkin.how_it_goes = how_it_goes.strip()
    checkin.agreements = agreements.strip()
    checkin.recorded_by_id = user.id if user else None
    checkin.recorded_at = utcnow()
    db.session.flush()
    return checkin


def due_checkins_for(trajectory_ids: list[int], until: date) -> dict[int, list[AftercareCheckin]]:
    """Check-ins not yet held that are due on or before `until`, per trajectory (one query)."""
    result: dict[int, list[AftercareCheckin]] = {}
    if not trajectory_ids:
        return result
    for checkin in db.session.scalars(
        select(AftercareCheckin)
        .where(AftercareCheckin.trajectory_id.in_(trajectory_ids), AftercareCheckin.held_on.is_(None),
               AftercareCheckin.due_on <= until)
        .order_by(AftercareCheckin.due_on)
    ):
        result.setdefault(checkin.trajectory_id, []).append(checkin)
    return result


# --- closing -----------------------------------------------------------------------------

def final_evaluation_for(trajectory: Trajectory) -> FinalEvaluation | None:
    return db.session.scalar(select(FinalEvaluation).where(FinalEvaluation.trajectory_id == trajectory.id))


def close_trajectory(
    trajectory: Trajectory, user: User | None, *, evaluated_on: date, outcome: Outcome | str, summary: str
) -> FinalEvaluation:
    """Close with a final evaluation: status closed, closed_on the evaluation date."""
    if trajectory.status == TrajectoryStatus.CLOSED or final_evaluation_for(trajectory) is not None:
        raise PlanError("Dit traject is al afgesloten.")
    if evaluated_on < trajectory.spoor2_start:
        raise PlanError("De eindevaluatie kan niet vóór de start van het tweede spoor liggen.")
    evaluation = FinalEvaluation(
        trajectory_id=trajectory.id, evaluated_on=evaluated_on, outcome=Outcome(outcome),
        summary=summary.strip(), created_by_id=user.id if user else None,
    )
    db.session.add(evaluation)
    trajectory.status = TrajectoryStatus.CLOSED
    trajectory.closed_on = evaluated_on
    db.session.flush()
    return evaluation


# --- timelines ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanEvent:
    """A dated step of the plan for a timeline: a phase change, a placement, a check-in."""

    on: date
    kind: str  # phase | placement | checkin
    label: str
    detail: str = ""


def timeline_events(trajectory: Trajectory, audience: str = "advisor") -> list[PlanEvent]:
    """Phase changes, placements and aftercare check-ins, oldest first (three queries).

    Advisors read the check-in reports; candidates and employers only see that one was held
    (or when it is planned), since what is said there can be personal.
    """
    from portal.plan.services import phase_history

    events = [
        PlanEvent(p.since, "phase", f"Fase: {p.label}", p.note if audience == "advisor" else "")
        for p in phase_history(trajectory)
    ]
    for placement in placements_for(trajectory):
        events.append(PlanEvent(
            placement.start_on, "placement", f"Plaatsing: {placement.role} bij {placement.organisation}",
            f"{placement.kind_label}, {placement.hours_per_week} uur per week",
        ))
        for checkin in placement.checkins:
            if checkin.held_on is not None:
                detail = checkin.how_it_goes if audience == "advisor" else ""
                events.append(PlanEvent(checkin.held_on, "checkin", "Nazorggesprek gehouden", detail))
            else:
                events.append(PlanEvent(checkin.due_on, "checkin", "Nazorggesprek gepland"))
    return sorted(events, key=lambda e: e.on)
