"""Creating and reading trajectories."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from portal.auth.models import Organisation, User
from portal.domain import timeline
from portal.extensions import db
from portal.policy import visible_trajectories
from portal.request_memo import remembered
from portal.trajectory.models import Trajectory, TrajectoryStatus


def next_reference(year: int) -> str:
    """A human reference such as "TS-2026-0042", unique per year."""
    prefix = f"TS-{year}-"
    count = db.session.scalar(
        select(func.count()).select_from(Trajectory).where(Trajectory.reference.like(prefix + "%"))
    )
    number = count + 1
    while db.session.scalar(select(Trajectory.id).where(Trajectory.reference == f"{prefix}{number:04d}")):
        number += 1
    return f"{prefix}{number:04d}"


def create_trajectory(
    candidate: User,
    employer: Organisation,
    advisors: list[User],
    first_sick_day: date,
    spoor2_start: date,
    planned_end: date | None = None,
    weekly_target: int = 2,
    reference: str | None = None,
) -> Trajectory:
    """A new active trajectory; the planned end defaults to the end of the waiting period."""
    trajectory = Trajectory(
        reference=reference or next_reference(spoor2_start.year),
        candidate=candidate,
        employer=employer,
        first_sick_day=first_sick_day,
        spoor2_start=spoor2_start,
        planned_end=planned_end or timeline.waiting_period_end(first_sick_day),
        weekly_target=weekly_target,
        status=TrajectoryStatus.ACTIVE,
    )
    trajectory.advisors = list(advisors)
    db.session.add(trajectory)
    return trajectory


def trajectories_for(user, status: str | None = None, *, with_advisors: bool = True) -> list[Trajectory]:
    """The trajectories the user may see, with people, employer and pauses loaded in one go.

    Remembered for the request: several home-page panels ask for the same list. Pages that
    do not show the advisors (the caseload) leave them out.
    """
    return list(remembered(("trajectories_for", getattr(user, "id", None), status, with_advisors),
                           lambda: _load_trajectories_for(user, status, with_advisors)))


def _load_trajectories_for(user, status: str | None, with_advisors: bool) -> list[Trajectory]:
    query = visible_trajectories(user).options(
        joinedload(Trajectory.candidate, innerjoin=True),
        joinedload(Trajectory.employer, innerjoin=True),
        selectinload(Trajectory.pauses),
    )
    if with_advisors:
        query = query.options(selectinload(Trajectory.advisors))
    if status:
        query = query.where(Trajectory.status == status)
    return list(db.session.scalars(query.order_by(Trajectory.spoor2_start.desc(), Trajectory.id)))
