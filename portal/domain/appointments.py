"""Rules of appointments that need no database: overlaps, the calendar status, the default kind."""

from __future__ import annotations

from datetime import datetime, timedelta

# Appointment statuses and kinds as stored (portal.advisor.models holds the labels).
PLANNED, HELD, NO_SHOW, CANCELLED = "planned", "held", "no_show", "cancelled"
INTAKE, COACHING, EVALUATION = "intake", "coaching", "evaluation"

# Phases of the method (portal.plan.models.Phase) in which contacts are evaluations.
EVALUATION_PHASES = frozenset({"placement", "aftercare"})


def overlaps(start: datetime, minutes: int, other_start: datetime, other_minutes: int) -> bool:
    """True when [start, start + minutes) and the other interval share a moment."""
    return start < other_start + timedelta(minutes=other_minutes) and other_start < start + timedelta(minutes=minutes)


def ical_status(status: str, starts_at: datetime, now: datetime) -> str:
    """The iCalendar STATUS of an appointment in this state.

    Planned and still to come, or held: CONFIRMED. Planned but past without an outcome:
    TENTATIVE (nobody recorded that it took place). Cancelled or a no-show: CANCELLED.
    """
    if status in (CANCELLED, NO_SHOW):
        return "CANCELLED"
    if status == PLANNED and starts_at < now:
        return "TENTATIVE"
    return "CONFIRMED"


def default_kind(phase: str | None, intake_held: bool) -> str:
    """The kind a new appointment starts with: the intake first, evaluations once placed."""
    if not intake_held and phase is None:
        return INTAKE
    if phase in EVALUATION_PHASES:
        return EVALUATION
    return COACHING
