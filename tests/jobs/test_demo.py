"""The demo seeder fills the job board once, deterministically."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.jobs.models import Recommendation, SavedVacancy, SearchProfile, Vacancy


def _counts():
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in
                 (Vacancy, SearchProfile, Recommendation, SavedVacancy))


def test_demo_fills_the_job_board(demo):
    first = _counts()
    assert first[0] >= 300 and first[1] == 2 and first[2] == 6 and first[3] == 4
    assert db.session.scalar(select(func.count()).select_from(Vacancy).where(Vacancy.lat.is_(None))) == 0
