"""Views: recording milestones, pauses, the notification list and reminder preferences."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.auth.services import is_safe_next
from portal.clock import local_today
from portal.domain import timeline as tl
from portal.extensions import db
from portal.forms import ActionForm, refuse_stale
from portal.policy import require, trajectory_or_404
from portal.registry import add_home_panel, add_nav
from portal.timeline import bp, services
from portal.timeline.forms import (
    EndPauseForm,
    MilestoneRecordForm,
    PauseCategoryForm,
    PauseForm,
    preference_form_class,
)
from portal.timeline.models import REMINDERS_FOR_ROLE, MilestoneRecord, Notification
from portal.trajectory.models import Pause

# --- milestones ------------------------------------------------------------------------------

@bp.route("/trajecten/<int:trajectory_id>/mijlpalen", methods=["GET", "POST"])
@login_required
def milestones(trajectory_id: int):
    """The advisor records when a Poortwachter step happened."""
    trajectory = trajectory_or_404(trajectory_id, "trajectory.edit")
    form = MilestoneRecordForm()
    form.code.choices = services.recordable_choices(trajectory)
    if request.method == "GET" and request.args.get("stap") in dict(form.code.choices):
        form.code.data = request.args["stap"]
    if form.validate_on_submit():
        services.record_milestone(trajectory, form.code.data, form.done_on.data, current_user, form.note.data or "")
        db.session.commit()
        flash(f"Vastgelegd: {tl.record_label(form.code.data)}.", "success")
        return redirect(url_for("trajectory.show", trajectory_id=trajectory.id) + "#mijlpalen")
    views = services.milestone_overview(trajectory, local_today())
    return render_template("timeline/milestones.html", trajectory=trajectory, form=form,
                           views=[v for v in views if tl.is_recordable(v.milestone.code)])


@bp.route("/mijlpalen/<int:record_id>", methods=["GET", "POST"])
@login_required
def edit_record(record_id: int):
    """Correct a recorded step (date or note)."""
    record = db.session.get(MilestoneRecord, record_id) or abort(404)
    trajectory = require(current_user, "trajectory.edit", record.trajectory)
    form = MilestoneRecordForm(obj=record)
    form.code.choices = [(record.code, tl.record_label(record.code))]
    stale = form.is_submitted() and refuse_stale(form, record.version, MilestoneRecordForm(formdata=None, obj=record))
    if form.validate_on_submit() and not stale:
        services.record_milestone(trajectory, record.code, form.done_on.data, current_user, form.note.data or "")
        db.session.commit()
        flash(f"Bijgewerkt: {tl.record_label(record.code)}.", "success")
        return redirect(url_for("trajectory.show", trajectory_id=trajectory.id) + "#mijlpalen")
    return render_template("timeline/edit_record.html", trajectory=trajectory, record=record, form=form)


# --- pauses ----------------------------------------------------------------------------------

@bp.route("/trajecten/<int:trajectory_id>/pauzes", methods=["GET", "POST"])
@login_required
def pauses(trajectory_id: int):
    """List, add and end pauses of a trajectory."""
    trajectory = trajectory_or_404(trajectory_id, "pauses.edit")
    form = PauseForm()
    form.spoor2_start = trajectory.spoor2_start
    if form.validate_on_submit():
        clash = services.overlapping_pause(trajectory, form.start_date.data, form.end_date.data)
        if clash:
            form.start_date.errors.append(
                f"Deze periode overlapt met de pauze vanaf {_d(clash.start_date)}. Pas die pauze aan of kies andere data."
            )
        else:
            services.add_pause(trajectory, form.start_date.data, form.end_date.data, form.reason.data, current_user,
                               employer_category=form.employer_category.data)
            db.session.commit()
            flash("De pauze is vastgelegd. De wettelijke data van het traject blijven gelijk.", "success")
            return redirect(url_for("timeline.pauses", trajectory_id=trajectory.id))
    return render_template("timeline/pauses.html", trajectory=trajectory, form=form,
                           end_form=EndPauseForm(formdata=None), category_form=PauseCategoryForm(formdata=None),
                           today=local_today())


@bp.post("/pauzes/<int:pause_id>/categorie")
@login_required
def pause_category(pause_id: int):
    """Change what the employer and the candidate see of a pause (the reason stays internal)."""
    pause = db.session.get(Pause, pause_id) or abort(404)
    trajectory = require(current_user, "pauses.edit", pause.trajectory)
    form = PauseCategoryForm()
    if form.validate_on_submit():
        pause.employer_category = form.employer_category.data
        db.session.commit()
        flash(f"De werkgever ziet deze pauze nu als: {pause.category_label}.", "success")
    else:
        flash("Kies een van de omschrijvingen voor de werkgever.", "error")
    return redirect(url_for("timeline.pauses", trajectory_id=trajectory.id))


@bp.post("/pauzes/<int:pause_id>/beeindigen")
@login_required
def end_pause(pause_id: int):
    """Close a running pause on the given date."""
    pause = db.session.get(Pause, pause_id) or abort(404)
    trajectory = require(current_user, "pauses.edit", pause.trajectory)
    form = EndPauseForm()
    if pause.end_date is not None:
        flash("Deze pauze is al beëindigd.", "info")
    elif not form.validate_on_submit() or form.end_date.data < pause.start_date:
        flash("Kies een geldige einddatum, op of na de begindatum van de pauze.", "error")
    elif services.overlapping_pause(trajectory, pause.start_date, form.end_date.data, exclude_id=pause.id):
        flash("Die einddatum laat de pauze overlappen met een latere pauze.", "error")
    else:
        services.end_pause(pause, form.end_date.data)
        db.session.commit()
        flash(f"De pauze is beëindigd per {_d(form.end_date.data)}.", "success")
    return redirect(url_for("timeline.pauses", trajectory_id=trajectory.id))


def _d(day):
    from portal.core.templating import date_nl

    return date_nl(day)


# --- notifications ---------------------------------------------------------------------------

@bp.get("/meldingen")
@login_required
def notifications():
    """The user's own notifications, newest first."""
    before = request.args.get("voor", type=int)
    if before is not None and not 0 < before < 2**31:
        before = None  # a bad or out-of-range cursor shows the first page
    items, next_before = services.notifications_page(current_user, before_id=before)
    return render_template("timeline/notifications.html", items=items, next_before=next_before,
                           unread=services.unread_count(current_user), action_form=ActionForm())


@bp.post("/meldingen/<int:notification_id>/gelezen")
@login_required
def read_notification(notification_id: int):
    """Mark one notification read; with open=1 go straight to what it is about."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    services.mark_read(notification)
    db.session.commit()
    if request.form.get("open") and is_safe_next(notification.url):
        return redirect(notification.url)
    return redirect(url_for("timeline.notifications"))


@bp.post("/meldingen/alles-gelezen")
@login_required
def read_all():
    services.mark_all_read(current_user)
    db.session.commit()
    flash("Alle meldingen zijn gelezen.", "success")
    return redirect(url_for("timeline.notifications"))


@bp.route("/meldingen/voorkeuren", methods=["GET", "POST"])
@login_required
def preferences():
    """Which reminders the user gets, by e-mail and in the portal."""
    kinds = REMINDERS_FOR_ROLE.get(current_user.role, ())
    form = preference_form_class(kinds)()
    stored = services.preferences_for([current_user.id])[current_user.id]
    if request.method == "GET":
        for kind in kinds:
            chosen = services.channels(stored, kind)
            form[f"{kind}_email"].data = chosen.email
            form[f"{kind}_portal"].data = chosen.portal
    if form.validate_on_submit():
        for kind in kinds:
            services.set_preference(current_user, kind, form[f"{kind}_email"].data, form[f"{kind}_portal"].data)
        db.session.commit()
        flash("Je voorkeuren voor herinneringen zijn opgeslagen.", "success")
        return redirect(url_for("timeline.preferences"))
    return render_template("timeline/preferences.html", form=form, kinds=kinds)


def _notifications_panel(user):
    count = services.unread_count(user)
    return {"unread": count} if count else None


add_nav("Meldingen", "timeline.notifications", ["candidate", "advisor", "admin", "employer"], order=95,
        badge=services.unread_count)
add_home_panel("timeline/_panel_notifications.html", ["candidate", "advisor", "admin", "employer"],
               _notifications_panel, order=5)

from portal.timeline import demo  # noqa: E402,F401
