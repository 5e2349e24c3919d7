"""'Ik heb gesolliciteerd': one step asking how and whether it fits, with the vacancy's hints."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.diary.models import DiaryEntry
from portal.domain.activities import Method
from portal.extensions import db
from portal.jobs.rules import Fit, apply_hints
from tests.factories import world
from tests.jobs.factories import SearchProfileFactory, VacancyFactory


@pytest.fixture
def w(app):
    return world()


def _checked(html: str, name: str) -> list[str]:
    return [re.search(r'value="([^"]*)"', tag).group(1)
            for tag in re.findall(rf'<input[^>]*name="{name}"[^>]*>', html) if "checked" in tag]


def _url(vacancy) -> str:
    return f"/vacatures/{vacancy.id}/gesolliciteerd"


def test_hints_from_the_vacancy_and_the_profile():
    class V:
        apply_url, apply_email = "", ""

    class P:
        limitation_list = ["geen nachtdiensten"]

    vacancy = V()
    assert apply_hints(vacancy).method == ""
    vacancy.apply_email = "werk@example.nl"
    assert apply_hints(vacancy).method == "email"
    vacancy.apply_url = "https://example.nl/solliciteer"
    assert apply_hints(vacancy).method == "online_form"
    assert apply_hints(vacancy, P(), Fit()).fits == "ja"
    warned = apply_hints(vacancy, P(), Fit(bad=["de tekst noemt nachtdiensten"]))
    assert warned.fits == "" and warned.warnings == ["de tekst noemt nachtdiensten"]
    assert apply_hints(vacancy, None, None).fits == ""


def test_the_step_shows_the_method_vocabulary_and_preselects_the_vacancys_hint(client, login_as, w):
    vacancy = VacancyFactory(apply_url="", apply_email="vacature@example.nl")
    db.session.commit()
    login_as(w["candidate1"])
    shown = client.get(f"/vacatures/{vacancy.id}").get_data(as_text=True)
    assert f'<a class="button" href="{_url(vacancy)}">Ik heb gesolliciteerd</a>' in shown  # a plain link, no JS
    html = client.get(_url(vacancy)).get_data(as_text=True)
    for member in Method:
        assert member.label in html
    assert _checked(html, "method") == ["email"] and _checked(html, "fits_capacity") == []
    assert db.session.scalar(select(DiaryEntry)) is None


def test_a_night_shift_warning_is_shown_and_the_answer_asked(client, login_as, w):
    SearchProfileFactory(trajectory=w["t1"], limitations="geen nachtdiensten")
    vacancy = VacancyFactory(description_html="<p>Je werkt in ploegen, ook nachtdiensten.</p>")
    db.session.commit()
    login_as(w["candidate1"])
    html = client.get(_url(vacancy)).get_data(as_text=True)
    assert "Let op bij deze vacature" in html and "nachtdiensten" in html
    assert _checked(html, "fits_capacity") == [] and _checked(html, "method") == ["online_form"]
    response = client.post(_url(vacancy), data={"method": "online_form"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Geef aan of deze baan past bij wat je kunt." in html
    assert _checked(html, "method") == ["online_form"]  # what was chosen stays
    assert db.session.scalar(select(DiaryEntry)) is None
    assert client.post(_url(vacancy), data={"method": "online_form", "fits_capacity": "nee"}).status_code == 302
    entry = db.session.scalar(select(DiaryEntry))
    assert entry.fits_capacity is False and entry.method == "online_form" and entry.kind == "application_letter"


def test_no_conflict_with_named_limitations_preselects_yes(client, login_as, w):
    SearchProfileFactory(trajectory=w["t1"], limitations="geen nachtdiensten")
    vacancy = VacancyFactory(description_html="<p>Kantoorwerk overdag.</p>", hours_min=None, hours_max=None)
    db.session.commit()
    login_as(w["candidate1"])
    html = client.get(_url(vacancy)).get_data(as_text=True)
    assert _checked(html, "fits_capacity") == ["ja"] and "Let op bij deze vacature" not in html


def test_errors_in_dutch_by_the_field_and_phone_is_a_phone_application(client, login_as, w):
    vacancy = VacancyFactory()
    db.session.commit()
    login_as(w["candidate1"])
    html = client.post(_url(vacancy), data={}).get_data(as_text=True)
    assert "Kies hoe je hebt gesolliciteerd." in html and "Geef aan of deze baan past bij wat je kunt." in html
    response = client.post(_url(vacancy), data={"method": "duif", "fits_capacity": "misschien"})
    assert response.status_code == 200 and "Not a valid" not in response.get_data(as_text=True)
    assert db.session.scalar(select(DiaryEntry)) is None
    assert client.post(_url(vacancy), data={"method": "phone", "fits_capacity": "ja"}).status_code == 302
    entry = db.session.scalar(select(DiaryEntry))
    assert (entry.kind, entry.method, entry.fits_capacity) == ("phone_application", "phone", True)


@pytest.mark.parametrize("who", ["advisor1", "employer1", "admin"])
def test_only_candidates_record_an_application(client, login_as, w, who):
    vacancy = VacancyFactory()
    db.session.commit()
    login_as(w[who])
    assert client.get(_url(vacancy)).status_code == 404
    assert client.post(_url(vacancy), data={"method": "email", "fits_capacity": "ja"}).status_code == 404
    assert db.session.scalar(select(DiaryEntry)) is None


def test_another_candidates_pasted_vacancy_is_not_found(client, login_as, w):
    vacancy = VacancyFactory(owner_trajectory_id=w["t1"].id, source="geplakt")
    db.session.commit()
    login_as(w["candidate2"])
    assert client.get(_url(vacancy)).status_code == 404
    assert client.post(_url(vacancy), data={"method": "email", "fits_capacity": "ja"}).status_code == 404
