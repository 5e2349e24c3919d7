"""Dutch in the job search (issue 22), on SQLite and, with TEST_DATABASE_URL, PostgreSQL:
stems, compound parts, synonyms, a misspelt place, the distance on the detail page, and the
index rebuilt by migration 0016 from vacancies stored before it."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from portal.extensions import db
from portal.jobs.analysis import index_terms, stem, tails
from portal.jobs.rules import limitation_conflicts
from portal.jobs.search import SearchParams, search_vacancies
from tests.jobs.factories import SearchProfileFactory, VacancyFactory


def titles(**args) -> list[str]:
    return sorted(v.title for v in search_vacancies(SearchParams.from_args(MultiDict(args))).items)


def _board():
    VacancyFactory(title="Planner thuiszorg", organisation="Zorggroep", city="Culemborg", lat=51.955, lon=5.227,
                   description_html="<p>Je plant de routes van de wijkteams.</p>")
    VacancyFactory(title="Receptionist", organisation="Ziekenhuis Rivierenland", city="Tiel", lat=51.886, lon=5.43,
                   description_html="<p>Je ontvangt bezoekers.</p>")
    VacancyFactory(title="Verkoper", organisation="Bakkerij", city="Utrecht", lat=52.091, lon=5.122,
                   description_html="<p>Brood verkopen.</p>")
    db.session.commit()


def test_stems_compounds_and_synonyms(app):
    _board()
    assert titles(q="planners") == ["Planner thuiszorg"]
    assert titles(q="planner") == ["Planner thuiszorg"]
    assert titles(q="plan") == ["Planner thuiszorg"]  # prefix
    assert titles(q="zorg") == ["Planner thuiszorg"]  # compound part of "thuiszorg"
    assert titles(q="receptie") == ["Receptionist"]  # synonym
    assert titles(q="receptionisten") == ["Receptionist"]  # stem
    assert titles(q="zorg -planner") == []


def test_analysis_pieces():
    assert stem("planners") == "planner" and stem("medewerkers") == "medewerker"
    assert tails("thuiszorg") == ["zorg", "szorg", "iszorg"] and tails("zorg") == []
    assert "zorg" in index_terms("Planner thuiszorg").split()


def test_misspelt_place_is_read_as_the_place_it_means(app):
    _board()
    params = SearchParams.from_args(MultiDict({"plaats": "Culemborgg"}))
    result = search_vacancies(params)
    assert [v.title for v in result.items] == ["Planner thuiszorg"]
    assert params.place == "Culemborg" and "Bedoelde je Culemborg?" in params.suggestions["plaats"]
    assert "plaats" not in params.problems


def test_unknown_place_without_a_near_name_still_says_so(app):
    _board()
    params = SearchParams.from_args(MultiDict({"plaats": "Xyzzyqwerty"}))
    assert search_vacancies(params).items == []
    assert "kennen we niet" in params.problems["plaats"] and not params.suggestions


def test_search_page_suggests_and_detail_page_keeps_the_distance(client, login_as):
    from tests.factories import TrajectoryFactory

    _board()
    trajectory = TrajectoryFactory()
    login_as(trajectory.candidate)
    page = client.get("/vacatures?plaats=Culemborgg").get_data(as_text=True)
    assert 'id="plaats-suggestion"' in page and "Bedoelde je Culemborg?" in page
    assert 'value="Culemborg"' in page
    assert "?plaats=Culemborg" in page  # the card's link carries the place
    vacancy_id = search_vacancies(SearchParams.from_args(MultiDict({"q": "planner"}))).items[0].id
    detail = client.get(f"/vacatures/{vacancy_id}?plaats=Culemborg").get_data(as_text=True)
    assert "0 km van Culemborg" in detail
    SearchProfileFactory(trajectory=trajectory, postcode="4001AA")
    detail = client.get(f"/vacatures/{vacancy_id}").get_data(as_text=True)
    assert "km van je postcode 4001AA" in detail


def test_warning_does_not_repeat_the_word():
    assert limitation_conflicts(["geen zwaar tillen"], "Veel tillen.") == [
        "de tekst noemt tillen, jij gaf aan: geen zwaar tillen"]
    assert limitation_conflicts(["geen zwaar tillen"], "Dozen tot 25 kilo.") == [
        "de tekst noemt tillen (kilo), jij gaf aan: geen zwaar tillen"]
