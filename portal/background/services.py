"""The job API: register a kind, enqueue by idempotency key, dispatch, read status and result.

    job = enqueue("overview", {...}, key=..., user=current_user)   # flushes; the view commits
    db.session.commit(); dispatch(job)                             # hands it to the runner

JOB_QUEUE chooses the runner: "rq" (the default where REDIS_URL is set), "database" (the
default without Redis: a table drained by `flask worker` and, with JOB_THREAD, by a thread in
the web process) or "inline" (run at dispatch; tests). The table is the truth about a job in
every mode: RQ only carries its id.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable
from datetime import timedelta

from flask import Flask, current_app, g, has_app_context, has_request_context
from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from portal.auth.models import User
from portal.background.models import ACTIVE, BackgroundJob, JobStatus
from portal.db_types import utcnow
from portal.extensions import db

log = logging.getLogger(__name__)

Handler = Callable[[dict], dict]
HANDLERS: dict[str, Handler] = {}
RUNNERS = ("rq", "database", "inline")


def register(kind: str, handler: Handler) -> None:
    """Name the function that does a kind of job: handler(params) -> result (JSON); it does not commit."""
    HANDLERS[kind] = handler


def runner(config=None) -> str:
    config = config if config is not None else current_app.config
    chosen = config.get("JOB_QUEUE") or ("rq" if config.get("REDIS_URL") else "database")
    if chosen not in RUNNERS:
        raise ValueError(f"unknown JOB_QUEUE {chosen!r}; choose one of {', '.join(RUNNERS)}")
    return chosen


def key_for(kind: str, params: dict) -> str:
    """The default idempotency key: the kind and a hash of the parameters."""
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()[:40]
    return f"{kind}:{digest}"


def _stale_before():
    return utcnow() - timedelta(seconds=current_app.config.get("JOB_STALE_SECONDS", 600))


def _stale(job: BackgroundJob) -> bool:
    """A job nobody finished in time (a worker that died): the next request queues it again."""
    moment = job.started_at or job.queued_at
    return job.active and moment is not None and moment < _stale_before()


def find(key: str) -> BackgroundJob | None:
    return db.session.scalar(select(BackgroundJob).where(BackgroundJob.key == key))


def active(key: str) -> BackgroundJob | None:
    """The queued or running job under this key, if one is in progress."""
    job = find(key)
    return job if job is not None and job.active and not _stale(job) else None


def enqueue(kind: str, params: dict, key: str | None = None, user: User | None = None) -> BackgroundJob:
    """The job under `key`: the one in progress, or (re)queued with these parameters. Flushes;
    the caller commits and then calls dispatch()."""
    if kind not in HANDLERS:
        raise KeyError(f"no handler registered for job kind {kind!r}")
    key = key or key_for(kind, params)
    job = active(key)
    if job is not None:
        return job
    job = find(key)
    if job is None:
        try:
            with db.session.begin_nested():
                job = BackgroundJob(key=key, kind=kind, params=params, requested_by_id=user.id if user else None)
                db.session.add(job)
        except IntegrityError:  # another request inserted the same key just now
            return find(key)
        return job
    job.kind, job.params, job.status = kind, params, JobStatus.QUEUED.value
    job.result = job.error = job.started_at = job.finished_at = None
    job.queued_at = utcnow()
    job.requested_by_id = user.id if user else job.requested_by_id
    db.session.flush()
    return job


def dispatch(job: BackgroundJob) -> None:
    """Hand a committed, queued job to the configured runner."""
    if job.status != JobStatus.QUEUED:
        return
    mode = runner()
    if mode == "inline":
        run(job.id)
    elif mode == "rq":
        from redis.exceptions import RedisError

        try:
            rq_queue().enqueue(perform, job.id, job_id=f"ts-job-{job.id}-{job.attempts}",
                               job_timeout=current_app.config.get("JOB_STALE_SECONDS", 600),
                               result_ttl=300, failure_ttl=3600)
        except RedisError:  # the job stays queued; once stale, the next request hands it over again
            log.exception("background job %s: Redis refused it", job.id)
    else:
        nudge(job)


def nudge(job: BackgroundJob) -> None:
    """Database queue: make sure this process's thread (JOB_THREAD) will pick a queued job up,
    also one queued by a process that has gone since."""
    if job.status == JobStatus.QUEUED and runner() == "database" and current_app.config.get("JOB_THREAD", True):
        _wake_thread(current_app._get_current_object())


def get(job_id: int) -> BackgroundJob | None:
    return db.session.get(BackgroundJob, job_id)


def purge_finished(days: int = 30) -> int:
    """Delete finished jobs older than `days` (their parameters name people); the caller commits."""
    return db.session.execute(
        delete(BackgroundJob).where(BackgroundJob.status.not_in(ACTIVE),
                                    BackgroundJob.queued_at < utcnow() - timedelta(days=days))
    ).rowcount


# --- running ------------------------------------------------------------------------------

def claim(job_id: int) -> bool:
    """Mark a job running for this worker; False when another worker has it (or it is finished)."""
    claimed = db.session.execute(
        update(BackgroundJob)
        .where(BackgroundJob.id == job_id, or_(
            BackgroundJob.status == JobStatus.QUEUED.value,
            (BackgroundJob.status == JobStatus.RUNNING.value) & (BackgroundJob.started_at < _stale_before())))
        .values(status=JobStatus.RUNNING.value, started_at=utcnow(), attempts=BackgroundJob.attempts + 1)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    db.session.commit()
    return claimed


def run(job_id: int) -> bool:
    """Claim and do one job in this app context; commits its work with its result. False when
    another worker had it."""
    if not claim(job_id):
        return False
    job = db.session.get(BackgroundJob, job_id)
    db.session.refresh(job)
    try:
        if has_request_context():
            _do(job)
        else:  # templates and url_for() need a request; the worker has none
            with current_app.test_request_context(base_url=current_app.config.get("BASE_URL") or None):
                _do(job)
    except Exception as error:  # noqa: BLE001 - a failed job is recorded, the worker goes on
        log.exception("background job %s (%s) failed", job_id, job.kind)
        db.session.rollback()
        job = db.session.get(BackgroundJob, job_id)
        job.status, job.error, job.finished_at = JobStatus.FAILED.value, repr(error)[:2000], utcnow()
        db.session.commit()
    return True


def _do(job: BackgroundJob) -> None:
    """The handler's work and the job's result in one commit, inside the request context, so
    the audit events it notes are written (at the context's end) only after that commit; a
    failed job's events are dropped with its work."""
    before = dict(g.get("audit_pending", {}))
    try:
        result = HANDLERS[job.kind](dict(job.params))
        job.status, job.result, job.finished_at = JobStatus.DONE.value, result, utcnow()
        db.session.commit()
    except Exception:
        g.audit_pending = before
        raise


def next_queued() -> int | None:
    return db.session.scalar(
        select(BackgroundJob.id).where(or_(
            BackgroundJob.status == JobStatus.QUEUED.value,
            (BackgroundJob.status.in_(ACTIVE)) & (BackgroundJob.started_at < _stale_before())))
        .order_by(BackgroundJob.queued_at, BackgroundJob.id).limit(1))


def drain(limit: int | None = None) -> int:
    """Do queued jobs of the database queue until none is left (or `limit` are done)."""
    done = 0
    while limit is None or done < limit:
        job_id = next_queued()
        if job_id is None:
            break
        if run(job_id):
            done += 1
    return done


def perform(job_id: int) -> None:
    """RQ's entry point: run the job in the worker's app (or a new one outside Flask)."""
    if has_app_context():
        run(job_id)
        return
    from portal import create_app

    with create_app().app_context():
        run(job_id)


# --- RQ -----------------------------------------------------------------------------------

_redis_clients: dict[str, object] = {}


def redis_connection(url: str | None = None):
    url = url or current_app.config["REDIS_URL"]
    if url not in _redis_clients:
        import redis

        _redis_clients[url] = redis.Redis.from_url(url)
    return _redis_clients[url]


def rq_queue():
    from rq import Queue

    return Queue(current_app.config.get("JOB_QUEUE_NAME", "portal"), connection=redis_connection())


# --- the thread of the web process (database queue) ----------------------------------------

_threads: dict[int, tuple[threading.Thread, threading.Event]] = {}
_threads_lock = threading.Lock()


def _wake_thread(app: Flask) -> None:
    """Start (once per process and app) or wake the thread that drains the database queue."""
    with _threads_lock:
        entry = _threads.get(id(app))
        if entry is None or not entry[0].is_alive():
            wake = threading.Event()
            thread = threading.Thread(target=_thread_loop, args=(app, wake), name="portal-jobs", daemon=True)
            _threads[id(app)] = entry = (thread, wake)
            thread.start()
    entry[1].set()


def _thread_loop(app: Flask, wake: threading.Event) -> None:
    while runner(app.config) == "database" and app.config.get("JOB_THREAD", True):
        wake.clear()
        with app.app_context():
            try:
                drain()
            except Exception:  # noqa: BLE001 - the thread must outlive a broken job or a lost connection
                log.exception("background thread: draining the job queue failed")
            finally:
                db.session.remove()
        wake.wait(timeout=app.config.get("JOB_POLL_SECONDS", 5))
