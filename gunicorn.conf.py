"""Production serving defaults for `gunicorn -c gunicorn.conf.py wsgi:app` (override by env)."""

import gc
import multiprocessing
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # PDF overviews render in about a second
graceful_timeout = 20
keepalive = 5
max_requests = 2000  # recycle workers now and then against slow leaks
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
# Each worker opens its own connection pool after forking (see SQLALCHEMY_ENGINE_OPTIONS).
preload_app = False


def post_worker_init(worker):
    """Tune Python's garbage collector once the worker has loaded the portal.

    Everything loaded so far (modules, models, templates) lives as long as the worker, yet
    every full collection walked all of it, and those collections made the slowest
    responses (see the README's notes on serving). gc.freeze() sets it aside. Requests free nearly
    all they allocate by reference counting, so a higher first threshold runs the collector
    rarely instead of several times per page, without letting garbage pile up.
    """
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)
