"""Retracting shared text, neutral pause categories and the candidate's "Wat ziet mijn werkgever?"."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

from sqlalchemy import select

from portal.advisor.services import add_note
from portal.audit.models import AuditEvent
from portal.core.templating import date_nl
from portal.extensions import db
from portal.reports.models import OverviewSummary
from portal.reports.services import save_summary
from portal.trajectory.models import Pause
from tests.factories import world
from tests.queued import download_pdf

NOTE = "Afgesproken: drie sollicitaties per week bij logistieke bedrijven rond Tiel"
SUMMARY = "Goede inzet, vaste sollicitatieroutine en twee gesprekken gehad in deze periode"


def _file_texts(client, t) -> dict[str, str]:
    """The employer's overview in every format, as text."""
    from pypdf import PdfReader

    texts = {}
    for fmt in ("pdf", "csv", "xlsx", "machine"):
        if fmt == "machine":  # the CSV for systems
            response = client.post(f"/trajecten/{t.id}/overzicht.csv?dialect=machine")
        else:
            url, data = f"/trajecten/{t.id}/overzicht", {"format": fmt}
            response = download_pdf(client, url, data) if fmt == "pdf" else client.post(url, data=data)
        assert response.status_code == 200, fmt
        if fmt == "pdf":
            texts[fmt] = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
        elif fmt == "machine":
            texts[fmt] = response.data.decode("utf-8-sig")
        else:  # the CSV tables for people (a ZIP) and the workbook
            with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
                texts[fmt] = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return texts


def _employer_texts(client, t) -> dict[str, str]:
    pages = {name: client.get(url).get_data(as_text=True) for name, url in {
        "home": "/home", "employer": "/werkgever", "contact": f"/trajecten/{t.id}/contact",
        "timeline": f"/trajecten/{t.id}", "overview": f"/trajecten/{t.id}/overzicht"}.items()}
    return {**pages, **_file_texts(client, t)}


def test_a_retracted_note_and_summary_vanish_from_every_employer_page_and_file(client, login_as):
    w = world()
    t = w["t1"]
    note = add_note(t, w["advisor1"], NOTE, "employer")
    summary = save_summary(t, w["advisor1"], SUMMARY, share=True)
    db.session.commit()
    login_as(w["employer1"])
    before = _employer_texts(client, t)
    assert NOTE in before["employer"] and NOTE in before["contact"]
    assert all(SUMMARY.split(",")[0] in before[k] for k in ("overview", "pdf", "csv", "xlsx", "machine"))

    login_as(w["advisor1"])
    assert client.post(f"/adviseur/notities/{note.id}/intrekken").status_code == 302
    assert client.post(f"/samenvattingen/{summary.id}/intrekken").status_code == 302
    ics = client.get("/adviseur/agenda.ics").get_data(as_text=True)
    assert NOTE not in ics and SUMMARY not in ics

    login_as(w["employer1"])
    after = _employer_texts(client, t)
    for name, text in after.items():
        assert NOTE not in text and SUMMARY.split(",")[0] not in text, name
    today = date.today()
    assert "Ingetrokken op" in after["employer"] and "Ingetrokken op" in after["contact"]
    assert "Ingetrokken op" in after["overview"]

    # Kept in history, and audited.
    login_as(w["advisor1"])
    assert NOTE in client.get(f"/adviseur/trajecten/{t.id}").get_data(as_text=True)
    assert NOTE in client.get(f"/adviseur/notities/{note.id}").get_data(as_text=True)
    assert SUMMARY in client.get(f"/trajecten/{t.id}/overzicht").get_data(as_text=True)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "retract")).all()
    assert len(events) == 2 and all(e.trajectory_id == t.id for e in events)
    assert db.session.get(OverviewSummary, summary.id).retracted_at.date() <= today


def test_retracting_is_for_the_trajectorys_advisor_only(client, login_as):
    w = world()
    note = add_note(w["t1"], w["advisor1"], NOTE, "employer")
    db.session.commit()
    for who in ("advisor2", "employer1", "candidate1"):
        login_as(w[who])
        assert client.post(f"/adviseur/notities/{note.id}/intrekken").status_code == 404, who
    assert db.session.get(type(note), note.id).retracted_at is None


def test_pause_shows_the_employer_and_candidate_only_its_category(client, login_as):
    w = world()
    t = w["t1"]
    db.session.commit()
    login_as(w["advisor1"])
    start = (t.spoor2_start + timedelta(days=7)).isoformat()
    bad = client.post(f"/trajecten/{t.id}/pauzes", data={"start_date": start, "reason": "Hernieuwde uitval",
                                                         "employer_category": "opname"})
    assert bad.status_code == 200 and "Hernieuwde uitval" in bad.get_data(as_text=True)  # not a valid choice
    assert client.post(f"/trajecten/{t.id}/pauzes", data={
        "start_date": start, "reason": "Hernieuwde uitval", "employer_category": "not_available"}).status_code == 302
    assert db.session.scalars(select(Pause)).one().employer_category == "not_available"
    assert "Hernieuwde uitval" in client.get(f"/trajecten/{t.id}").get_data(as_text=True)
    for who in ("employer1", "candidate1"):
        login_as(w[who])
        page = client.get(f"/trajecten/{t.id}").get_data(as_text=True)
        assert "Hernieuwde uitval" not in page and "Tijdelijk niet belastbaar" in page, who
    login_as(w["employer1"])
    for text in _file_texts(client, t).values():
        assert "Hernieuwde uitval" not in text


def test_candidate_sees_what_her_employer_sees(client, login_as):
    w = world()
    t = w["t1"]
    add_note(t, w["advisor1"], NOTE, "employer")
    add_note(t, w["advisor1"], "Interne afweging over de begeleiding", "internal")
    save_summary(t, w["advisor1"], SUMMARY, share=True)
    save_summary(t, w["advisor1"], "Concept dat niemand ziet", share=False)
    db.session.commit()
    login_as(w["employer1"])
    client.post(f"/trajecten/{t.id}/overzicht", data={"format": "csv"})
    login_as(w["candidate1"])
    home = client.get("/home").get_data(as_text=True)
    assert "/mijn-traject/werkgever" in home  # in the candidate's menu
    page = client.get("/mijn-traject/werkgever")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert NOTE in html and SUMMARY in html
    assert "Interne afweging" not in html and "Concept dat niemand ziet" not in html
    assert w["employer1"].name in html and "CSV" in html  # the download: who and which file
    assert t.reference in html  # the employer's card for this trajectory


def test_candidate_asks_for_a_retraction_and_the_advisor_sees_it(client, login_as):
    w = world()
    note = add_note(w["t1"], w["advisor1"], NOTE, "employer")
    other = add_note(w["t2"], w["advisor2"], "Andermans notitie", "employer")
    db.session.commit()
    login_as(w["candidate2"])
    assert client.post(f"/mijn-traject/werkgever/notities/{note.id}/intrekken").status_code == 404
    login_as(w["candidate1"])
    assert client.post(f"/mijn-traject/werkgever/notities/{other.id}/intrekken").status_code == 404
    assert client.post(f"/mijn-traject/werkgever/notities/{note.id}/intrekken").status_code == 302
    assert "Je hebt gevraagd deze notitie in te trekken" in client.get("/mijn-traject/werkgever").get_data(as_text=True)
    login_as(w["advisor1"])
    assert "vraagt deze notitie in te trekken" in client.get(f"/adviseur/trajecten/{w['t1'].id}").get_data(as_text=True)


def test_the_mirror_page_is_the_candidates_own(client, login_as):
    w = world()
    db.session.commit()
    for who in ("advisor1", "employer1", "admin"):
        login_as(w[who])
        assert client.get("/mijn-traject/werkgever").status_code == 404, who
    login_as(w["candidate2"])
    html = client.get("/mijn-traject/werkgever").get_data(as_text=True)
    assert w["t2"].reference in html and w["t1"].reference not in html


def test_the_advisor_changes_what_the_employer_sees_of_an_existing_pause(client, login_as):
    w = world()
    t = w["t1"]
    pause = Pause(trajectory=t, start_date=t.spoor2_start + timedelta(days=7), reason="Hernieuwde uitval")
    db.session.add(pause)
    db.session.commit()
    assert pause.employer_category == "other"  # what migration 0013 gives existing pauses
    login_as(w["advisor2"])
    assert client.post(f"/pauzes/{pause.id}/categorie", data={"employer_category": "holiday"}).status_code == 404
    login_as(w["advisor1"])
    assert client.post(f"/pauzes/{pause.id}/categorie", data={"employer_category": "opname"}).status_code == 302
    assert db.session.get(Pause, pause.id).employer_category == "other"
    assert client.post(f"/pauzes/{pause.id}/categorie", data={"employer_category": "holiday"}).status_code == 302
    assert db.session.get(Pause, pause.id).employer_category == "holiday"
    login_as(w["employer1"])
    page = client.get(f"/trajecten/{t.id}").get_data(as_text=True)
    assert "Vakantie" in page and "Hernieuwde uitval" not in page


def _report_links(html: str) -> set[str]:
    import re

    return set(re.findall(r'href="/rapportages/(\d+)"', html))


def test_candidate_sees_the_reports_her_employer_lists_and_no_others(client, login_as):
    from portal.casefile import progress_report as reports_casefile
    from portal.progress_reports import services as report_services
    from tests.progress_reports.factories import draft, with_candidate
    from tests.reports.factories import WEASYPRINT_ERROR

    if WEASYPRINT_ERROR:
        import pytest

        pytest.skip(WEASYPRINT_ERROR)
    w = world()
    t = w["t1"]
    today = t.spoor2_start + timedelta(weeks=14)
    released = with_candidate(t, w["advisor1"], today, end=t.spoor2_start + timedelta(weeks=6))
    report_services.candidate_agrees(released)
    reports_casefile.release(released, w["advisor1"], today)
    waiting = with_candidate(t, w["advisor1"], today, start=t.spoor2_start + timedelta(weeks=6),
                             end=t.spoor2_start + timedelta(weeks=12))
    concept = draft(t, w["advisor1"], start=t.spoor2_start + timedelta(weeks=12), end=today)
    other = with_candidate(w["t2"], w["advisor2"], today)
    report_services.candidate_agrees(other)
    reports_casefile.release(other, w["advisor2"], today)
    db.session.commit()
    login_as(w["candidate1"])
    empty = client.get("/mijn-traject/werkgever").get_data(as_text=True)
    login_as(w["employer1"])
    listed = client.get("/werkgever/rapportages").get_data(as_text=True)
    section = listed.split(f'id="traject-{t.id}"', 1)[1].split("</section>", 1)[0]
    login_as(w["candidate1"])
    html = client.get("/mijn-traject/werkgever").get_data(as_text=True)
    mirrored = html.split('id="rapportages"', 1)[1].split("</section>", 1)[0]
    assert _report_links(mirrored) == _report_links(section) == {str(released.id)}
    assert str(waiting.id) not in _report_links(html) and str(concept.id) not in _report_links(html)
    assert str(other.id) not in _report_links(html)
    assert released.title in mirrored and date_nl(released.period_start) in mirrored
    assert date_nl(released.released_at) in mirrored
    assert "nog geen rapportage" not in mirrored
    assert "nog geen rapportage aan je werkgever vrijgegeven" in empty or _report_links(empty)
