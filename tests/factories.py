"""factory_boy factories for the shared models; features add theirs next to their tests."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory

from portal.auth.models import Organisation, Role, User
from portal.auth.services import hash_password
from portal.security.twofactor import code_at
from portal.trajectory.models import Pause, Trajectory, TrajectoryStatus

PASSWORD = "correct horse battery staple"  # noqa: S105 - test password
# Staff must use two-factor login; factories enrol them with this secret (see totp_code()).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105 - test secret
_STAFF_ROLES = {Role.ADVISOR.value, Role.EMPLOYER.value, Role.ADMIN.value}
_PASSWORD_HASHES: dict[str, str] = {}


def password_hash() -> str:
    """PASSWORD hashed with the app's parameters, once per set of parameters."""
    from flask import current_app

    key = repr(sorted(current_app.config.get("PASSWORD_HASH_PARAMS", {}).items()))
    if key not in _PASSWORD_HASHES:
        _PASSWORD_HASHES[key] = hash_password(PASSWORD)
    return _PASSWORD_HASHES[key]


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
    password_hash = factory.LazyFunction(password_hash)
    active = True
    organisation = None
    totp_secret = factory.LazyAttribute(lambda o: TEST_TOTP_SECRET if o.role in _STAFF_ROLES else None)
    totp_enabled_at = factory.LazyAttribute(
        lambda o: datetime(2026, 1, 1, tzinfo=UTC) if o.role in _STAFF_ROLES else None
    )

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


def totp_code(user: User) -> str:
    """A valid, not yet used code for the user's two-factor secret (tests' second login step).

    The server accepts each time step once; when the next steps are used up (many logins of one
    user within a minute), the stored last step is reset so the helper never blocks a test.
    """
    from portal.extensions import db

    db.session.refresh(user)
    current = int(time.time() // 30)
    last = user.totp_last_step
    step = next((s for s in (current - 1, current, current + 1) if last is None or s > last), None)
    if step is None:
        user.totp_last_step = None
        db.session.commit()
        step = current
    return code_at(user.totp_secret, step)


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
