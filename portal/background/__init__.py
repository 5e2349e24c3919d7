"""Background work: jobs by kind and parameters, deduplicated by an idempotency key.

RQ on Redis where REDIS_URL is set; otherwise a queue in the database, drained by a thread in
the web process (so `make run` needs nothing more) and by `flask --app wsgi worker`.
"""
