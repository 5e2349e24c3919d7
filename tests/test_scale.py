"""The scale-data generator: deterministic, consistent, and usable afterwards."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from portal.diary.models import DiaryEntry
from portal.extensions import db
from portal.scale.generate import ScaleSpec, generate
from portal.trajectory.models import Trajectory
from tests.factories import TrajectoryFactory

SPEC = dict(trajectories=12, advisors=3, employers=2, years=0.5, vacancies=20, seed=7, today=date(2026, 6, 1))


def _fingerprint():
    return db.session.execute(
        select(DiaryEntry.trajectory_id, DiaryEntry.entry_date, DiaryEntry.kind)
        .order_by(DiaryEntry.trajectory_id, DiaryEntry.entry_date, DiaryEntry.kind)
    ).all()


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
    for table in ("diary_entries", "week_reviews", "pauses", "trajectory_advisors", "trajectories", "vacancies"):
        db.session.execute(db.metadata.tables[table].delete())
    db.session.execute(db.metadata.tables["users"].delete())
    db.session.execute(db.metadata.tables["organisations"].delete())
    db.session.commit()
    generate(ScaleSpec(**SPEC))
    second = _fingerprint()
    # Ids differ per run; the content per (ordinal) trajectory does not.
    assert [(d, k) for _, d, k in first] == [(d, k) for _, d, k in second]


def test_ordinary_inserts_work_after_generation(app):
    generate(ScaleSpec(**SPEC))
    trajectory = TrajectoryFactory()  # would clash with a stale PostgreSQL sequence
    db.session.commit()
    assert trajectory.id > 12
