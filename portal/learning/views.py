"""Candidate-facing views: the library, lessons, assignments, drafts and files."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from portal.auth.models import Role
from portal.clock import local_today
from portal.core.templating import datetime_nl
from portal.extensions import db
from portal.forms import ActionForm
from portal.learning import bp, services
from portal.learning.content import get_library
from portal.learning.forms import AssignmentForm
from portal.learning.models import LearningFile
from portal.learning.rules import AssignmentState, IllegalTransition
from portal.policy import current_trajectory, require, role_required
from portal.timeline import events
from portal.uploads import UploadError, save_upload, send_stored

READERS = (Role.CANDIDATE, Role.ADVISOR, Role.ADMIN)
EDITABLE = (AssignmentState.NOT_STARTED, AssignmentState.DRAFT, AssignmentState.NEEDS_REVISION)


def _own_trajectory(permission: str = "learning.view"):
    """The candidate's own trajectory, when they have one they may use for this."""
    trajectory = current_trajectory(current_user)
    if trajectory is not None and current_user.role == Role.CANDIDATE:
        return require(current_user, permission, trajectory)
    return None


def _module_or_404(module_slug: str):
    module = get_library().module(module_slug)
    if module is None:
        abort(404)
    return module


def _assignment_or_404(assignment_slug: str):
    assignment = get_library().assignment(assignment_slug)
    if assignment is None:
        abort(404)
    return assignment


@bp.get("/leren")
@role_required(*READERS)
def index():
    """The module library, with the candidate's progress per module."""
    library = get_library()
    trajectory = _own_trajectory()
    today = local_today()
    statuses = services.module_statuses(trajectory.id if trajectory else None, library)
    rows = services.assignment_rows(trajectory, today, library) if trajectory else []
    upcoming = [r for r in rows if r.state not in (AssignmentState.SUBMITTED, AssignmentState.APPROVED)]
    return render_template(
        "learning/index.html", statuses=statuses, trajectory=trajectory, rows=rows,
        overdue=[r for r in upcoming if r.overdue], next_up=next((r for r in upcoming if not r.overdue), None),
        content_errors=library.errors if current_user.role != Role.CANDIDATE else [],
    )


@bp.get("/leren/<module_slug>")
@role_required(*READERS)
def module(module_slug: str):
    module = _module_or_404(module_slug)
    trajectory = _own_trajectory()
    done = services.lessons_done(trajectory.id) if trajectory else {}
    works = services.works_for(trajectory.id) if trajectory else {}
    status = services.module_statuses(trajectory.id if trajectory else None, done=done, works=works)
    status = next(s for s in status if s.module.slug == module.slug)
    rows = {r.assignment.slug: r for r in services.assignment_rows(trajectory, local_today(), works=works)} \
        if trajectory else {}
    return render_template("learning/module.html", module=module, done=done, rows=rows, status=status,
                           trajectory=trajectory)


@bp.get("/leren/<module_slug>/<lesson_slug>")
@role_required(*READERS)
def lesson(module_slug: str, lesson_slug: str):
    module = _module_or_404(module_slug)
    lesson = module.lesson(lesson_slug)
    if lesson is None:
        abort(404)
    trajectory = _own_trajectory()
    done = services.lessons_done(trajectory.id) if trajectory else {}
    index = module.lessons.index(lesson)
    row = None
    if trajectory and lesson.assignment:
        row = next(r for r in services.assignment_rows(trajectory, local_today()) if r.assignment is lesson.assignment)
    return render_template(
        "learning/lesson.html", module=module, lesson=lesson, trajectory=trajectory, row=row,
        is_done=(module.slug, lesson.slug) in done, form=ActionForm(),
        previous=module.lessons[index - 1] if index > 0 else None,
        next=module.lessons[index + 1] if index + 1 < len(module.lessons) else None,
    )


@bp.post("/leren/<module_slug>/<lesson_slug>/klaar")
@role_required(Role.CANDIDATE)
def mark_done(module_slug: str, lesson_slug: str):
    module = _module_or_404(module_slug)
    lesson = module.lesson(lesson_slug)
    trajectory = _own_trajectory("learning.submit")
    if lesson is None or trajectory is None or not ActionForm().validate_on_submit():
        abort(404)
    done = request.form.get("done", "1") != "0"
    services.mark_lesson(trajectory, module, lesson.slug, done)
    db.session.commit()
    if not done:  # back to the button, not to the top of a long page
        return redirect(url_for(".lesson", module_slug=module.slug, lesson_slug=lesson.slug, _anchor="les-klaar"))
    reminder = f" De opdracht '{lesson.assignment.title}' vind je bij Leren." if lesson.assignment else ""
    following = module.lessons.index(lesson) + 1
    if following < len(module.lessons):
        flash(f"Les '{lesson.title}' staat op klaar. Hier is de volgende les.{reminder}", "success")
        return redirect(url_for(".lesson", module_slug=module.slug, lesson_slug=module.lessons[following].slug))
    flash(f"Les '{lesson.title}' staat op klaar. Dat was de laatste les van deze module.{reminder}", "success")
    return redirect(url_for(".module", module_slug=module.slug))


@bp.route("/leren/opdrachten/<assignment_slug>", methods=["GET", "POST"])
@role_required(Role.CANDIDATE)
def assignment(assignment_slug: str):
    """The assignment: instructions, earlier attempts with feedback, and the draft."""
    assignment = _assignment_or_404(assignment_slug)
    trajectory = _own_trajectory("learning.submit")
    if trajectory is None:
        abort(404)
    work = services.work_for(trajectory, assignment)
    form = AssignmentForm()
    editable = (work.state_enum if work else AssignmentState.NOT_STARTED) in EDITABLE
    if request.method == "GET":
        form.text.data = work.draft_text if work else ""
        services.mark_feedback_seen(work)
        events.feedback_read(current_user, [s.id for s in (work.submissions if work else []) if s.reviewed_at])
        db.session.commit()
    elif editable and form.validate_on_submit():
        stored, upload_error = None, None
        if assignment.wants_file and form.file.data and form.file.data.filename:
            try:
                stored = services.store_file(
                    trajectory, save_upload(form.file.data, services.upload_folder(trajectory)), current_user)
            except UploadError as exc:
                upload_error = str(exc)
        try:
            if form.submit.data and upload_error is None:
                services.submit(trajectory, assignment, current_user, form.text.data, stored)
                db.session.commit()
                flash("Ingeleverd. Je adviseur bekijkt je werk en geeft je feedback.", "success")
                return redirect(url_for(".assignment", assignment_slug=assignment.slug))
            services.save_draft(trajectory, assignment, current_user, form.text.data, stored)
            db.session.commit()
            if upload_error:
                form.file.errors = [*form.file.errors, upload_error]
            else:
                flash("Je concept is bewaard.", "success")
                return redirect(url_for(".assignment", assignment_slug=assignment.slug))
        except services.LearningError as exc:
            db.session.commit()  # keep the draft: a refused hand-in loses nothing
            target = form.text if assignment.wants_text else form.file
            target.errors = [*target.errors, str(exc)]
        except IllegalTransition:
            db.session.rollback()
            flash("Deze opdracht is al ingeleverd.", "warning")
            return redirect(url_for(".assignment", assignment_slug=assignment.slug))
        work = services.work_for(trajectory, assignment)
    elif not editable:
        flash("Deze opdracht is al ingeleverd.", "warning")
        return redirect(url_for(".assignment", assignment_slug=assignment.slug))
    row = next(r for r in services.assignment_rows(trajectory, local_today()) if r.assignment is assignment)
    return render_template("learning/assignment.html", assignment=assignment, trajectory=trajectory, work=work,
                           form=form, editable=editable, row=row)


@bp.post("/leren/opdrachten/<assignment_slug>/concept")
@role_required(Role.CANDIDATE)
def autosave(assignment_slug: str):
    """Autosave of the draft text (called by learning.js); answers JSON."""
    assignment = _assignment_or_404(assignment_slug)
    trajectory = _own_trajectory("learning.submit")
    # The assignment's own form, so the autosave goes through the same filters (no NUL bytes)
    # and limits as the save button.
    form = AssignmentForm()
    if trajectory is None or not form.is_submitted():
        abort(404)
    if not form.validate():
        if "csrf_token" in form.errors:
            abort(404)
        return jsonify(saved=False, message="Je tekst is te lang om te bewaren."), 400
    text = form.text.data or ""
    try:
        work = services.save_draft(trajectory, assignment, current_user, text)
    except IllegalTransition:
        db.session.rollback()
        return jsonify(saved=False, message="Deze opdracht is al ingeleverd."), 409
    db.session.commit()
    saved_at = datetime_nl(work.draft_saved_at, "HH:mm") if work.draft_saved_at else ""
    return jsonify(saved=True, message=f"Concept bewaard om {saved_at}" if saved_at else "")


@bp.get("/leren/bestanden/<int:file_id>")
@role_required(*READERS)
def download(file_id: int):
    record = db.session.get(LearningFile, file_id)
    if record is None:
        abort(404)
    require(current_user, "learning.view", record.trajectory)
    try:
        return send_stored(record.folder, record.stored_name, record.original_name, record.content_type)
    except (FileNotFoundError, ValueError):
        abort(404)


from portal.learning import panels, review_views  # noqa: E402,F401
