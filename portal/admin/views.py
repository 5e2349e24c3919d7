"""Bureau administration pages."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select

from portal.admin import bp
from portal.admin.forms import OrganisationForm, TrajectoryForm
from portal.auth import services as accounts
from portal.auth.forms import InviteForm
from portal.auth.models import ROLE_LABELS, Organisation, Role, User
from portal.extensions import db
from portal.forms import ActionForm
from portal.mail.models import OutboxMessage
from portal.policy import can_invite, can_manage_accounts, role_required, visible_trajectories
from portal.registry import add_home_panel, add_nav
from portal.trajectory.models import Trajectory
from portal.trajectory.services import create_trajectory

add_nav("Gebruikers", "admin.users", ["admin"], order=80)
add_nav("Werkgevers", "admin.organisations", ["admin"], order=81)
add_nav("Uitnodigen", "admin.invite", ["advisor"], order=85)


@bp.get("/gebruikers")
@role_required(Role.ADMIN)
def users():
    role = request.args.get("rol", "")
    q = (request.args.get("q") or "").strip()[:100]
    query = select(User).order_by(User.role, User.name)
    if role in {r.value for r in Role}:
        query = query.where(User.role == role)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(or_(func.lower(User.name).like(like), User.email.like(like)))
    return render_template(
        "admin/users.html", users=db.session.scalars(query.limit(500)).all(),
        roles=ROLE_LABELS, role=role, q=q, action_form=ActionForm(),
    )


@bp.route("/uitnodigen", methods=["GET", "POST"])
@login_required
def invite():
    """Admins invite anyone; advisors invite candidates and employer contacts."""
    if not (can_invite(current_user, Role.CANDIDATE)):
        abort(404)
    form = InviteForm()
    allowed = [r for r in Role if can_invite(current_user, r)]
    form.role.choices = [(r.value, ROLE_LABELS[r]) for r in allowed]
    orgs = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    if not can_manage_accounts(current_user):
        # An employer contact sees every trajectory of their organisation: an advisor may only
        # add contacts to employers of their own caseload, or they could read other advisors' files.
        own = select(Trajectory.employer_id).where(Trajectory.id.in_(
            visible_trajectories(current_user).with_only_columns(Trajectory.id)))
        orgs = [o for o in orgs if o.id in set(db.session.scalars(own))]
    form.organisation_id.choices = [(0, "— geen —")] + [(o.id, o.name) for o in orgs]
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation_id.data) if form.organisation_id.data else None
        if form.role.data != Role.EMPLOYER:
            organisation = None
        user = accounts.invite_user(current_user, form.email.data, form.name.data, form.role.data, organisation)
        user.is_case_manager = form.role.data == Role.ADVISOR and form.is_case_manager.data
        db.session.commit()
        flash(f"Uitnodiging verstuurd naar {user.email}.", "success")
        return redirect(url_for("admin.invite"))
    return render_template("admin/invite.html", form=form)


@bp.post("/gebruikers/<int:user_id>/opnieuw-uitnodigen")
@role_required(Role.ADMIN)
def reinvite(user_id: int):
    form = ActionForm()
    user = db.session.get(User, user_id)
    if user is None or not form.validate_on_submit():
        abort(404)
    accounts.send_invite(user, current_user)
    db.session.commit()
    flash(f"Nieuwe uitnodiging verstuurd naar {user.email}.", "success")
    return redirect(url_for("admin.users"))


@bp.post("/gebruikers/<int:user_id>/actief")
@role_required(Role.ADMIN)
def toggle_active(user_id: int):
    form = ActionForm()
    user = db.session.get(User, user_id)
    if user is None or not form.validate_on_submit() or user.id == current_user.id:
        abort(404)
    user.active = not user.active
    accounts.end_all_sessions(user)
    db.session.commit()
    flash(f"{user.name} is {'geactiveerd' if user.active else 'gedeactiveerd'}.", "success")
    return redirect(url_for("admin.users"))


@bp.route("/werkgevers", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def organisations():
    form = OrganisationForm()
    if form.validate_on_submit():
        db.session.add(Organisation(name=form.name.data.strip(), city=(form.city.data or "").strip()))
        db.session.commit()
        flash("Werkgever toegevoegd.", "success")
        return redirect(url_for("admin.organisations"))
    rows = db.session.execute(
        select(Organisation, func.count(User.id))
        .outerjoin(User, User.organisation_id == Organisation.id)
        .group_by(Organisation.id)
        .order_by(Organisation.name)
    ).all()
    return render_template("admin/organisations.html", form=form, rows=rows)


@bp.route("/trajecten/nieuw", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_trajectory():
    form = TrajectoryForm()
    people = lambda role: db.session.scalars(select(User).where(User.role == role).order_by(User.name)).all()  # noqa: E731
    form.candidate_id.choices = [(0, "— kies —")] + [(u.id, f"{u.name} ({u.email})") for u in people(Role.CANDIDATE)]
    form.advisor_ids.choices = [(u.id, u.name) for u in people(Role.ADVISOR)]
    form.employer_id.choices = [(0, "— kies —")] + [
        (o.id, o.name) for o in db.session.scalars(select(Organisation).order_by(Organisation.name))
    ]
    if form.validate_on_submit():
        candidate = db.session.get(User, form.candidate_id.data)
        employer = db.session.get(Organisation, form.employer_id.data)
        # dict.fromkeys: a repeated advisor_ids value (a crafted POST) counts once, in order
        advisors = [db.session.get(User, i) for i in dict.fromkeys(form.advisor_ids.data)]
        trajectory = create_trajectory(
            candidate, employer, [a for a in advisors if a], form.first_sick_day.data,
            form.spoor2_start.data, form.planned_end.data, form.weekly_target.data,
        )
        db.session.commit()
        flash(f"Traject {trajectory.reference} aangemaakt.", "success")
        return redirect(url_for("trajectory.show", trajectory_id=trajectory.id))
    return render_template("admin/trajectory_form.html", form=form)


@bp.get("/outbox")
@login_required
def outbox():
    """Development only: read the mails that would have been sent."""
    if not (current_app.config["SHOW_DEV_OUTBOX"] and can_manage_accounts(current_user)):
        abort(404)
    messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(100)).all()
    return render_template("admin/outbox.html", messages=messages)


def _admin_panel(user):
    counts = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
    return {"counts": counts, "labels": ROLE_LABELS}


add_home_panel("admin/_panel_admin.html", ["admin"], _admin_panel, order=5)
