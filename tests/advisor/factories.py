"""Factories for the advisor feature's models."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import factory

from portal.advisor.models import Appointment, Note
from tests.factories import BaseFactory, TrajectoryFactory, register


@register
class AppointmentFactory(BaseFactory):
    class Meta:
        model = Appointment

    trajectory = factory.SubFactory(TrajectoryFactory)
    advisor_id = factory.LazyAttribute(lambda o: o.trajectory.advisors[0].id if o.trajectory.advisors else None)
    kind = "coaching"
    status = "held"
    starts_at = factory.LazyFunction(lambda: datetime.now(UTC) - timedelta(days=3))
    duration_minutes = 60
    location = "Kantoor Utrecht"
    goal = "Sollicitaties van de afgelopen weken bespreken"


@register
class NoteFactory(BaseFactory):
    class Meta:
        model = Note

    trajectory = factory.SubFactory(TrajectoryFactory)
    author_id = factory.LazyAttribute(lambda o: o.trajectory.advisors[0].id if o.trajectory.advisors else None)
    visibility = "internal"
    body = factory.Sequence(lambda n: f"Notitie {n}")
