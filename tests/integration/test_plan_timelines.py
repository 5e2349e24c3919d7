"""Gap 2: phase changes, placement and aftercare appear, dated, on both timelines."""

from datetime import date, timedelta

from portal.extensions import db
from portal.plan import casework, services
from portal.plan.models import Phase
from tests.factories import world


def _placed(w):
    t = w["t1"]
    today = date.today()
    services.change_phase(t, Phase.JOB_HUNTING, today - timedelta(days=60), w["advisor1"], "Klaar om te solliciteren")
    placement = casework.record_placement(
        t, w["advisor1"], organisation="Bakkerij Jansen", role="Baliemedewerker", hours_per_week=24,
        start_on=today - timedelta(days=30), kind="paid_job",
    )
    casework.record_checkin(placement.checkins[0], w["advisor1"], held_on=today - timedelta(days=2),
                            how_it_goes="GEHEIM-NAZORG het gaat goed")
    db.session.commit()
    return t


def test_timeline_events_are_dated_and_hide_checkin_reports_from_others(app):
    w = world()
    t = _placed(w)
    events = casework.timeline_events(t, "advisor")
    kinds = [e.kind for e in events]
    assert kinds[:3] == ["phase", "phase", "placement"] and "checkin" in kinds
    assert [e.on for e in events] == sorted(e.on for e in events)
    assert any("GEHEIM-NAZORG" in e.detail for e in events)
    for audience in ("candidate", "employer"):
        assert not any("GEHEIM-NAZORG" in e.detail or "Klaar om" in e.detail
                       for e in casework.timeline_events(t, audience))
    assert casework.timeline_events(w["t2"], "advisor") == []


def test_trajectory_page_shows_phases_placement_and_aftercare(client, login_as):
    w = world()
    t = _placed(w)
    for user in ("advisor1", "candidate1", "employer1"):
        client.post("/uitloggen")
        login_as(w[user])
        page = client.get(f"/trajecten/{t.id}").get_data(as_text=True)
        assert f"Fase: {Phase.JOB_HUNTING.label}" in page and f"Fase: {Phase.PLACEMENT.label}" in page
        assert "Plaatsing: Baliemedewerker bij Bakkerij Jansen" in page
        assert "Nazorggesprek gehouden" in page and "Nazorggesprek gepland" in page
        assert ("GEHEIM-NAZORG" in page) == (user == "advisor1")
        assert client.get(f"/trajecten/{w['t2'].id}").status_code == 404


def test_candidate_file_timeline_shows_plan_steps(client, login_as):
    w = world()
    t = _placed(w)
    login_as(w["advisor1"])
    page = client.get(f"/adviseur/trajecten/{t.id}").get_data(as_text=True)
    timeline = page.split('id="tijdlijn"')[1]
    assert "Plaatsing: Baliemedewerker bij Bakkerij Jansen" in timeline
    assert "GEHEIM-NAZORG" in timeline and "Nazorg</span>" in timeline
    assert (date.today() - timedelta(days=30)).strftime("%Y") in timeline
    assert client.get(f"/adviseur/trajecten/{w['t2'].id}").status_code == 404
