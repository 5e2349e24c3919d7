"""Factories for the timeline feature."""

from __future__ import annotations

from datetime import date

import factory

from portal.timeline.models import MilestoneRecord, Notification
from tests.factories import BaseFactory, TrajectoryFactory, UserFactory, register


@register
class MilestoneRecordFactory(BaseFactory):
    class Meta:
        model = MilestoneRecord

    trajectory = factory.SubFactory(TrajectoryFactory)
    code = "action_plan"
    done_on = factory.LazyFunction(date.today)
    note = ""


@register
class NotificationFactory(BaseFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    user_id = factory.SelfAttribute("user.id")
    kind = "follow_up_due"
    title = factory.Sequence(lambda n: f"Melding {n}")
    body = "Tekst"
    url = "/meldingen"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs.pop("user", None)
        return super()._create(model_class, *args, **kwargs)
