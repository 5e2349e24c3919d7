"""Configuration, error pages, health, demo data and migrations."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal import create_app
from portal.auth.models import User
from portal.config import ConfigError
from portal.demo import DEMO_PASSWORD, seed_demo
from portal.extensions import db


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("TS_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_sets_secure_cookies():
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SHOW_DEV_OUTBOX"] is False


def test_database_url_from_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_404_page_is_dutch_and_friendly(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.get_data(as_text=True)


def test_unhandled_error_gives_dutch_500_without_trace(fresh_app):
    app, client = fresh_app, fresh_app.test_client()
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/kapot")
    def broken():
        raise RuntimeError("secret internals")

    response = client.get("/kapot")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Er ging iets mis aan onze kant" in page
    assert "secret internals" not in page and "Traceback" not in page


def test_health(client):
    health = client.get("/health").get_json()
    assert (health["status"], health["database"]) == ("ok", "ok")
    assert isinstance(health["worker"], int)


def test_pages_have_skip_link_and_lang(client):
    page = client.get("/inloggen").get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert 'href="#inhoud"' in page
    assert "cdn" not in page.lower()


def _row_counts() -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def test_seed_demo_is_idempotent_and_logins_work(app, client, auth):
    """The one real double seeding: every table keeps its row count (other tests load a copy)."""
    seed_demo()
    counts = _row_counts()
    seed_demo()
    assert _row_counts() == counts
    assert counts["trajectories"] >= 12 and counts["diary_entries"] and counts["generated_overviews"]
    for email in ("beheer@demo.nl", "kandidaat@demo.nl", "adviseur@demo.nl", "werkgever@demo.nl",
                  "kandidaat2@demo.nl", "adviseur2@demo.nl", "werkgever2@demo.nl"):
        response = auth.login(email, DEMO_PASSWORD)  # staff also pass the two-factor step
        assert response.status_code == 302, email
        assert client.get("/home").status_code == 200
        client.post("/uitloggen")


def test_demo_pairs_share_nothing(demo):
    ctx = demo
    sanne, ahmed = ctx.main, ctx.second
    assert sanne.candidate.email == "kandidaat@demo.nl" and sanne.candidate.name == "Sanne de Vries"
    assert ahmed.candidate.email == "kandidaat2@demo.nl" and ahmed.candidate.name == "Ahmed Yilmaz"
    assert [a.email for a in sanne.advisors] == ["adviseur@demo.nl"]
    assert [a.email for a in ahmed.advisors] == ["adviseur2@demo.nl"]
    assert sanne.employer_id != ahmed.employer_id
    assert ctx.users["employer"].organisation_id == sanne.employer_id
    assert ctx.users["employer2"].organisation_id == ahmed.employer_id


def test_create_user_command(runner):
    result = runner.invoke(args=["create-user", "--email", "a@b.nl", "--name", "A B", "--role", "admin",
                                 "--password", "lang genoeg wachtwoord"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.email == "a@b.nl")).role == "admin"
    again = runner.invoke(args=["create-user", "--email", "a@b.nl", "--name", "A", "--role", "admin",
                                "--password", "lang genoeg wachtwoord"])
    assert again.exit_code != 0


def test_static_urls_are_versioned_and_cached_long(client):
    page = client.get("/inloggen").get_data(as_text=True)
    import re

    url = re.search(r'href="(/static/css/portal.css\?v=[0-9a-f]{10})"', page).group(1)
    with client.get(url) as response:
        assert response.status_code == 200
        assert "max-age=31536000" in response.headers["Cache-Control"]
    with client.get("/static/css/portal.css") as response:
        assert "max-age=3600" in response.headers["Cache-Control"]


def test_dutch_dates_are_the_same_when_formatted_again():
    from datetime import UTC, date, datetime

    from portal.core.templating import date_nl, datetime_nl, week_label

    assert date_nl(date(2026, 3, 3)) == "3 maart 2026" == date_nl(date(2026, 3, 3))
    assert date_nl(date(2026, 3, 3), "EEE d MMM") == "di 3 mrt"
    # 23:30 UTC on 31 December is already New Year's Day in Amsterdam.
    assert date_nl(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "1 januari 2027"
    assert datetime_nl(datetime(2026, 7, 1, 8, 5, tzinfo=UTC)) == "1 juli 2026 om 10:05"
    assert week_label(date(2026, 12, 31)) == "week 53 (28 dec – 3 jan 2027)" == week_label(date(2026, 12, 28))
    assert date_nl(None) == "" and datetime_nl(None) == ""


def test_templates_url_for_builds_each_url_once_and_the_same_as_flask(app):
    import flask

    cached = app.jinja_env.globals["url_for"]
    with app.test_request_context("/dagboek"):
        cases = [("diary.week", {"trajectory_id": 7, "week": "2026-W03"}), ("core.home", {}),
                 ("static", {"filename": "css/portal.css"}), ("jobs.index", {"q": "zorg", "pagina": 2}),
                 ("core.home", {"_external": True}), ("jobs.index", {"sector": ["zorg", "ict"]})]
        for endpoint, values in cases:
            assert cached(endpoint, **values) == flask.url_for(endpoint, **values)
        before = cached.cache_info()
        assert cached("diary.week", trajectory_id=7, week="2026-W03") == "/trajecten/7/dagboek/2026-W03"
        after = cached.cache_info()
        assert after.hits == before.hits + 1 and after.misses == before.misses  # built once, then remembered


def test_templates_url_for_stops_caching_once_urls_depend_on_the_request(fresh_app):
    """A request-dependent url_defaults (a language, a tenant) must never be answered with
    a URL built for another request."""
    import flask

    app = fresh_app  # it registers a hook
    cached = app.jinja_env.globals["url_for"]
    with app.test_request_context("/"):
        assert cached("jobs.index", q="zorg") == "/vacatures?q=zorg"

    @app.url_defaults
    def _language(endpoint, values):
        if endpoint == "jobs.index" and "taal" in flask.g:
            values.setdefault("taal", flask.g.taal)

    for language in ("nl", "en"):
        with app.test_request_context("/"):
            flask.g.taal = language
            assert cached("jobs.index", q="zorg") == flask.url_for("jobs.index", q="zorg")
            assert f"taal={language}" in cached("jobs.index", q="zorg")
