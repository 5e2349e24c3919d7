"""Query budgets: a page's number of SQL queries must not grow with the amount of data.

Each page is rendered for a small bureau and for one four times larger (more candidates in
the caseload, longer histories); the statement counts must be equal.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from flask import url_for
from sqlalchemy import event, func, select

from portal.auth.models import User
from portal.diary.models import DiaryEntry
from portal.domain.weeks import Week
from portal.extensions import db
from portal.scale.generate import ScaleSpec, generate
from portal.trajectory.models import Trajectory, trajectory_advisors

TODAY = date.today()
SMALL = ScaleSpec(trajectories=4, advisors=1, employers=1, years=0.25, vacancies=30, seed=3, today=TODAY)
LARGE = ScaleSpec(trajectories=16, advisors=1, employers=1, years=1.0, vacancies=120, seed=3, today=TODAY)

# name, role, endpoint, values builder (from the busiest trajectory)
PAGES = [
    ("candidate home", "candidate", "core.home", lambda t: {}),
    ("diary", "candidate", "diary.index", lambda t: {}),
    ("diary week", "candidate", "diary.week", lambda t: {"trajectory_id": t.id, "week": Week.of(TODAY).key}),
    ("learning library", "candidate", "learning.index", lambda t: {}),
    ("job search", "candidate", "jobs.index", lambda t: {"q": "medewerker"}),
    ("trajectory page", "candidate", "trajectory.show", lambda t: {"trajectory_id": t.id}),
    ("advisor home", "advisor", "core.home", lambda t: {}),
    ("advisor dashboard", "advisor", "advisor.dashboard", lambda t: {}),
    ("candidate file", "advisor", "advisor.candidate_file", lambda t: {"trajectory_id": t.id}),
    ("review queue", "advisor", "learning.review_queue", lambda t: {}),
    ("trajectory list", "advisor", "trajectory.index", lambda t: {}),
    ("employer home", "employer", "core.home", lambda t: {}),
    # More main pages (the generator also fills learning work, appointments, notes and plans).
    ("learning module", "candidate", "learning.module", lambda t: {"module_slug": "cv"}),
    ("notifications", "candidate", "timeline.notifications", lambda t: {}),
    ("my data views", "candidate", "audit.my_views", lambda t: {}),
    ("plan page", "advisor", "plan.show", lambda t: {"trajectory_id": t.id}),
    ("trajectory diary", "advisor", "diary.trajectory_diary", lambda t: {"trajectory_id": t.id}),
    ("milestones", "advisor", "timeline.milestones", lambda t: {"trajectory_id": t.id}),
    ("employer overview page", "employer", "reports.trajectory_overview", lambda t: {"trajectory_id": t.id}),
    ("employer portal", "employer", "employer.index", lambda t: {}),
    ("employer reports", "employer", "progress_reports.employer_list", lambda t: {}),
    ("trajectory reports", "advisor", "progress_reports.trajectory_reports", lambda t: {"trajectory_id": t.id}),
]


@contextmanager
def count_queries():
    statements: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listener)


@contextmanager
def transaction_endings():
    seen: list[str] = []
    listeners = {"commit": lambda conn: seen.append("commit"), "rollback": lambda conn: seen.append("rollback")}
    for name, listener in listeners.items():
        event.listen(db.engine, name, listener)
    try:
        yield seen
    finally:
        for name, listener in listeners.items():
            event.remove(db.engine, name, listener)


def _people():
    advisor_id = db.session.scalar(
        select(trajectory_advisors.c.advisor_id).group_by(trajectory_advisors.c.advisor_id)
        .order_by(func.count().desc()).limit(1))
    trajectory_id = db.session.scalar(
        select(DiaryEntry.trajectory_id).group_by(DiaryEntry.trajectory_id).order_by(func.count().desc()).limit(1))
    trajectory = db.session.get(Trajectory, trajectory_id)
    employer = db.session.scalar(select(User).where(User.organisation_id == trajectory.employer_id))
    return {"candidate": trajectory.candidate, "advisor": db.session.get(User, advisor_id),
            "employer": employer}, trajectory


def _count(app, spec, role, endpoint, values_for, login_as) -> int:
    generate(spec)
    people, trajectory = _people()
    client = app.test_client()
    login_as(people[role], client=client)
    with app.test_request_context():
        url = url_for(endpoint, **values_for(trajectory))
    client.get(url)  # warm caches (content, templates)
    with count_queries() as statements, transaction_endings() as endings:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    # Every statement of a main page is on portal.transactions' allow-list of plain reads,
    # so the request ends with COMMIT (and on PostgreSQL reads without BEGIN).
    assert endings and "rollback" not in endings, f"{url}: {endings}"
    return len(statements)


@pytest.mark.parametrize("name,role,endpoint,values_for", PAGES, ids=[p[0] for p in PAGES])
def test_query_count_does_not_grow_with_data(app, name, role, endpoint, values_for, login_client):
    if endpoint not in app.view_functions:
        pytest.skip(f"{endpoint} is not part of this build")
    small = _count(app, SMALL, role, endpoint, values_for, login_client)
    from tests.conftest import _clean_all

    _clean_all()
    large = _count(app, LARGE, role, endpoint, values_for, login_client)
    assert large == small, f"{name}: {small} queries on small data, {large} on data four times larger"
