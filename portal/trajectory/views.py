"""The list of visible trajectories and one trajectory's page."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from portal.clock import local_today
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
    """The trajectory page: data, the Poortwachter timeline for this audience, pauses."""
    from portal.timeline.services import due_next, milestone_overview, recorded_milestones_for

    trajectory = trajectory_or_404(trajectory_id)
    today = local_today()
    audience = {"candidate": "candidate", "employer": "employer"}.get(current_user.role, "advisor")
    records = recorded_milestones_for([trajectory.id])[trajectory.id]
    views = milestone_overview(trajectory, today, audience, records=records)
    pauses = trajectory.pause_periods
    week_number = timeline.sick_week_number(trajectory.first_sick_day, today)
    items = [(v.milestone.window_start or v.milestone.due, 1, "milestone", v) for v in views]
    # A pause that ended before spoor 2 started (recorded before pauses were checked)
    # says nothing about spoor 2: leave it out of the timeline.
    shown_pauses = [p for p in trajectory.pauses if p.end_date is None or p.end_date >= trajectory.spoor2_start]
    items += [(p.start_date, 0, "pause", p) for p in shown_pauses]
    items += [(e.on, 1, "plan", e) for e in _plan_events(trajectory, audience)]
    items.append((today, 2, "today", None))
    items.sort(key=lambda item: (item[0], item[1]))
    return render_template(
        "trajectory/show.html",
        trajectory=trajectory,
        views=views,
        items=items,
        due=due_next(views),
        open_views=[v for v in views if v.state == timeline.MilestoneState.OPEN],
        missed=[v for v in views if v.state == timeline.MilestoneState.MISSED],
        strip=timeline.week_strip(trajectory.first_sick_day, today, pauses, [v.milestone for v in views],
                                  trajectory.spoor2_start),
        paused_now=any(p.contains(today) for p in pauses),
        today=today,
        week_number=week_number,
        waiting_weeks=timeline.WAITING_PERIOD_WEEKS,
        spoor2_end=timeline.spoor2_end(trajectory.first_sick_day, pauses),
        audience=audience,
        shown_pauses=shown_pauses,
        target_now=_target_now(trajectory, today),
        recordable={v.milestone.code for v in views if timeline.is_recordable(v.milestone.code)},
    )


def _plan_events(trajectory, audience: str) -> list:
    """Phase changes, placement and aftercare from the plan feature."""
    from portal.plan.casework import timeline_events
    from portal.policy import can

    return timeline_events(trajectory, audience) if can(current_user, "plan.view", trajectory) else []
def _target_now(trajectory, today) -> int:
    """The weekly target in force this week (the plan's version, else the trajectory's)."""
    from portal.domain.weeks import Week
    from portal.plan.services import target_for

    return target_for(trajectory)(Week.of(today))


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


def _not_started_panel(user):
    """Before the trajectory starts: when it starts and what the candidate can do first."""
    from portal.policy import current_trajectory

    trajectory = current_trajectory(user)
    today = local_today()
    if trajectory is None or trajectory.spoor2_start <= today:
        return None
    return {"trajectory": trajectory, "days": (trajectory.spoor2_start - today).days}


def _staff_panel(user):
    items = trajectories_for(user)
    return {"trajectories": items[:8], "count": len(items)}


add_nav("Tijdlijn", "trajectory.mine", ["candidate"], order=25)
from portal.registry import add_home_panel  # noqa: E402

add_home_panel("trajectory/_panel_candidate.html", ["candidate"], _candidate_panel, order=90)
add_home_panel("trajectory/_panel_not_started.html", ["candidate"], _not_started_panel, order=1)
# Advisors see their caseload panel and employers their own trajectories panel: only the
# admin needs this list (it duplicated those panels).
add_home_panel("trajectory/_panel_staff.html", ["admin"], _staff_panel, order=10)
# Employers get their own panel (portal/employer): one list, not the same trajectories twice.
add_home_panel("trajectory/_panel_staff.html", ["advisor", "admin"], _staff_panel, order=10)
