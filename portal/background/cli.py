"""`flask --app wsgi worker`: the process that does background jobs (RQ, or the database queue)."""

from __future__ import annotations

import os
import time

import click
from flask import current_app

from portal.background import services
from portal.extensions import db


@click.command("worker")
@click.option("--burst", is_flag=True, help="Do the jobs that are queued now, then stop.")
def worker_command(burst: bool) -> None:
    """Do background jobs (PDF overviews): from Redis (RQ) when REDIS_URL is set, else from the database."""
    mode = services.runner()
    # Rendering waits for the web processes: a page request on the same host goes first.
    os.nice(current_app.config.get("JOB_WORKER_NICE", 10))
    if mode == "rq":
        from rq import Worker

        engine = db.engine
        # RQ forks a work horse per job: the child must not reuse the parent's connections.
        os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
        queue = services.rq_queue()
        click.echo(f"Worker: RQ-wachtrij '{queue.name}' op {current_app.config['REDIS_URL']}")
        Worker([queue], connection=queue.connection).work(burst=burst, with_scheduler=False)
        return
    click.echo("Worker: wachtrij in de database" + (" (eenmalig)" if burst else ""))
    poll = current_app.config.get("JOB_POLL_SECONDS", 5)
    while True:
        done = services.drain()
        if burst:
            click.echo(f"{done} taken gedaan.")
            return
        db.session.remove()  # a long-running worker starts each round with a fresh session
        if not done:
            time.sleep(poll)
