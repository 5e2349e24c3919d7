"""Creating trajectories: one open trajectory per candidate."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.policy import current_trajectory
from portal.trajectory.models import Trajectory, TrajectoryStatus
from tests.factories import OrganisationFactory, TrajectoryFactory, UserFactory


def _form(candidate, employer, advisor):
    return {
        "candidate_id": candidate.id, "employer_id": employer.id, "advisor_ids": [advisor.id],
        "first_sick_day": "2025-01-06", "spoor2_start": "2026-01-05", "weekly_target": "2",
    }


def test_second_open_trajectory_is_refused(client, login_as):
    existing = TrajectoryFactory()
    admin = login_as(UserFactory(admin=True))
    assert admin
    advisor, employer = UserFactory(advisor=True), OrganisationFactory()
    response = client.post("/beheer/trajecten/nieuw", data=_form(existing.candidate, employer, advisor))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "heeft al een traject dat niet is afgesloten" in html
    assert 'id="candidate_id-error"' in html
    count = db.session.scalar(select(func.count(Trajectory.id)).where(Trajectory.candidate_id == existing.candidate_id))
    assert count == 1


def test_new_trajectory_after_a_closed_one_is_allowed(client, login_as):
    existing = TrajectoryFactory(status=TrajectoryStatus.CLOSED.value)
    login_as(UserFactory(admin=True))
    advisor, employer = UserFactory(advisor=True), OrganisationFactory()
    response = client.post("/beheer/trajecten/nieuw", data=_form(existing.candidate, employer, advisor))
    assert response.status_code == 302
    count = db.session.scalar(select(func.count(Trajectory.id)).where(Trajectory.candidate_id == existing.candidate_id))
    assert count == 2


def test_current_trajectory_prefers_open_over_newer_closed(app):
    open_one = TrajectoryFactory(spoor2_start=date.today() - timedelta(weeks=20))
    TrajectoryFactory(
        candidate=open_one.candidate, status=TrajectoryStatus.CLOSED.value,
        spoor2_start=date.today() - timedelta(weeks=2),
    )
    db.session.flush()
    assert current_trajectory(open_one.candidate) == open_one


def test_candidate_portal_shows_the_open_trajectory(client, login_as):
    open_one = TrajectoryFactory(spoor2_start=date.today() - timedelta(weeks=20))
    newer = TrajectoryFactory(
        candidate=open_one.candidate, status=TrajectoryStatus.CLOSED.value,
        spoor2_start=date.today() - timedelta(weeks=2),
    )
    login_as(open_one.candidate)
    html = client.get("/mijn-traject", follow_redirects=True).get_data(as_text=True)
    assert open_one.reference in html
    assert newer.reference not in html


def test_duplicated_advisor_ids_count_once(client, login_as):
    login_as(UserFactory(admin=True))
    candidate, advisor, employer = UserFactory(), UserFactory(advisor=True), OrganisationFactory()
    data = {**_form(candidate, employer, advisor), "advisor_ids": [advisor.id, advisor.id]}
    assert client.post("/beheer/trajecten/nieuw", data=data).status_code == 302
    trajectory = db.session.scalars(select(Trajectory).where(Trajectory.candidate_id == candidate.id)).one()
    assert [a.id for a in trajectory.advisors] == [advisor.id]


def test_implausible_first_sick_day_rerenders_with_dutch_message(client, login_as):
    login_as(UserFactory(admin=True))
    candidate, advisor, employer = UserFactory(), UserFactory(advisor=True), OrganisationFactory()
    response = client.post("/beheer/trajecten/nieuw", data={**_form(candidate, employer, advisor),
                                                           "first_sick_day": "0025-01-06"})
    assert response.status_code == 200 and "Controleer het jaartal" in response.get_data(as_text=True)
