"""Bureau administration pages."""

from __future__ import annotations

import io

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select

from portal import bureau as bureau_settings
from portal.admin import bp, invitations
from portal.admin.forms import BureauForm, OrganisationForm, TrajectoryForm, UserForm
from portal.admin.services import save_organisation, save_user
from portal.audit import services as audit
from portal.audit.models import AuditAction
from portal.auth import services as accounts
from portal.auth.forms import InviteForm
from portal.auth.models import ROLE_LABELS, Organisation, Role, User
from portal.extensions import db
from portal.forms import ActionForm
from portal.mail.models import OutboxMessage
from portal.policy import can_invite, can_manage_accounts, role_required, visible_trajectories
from portal.registry import add_home_panel, add_nav
from portal.trajectory.models import Trajectory, TrajectoryStatus
from portal.trajectory.services import create_trajectory

add_nav("Gebruikers", "admin.users", ["admin"], order=80)
add_nav("Werkgevers", "admin.organisations", ["admin"], order=81)
add_nav("Bureau", "admin.bureau", ["admin"], order=82)
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
        user = invitations.invite_user(current_user, form.email.data, form.name.data, form.role.data, organisation)
        user.is_case_manager = form.role.data == Role.ADVISOR and form.is_case_manager.data
        db.session.commit()
        flash(f"Uitnodiging verstuurd naar {user.email}.", "success")
        if user.role == Role.CANDIDATE and can_manage_accounts(current_user):
            flash("Volgende stap: maak het traject van deze kandidaat aan.", "info")
            return redirect(url_for("admin.new_trajectory", kandidaat=user.id))
        if user.role == Role.CANDIDATE:
            flash("Volgende stap: de beheerder van het bureau maakt het traject aan; daarna ziet "
                  "de kandidaat het na het inloggen.", "info")
        return redirect(url_for("admin.invite"))
    return render_template("admin/invite.html", form=form, bureau=bureau_settings.name_for_mail(),
                           bureau_configured=bool(bureau_settings.name()))


@bp.post("/gebruikers/<int:user_id>/opnieuw-uitnodigen")
@role_required(Role.ADMIN)
def reinvite(user_id: int):
    form = ActionForm()
    user = db.session.get(User, user_id)
    if user is None or not form.validate_on_submit():
        abort(404)
    invitations.send_invite(user, current_user)
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
        save_organisation(None, name=form.name.data, city=form.city.data or "", kvk_number=_kvk_or_none(form))
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


def _kvk_or_none(form) -> str | None:
    return (form.kvk_number.data or "").strip() or None


@bp.route("/werkgevers/<int:organisation_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_organisation(organisation_id: int):
    """Correct an employer's name, place or KvK number (audited)."""
    organisation = db.session.get(Organisation, organisation_id) or abort(404)
    form = OrganisationForm(obj=organisation, organisation_id=organisation.id)
    if form.validate_on_submit():
        save_organisation(organisation, name=form.name.data, city=form.city.data or "", kvk_number=_kvk_or_none(form))
        db.session.commit()
        flash(f"Werkgever {organisation.name} opgeslagen.", "success")
        return redirect(url_for("admin.organisations"))
    return render_template("admin/organisation_form.html", form=form, organisation=organisation)


@bp.route("/gebruikers/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_user(user_id: int):
    """Correct a name or role (refused when data would be orphaned); a new e-mail address
    takes effect once its owner confirms it. Audited."""
    user = db.session.get(User, user_id) or abort(404)
    form = UserForm(obj=user, user=user)
    if form.validate_on_submit():
        new_email = accounts.normalise_email(form.email.data)
        message = f"{form.name.data.strip()} opgeslagen."
        if new_email != user.email:
            message += f" Het nieuwe e-mailadres geldt zodra {new_email} de bevestigingsmail heeft gevolgd."
        save_user(user, name=form.name.data, role=form.role.data, new_email=new_email, by=current_user)
        db.session.commit()
        flash(message, "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user)


def _open_candidates():
    """Candidates without a trajectory that is not closed: the ones a new trajectory may have."""
    busy = select(Trajectory.candidate_id).where(Trajectory.status != TrajectoryStatus.CLOSED.value)
    return db.session.scalars(
        select(User).where(User.role == Role.CANDIDATE, User.id.not_in(busy)).order_by(User.name)).all()


@bp.route("/trajecten/nieuw", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_trajectory():
    """The guided "Nieuw traject": employer (pick or add), candidate (pick or invite),
    advisors, dates checked against the Poortwachter calendar, target; in one go."""
    form = TrajectoryForm()
    form.candidate_id.choices = [(0, "— kies, of nodig hieronder uit —")] + [
        (u.id, f"{u.name} ({u.email})") for u in _open_candidates()]
    form.advisor_ids.choices = [(u.id, u.name) for u in db.session.scalars(
        select(User).where(User.role == Role.ADVISOR, User.active.is_(True)).order_by(User.name))]
    form.employer_id.choices = [(0, "— kies, of vul hieronder een nieuwe in —")] + [
        (o.id, o.name) for o in db.session.scalars(select(Organisation).order_by(Organisation.name))
    ]
    if request.method == "GET" and (wanted := request.args.get("kandidaat", type=int)):
        form.candidate_id.data = wanted  # the next step after inviting a candidate
    if form.validate_on_submit():
        employer = (db.session.get(Organisation, form.employer_id.data) if form.employer_id.data else
                    save_organisation(None, name=form.new_employer_name.data, city=form.new_employer_city.data or "",
                                      kvk_number=None))
        if form.candidate_id.data:
            candidate = db.session.get(User, form.candidate_id.data)
        else:
            candidate = invitations.invite_user(current_user, form.new_candidate_email.data,
                                                form.new_candidate_name.data, Role.CANDIDATE, send=False)
        db.session.flush()
        # dict.fromkeys: a repeated advisor_ids value (a crafted POST) counts once, in order
        advisors = [db.session.get(User, i) for i in dict.fromkeys(form.advisor_ids.data)]
        trajectory = create_trajectory(
            candidate, employer, [a for a in advisors if a], form.first_sick_day.data,
            form.spoor2_start.data, form.planned_end.data, form.weekly_target.data,
        )
        trajectory.late_start_reason = (form.late_start_reason.data or "").strip()
        if not form.candidate_id.data:
            db.session.flush()
            invitations.send_invite(candidate, current_user)  # now the mail can name the trajectory
        db.session.commit()
        invited = "" if form.candidate_id.data else f" {candidate.name} heeft een uitnodiging gekregen."
        flash(f"Traject {trajectory.reference} aangemaakt.{invited}", "success")
        return redirect(url_for("trajectory.show", trajectory_id=trajectory.id))
    return render_template("admin/trajectory_form.html", form=form)


@bp.route("/bureau", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def bureau():
    """The bureau's name and logo: in its mails and on every PDF (audited)."""
    stored = bureau_settings.settings()
    form = BureauForm(name=bureau_settings.name())
    if form.validate_on_submit():
        bureau_settings.save(current_user, new_name=form.name.data, logo=form.logo_bytes, logo_type=form.logo_type,
                             remove_logo=bool(form.remove_logo.data))
        changed = "naam" + (", logo weggehaald" if form.remove_logo.data else ", nieuw logo" if form.logo_bytes else "")
        audit.record(AuditAction.CHANGE, detail=f"bureau-instellingen: {changed}")
        db.session.commit()
        flash("De gegevens van het bureau zijn opgeslagen. Nieuwe PDF's en e-mails gebruiken ze.", "success")
        return redirect(url_for("admin.bureau"))
    return render_template("admin/bureau.html", form=form, has_logo=bool(stored is not None and stored.logo))


@bp.get("/bureau/logo")
@role_required(Role.ADMIN)
def bureau_logo():
    """The uploaded logo, for the settings page's preview (admins only)."""
    stored = bureau_settings.settings()
    if stored is None or not stored.logo:
        abort(404)
    return send_file(io.BytesIO(stored.logo), mimetype=stored.logo_type, max_age=0)


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
