"""What an employer contact sees of their organisation's trajectories: progress, never health."""

from __future__ import annotations

from portal.auth.models import User
from portal.trajectory.models import Trajectory, TrajectoryStatus
from portal.trajectory.services import trajectories_for


def employer_trajectories(user: User) -> list[Trajectory]:
    """The organisation's trajectories, running ones first."""
    order = {TrajectoryStatus.ACTIVE: 0, TrajectoryStatus.PAUSED: 1, TrajectoryStatus.PLACED: 2, TrajectoryStatus.CLOSED: 3}
    return sorted(trajectories_for(user), key=lambda t: (order.get(t.status, 9), t.candidate.name))


def note_text(note) -> tuple[str, bool]:
    """(content, is_html) of a shared note, whatever the advisor feature calls the field; nothing once retracted."""
    if getattr(note, "retracted_at", None) is not None:
        return "", False
    for name in ("body_html", "text_html", "content_html"):
        value = getattr(note, name, None)
        if value:
            return value, True
    for name in ("body", "text", "content"):
        value = getattr(note, name, None)
        if value:
            return value, False
    return "", False


def note_date(note):
    for name in ("shared_at", "created_at", "updated_at"):
        value = getattr(note, name, None)
        if value is not None:
            return value
    return None
