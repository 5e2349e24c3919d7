"""A candidate whose trajectory starts later sees when it starts and what to do first, and no
weekly count yet."""

from __future__ import annotations

from datetime import timedelta

from portal.clock import local_today
from tests.factories import TrajectoryFactory


def test_home_before_the_start(client, login_as):
    start = local_today() + timedelta(days=5)
    trajectory = TrajectoryFactory(spoor2_start=start, weekly_target=2)
    login_as(trajectory.candidate)
    page = client.get("/home").get_data(as_text=True)
    assert "Je traject begint op" in page and "Nog 5 dagen" in page
    assert "Wat je nu al kunt doen" in page and f"/trajecten/{trajectory.id}/zoekprofiel" in page
    assert "sollicitaties deze week" not in page
    assert "Begint op" in page and "Gestart" not in page


def test_home_after_the_start_has_no_start_panel(client, login_as):
    trajectory = TrajectoryFactory(spoor2_start=local_today() - timedelta(days=14))
    login_as(trajectory.candidate)
    page = client.get("/home").get_data(as_text=True)
    assert "Je traject begint op" not in page and "Gestart" in page


def test_diary_before_the_start_shows_no_weekly_count(client, login_as):
    start = local_today() + timedelta(days=10)
    trajectory = TrajectoryFactory(spoor2_start=start, weekly_target=2)
    login_as(trajectory.candidate)
    page = client.get("/dagboek").get_data(as_text=True)
    assert "Het traject begint op" in page and "sollicitaties deze week" not in page
