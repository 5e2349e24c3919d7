"""Migration 0016 rebuilds the search index from vacancies stored before it (SQLite, and
PostgreSQL when TEST_DATABASE_URL points at it); its downgrade restores the old index."""

from __future__ import annotations

from datetime import date

from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from werkzeug.datastructures import MultiDict

from portal import create_app
from portal.config import PROJECT_ROOT
from portal.extensions import db
from tests.conftest import scratch_database

MIGRATIONS = str(PROJECT_ROOT / "migrations")
PREVIOUS = "0014"  # 0016's down_revision


def _check(url: str, options: dict) -> None:
    from portal.jobs.models import Vacancy
    from portal.jobs.search import SearchParams, search_vacancies

    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options})
    with app.app_context():
        # 0002 builds today's index; going down to 0016's down_revision leaves the index as it was before 0016.
        upgrade(directory=MIGRATIONS)
        downgrade(directory=MIGRATIONS, revision=PREVIOUS)
        db.session.add(Vacancy(title="Planner thuiszorg", organisation="Zorggroep", description_html="<p>Plannen.</p>",
                               posted_on=date.today(), source="test", source_id="1"))
        db.session.commit()
        upgrade(directory=MIGRATIONS)
        found = search_vacancies(SearchParams.from_args(MultiDict({"q": "planners zorg"})))
        assert [v.title for v in found.items] == ["Planner thuiszorg"]
        db.session.remove()
        downgrade(directory=MIGRATIONS, revision=PREVIOUS)
        with db.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                columns = [row[1] for row in conn.execute(text("PRAGMA table_info(vacancy_fts)"))]
                assert columns == ["title", "organisation", "body"]
                assert conn.execute(text("SELECT count(*) FROM vacancy_fts WHERE vacancy_fts MATCH 'planner'")).scalar() == 1
            else:
                assert conn.execute(text("SELECT count(*) FROM vacancies WHERE search_document @@ "
                                         "to_tsquery('dutch', 'planner')")).scalar() == 1
        db.engine.dispose()


def test_0016_rebuilds_the_index_from_stored_vacancies(tmp_path):
    with scratch_database(tmp_path, "s") as (url, options):
        _check(url, options)
