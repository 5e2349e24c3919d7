"""The download form: defaults, Dutch errors, no crash on bad input."""

from __future__ import annotations

from datetime import date, timedelta

from portal.extensions import db
from portal.reports.models import GeneratedOverview
from tests.factories import world


def test_bad_periods_rerender_with_dutch_errors(app, client, login_as):
    w = world()
    t = w["t1"]
    login_as(w["employer1"])
    url = f"/trajecten/{t.id}/overzicht"
    cases = [
        ({"start": "2026-05-01", "end": "2026-04-01"}, "De einddatum ligt vóór de begindatum."),
        ({"end": (date.today() + timedelta(days=3)).isoformat()}, "De einddatum mag niet in de toekomst liggen."),
        ({"start": (t.first_sick_day - timedelta(days=1)).isoformat()}, "op of na de eerste ziektedag"),
        ({"start": "31-02-2026"}, "Ongeldige datum"),
        ({"format": "exe"}, "Ongeldige keuze"),
    ]
    for data, message in cases:
        response = client.post(url, data={"format": "csv", **data})
        assert response.status_code == 200, data
        assert message in response.get_data(as_text=True), data
    assert db.session.scalar(db.select(db.func.count()).select_from(GeneratedOverview)) == 0


def test_default_period_is_the_whole_trajectory_so_far(app, client, login_as):
    w = world()
    login_as(w["employer1"])
    response = client.post(f"/trajecten/{w['t1'].id}/overzicht", data={"format": "csv"})
    assert response.status_code == 200
    record = db.session.scalars(db.select(GeneratedOverview)).one()
    assert record.period_start == w["t1"].spoor2_start and record.period_end == date.today()


def test_prefixed_form_from_the_employer_page(app, client, login_as):
    w = world()
    t = w["t1"]
    login_as(w["employer1"])
    page = client.get("/werkgever").get_data(as_text=True)
    assert f'name="t{t.id}-format"' in page
    response = client.post(f"/trajecten/{t.id}/overzicht", data={f"t{t.id}-format": "csv",
                                                                 f"t{t.id}-start": t.spoor2_start.isoformat()})
    assert response.status_code == 200 and response.mimetype == "application/zip"


def test_download_links_by_format_and_period(app, client, login_as):
    w = world()
    t = w["t1"]
    login_as(w["employer1"])
    response = client.post(f"/trajecten/{t.id}/overzicht.csv", data={"start": t.spoor2_start.isoformat()})
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].endswith(".zip")
    machine = client.post(f"/trajecten/{t.id}/overzicht.csv?dialect=machine", data={"start": t.spoor2_start.isoformat()})
    assert machine.status_code == 200 and machine.mimetype == "text/csv"
    assert machine.headers["Content-Disposition"].endswith(".csv")
    assert machine.data.decode("utf-8-sig").startswith("section,field,value,")
    formats = db.session.scalars(db.select(GeneratedOverview.format).order_by(GeneratedOverview.id)).all()
    assert formats == ["csv-nl", "csv"]  # "csv" stays the machine CSV every earlier CSV was
    for wrong in ("overzicht.exe", "overzicht.pdf?dialect=machine", "overzicht.xlsx?dialect=machine",
                  "overzicht.csv?dialect=excel"):
        assert client.post(f"/trajecten/{t.id}/{wrong}").status_code == 404, wrong
    bad = client.post(f"/trajecten/{t.id}/overzicht.csv", data={"start": "gisteren", "end": "2026-13-45"})
    assert bad.status_code == 200 and "Ongeldige datum" in bad.get_data(as_text=True)
    assert client.post(f"/trajecten/{w['t2'].id}/overzicht.csv").status_code == 404
