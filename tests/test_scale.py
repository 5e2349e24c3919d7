"""The scale-data generator: deterministic, consistent, and usable afterwards."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from portal.advisor.models import Appointment, Note
from portal.diary.models import DiaryEntry
from portal.extensions import db
from portal.learning.models import AssignmentWork, Submission
from portal.plan.models import PlanVersion
from portal.scale.generate import ScaleSpec, generate
from portal.trajectory.models import Trajectory
from tests.factories import TrajectoryFactory

SPEC = dict(trajectories=12, advisors=3, employers=2, years=0.5, vacancies=20, seed=7, today=date(2026, 6, 1))


def _fingerprint():
    return db.session.execute(
        select(DiaryEntry.trajectory_id, DiaryEntry.entry_date, DiaryEntry.kind)
        .order_by(DiaryEntry.trajectory_id, DiaryEntry.entry_date, DiaryEntry.kind)
    ).all()


def _extra_fingerprint():
    """Learning work, contacts, notes and plans, without ids."""
    return (
        db.session.execute(select(AssignmentWork.assignment_slug, AssignmentWork.state)
                           .order_by(AssignmentWork.id)).all(),
        db.session.execute(select(Appointment.starts_at, Appointment.status).order_by(Appointment.id)).all(),
        db.session.execute(select(Note.created_at, Note.visibility).order_by(Note.id)).all(),
        db.session.execute(select(PlanVersion.number, PlanVersion.effective_from, PlanVersion.weekly_target)
                           .order_by(PlanVersion.id)).all(),
    )


def test_generator_fills_learning_contacts_notes_and_plans(app):
    counts = generate(ScaleSpec(**SPEC))
    for name in ("assignment_work", "submissions", "appointments", "notes", "plan_versions"):
        assert counts[name] > 0, name
    # Every trajectory has a plan, and the latest version carries the trajectory's target.
    latest = {}
    for tid, number, target in db.session.execute(
            select(PlanVersion.trajectory_id, PlanVersion.number, PlanVersion.weekly_target)
            .order_by(PlanVersion.trajectory_id, PlanVersion.number)):
        latest[tid] = target
    targets = dict(db.session.execute(select(Trajectory.id, Trajectory.weekly_target)).all())
    assert latest == targets
    # Submissions belong to their work's trajectory; approved work has a reviewed attempt.
    wrong = db.session.scalar(select(func.count()).select_from(Submission).join(AssignmentWork)
                              .where(Submission.trajectory_id != AssignmentWork.trajectory_id))
    assert wrong == 0
    unreviewed = db.session.scalar(
        select(func.count()).select_from(AssignmentWork)
        .where(AssignmentWork.state == "approved", ~AssignmentWork.submissions.any(Submission.status == "approved")))
    assert unreviewed == 0
    # No appointment is planned in the past; held ones have a report.
    held_without_report = db.session.scalar(select(func.count()).select_from(Appointment).where(
        Appointment.status == "held", Appointment.agreements == ""))
    assert held_without_report == 0


def test_generator_is_deterministic_and_consistent(app):
    steps = []
    counts = generate(ScaleSpec(**SPEC), progress=lambda step, n: steps.append(step))
    assert counts["trajectories"] == 12 and counts["vacancies"] == 20
    assert counts["diary_entries"] > 12 * 10
    assert "dagboek" in steps
    # Every entry lies between its trajectory's spoor 2 start and "today".
    bad = db.session.scalar(
        select(func.count()).select_from(DiaryEntry).join(Trajectory)
        .where((DiaryEntry.entry_date < Trajectory.spoor2_start) | (DiaryEntry.entry_date > SPEC["today"]))
    )
    assert bad == 0


def test_same_seed_gives_the_same_rows(app):
    generate(ScaleSpec(**SPEC))
    first = _fingerprint()
    first_extra = _extra_fingerprint()
    for table in ("learning_assignment_events", "learning_submissions", "learning_assignment_work", "appointments",
                  "notes", "plan_confirmations", "plan_activities", "planned_phases", "plan_versions",
                  "phase_changes", "diary_entries", "week_reviews", "pauses", "trajectory_advisors", "trajectories",
                  "vacancies"):
        db.session.execute(db.metadata.tables[table].delete())
    db.session.execute(db.metadata.tables["users"].delete())
    db.session.execute(db.metadata.tables["organisations"].delete())
    db.session.commit()
    generate(ScaleSpec(**SPEC))
    second = _fingerprint()
    # Ids differ per run; the content per (ordinal) trajectory does not.
    assert [(d, k) for _, d, k in first] == [(d, k) for _, d, k in second]
    assert first_extra == _extra_fingerprint()


def test_ordinary_inserts_work_after_generation(app):
    generate(ScaleSpec(**SPEC))
    trajectory = TrajectoryFactory()  # would clash with a stale PostgreSQL sequence
    db.session.commit()
    assert trajectory.id > 12
