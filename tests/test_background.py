"""Background jobs (portal/background): the job API, and PDF overviews made through the worker
path: the database queue (the SQLite default, drained by `flask worker` or the web process's
thread) and RQ on Redis. Each test starts the worker it needs itself."""

from __future__ import annotations

import io
import re
import time
import uuid

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from portal.background import services as background
from portal.background.models import BackgroundJob
from portal.extensions import db
from portal.reports.models import GeneratedOverview
from tests.factories import world
from tests.reports.test_pdf import needs_weasyprint

REDIS_URL = "redis://127.0.0.1:6379/0"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _ask(client, t, **data):
    """POST the overview form for a PDF; returns the job page's URL (the answer is a 303 to it)."""
    response = client.post(f"/trajecten/{t.id}/overzicht", data={"format": "pdf", **data})
    assert response.status_code == 303, response.status_code
    return response.headers["Location"]


def _finished(client, job_url) -> tuple[str, str]:
    """(download link, verification code) from a finished job's page."""
    page = client.get(job_url).get_data(as_text=True)
    link = re.search(r'href="(/overzichten/(\d+)/bestand)"', page)
    assert link and "data-poll" not in page and "http-equiv" not in page, page
    code = re.search(r"<strong>(TS-[A-Z0-9-]+)</strong>", page).group(1)
    return link.group(1), code


def _pdf_code(client, link) -> str:
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    return re.search(r"TS-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", text).group(0)


@pytest.fixture
def database_queue(app):
    app.config.update(JOB_QUEUE="database", JOB_THREAD=False)
    return app


# --- the job API --------------------------------------------------------------------------

def test_the_same_key_while_queued_is_one_job_and_a_finished_one_runs_again(app):
    app.config.update(JOB_QUEUE="database", JOB_THREAD=False)
    calls = []
    background.register("test.echo", lambda params: calls.append(params) or {"echo": params["n"] * 2})
    first = background.enqueue("test.echo", {"n": 2})
    again = background.enqueue("test.echo", {"n": 2})
    other = background.enqueue("test.echo", {"n": 3})
    db.session.commit()
    assert first.id == again.id != other.id and first.key == background.key_for("test.echo", {"n": 2})
    assert background.drain() == 2 and calls == [{"n": 2}, {"n": 3}]
    db.session.expire_all()
    job = background.get(first.id)
    assert job.done and job.result == {"echo": 4} and job.attempts == 1
    requeued = background.enqueue("test.echo", {"n": 2})
    assert requeued.id == first.id and requeued.status == "queued" and requeued.result is None
    db.session.commit()
    assert background.drain() == 1 and background.drain() == 0 and len(calls) == 3


def test_a_failing_job_is_recorded_and_the_worker_goes_on(app):
    app.config.update(JOB_QUEUE="database", JOB_THREAD=False)

    def broken(params):
        raise RuntimeError("no printer")

    background.register("test.broken", broken)
    background.register("test.ok", lambda params: {"ok": True})
    bad, good = background.enqueue("test.broken", {}), background.enqueue("test.ok", {})
    db.session.commit()
    assert background.drain() == 2
    db.session.expire_all()
    assert background.get(bad.id).failed and "no printer" in background.get(bad.id).error
    assert background.get(good.id).done


def test_a_job_is_claimed_once(app):
    app.config.update(JOB_QUEUE="database", JOB_THREAD=False)
    background.register("test.ok", lambda params: {"ok": True})
    job = background.enqueue("test.ok", {"x": 1})
    db.session.commit()
    assert background.claim(job.id) is True
    assert background.claim(job.id) is False  # a second worker does not take it
    assert background.run(job.id) is False


def test_an_unknown_kind_or_runner_is_refused(app):
    with pytest.raises(KeyError):
        background.enqueue("test.nothing", {})
    app.config["JOB_QUEUE"] = "celery"
    with pytest.raises(ValueError, match="JOB_QUEUE"):
        background.runner()
    app.config.update(JOB_QUEUE="", REDIS_URL="")
    assert background.runner() == "database"
    app.config["REDIS_URL"] = REDIS_URL
    assert background.runner() == "rq"


# --- the PDF overview through the database queue (SQLite default) ------------------------

@needs_weasyprint
def test_pdf_through_the_database_queue_and_flask_worker(database_queue, client, login_as, runner):
    w = world()
    t = w["t1"]
    login_as(w["employer1"])
    job_url = _ask(client, t)
    page = client.get(job_url).get_data(as_text=True)
    assert 'aria-live="polite"' in page and "data-poll" in page and "wachtrij" in page
    assert '<noscript><meta http-equiv="refresh"' in page and "Pagina vernieuwen" in page
    assert _count(GeneratedOverview) == 0  # the request rendered nothing
    assert _ask(client, t) == job_url and _count(BackgroundJob) == 1  # a second click: the same job
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code == 0 and "1 taken gedaan" in result.output, result.output
    link, code = _finished(client, job_url)
    assert _pdf_code(client, link) == code
    # Asking again for the same period and the same data: the stored overview, the same code.
    again_url = _ask(client, t)
    runner.invoke(args=["worker", "--burst"])
    assert _finished(client, again_url) == (link, code) and _count(GeneratedOverview) == 1


@needs_weasyprint
def test_pdf_through_the_web_process_thread(app, client, login_as):
    """`make run` without Redis: the web process's own thread makes the PDF."""
    app.config.update(JOB_QUEUE="database", JOB_THREAD=True, JOB_POLL_SECONDS=0.2)
    w = world()
    login_as(w["advisor1"])
    job_url = _ask(client, w["t1"])
    deadline = time.monotonic() + 60
    while "data-poll" in client.get(job_url).get_data(as_text=True):
        assert time.monotonic() < deadline, "the thread did not finish the job"
        time.sleep(0.2)
    link, code = _finished(client, job_url)
    assert _pdf_code(client, link) == code


def test_the_job_page_is_only_for_who_asked(database_queue, client, login_as):
    w = world()
    login_as(w["employer1"])
    job_url = _ask(client, w["t1"])
    for who in ("advisor1", "advisor2", "candidate1", "candidate2", "employer2", "admin"):
        login_as(w[who])
        assert client.get(job_url).status_code == 404, who
    login_as(w["employer1"])
    assert client.get(job_url).status_code == 200
    assert client.get("/overzichten/taken/999999").status_code == 404


def test_a_failed_pdf_offers_to_try_again(database_queue, client, login_as, monkeypatch):
    from portal.reports import render

    w = world()
    login_as(w["advisor1"])
    job_url = _ask(client, w["t1"])
    monkeypatch.setattr(render, "to_pdf", lambda *a, **k: (_ for _ in ()).throw(OSError("fonts missing")))
    assert background.drain() == 1
    page = client.get(job_url).get_data(as_text=True)
    assert "kon niet worden gemaakt" in page and "Opnieuw proberen" in page and "data-poll" not in page
    assert _ask(client, w["t1"]) == job_url  # trying again queues the same job anew
    db.session.expire_all()
    assert db.session.get(BackgroundJob, int(job_url.rsplit("/", 1)[1])).status == "queued"


# --- the PDF overview through RQ on Redis --------------------------------------------------

def _redis_or_skip():
    import redis

    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis not reachable at {REDIS_URL}: the RQ path is not tested here")
    return connection


@needs_weasyprint
def test_pdf_through_rq_with_a_burst_worker(app, client, login_as):
    from rq import Queue, SimpleWorker

    connection = _redis_or_skip()
    name = f"test-{uuid.uuid4().hex[:10]}"  # a queue of its own: other test runs share the server
    app.config.update(JOB_QUEUE="rq", REDIS_URL=REDIS_URL, JOB_QUEUE_NAME=name)
    queue = Queue(name, connection=connection)
    try:
        w = world()
        t = w["t1"]
        login_as(w["employer1"])
        job_url = _ask(client, t)
        assert len(queue) == 1 and "data-poll" in client.get(job_url).get_data(as_text=True)
        assert _ask(client, t) == job_url and len(queue) == 1  # in progress: not queued twice
        SimpleWorker([queue], connection=connection).work(burst=True)
        link, code = _finished(client, job_url)
        assert _pdf_code(client, link) == code
        again_url = _ask(client, t)
        SimpleWorker([queue], connection=connection).work(burst=True)
        assert _finished(client, again_url) == (link, code) and _count(GeneratedOverview) == 1
    finally:
        queue.delete(delete_jobs=True)


def test_redis_down_leaves_the_job_queued_instead_of_an_error(app, client, login_as):
    app.config.update(JOB_QUEUE="rq", REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens there
    background._redis_clients.clear()
    w = world()
    login_as(w["employer1"])
    job_url = _ask(client, w["t1"])
    page = client.get(job_url)
    assert page.status_code == 200 and "wachtrij" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(BackgroundJob.status)) == "queued"


def test_the_retention_run_removes_finished_jobs_after_thirty_days(app, runner):
    from datetime import timedelta

    from portal.db_types import utcnow

    app.config.update(JOB_QUEUE="database", JOB_THREAD=False)
    background.register("test.ok", lambda params: {"ok": True})
    old, recent, waiting = (background.enqueue("test.ok", {"n": n}) for n in range(3))
    db.session.commit()
    background.run(old.id)
    background.run(recent.id)
    old = db.session.get(BackgroundJob, old.id)
    waiting = db.session.get(BackgroundJob, waiting.id)
    old.queued_at = waiting.queued_at = utcnow() - timedelta(days=31)
    db.session.commit()
    assert runner.invoke(args=["purge-expired"]).exit_code == 0
    db.session.expire_all()
    left = set(db.session.scalars(select(BackgroundJob.id)))
    assert left == {recent.id, waiting.id}  # a queued job stays, however old
