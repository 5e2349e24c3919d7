"""Authorization: the one place that answers "may this user do this to that object".

Every view goes through these functions. Access to anything that belongs to a trajectory
(diary entries, submissions, notes, appointments, plans, overviews) is decided by the
user's relation to that trajectory plus a named permission from PERMISSIONS. Objects the
user may not see answer 404, never 403, so their existence does not leak.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import Select, bindparam, case, select
from sqlalchemy.orm import joinedload, selectinload

from portal.auth.models import Role, User
from portal.extensions import db
from portal.prepared import get_by_id
from portal.request_memo import remembered
from portal.trajectory.models import Trajectory, TrajectoryStatus, trajectory_advisors

# Which trajectory-scoped permissions each role has, *given* that the user is related to the
# trajectory (own candidate, assigned advisor, contact of the employer, bureau admin).
_CANDIDATE = {
    "trajectory.view", "timeline.view",
    "diary.view", "diary.edit", "diary.import", "diary.attachments",
    "learning.view", "learning.submit",
    "jobs.view", "jobs.profile",
    "notes.shared_candidate", "notes.shared_employer",
    "appointments.view",
    "plan.view", "plan.confirm", "intake.view", "intake.prefill",
    "data.export_own", "audit.view_own",
    "progress.view", "progress.respond",
}
_ADVISOR = {
    "trajectory.view", "trajectory.edit", "timeline.view", "pauses.edit",
    "diary.view", "diary.import", "diary.attachments", "diary.review", "diary.view_deleted", "diary.restore",
    "learning.view", "learning.review",
    "jobs.view", "jobs.recommend", "jobs.profile",
    "notes.internal", "notes.shared_candidate", "notes.shared_employer", "notes.write",
    "appointments.view", "appointments.edit",
    "plan.view", "plan.edit", "intake.view", "intake.edit",
    "overview.view", "overview.download", "overview.summarise",
    "evidence.view",
    "progress.view", "progress.write",
}
_EMPLOYER = {
    "trajectory.view", "timeline.view",
    "diary.view_summary",  # application rows in overviews: no notes, no attachments
    "learning.progress",
    "notes.shared_employer",
    "contacts.summary",
    "plan.view", "plan.confirm",
    "overview.view", "overview.download",
    "progress.view", "progress.confirm",
}
_ADMIN = {
    "trajectory.view", "trajectory.edit", "timeline.view", "pauses.edit",
    "diary.view", "diary.view_deleted", "learning.view",
    "notes.internal", "notes.shared_candidate", "notes.shared_employer",
    "appointments.view", "plan.view", "intake.view",
    "overview.view", "overview.download", "overview.summarise", "evidence.view",
    "progress.view",
}
PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.CANDIDATE: frozenset(_CANDIDATE),
    Role.ADVISOR: frozenset(_ADVISOR),
    Role.EMPLOYER: frozenset(_EMPLOYER),
    Role.ADMIN: frozenset(_ADMIN),
}
ALL_PERMISSIONS = frozenset().union(*PERMISSIONS.values())


def _unwrap(user):
    """The user behind Flask-Login's `current_user` proxy: every attribute read through the
    proxy looks the user up again, and these checks run dozens of times per page."""
    get = getattr(user, "_get_current_object", None)
    return get() if get is not None else user


def has_role(user, *roles: Role | str) -> bool:
    user = _unwrap(user)
    return bool(user and user.is_authenticated and user.role in {str(r) for r in roles})


def is_related(user: User, trajectory: Trajectory) -> bool:
    """Whether the user belongs to this trajectory in their role's way."""
    user = _unwrap(user)
    if not (user and user.is_authenticated):
        return False
    role = user.role
    if role == Role.CANDIDATE:
        return trajectory.candidate_id == user.id
    if role == Role.ADVISOR:
        return any(a.id == user.id for a in trajectory.advisors)
    if role == Role.EMPLOYER:
        return user.organisation_id is not None and trajectory.employer_id == user.organisation_id
    return role == Role.ADMIN


def can(user, permission: str, trajectory: Trajectory | None) -> bool:
    """May `user` use `permission` on `trajectory`?"""
    if permission not in ALL_PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")
    user = _unwrap(user)
    if trajectory is None or not (user and user.is_authenticated):
        return False
    return permission in PERMISSIONS[Role(user.role)] and is_related(user, trajectory)


def require(user, permission: str, trajectory: Trajectory | None) -> Trajectory:
    """Return the trajectory when allowed, otherwise answer 404; every allowed access is audited."""
    if not can(user, permission, trajectory):
        abort(404)
    from portal.audit.services import record_access  # the audit trail (NEN 7513) starts here

    record_access(user, permission, trajectory)
    return trajectory


def trajectory_or_404(trajectory_id: int, permission: str = "trajectory.view", *, people: bool = False) -> Trajectory:
    """Load a trajectory for the current user, or 404 when it is missing or not theirs.

    `people=True` loads candidate, employer, advisors and pauses with it (pages that show
    them all: two statements instead of five).
    """
    if people:
        trajectory = db.session.execute(_trajectory_with_people(), {"id": trajectory_id}).unique().scalar_one_or_none()
    else:
        trajectory = get_by_id(Trajectory, trajectory_id)
    return require(current_user, permission, trajectory)


@cache
def _trajectory_with_people() -> Select:
    return select(Trajectory).where(Trajectory.id == bindparam("id")).options(
        joinedload(Trajectory.candidate, innerjoin=True), joinedload(Trajectory.employer, innerjoin=True),
        selectinload(Trajectory.advisors), selectinload(Trajectory.pauses))


def visible_trajectories(user) -> Select:
    """A SELECT of the trajectories this user may see (empty for strangers)."""
    query = select(Trajectory)
    role = user.role if user and user.is_authenticated else None
    if role == Role.CANDIDATE:
        return query.where(Trajectory.candidate_id == user.id)
    if role == Role.ADVISOR:
        return query.join(
            trajectory_advisors, trajectory_advisors.c.trajectory_id == Trajectory.id
        ).where(trajectory_advisors.c.advisor_id == user.id)
    if role == Role.EMPLOYER:
        return query.where(Trajectory.employer_id == (user.organisation_id or -1))
    if role == Role.ADMIN:
        return query
    return query.where(False)


def current_trajectory(user) -> Trajectory | None:
    """A candidate's own trajectory, else None.

    The open one (active, paused or placed) wins over a newer closed one; among equals
    the latest start wins.
    """
    if not has_role(user, Role.CANDIDATE):
        return None
    # Every panel of the home page asks; within one request the answer cannot change.
    return remembered(("current_trajectory", user.id), lambda: db.session.scalars(
        _current_trajectory_query(), {"candidate_id": user.id}).first())


@cache
def _current_trajectory_query() -> Select:
    closed_last = case((Trajectory.status == TrajectoryStatus.CLOSED.value, 1), else_=0)
    return (select(Trajectory).where(Trajectory.candidate_id == bindparam("candidate_id"))
            .order_by(closed_last, Trajectory.spoor2_start.desc(), Trajectory.id.desc()))


# --- non-trajectory objects -------------------------------------------------------------

def can_manage_accounts(user) -> bool:
    return has_role(user, Role.ADMIN)


def can_invite(user, role: Role | str) -> bool:
    """Admins invite anyone; advisors invite candidates and employer contacts."""
    if has_role(user, Role.ADMIN):
        return True
    return has_role(user, Role.ADVISOR) and str(role) in {Role.CANDIDATE, Role.EMPLOYER}


def can_manage_vacancies(user) -> bool:
    return has_role(user, Role.ADVISOR, Role.ADMIN)


def can_use_job_board(user) -> bool:
    return has_role(user, Role.CANDIDATE, Role.ADVISOR, Role.ADMIN)


def role_required(*roles: Role | str) -> Callable:
    """Decorator: logged in and one of `roles`, else 404 for the logged-in (401 otherwise)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not has_role(current_user, *roles):
                abort(404)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def template_helpers() -> dict:
    """The same predicates for templates, so a menu never offers what a view refuses.

    `can` remembers its answers for the one render (a candidate file asks the same
    question for every appointment and note it lists).
    """
    answers: dict = {}

    def can_in_template(permission: str, trajectory) -> bool:
        key = (permission, getattr(trajectory, "id", None), id(trajectory))
        if key not in answers:
            answers[key] = can(current_user, permission, trajectory)
        return answers[key]

    return {
        "can": can_in_template,
        "has_role": lambda *roles: has_role(current_user, *roles),
        "can_manage_accounts": lambda: can_manage_accounts(current_user),
        "can_manage_vacancies": lambda: can_manage_vacancies(current_user),
        "can_use_job_board": lambda: can_use_job_board(current_user),
        "Role": Role,
    }
