"""Production serving defaults for `gunicorn -c gunicorn.conf.py wsgi:app` (override by env)."""

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
