"""Learning progress and assignments: plain functions that decide and write (the view commits).

The functions in the "contracts" section are called by other features (see
docs/contributing.md): keep their signatures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app, has_request_context, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal.auth.models import User
from portal.db_types import utcnow
from portal.extensions import db
from portal.learning.content import Assignment, Library, Module, get_library
from portal.learning.models import (
    AssignmentEvent,
    AssignmentWork,
    FeedbackSnippet,
    LearningFile,
    LessonProgress,
    Submission,
)
from portal.learning.rules import (
    OPEN_STATES,
    Action,
    AssignmentState,
    IllegalTransition,
    claim_active,
    due_on,
    is_overdue,
    next_state,
)
from portal.trajectory.models import Trajectory, TrajectoryStatus, trajectory_advisors
from portal.uploads import StoredFile

MAX_TEXT = 20_000
MAX_FEEDBACK = 10_000


class LearningError(ValueError):
    """A refused action; the message is Dutch and meant for the person."""


# --- reading -----------------------------------------------------------------------------

def lessons_done(trajectory_id: int) -> dict[tuple[str, str], datetime]:
    """(module slug, lesson slug) -> when it was marked done."""
    rows = db.session.execute(
        select(LessonProgress.module_slug, LessonProgress.lesson_slug, LessonProgress.done_at)
        .where(LessonProgress.trajectory_id == trajectory_id)
    )
    return {(m, lesson): at for m, lesson, at in rows}


def works_for(trajectory_id: int) -> dict[str, AssignmentWork]:
    """Assignment slug -> the candidate's work on it, with attempts loaded."""
    works = db.session.scalars(
        select(AssignmentWork)
        .where(AssignmentWork.trajectory_id == trajectory_id)
        .options(selectinload(AssignmentWork.submissions))
    )
    return {w.assignment_slug: w for w in works}


def work_for(trajectory: Trajectory, assignment: Assignment) -> AssignmentWork | None:
    return db.session.scalar(
        select(AssignmentWork)
        .where(AssignmentWork.trajectory_id == trajectory.id, AssignmentWork.assignment_slug == assignment.slug)
        .options(selectinload(AssignmentWork.submissions), selectinload(AssignmentWork.events))
    )


def assignment_due_on(trajectory: Trajectory, assignment: Assignment, today: date) -> date:
    return due_on(trajectory.spoor2_start, assignment.due_week, trajectory.pause_periods, today)


def counts_as_overdue(trajectory: Trajectory, state: str, due: date, today: date) -> bool:
    """Only an active trajectory has overdue work (a paused or closed one never does)."""
    return trajectory.status == TrajectoryStatus.ACTIVE and is_overdue(state, due, today)


@dataclass
class AssignmentRow:
    assignment: Assignment
    work: AssignmentWork | None
    due_on: date
    overdue: bool

    @property
    def state(self) -> AssignmentState:
        return self.work.state_enum if self.work else AssignmentState.NOT_STARTED


def assignment_rows(trajectory: Trajectory, today: date, library: Library | None = None,
                    works: dict[str, AssignmentWork] | None = None) -> list[AssignmentRow]:
    """Every assignment in the library with this trajectory's state, due date and lateness."""
    library = library or get_library()
    works = works_for(trajectory.id) if works is None else works
    rows = []
    for assignment in library.assignments:
        work = works.get(assignment.slug)
        due = assignment_due_on(trajectory, assignment, today)
        state = work.state if work else AssignmentState.NOT_STARTED
        rows.append(AssignmentRow(assignment, work, due, counts_as_overdue(trajectory, state, due, today)))
    return rows


@dataclass
class ModuleStatus:
    module: Module
    lessons_done: int
    lessons_total: int
    assignments_approved: int
    assignments_total: int
    completed_on: date | None = None
    approved: list[tuple[str, date]] = field(default_factory=list)

    @property
    def done(self) -> int:
        return self.lessons_done + self.assignments_approved

    @property
    def total(self) -> int:
        return self.lessons_total + self.assignments_total


def module_statuses(trajectory_id: int | None, library: Library | None = None,
                    done: dict | None = None, works: dict | None = None) -> list[ModuleStatus]:
    """Progress per module: lessons done and assignments approved."""
    library = library or get_library()
    if trajectory_id is None:
        done, works = {}, {}
    done = lessons_done(trajectory_id) if done is None else done
    works = works_for(trajectory_id) if works is None else works
    result = []
    for module in library.modules:
        dates = [done[(module.slug, lesson.slug)] for lesson in module.lessons if (module.slug, lesson.slug) in done]
        approved = []
        for assignment in module.assignments:
            work = works.get(assignment.slug)
            if work and work.state == AssignmentState.APPROVED and work.latest and work.latest.reviewed_at:
                approved.append((assignment.title, _local_date(work.latest.reviewed_at)))
        status = ModuleStatus(module, len(dates), len(module.lessons), len(approved), len(module.assignments),
                              approved=approved)
        if status.total and status.done == status.total:
            status.completed_on = max([_local_date(d) for d in dates] + [d for _, d in approved])
        result.append(status)
    return result


def _local_date(moment: datetime) -> date:
    from portal.clock import LOCAL_TZ

    return moment.astimezone(LOCAL_TZ).date()


# --- candidate actions -------------------------------------------------------------------

def mark_lesson(trajectory: Trajectory, module: Module, lesson_slug: str, done: bool) -> None:
    """Mark a lesson done (or not done again)."""
    row = db.session.scalar(select(LessonProgress).where(
        LessonProgress.trajectory_id == trajectory.id,
        LessonProgress.module_slug == module.slug,
        LessonProgress.lesson_slug == lesson_slug,
    ))
    if done and row is None:
        db.session.add(LessonProgress(trajectory_id=trajectory.id, module_slug=module.slug, lesson_slug=lesson_slug))
    elif not done and row is not None:
        db.session.delete(row)


def _get_or_create_work(trajectory: Trajectory, assignment: Assignment) -> AssignmentWork:
    work = work_for(trajectory, assignment)
    if work is None:
        work = AssignmentWork(
            trajectory_id=trajectory.id, module_slug=assignment.module.slug,
            assignment_slug=assignment.slug, state=AssignmentState.NOT_STARTED, draft_text="",
            submissions=[], events=[],
        )
        db.session.add(work)
    return work


def _transition(work: AssignmentWork, action: Action, actor: User | None, attempt: int | None = None,
                at: datetime | None = None) -> None:
    new = next_state(work.state, action)
    if new != work.state:
        work.events.append(AssignmentEvent(from_state=work.state, to_state=new, attempt=attempt,
                                           actor_id=actor.id if actor else None, at=at or utcnow()))
    work.state = new


def store_file(trajectory: Trajectory, stored: StoredFile, actor: User | None) -> LearningFile:
    record = LearningFile(
        trajectory_id=trajectory.id, folder=stored.folder, stored_name=stored.stored_name,
        original_name=stored.original_name, content_type=stored.content_type, size=stored.size,
        sha256=stored.sha256, uploaded_by_id=actor.id if actor else None,
    )
    db.session.add(record)
    return record


def upload_folder(trajectory: Trajectory) -> str:
    return f"learning/{trajectory.id}"


def save_draft(trajectory: Trajectory, assignment: Assignment, actor: User | None, text: str,
               file: LearningFile | None = None, at: datetime | None = None) -> AssignmentWork:
    """Keep the candidate's work in progress (refused once handed in or approved)."""
    work = _get_or_create_work(trajectory, assignment)
    if work.state in (AssignmentState.SUBMITTED, AssignmentState.APPROVED):
        raise IllegalTransition(work.state, Action.SAVE_DRAFT)
    text = (text or "").replace("\x00", "")[:MAX_TEXT]  # PostgreSQL refuses NUL in text
    if work.state == AssignmentState.NOT_STARTED and not text.strip() and file is None:
        return work  # an empty autosave does not start the assignment
    _transition(work, Action.SAVE_DRAFT, actor, at=at)
    work.draft_text = text
    if file is not None:
        work.draft_file = file
    work.draft_saved_at = at or utcnow()
    return work


def submit(trajectory: Trajectory, assignment: Assignment, actor: User | None, text: str,
           file: LearningFile | None = None, at: datetime | None = None) -> Submission:
    """Hand in a new numbered attempt; the draft is kept first, so a refusal loses nothing."""
    work = save_draft(trajectory, assignment, actor, text, file, at=at)
    text = (work.draft_text or "").strip()
    file = work.draft_file
    if assignment.submit == "text" and not text:
        raise LearningError("Schrijf je antwoord voordat je inlevert.")
    if assignment.submit == "file" and file is None:
        raise LearningError("Kies een bestand om in te leveren.")
    if assignment.submit == "both" and not text and file is None:
        raise LearningError("Schrijf je antwoord of kies een bestand voordat je inlevert.")
    attempt = len(work.submissions) + 1
    _transition(work, Action.SUBMIT, actor, attempt=attempt, at=at)
    submission = Submission(
        trajectory_id=trajectory.id, attempt=attempt, text=text, file=file,
        content_version=f"{assignment.module.slug}@{assignment.module.version}",
        submitted_by_id=actor.id if actor else None, submitted_at=at or utcnow(),
        status=AssignmentState.SUBMITTED,
    )
    work.submissions.append(submission)
    work.draft_file = None  # the file now belongs to the attempt; the text stays as a start
    return submission


def mark_feedback_seen(work: AssignmentWork | None) -> None:
    for submission in (work.submissions if work else []):
        if submission.reviewed_at and submission.feedback_seen_at is None:
            submission.feedback_seen_at = utcnow()


# --- advisor actions ---------------------------------------------------------------------

def claim(submission: Submission, advisor: User, now: datetime | None = None) -> None:
    """Take a submission for review so a co-advisor does not review it as well."""
    now = now or utcnow()
    if submission.status != AssignmentState.SUBMITTED:
        raise LearningError("Deze inzending is al beoordeeld.")
    if submission.claimed_by_id not in (None, advisor.id) and claim_active(submission.claimed_at, now):
        raise LearningError(f"{submission.claimed_by.name} beoordeelt deze inzending al.")
    submission.claimed_by_id = advisor.id
    submission.claimed_at = now


def release(submission: Submission, advisor: User) -> None:
    if submission.claimed_by_id != advisor.id:
        raise LearningError("Je hebt deze inzending niet in behandeling.")
    submission.claimed_by_id = None
    submission.claimed_at = None


def active_claimer(submission: Submission, now: datetime | None = None) -> User | None:
    if submission.claimed_by_id and claim_active(submission.claimed_at, now or utcnow()):
        return submission.claimed_by
    return None


def review(submission: Submission, advisor: User, approve: bool, feedback: str,
           at: datetime | None = None, rubric_scores: list[dict] | None = None) -> Submission:
    """Approve the attempt or ask for a revision, with feedback (and the scored rubric)."""
    feedback = (feedback or "").strip()
    if len(feedback) > MAX_FEEDBACK:
        raise LearningError(f"De feedback is {len(feedback)} tekens; er passen er {MAX_FEEDBACK}.")
    if not approve and not feedback:
        raise LearningError("Schrijf wat er aangepast moet worden.")
    work = submission.work
    action = Action.APPROVE if approve else Action.REQUEST_REVISION
    if work.latest is not submission:
        raise LearningError("Er is al een nieuwere poging ingeleverd.")
    next_state(work.state, action)  # IllegalTransition before anything changes
    claim(submission, advisor, at)
    _transition(work, action, advisor, attempt=submission.attempt, at=at)
    submission.status = work.state
    submission.reviewer_id = advisor.id
    submission.reviewed_at = at or utcnow()
    submission.feedback = feedback
    submission.rubric_scores = rubric_scores or None
    submission.claimed_by_id = None
    submission.claimed_at = None
    return submission


def caseload_ids(advisor: User) -> select:
    return select(trajectory_advisors.c.trajectory_id).where(trajectory_advisors.c.advisor_id == advisor.id)


def review_queue(advisor: User) -> list[Submission]:
    """Submitted work waiting for review in this advisor's caseload, oldest first."""
    return list(db.session.scalars(
        select(Submission)
        .where(Submission.status == AssignmentState.SUBMITTED, Submission.trajectory_id.in_(caseload_ids(advisor)))
        .options(joinedload(Submission.trajectory).joinedload(Trajectory.candidate),
                 joinedload(Submission.work), joinedload(Submission.claimed_by))
        .order_by(Submission.submitted_at, Submission.id)
    ))


def overdue_in_caseload(advisor: User, today: date) -> list[tuple[Trajectory, AssignmentRow]]:
    """Overdue assignments of the advisor's active trajectories (constant number of queries)."""
    trajectories = list(db.session.scalars(
        select(Trajectory).where(Trajectory.id.in_(caseload_ids(advisor)),
                                 Trajectory.status == TrajectoryStatus.ACTIVE)
        .options(selectinload(Trajectory.pauses), joinedload(Trajectory.candidate))
        .order_by(Trajectory.id)
    ))
    works = _works_many([t.id for t in trajectories])
    library = get_library()
    result = []
    for trajectory in trajectories:
        for row in assignment_rows(trajectory, today, library, works.get(trajectory.id, {})):
            if row.overdue:
                result.append((trajectory, row))
    return sorted(result, key=lambda item: (item[1].due_on, item[0].candidate.name))


def snippets_for(advisor: User, assignment_slug: str) -> list[FeedbackSnippet]:
    return list(db.session.scalars(
        select(FeedbackSnippet)
        .where(FeedbackSnippet.advisor_id == advisor.id, FeedbackSnippet.assignment_slug == assignment_slug,
               FeedbackSnippet.deleted_at.is_(None))
        .order_by(FeedbackSnippet.title, FeedbackSnippet.id)
    ))


def snippet_or_none(advisor: User, snippet_id: int) -> FeedbackSnippet | None:
    snippet = db.session.get(FeedbackSnippet, snippet_id)
    if snippet is None or snippet.advisor_id != advisor.id or snippet.deleted_at is not None:
        return None
    return snippet


def add_snippet(advisor: User, assignment_slug: str, title: str, body: str) -> FeedbackSnippet:
    snippet = FeedbackSnippet(advisor_id=advisor.id, assignment_slug=assignment_slug,
                              title=title.strip(), body=body.strip())
    db.session.add(snippet)
    return snippet


def delete_snippet(snippet: FeedbackSnippet) -> None:
    snippet.deleted_at = utcnow()


def compose_feedback(feedback: str, snippets: Iterable[FeedbackSnippet]) -> str:
    """The advisor's text with the chosen snippets added as paragraphs (the no-JS path)."""
    parts = [feedback.strip()] if feedback and feedback.strip() else []
    parts += [s.body.strip() for s in snippets if s.body.strip() not in feedback]
    return "\n\n".join(parts)


# --- contracts for other features --------------------------------------------------------

@dataclass(frozen=True)
class AssignmentSignals:
    overdue: int = 0
    waiting_review: int = 0


@dataclass(frozen=True)
class ModuleProgress:
    slug: str
    title: str
    lessons_done: int
    lessons_total: int
    completed_on: date | None
    approved: list[tuple[str, date]]


@dataclass(frozen=True)
class DueAssignment:
    title: str
    due_on: date
    url: str
    state: str
    overdue: bool


def _path(endpoint: str, **values) -> str:
    """A URL path that also works outside a request (reminder CLI, reports)."""
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind("localhost").build(endpoint, values)


def _works_many(trajectory_ids: list[int]) -> dict[int, dict[str, AssignmentWork]]:
    result: dict[int, dict[str, AssignmentWork]] = defaultdict(dict)
    if not trajectory_ids:
        return result
    for work in db.session.scalars(select(AssignmentWork).where(AssignmentWork.trajectory_id.in_(trajectory_ids))):
        result[work.trajectory_id][work.assignment_slug] = work
    return result


def assignment_done_select(trajectory_ids, since: datetime | None = None, before: datetime | None = None):
    """(trajectory_id, reviewed_at) of approved submissions: the moments assignments were done."""
    query = select(Submission.trajectory_id, Submission.reviewed_at).where(
        Submission.trajectory_id.in_(trajectory_ids), Submission.status == AssignmentState.APPROVED,
        Submission.reviewed_at.is_not(None))
    if since is not None:
        query = query.where(Submission.reviewed_at >= since)
    if before is not None:
        query = query.where(Submission.reviewed_at < before)
    return query


def assignment_done_dates_for(trajectory_ids: Iterable[int]) -> dict[int, list[date]]:
    """Dates on which assignments were approved, per trajectory (one query)."""
    ids = list(trajectory_ids)
    result: dict[int, list[date]] = {tid: [] for tid in ids}
    if not ids:
        return result
    for tid, reviewed_at in db.session.execute(assignment_done_select(ids).order_by(Submission.reviewed_at)):
        result[tid].append(_local_date(reviewed_at))
    return result


def assignment_signals_for(trajectory_ids: Iterable[int], today: date,
                           trajectories: Iterable[Trajectory] | None = None) -> dict[int, AssignmentSignals]:
    """Overdue and waiting-for-review counts per trajectory, in two queries for any number.

    Pass the `trajectories` (with their pauses) when the caller has them already loaded:
    then it is one query.
    """
    ids = list(trajectory_ids)
    if not ids:
        return {}
    if trajectories is None:
        trajectories = db.session.scalars(
            select(Trajectory).where(Trajectory.id.in_(ids)).options(selectinload(Trajectory.pauses))
        ).all()
    states: dict[int, dict[str, str]] = defaultdict(dict)
    waiting: dict[int, int] = defaultdict(int)
    for tid, slug, state in db.session.execute(
        select(AssignmentWork.trajectory_id, AssignmentWork.assignment_slug, AssignmentWork.state)
        .where(AssignmentWork.trajectory_id.in_(ids))
    ).all():
        states[tid][slug] = state
        waiting[tid] += state == AssignmentState.SUBMITTED
    assignments = get_library().assignments
    result = {tid: AssignmentSignals() for tid in ids}
    for trajectory in trajectories:
        overdue = 0
        if trajectory.status == TrajectoryStatus.ACTIVE:  # else nothing counts as overdue
            pauses, own = trajectory.pause_periods, states[trajectory.id]
            for assignment in assignments:
                state = own.get(assignment.slug, AssignmentState.NOT_STARTED)
                if state in OPEN_STATES:  # only then can it be late: the due date is worked out only then
                    due = due_on(trajectory.spoor2_start, assignment.due_week, pauses, today)
                    overdue += counts_as_overdue(trajectory, state, due, today)
        result[trajectory.id] = AssignmentSignals(overdue=overdue, waiting_review=waiting.get(trajectory.id, 0))
    return result


def progress_for_overview(trajectory: Trajectory) -> list[ModuleProgress]:
    """Module progress for employer overviews: counts and approval dates, never the work itself."""
    return [
        ModuleProgress(s.module.slug, s.module.title, s.lessons_done, s.lessons_total, s.completed_on, s.approved)
        for s in module_statuses(trajectory.id)
    ]


def open_assignments(trajectory: Trajectory, today: date, within_days: int,
                     works: dict[str, AssignmentWork] | None = None) -> list[DueAssignment]:
    """Work not yet handed in that is overdue or due within `within_days` days, soonest first."""
    result = []
    for row in assignment_rows(trajectory, today, works=works):
        if row.state in (AssignmentState.SUBMITTED, AssignmentState.APPROVED):
            continue
        if (row.due_on - today).days <= within_days:
            result.append(DueAssignment(
                row.assignment.title, row.due_on,
                _path("learning.assignment", assignment_slug=row.assignment.slug),
                row.state.value, row.overdue,
            ))
    return sorted(result, key=lambda d: d.due_on)


def due_assignments(trajectory: Trajectory, today: date, within_days: int) -> list[DueAssignment]:
    """Assignments not yet handed in that fall due from today up to `within_days` days ahead.

    Overdue work is not repeated here (reminders would nag daily); see assignment_signals_for.
    """
    if trajectory.status != TrajectoryStatus.ACTIVE:
        return []
    return [d for d in open_assignments(trajectory, today, within_days) if d.due_on >= today]


EVENT_LABELS = {
    AssignmentState.SUBMITTED: "Opdracht ingeleverd: {title} (poging {attempt})",
    AssignmentState.APPROVED: "Opdracht goedgekeurd: {title}",
    AssignmentState.NEEDS_REVISION: "Feedback: {title} aanpassen (poging {attempt})",
}


def timeline_items(trajectory: Trajectory) -> list[tuple[datetime, str, str]]:
    """Hand-ins and reviews as (moment, label, url path), oldest first."""
    library = get_library()
    rows = db.session.execute(
        select(AssignmentEvent, AssignmentWork.assignment_slug)
        .join(AssignmentWork, AssignmentWork.id == AssignmentEvent.work_id)
        .where(AssignmentWork.trajectory_id == trajectory.id,
               AssignmentEvent.to_state.in_(list(EVENT_LABELS)))
        .order_by(AssignmentEvent.at, AssignmentEvent.id)
    ).all()
    items = []
    for event, slug in rows:
        assignment = library.assignment(slug)
        title = assignment.title if assignment else slug
        label = EVENT_LABELS[AssignmentState(event.to_state)].format(title=title, attempt=event.attempt or "")
        url = _path("learning.work", trajectory_id=trajectory.id, assignment_slug=slug)
        items.append((event.at, label, url))
    return items


def unseen_feedback(trajectory: Trajectory) -> list[Submission]:
    """Reviewed attempts whose feedback the candidate has not opened yet."""
    return list(db.session.scalars(
        select(Submission)
        .where(Submission.trajectory_id == trajectory.id, Submission.reviewed_at.is_not(None),
               Submission.feedback_seen_at.is_(None))
        .options(joinedload(Submission.work))
        .order_by(Submission.reviewed_at.desc())
    ))


__all__ = [
    "AssignmentSignals", "DueAssignment", "ModuleProgress", "LearningError", "IllegalTransition",
    "assignment_done_dates_for", "assignment_signals_for", "progress_for_overview", "due_assignments",
    "timeline_items",
]
