"""Gap 5: after six months of spoor 2 the portal prompts a broader search profile."""

from datetime import UTC, date, datetime, timedelta

from portal.domain.timeline import search_broadening_date
from portal.extensions import db
from portal.jobs.services import broadening_due
from portal.trajectory.models import TrajectoryStatus
from tests.factories import world
from tests.jobs.factories import SearchProfileFactory

NOTICE = "Tijd om breder te zoeken"


def _long_running(t):
    t.spoor2_start = date.today() - timedelta(weeks=30)
    t.first_sick_day = t.spoor2_start - timedelta(weeks=40)
    return search_broadening_date(t.spoor2_start)


def test_broadening_rule(app):
    w = world()
    t = w["t1"]
    due = _long_running(t)
    assert broadening_due(t, None, due - timedelta(days=1)) is None
    assert broadening_due(t, None, due) == due
    profile = SearchProfileFactory(trajectory=t)
    profile.updated_at = datetime.combine(due - timedelta(days=3), datetime.min.time(), tzinfo=UTC)
    assert broadening_due(t, profile, due + timedelta(days=5)) == due
    profile.updated_at = datetime.combine(due, datetime.min.time().replace(hour=12), tzinfo=UTC)
    assert broadening_due(t, profile, due + timedelta(days=5)) is None
    t.status = TrajectoryStatus.PLACED
    assert broadening_due(t, None, due + timedelta(days=5)) is None


def test_notice_on_profile_home_and_file_until_the_profile_is_saved(client, login_as):
    w = world()
    t = w["t1"]
    _long_running(t)
    profile = SearchProfileFactory(trajectory=t)
    profile.updated_at = datetime.now(UTC) - timedelta(weeks=20)
    fresh = w["t2"]  # a young trajectory: no notice
    db.session.commit()
    login_as(w["candidate1"])
    assert NOTICE in client.get(f"/trajecten/{t.id}/zoekprofiel").get_data(as_text=True)
    assert NOTICE in client.get("/home").get_data(as_text=True)
    client.post("/uitloggen")
    login_as(w["advisor1"])
    assert NOTICE in client.get(f"/adviseur/trajecten/{t.id}").get_data(as_text=True)
    data = {"desired_roles": "administratief medewerker, receptionist", "postcode": "3511AB",
            "max_distance_km": "40", "hours_min": "16", "hours_max": "32", "education_level": "mbo",
            "sectors": "administratie", "limitations": "geen zwaar tillen"}
    assert client.post(f"/trajecten/{t.id}/zoekprofiel", data=data).status_code == 302
    assert NOTICE not in client.get(f"/adviseur/trajecten/{t.id}").get_data(as_text=True)
    assert client.get(f"/trajecten/{fresh.id}/zoekprofiel").status_code == 404
    client.post("/uitloggen")
    login_as(w["candidate1"])
    assert NOTICE not in client.get("/home").get_data(as_text=True)
    client.post("/uitloggen")
    login_as(w["candidate2"])
    assert NOTICE not in client.get("/home").get_data(as_text=True)
