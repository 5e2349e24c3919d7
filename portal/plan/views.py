"""Views of the plan feature: the plan and its versions, intake, phases, placement, closing."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal import employer_gate
from portal.auth.models import Role
from portal.clock import local_today
from portal.domain.weeks import Week
from portal.extensions import db
from portal.forms import ActionForm, refuse_stale
from portal.plan import bp, casework, services
from portal.plan.forms import (
    CheckinForm,
    CheckinScheduleForm,
    CloseForm,
    IntakeForm,
    PhaseForm,
    PlacementForm,
    PlanForm,
    PreIntakeForm,
    ViewForm,
)
from portal.plan.models import AftercareCheckin, Phase
from portal.policy import can, current_trajectory, role_required, trajectory_or_404
from portal.timeline import events
from portal.trajectory.models import TrajectoryStatus


def _plan_url(trajectory, anchor: str | None = None) -> str:
    return url_for("plan.show", trajectory_id=trajectory.id, _anchor=anchor)


@bp.get("/mijn-plan")
@role_required(Role.CANDIDATE)
def mine():
    """The candidate's own plan."""
    trajectory = current_trajectory(current_user)
    if trajectory is None:
        abort(404)
    return redirect(_plan_url(trajectory))


@bp.get("/plannen")
@role_required(Role.ADVISOR, Role.ADMIN)
def index():
    """Plans, phases and open confirmations of every trajectory the advisor guides."""
    from portal.plan.panels import staff_rows

    return render_template("plan/index.html", rows=staff_rows(current_user), today=local_today())


def _render_show(trajectory, phase_form=None, view_form=None, status=200):
    versions = services.versions_for(trajectory)
    latest = versions[-1] if versions else None
    previous = versions[-2] if len(versions) > 1 else None
    party = services.party_for(current_user, trajectory)
    today = local_today()
    if phase_form is None:
        phase_form = PhaseForm(formdata=None, started_on=today)
    history = services.phase_history(trajectory)
    return render_template(
        "plan/show.html",
        trajectory=trajectory,
        versions=versions,
        latest=latest,
        diff=services.diff_versions(previous, latest) if previous else None,
        activity_label=services.activity_label,
        party=party,
        awaiting_me=party is not None and services.awaiting(latest, party),
        view_form=view_form or ViewForm(formdata=None),
        action_form=ActionForm(),
        phase_form=phase_form,
        history=history, phase_steps=services.phase_timeline(history),
        placements=casework.placements_for(trajectory),
        schedule_form=CheckinScheduleForm(formdata=None),
        evaluation=casework.final_evaluation_for(trajectory),
        intake=casework.intake_for(trajectory) if can(current_user, "intake.view", trajectory) else None,
        today=today,
    ), status


@bp.get("/trajecten/<int:trajectory_id>/plan")
@login_required
def show(trajectory_id: int):
    trajectory = trajectory_or_404(trajectory_id, "plan.view")
    return _render_show(trajectory)


@bp.get("/trajecten/<int:trajectory_id>/plan/versies/<int:number>")
@login_required
def version(trajectory_id: int, number: int):
    """One version as it was agreed, and what changed compared to the one before."""
    trajectory = trajectory_or_404(trajectory_id, "plan.view")
    versions = services.versions_for(trajectory)
    by_number = {v.number: v for v in versions}
    if number not in by_number:
        abort(404)
    current = by_number[number]
    previous = by_number.get(number - 1)
    return render_template(
        "plan/version.html",
        trajectory=trajectory,
        version=current,
        previous=previous,
        is_latest=current is versions[-1],
        diff=services.diff_versions(previous, current) if previous else None,
        activity_label=services.activity_label,
    )


def _initial_rows(form: PlanForm, base) -> None:
    """Prefill a new version from the latest one (a revision starts from what was agreed)."""
    if base is None:
        return
    for row, activity in zip(form.activities, base.activities, strict=False):
        row.form.description.data = activity.description
        row.form.quantity.data = activity.quantity
        row.form.frequency.data = activity.frequency
        row.form.module_slug.data = activity.module_slug
    planned = {p.phase: p for p in base.phases}
    for row, phase in zip(form.phases, Phase, strict=True):
        if phase.value in planned:
            row.form.start_on.data = planned[phase.value].start_on
            row.form.end_on.data = planned[phase.value].end_on


def _prefill_target(form: PlanForm, base) -> None:
    """`?doel=N` (from the candidate file): start the revision with the new weekly target."""
    value = request.args.get("doel", "")
    if not value.isdigit() or not 0 <= int(value) <= 20:
        return
    form.weekly_target.data = int(value)
    if base is not None and int(value) != base.weekly_target:
        form.change_summary.data = f"Sollicitatiedoel van {base.weekly_target} naar {value} per week."


def _stored_plan_form(base) -> PlanForm:
    """The plan form filled from the newest stored version (no form data): what a draft
    opened on an older version is compared with."""
    if base is None:
        return PlanForm(formdata=None)
    return PlanForm(formdata=None, goals=base.goals, weekly_target=base.weekly_target,
                    effective_from=base.effective_from, change_summary=base.change_summary,
                    change_reason=base.change_reason)


@bp.route("/trajecten/<int:trajectory_id>/plan/nieuw", methods=["GET", "POST"])
@login_required
def new_version(trajectory_id: int):
    """Write the first plan or a revision; both are stored as a new, immutable version."""
    trajectory = trajectory_or_404(trajectory_id, "plan.edit")
    base = services.latest_version(trajectory)
    if request.method == "POST":
        form = PlanForm()
    elif base is None:
        form = PlanForm(weekly_target=trajectory.weekly_target,
                        effective_from=Week.of(trajectory.spoor2_start).monday)
    else:
        form = PlanForm(goals=base.goals, weekly_target=base.weekly_target,
                        effective_from=Week.of(local_today()).monday + timedelta(days=7))
        _initial_rows(form, base)
    if request.method == "GET":
        _prefill_target(form, base)
        form.version.data = str(base.number if base else 0)
    form.set_module_choices(services.module_choices())
    texts = ["goals", "change_summary", "change_reason", *(row.form.description for row in form.activities)]
    stale = form.is_submitted() and refuse_stale(form, base.number if base else 0, _stored_plan_form(base))
    if form.validate_on_submit() and not stale and employer_gate.passes(form, texts, trajectory, services.PLAN_TEXT):
        activities = [row.data for row in form.activities]
        phases = [dict(row.data, phase=phase.value) for row, phase in zip(form.phases, Phase, strict=True)]
        try:
            version = services.publish_version(
                trajectory, current_user, goals=form.goals.data, weekly_target=form.weekly_target.data,
                effective_from=form.effective_from.data, activities=activities, phases=phases,
                change_summary=form.change_summary.data or "", change_reason=form.change_reason.data or "",
            )
        except services.PlanError as error:
            form.change_summary.errors = [*form.change_summary.errors, str(error)]
        else:
            _ask_confirmation(trajectory, version.number)
            db.session.commit()
            flash(f"Versie {version.number} van het plan is vastgelegd. De kandidaat en de werkgever "
                  "kunnen deze versie nu bevestigen.", "success")
            return redirect(_plan_url(trajectory))
    return render_template(
        "plan/edit.html", trajectory=trajectory, form=form, base=base, phases=list(Phase),
    )


def _ask_confirmation(trajectory, number: int) -> None:
    """The candidate and the employer's contacts hear that a version waits for them."""
    events.plan_to_confirm(trajectory, number, [trajectory.candidate, *events.employer_contacts(trajectory)],
                           url_for("plan.show", trajectory_id=trajectory.id))


def _version_or_404(trajectory, number: int):
    version = services.version_by_number(trajectory, number)
    if version is None:
        abort(404)
    return version


@bp.post("/trajecten/<int:trajectory_id>/plan/versies/<int:number>/bevestigen")
@login_required
def confirm(trajectory_id: int, number: int):
    trajectory = trajectory_or_404(trajectory_id, "plan.confirm")
    version = _version_or_404(trajectory, number)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.confirm_version(version, current_user)
    except services.PlanError as error:
        flash(str(error), "warning")
    else:
        events.plan_confirmed(trajectory, current_user)
        db.session.commit()
        flash(f"Je hebt versie {version.number} van het plan bevestigd.", "success")
    return redirect(_plan_url(trajectory, "bevestigen"))


@bp.post("/trajecten/<int:trajectory_id>/plan/versies/<int:number>/zienswijze")
@login_required
def add_view(trajectory_id: int, number: int):
    trajectory = trajectory_or_404(trajectory_id, "plan.confirm")
    version = _version_or_404(trajectory, number)
    form = ViewForm()
    if not (form.validate_on_submit() and employer_gate.passes(form, ["body"], trajectory, services.PLAN_VIEW)):
        return _render_show(trajectory, view_form=form)
    services.add_view(version, current_user, form.body.data)
    db.session.commit()
    flash("Je zienswijze is toegevoegd aan het plan.", "success")
    return redirect(_plan_url(trajectory, "zienswijzen"))


@bp.post("/trajecten/<int:trajectory_id>/fase")
@login_required
def change_phase(trajectory_id: int):
    trajectory = trajectory_or_404(trajectory_id, "plan.edit")
    form = PhaseForm()
    if form.validate_on_submit() and employer_gate.passes(form, ["note"], trajectory, services.PLAN_TEXT):
        try:
            services.change_phase(trajectory, form.phase.data, form.started_on.data, current_user,
                                  form.note.data or "")
        except services.PlanError as error:
            form.phase.errors = [*form.phase.errors, str(error)]
        else:
            db.session.commit()
            flash(f"Het traject zit nu in de fase {Phase(form.phase.data).label}.", "success")
            return redirect(_plan_url(trajectory, "fasen"))
    return _render_show(trajectory, phase_form=form)


@bp.route("/trajecten/<int:trajectory_id>/intake", methods=["GET", "POST"])
@login_required
def intake(trajectory_id: int):
    """The intake (advisor edits; candidate and admin read) with the candidate's pre-intake."""
    trajectory = trajectory_or_404(trajectory_id, "intake.view")
    editable = can(current_user, "intake.edit", trajectory)
    if request.method == "POST" and not editable:
        abort(404)
    record = casework.intake_for(trajectory)
    form = IntakeForm(obj=record) if editable else None
    if form is not None and record is None and request.method == "GET":
        form.intake_on.data = local_today()
    stale = (form is not None and record is not None and form.is_submitted()
             and refuse_stale(form, record.version, IntakeForm(formdata=None, obj=record)))
    if form is not None and form.validate_on_submit() and not stale:
        casework.save_intake(trajectory, current_user, **{
            name: form[name].data or ("" if name not in ("intake_on", "capacity_profile_on",
                                                           "labour_expert_report_on") else None)
            for name in casework.INTAKE_FIELDS
        })
        db.session.commit()
        flash("De intake is opgeslagen.", "success")
        return redirect(url_for("plan.intake", trajectory_id=trajectory.id))
    return render_template(
        "plan/intake.html", trajectory=trajectory, intake=record, form=form,
        pre_intake=casework.pre_intake_for(trajectory),
    )


@bp.route("/trajecten/<int:trajectory_id>/vragenlijst", methods=["GET", "POST"])
@login_required
def pre_intake(trajectory_id: int):
    """The candidate's questionnaire before the first meeting."""
    trajectory = trajectory_or_404(trajectory_id, "intake.prefill")
    record = casework.pre_intake_for(trajectory)
    form = PreIntakeForm(obj=record)
    if form.validate_on_submit():
        send = bool(form.send.data)
        casework.save_pre_intake(trajectory, submit=send, **{
            name: form[name].data or "" for name in casework.PRE_INTAKE_FIELDS
        })
        db.session.commit()
        flash("Je antwoorden zijn verstuurd naar je adviseur." if send else "Je antwoorden zijn opgeslagen.",
              "success")
        return redirect(url_for("plan.pre_intake", trajectory_id=trajectory.id))
    return render_template("plan/pre_intake.html", trajectory=trajectory, form=form, record=record)


@bp.route("/trajecten/<int:trajectory_id>/plaatsing", methods=["GET", "POST"])
@login_required
def placement(trajectory_id: int):
    trajectory = trajectory_or_404(trajectory_id, "plan.edit")
    if trajectory.status == TrajectoryStatus.CLOSED:
        flash("Dit traject is afgesloten.", "warning")
        return redirect(_plan_url(trajectory))
    form = PlacementForm()
    if request.method == "GET":
        form.start_on.data = local_today()
    if form.validate_on_submit() and employer_gate.passes(form, ["notes"], trajectory, services.PLAN_TEXT):
        casework.record_placement(
            trajectory, current_user, organisation=form.organisation.data, role=form.role.data,
            hours_per_week=form.hours_per_week.data, start_on=form.start_on.data, kind=form.kind.data,
            notes=form.notes.data or "",
        )
        db.session.commit()
        flash("De plaatsing is vastgelegd. Nazorggesprekken staan gepland na 2 en 4 maanden.", "success")
        return redirect(_plan_url(trajectory, "plaatsing"))
    return render_template("plan/placement.html", trajectory=trajectory, form=form)


def _placement_or_404(trajectory):
    placements = casework.placements_for(trajectory)
    if not placements:
        abort(404)
    return placements[-1]


@bp.post("/trajecten/<int:trajectory_id>/nazorg")
@login_required
def schedule_checkin(trajectory_id: int):
    trajectory = trajectory_or_404(trajectory_id, "plan.edit")
    placement = _placement_or_404(trajectory)
    form = CheckinScheduleForm()
    if form.validate_on_submit():
        casework.schedule_checkin(placement, form.due_on.data)
        db.session.commit()
        flash("Het nazorggesprek is ingepland.", "success")
    else:
        flash("Vul een geldige datum in voor het nazorggesprek.", "error")
    return redirect(_plan_url(trajectory, "plaatsing"))


@bp.route("/trajecten/<int:trajectory_id>/nazorg/<int:checkin_id>", methods=["GET", "POST"])
@login_required
def checkin(trajectory_id: int, checkin_id: int):
    trajectory = trajectory_or_404(trajectory_id, "plan.edit")
    record = db.session.get(AftercareCheckin, checkin_id)
    if record is None or record.trajectory_id != trajectory.id:
        abort(404)
    if record.held_on is not None:
        flash("Dit nazorggesprek is al vastgelegd.", "info")
        return redirect(_plan_url(trajectory, "plaatsing"))
    form = CheckinForm()
    if request.method == "GET":
        form.held_on.data = min(local_today(), max(record.due_on, record.placement.start_on))
    if form.validate_on_submit() and employer_gate.passes(form, ["how_it_goes", "agreements"], trajectory,
                                                          services.PLAN_TEXT):
        casework.record_checkin(record, current_user, held_on=form.held_on.data,
                                how_it_goes=form.how_it_goes.data, agreements=form.agreements.data or "")
        db.session.commit()
        flash("Het nazorggesprek is vastgelegd.", "success")
        return redirect(_plan_url(trajectory, "plaatsing"))
    return render_template("plan/checkin.html", trajectory=trajectory, checkin=record, form=form)


@bp.route("/trajecten/<int:trajectory_id>/afsluiten", methods=["GET", "POST"])
@login_required
def close(trajectory_id: int):
    """Close the trajectory with a final evaluation."""
    trajectory = trajectory_or_404(trajectory_id, "plan.edit")
    if casework.final_evaluation_for(trajectory) is not None:
        flash("Dit traject is al afgesloten.", "info")
        return redirect(_plan_url(trajectory))
    form = CloseForm()
    if request.method == "GET":
        form.evaluated_on.data = local_today()
    if form.validate_on_submit() and employer_gate.passes(form, ["summary"], trajectory, services.PLAN_TEXT):
        try:
            casework.close_trajectory(trajectory, current_user, evaluated_on=form.evaluated_on.data,
                                      outcome=form.outcome.data, summary=form.summary.data)
        except services.PlanError as error:
            form.evaluated_on.errors = [*form.evaluated_on.errors, str(error)]
        else:
            db.session.commit()
            flash("Het traject is afgesloten met een eindevaluatie.", "success")
            return redirect(_plan_url(trajectory))
    return render_template("plan/close.html", trajectory=trajectory, form=form)


from portal.plan import panels  # noqa: E402,F401  (menu items, home panels, demo data)
