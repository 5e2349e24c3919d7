"""Advisor-facing views: the review queue, one assignment's attempts, claims and snippets."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.auth.models import Role
from portal.clock import local_today
from portal.extensions import db
from portal.forms import ActionForm
from portal.learning import bp, services
from portal.learning.content import get_library
from portal.learning.forms import ReviewForm, SnippetForm
from portal.learning.models import Submission
from portal.learning.rules import AssignmentState, IllegalTransition, diff_lines, score_rubric
from portal.policy import can, require, role_required, trajectory_or_404
from portal.timeline import events


def _submission_or_404(submission_id: int, permission: str = "learning.review") -> Submission:
    submission = db.session.get(Submission, submission_id)
    if submission is None:
        abort(404)
    require(current_user, permission, submission.trajectory)
    return submission


@bp.get("/beoordelen")
@role_required(Role.ADVISOR)
def review_queue():
    """Submitted work across the advisor's caseload, oldest first, plus overdue work."""
    library = get_library()
    queue = services.review_queue(current_user)
    titles = {a.slug: a.title for a in library.assignments}
    return render_template(
        "learning/review_queue.html", queue=queue, titles=titles,
        overdue=services.overdue_in_caseload(current_user, local_today()),
        claimer=services.active_claimer, form=ActionForm(),
    )


@bp.get("/trajecten/<int:trajectory_id>/leren")
@role_required(Role.ADVISOR, Role.ADMIN)
def trajectory(trajectory_id: int):
    """One candidate's learning progress and assignment states (for the advisor)."""
    trajectory = trajectory_or_404(trajectory_id, "learning.view")
    works = services.works_for(trajectory.id)
    return render_template(
        "learning/trajectory.html", trajectory=trajectory,
        statuses=services.module_statuses(trajectory.id, works=works),
        rows=services.assignment_rows(trajectory, local_today(), works=works),
    )


def _review_form(assignment_slug: str) -> tuple[ReviewForm, list]:
    snippets = services.snippets_for(current_user, assignment_slug) if current_user.role == Role.ADVISOR else []
    form = ReviewForm()
    form.snippets.choices = [(s.id, s.title) for s in snippets]
    return form, snippets


@bp.get("/trajecten/<int:trajectory_id>/leren/<assignment_slug>")
@role_required(Role.CANDIDATE, Role.ADVISOR, Role.ADMIN)
def work(trajectory_id: int, assignment_slug: str):
    """Every attempt at one assignment, the change since the previous one, and the review."""
    trajectory = trajectory_or_404(trajectory_id, "learning.view")
    if current_user.role == Role.CANDIDATE:
        return redirect(url_for(".assignment", assignment_slug=assignment_slug))
    assignment = get_library().assignment(assignment_slug)
    if assignment is None:
        abort(404)
    form, snippets = _review_form(assignment.slug)
    return _render_work(trajectory, assignment, form, snippets)


def _render_work(trajectory, assignment, form, snippets, chosen_levels=None, rubric_error=None):
    work = services.work_for(trajectory, assignment)
    attempts = list(work.submissions) if work else []
    latest = attempts[-1] if attempts else None
    diff = diff_lines(attempts[-2].text, latest.text) if len(attempts) > 1 else []
    row = next(r for r in services.assignment_rows(trajectory, local_today()) if r.assignment is assignment)
    return render_template(
        "learning/work.html", trajectory=trajectory, assignment=assignment, work=work, attempts=attempts,
        latest=latest, diff=diff, row=row, form=form, snippets=snippets, action_form=ActionForm(),
        chosen_levels=chosen_levels or {}, rubric_error=rubric_error,
        claimer=services.active_claimer(latest) if latest else None,
        can_review=bool(latest and latest.status == AssignmentState.SUBMITTED
                        and can(current_user, "learning.review", trajectory)),
    )


@bp.post("/inzendingen/<int:submission_id>/beoordelen")
@role_required(Role.ADVISOR)
def review(submission_id: int):
    submission = _submission_or_404(submission_id)
    trajectory = submission.trajectory
    assignment = get_library().assignment(submission.work.assignment_slug)
    if assignment is None:
        abort(404)
    form, snippets = _review_form(assignment.slug)
    chosen_levels = _chosen_levels(assignment)
    scores, unscored = score_rubric(assignment.rubric, chosen_levels)
    rubric_error = None
    if form.validate_on_submit() and (form.approve.data or form.revise.data):
        chosen = [s for s in snippets if s.id in (form.snippets.data or [])]
        feedback = services.compose_feedback(form.feedback.data or "", chosen)
        if form.approve.data and unscored:
            rubric_error = "Kies bij elk criterium van de rubric een niveau voordat je goedkeurt."
            return _render_work(trajectory, assignment, form, snippets, chosen_levels, rubric_error)
        try:
            services.review(submission, current_user, approve=bool(form.approve.data), feedback=feedback,
                            rubric_scores=scores)
        except services.LearningError as exc:
            db.session.rollback()
            form.feedback.errors = [*form.feedback.errors, str(exc)]
        except IllegalTransition:
            db.session.rollback()
            flash("Deze inzending is al beoordeeld.", "warning")
            return redirect(url_for(".work", trajectory_id=trajectory.id, assignment_slug=assignment.slug))
        else:
            events.assignment_feedback(
                trajectory, submission.id, assignment.title, bool(form.approve.data),
                url_for("learning.assignment", assignment_slug=assignment.slug))  # the candidate's page
            db.session.commit()
            flash("Goedgekeurd." if form.approve.data else "Teruggestuurd met je feedback.", "success")
            return _next_in_queue()
    return _render_work(trajectory, assignment, form, snippets, chosen_levels, rubric_error)


def _chosen_levels(assignment) -> dict[int, int]:
    """The rubric levels ticked in the review form (`rubric-<criterion>` = level index)."""
    chosen = {}
    for index in range(len(assignment.rubric)):
        value = request.form.get(f"rubric-{index}", "")
        if value.isdigit() and len(value) < 4:
            chosen[index] = int(value)
    return chosen


def _next_in_queue():
    """After a review: the next submission waiting in this advisor's queue (oldest first),
    one this advisor may take (not claimed by a colleague), or the queue when none is left."""
    for waiting in services.review_queue(current_user):
        claimer = services.active_claimer(waiting)
        if claimer is None or claimer.id == current_user.id:
            flash(f"Volgende inzending: {waiting.trajectory.candidate.name}.", "info")
            return redirect(url_for(".work", trajectory_id=waiting.trajectory_id,
                                    assignment_slug=waiting.work.assignment_slug))
    flash("Je hebt alle inzendingen beoordeeld.", "info")
    return redirect(url_for(".review_queue"))


@bp.post("/inzendingen/<int:submission_id>/claimen")
@role_required(Role.ADVISOR)
def claim(submission_id: int):
    submission = _submission_or_404(submission_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.claim(submission, current_user)
        db.session.commit()
        flash("Je hebt deze inzending in behandeling genomen.", "success")
    except services.LearningError as exc:
        db.session.rollback()
        flash(str(exc), "warning")
    return redirect(url_for(".work", trajectory_id=submission.trajectory_id,
                            assignment_slug=submission.work.assignment_slug))


@bp.post("/inzendingen/<int:submission_id>/vrijgeven")
@role_required(Role.ADVISOR)
def release(submission_id: int):
    submission = _submission_or_404(submission_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.release(submission, current_user)
        db.session.commit()
        flash("De inzending is weer vrij voor je collega.", "success")
    except services.LearningError as exc:
        db.session.rollback()
        flash(str(exc), "warning")
    return redirect(url_for(".review_queue"))


@bp.route("/beoordelen/fragmenten/<assignment_slug>", methods=["GET", "POST"])
@role_required(Role.ADVISOR)
def snippets(assignment_slug: str):
    """The advisor's bank of reusable feedback for one assignment."""
    assignment = get_library().assignment(assignment_slug)
    if assignment is None:
        abort(404)
    form = SnippetForm()
    if form.validate_on_submit():
        services.add_snippet(current_user, assignment.slug, form.title.data, form.body.data)
        db.session.commit()
        flash("Fragment bewaard.", "success")
        return redirect(url_for(".snippets", assignment_slug=assignment.slug))
    return render_template("learning/snippets.html", assignment=assignment, form=form,
                           snippets=services.snippets_for(current_user, assignment.slug), action_form=ActionForm())


@bp.route("/beoordelen/fragmenten/bewerken/<int:snippet_id>", methods=["GET", "POST"])
@role_required(Role.ADVISOR)
def edit_snippet(snippet_id: int):
    snippet = services.snippet_or_none(current_user, snippet_id)
    if snippet is None:
        abort(404)
    form = SnippetForm(obj=snippet)
    if form.validate_on_submit():
        snippet.title, snippet.body = form.title.data.strip(), form.body.data.strip()
        db.session.commit()
        flash("Fragment bijgewerkt.", "success")
        return redirect(url_for(".snippets", assignment_slug=snippet.assignment_slug))
    assignment = get_library().assignment(snippet.assignment_slug)
    return render_template("learning/snippet_edit.html", form=form, snippet=snippet, assignment=assignment)


@bp.post("/beoordelen/fragmenten/verwijderen/<int:snippet_id>")
@role_required(Role.ADVISOR)
def delete_snippet(snippet_id: int):
    snippet = services.snippet_or_none(current_user, snippet_id)
    if snippet is None or not ActionForm().validate_on_submit():
        abort(404)
    services.delete_snippet(snippet)
    db.session.commit()
    flash("Fragment verwijderd.", "success")
    return redirect(url_for(".snippets", assignment_slug=snippet.assignment_slug))
