"""Bad input re-renders the form with a Dutch message by the field and keeps what was typed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.clock import local_today
from portal.extensions import db
from portal.progress_reports.forms import RESPONSE_MAX, TEXT_MAX
from portal.progress_reports.models import ProgressReport
from tests.factories import world
from tests.progress_reports.factories import draft, with_candidate


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(ProgressReport))


def test_new_report_period_errors(app, client, login_as):
    w = world()
    t = w["t1"]
    login_as(w["advisor1"])
    today = local_today()
    cases = [
        ({"start": (t.spoor2_start - timedelta(days=3)).isoformat()}, "start van het tweede spoor"),
        ({"end": (today + timedelta(days=5)).isoformat()}, "niet in de toekomst"),
        ({"start": today.isoformat(), "end": (today - timedelta(days=2)).isoformat()}, "vóór de begindatum"),
        ({"start": "31-02-2026"}, "Ongeldige datum"),
        ({"kind": "bogus"}, "Ongeldige keuze"),
    ]
    for data, message in cases:
        response = client.post(f"/trajecten/{t.id}/rapportages", data={"kind": "progress", **data})
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and message in page, (data, page[:200])
    assert _count() == 0


def test_texts_too_long_keep_what_was_typed(app, client, login_as):
    w = world()
    report = draft(w["t1"], w["advisor1"])
    db.session.commit()
    login_as(w["advisor1"])
    long_text = "lang " * (TEXT_MAX // 4)
    response = client.post(f"/rapportages/{report.id}/teksten", data={"done": long_text, "choice": "nonsense"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Maximaal" in page and long_text.strip()[:200] in page
    assert services_text(report, "done") != long_text.strip()


def services_text(report, key):
    from portal.progress_reports import services

    db.session.refresh(report)
    return services.latest_texts(report)[key].text


def test_response_too_long_and_stale_text_form(app, client, login_as):
    w = world()
    report = with_candidate(w["t1"], w["advisor1"], local_today())
    db.session.commit()
    login_as(w["candidate1"])
    response = client.post(f"/rapportages/{report.id}/zienswijze", data={"text": "x" * (RESPONSE_MAX + 1)})
    assert response.status_code == 200 and "Maximaal" in response.get_data(as_text=True)
    db.session.refresh(report)
    assert report.candidate_responded_at is None


def test_a_stale_text_form_shows_what_changed_meanwhile(app, client, login_as):
    w = world()
    report = draft(w["t1"], w["advisor1"])
    db.session.commit()
    opened_on = report.texts[-1].id
    login_as(w["advisor1"])
    assert client.post(f"/rapportages/{report.id}/teksten",
                       data={"version": opened_on, "goal": "Eerste versie", "choice": "sufficient"}).status_code == 302
    response = client.post(f"/rapportages/{report.id}/teksten",
                           data={"version": opened_on, "goal": "Tweede, van een ander tabblad", "choice": "sufficient"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Eerste versie" in page and "Tweede, van een ander tabblad" in page


def test_an_end_report_without_dates_covers_the_whole_trajectory(app, client, login_as):
    w = world()
    t = w["t1"]
    login_as(w["advisor1"])
    response = client.post(f"/trajecten/{t.id}/rapportages", data={"kind": "final", "start": "", "end": ""})
    assert response.status_code == 302
    report = db.session.scalar(select(ProgressReport))
    assert report.kind == "final" and report.period_start == t.spoor2_start
    assert report.period_end == min(t.closed_on or local_today(), local_today())
