"""Every export is bounded in rows (and so in time and memory), with a Dutch message (issue 23).

The caps live in portal.domain.bounds; the app may lower them in config, as these tests do,
so a handful of rows stands for the ten thousand a hostile account would need.
"""

from __future__ import annotations

from datetime import date, timedelta

from portal.domain import bounds
from portal.extensions import db
from portal.reports.models import GeneratedOverview
from tests.diary.factories import DiaryEntryFactory
from tests.factories import world


def _entries(t, n: int) -> None:
    for i in range(n):
        DiaryEntryFactory(trajectory=t, entry_date=date.today() - timedelta(days=1 + i))
    db.session.commit()


def _flashed(client) -> str:
    with client.session_transaction() as sess:
        return " ".join(message for _, message in sess.get("_flashes", []))


def test_diary_export_over_the_cap_is_refused_with_a_dutch_message(app, client, login_as, monkeypatch):
    w = world()
    t = w["t1"]
    _entries(t, 4)
    login_as(t.candidate)
    monkeypatch.setitem(app.config, "EXPORT_MAX_ROWS", 4)
    for fmt in ("csv", "json"):
        response = client.get(f"/trajecten/{t.id}/dagboek/export.{fmt}")
        assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment")
    monkeypatch.setitem(app.config, "EXPORT_MAX_ROWS", 3)
    for fmt in ("csv", "json"):
        response = client.get(f"/trajecten/{t.id}/dagboek/export.{fmt}")
        assert response.status_code == 302 and response.location.endswith("/dagboek")
        assert "Dit zijn 4 activiteiten; één download kan er hoogstens 3 bevatten." in _flashed(client)


def test_overview_with_more_activities_than_the_cap_is_not_generated(app, client, login_as, monkeypatch):
    w = world()
    t = w["t1"]
    _entries(t, 3)
    login_as(w["employer1"])
    monkeypatch.setitem(app.config, "EXPORT_MAX_ROWS", 2)
    for fmt in ("csv", "xlsx", "pdf"):
        response = client.post(f"/trajecten/{t.id}/overzicht.{fmt}")
        assert response.status_code == 200
        assert "één download kan er hoogstens 2 bevatten" in response.get_data(as_text=True)
    assert db.session.query(GeneratedOverview).count() == 0
    monkeypatch.setitem(app.config, "EXPORT_MAX_ROWS", 3)
    assert client.post(f"/trajecten/{t.id}/overzicht.csv").mimetype == "application/zip"


def test_overview_period_is_capped_even_when_a_stored_first_sick_day_is_far_off(app, client, login_as):
    """The date policy keeps new dates plausible; a row stored before it may not be: the period cap holds."""
    w = world()
    t = w["t1"]
    far = date.today() - timedelta(weeks=bounds.OVERVIEW_MAX_WEEKS + 30)
    t.first_sick_day = t.spoor2_start = far  # stored before the policy; reported by check-dates, never changed
    db.session.commit()
    login_as(w["advisor1"])
    for data in ({}, {"start": far.isoformat()}):  # the default period starts at spoor 2
        response = client.post(f"/trajecten/{t.id}/overzicht.pdf", data=data)
        assert response.status_code == 200
        assert f"Een overzicht beslaat hoogstens {bounds.OVERVIEW_MAX_WEEKS} weken" in response.get_data(as_text=True)
    assert db.session.query(GeneratedOverview).count() == 0


def test_period_cap_rule():
    start = date(2026, 1, 5)
    assert bounds.period_too_long(start, start + timedelta(weeks=bounds.OVERVIEW_MAX_WEEKS)) is None
    assert bounds.period_too_long(start, start + timedelta(weeks=bounds.OVERVIEW_MAX_WEEKS, days=1))
    assert bounds.too_many_entries(bounds.EXPORT_MAX_ROWS, bounds.EXPORT_MAX_ROWS) is None
    assert "10.001 activiteiten" in bounds.too_many_entries(bounds.EXPORT_MAX_ROWS + 1, bounds.EXPORT_MAX_ROWS)


def test_data_download_over_its_caps_is_refused_with_a_dutch_message(app, client, login_as, monkeypatch):
    w = world()
    t = w["t1"]
    _entries(t, 2)
    login_as(t.candidate)
    assert client.get("/mijn-gegevens/download").mimetype == "application/zip"
    monkeypatch.setitem(app.config, "PRIVACY_EXPORT_MAX_ROWS", 3)
    response = client.get("/mijn-gegevens/download")
    assert response.status_code == 302 and response.location.endswith("/mijn-gegevens")
    assert "Je gegevens zijn te veel voor één download" in _flashed(client)
    monkeypatch.setitem(app.config, "PRIVACY_EXPORT_MAX_ROWS", bounds.PRIVACY_EXPORT_MAX_ROWS)
    monkeypatch.setitem(app.config, "PRIVACY_EXPORT_MAX_BYTES", 0)
    upload_dir = app.config["UPLOAD_DIR"]
    import os

    os.makedirs(os.path.join(upload_dir, "diary", str(t.id)), exist_ok=True)
    with open(os.path.join(upload_dir, "diary", str(t.id), "a" * 32 + ".pdf"), "wb") as handle:
        handle.write(b"%PDF-1.4 x")
    response = client.get("/mijn-gegevens/download")
    assert response.status_code == 302 and "te veel voor één download" in _flashed(client)
