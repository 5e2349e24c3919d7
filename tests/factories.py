"""factory_boy factories for the shared models; features add theirs next to their tests."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory

from portal.auth.models import Organisation, Role, User
from portal.auth.services import hash_password
from portal.trajectory.models import Pause, Trajectory, TrajectoryStatus

PASSWORD = "correct horse battery staple"  # noqa: S105 - test password
_PASSWORD_HASH = hash_password(PASSWORD)
_FACTORIES: list[type[SQLAlchemyModelFactory]] = []


def bind_factories(session) -> None:
    """Point every factory at the current test's session."""
    for factory_class in _FACTORIES:
        factory_class._meta.sqlalchemy_session = session


def register(factory_class):
    _FACTORIES.append(factory_class)
    return factory_class


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_persistence = "flush"


@register
class OrganisationFactory(BaseFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Werkgever {n} B.V.")
    city = "Utrecht"


@register
class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.nl")
    name = factory.Sequence(lambda n: f"Persoon {n}")
    role = Role.CANDIDATE.value
    password_hash = _PASSWORD_HASH
    active = True
    organisation = None

    class Params:
        candidate = factory.Trait(role=Role.CANDIDATE.value)
        advisor = factory.Trait(role=Role.ADVISOR.value)
        admin = factory.Trait(role=Role.ADMIN.value)
        employer = factory.Trait(
            role=Role.EMPLOYER.value, organisation=factory.SubFactory(OrganisationFactory)
        )


@register
class TrajectoryFactory(BaseFactory):
    class Meta:
        model = Trajectory

    reference = factory.Sequence(lambda n: f"TS-TEST-{n:04d}")
    candidate = factory.SubFactory(UserFactory, candidate=True)
    employer = factory.SubFactory(OrganisationFactory)
    first_sick_day = factory.LazyFunction(lambda: date.today() - timedelta(weeks=60))
    spoor2_start = factory.LazyFunction(lambda: date.today() - timedelta(weeks=10))
    planned_end = factory.LazyFunction(lambda: date.today() + timedelta(weeks=40))
    weekly_target = 2
    status = TrajectoryStatus.ACTIVE.value

    @factory.post_generation
    def advisors(self, create, extracted, **kwargs):
        """Pass advisors=[...]; by default one new advisor is assigned."""
        self.advisors = list(extracted) if extracted is not None else [UserFactory(advisor=True)]


@register
class PauseFactory(BaseFactory):
    class Meta:
        model = Pause

    trajectory = factory.SubFactory(TrajectoryFactory)
    start_date = factory.LazyFunction(lambda: date.today() - timedelta(weeks=3))
    end_date = factory.LazyFunction(lambda: date.today() - timedelta(weeks=2))
    reason = "Hernieuwde uitval"


def world():
    """Two trajectories that share nothing: each with its own candidate, advisor, employer.

    Returns a dict with keys t1, t2 and, for each, candidate1/advisor1/employer1 etc.,
    plus an admin. The access-matrix tests of every feature build on this.
    """
    org1, org2 = OrganisationFactory(), OrganisationFactory()
    advisor1, advisor2 = UserFactory(advisor=True), UserFactory(advisor=True)
    t1 = TrajectoryFactory(employer=org1, advisors=[advisor1])
    t2 = TrajectoryFactory(employer=org2, advisors=[advisor2])
    return {
        "t1": t1, "t2": t2,
        "candidate1": t1.candidate, "candidate2": t2.candidate,
        "advisor1": advisor1, "advisor2": advisor2,
        "employer1": UserFactory(employer=True, organisation=org1),
        "employer2": UserFactory(employer=True, organisation=org2),
        "admin": UserFactory(admin=True),
    }
