"""The employer's home page and home panel."""

from __future__ import annotations

from datetime import date, timedelta

from portal.domain.weeks import Week
from tests.factories import PauseFactory, world
from tests.reports.factories import entry


def test_employer_page_shows_progress_and_the_next_milestone(app, client, login_as):
    w = world()
    t = w["t1"]
    last_monday = Week.of(date.today()).monday - timedelta(weeks=1)
    entry(t, last_monday, "application_letter", organisation="Gemeente Tiel")
    entry(t, last_monday + timedelta(days=1), "open_application")
    PauseFactory(trajectory=t, start_date=last_monday - timedelta(weeks=1), end_date=last_monday - timedelta(days=3))
    login_as(w["employer1"])
    page = client.get("/werkgever").get_data(as_text=True)
    assert t.candidate.name in page and t.reference in page
    assert "Volgende mijlpaal" in page and "pauze" in page and "<strong>2/2</strong>" in page
    assert "Gemeente Tiel" not in page  # no diary details on the home page
    assert w["t2"].candidate.name not in page
    home = client.get("/home").get_data(as_text=True)
    assert t.candidate.name in home and "Je trajecten" in home


def test_staff_home_links_to_overviews(app, client, login_as):
    w = world()
    login_as(w["advisor1"])
    home = client.get("/home").get_data(as_text=True)
    assert f"/trajecten/{w['t1'].id}/overzicht" in home
    assert f"/trajecten/{w['t2'].id}/overzicht" not in home


def test_employer_home_shows_one_coherent_list(app, client, login_as):
    from tests.factories import TrajectoryFactory

    w = world()
    org = w["employer1"].organisation
    for _ in range(7):  # eight trajectories in all, six on the home page
        TrajectoryFactory(employer=org)
    login_as(w["employer1"])
    home = client.get("/home").get_data(as_text=True)
    assert "Je trajecten" in home and "(8)" in home
    assert "6 van 8" in home and "alle trajecten" in home
    assert "<h2>Trajecten" not in home  # the generic staff panel is not repeated for employers
