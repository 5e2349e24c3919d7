"""Search on the database's own full-text engine (runs on SQLite and on PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from werkzeug.datastructures import MultiDict

from portal.extensions import db
from portal.jobs.places import place_for_postcode
from portal.jobs.search import SearchParams, fts5_query, search_vacancies
from tests.jobs.factories import VacancyFactory


def titles(**args):
    result = search_vacancies(SearchParams.from_args(MultiDict(args)))
    return [v.title for v in result.items]


@pytest.fixture
def board(app):
    today = date.today()
    VacancyFactory(title="Verpleegkundige thuiszorg", organisation="Zorggroep Noord", sector="zorg",
                   city="Groningen", lat=53.219, lon=6.567, hours_min=24, hours_max=32, education_level="mbo",
                   description_html="<p>Zorg voor cliënten thuis.</p>", posted_on=today - timedelta(days=1))
    VacancyFactory(title="Medewerker café", organisation="Brasserie De Gouden Leeuw", sector="horeca",
                   city="Utrecht", lat=52.091, lon=5.122, hours_min=16, hours_max=24, education_level="none",
                   description_html="<p>Koffie en gebak serveren.</p>", posted_on=today - timedelta(days=20))
    VacancyFactory(title="Administratief medewerker", organisation="Gemeente Utrecht", sector="overheid",
                   city="Utrecht", lat=52.091, lon=5.122, hours_min=32, hours_max=36, education_level="hbo",
                   description_html="<p>Financiële administratie en facturen.</p>", posted_on=today - timedelta(days=3))
    VacancyFactory(title="Magazijnmedewerker", organisation="Van Dijk Logistiek", sector="logistiek",
                   city="Venlo", lat=51.370, lon=6.172, hours_min=38, hours_max=40, education_level="vmbo",
                   description_html="<p>Orderpicken en laden.</p>", posted_on=today - timedelta(days=2))
    VacancyFactory(title="Gesloten baan", status="closed")
    VacancyFactory(title="Verlopen baan", closes_on=today - timedelta(days=1))
    db.session.commit()


def test_listing_leaves_out_closed_and_expired(board):
    assert titles() == ["Verpleegkundige thuiszorg", "Magazijnmedewerker", "Administratief medewerker",
                        "Medewerker café"]


def test_full_text_with_diacritics_and_words(board):
    assert titles(q="cafe") == ["Medewerker café"]
    assert titles(q="café") == ["Medewerker café"]
    assert titles(q="clienten") == ["Verpleegkundige thuiszorg"]
    assert titles(q="financiele administratie") == ["Administratief medewerker"]
    assert titles(q="gouden leeuw") == ["Medewerker café"]  # organisation


def test_prefix_matching_for_what_people_type(board):
    assert titles(q="verpleeg") == ["Verpleegkundige thuiszorg"]
    assert titles(q="magazijn") == ["Magazijnmedewerker"]
    # A compound's last part counts as a word of its own: "medewerk" reaches "Magazijnmedewerker".
    assert set(titles(q="medewerk")) == {"Administratief medewerker", "Medewerker café", "Magazijnmedewerker"}


def test_relevance_puts_title_matches_first(board):
    VacancyFactory(title="Receptionist", description_html="<p>Ook wat administratie.</p>")
    db.session.commit()
    assert titles(q="administratie")[0] == "Administratief medewerker"


def test_filters(board):
    assert titles(sector="zorg") == ["Verpleegkundige thuiszorg"]
    assert titles(sector=["zorg", "horeca"]) == ["Verpleegkundige thuiszorg", "Medewerker café"]
    assert titles(uren_max="20") == ["Medewerker café"]
    assert titles(uren_min="37") == ["Magazijnmedewerker"]
    assert titles(opleiding="vmbo") == ["Magazijnmedewerker", "Medewerker café"]
    assert titles(geplaatst="7") == ["Verpleegkundige thuiszorg", "Magazijnmedewerker", "Administratief medewerker"]


def test_distance_from_postcode_and_place(board):
    assert set(titles(postcode="3512AB", afstand="15")) == {"Administratief medewerker", "Medewerker café"}
    assert titles(plaats="venlo") == ["Magazijnmedewerker"]
    ordered = titles(postcode="9711AA", sorteer="afstand")
    assert ordered[0] == "Verpleegkundige thuiszorg" and ordered[-1] == "Magazijnmedewerker"
    result = search_vacancies(SearchParams.from_args(MultiDict({"postcode": "9711AA", "afstand": "10"})))
    assert [round(d) for d in result.distances.values()] == [0]


def test_sort_by_date_and_pagination(board):
    for n in range(45):
        VacancyFactory(title=f"Schoonmaker {n}", posted_on=date.today() - timedelta(days=40))
    db.session.commit()
    first = search_vacancies(SearchParams.from_args(MultiDict({"q": "schoonmaker"})))
    assert (first.total, first.pages, len(first.items)) == (45, 3, 20)
    last = search_vacancies(SearchParams.from_args(MultiDict({"q": "schoonmaker", "pagina": "3"})))
    assert len(last.items) == 5 and not {v.id for v in last.items} & {v.id for v in first.items}
    beyond = search_vacancies(SearchParams.from_args(MultiDict({"q": "schoonmaker", "pagina": "40"})))
    assert beyond.page == 3


def test_fts5_query_is_always_safe():
    assert fts5_query('zorg "OR" NEAR(x) -nacht') == (
        '("zorg"*) AND ("or"*) AND ("near"*) '
        'AND ("x"*) NOT "nacht"')
    assert fts5_query("*** ()") == ""


def test_postcode_lookup_with_gap_falls_back_to_nearest():
    assert place_for_postcode("3511 AB").name == "Utrecht"
    assert place_for_postcode("9711").name == "Groningen"
    assert place_for_postcode("1000") is not None  # below the first range
    assert place_for_postcode("99999") is None and place_for_postcode("abc") is None


def test_search_page_uses_profile_postcode(client, login_as, board):
    from tests.factories import TrajectoryFactory
    from tests.jobs.factories import SearchProfileFactory

    trajectory = TrajectoryFactory()
    SearchProfileFactory(trajectory=trajectory, postcode="5911AA", max_distance_km=20)
    login_as(trajectory.candidate)
    body = client.get("/vacatures?sorteer=afstand").get_data(as_text=True)
    assert body.index("Magazijnmedewerker") < body.index("Verpleegkundige thuiszorg")
    assert "0 km" in body


def test_unusable_filters_are_explained_and_the_rest_still_searches(board):
    params = SearchParams.from_args(MultiDict({"uren_min": "-5", "q": "medewerker"}))
    assert params.hours_min is None and "1 tot 60" in params.problems["uren_min"]
    assert params.typed["uren_min"] == "-5"
    assert sorted(v.title for v in search_vacancies(params).items) == [
        "Administratief medewerker", "Magazijnmedewerker", "Medewerker café"]

    params = SearchParams.from_args(MultiDict({"uren_min": "40", "uren_max": "8"}))
    assert (params.hours_min, params.hours_max) == (8, 40) and "omgedraaid" in params.problems["uren_max"]
    assert len(search_vacancies(params).items) == 4

    params = SearchParams.from_args(MultiDict({"postcode": "ZZZZ", "afstand": "5"}))
    assert params.postcode == "" and params.problems["postcode"].startswith("Onbekende postcode")
    result = search_vacancies(params)
    assert result.home is None and len(result.items) == 4  # no distance filter

    params = SearchParams.from_args(MultiDict({"uren_min": "16", "uren_max": "32", "postcode": "3511 AB"}))
    assert params.problems == {}


def test_search_page_shows_filter_problems_next_to_the_filter(client, login_as, board):
    from tests.factories import world

    people = world()
    login_as(people["candidate1"])
    page = client.get("/vacatures?uren_min=-5&postcode=ZZZZ").get_data(as_text=True)
    assert 'id="uren_min-error"' in page and 'aria-describedby="uren_min-error"' in page
    assert "Onbekende postcode" in page and 'value="ZZZZ"' in page and 'value="-5"' in page
    assert "Verpleegkundige thuiszorg" in page and "Magazijnmedewerker" in page
    page = client.get("/vacatures?uren_min=40&uren_max=8").get_data(as_text=True)
    assert "omgedraaid: 8 tot 40 uur" in page and "Magazijnmedewerker" in page


def test_rank_reorders_only_a_bounded_window_without_losing_results(app):
    from portal.jobs.search import FIT_WINDOW, PER_PAGE

    today = date.today()
    for n in range(FIT_WINDOW + PER_PAGE + 5):
        VacancyFactory(title=f"Baan {n:03d}", posted_on=today - timedelta(days=n % 50), hours_min=n)
    db.session.commit()

    def search(**args):
        return search_vacancies(SearchParams.from_args(MultiDict(args)), rank=lambda v: (v.hours_min % 2,))

    first = search()
    assert first.sort == "passend" and all(v.hours_min % 2 == 0 for v in first.items)
    seen = [v.id for page in range(1, first.pages + 1) for v in search(pagina=str(page)).items]
    assert len(seen) == len(set(seen)) == first.total  # every result once, over all pages
    assert search(sorteer="datum").sort == "datum"
