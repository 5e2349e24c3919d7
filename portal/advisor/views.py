"""The advisor workspace: caseload dashboard, candidate file, contacts, notes, calendar."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal import employer_gate
from portal.advisor import bp, calendar, services
from portal.advisor.charts import weekly_effort_svg
from portal.advisor.forms import AppointmentForm, NoteForm, TargetChangeForm, TrajectoryDataForm
from portal.advisor.models import Appointment, AppointmentStatus, Note, NoteVisibility
from portal.auth.models import Role
from portal.casefile import candidate_file as casefile
from portal.casefile import caseload
from portal.casefile.evidence import load_evidence
from portal.clock import LOCAL_TZ, local_today
from portal.core.templating import datetime_nl
from portal.db_types import utcnow
from portal.diary.services import stale_days
from portal.domain.appointments import default_kind as default_appointment_kind
from portal.domain.evidence import Evidence
from portal.domain.weeks import Week
from portal.extensions import csrf, db
from portal.forms import ActionForm, refuse_stale
from portal.policy import current_trajectory, has_role, require, role_required, trajectory_or_404
from portal.registry import add_demo_seeder, add_home_panel, add_nav
from portal.timeline import events

bp.add_app_template_global(weekly_effort_svg, "weekly_effort_svg")
CHART_WEEKS = 26


# --- dashboard ---------------------------------------------------------------------------

@bp.get("/adviseur")
@role_required(Role.ADVISOR, Role.ADMIN)
def dashboard():
    """Every trajectory of the advisor with its signals, neediest first."""
    today = local_today()
    rows = caseload.caseload_rows(current_user, today)
    filters = caseload.Filters.parse(request.args)
    return render_template(
        "advisor/dashboard.html", rows=filters.apply(rows), total=len(rows), filters=filters,
        good_news=caseload.good_news(rows),
        counts=caseload.light_counts(rows), today=today,
        learning=any(r.signals.overdue_assignments is not None for r in rows),
    )


# --- candidate file ----------------------------------------------------------------------

def _target_form(today, formdata=None) -> TargetChangeForm:
    this_monday = Week.of(today).monday
    if formdata is None:
        return TargetChangeForm(formdata=None, effective_from=this_monday + timedelta(days=7),
                                earliest=this_monday)
    return TargetChangeForm(earliest=this_monday)


def _broaden_since(trajectory, today):
    """When a broader search profile became due and it was not updated since (else None)."""
    from portal.jobs import services as jobs

    return jobs.broadening_due(trajectory, jobs.search_profile_for(trajectory), today)


def _file_context(trajectory, data_form=None, target_form=None):
    from portal.plan import services as plan

    today = local_today()
    evidence = load_evidence(trajectory, today=today)
    target_now = plan.target_for(trajectory)(Week.of(today))
    start, end = casefile.window(request.args.get("tot"), today)
    older = start - timedelta(days=1)
    show_all = request.args.get("weken") == "alle"
    recent = evidence.weeks if show_all else evidence.weeks[-CHART_WEEKS:]
    chart = Evidence(start=recent[0].week.monday if recent else evidence.start, end=evidence.end, weeks=recent)
    return {
        "chart": chart,
        "show_all_weeks": show_all or len(evidence.weeks) <= CHART_WEEKS,
        "now_utc": utcnow(),
        "trajectory": trajectory,
        "today": today,
        "evidence": evidence,
        "unreviewed": casefile.unreviewed_weeks(evidence)[:12],
        "items": casefile.file_timeline(trajectory, start, end),
        "period": (start, end),
        "older_url": url_for("advisor.candidate_file", trajectory_id=trajectory.id, tot=older.isoformat())
        if older >= trajectory.spoor2_start - timedelta(weeks=8) else None,
        "newer_url": url_for("advisor.candidate_file", trajectory_id=trajectory.id,
                             tot=min(end + timedelta(weeks=casefile.PAGE_WEEKS), today).isoformat())
        if end < today else None,
        "pipeline": casefile.pipeline(trajectory, today),
        "stale_days": stale_days(),
        "upcoming": services.upcoming_appointments(trajectory),
        "appointments": services.appointments_of(trajectory)[:10],
        "notes": services.notes_for_advisor(trajectory),
        "changes": services.trajectory_changes(trajectory),
        "data_form": data_form or TrajectoryDataForm(obj=trajectory, formdata=None),
        "target_now": target_now,
        "broaden_since": _broaden_since(trajectory, today),
        "plan_version": plan.latest_version(trajectory),
        "target_form": target_form or _target_form(today),
        "new_plan_url": url_for("plan.new_version", trajectory_id=trajectory.id, doel=target_now),
        "note_form": NoteForm(formdata=None),
        "search_profile_url": url_for("jobs.search_profile", trajectory_id=trajectory.id),
        "pauses_url": url_for("timeline.pauses", trajectory_id=trajectory.id),
        "plan_url": url_for("plan.show", trajectory_id=trajectory.id),
    }


@bp.get("/adviseur/trajecten/<int:trajectory_id>")
@role_required(Role.ADVISOR, Role.ADMIN)
def candidate_file(trajectory_id: int):
    trajectory = trajectory_or_404(trajectory_id, "evidence.view", people=True)
    return render_template("advisor/candidate_file.html", **_file_context(trajectory))


@bp.post("/adviseur/trajecten/<int:trajectory_id>/gegevens")
@role_required(Role.ADVISOR, Role.ADMIN)
def update_trajectory(trajectory_id: int):
    trajectory = trajectory_or_404(trajectory_id, "trajectory.edit")
    form = TrajectoryDataForm()
    if not form.validate():
        return render_template("advisor/candidate_file.html", **_file_context(trajectory, form))
    changes = services.update_trajectory_data(
        trajectory, current_user, form.reason.data,
        **{name: getattr(form, name).data for name in services.EDITABLE_TRAJECTORY_FIELDS},
    )
    db.session.commit()
    flash("Trajectgegevens bijgewerkt." if changes else "Er was niets gewijzigd.", "success" if changes else "info")
    return redirect(url_for("advisor.candidate_file", trajectory_id=trajectory.id) + "#gegevens")


@bp.post("/adviseur/trajecten/<int:trajectory_id>/doel")
@role_required(Role.ADVISOR)
def change_target(trajectory_id: int):
    """A new weekly target is a plan revision with a reason and a date it applies from."""
    from portal.plan import services as plan

    trajectory = trajectory_or_404(trajectory_id, "plan.edit")
    if plan.latest_version(trajectory) is None:
        flash("Er is nog geen plan van aanpak. Leg het doel vast in het plan.", "info")
        return redirect(url_for("plan.new_version", trajectory_id=trajectory.id, doel=request.form.get("weekly_target", "")))
    form = _target_form(local_today(), formdata=True)
    if form.validate() and employer_gate.passes(form, ["reason"], trajectory, plan.PLAN_TEXT):
        try:
            version = plan.revise_target(trajectory, current_user, weekly_target=form.weekly_target.data,
                                         effective_from=form.effective_from.data, reason=form.reason.data)
        except plan.PlanError as error:
            form.weekly_target.errors = [*form.weekly_target.errors, str(error)]
        else:
            events.plan_to_confirm(trajectory, version.number,
                                   [trajectory.candidate, *events.employer_contacts(trajectory)],
                                   url_for("plan.show", trajectory_id=trajectory.id))
            db.session.commit()
            flash(f"Het doel is bijgesteld in versie {version.number} van het plan. De kandidaat en de "
                  "werkgever bevestigen deze versie.", "success")
            return redirect(url_for("advisor.candidate_file", trajectory_id=trajectory.id) + "#gegevens")
    return render_template("advisor/candidate_file.html", **_file_context(trajectory, target_form=form))


# --- appointments ------------------------------------------------------------------------

def _appointment_fields(form: AppointmentForm) -> dict:
    starts_at = datetime.combine(form.day.data, form.start_time.data, tzinfo=LOCAL_TZ)
    return {
        "kind": form.kind.data, "status": form.status.data, "starts_at": starts_at,
        "duration_minutes": form.duration_minutes.data, "location": (form.location.data or "").strip(),
        **{name: (getattr(form, name).data or "").strip() for name in ("goal", "participants", "agreements", "next_step")},
    }


def _refuse_overlap(form: AppointmentForm, exclude_id: int | None = None) -> bool:
    """True (with the message by the time field) when the advisor is busy then and did not confirm."""
    if form.status.data == AppointmentStatus.CANCELLED.value:
        return False
    clashes = services.overlapping_appointments(current_user, form.starts_at(), form.duration_minutes.data,
                                                exclude_id=exclude_id)
    form.overlaps = clashes
    if not clashes or form.confirm_overlap.data:
        return False
    names = "; ".join(f"{datetime_nl(a.starts_at, 'd MMMM HH:mm')} met {a.trajectory.candidate.name}"
                      for a in clashes[:3])
    form.start_time.errors = [*form.start_time.errors,
                              f"Je hebt op dat moment al een afspraak ({names}). Kies een andere tijd, "
                              "of vink hieronder aan dat je deze afspraak toch wilt opslaan."]
    return True


def _default_kind(trajectory) -> str:
    from portal.plan import services as plan

    phase = plan.current_phase(trajectory)
    return default_appointment_kind(phase.code if phase else None, services.intake_held(trajectory))


@bp.route("/adviseur/trajecten/<int:trajectory_id>/afspraken/nieuw", methods=["GET", "POST"])
@role_required(Role.ADVISOR)
def new_appointment(trajectory_id: int):
    trajectory = trajectory_or_404(trajectory_id, "appointments.edit")
    form = AppointmentForm()
    if request.method == "GET":
        form.day.data = local_today() + timedelta(days=7)
        form.start_time.data = datetime.strptime("10:00", "%H:%M").time()
        form.kind.data = _default_kind(trajectory)
    if form.validate_on_submit() and not _refuse_overlap(form):
        appointment = services.create_appointment(trajectory, current_user, **_appointment_fields(form))
        calendar.announce(appointment, calendar.change_of(None, appointment))
        db.session.commit()
        flash("Afspraak opgeslagen.", "success")
        return redirect(url_for("advisor.candidate_file", trajectory_id=trajectory.id) + "#afspraken")
    return render_template("advisor/appointment_form.html", form=form, trajectory=trajectory, appointment=None)


def _stored_appointment_form(appointment: Appointment) -> AppointmentForm:
    """The edit form filled from what is stored now (no form data)."""
    form = AppointmentForm(formdata=None, obj=appointment)
    local = appointment.starts_at.astimezone(LOCAL_TZ)
    form.day.data, form.start_time.data = local.date(), local.time().replace(second=0, microsecond=0)
    return form


@bp.route("/adviseur/afspraken/<int:appointment_id>", methods=["GET", "POST"])
@role_required(Role.ADVISOR)
def edit_appointment(appointment_id: int):
    appointment = db.session.get(Appointment, appointment_id) or abort(404)
    trajectory = require(current_user, "appointments.edit", appointment.trajectory)
    form = _stored_appointment_form(appointment) if request.method == "GET" else AppointmentForm()
    stale = form.is_submitted() and refuse_stale(form, appointment.version, _stored_appointment_form(appointment))
    if form.validate_on_submit() and not stale and not _refuse_overlap(form, exclude_id=appointment.id):
        before = calendar.snapshot(appointment)
        changed = services.update_appointment(appointment, current_user, **_appointment_fields(form))
        calendar.announce(appointment, calendar.change_of(before, appointment) if changed else None)
        db.session.commit()
        flash("Afspraak bijgewerkt; de vorige versie is bewaard." if changed else "Er was niets gewijzigd.",
              "success" if changed else "info")
        return redirect(url_for("advisor.candidate_file", trajectory_id=trajectory.id) + "#afspraken")
    return render_template("advisor/appointment_form.html", form=form, trajectory=trajectory,
                           appointment=appointment)


# --- notes -------------------------------------------------------------------------------

@bp.route("/adviseur/trajecten/<int:trajectory_id>/notities/nieuw", methods=["GET", "POST"])
@role_required(Role.ADVISOR)
def new_note(trajectory_id: int):
    trajectory = trajectory_or_404(trajectory_id, "notes.write")
    form = NoteForm()
    if form.validate_on_submit() and _note_passes_gate(form, trajectory):
        note = services.add_note(trajectory, current_user, form.body.data, form.visibility.data)
        _announce_note(note)
        db.session.commit()
        flash("Notitie opgeslagen.", "success")
        return redirect(url_for("advisor.candidate_file", trajectory_id=trajectory.id) + "#notities")
    return render_template("advisor/note_form.html", form=form, trajectory=trajectory, note=None)


def _announce_note(note: Note) -> None:
    """A note shared with the candidate or the employer: its readers hear it once."""
    if note.visibility == NoteVisibility.INTERNAL.value:
        return
    db.session.flush()
    trajectory = note.trajectory
    if note.visibility == NoteVisibility.CANDIDATE.value:
        readers = [trajectory.candidate]
    else:
        readers = events.employer_contacts(trajectory)
    events.note_shared(trajectory, note.id, readers, url_for("advisor.contact", trajectory_id=trajectory.id))


def _note_passes_gate(form: NoteForm, trajectory) -> bool:
    shared = form.visibility.data == NoteVisibility.EMPLOYER.value
    return employer_gate.passes(form, ["body"], trajectory, services.SHARED_NOTE, active=shared)


def _note_or_404(note_id: int) -> Note:
    note = db.session.get(Note, note_id)
    if note is None or note.deleted_at is not None:
        abort(404)
    require(current_user, "notes.write", note.trajectory)
    return note


@bp.route("/adviseur/notities/<int:note_id>", methods=["GET", "POST"])
@role_required(Role.ADVISOR)
def edit_note(note_id: int):
    note = _note_or_404(note_id)
    form = NoteForm(obj=note)
    stale = form.is_submitted() and refuse_stale(form, note.version, NoteForm(formdata=None, obj=note))
    if form.validate_on_submit() and not stale and _note_passes_gate(form, note.trajectory):
        changed = services.edit_note(note, current_user, form.body.data, form.visibility.data)
        if changed:
            _announce_note(note)
        db.session.commit()
        flash("Notitie bijgewerkt; de vorige versie is bewaard." if changed else "Er was niets gewijzigd.",
              "success" if changed else "info")
        return redirect(url_for("advisor.candidate_file", trajectory_id=note.trajectory_id) + "#notities")
    return render_template("advisor/note_form.html", form=form, trajectory=note.trajectory, note=note,
                           remove_form=ActionForm())


@bp.post("/adviseur/notities/<int:note_id>/intrekken")
@role_required(Role.ADVISOR)
def retract_note(note_id: int):
    """Withdraw a shared note from the employer's view; it stays in the history."""
    note = _note_or_404(note_id)
    if ActionForm().validate_on_submit() and services.retract_note(note, current_user):
        db.session.commit()
        flash("Notitie ingetrokken. De werkgever ziet nu alleen dat er een notitie is ingetrokken.", "success")
    return redirect(url_for("advisor.candidate_file", trajectory_id=note.trajectory_id) + "#notities")


@bp.post("/adviseur/notities/<int:note_id>/verwijderen")
@role_required(Role.ADVISOR)
def remove_note(note_id: int):
    note = _note_or_404(note_id)
    if ActionForm().validate_on_submit():
        services.remove_note(note, current_user)
        db.session.commit()
        flash("Notitie verwijderd. Ze blijft bewaard in de geschiedenis van het dossier.", "success")
    return redirect(url_for("advisor.candidate_file", trajectory_id=note.trajectory_id) + "#notities")


# --- what candidates and employers see ---------------------------------------------------

@bp.get("/trajecten/<int:trajectory_id>/contact")
@role_required(Role.CANDIDATE, Role.EMPLOYER, Role.ADVISOR, Role.ADMIN)
def contact(trajectory_id: int):
    """Shared notes and appointments, as the current role may see them."""
    trajectory = trajectory_or_404(trajectory_id)
    audience = current_user.role if current_user.role in ("candidate", "employer") else "advisor"
    if audience == "advisor":
        return redirect(url_for("advisor.candidate_file", trajectory_id=trajectory.id))
    today = local_today()
    past = services.contacts_for_overview(trajectory, trajectory.spoor2_start, today)
    return render_template(
        "advisor/contact.html", trajectory=trajectory, audience=audience,
        notes=services.shared_notes(trajectory, audience),
        upcoming=services.upcoming_appointments(trajectory) if audience == "candidate" else [],
        past=list(reversed(past)),
    )


@bp.get("/mijn-contact")
@role_required(Role.CANDIDATE)
def my_contact():
    trajectory = current_trajectory(current_user) or abort(404)
    return redirect(url_for("advisor.contact", trajectory_id=trajectory.id))


# --- calendar ----------------------------------------------------------------------------

@bp.get("/adviseur/agenda")
@role_required(Role.ADVISOR)
def calendar_page():
    state = calendar.feed_state(current_user)
    db.session.commit()
    return render_template(
        "advisor/calendar.html", feed=state, rotate_form=ActionForm(),
        feed_url=url_for("advisor.calendar_feed", token=state.token, _external=True),
        unused_days=current_app.config["CALENDAR_FEED_UNUSED_DAYS"],
    )


@bp.post("/adviseur/agenda/nieuwe-link")
@role_required(Role.ADVISOR)
def rotate_calendar():
    if ActionForm().validate_on_submit():
        calendar.rotate_feed(current_user)
        db.session.commit()
        flash("Nieuwe agendalink gemaakt. De oude link werkt niet meer.", "success")
    return redirect(url_for("advisor.calendar_page"))


def _ics(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/adviseur/agenda.ics")
@role_required(Role.ADVISOR)
def calendar_download():
    return _ics(calendar.calendar_for(current_user), "afspraken.ics")


@bp.get("/agenda/<token>.ics")
@csrf.exempt
def calendar_feed(token: str):
    """The subscribable feed: the secret in the URL is the only credential."""
    user = calendar.user_for_token(token)
    if user is None:
        abort(404)
    response = _ics(calendar.calendar_for(user), "afspraken.ics")
    db.session.commit()  # the link's last use
    response.headers["X-Robots-Tag"] = "noindex"
    return response


# --- menu and home panels ----------------------------------------------------------------

def _advisor_panel(user):
    if not has_role(user, Role.ADVISOR):
        return None
    rows = [r for r in caseload.caseload_rows(user, local_today()) if r.running]
    return {"rows": rows[:6], "count": len(rows), "counts": caseload.light_counts(rows),
            "good_news": caseload.good_news(rows)[:5], "stale": sum(r.stale_applications for r in rows)}


def _candidate_panel(user):
    trajectory = current_trajectory(user)
    if trajectory is None:
        return None
    return {
        "trajectory": trajectory,
        "upcoming": services.upcoming_appointments(trajectory, utcnow(), limit=3),
        "notes": services.shared_notes(trajectory, "candidate")[:2],
    }


add_nav("Caseload", "advisor.dashboard", [Role.ADVISOR], order=15)
add_nav("Afspraken en notities", "advisor.my_contact", [Role.CANDIDATE], order=60)
add_home_panel("advisor/_panel_caseload.html", [Role.ADVISOR], _advisor_panel, order=5)
add_home_panel("advisor/_panel_contact.html", [Role.CANDIDATE], _candidate_panel, order=20)


def _seed(ctx):
    from portal.advisor.demo import seed_advisor_demo

    seed_advisor_demo(ctx)


add_demo_seeder("advisor", _seed, order=80)
