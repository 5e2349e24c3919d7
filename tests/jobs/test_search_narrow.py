"""Broad searches take a cheaper route (SQLite: rank and cut on the narrow hits first; newest
first: stop at a page and count cheaply) that must give exactly the plain route's pages."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from werkzeug.datastructures import MultiDict

from portal.extensions import db
from portal.jobs import search as search_module
from portal.jobs.search import PER_PAGE, SearchParams, search_vacancies
from tests.factories import TrajectoryFactory
from tests.jobs.factories import VacancyFactory

TITLES = ["Medewerker klantenservice", "Magazijnmedewerker", "Zorgmedewerker", "Chauffeur", "Administratief medewerker"]
BODIES = ["Je werkt als medewerker in een team.", "Orderpicken en laden.", "Medewerkers gezocht, medewerker!",
          "Zorg voor cliënten."]


@pytest.fixture
def many(app):
    rng = random.Random(7)
    today = date.today()
    private = TrajectoryFactory()
    for n in range(420):
        VacancyFactory(
            title=rng.choice(TITLES), organisation=f"Bedrijf {n % 9}", description_html=f"<p>{rng.choice(BODIES)}</p>",
            posted_on=today - timedelta(days=rng.randint(0, 30)),
            status="closed" if n % 17 == 0 else "active",
            closes_on=today - timedelta(days=1) if n % 23 == 0 else None,
            owner_trajectory_id=private.id if n % 29 == 0 else None,
        )
    db.session.commit()
    return today


def _pages(args: dict, rank=None):
    first = search_vacancies(SearchParams.from_args(MultiDict(args)), rank=rank)
    pages = [[v.id for v in first.items]]
    for page in range(2, first.pages + 2):  # one past the end: shows the last page
        pages.append([v.id for v in search_vacancies(SearchParams.from_args(MultiDict({**args, "pagina": str(page)})),
                                                     rank=rank).items])
    return first.total, first.pages, pages


@pytest.mark.parametrize("args", [{"q": "medewerker"}, {"q": "medewerker -chauffeur"}, {"q": "zorg"}, {},
                                  {"sorteer": "datum", "q": "medewerker"}])
@pytest.mark.parametrize("ranked", [False, True])
def test_cheap_route_gives_the_plain_pages(many, monkeypatch, args, ranked):
    rank = (lambda v: (v.id % 3,)) if ranked else None
    monkeypatch.setattr(search_module, "NARROW_MIN_HITS", 0)
    monkeypatch.setattr(search_module, "CUT_MARGIN", 3)  # small: the fallback is exercised too
    cheap = _pages(args, rank)
    monkeypatch.setattr(search_module, "NARROW_MIN_HITS", 10**9)
    monkeypatch.setattr(search_module, "listed_count", None)  # the plain count only
    monkeypatch.setattr(search_module, "_sqlite_text_page", None)
    # "From 1 hour" leaves every vacancy in, but is a filter: the plain statement and count.
    plain = _pages({**args, "uren_min": "1"}, rank)
    assert cheap == plain and cheap[0] > PER_PAGE


def test_cheap_route_matches_the_plain_statement_page_by_page(many, monkeypatch):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the narrow cut is SQLite's")
    monkeypatch.setattr(search_module, "NARROW_MIN_HITS", 0)
    monkeypatch.setattr(search_module, "CUT_MARGIN", 0)
    real, outcomes = search_module._sqlite_text_page, []

    def spy(*args):
        outcomes.append(real(*args) is not None)
        return real(*args)

    monkeypatch.setattr(search_module, "_sqlite_text_page", spy)
    cheap = _pages({"q": "medewerker"})
    assert True in outcomes  # the cut gave pages itself (and fell back where it had to)
    monkeypatch.setattr(search_module, "NARROW_MIN_HITS", 10**9)
    plain = _pages({"q": "medewerker"})
    assert cheap == plain
    assert len({i for page in cheap[2][:-1] for i in page}) == cheap[0]  # every hit once


def test_listed_count_agrees_with_the_listing(many):
    from sqlalchemy import func, select

    from portal.jobs.search import listed_count, listing

    expected = db.session.scalar(select(func.count()).select_from(listing(many).subquery()))
    assert listed_count(many) == expected == search_vacancies(SearchParams()).total


@pytest.mark.parametrize("args", [{"q": "medewerker"}, {"q": "zorg"}, {"q": "medewerker", "pagina": "3"}])
def test_a_text_search_page_is_two_statements(many, args):
    """The page with its total in one statement, its vacancies in a second: no count probe
    before them (SQLite's narrow cut needs none), whatever the number of hits."""
    from sqlalchemy import event

    statements: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    params = SearchParams.from_args(MultiDict(args))
    search_vacancies(params)  # warm
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        result = search_vacancies(SearchParams.from_args(MultiDict(args)))
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert result.total > 2 * PER_PAGE and len(result.items) == PER_PAGE
    assert len(statements) == 2, statements
