"""What people do on the job board: search, read, save, apply, edit, recommend, profile."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.diary.models import DiaryEntry
from portal.extensions import db
from portal.jobs.models import Recommendation, SavedVacancy, SearchProfile, Vacancy, VacancyStatus
from tests.factories import world
from tests.jobs.factories import SearchProfileFactory, VacancyFactory


@pytest.fixture
def w(app):
    return world()


def test_candidate_searches_and_sees_fit(client, login_as, w):
    SearchProfileFactory(trajectory=w["t1"], postcode="3511AB", max_distance_km=20, hours_min=16, hours_max=32)
    VacancyFactory(title="Administratief medewerker", description_html="<p>Licht kantoorwerk</p>")
    VacancyFactory(title="Magazijnmedewerker", sector="logistiek",
                   description_html="<p>Veel tillen van dozen</p>", hours_min=38, hours_max=40)
    login_as(w["candidate1"])
    page = client.get("/vacatures").get_data(as_text=True)
    assert "Administratief medewerker" in page and "Magazijnmedewerker" in page
    assert "Past bij" in page and "uren, afstand, richting" in page
    assert "tillen" in page
    page = client.get("/vacatures?q=magazijn").get_data(as_text=True)
    assert "Magazijnmedewerker" in page and "Administratief medewerker" not in page


@pytest.mark.parametrize("query", [
    "?pagina=abc", "?pagina=-3", "?pagina=99999", "?afstand=x&postcode=zzz", "?uren_min=1e9",
    "?sector=nope&opleiding=phd", "?q=%22%22%22", "?q=AND+OR+NOT+*", "?q=-", "?sorteer=evil&geplaatst=2",
    "?q=" + "a" * 500, "?plaats=Nergensdorp&afstand=5", "?q=(", "?q=NEAR(a+b)", "?q=%27s-Hertogenbosch+caf%C3%A9%E2%80%99s", "?q=a:*+%26+!b",
])
def test_bad_query_parameters_never_crash(client, login_as, w, query):
    VacancyFactory()
    login_as(w["advisor1"])
    assert client.get("/vacatures" + query).status_code == 200


def test_apply_creates_diary_entry_with_snapshot_that_survives(client, login_as, w):
    vacancy = VacancyFactory(title="Receptionist", organisation="Hotel de Gouden Leeuw", city="Utrecht")
    login_as(w["candidate1"])
    response = client.post(f"/vacatures/{vacancy.id}/gesolliciteerd", data={"method": "email", "fits_capacity": "ja"})
    assert response.status_code == 302
    entry = db.session.scalar(select(DiaryEntry))
    assert entry.trajectory_id == w["t1"].id and entry.vacancy_id == vacancy.id
    assert entry.kind == "application_letter" and entry.channel == "job_board" and entry.status == "sent"
    assert entry.method == "email" and entry.fits_capacity is True
    assert entry.organisation == "Hotel de Gouden Leeuw" and entry.position == "Receptionist"
    assert entry.vacancy_snapshot["title"] == "Receptionist"
    assert entry.external_url == vacancy.apply_url
    # Closing keeps the vacancy readable; deleting keeps the snapshot.
    vacancy.status = VacancyStatus.CLOSED
    db.session.commit()
    assert "gesloten of verlopen" in client.get(f"/vacatures/{vacancy.id}").get_data(as_text=True)
    assert "Receptionist" not in client.get("/vacatures").get_data(as_text=True)
    db.session.delete(db.session.get(Vacancy, vacancy.id))
    db.session.commit()
    db.session.expire_all()
    entry = db.session.scalar(select(DiaryEntry))
    if db.engine.dialect.name == "postgresql":  # SQLite here does not enforce foreign keys
        assert entry.vacancy_id is None
    assert entry.vacancy_snapshot["organisation"] == "Hotel de Gouden Leeuw"


def test_advisor_creates_edits_and_closes(client, login_as, w):
    login_as(w["advisor1"])
    response = client.post("/vacatures/nieuw", data={
        "title": "Klantenservicemedewerker", "organisation": "Bel & Co", "city": "", "postcode": "9711 AB",
        "hours_min": "24", "hours_max": "32", "description_html": "<p>Hallo</p><script>alert(1)</script>",
        "apply_url": "https://example.nl/solliciteer",
    })
    assert response.status_code == 302
    vacancy = db.session.scalar(select(Vacancy))
    assert vacancy.city == "Groningen" and vacancy.lat == pytest.approx(53.219)
    assert "<script>" not in vacancy.description_html
    response = client.post(f"/vacatures/{vacancy.id}/bewerken", data={
        "title": "Klantenservicemedewerker", "organisation": "Bel & Co", "hours_min": "32", "hours_max": "24",
    })
    assert response.status_code == 200 and "lager dan het minimum" in response.get_data(as_text=True)
    client.post(f"/vacatures/{vacancy.id}/sluiten")
    assert db.session.get(Vacancy, vacancy.id).status == VacancyStatus.CLOSED


def test_candidate_saves_and_sees_only_own_list(client, login_as, w):
    vacancy = VacancyFactory(title="Conciërge")
    login_as(w["candidate1"])
    client.post(f"/vacatures/{vacancy.id}/bewaren")
    assert db.session.scalar(select(SavedVacancy)).trajectory_id == w["t1"].id
    assert "Conciërge" in client.get("/vacatures/bewaard").get_data(as_text=True)
    client.post("/uitloggen")
    login_as(w["candidate2"])
    assert "Conciërge" not in client.get("/vacatures/bewaard").get_data(as_text=True)


def test_recommendation_reaches_candidate_home(client, login_as, w):
    vacancy = VacancyFactory(title="Tuinman")
    login_as(w["advisor1"])
    assert client.post(f"/vacatures/{vacancy.id}/aanraden",
                       data={"trajectory_id": w["t2"].id, "note": "x"}).status_code == 404
    response = client.post(f"/vacatures/{vacancy.id}/aanraden",
                           data={"trajectory_id": w["t1"].id, "note": "Lekker buiten werken"})
    assert response.status_code == 302
    assert db.session.scalar(select(Recommendation)).trajectory_id == w["t1"].id
    client.post("/uitloggen")
    login_as(w["candidate1"])
    home = client.get("/home").get_data(as_text=True)
    assert "Tuinman" in home and "Lekker buiten werken" in home
    client.post("/uitloggen")
    login_as(w["candidate2"])
    assert "Tuinman" not in client.get("/home").get_data(as_text=True)


def test_search_profile_edit(client, login_as, w):
    login_as(w["advisor1"])
    response = client.post(f"/trajecten/{w['t1'].id}/zoekprofiel", data={
        "desired_roles": "receptionist", "postcode": "3511 ab", "max_distance_km": "25",
        "hours_min": "20", "hours_max": "28", "education_level": "mbo", "sectors": ["zorg", "overheid"],
        "limitations": "geen zwaar tillen\ngeen nachtdiensten",
    })
    assert response.status_code == 302
    profile = db.session.scalar(select(SearchProfile))
    assert profile.postcode == "3511AB" and profile.sector_list == ["zorg", "overheid"]
    assert client.post(f"/trajecten/{w['t2'].id}/zoekprofiel", data={}).status_code == 404
    assert client.get(f"/trajecten/{w['t2'].id}/zoekprofiel").status_code == 404


def test_paste_html_with_jobposting_then_save_to_diary(client, login_as, w):
    page = """<html><head><script type="application/ld+json">{"@context":"https://schema.org",
      "@type":"JobPosting","title":"Baliemedewerker","hiringOrganization":{"@type":"Organization","name":"Gemeente Zwolle"},
      "jobLocation":{"@type":"Place","address":{"addressLocality":"Zwolle","postalCode":"8011 AB"}},
      "datePosted":"2026-01-05","description":"<p>Je helpt inwoners aan de balie.</p>","workHours":"24-32 uur"}
      </script></head><body>...</body></html>"""
    login_as(w["candidate1"])
    response = client.post("/vacatures/plakken", data={"content": page})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Baliemedewerker" in body and "Gemeente Zwolle" in body
    response = client.post("/vacatures/plakken/bevestigen", data={
        "title": "Baliemedewerker", "organisation": "Gemeente Zwolle", "city": "Zwolle", "postcode": "8011AB",
        "hours_min": "24", "hours_max": "32", "action": "diary",
    })
    vacancy = db.session.scalar(select(Vacancy))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/vacatures/{vacancy.id}/gesolliciteerd")
    assert vacancy.owner_trajectory_id == w["t1"].id and db.session.scalar(select(DiaryEntry)) is None
    response = client.post(f"/vacatures/{vacancy.id}/gesolliciteerd", data={"method": "online_form", "fits_capacity": "nee"})
    assert response.status_code == 302
    entry = db.session.scalar(select(DiaryEntry))
    assert entry.vacancy_snapshot["title"] == "Baliemedewerker"
    # Private to the candidate's trajectory: not on the listing, not for others.
    assert "Baliemedewerker" not in client.get("/vacatures").get_data(as_text=True)
    client.post("/uitloggen")
    login_as(w["candidate2"])
    assert client.get(f"/vacatures/{vacancy.id}").status_code == 404


def test_paste_plain_text_asks_to_fill_in(client, login_as, w):
    login_as(w["candidate1"])
    body = client.post("/vacatures/plakken", data={"content": "Wij zoeken een kok\nvoor 32 uur"}).get_data(as_text=True)
    assert "zelf in" in body and "Wij zoeken een kok" in body


def test_paste_plain_text_prefills_the_confirm_form(client, login_as, w):
    text = ("Administratief medewerker\nGemeente Amersfoort zoekt een collega.\n"
            "- 24-32 uur per week\n- Salaris € 2.950 - € 3.400 bruto per maand\n"
            "Adres: Stadhuisplein 1, 3811 LM Amersfoort\n"
            "Reageren vóór 15 december 2026 via vacatures@amersfoort.nl.")
    login_as(w["candidate1"])
    body = client.post("/vacatures/plakken", data={"content": text}).get_data(as_text=True)
    expected = {
        "title": "Administratief medewerker", "organisation": "Gemeente Amersfoort", "city": "Amersfoort",
        "postcode": "3811LM", "hours_min": "24", "hours_max": "32", "salary_min": "2950", "salary_max": "3400",
        "closes_on": "2026-12-15", "apply_email": "vacatures@amersfoort.nl",
    }
    assert {name: _input_value(body, name) for name in expected} == expected
    assert "ingevuld wat we konden vinden" in body


def _input_value(body: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', body)
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0)) if tag else None
    return html.unescape(value.group(1)) if value else None


def _routes(vid, tid):
    return [
        ("get", "/vacatures"), ("get", f"/vacatures/{vid}"), ("get", "/vacatures/bewaard"),
        ("get", "/vacatures/nieuw"), ("get", f"/vacatures/{vid}/bewerken"), ("post", f"/vacatures/{vid}/sluiten"),
        ("get", "/vacatures/importeren"), ("get", "/vacatures/plakken"), ("post", f"/vacatures/{vid}/bewaren"),
        ("post", f"/vacatures/{vid}/gesolliciteerd"), ("get", f"/vacatures/{vid}/aanraden"),
        ("get", f"/trajecten/{tid}/zoekprofiel"), ("get", f"/vacatures/{vid}/gesolliciteerd"),
    ]


EXPECTED = {
    # role: set of route indexes (see _routes) that answer other than 404, on trajectory t1
    "candidate1": {0, 1, 2, 7, 8, 9, 11, 12},
    "candidate2": {0, 1, 2, 7, 8, 9, 12},
    "advisor1": {0, 1, 3, 4, 5, 6, 10, 11},
    "advisor2": {0, 1, 3, 4, 5, 6, 10},
    "employer1": set(),
    "employer2": set(),
    "admin": {0, 1, 3, 4, 5, 6},
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_access_matrix(client, login_as, w, who):
    vacancy = VacancyFactory(closes_on=date.today() + timedelta(days=30))
    login_as(w[who])
    for index, (method, url) in enumerate(_routes(vacancy.id, w["t1"].id)):
        status = getattr(client, method)(url).status_code
        if index in EXPECTED[who]:
            assert status != 404, (who, url)
        else:
            assert status == 404, (who, url, status)


def test_confirm_form_names_each_missing_field_and_speaks_to_the_candidate(client, login_as, w):
    login_as(w["candidate1"])
    response = client.post("/vacatures/plakken/bevestigen", data={"city": "Zwolle", "action": "save"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and db.session.scalar(select(Vacancy)) is None
    assert "Vul de functietitel in." in body and "Vul de naam van de organisatie in." in body
    assert "Dit veld is vereist" not in body and 'value="Zwolle"' in body
    assert "van je huis" in body and "tot de kandidaat" not in body


def test_staff_vacancy_form_has_specific_messages_and_staff_hint(client, login_as, w):
    login_as(w["advisor1"])
    body = client.post("/vacatures/nieuw", data={}).get_data(as_text=True)
    assert "Vul de functietitel in." in body and "Dit veld is vereist" not in body
    assert "afstand voor kandidaten" in body


def test_automatic_order_ranks_by_fit_for_a_candidate_with_a_profile(client, login_as, w):
    SearchProfileFactory(trajectory=w["t1"], desired_roles="administratief medewerker", postcode="3511AB",
                         max_distance_km=25, hours_min=16, hours_max=32, education_level="mbo",
                         sectors="administratie", limitations="geen zwaar tillen")
    today = date.today()
    VacancyFactory(title="Administratief medewerker hbo", education_level="hbo", posted_on=today)
    VacancyFactory(title="Administratief medewerker magazijn", education_level="hbo", posted_on=today,
                   description_html="<p>Ook veel tillen.</p>")
    VacancyFactory(title="Administratief medewerker mbo", education_level="mbo", posted_on=today - timedelta(days=5))
    login_as(w["candidate1"])
    page = client.get("/vacatures").get_data(as_text=True)
    order = [page.index(t) for t in ("medewerker mbo", "medewerker hbo", "medewerker magazijn")]
    assert order == sorted(order)  # all points match, then one warning, then two
    page = client.get("/vacatures?sorteer=datum").get_data(as_text=True)
    assert page.index("medewerker hbo") < page.index("medewerker mbo")  # an explicit sort stays as asked


@pytest.mark.parametrize("source, shown", [
    ("demo", None), ("bench", None), ("portal", None), ("geplakt", None), ("werk.nl", "werk.nl (UWV)"),
    ("Vacatures Regio Zwolle", "Vacatures Regio Zwolle"),
])
def test_vacancy_page_shows_a_readable_source_and_dutch_amounts(client, login_as, w, source, shown):
    vacancy = VacancyFactory(source=source, salary_min=2950, salary_max=3400)
    login_as(w["candidate1"])
    page = client.get(f"/vacatures/{vacancy.id}").get_data(as_text=True)
    assert "€\u00a02.950 – €\u00a03.400 per maand" in page and "2950" not in page
    if shown:
        assert f"<dt>Bron</dt><dd>{shown}</dd>" in page
    else:
        assert "<dt>Bron</dt>" not in page
