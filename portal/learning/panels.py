"""Menu items, home panels and the demo seeder of the learning feature."""

from __future__ import annotations

from portal.clock import local_today
from portal.learning import services
from portal.learning.content import get_library
from portal.policy import current_trajectory, visible_trajectories
from portal.registry import add_demo_seeder, add_home_panel, add_nav

FEEDBACK_ON_HOME = 5


def _assignment_title(library, slug: str) -> str:
    assignment = library.assignment(slug)
    return assignment.title if assignment is not None else slug


def _candidate_panel(user):
    trajectory = current_trajectory(user)
    if trajectory is None:
        return None
    today = local_today()
    works = services.works_for(trajectory.id)
    due = services.open_assignments(trajectory, today, within_days=14, works=works)
    feedback = services.unseen_feedback(trajectory)  # newest first
    library = get_library()
    return {
        "due": due[:3],
        "overdue": sum(1 for d in due if d.overdue),
        "feedback": [(s, _assignment_title(library, s.work.assignment_slug)) for s in feedback[:FEEDBACK_ON_HOME]],
        "feedback_count": len(feedback),
        "statuses": services.module_statuses(trajectory.id, library=library, works=works),
    }


def _advisor_panel(user):
    ids = [t.id for t in services.db.session.scalars(visible_trajectories(user))]
    signals = services.assignment_signals_for(ids, local_today())
    return {
        "waiting": len(services.review_queue(user)),
        "overdue": sum(s.overdue for s in signals.values()),
    }


def _seed(ctx):
    from portal.learning.demo import seed_learning

    seed_learning(ctx)


add_nav("Leren", "learning.index", ["candidate"], order=40)
add_nav("Beoordelen", "learning.review_queue", ["advisor"], order=40)
add_home_panel("learning/_panel_candidate.html", ["candidate"], _candidate_panel, order=20)
add_home_panel("learning/_panel_advisor.html", ["advisor"], _advisor_panel, order=20)
add_demo_seeder("learning", _seed, order=40)
