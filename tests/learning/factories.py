"""factory_boy factories of the learning feature."""

from __future__ import annotations

import factory

from portal.learning.models import FeedbackSnippet, LessonProgress
from tests.factories import BaseFactory, TrajectoryFactory, UserFactory, register


@register
class LessonProgressFactory(BaseFactory):
    class Meta:
        model = LessonProgress

    trajectory_id = factory.LazyFunction(lambda: TrajectoryFactory().id)
    module_slug = "basis"
    lesson_slug = "tekst"


@register
class FeedbackSnippetFactory(BaseFactory):
    class Meta:
        model = FeedbackSnippet

    advisor_id = factory.LazyFunction(lambda: UserFactory(advisor=True).id)
    assignment_slug = "tekst-opdracht"
    title = factory.Sequence(lambda n: f"Fragment {n}")
    body = "Maak het concreter."
