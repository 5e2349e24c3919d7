"""Services: attempts and history, reviews, queue scope, claims, snippets, contracts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event

from portal.extensions import db
from portal.learning import services
from portal.learning.models import AssignmentEvent
from portal.learning.rules import AssignmentState, IllegalTransition
from portal.trajectory.models import TrajectoryStatus
from tests.factories import PauseFactory, TrajectoryFactory, UserFactory, world
from tests.learning.conftest import hand_in
from tests.learning.factories import FeedbackSnippetFactory, LessonProgressFactory


def test_resubmission_keeps_every_attempt_with_its_own_feedback(assignment):
    w = world()
    t, advisor = w["t1"], w["advisor1"]
    first = hand_in(t, assignment, "versie een")
    services.review(first, advisor, approve=False, feedback="Maak het concreter.")
    services.save_draft(t, assignment, t.candidate, "versie twee")
    second = hand_in(t, assignment, "versie twee")
    services.review(second, advisor, approve=True, feedback="Top.")
    db.session.flush()
    work = services.work_for(t, assignment)
    assert [s.attempt for s in work.submissions] == [1, 2]
    assert [s.text for s in work.submissions] == ["versie een", "versie twee"]
    assert [s.status for s in work.submissions] == ["needs_revision", "approved"]
    assert [s.feedback for s in work.submissions] == ["Maak het concreter.", "Top."]
    assert work.state == AssignmentState.APPROVED
    assert first.content_version == "basis@3"
    states = [(e.from_state, e.to_state, e.attempt) for e in work.events]
    assert states == [
        ("not_started", "draft", None), ("draft", "submitted", 1), ("submitted", "needs_revision", 1),
        ("needs_revision", "submitted", 2), ("submitted", "approved", 2)]
    assert all(e.at is not None and e.actor_id for e in work.events)


def test_handed_in_work_cannot_be_handed_in_or_drafted_again(assignment):
    t = TrajectoryFactory()
    hand_in(t, assignment)
    with pytest.raises(IllegalTransition):
        hand_in(t, assignment)
    with pytest.raises(IllegalTransition):
        services.save_draft(t, assignment, t.candidate, "nog iets")


def test_approved_work_is_locked(assignment):
    t = TrajectoryFactory()
    services.review(hand_in(t, assignment), t.advisors[0], approve=True, feedback="")
    with pytest.raises(IllegalTransition):
        hand_in(t, assignment)
    with pytest.raises(IllegalTransition):
        services.review(services.work_for(t, assignment).latest, t.advisors[0], approve=False, feedback="x")


def test_revision_needs_feedback_and_only_the_latest_attempt_is_reviewed(assignment):
    t = TrajectoryFactory()
    first = hand_in(t, assignment)
    with pytest.raises(services.LearningError):
        services.review(first, t.advisors[0], approve=False, feedback="  ")
    services.review(first, t.advisors[0], approve=False, feedback="Opnieuw")
    hand_in(t, assignment, "nieuw")
    with pytest.raises(services.LearningError):
        services.review(first, t.advisors[0], approve=True, feedback="")


def test_failed_submit_keeps_the_draft(file_assignment):
    t = TrajectoryFactory()
    with pytest.raises(services.LearningError):
        services.submit(t, file_assignment, t.candidate, "mijn toelichting")
    db.session.flush()
    work = services.work_for(t, file_assignment)
    assert work.state == AssignmentState.DRAFT
    assert work.draft_text == "mijn toelichting"
    assert work.submissions == []


def test_empty_autosave_does_not_start_the_assignment(assignment):
    t = TrajectoryFactory()
    work = services.save_draft(t, assignment, t.candidate, "   ")
    assert work.state == AssignmentState.NOT_STARTED
    assert work.events == []


def test_review_queue_shows_only_the_advisors_caseload_oldest_first(assignment, library):
    w = world()
    shared = TrajectoryFactory(advisors=[w["advisor1"], UserFactory(advisor=True)])
    now = datetime.now(UTC)
    newer = hand_in(w["t1"], assignment, at=now - timedelta(days=1))
    older = hand_in(shared, assignment, at=now - timedelta(days=3))
    other = hand_in(w["t2"], assignment, at=now - timedelta(days=5))
    hand_in(w["t1"], library.assignment("beide-opdracht"), at=now)
    db.session.flush()
    queue = services.review_queue(w["advisor1"])
    assert queue[:2] == [older, newer]
    assert other not in queue
    assert services.review_queue(w["advisor2"]) == [other]
    services.review(older, w["advisor1"], approve=True, feedback="")
    assert older not in services.review_queue(w["advisor1"])


def test_claims_keep_two_advisors_from_doing_the_same_work(assignment):
    a, b = UserFactory(advisor=True), UserFactory(advisor=True)
    t = TrajectoryFactory(advisors=[a, b])
    submission = hand_in(t, assignment)
    services.claim(submission, a)
    db.session.flush()
    assert services.active_claimer(submission) == a
    with pytest.raises(services.LearningError, match=a.name):
        services.claim(submission, b)
    with pytest.raises(services.LearningError):
        services.review(submission, b, approve=True, feedback="")
    with pytest.raises(services.LearningError):
        services.release(submission, b)
    services.release(submission, a)
    assert services.active_claimer(submission) is None
    services.claim(submission, b)
    services.review(submission, b, approve=True, feedback="")
    assert submission.claimed_by_id is None and submission.reviewer_id == b.id


def test_a_stale_claim_can_be_taken_over(assignment):
    a, b = UserFactory(advisor=True), UserFactory(advisor=True)
    t = TrajectoryFactory(advisors=[a, b])
    submission = hand_in(t, assignment)
    services.claim(submission, a, now=datetime.now(UTC) - timedelta(days=5))
    services.claim(submission, b)
    assert submission.claimed_by_id == b.id


def test_snippets_belong_to_one_advisor_and_assignment():
    mine = FeedbackSnippetFactory(title="B", body="Noem een resultaat.")
    advisor = db.session.get(type(UserFactory()), mine.advisor_id)
    FeedbackSnippetFactory(advisor_id=advisor.id, title="A")
    FeedbackSnippetFactory(advisor_id=advisor.id, assignment_slug="bestand-opdracht")
    FeedbackSnippetFactory()  # someone else's
    snippets = services.snippets_for(advisor, "tekst-opdracht")
    assert [s.title for s in snippets] == ["A", "B"]
    services.delete_snippet(snippets[0])
    assert [s.title for s in services.snippets_for(advisor, "tekst-opdracht")] == ["B"]
    assert services.snippet_or_none(UserFactory(advisor=True), mine.id) is None
    assert services.compose_feedback("Goed werk.", [mine]) == "Goed werk.\n\nNoem een resultaat."
    assert services.compose_feedback("Noem een resultaat.", [mine]) == "Noem een resultaat."


def _trajectory_started(weeks_ago: int, **kwargs):
    return TrajectoryFactory(spoor2_start=date.today() - timedelta(weeks=weeks_ago), **kwargs)


def test_signals_count_overdue_and_waiting(assignment, file_assignment):
    today = date.today()
    late = _trajectory_started(5)  # weeks 1 and 2 passed: two assignments overdue
    hand_in(late, assignment)  # ... one of them now handed in and waiting
    fresh = _trajectory_started(0)
    paused = _trajectory_started(5, status=TrajectoryStatus.PAUSED.value)
    signals = services.assignment_signals_for([late.id, fresh.id, paused.id], today)
    assert signals[late.id] == services.AssignmentSignals(overdue=1, waiting_review=1)
    assert signals[fresh.id] == services.AssignmentSignals(overdue=0, waiting_review=0)
    assert signals[paused.id].overdue == 0
    assert services.assignment_signals_for([], today) == {}


def test_paused_weeks_do_not_make_work_overdue(assignment):
    t = _trajectory_started(2)
    PauseFactory(trajectory=t, start_date=t.spoor2_start, end_date=t.spoor2_start + timedelta(days=13))
    db.session.flush()
    db.session.refresh(t)
    assert services.assignment_signals_for([t.id], date.today())[t.id].overdue == 0


def test_signals_use_a_constant_number_of_queries(app, assignment):
    def count(ids):
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            services.assignment_signals_for(ids, date.today())
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    one = [_trajectory_started(5).id]
    db.session.flush()
    many = [_trajectory_started(5).id for _ in range(6)]
    for tid in many[:3]:
        hand_in(db.session.get(type(TrajectoryFactory()), tid), assignment)
    db.session.commit()
    assert count(one) == count(one + many)


def test_done_dates_progress_and_timeline(assignment, library):
    t = TrajectoryFactory()
    reviewed = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    services.review(hand_in(t, assignment, at=reviewed - timedelta(days=1)), t.advisors[0], approve=True,
                    feedback="", at=reviewed)
    LessonProgressFactory(trajectory_id=t.id, module_slug="basis", lesson_slug="tekst")
    db.session.flush()
    assert services.assignment_done_dates_for([t.id, 999]) == {t.id: [date(2026, 3, 2)], 999: []}
    progress = services.progress_for_overview(t)
    basis = progress[0]
    assert (basis.slug, basis.lessons_done, basis.lessons_total) == ("basis", 1, 2)
    assert basis.approved == [("Schrijf een tekst", date(2026, 3, 2))]
    assert basis.completed_on is None
    items = services.timeline_items(t)
    assert [label for _, label, _ in items] == [
        "Opdracht ingeleverd: Schrijf een tekst (poging 1)", "Opdracht goedgekeurd: Schrijf een tekst"]
    assert items[0][2] == f"/trajecten/{t.id}/leren/tekst-opdracht"


def test_module_completed_when_lessons_done_and_assignments_approved(assignment, file_assignment):
    t = TrajectoryFactory()
    for lesson in ("tekst", "bestand"):
        LessonProgressFactory(trajectory_id=t.id, module_slug="basis", lesson_slug=lesson)
    services.review(hand_in(t, assignment), t.advisors[0], approve=True, feedback="")
    work = services.save_draft(t, file_assignment, t.candidate, "x")
    assert services.progress_for_overview(t)[0].completed_on is None
    assert work.state == "draft"


def test_due_assignments_lists_open_work_due_soon(assignment, file_assignment):
    t = _trajectory_started(0)  # week 1 ends in six days, week 2 in thirteen
    today = date.today()
    due = services.due_assignments(t, today, within_days=7)
    assert [d.title for d in due] == ["Schrijf een tekst"]
    assert due[0].url == "/leren/opdrachten/tekst-opdracht"
    hand_in(t, assignment)
    assert [d.title for d in services.due_assignments(t, today, within_days=14)] == ["Lever een bestand in"]


def test_due_assignments_leaves_out_overdue_work_and_inactive_trajectories(assignment):
    today = date.today()
    late = _trajectory_started(5)
    assert services.due_assignments(late, today, within_days=7) == []
    assert [d.overdue for d in services.open_assignments(late, today, within_days=7)] == [True, True]
    paused = _trajectory_started(1, status=TrajectoryStatus.PAUSED.value)
    assert services.due_assignments(paused, today, within_days=14) == []


def test_events_are_never_removed_by_later_changes(assignment):
    t = TrajectoryFactory()
    first = hand_in(t, assignment)
    services.review(first, t.advisors[0], approve=False, feedback="x")
    db.session.flush()
    before = db.session.query(AssignmentEvent).count()
    hand_in(t, assignment, "y")
    db.session.flush()
    assert db.session.query(AssignmentEvent).count() == before + 1
