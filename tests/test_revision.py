"""trajectories.revision goes up with every write to what the trajectory's pages show."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, insert, select, update

from portal.advisor.models import Appointment
from portal.auth.models import User
from portal.diary.models import (
    Addendum,
    Attachment,
    DiaryEntry,
    WeekReason,
    WeekReasonHistory,
    WeekReview,
    WeekReviewHistory,
)
from portal.extensions import db
from portal.learning.models import AssignmentWork, Submission
from portal.plan.models import PlanVersion
from portal.trajectory.models import Pause, Trajectory, trajectory_advisors
from portal.trajectory.revision import TABLES, trigger_names
from tests.factories import TrajectoryFactory, UserFactory

MONDAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 3, 10, tzinfo=UTC)


def _revision(trajectory_id: int) -> int:
    return db.session.execute(select(Trajectory.revision).where(Trajectory.id == trajectory_id)).scalar_one()


def _entry(tid: int) -> int:
    return db.session.execute(insert(DiaryEntry).values(trajectory_id=tid, entry_date=MONDAY, kind="networking")
                              .returning(DiaryEntry.id)).scalar_one()


def _work(tid: int) -> int:
    return db.session.execute(insert(AssignmentWork).values(trajectory_id=tid, module_slug="cv", assignment_slug="a")
                              .returning(AssignmentWork.id)).scalar_one()


# table -> (insert values for trajectory `tid`, an update's values); written with plain SQL,
# as an import or a bulk job would: the triggers must not depend on the ORM.
ROWS = {
    "diary_entries": (DiaryEntry, lambda tid: {"trajectory_id": tid, "entry_date": MONDAY, "kind": "networking"},
                      {"status": "rejected"}),
    "diary_addenda": (Addendum, lambda tid: {"entry_id": _entry(tid), "text": "Correctie"}, {"text": "Anders"}),
    "diary_attachments": (Attachment, lambda tid: {"entry_id": _entry(tid), "folder": "f", "stored_name": "s",
                                                   "original_name": "brief.pdf", "content_type": "application/pdf",
                                                   "size": 10, "sha256": "0" * 64}, {"deleted_at": NOW}),
    "week_reviews": (WeekReview, lambda tid: {"trajectory_id": tid, "week_monday": MONDAY, "sufficient": True},
                     {"sufficient": False}),
    "week_reasons": (WeekReason, lambda tid: {"trajectory_id": tid, "week_monday": MONDAY, "reason": "Ziek"},
                     {"reason": "Gesprek"}),
    "week_review_history": (WeekReviewHistory, lambda tid: {"trajectory_id": tid, "week_monday": MONDAY,
                                                            "sufficient": True, "reason": ""}, {"sufficient": False}),
    "week_reason_history": (WeekReasonHistory, lambda tid: {"trajectory_id": tid, "week_monday": MONDAY,
                                                            "reason": "Ziek"}, {"reason": "Gesprek"}),
    "learning_submissions": (Submission, lambda tid: {"work_id": _work(tid), "trajectory_id": tid, "attempt": 1,
                                                      "content_version": "1"}, {"status": "approved"}),
    "appointments": (Appointment, lambda tid: {"trajectory_id": tid, "kind": "coaching", "status": "planned",
                                               "starts_at": NOW, "duration_minutes": 30}, {"status": "held"}),
    "plan_versions": (PlanVersion, lambda tid: {"trajectory_id": tid, "number": 1, "effective_from": MONDAY,
                                                "weekly_target": 2}, {"weekly_target": 3}),
    "pauses": (Pause, lambda tid: {"trajectory_id": tid, "start_date": MONDAY, "reason": "Ziek"},
               {"end_date": MONDAY + timedelta(days=5)}),
}


def test_every_table_of_the_revision_has_a_case_here():
    assert {table for table, _ in TABLES} == set(ROWS) | {"trajectory_advisors"}


@pytest.mark.parametrize("table", sorted(ROWS))
def test_insert_update_and_delete_raise_the_revision(app, table):
    model, values, changes = ROWS[table]
    mine, other = TrajectoryFactory(), TrajectoryFactory()
    db.session.commit()
    before, others = _revision(mine.id), _revision(other.id)
    row_id = db.session.execute(insert(model).values(**values(mine.id)).returning(model.id)).scalar_one()
    after_insert = _revision(mine.id)
    assert after_insert > before
    db.session.execute(update(model).where(model.id == row_id).values(**changes))
    after_update = _revision(mine.id)
    assert after_update > after_insert
    db.session.execute(delete(model).where(model.id == row_id))
    assert _revision(mine.id) > after_update
    assert _revision(other.id) == others  # another trajectory's pages are untouched


def test_advisors_the_trajectory_itself_and_names_raise_it(app):
    mine, other = TrajectoryFactory(), TrajectoryFactory()
    db.session.commit()
    before, others = _revision(mine.id), _revision(other.id)
    advisor = UserFactory(advisor=True)
    db.session.flush()
    db.session.execute(insert(trajectory_advisors).values(trajectory_id=mine.id, advisor_id=advisor.id))
    step = _revision(mine.id)
    assert step > before
    db.session.execute(update(Trajectory).where(Trajectory.id == mine.id).values(weekly_target=4))
    assert _revision(mine.id) == step + 1
    db.session.execute(update(User).where(User.id == advisor.id).values(name="Nieuwe Naam"))
    assert _revision(mine.id) == step + 2
    db.session.execute(update(User).where(User.id == mine.candidate_id).values(email="ander@example.nl"))
    assert _revision(mine.id) == step + 2  # only names are shown
    assert _revision(other.id) == others


def test_the_triggers_exist_in_the_database(app):
    names = trigger_names(db.engine.dialect.name)
    if db.engine.dialect.name == "sqlite":
        found = set(db.session.scalars(select(db.text("name")).select_from(db.text("sqlite_master"))
                                       .where(db.text("type = 'trigger'"))))
    else:
        found = set(db.session.scalars(db.text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")))
    assert names <= found
