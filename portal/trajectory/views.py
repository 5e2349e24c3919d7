"""The list of visible trajectories and one trajectory's page."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from portal.core.templating import local_today
from portal.domain import timeline
from portal.policy import trajectory_or_404
from portal.registry import add_nav
from portal.trajectory import bp
from portal.trajectory.services import trajectories_for

add_nav("Trajecten", "trajectory.index", ["advisor", "employer", "admin"], order=20)


@bp.get("/trajecten")
@login_required
def index():
    items = trajectories_for(current_user)
    today = local_today()
    rows = [
        (t, timeline.next_milestone(
            timeline.poortwachter_milestones(t.first_sick_day, t.spoor2_start), today,
            audience="employer" if current_user.role == "employer" else "advisor"))
        for t in items
    ]
    return render_template("trajectory/index.html", rows=rows)


@bp.get("/trajecten/<int:trajectory_id>")
@login_required
def show(trajectory_id: int):
    trajectory = trajectory_or_404(trajectory_id)
    today = local_today()
    audience = {"candidate": "candidate", "employer": "employer"}.get(current_user.role, "advisor")
    milestones = [
        m for m in timeline.poortwachter_milestones(trajectory.first_sick_day, trajectory.spoor2_start)
        if m.concerns(audience)
    ]
    return render_template(
        "trajectory/show.html",
        trajectory=trajectory,
        milestones=milestones,
        next_milestone=timeline.next_milestone(milestones, today),
        today=today,
        week_number=timeline.sick_week_number(trajectory.first_sick_day, today),
    )


@bp.get("/mijn-traject")
@login_required
def mine():
    """A candidate's shortcut to their own trajectory page."""
    from flask import abort, redirect, url_for

    from portal.policy import current_trajectory

    trajectory = current_trajectory(current_user)
    if trajectory is None:
        abort(404)
    return redirect(url_for("trajectory.show", trajectory_id=trajectory.id))


def _candidate_panel(user):
    from portal.policy import current_trajectory

    trajectory = current_trajectory(user)
    if trajectory is None:
        return None
    today = local_today()
    milestones = timeline.poortwachter_milestones(trajectory.first_sick_day, trajectory.spoor2_start)
    return {
        "trajectory": trajectory,
        "next": timeline.next_milestone(milestones, today, audience="candidate"),
    }


def _staff_panel(user):
    items = trajectories_for(user)
    return {"trajectories": items[:8], "count": len(items)}


add_nav("Mijn traject", "trajectory.mine", ["candidate"], order=90)
from portal.registry import add_home_panel  # noqa: E402

add_home_panel("trajectory/_panel_candidate.html", ["candidate"], _candidate_panel, order=90)
add_home_panel("trajectory/_panel_staff.html", ["advisor", "employer", "admin"], _staff_panel, order=10)
