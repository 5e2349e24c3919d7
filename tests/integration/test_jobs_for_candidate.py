"""Gap 4: an advisor scores the job board against one of their candidates' search profiles."""

from portal.extensions import db
from portal.jobs.models import Recommendation
from tests.factories import world
from tests.jobs.factories import SearchProfileFactory, VacancyFactory


def test_advisor_sees_fit_for_a_candidate_and_recommends(client, login_as):
    w = world()
    SearchProfileFactory(trajectory=w["t1"], hours_min=16, hours_max=24)
    fits = VacancyFactory(title="Administratief medewerker", hours_min=20, hours_max=24)
    too_long = VacancyFactory(title="Magazijnmedewerker", hours_min=38, hours_max=40)
    db.session.commit()
    login_as(w["advisor1"])
    plain = client.get("/vacatures").get_data(as_text=True)
    assert "Bekijk de resultaten voor" in plain and w["t2"].candidate.name not in plain
    assert "Past bij</span>" not in plain  # no profile without a chosen candidate
    page = client.get(f"/vacatures?voor={w['t1'].id}").get_data(as_text=True)
    assert f"zoekprofiel van <strong>{w['t1'].candidate.name}</strong>" in page
    card = page.split(fits.title)[1].split("</article>")[0]
    assert "Past bij</span>" in card and "uren" in card
    assert "minimaal 38 uur" in page.split(too_long.title)[1].split("</article>")[0]
    link = f"/vacatures/{fits.id}/aanraden?voor={w['t1'].id}"
    assert link in page
    form = client.get(link).get_data(as_text=True)
    assert f'<option selected value="{w["t1"].id}"' in form or f'value="{w["t1"].id}" selected' in form
    assert client.post(f"/vacatures/{fits.id}/aanraden", data={"trajectory_id": w["t1"].id}).status_code == 302
    assert db.session.query(Recommendation).filter_by(trajectory_id=w["t1"].id, vacancy_id=fits.id).count() == 1


def test_scoring_for_someone_elses_candidate_is_404(client, login_as):
    w = world()
    SearchProfileFactory(trajectory=w["t2"])
    db.session.commit()
    login_as(w["advisor1"])
    assert client.get(f"/vacatures?voor={w['t2'].id}").status_code == 404
    assert client.get("/vacatures?voor=abc").status_code == 404
    assert client.get("/vacatures?voor=99999999").status_code == 404
    client.post("/uitloggen")
    login_as(w["candidate1"])
    page = client.get(f"/vacatures?voor={w['t2'].id}").get_data(as_text=True)
    assert "Bekijk de resultaten voor" not in page and w["t2"].candidate.name not in page
