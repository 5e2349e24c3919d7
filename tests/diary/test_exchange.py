"""CSV import (all or nothing, Dutch dates, BOM, separators) and export (formula-safe, JSON)."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest

from portal.db_types import utcnow
from portal.diary import exchange
from portal.diary import services as diary
from portal.diary.models import DiaryEntry
from portal.domain.weeks import Week
from portal.extensions import db
from tests.diary.factories import DiaryEntryFactory
from tests.factories import TrajectoryFactory

TODAY = date(2026, 3, 20)


def test_semicolon_bom_and_dutch_dates():
    data = ("\ufeffDatum;Soort;Organisatie;Status;Past bij belastbaarheid\n"
            "03-02-2026;Open sollicitatie;Bakkerij \"De Korenschoof\";Verstuurd;ja\n"
            "2026-02-04;phone_application;Gemeente Tiel;;\n").encode()
    parsed = exchange.parse_csv(data, TODAY)
    assert parsed.errors == []
    (line1, first), (line2, second) = parsed.rows
    assert (line1, first["entry_date"], first["kind"], first["status"], first["fits_capacity"]) == (
        2, date(2026, 2, 3), "open_application", "sent", True)
    assert (line2, second["entry_date"], second["status"], second["fits_capacity"]) == (
        3, date(2026, 2, 4), "sent", None)


def test_comma_separated_without_bom_and_windows_encoding():
    data = "datum,soort,organisatie,plaats\n1-2-2026,Netwerkgesprek,Café Zoë,Tiel\n".encode("cp1252")
    parsed = exchange.parse_csv(data, TODAY)
    assert parsed.rows[0][1]["organisation"] == "Café Zoë"


def test_bad_rows_are_reported_with_line_numbers():
    data = (b"datum;soort;organisatie;opvolgdatum\n"
            b"31-02-2026;Open sollicitatie;A;\n"
            b"01-02-2026;Koffie drinken;B;\n"
            b"\n"
            b"01-02-2026;Open sollicitatie;;\n"
            b"01-02-2026;Open sollicitatie;C;01-01-2026\n"
            b"01-02-2026;Open sollicitatie;D;\n")
    parsed = exchange.parse_csv(data, TODAY)
    assert [line for line, _ in parsed.errors] == [2, 3, 5, 6]
    reasons = dict(parsed.errors)
    assert "geen geldige datum" in reasons[2]
    assert "soort 'Koffie drinken' ken ik niet" in reasons[3]
    assert "organisatie ontbreekt" in reasons[5]
    assert "vóór de datum" in reasons[6]
    assert [line for line, _ in parsed.rows] == [7]


@pytest.mark.parametrize("data,message", [
    (b"", "leeg"),
    (b"naam;adres\nx;y\n", "ontbreken"),
    (b"datum;soort;organisatie\n", "geen regels"),
    (b"\x00\x01PK", "geen CSV"),
])
def test_unreadable_files(data, message):
    with pytest.raises(exchange.ImportFileError, match=message):
        exchange.parse_csv(data, TODAY)


def test_size_and_row_limits(monkeypatch):
    monkeypatch.setattr(exchange, "MAX_ROWS", 3)
    rows = "".join(f"01-02-2026;Open sollicitatie;Bedrijf {i}\n" for i in range(4))
    with pytest.raises(exchange.ImportFileError, match="meer dan 3 regels"):
        exchange.parse_csv(("datum;soort;organisatie\n" + rows).encode(), TODAY)
    with pytest.raises(exchange.ImportFileError, match="te groot"):
        exchange.parse_csv(b"x" * (exchange.MAX_BYTES + 1), TODAY)


def _upload(client, trajectory, text: str):
    return client.post(f"/trajecten/{trajectory.id}/dagboek/importeren",
                       data={"file": (io.BytesIO(text.encode("utf-8-sig")), "dagboek.csv")})


def test_import_is_all_or_nothing_through_the_pages(client, login_as):
    t = TrajectoryFactory()
    login_as(t.candidate)
    day = (date.today() - timedelta(days=3)).strftime("%d-%m-%Y")
    bad = f"datum;soort;organisatie\n{day};Open sollicitatie;Goed B.V.\n{day};Onzin;Fout B.V.\n"
    page = _upload(client, t, bad).get_data(as_text=True)
    assert "Er wordt niets geïmporteerd" in page and "Regel 3" in page
    assert db.session.query(DiaryEntry).count() == 0
    good = f"datum;soort;organisatie\n{day};Open sollicitatie;Goed B.V.\n{day};Netwerkgesprek;Buurman\n"
    page = _upload(client, t, good).get_data(as_text=True)
    assert "Klaar om te importeren: 2 activiteiten" in page
    assert db.session.query(DiaryEntry).count() == 0  # the preview stores nothing
    import base64
    payload = base64.b64encode(good.encode("utf-8-sig")).decode()
    response = client.post(f"/trajecten/{t.id}/dagboek/importeren/bevestigen", data={"payload": payload})
    assert response.status_code == 302
    entries = db.session.query(DiaryEntry).all()
    assert {e.organisation for e in entries} == {"Goed B.V.", "Buurman"}
    assert all(e.source == "import" and e.author_id == t.candidate_id and e.revisions for e in entries)
    # importing the same file again skips the duplicates
    client.post(f"/trajecten/{t.id}/dagboek/importeren/bevestigen", data={"payload": payload})
    assert db.session.query(DiaryEntry).count() == 2


def test_import_refuses_rows_in_reviewed_weeks(app):
    t = TrajectoryFactory()
    week = Week.of(date.today()).previous()
    diary.review_week(t, week, t.advisors[0], sufficient=True)
    data = f"datum;soort;organisatie\n{week.monday.isoformat()};Open sollicitatie;X\n".encode()
    parsed = exchange.check_import(t, data, date.today())
    assert parsed.errors and "al beoordeeld" in parsed.errors[0][1]
    with pytest.raises(ValueError):
        exchange.import_entries(t, t.candidate, parsed)


def test_advisor_import_records_the_advisor(client, login_as):
    t = TrajectoryFactory()
    advisor = t.advisors[0]
    login_as(advisor)
    import base64
    text = f"datum;soort;organisatie\n{date.today().isoformat()};Open sollicitatie;Via adviseur\n"
    client.post(f"/trajecten/{t.id}/dagboek/importeren/bevestigen",
                data={"payload": base64.b64encode(text.encode()).decode()})
    entry = db.session.query(DiaryEntry).one()
    assert entry.author_id == advisor.id and entry.source == "import"


def test_export_csv_guards_formulas_and_round_trips(client, login_as):
    t = TrajectoryFactory()
    DiaryEntryFactory(trajectory=t, organisation="=HYPERLINK(\"http://x\")", position="+31 6 123",
                      contact_person="@jan", place="-Tiel", entry_date=date(2026, 2, 3))
    DiaryEntryFactory(trajectory=t, organisation="Verwijderd", deleted_at=utcnow())
    login_as(t.candidate)
    response = client.get(f"/trajecten/{t.id}/dagboek/export.csv")
    assert response.headers["Content-Disposition"].startswith("attachment")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffdatum;soort;organisatie")
    assert "'=HYPERLINK" in text and "'+31 6 123" in text and "'@jan" in text and "'-Tiel" in text
    assert "Verwijderd" not in text
    parsed = exchange.parse_csv(response.data, TODAY)
    assert parsed.errors == [] and parsed.rows[0][1]["entry_date"] == date(2026, 2, 3)


def test_export_json(client, login_as):
    t = TrajectoryFactory()
    entry = DiaryEntryFactory(trajectory=t, entry_date=date(2026, 2, 3))
    diary.add_addendum(entry, t.candidate, "Aanvulling")
    login_as(t.candidate)
    data = json.loads(client.get(f"/trajecten/{t.id}/dagboek/export.json").data)
    assert data["trajectory"] == t.reference
    assert data["entries"][0]["week"] == "2026-W06"
    assert data["entries"][0]["addenda"][0]["text"] == "Aanvulling"
    assert client.get(f"/trajecten/{t.id}/dagboek/export.xlsx").status_code == 404
