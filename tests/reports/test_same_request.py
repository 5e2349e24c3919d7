"""Asking twice for the same overview returns the stored one with its code (issue 25)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.casefile import issued
from portal.clock import local_today
from portal.extensions import db
from portal.reports.models import GeneratedOverview
from tests.diary.factories import DiaryEntryFactory
from tests.factories import TrajectoryFactory, UserFactory


def _count() -> int:
    return db.session.scalar(select(func.count(GeneratedOverview.id)))


@pytest.mark.parametrize("fmt", ["csv-nl", "csv", "xlsx", "pdf"])
def test_the_same_request_returns_the_stored_overview_and_its_code(app, fmt):
    today = local_today()
    t = TrajectoryFactory(spoor2_start=today - timedelta(weeks=6))
    employer = UserFactory(role="employer", organisation=t.employer)
    db.session.flush()
    first, content = issued.generate_overview(t, employer, t.spoor2_start, today, fmt, today)
    db.session.flush()
    again, same = issued.generate_overview(t, employer, t.spoor2_start, today, fmt, today)
    assert (again.id, again.verification_code) == (first.id, first.verification_code) and _count() == 1
    assert hashlib.sha256(same).hexdigest() == first.sha256  # what is sent still verifies
    # New data, another period or another person: a new overview with a new code.
    DiaryEntryFactory(trajectory=t, entry_date=today - timedelta(weeks=2))
    db.session.flush()
    changed, _ = issued.generate_overview(t, employer, t.spoor2_start, today, fmt, today)
    other_period, _ = issued.generate_overview(t, employer, t.spoor2_start + timedelta(days=7), today, fmt, today)
    advisor = UserFactory(advisor=True)
    db.session.flush()
    by_advisor, _ = issued.generate_overview(t, advisor, t.spoor2_start, today, fmt, today)
    codes = {first.verification_code, changed.verification_code, other_period.verification_code,
             by_advisor.verification_code}
    assert len(codes) == 4 and _count() == 4


def test_clicking_download_twice_stores_one_overview(client, login_as):
    today = local_today()
    t = TrajectoryFactory(spoor2_start=today - timedelta(weeks=6))
    login_as(UserFactory(role="employer", organisation=t.employer))
    for _ in range(2):
        assert client.post(f"/trajecten/{t.id}/overzicht.csv").status_code == 200
    assert _count() == 1
