"""Factories for diary tests."""

from __future__ import annotations

from datetime import date, timedelta

import factory

from portal.diary.models import DiaryEntry
from tests.factories import BaseFactory, TrajectoryFactory, register


@register
class DiaryEntryFactory(BaseFactory):
    class Meta:
        model = DiaryEntry

    trajectory = factory.SubFactory(TrajectoryFactory)
    author_id = factory.LazyAttribute(lambda o: o.trajectory.candidate_id)
    entry_date = factory.LazyFunction(lambda: date.today() - timedelta(days=1))
    kind = "application_letter"
    organisation = factory.Sequence(lambda n: f"Bedrijf {n}")
    position = "Administratief medewerker"
    status = "sent"
