"""The plan pages' query counts do not grow with more versions, phases or trajectories."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import event

from portal.extensions import db
from portal.plan import casework, services
from tests.factories import OrganisationFactory, TrajectoryFactory, UserFactory
from tests.plan.factories import IntakeFactory, publish


def _build(size: int):
    advisor = UserFactory(advisor=True)
    org = OrganisationFactory()
    employer = UserFactory(employer=True, organisation=org)
    trajectories = [TrajectoryFactory(advisors=[advisor], employer=org) for _ in range(size)]
    for t in trajectories:
        IntakeFactory(trajectory=t)
        for i in range(size):
            version = publish(t, 2 + i, effective_from=t.spoor2_start + timedelta(weeks=i))
            services.confirm_version(version, t.candidate)
            services.add_view(version, employer, f"Zienswijze {i}")
        for i, phase in enumerate(["orientation", "profile_cv", "application_skills", "job_hunting"][:size]):
            services.change_phase(t, phase, t.spoor2_start + timedelta(weeks=i), advisor)
        casework.record_placement(t, advisor, organisation="Org", role="Rol", hours_per_week=20,
                                  start_on=date.today(), kind="paid_job")
    db.session.commit()
    return advisor, employer, trajectories[0]


def _count(client, url) -> int:
    statements = []

    def listener(*args):
        statements.append(args)

    client.get(url)
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert response.status_code == 200, url
    return len(statements)


def test_plan_pages_do_not_grow_with_data(client, auth, login_as):
    counts = []
    for size in (2, 4):
        advisor, employer, t = _build(size)
        auth.logout()
        login_as(advisor)
        row = [_count(client, u)
               for u in (f"/trajecten/{t.id}/plan", "/plannen", "/home", f"/trajecten/{t.id}/plan/versies/2")]
        auth.logout()
        login_as(employer)
        row.append(_count(client, "/home"))
        counts.append(row)
    assert counts[0] == counts[1]
