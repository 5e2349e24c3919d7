"""Factories for the job board."""

from __future__ import annotations

from datetime import date, timedelta

import factory

from portal.jobs.models import SearchProfile, Vacancy
from tests.factories import BaseFactory, TrajectoryFactory, register


@register
class VacancyFactory(BaseFactory):
    class Meta:
        model = Vacancy

    title = factory.Sequence(lambda n: f"Medewerker {n}")
    organisation = factory.Sequence(lambda n: f"Organisatie {n}")
    city = "Utrecht"
    postcode = "3511AB"
    lat = 52.091
    lon = 5.122
    hours_min = 24
    hours_max = 32
    education_level = "mbo"
    sector = "administratie"
    contract_type = "permanent"
    description_html = "<p>Een fijne baan.</p>"
    apply_url = "https://werk.example.nl/sollicitatie"
    posted_on = factory.LazyFunction(lambda: date.today() - timedelta(days=2))
    source = "portal"


@register
class SearchProfileFactory(BaseFactory):
    class Meta:
        model = SearchProfile

    trajectory = factory.SubFactory(TrajectoryFactory)
    desired_roles = "administratief medewerker"
    postcode = "3511AB"
    max_distance_km = 25
    hours_min = 16
    hours_max = 32
    education_level = "mbo"
    sectors = "administratie"
    limitations = "geen zwaar tillen"
