"""The employer's home: their organisation's trajectories and overview downloads."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from portal.auth.models import Role
from portal.core.templating import local_today
from portal.employer import bp, services
from portal.policy import role_required
from portal.registry import add_home_panel, add_nav
from portal.reports.forms import OverviewForm


@bp.get("/werkgever")
@role_required(Role.EMPLOYER)
def index():
    """Every trajectory of the organisation with progress, the shared note and a download form."""
    today = local_today()
    rows = services.employer_rows(services.employer_trajectories(current_user), today)
    return render_template("employer/index.html", rows=rows, today=today,
                           recent=services.recent_period(today), form_class=OverviewForm,
                           note_text=services.note_text, note_date=services.note_date)


HOME_ROWS = 6


def _home_panel(user):
    # The home shows the first few trajectories: only their rows are worked out.
    trajectories = services.employer_trajectories(user)
    rows = services.employer_rows(trajectories[:HOME_ROWS], local_today())
    return {"rows": rows, "count": len(trajectories), "note_text": services.note_text}


add_nav("Mijn organisatie", "employer.index", [Role.EMPLOYER], order=15)
add_home_panel("employer/_panel_home.html", [Role.EMPLOYER], _home_panel, order=5)
