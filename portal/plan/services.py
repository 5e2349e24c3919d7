"""The agreed plan: versions, confirmations, targets in force per week, phases, summaries.

Intake, placement, aftercare and closing live in `portal.plan.casework`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from portal.auth.models import Role, User
from portal.core.templating import date_nl
from portal.domain.evidence import TargetVersion, target_schedule
from portal.domain.weeks import Week
from portal.employer_gate import employer_visible
from portal.extensions import db
from portal.plan.models import (
    Frequency,
    Party,
    Phase,
    PhaseChange,
    PlanActivity,
    PlanConfirmation,
    PlannedPhase,
    PlanVersion,
    PlanView,
)
from portal.plan.rules import VersionDiff, diff_plans, learning_modules
from portal.policy import can
from portal.trajectory.models import Trajectory

# The plan page is the employer's too: every free text on it passes the employer gate.
PLAN_TEXT = employer_visible("plan.text", "Tekst in het plan van aanpak")
PLAN_VIEW = employer_visible("plan.view", "Zienswijze op het plan van aanpak")


class PlanError(ValueError):
    """A plan action that is not allowed; the message is Dutch and safe to show."""


# --- targets -----------------------------------------------------------------------------

def target_versions_select(trajectory_ids):
    """(trajectory_id, effective_from, weekly_target, number) of every plan version."""
    return select(PlanVersion.trajectory_id, PlanVersion.effective_from, PlanVersion.weekly_target,
                  PlanVersion.number).where(PlanVersion.trajectory_id.in_(trajectory_ids))


def target_versions_for(trajectory_ids: Iterable[int]) -> dict[int, list[TargetVersion]]:
    """The weekly targets agreed in plan versions, per trajectory (oldest first), in one query."""
    ids = list(dict.fromkeys(trajectory_ids))
    result: dict[int, list[TargetVersion]] = {tid: [] for tid in ids}
    if not ids:
        return result
    rows = db.session.execute(target_versions_select(ids).order_by(
        PlanVersion.trajectory_id, PlanVersion.effective_from, PlanVersion.number))
    for trajectory_id, effective_from, weekly_target, number in rows:
        result[trajectory_id].append(TargetVersion(effective_from, weekly_target, number))
    return result


def target_for(trajectory: Trajectory) -> Callable[[Week], int]:
    """The weekly application target in force for any week of this trajectory."""
    versions = target_versions_for([trajectory.id])[trajectory.id]
    return target_schedule(versions, trajectory.initial_weekly_target)


# --- modules -----------------------------------------------------------------------------

def module_choices() -> list[tuple[str, str]]:
    """(slug, title) of the learning modules an activity can point at."""
    return list(learning_modules(current_app.config["CONTENT_DIR"]))


def module_title(slug: str) -> str:
    return dict(module_choices()).get(slug, slug)


def activity_label(activity: PlanActivity) -> str:
    """"3 sollicitaties per week", "Module afronden: Een sterk cv", or the free text."""
    if activity.module_slug:
        text = f"Module afronden: {module_title(activity.module_slug)}"
        return f"{text} ({activity.description})" if activity.description else text
    if activity.quantity:
        return f"{activity.quantity} {activity.description} {Frequency(activity.frequency).label}"
    return activity.description


# --- versions ----------------------------------------------------------------------------

def versions_for(trajectory: Trajectory) -> list[PlanVersion]:
    """Every version of the plan, oldest first, with their rows loaded."""
    return list(db.session.scalars(
        select(PlanVersion)
        .where(PlanVersion.trajectory_id == trajectory.id)
        .options(
            selectinload(PlanVersion.activities), selectinload(PlanVersion.phases),
            selectinload(PlanVersion.confirmations).joinedload(PlanConfirmation.user),
            selectinload(PlanVersion.views).joinedload(PlanView.author),
            joinedload(PlanVersion.created_by),
        )
        .order_by(PlanVersion.number)
    ))


def latest_version(trajectory: Trajectory) -> PlanVersion | None:
    return db.session.scalars(
        select(PlanVersion).where(PlanVersion.trajectory_id == trajectory.id).order_by(PlanVersion.number.desc())
    ).first()


def version_by_number(trajectory: Trajectory, number: int) -> PlanVersion | None:
    return db.session.scalar(
        select(PlanVersion).where(PlanVersion.trajectory_id == trajectory.id, PlanVersion.number == number)
    )


def publish_version(
    trajectory: Trajectory,
    author: User | None,
    *,
    goals: str,
    weekly_target: int,
    effective_from: date,
    activities: Iterable[dict] = (),
    phases: Iterable[dict] = (),
    change_summary: str = "",
    change_reason: str = "",
) -> PlanVersion:
    """Store a new plan version (immutable from now on); its target is in force from its week on.

    `trajectory.weekly_target` follows the latest version (what is agreed now); the weeks
    before the first version keep `initial_weekly_target`, which nothing overwrites.
    """
    previous = latest_version(trajectory)
    if previous is not None:
        if not change_summary.strip() or not change_reason.strip():
            raise PlanError("Schrijf bij een bijstelling wat er verandert en waarom.")
        if effective_from < previous.effective_from:
            raise PlanError("Een bijstelling kan niet eerder ingaan dan de vorige versie.")
    version = PlanVersion(
        trajectory_id=trajectory.id,
        number=(previous.number + 1) if previous else 1,
        effective_from=effective_from,
        goals=goals.strip(),
        weekly_target=weekly_target,
        change_summary=change_summary.strip(),
        change_reason=change_reason.strip(),
        created_by=author,
    )
    for position, row in enumerate(a for a in activities if a.get("description") or a.get("module_slug")):
        version.activities.append(PlanActivity(
            position=position,
            description=(row.get("description") or "").strip(),
            quantity=row.get("quantity") or None,
            frequency=row.get("frequency") or Frequency.WEEK,
            module_slug=row.get("module_slug") or "",
        ))
    order = {p.value: i for i, p in enumerate(Phase)}
    for row in phases:
        if row.get("start_on") or row.get("end_on"):
            version.phases.append(PlannedPhase(
                position=order[row["phase"]], phase=row["phase"], start_on=row.get("start_on"),
                end_on=row.get("end_on"),
            ))
    db.session.add(version)
    trajectory.weekly_target = weekly_target
    db.session.flush()
    return version


def revise_target(
    trajectory: Trajectory, author: User | None, *, weekly_target: int, effective_from: date, reason: str
) -> PlanVersion:
    """A revision that changes only the weekly target, from a date on; the rest is carried over.

    This is how a target changes once a plan exists: weeks before `effective_from` keep the
    target they had, and the candidate and employer confirm the new version.
    """
    base = latest_version(trajectory)
    if base is None:
        raise PlanError("Stel eerst het plan van aanpak op; daarin leg je het doel vast.")
    if weekly_target == base.weekly_target:
        raise PlanError(f"Het doel is al {weekly_target} per week.")
    return publish_version(
        trajectory, author, goals=base.goals, weekly_target=weekly_target, effective_from=effective_from,
        activities=[{"description": a.description, "quantity": a.quantity, "frequency": a.frequency,
                     "module_slug": a.module_slug} for a in base.activities],
        phases=[{"phase": p.phase, "start_on": p.start_on, "end_on": p.end_on} for p in base.phases],
        change_summary=f"Sollicitatiedoel van {base.weekly_target} naar {weekly_target} per week.",
        change_reason=reason,
    )


def party_for(user: User, trajectory: Trajectory) -> Party | None:
    """The party a user confirms for: the trajectory's own candidate or its employer's contact."""
    if not can(user, "plan.confirm", trajectory):
        return None
    return Party.CANDIDATE if user.role == Role.CANDIDATE else Party.EMPLOYER


def confirm_version(version: PlanVersion, user: User) -> PlanConfirmation:
    """Record that the user's party agrees with this (latest) version."""
    trajectory = version.trajectory
    party = party_for(user, trajectory)
    if party is None:
        raise PlanError("Alleen de kandidaat en de werkgever van dit traject bevestigen het plan.")
    latest = latest_version(trajectory)
    if latest is None or latest.id != version.id:
        raise PlanError("Er is een nieuwere versie van het plan. Bevestig die versie.")
    if version.confirmation_by(party) is not None:
        raise PlanError("Deze versie is al bevestigd.")
    confirmation = PlanConfirmation(version=version, party=party, user=user)
    db.session.add(confirmation)
    db.session.flush()
    return confirmation


def add_view(version: PlanVersion, user: User, body: str) -> PlanView:
    """The candidate's or employer's written view on a version."""
    party = party_for(user, version.trajectory)
    if party is None:
        raise PlanError("Alleen de kandidaat en de werkgever schrijven een zienswijze.")
    view = PlanView(version=version, party=party, author=user, body=body.strip())
    db.session.add(view)
    db.session.flush()
    return view


def awaiting(version: PlanVersion | None, party: Party | str) -> bool:
    return version is not None and version.confirmation_by(str(party)) is None


def latest_versions_for(trajectory_ids: Iterable[int]) -> dict[int, PlanVersion]:
    """The latest version per trajectory, with confirmations, in two queries."""
    ids = list(trajectory_ids)
    if not ids:
        return {}
    newest = (
        select(PlanVersion.trajectory_id, func.max(PlanVersion.number).label("number"))
        .where(PlanVersion.trajectory_id.in_(ids))
        .group_by(PlanVersion.trajectory_id)
        .subquery()
    )
    versions = db.session.scalars(
        select(PlanVersion)
        .join(newest, (newest.c.trajectory_id == PlanVersion.trajectory_id) & (newest.c.number == PlanVersion.number))
        .options(selectinload(PlanVersion.confirmations))
    )
    return {v.trajectory_id: v for v in versions}


def _dates(phase: PlannedPhase) -> str:
    if phase.start_on and phase.end_on:
        return f"{date_nl(phase.start_on)} – {date_nl(phase.end_on)}"
    return f"vanaf {date_nl(phase.start_on)}" if phase.start_on else f"tot {date_nl(phase.end_on)}"


def snapshot(version: PlanVersion) -> dict:
    """The comparable content of a version (what the diff looks at)."""
    return {
        "weekly_target": version.weekly_target,
        "effective_from": date_nl(version.effective_from),
        "goals": version.goals,
        "activities": [activity_label(a) for a in version.activities],
        "phases": {p.phase: _dates(p) for p in version.phases},
        "phase_labels": {p.value: p.label for p in Phase},
    }


def diff_versions(old: PlanVersion, new: PlanVersion) -> VersionDiff:
    """What changed from one version to the next."""
    return diff_plans(snapshot(old), snapshot(new))


# --- phases ------------------------------------------------------------------------------

@dataclass(frozen=True)
class PhaseInfo:
    code: str
    label: str
    since: date
    note: str = ""
    changed_by: str = ""


def _info(change: PhaseChange) -> PhaseInfo:
    return PhaseInfo(
        code=change.phase, label=Phase(change.phase).label, since=change.started_on, note=change.note,
        changed_by=change.changed_by.name if change.changed_by else "",
    )


def _phase_changes(trajectory_ids: list[int]) -> list[PhaseChange]:
    return list(db.session.scalars(
        select(PhaseChange)
        .where(PhaseChange.trajectory_id.in_(trajectory_ids))
        .options(joinedload(PhaseChange.changed_by))
        .order_by(PhaseChange.trajectory_id, PhaseChange.started_on, PhaseChange.id)
    ))


def phase_history(trajectory: Trajectory) -> list[PhaseInfo]:
    """Every phase the trajectory entered, oldest first."""
    return [_info(c) for c in _phase_changes([trajectory.id])]


@dataclass(frozen=True)
class PhaseStep:
    """One phase of the method on the plan's timeline, with when it was entered (if ever)."""

    phase: Phase
    entries: tuple[PhaseInfo, ...]
    state: str  # "current", "done", "skipped" (passed over) or "upcoming"


def phase_timeline(history: list[PhaseInfo]) -> list[PhaseStep]:
    """Every phase of the method in order, so none is left out: entered phases with their
    dates, phases the trajectory passed over, and the ones still to come."""
    order = list(Phase)
    current = Phase(history[-1].code) if history else None
    steps = []
    for phase in order:
        entries = tuple(p for p in history if p.code == phase)
        if phase == current:
            state = "current"
        elif entries:
            state = "done"
        elif current is not None and order.index(phase) < order.index(current):
            state = "skipped"
        else:
            state = "upcoming"
        steps.append(PhaseStep(phase, entries, state))
    return steps


def current_phase(trajectory: Trajectory) -> PhaseInfo | None:
    """The phase the trajectory is in now (the latest change), or None before the first."""
    history = phase_history(trajectory)
    return history[-1] if history else None


def current_phases_for(trajectory_ids: Iterable[int]) -> dict[int, PhaseInfo]:
    """The current phase of many trajectories in one query (lists and dashboards)."""
    result: dict[int, PhaseInfo] = {}
    ids = list(trajectory_ids)
    for change in _phase_changes(ids) if ids else []:
        result[change.trajectory_id] = _info(change)
    return result


def change_phase(trajectory: Trajectory, phase: Phase | str, started_on: date, user: User | None, note: str = "") -> PhaseChange:
    """Move the trajectory to a phase from a date on; earlier changes stay in the history."""
    phase = Phase(phase)
    current = current_phase(trajectory)
    if current is not None and started_on < current.since:
        raise PlanError("Een nieuwe fase kan niet beginnen vóór de huidige fase.")
    if current is not None and current.code == phase:
        raise PlanError(f"Het traject zit al in de fase {phase.label}.")
    change = PhaseChange(
        trajectory_id=trajectory.id, phase=phase, started_on=started_on, note=note.strip(), changed_by=user
    )
    db.session.add(change)
    db.session.flush()
    return change


# --- what the employer may see -----------------------------------------------------------

@dataclass
class PlanSummary:
    """The plan as the employer may read it: no intake, no personal notes."""

    version_number: int | None = None
    effective_from: date | None = None
    goals: str = ""
    weekly_target: int | None = None
    activities: list[str] = field(default_factory=list)
    planned_phases: list[tuple[str, date | None, date | None]] = field(default_factory=list)
    confirmations: list[tuple[str, str, datetime]] = field(default_factory=list)  # party, name, when
    awaiting: list[str] = field(default_factory=list)  # party labels still to confirm
    current_phase: PhaseInfo | None = None
    phase_history: list[PhaseInfo] = field(default_factory=list)
    versions: int = 0


def plan_summary_for_employer(trajectory: Trajectory, as_of: date | None = None) -> PlanSummary:
    """Plan goals, activities, phases and confirmations of the latest version (no intake notes).

    `as_of`: the version in force on that day (the newest effective on or before it) and the
    phases started by then; a report states the plan of its own period."""
    versions = versions_for(trajectory)
    history = phase_history(trajectory)
    if as_of is not None:
        versions = [v for v in versions if v.effective_from <= as_of]
        history = [p for p in history if p.since <= as_of]
    summary = PlanSummary(current_phase=history[-1] if history else None, phase_history=history)
    if not versions:
        return summary
    latest = versions[-1]
    summary.version_number = latest.number
    summary.effective_from = latest.effective_from
    summary.goals = latest.goals
    summary.weekly_target = latest.weekly_target
    summary.activities = [activity_label(a) for a in latest.activities]
    summary.planned_phases = [(p.label, p.start_on, p.end_on) for p in latest.phases]
    summary.confirmations = [
        (c.party_label, c.user.name if c.user else "", c.confirmed_at) for c in latest.confirmations
    ]
    summary.awaiting = [p.label for p in Party if latest.confirmation_by(p) is None]
    summary.versions = len(versions)
    return summary
