"""Progress-report PDFs are made by background jobs: releasing (one job per report; released
only when the job has stored its PDF; a failed job leaves the report with the candidate) and
the preview before release. The database queue (SQLite default) and RQ on Redis."""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from portal import storage
from portal.audit.models import AuditEvent
from portal.background import services as background
from portal.background.models import BackgroundJob
from portal.casefile import progress_report as casefile
from portal.extensions import db
from portal.progress_reports import services
from portal.progress_reports.models import ReportStatus
from tests.factories import world
from tests.progress_reports.factories import draft, with_candidate
from tests.reports.factories import WEASYPRINT_ERROR

pytestmark = pytest.mark.skipif(bool(WEASYPRINT_ERROR), reason=WEASYPRINT_ERROR or "")

TODAY = date(2026, 12, 3)
REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def database_queue(app):
    app.config.update(JOB_QUEUE="database", JOB_THREAD=False)
    return app


def _jobs() -> int:
    return db.session.scalar(select(func.count()).select_from(BackgroundJob))


def _stored(trajectory) -> list[str]:
    return [key for key, _size in storage.store().keys(f"exports/progress_reports/{trajectory.id}/")]


def _agreed(w):
    report = with_candidate(w["t1"], w["advisor1"], TODAY)
    services.candidate_agrees(report)
    db.session.commit()
    return report


def _release(client, report) -> str:
    response = client.post(f"/rapportages/{report.id}/vrijgeven")
    assert response.status_code == 303, response.status_code
    return response.headers["Location"]


def _refreshed(report):
    db.session.expire_all()
    return db.session.get(type(report), report.id)


def test_release_is_one_job_and_the_report_is_released_when_it_is_done(database_queue, client, login_as):
    w = world()
    report = _agreed(w)
    login_as(w["advisor1"])
    job_url = _release(client, report)
    assert _release(client, report) == job_url and _jobs() == 1  # a second click: the same job
    page = client.get(job_url).get_data(as_text=True)
    assert 'aria-live="polite"' in page and "data-poll" in page and "wachtrij" in page
    assert '<noscript><meta http-equiv="refresh"' in page and "Pagina vernieuwen" in page
    # Until the job is done the report is not released: no code, no file, nothing for the employer.
    report = _refreshed(report)
    assert report.status == ReportStatus.WITH_CANDIDATE and not report.verification_code and not _stored(w["t1"])
    show = client.get(f"/rapportages/{report.id}").get_data(as_text=True)
    assert "Bekijk de voortgang" in show and "Vrijgeven aan de werkgever" not in show and "Terug naar concept" not in show
    login_as(w["employer1"])
    assert client.get(f"/rapportages/{report.id}").status_code == 404

    assert background.drain() == 1
    report = _refreshed(report)
    assert report.status == ReportStatus.RELEASED and report.verification_code and report.released_by_id == w["advisor1"].id
    login_as(w["advisor1"])
    page = client.get(job_url).get_data(as_text=True)
    assert "data-poll" not in page and "http-equiv" not in page
    assert f"<strong>{report.display_code}</strong>" in page and f'href="/rapportages/{report.id}/pdf"' in page
    pdf = client.get(f"/rapportages/{report.id}/pdf")
    assert pdf.status_code == 200 and pdf.data == casefile.stored_pdf(report)
    code, stored = report.verification_code, _stored(w["t1"])
    assert len(stored) == 1

    # Releasing again: nothing new is queued, rendered or stored; the code stays.
    again = client.post(f"/rapportages/{report.id}/vrijgeven")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/rapportages/{report.id}")
    assert background.drain() == 0 and _jobs() == 1
    assert _refreshed(report).verification_code == code and _stored(w["t1"]) == stored
    released = db.session.scalars(select(AuditEvent).where(AuditEvent.detail.contains("vrijgegeven aan de werkgever")))
    assert [e.actor_id for e in released] == [w["advisor1"].id]


def test_a_failed_release_leaves_the_report_with_the_candidate(database_queue, client, login_as, monkeypatch):
    w = world()
    report = _agreed(w)
    login_as(w["advisor1"])
    job_url = _release(client, report)

    def broken(*args, **kwargs):  # fails after the PDF was rendered and stored
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "mark_released", broken)
    assert background.drain() == 1
    report = _refreshed(report)
    assert report.status == ReportStatus.WITH_CANDIDATE and report.released_at is None
    assert not report.verification_code and not report.file_path and not _stored(w["t1"])
    assert not db.session.scalar(select(AuditEvent.id).where(AuditEvent.detail.contains("vrijgegeven")))
    page = client.get(job_url).get_data(as_text=True)
    assert "niet vrijgegeven" in page and "Opnieuw proberen" in page and "data-poll" not in page
    assert f'action="/rapportages/{report.id}/vrijgeven"' in page

    monkeypatch.undo()
    assert _release(client, report) == job_url  # trying again queues the same job anew
    assert background.drain() == 1
    report = _refreshed(report)
    assert report.status == ReportStatus.RELEASED and len(_stored(w["t1"])) == 1


def test_taken_back_while_queued_the_job_releases_nothing(database_queue, client, login_as):
    w = world()
    report = _agreed(w)
    login_as(w["advisor1"])
    _release(client, report)
    services.back_to_draft(_refreshed(report))  # another advisor, or a page opened before
    db.session.commit()
    assert background.drain() == 1
    report = _refreshed(report)
    assert report.status == ReportStatus.DRAFT and not report.verification_code and not _stored(w["t1"])
    assert db.session.scalar(select(BackgroundJob.status)) == "failed"


def test_release_job_page_is_for_the_reports_bureau_only(database_queue, client, login_as):
    w = world()
    report = _agreed(w)
    login_as(w["advisor1"])
    job_url = _release(client, report)
    for who in ("candidate1", "employer1", "advisor2", "candidate2", "employer2"):
        login_as(w[who])
        assert client.get(job_url).status_code == 404, who
        assert client.post(f"/rapportages/{report.id}/vrijgeven").status_code in (403, 404), who
    assert _jobs() == 1
    login_as(w["advisor1"])
    assert client.get(job_url).status_code == 200


def test_preview_is_a_job_and_its_file_is_for_who_asked(database_queue, client, login_as):
    w = world()
    report = with_candidate(w["t1"], w["advisor1"], TODAY)
    db.session.commit()
    login_as(w["candidate1"])
    assert client.get(f"/rapportages/{report.id}/pdf").status_code == 404  # nothing rendered in a request
    asked = client.post(f"/rapportages/{report.id}/voorbeeld")
    assert asked.status_code == 303
    job_url = asked.headers["Location"]
    assert client.post(f"/rapportages/{report.id}/voorbeeld").headers["Location"] == job_url and _jobs() == 1
    assert "wachtrij" in client.get(job_url).get_data(as_text=True)
    assert client.get(job_url + "/bestand").status_code == 404  # not made yet
    assert background.drain() == 1
    page = client.get(job_url).get_data(as_text=True)
    link = re.search(r'href="(/rapportages/taken/\d+/bestand)"', page)
    assert link and "geen verificatiecode" in page
    pdf = client.get(link.group(1))
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and "concept-" in pdf.headers["Content-Disposition"]
    assert _refreshed(report).status == ReportStatus.WITH_CANDIDATE and not _refreshed(report).verification_code
    for who in ("advisor1", "employer1", "candidate2", "advisor2", "admin"):
        login_as(w[who])
        assert client.get(job_url).status_code == 404, who
        assert client.get(link.group(1)).status_code == 404, who
    login_as(w["employer1"])  # the employer never previews what was not released
    assert client.post(f"/rapportages/{report.id}/voorbeeld").status_code == 404


def test_a_preview_of_a_draft_is_for_the_bureau(database_queue, client, login_as):
    w = world()
    report = draft(w["t1"], w["advisor1"])
    db.session.commit()
    for who in ("candidate1", "employer1", "advisor2"):
        login_as(w[who])
        assert client.post(f"/rapportages/{report.id}/voorbeeld").status_code == 404, who
    assert _jobs() == 0
    login_as(w["advisor1"])
    assert client.post(f"/rapportages/{report.id}/voorbeeld").status_code == 303


# --- RQ on Redis ---------------------------------------------------------------------------

def test_release_through_rq_with_a_burst_worker(app, client, login_as):
    import redis
    from rq import Queue, SimpleWorker

    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis not reachable at {REDIS_URL}: the RQ path is not tested here")
    name = f"test-{uuid.uuid4().hex[:10]}"  # a queue of its own: other test runs share the server
    app.config.update(JOB_QUEUE="rq", REDIS_URL=REDIS_URL, JOB_QUEUE_NAME=name)
    queue = Queue(name, connection=connection)
    try:
        w = world()
        report = _agreed(w)
        login_as(w["advisor1"])
        job_url = _release(client, report)
        assert _release(client, report) == job_url and len(queue) == 1  # in progress: not queued twice
        assert _refreshed(report).status == ReportStatus.WITH_CANDIDATE
        SimpleWorker([queue], connection=connection).work(burst=True)
        report = _refreshed(report)
        assert report.status == ReportStatus.RELEASED and len(_stored(w["t1"])) == 1
        assert f"<strong>{report.display_code}</strong>" in client.get(job_url).get_data(as_text=True)
        assert client.post(f"/rapportages/{report.id}/vrijgeven").status_code == 302 and len(queue) == 0
    finally:
        queue.delete(delete_jobs=True)


# --- races: each step moves on only from the state it read -------------------------------------

def _behind_its_back(report, **values) -> None:
    """Another request (or the release job) changes the row after this one read it."""
    from sqlalchemy import update

    from portal.progress_reports.models import ProgressReport

    db.session.execute(update(ProgressReport).where(ProgressReport.id == report.id).values(**values)
                       .execution_options(synchronize_session=False))


def _stale(report, **values):
    """This request's copy of the report as it was read before the change (nothing to flush)."""
    from sqlalchemy.orm.attributes import set_committed_value

    for name, value in values.items():
        set_committed_value(report, name, value)
    return report


def test_back_to_draft_after_the_release_committed_changes_nothing(app):
    w = world()
    report = _agreed(w)
    casefile.release(report, w["advisor1"], TODAY)
    db.session.commit()
    code = report.verification_code
    _stale(report, status=ReportStatus.WITH_CANDIDATE.value)  # read before the release job committed
    with pytest.raises(services.ReportError):
        services.back_to_draft(report)
    report = _refreshed(report)
    assert report.status == ReportStatus.RELEASED and report.verification_code == code
    assert report.candidate_agreed_at is not None


def test_a_release_whose_report_went_back_to_draft_meanwhile_stores_nothing(app):
    w = world()
    report = _agreed(w)
    _behind_its_back(report, status=ReportStatus.DRAFT.value)  # "terug naar concept" came first
    db.session.commit()
    _stale(_refreshed(report), status=ReportStatus.WITH_CANDIDATE.value)  # what the job had read
    with pytest.raises(services.ReportError):
        casefile.release(report, w["advisor1"], TODAY)
    db.session.rollback()
    report = _refreshed(report)
    assert report.status == ReportStatus.DRAFT and not report.verification_code and not _stored(w["t1"])


def test_a_second_run_of_the_release_keeps_the_first_code(app):
    w = world()
    report = _agreed(w)
    casefile.release(report, w["advisor1"], TODAY)
    db.session.commit()
    first = (report.verification_code, report.file_path)
    _stale(report, status=ReportStatus.WITH_CANDIDATE.value)  # a reclaimed job that read it before
    with pytest.raises(services.ReportError):
        casefile.release(report, w["advisor1"], TODAY)
    db.session.rollback()
    report = _refreshed(report)
    assert (report.verification_code, report.file_path) == first
    assert _stored(w["t1"]) == [f"exports/{first[1]}"]


def test_a_response_after_the_release_is_refused(app):
    w = world()
    report = with_candidate(w["t1"], w["advisor1"], TODAY)
    db.session.commit()
    _behind_its_back(report, status=ReportStatus.RELEASED.value)
    db.session.commit()
    _stale(report, status=ReportStatus.WITH_CANDIDATE.value)
    with pytest.raises(services.ReportError):
        services.candidate_responds(report, "Ik wil nog iets toevoegen.")
    assert _refreshed(report).candidate_response == ""


def test_a_release_made_before_the_candidate_answered_is_not_stored_after(app):
    w = world()
    report = with_candidate(w["t1"], w["advisor1"], TODAY)
    db.session.commit()
    _behind_its_back(report, response_due=date(2026, 11, 1))  # the response time is over
    db.session.commit()
    _behind_its_back(report, candidate_responded_at=report.sent_at, candidate_response="Mijn zienswijze.")
    db.session.commit()
    _stale(report, candidate_responded_at=None, candidate_response="")  # the job read it unanswered
    with pytest.raises(services.ReportError):  # the PDF was made without her answer
        casefile.release(report, w["advisor1"], TODAY)
    db.session.rollback()
    assert _refreshed(report).status == ReportStatus.WITH_CANDIDATE and not _stored(w["t1"])


def test_a_released_version_has_one_correction(app):
    w = world()
    report = _agreed(w)
    casefile.release(report, w["advisor1"], TODAY)
    db.session.commit()
    services.start_correction(report, w["advisor1"], "Periode aangepast")
    db.session.commit()
    with pytest.raises(services.ReportError):
        services.start_correction(report, w["advisor1"], "Nog een keer")


def test_no_step_while_the_release_job_runs(database_queue, client, login_as):
    w = world()
    report = _agreed(w)
    login_as(w["advisor1"])
    _release(client, report)  # queued, not yet done
    response = client.post(f"/rapportages/{report.id}/terug-naar-concept", follow_redirects=True)
    assert "wordt op dit moment vrijgegeven" in response.get_data(as_text=True)
    assert _refreshed(report).status == ReportStatus.WITH_CANDIDATE
    assert background.drain() == 1
    assert _refreshed(report).status == ReportStatus.RELEASED


def test_an_employer_asking_for_a_draft_is_no_recorded_access(app, client, login_as):
    w = world()
    report = draft(w["t1"], w["advisor1"])
    db.session.commit()
    login_as(w["employer1"])
    before = db.session.scalar(select(func.count()).select_from(AuditEvent)
                               .where(AuditEvent.actor_id == w["employer1"].id))
    assert client.get(f"/rapportages/{report.id}").status_code == 404
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.actor_id == w["employer1"].id)) == before
