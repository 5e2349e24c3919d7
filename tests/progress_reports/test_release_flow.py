"""Each step of the release flow, what it dates and audits, and that a released report is frozen."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.casefile import progress_report as casefile
from portal.extensions import db
from portal.progress_reports import services
from portal.progress_reports.models import ProgressReport, ReportStatus, ReportText
from portal.timeline.models import Notification
from tests.factories import world
from tests.progress_reports.factories import draft, with_candidate
from tests.reports.factories import WEASYPRINT_ERROR

TODAY = date(2026, 12, 3)


def _step(client, report, action, **data):
    return client.post(f"/rapportages/{report.id}/{action}", data=data)


def test_send_needs_every_text_and_a_judgement(app, client, login_as):
    w = world()
    report = draft(w["t1"], w["advisor1"], texts={"goal": "Doel"})
    db.session.commit()
    login_as(w["advisor1"])
    response = _step(client, report, "versturen", follow_redirects=True)
    db.session.refresh(report)
    assert report.status == ReportStatus.DRAFT
    page = client.get(f"/rapportages/{report.id}").get_data(as_text=True)
    assert "Nog in te vullen" in page and "belemmeringen in werktermen" in page
    assert response is not None


def test_texts_keep_history_and_only_changes_make_versions(app):
    w = world()
    report = draft(w["t1"], w["advisor1"])
    before = len(report.texts)
    assert services.save_texts(report, w["advisor1"], {"goal": report.texts[0].text}) == 0
    assert services.save_texts(report, w["advisor1"], {"goal": "Nieuw doel"}) == 1
    assert len(report.texts) == before + 1
    history = services.text_history(report)["goal"]
    assert [t.text for t in history][:1] == ["Nieuw doel"] and len(history) == 2
    assert services.latest_texts(report)["goal"].text == "Nieuw doel"


@pytest.mark.skipif(bool(WEASYPRINT_ERROR), reason=WEASYPRINT_ERROR or "")
def test_whole_flow_over_http_is_dated_audited_and_notified(app, client, login_as):
    w = world()
    t = w["t1"]
    t.spoor2_start = TODAY - timedelta(weeks=8)
    report = draft(t, w["advisor1"], end=TODAY - timedelta(days=1))
    db.session.commit()

    login_as(w["advisor1"])
    assert _step(client, report, "versturen").status_code == 302
    db.session.refresh(report)
    assert report.status == ReportStatus.WITH_CANDIDATE and report.sent_at and report.response_due
    # Not yet answered and the response time is running: no release.
    assert _step(client, report, "vrijgeven").status_code == 302
    db.session.refresh(report)
    assert report.status == ReportStatus.WITH_CANDIDATE
    assert db.session.scalar(select(Notification).where(Notification.user_id == w["candidate1"].id,
                                                        Notification.kind == services.NOTIFY_KIND))

    login_as(w["candidate1"])
    assert _step(client, report, "zienswijze", text="").status_code == 200  # empty: the form again
    assert _step(client, report, "zienswijze", text="Ik wil ook graag in de zorg kijken.").status_code == 302
    db.session.refresh(report)
    assert report.candidate_responded_at and "zorg" in report.candidate_response
    assert db.session.scalar(select(Notification).where(Notification.user_id == w["advisor1"].id,
                                                        Notification.title.contains("reactie van de kandidaat")))
    assert _step(client, report, "akkoord").status_code == 302  # a second answer is refused
    db.session.refresh(report)
    assert report.candidate_agreed_at is None

    login_as(w["advisor1"])
    assert _step(client, report, "vrijgeven").status_code == 303  # to the job's page (inline queue here)
    db.session.refresh(report)
    assert report.status == ReportStatus.RELEASED and report.released_at and report.verification_code
    assert casefile.stored_pdf(report).startswith(b"%PDF")
    assert db.session.scalar(select(Notification).where(Notification.user_id == w["employer1"].id,
                                                        Notification.kind == services.NOTIFY_KIND))

    login_as(w["employer1"])
    listing = client.get("/werkgever/rapportages").get_data(as_text=True)
    assert report.title in listing and "nog bevestigen" in listing
    assert _step(client, report, "ontvangen").status_code == 302
    db.session.refresh(report)
    assert report.received_at and report.received_by_id == w["employer1"].id
    pdf = client.get(f"/rapportages/{report.id}/pdf")
    assert pdf.status_code == 200 and pdf.data == casefile.stored_pdf(report)

    details = [e.detail for e in db.session.scalars(select(AuditEvent).where(AuditEvent.trajectory_id == t.id,
                                                                              AuditEvent.action == "report"))]
    for step in ("naar de kandidaat gestuurd", "zienswijze", "vrijgegeven", "ontvangst bevestigd"):
        assert any(step in d for d in details), (step, details)
    released_by = db.session.scalar(select(AuditEvent.actor_id).where(AuditEvent.detail.contains("vrijgegeven")))
    assert released_by == w["advisor1"].id  # the job records who asked for the release

    # /controle knows the code, and the stored file matches it.
    verify = client.get(f"/controle?code={report.display_code}").get_data(as_text=True)
    assert report.trajectory.reference in verify and "Voortgangsrapportage" in verify


@pytest.mark.skipif(bool(WEASYPRINT_ERROR), reason=WEASYPRINT_ERROR or "")
def test_released_report_is_frozen_and_a_correction_names_what_changed(app, client, login_as):
    w = world()
    report = with_candidate(w["t1"], w["advisor1"], TODAY)
    services.candidate_agrees(report)
    casefile.release(report, w["advisor1"], TODAY)
    db.session.commit()
    texts_before = db.session.scalar(select(db.func.count()).select_from(ReportText))

    with pytest.raises(services.ReportError):
        services.save_texts(report, w["advisor1"], {"goal": "Anders"})
    login_as(w["advisor1"])
    response = client.post(f"/rapportages/{report.id}/teksten", data={"goal": "Anders", "choice": "sufficient"})
    assert response.status_code == 302
    assert db.session.scalar(select(db.func.count()).select_from(ReportText)) == texts_before
    assert _step(client, report, "terug-naar-concept").status_code == 302
    db.session.refresh(report)
    assert report.status == ReportStatus.RELEASED

    assert _step(client, report, "correctie", note="").status_code == 200  # the note is required
    assert _step(client, report, "correctie", note="Het aantal gesprekken was te laag vermeld.").status_code == 302
    correction = db.session.scalar(select(ProgressReport).where(ProgressReport.corrects_id == report.id))
    assert correction.is_draft and correction.number == report.number
    assert services.latest_texts(correction)["goal"].text == services.latest_texts(report)["goal"].text
    page = client.get(f"/rapportages/{correction.id}").get_data(as_text=True)
    assert "Het aantal gesprekken was te laag vermeld." in page and report.display_code in page
    assert f"/rapportages/{correction.id}\"" in client.get(f"/rapportages/{report.id}").get_data(as_text=True)

    # The employer keeps the released version and hears of the correction only once it is released.
    login_as(w["employer1"])
    page = client.get(f"/rapportages/{report.id}").get_data(as_text=True)
    assert "Anders" not in page and f"/rapportages/{correction.id}\"" not in page
    assert client.get(f"/rapportages/{correction.id}").status_code == 404


def test_release_after_the_response_time_without_an_answer(app):
    w = world()
    report = with_candidate(w["t1"], w["advisor1"], TODAY)
    assert not services.may_release(report, TODAY)
    assert not services.may_release(report, report.response_due)
    assert services.may_release(report, report.response_due + timedelta(days=1))


def test_back_to_draft_clears_the_candidate_step(app):
    w = world()
    report = with_candidate(w["t1"], w["advisor1"], TODAY)
    services.back_to_draft(report)
    assert report.is_draft and report.sent_at is None and report.response_due is None


def test_medical_words_in_a_text_stop_the_save(app, client, login_as):
    w = world()
    report = draft(w["t1"], w["advisor1"])
    db.session.commit()
    login_as(w["advisor1"])
    response = client.post(f"/rapportages/{report.id}/teksten",
                           data={"obstacles": "Door zijn hernia kan hij niet tillen.", "choice": "sufficient"})
    assert response.status_code == 200 and "medische informatie" in response.get_data(as_text=True)
    assert "hernia" not in services.latest_texts(report)["obstacles"].text


def test_sending_again_after_back_to_draft_tells_the_candidate_again(app):
    from datetime import datetime

    w = world()
    report = with_candidate(w["t1"], w["advisor1"], TODAY)
    services.back_to_draft(report)
    db.session.flush()
    services.send_to_candidate(report, TODAY)
    report.sent_at = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)  # a later moment than the first send
    services.report_to_read(report, [w["candidate1"]], f"/rapportages/{report.id}")
    db.session.flush()
    notes = db.session.scalars(select(Notification).where(Notification.user_id == w["candidate1"].id)).all()
    assert len(notes) >= 2
