"""The fit of a vacancy with a search profile, and distances (pure rules)."""

from types import SimpleNamespace

import pytest

from portal.jobs.models import SearchProfile
from portal.jobs.rules import Fit, euro, fit, fit_rank, haversine_km, limitation_conflicts, salary_label


def vacancy(**kw):
    base = dict(title="Administratief medewerker", hours_min=24, hours_max=32, lat=52.091, lon=5.122,
                sector="administratie", education_level="mbo")
    base.update(kw)
    return SimpleNamespace(**base)


def profile(**kw):
    base = dict(desired_roles="administratief medewerker", postcode="3511AB", max_distance_km=20, hours_min=16,
                hours_max=32, education_level="mbo", sectors="", limitations="")
    base.update(kw)
    return SearchProfile(**base)


UTRECHT = (52.091, 5.122)


def test_haversine_amsterdam_utrecht():
    assert haversine_km(52.373, 4.893, 52.091, 5.122) == pytest.approx(34.6, abs=1.0)


def test_everything_fits_says_why():
    result = fit(profile(), vacancy(), UTRECHT)
    assert result.fits
    assert result.summary == "Past bij: uren, afstand, richting, opleiding"


def test_what_does_not_fit_is_named():
    result = fit(profile(hours_max=20), vacancy(hours_min=32, hours_max=40, lat=53.219, lon=6.567,
                                                 title="Chauffeur", sector="logistiek", education_level="hbo"),
                 UTRECHT)
    assert not result.fits and result.good == []
    assert result.bad[0] == "minimaal 32 uur, jij zoekt tot 20 uur"
    assert "verder dan 20 km" in result.bad[1]
    assert "hogere opleiding" in result.bad[2]


def test_sector_counts_as_direction():
    assert "richting" in fit(profile(desired_roles="", sectors="zorg"), vacancy(title="Helpende", sector="zorg")).good


def test_limitation_flags_vacancy_text():
    result = fit(profile(limitations="geen zwaar tillen"), vacancy(), UTRECHT,
                 "Je moet regelmatig dozen tot 25 kilo tillen.")
    assert not result.fits
    assert result.bad == ["de tekst noemt tillen, jij gaf aan: geen zwaar tillen"]  # the word once


def test_limitations_are_words_not_false_alarms():
    assert limitation_conflicts(["geen nachtdiensten"], "Werken in Tilburg, alleen dagdiensten") == []
    assert limitation_conflicts(["geen nachtdiensten"], "Je draait ook nachtdiensten")
    assert limitation_conflicts(["geen zwaar tillen"], "Kantoor in Tilburg") == []


def test_no_profile_no_fit():
    assert fit(None, vacancy()).summary == ""


def test_fit_rank_puts_full_fits_first_then_fewer_warnings():
    full = Fit(good=["uren", "afstand", "richting", "opleiding"])
    one_warning = Fit(good=["uren", "afstand", "richting"], bad=["vraagt een hogere opleiding"])
    two_warnings = Fit(good=["uren", "afstand", "richting", "opleiding"], bad=["a", "b"])
    partial = Fit(good=["uren"])
    nothing = Fit()
    ranked = sorted([two_warnings, nothing, one_warning, partial, full], key=fit_rank)
    assert ranked == [full, partial, nothing, one_warning, two_warnings]


def test_amounts_are_formatted_the_dutch_way():
    assert euro(2950) == "€\u00a02.950" and euro(1234567) == "€\u00a01.234.567" and euro(None) == ""
    assert salary_label(2950, 3400) == "€\u00a02.950 – €\u00a03.400 per maand"
    assert salary_label(2950, 2950) == "€\u00a02.950 per maand"
    assert salary_label(2950, None) == "vanaf €\u00a02.950 per maand"
    assert salary_label(None, 3400) == "tot €\u00a03.400 per maand"
    assert salary_label(None, None) == ""
