"""The employer's home: their organisation's trajectories and overview downloads."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.auth.models import Role
from portal.casefile.employer import employer_attention, employer_rows, recent_period
from portal.casefile.mirror import employer_mirror
from portal.clock import local_today
from portal.employer import bp, services
from portal.extensions import db
from portal.forms import ActionForm
from portal.policy import current_trajectory, require, role_required
from portal.registry import add_home_panel, add_nav
from portal.reports.forms import OverviewForm
from portal.request_memo import remembered


@bp.get("/werkgever")
@role_required(Role.EMPLOYER)
def index():
    """Every trajectory of the organisation with progress, the shared note and a download form."""
    today = local_today()
    rows = employer_rows(services.employer_trajectories(current_user), today)
    return render_template("employer/index.html", rows=rows, today=today,
                           attention=employer_attention(rows, today),
                           recent=recent_period(today), form_class=OverviewForm,
                           note_text=services.note_text, note_date=services.note_date)


HOME_ROWS = 6


def _all_rows(user):
    # Both home panels read the same rows: worked out once per request, in a fixed number of queries.
    return remembered(("employer.rows", user.id),
                      lambda: employer_rows(services.employer_trajectories(user), local_today()))


def _home_panel(user):
    rows = _all_rows(user)
    return {"rows": rows[:HOME_ROWS], "count": len(rows), "note_text": services.note_text}


def _attention_panel(user):
    attention = employer_attention(_all_rows(user), local_today())
    return {"attention": attention} if attention else None


add_nav("Mijn organisatie", "employer.index", [Role.EMPLOYER], order=15)
add_home_panel("employer/_panel_attention.html", [Role.EMPLOYER], _attention_panel, order=1)
add_home_panel("employer/_panel_home.html", [Role.EMPLOYER], _home_panel, order=5)


# --- the candidate's mirror: exactly what her employer sees --------------------------------

@bp.get("/mijn-traject/werkgever")
@role_required(Role.CANDIDATE)
def candidate_view():
    """"Wat ziet mijn werkgever?": the employer's card, shared notes and summaries, and downloads."""
    trajectory = current_trajectory(current_user) or abort(404)
    mirror = employer_mirror(trajectory, local_today())
    return render_template("employer/candidate_view.html", trajectory=trajectory, mirror=mirror, row=mirror.row,
                           note_text=services.note_text, note_date=services.note_date,
                           action_form=ActionForm())


@bp.post("/mijn-traject/werkgever/notities/<int:note_id>/intrekken")
@role_required(Role.CANDIDATE)
def request_retraction(note_id: int):
    """The candidate asks her advisor to withdraw a note her employer reads."""
    from portal.advisor.models import Note
    from portal.advisor.services import request_retraction as ask

    note = db.session.get(Note, note_id)
    if note is None or note.deleted_at is not None:
        abort(404)
    require(current_user, "notes.shared_employer", note.trajectory)
    if ActionForm().validate_on_submit() and ask(note):
        db.session.commit()
        flash("Je adviseur ziet je verzoek om deze notitie in te trekken.", "success")
    return redirect(url_for("employer.candidate_view") + "#notities")


add_nav("Wat ziet mijn werkgever?", "employer.candidate_view", [Role.CANDIDATE], order=85)
