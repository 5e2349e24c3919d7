"""Demo data: an intake, a plan with one revision and fitting phases for every demo trajectory."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from portal.domain.weeks import Week
from portal.extensions import db
from portal.plan.models import (
    AftercareCheckin,
    FinalEvaluation,
    Intake,
    Outcome,
    Party,
    Phase,
    PhaseChange,
    Placement,
    PlacementKind,
    PlanConfirmation,
    PlanVersion,
    PreIntake,
)
from portal.plan.rules import AFTERCARE_MONTHS, add_months
from portal.plan.services import publish_version
from portal.trajectory.models import TrajectoryStatus

# Weeks after the spoor 2 start at which each phase begins in the demo.
PHASE_OFFSETS = [
    (Phase.ORIENTATION, 0), (Phase.PROFILE_CV, 2), (Phase.APPLICATION_SKILLS, 5),
    (Phase.JOB_HUNTING, 9), (Phase.TRIAL_OR_TRAINING, 26),
]
DIRECTIONS = {
    "zorg": "Administratief medewerker zorg, receptionist polikliniek, planner thuiszorg",
    "logistiek": "Planner transport, medewerker klantenservice, voorraadadministratie",
}
PENDING_EMPLOYER = "sanne"  # this trajectory's latest version still waits for the employer
# key -> (organisation, role, hours, weeks ago started, kind)
PLACEMENTS = {
    "henk": ("Gemeente Tiel", "Administratief medewerker burgerzaken", 24, 10, PlacementKind.PAID_JOB),
    "yara": ("Transportbedrijf De Waal", "Planner binnendienst", 32, 22, PlacementKind.PAID_JOB),
}


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=UTC)


def _org_key(ctx, trajectory) -> str:
    return next(k for k, org in ctx.organisations.items() if org.id == trajectory.employer_id)


def _seed_intake(ctx, trajectory) -> None:
    if db.session.scalar(select(Intake.id).where(Intake.trajectory_id == trajectory.id)):
        return
    first = trajectory.candidate.name.split()[0]
    db.session.add(PreIntake(
        trajectory_id=trajectory.id,
        about_me="Ik werk al een tijd niet en wil graag weer aan de slag, in een rustiger baan.",
        work_wishes="Iets met plannen of administratie, het liefst dicht bij huis.",
        strengths="Nauwkeurig, goed met mensen, ik hou van overzicht.",
        experience="Jaren gewerkt bij mijn huidige werkgever; mbo-diploma.",
        practical="Maximaal 24 uur per week, reistijd tot 45 minuten.",
        questions="Hoe vertel ik een nieuwe werkgever over mijn ziekteperiode?",
        submitted_at=_at(trajectory.spoor2_start - timedelta(days=3)),
    ))
    db.session.add(Intake(
        trajectory_id=trajectory.id,
        intake_on=trajectory.spoor2_start,
        situation=f"{first} kan het eigen werk niet meer doen en staat open voor ander werk.",
        wishes="Werk met vaste tijden en een vast team; administratief of plannend.",
        work_history="Ruim tien jaar in de huidige functie, daarvoor winkel en horeca.",
        education="Mbo niveau 3; cursus Excel (2019).",
        capacity_profile_on=trajectory.spoor2_start - timedelta(weeks=6),
        capacity_limitations="Niet zwaar tillen (tot 10 kg); afwisselend zitten en staan; "
                             "dagdiensten tot 6 uur per dag.",
        labour_expert_report_on=trajectory.spoor2_start - timedelta(weeks=2),
        job_directions=DIRECTIONS[_org_key(ctx, trajectory)],
        updated_by_id=trajectory.advisors[0].id if trajectory.advisors else None,
    ))


def _confirm(version: PlanVersion, party: Party, user, day: date) -> None:
    db.session.add(PlanConfirmation(version=version, party=party, user=user, confirmed_at=_at(day)))


def _seed_plan(ctx, key, trajectory) -> None:
    if db.session.scalar(select(PlanVersion.id).where(PlanVersion.trajectory_id == trajectory.id)):
        return
    advisor = trajectory.advisors[0] if trajectory.advisors else None
    employer = ctx.users["employer" if _org_key(ctx, trajectory) == "zorg" else "employer2"]
    start = trajectory.spoor2_start
    base = 3 if key == "kees" else 2
    phases = [
        {"phase": phase.value, "start_on": start + timedelta(weeks=offset),
         "end_on": start + timedelta(weeks=nxt) - timedelta(days=1)}
        for (phase, offset), (_, nxt) in zip(PHASE_OFFSETS, [*PHASE_OFFSETS[1:], (None, 40)], strict=True)
    ]
    activities = [
        {"description": "sollicitaties", "quantity": base, "frequency": "week"},
        {"description": "netwerkgesprek", "quantity": 1, "frequency": "month"},
        {"description": "", "module_slug": "cv"},
        {"description": "", "module_slug": "sollicitatiebrief"},
    ]
    goals = ("Binnen het tweede spoor passend werk vinden bij een andere werkgever, "
             "in een functie die past bij het belastbaarheidsprofiel.")
    first = publish_version(trajectory, advisor, goals=goals, weekly_target=base,
                            effective_from=Week.of(start).monday, activities=activities, phases=phases)
    first.published_at = _at(start)
    _confirm(first, Party.CANDIDATE, trajectory.candidate, start + timedelta(days=1))
    _confirm(first, Party.EMPLOYER, employer, start + timedelta(days=2))
    weeks_in = max(1, (ctx.today - start).days // 7)
    revised_on = Week.of(start + timedelta(weeks=max(1, weeks_in // 2))).monday
    activities[0]["quantity"] = base + 1
    activities.append({"description": "", "module_slug": "sollicitatiegesprek"})
    second = publish_version(
        trajectory, advisor, goals=goals + " Daarnaast actief het eigen netwerk benutten.",
        weekly_target=base + 1, effective_from=revised_on, activities=activities, phases=phases,
        change_summary=f"Sollicitatiedoel van {base} naar {base + 1} per week; module sollicitatiegesprek erbij.",
        change_reason="Cv en sollicitatiebrief zijn klaar; in de evaluatie is afgesproken het tempo te verhogen.",
    )
    second.published_at = _at(revised_on - timedelta(days=3))
    _confirm(second, Party.CANDIDATE, trajectory.candidate, revised_on - timedelta(days=2))
    if key != PENDING_EMPLOYER:
        _confirm(second, Party.EMPLOYER, employer, revised_on - timedelta(days=1))


def _seed_phases(ctx, key, trajectory) -> None:
    if db.session.scalar(select(PhaseChange.id).where(PhaseChange.trajectory_id == trajectory.id)):
        return
    advisor_id = trajectory.advisors[0].id if trajectory.advisors else None
    start = trajectory.spoor2_start
    for phase, offset in PHASE_OFFSETS:
        day = start + timedelta(weeks=offset)
        if day > ctx.today or (phase == Phase.TRIAL_OR_TRAINING and key != "tom"):
            break
        db.session.add(PhaseChange(trajectory_id=trajectory.id, phase=phase, started_on=day, changed_by_id=advisor_id))
    if key in PLACEMENTS:
        placed_on = ctx.today - timedelta(weeks=PLACEMENTS[key][3])
        db.session.add(PhaseChange(trajectory_id=trajectory.id, phase=Phase.PLACEMENT, started_on=placed_on,
                                   changed_by_id=advisor_id, note="Start in nieuwe baan"))
        db.session.add(PhaseChange(trajectory_id=trajectory.id, phase=Phase.AFTERCARE,
                                   started_on=placed_on + timedelta(weeks=4), changed_by_id=advisor_id))


def _seed_placement(ctx, key, trajectory) -> None:
    if key not in PLACEMENTS or db.session.scalar(select(Placement.id).where(Placement.trajectory_id == trajectory.id)):
        return
    organisation, role, hours, weeks_ago, kind = PLACEMENTS[key]
    start_on = ctx.today - timedelta(weeks=weeks_ago)
    placement = Placement(trajectory_id=trajectory.id, organisation=organisation, role=role, hours_per_week=hours,
                          start_on=start_on, kind=kind, created_by_id=trajectory.advisors[0].id)
    for months in AFTERCARE_MONTHS:
        due = add_months(start_on, months)
        checkin = AftercareCheckin(trajectory_id=trajectory.id, due_on=due)
        if due <= ctx.today:
            checkin.held_on = due
            checkin.how_it_goes = "Gaat goed; de uren zijn goed vol te houden en het team is prettig."
            checkin.agreements = "Over zes weken uren evalueren met de leidinggevende."
            checkin.recorded_at = _at(due)
            checkin.recorded_by_id = trajectory.advisors[0].id
        placement.checkins.append(checkin)
    db.session.add(placement)
    if trajectory.status == TrajectoryStatus.CLOSED and trajectory.closed_on:
        db.session.add(FinalEvaluation(
            trajectory_id=trajectory.id, evaluated_on=trajectory.closed_on, outcome=Outcome.NEW_EMPLOYER,
            summary="Duurzaam geplaatst als planner; de nazorg is afgerond en de afspraken zijn nagekomen.",
            created_by_id=trajectory.advisors[0].id,
        ))


def seed_plans(ctx) -> None:
    """Intake, plan (one revision), phases; henk placed with aftercare, yara closed."""
    for key, trajectory in ctx.trajectories.items():
        _seed_intake(ctx, trajectory)
        _seed_plan(ctx, key, trajectory)
        _seed_phases(ctx, key, trajectory)
        _seed_placement(ctx, key, trajectory)
        db.session.flush()
