"""Factories and helpers for the plan feature's tests."""

from __future__ import annotations

from datetime import date, timedelta

import factory

from portal.plan.models import Intake, PreIntake
from portal.plan.services import publish_version
from tests.factories import BaseFactory, TrajectoryFactory, register


@register
class IntakeFactory(BaseFactory):
    class Meta:
        model = Intake

    trajectory = factory.SubFactory(TrajectoryFactory)
    intake_on = factory.LazyFunction(lambda: date.today() - timedelta(weeks=9))
    situation = "GEHEIM-SITUATIE wil graag ander werk"
    wishes = "GEHEIM-WENSEN kantoorwerk"
    work_history = "GEHEIM-WERK tien jaar magazijn"
    education = "Mbo 3"
    capacity_limitations = "GEHEIM-BEPERKING niet zwaar tillen"
    job_directions = "GEHEIM-RICHTING planner"


@register
class PreIntakeFactory(BaseFactory):
    class Meta:
        model = PreIntake

    trajectory_id = factory.LazyAttribute(lambda o: TrajectoryFactory().id)
    about_me = "GEHEIM-VRAGENLIJST over mij"
    work_wishes = "Administratie"


def publish(trajectory, target=2, effective_from=None, author=None, **fields):
    """Publish a plan version with sensible defaults (a revision gets a summary and reason)."""
    fields.setdefault("goals", "Passend werk vinden bij een andere werkgever.")
    fields.setdefault("activities", [{"description": "sollicitaties", "quantity": target, "frequency": "week"}])
    fields.setdefault("change_summary", f"Doel naar {target} per week")
    fields.setdefault("change_reason", "Afgesproken in het evaluatiegesprek")
    return publish_version(
        trajectory, author, weekly_target=target,
        effective_from=effective_from or trajectory.spoor2_start, **fields,
    )
