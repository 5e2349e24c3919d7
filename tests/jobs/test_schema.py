"""The full-text index follows the vacancies table."""

from sqlalchemy import text

from portal.extensions import db
from tests.jobs.factories import VacancyFactory


def _indexed():
    if db.engine.dialect.name == "sqlite":
        sql = "SELECT title FROM vacancy_fts"
    else:
        sql = "SELECT title FROM vacancies WHERE search_document @@ to_tsquery('dutch', 'kok')"
    return sorted(r[0] for r in db.session.execute(text(sql)))


def test_index_tracks_insert_update_delete(app):
    vacancy = VacancyFactory(title="Kok")
    db.session.commit()
    assert _indexed() == ["Kok"]
    vacancy.title = "Kok in de keuken"
    db.session.commit()
    assert _indexed() == ["Kok in de keuken"]
    db.session.delete(vacancy)
    db.session.commit()
    assert _indexed() == []
