"""Internal notes and health-like free text never reach an employer page or file."""

from __future__ import annotations

from sqlalchemy import Boolean, Date, DateTime, Integer, String, Text

from portal.casefile.overview import build_overview
from portal.extensions import db
from portal.reports.models import OverviewSummary
from portal.reports.render import to_html, to_machine_csv, to_people_csv, to_xlsx
from tests.factories import UserFactory
from tests.reports.factories import MARKER, PERIOD, TODAY, entry, file_text, new_year_trajectory


def _internal_note(trajectory, author):
    """An internal advisor note with the marker, when the advisor feature has a Note model."""
    from portal.advisor import models

    note_class = getattr(models, "Note", None)
    if note_class is None:
        return
    values = {}
    for column in note_class.__table__.columns:
        if column.primary_key or column.nullable or column.default is not None or column.server_default is not None:
            continue
        if column.name == "trajectory_id":
            values[column.key] = trajectory.id
        elif column.name in ("author_id", "advisor_id"):
            values[column.key] = author.id
        elif isinstance(column.type, (String, Text)):
            values[column.key] = MARKER
        elif isinstance(column.type, Boolean):
            values[column.key] = False
        elif isinstance(column.type, Integer):
            values[column.key] = author.id
        elif isinstance(column.type, (Date, DateTime)):
            values[column.key] = TODAY
    for name in ("body", "body_html", "text", "content"):
        if name in note_class.__table__.columns:
            values[name] = MARKER
    values["visibility"] = "internal"
    db.session.add(note_class(**values))
    db.session.flush()


def _seed_secrets(trajectory, advisor):
    trajectory.late_start_reason = MARKER
    entry(trajectory, PERIOD[0], notes_html=f"<p>{MARKER}</p>", contact_person=MARKER)
    db.session.add(OverviewSummary(trajectory_id=trajectory.id, author_id=advisor.id, text=f"Concept {MARKER}"))
    _internal_note(trajectory, advisor)
    db.session.flush()


def test_files_never_hold_notes_reasons_or_unshared_summaries(app):
    t = new_year_trajectory()
    _seed_secrets(t, t.advisors[0])
    with app.test_request_context():
        from portal.reports.services import summary_for

        employer = UserFactory(employer=True, organisation=t.employer)
        ov = build_overview(t, *PERIOD, TODAY, summary=summary_for(employer, t))
        html = to_html(ov)
        csv_text = file_text(to_people_csv(ov))
        machine_text = file_text(to_machine_csv(ov))
        xlsx_text = file_text(to_xlsx(ov))
    for content in (html, csv_text, machine_text, xlsx_text):
        assert MARKER not in content
    assert all("Bakkerij Jansen" in text for text in (csv_text, machine_text, xlsx_text, html))  # the data is there


def test_employer_pages_never_show_internal_text(app, client, login_as):
    t = new_year_trajectory()
    advisor = t.advisors[0]
    _seed_secrets(t, advisor)
    employer = UserFactory(employer=True, organisation=t.employer)
    login_as(employer)
    pages = [client.get("/home"), client.get("/werkgever"), client.get(f"/trajecten/{t.id}/overzicht")]
    for response in pages:
        assert response.status_code == 200
        assert MARKER not in response.get_data(as_text=True)
    download = client.post(f"/trajecten/{t.id}/overzicht", data={"format": "csv"})
    assert download.status_code == 200 and "Bakkerij Jansen" in file_text(download.data)
    assert MARKER not in file_text(download.data)


def test_employer_sees_the_summary_only_once_shared(app, client, login_as):
    t = new_year_trajectory()
    advisor = t.advisors[0]
    employer = UserFactory(employer=True, organisation=t.employer)
    login_as(advisor)
    response = client.post(f"/trajecten/{t.id}/overzicht/samenvatting", data={"text": "Versie een: zoekt actief."})
    assert response.status_code == 302
    client.post(f"/trajecten/{t.id}/overzicht/samenvatting", data={"text": "Versie twee: zoekt breder."})
    client.post("/uitloggen")

    login_as(employer)
    page = client.get(f"/trajecten/{t.id}/overzicht").get_data(as_text=True)
    assert "Versie" not in page
    csv_file = file_text(client.post(f"/trajecten/{t.id}/overzicht", data={"format": "csv"}).data)
    assert "Versie" not in csv_file and "Verificatiecode" in csv_file
    client.post("/uitloggen")

    login_as(advisor)
    page = client.get(f"/trajecten/{t.id}/overzicht").get_data(as_text=True)
    assert "Versie een" in page and "Versie twee" in page  # history is kept
    latest = db.session.scalars(db.select(OverviewSummary).order_by(OverviewSummary.id.desc())).first()
    assert client.post(f"/samenvattingen/{latest.id}/delen").status_code == 302
    client.post("/uitloggen")

    login_as(employer)
    page = client.get(f"/trajecten/{t.id}/overzicht").get_data(as_text=True)
    assert "Versie twee: zoekt breder." in page and "Versie een" not in page
    csv_file = file_text(client.post(f"/trajecten/{t.id}/overzicht", data={"format": "csv"}).data)
    assert "Versie twee: zoekt breder." in csv_file


def test_summary_is_escaped_in_the_pdf_source(app):
    t = new_year_trajectory()
    with app.test_request_context():
        ov = build_overview(t, *PERIOD, TODAY, summary="<script>alert(1)</script><img src=x>")
        html = to_html(ov)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
