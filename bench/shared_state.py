"""Check that login throttling and account lockout hold across gunicorn workers.

    .venv/bin/python bench/shared_state.py                       # fresh SQLite file, counters in the database
    .venv/bin/python bench/shared_state.py --redis redis://127.0.0.1:6379   # counters in Redis
    .venv/bin/python bench/shared_state.py --db postgresql://postgres@127.0.0.1:5432/bench_state

Serves the portal with two (``--workers``) gunicorn workers on loopback, rate limits on,
and sends failed logins over a new connection each, so the workers share the work (the
access log's process ids prove it). Passes when

* the account locks after ``LOGIN_LOCK_AFTER`` failures in total (the right password is
  refused afterwards), and
* the per-address login limit answers 429 exactly after its allowance in total, not after
  that allowance per worker (which a limit in one process's memory would give).

The database must be empty (it is migrated and filled with a tiny generated bureau).
Exits non-zero on failure; loopback only, about a hundred requests.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import GUNICORN, PYTHON, env_for, free_port, stop  # noqa: E402

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _empty_redis_db(url: str) -> str:
    """A Redis database number nobody uses right now, so other runs cannot share our counters."""
    import redis

    for number in range(15, 0, -1):
        candidate = f"{url.rstrip('/')}/{number}"
        if redis.Redis.from_url(candidate, socket_timeout=2).dbsize() == 0:
            return candidate
    raise SystemExit("no empty Redis database (1-15) for an isolated run")


def attempt(base: str, email: str, password: str) -> int:
    """One login on a new connection (so any worker may take it); the response status."""
    with httpx.Client(base_url=base, timeout=30, follow_redirects=False) as client:
        page = client.get("/inloggen")
        if page.status_code == 429:
            return 429
        token = TOKEN.search(page.text).group(1)
        response = client.post("/inloggen", data={"email": email, "password": password, "csrf_token": token})
        return 423 if response.status_code == 200 and "geblokkeerd" in response.text else response.status_code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="", help="an empty database (default: a new SQLite file)")
    parser.add_argument("--redis", default="", help="keep counters in Redis at this URL (an empty db is chosen)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="ts-shared-state-")
    db_url = args.db or f"sqlite:///{tmp}/state.db"
    env = env_for(db_url)
    # The slow-down between failures (also kept on the user row) is moved out of the way so
    # every failure counts towards the lock without waiting.
    env.update({"TS_RATELIMIT_ENABLED": "true", "TS_LOGIN_LOCK_AFTER": "10", "TS_LOGIN_SLOWDOWN_AFTER": "100"})
    if args.redis:
        env["REDIS_URL"] = _empty_redis_db(args.redis)
    flask = [PYTHON, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "generate-scale-data", "--trajectories", "2", "--advisors", "1", "--employers", "1",
                    "--years", "0.1", "--vacancies", "0"], cwd=ROOT, env=env, check=True, capture_output=True)
    os.environ.update(env)
    from portal import create_app
    from portal.auth.models import Role, User
    from portal.extensions import db
    from portal.scale.generate import BENCH_PASSWORD
    from portal.security.ratelimit import DEFAULT_LIMITS

    app = create_app()
    with app.app_context():
        emails = list(db.session.scalars(db.select(User.email).where(User.role == Role.CANDIDATE.value)))
        lock_after = app.config["LOGIN_LOCK_AFTER"]
        address_limit = {**DEFAULT_LIMITS, **app.config.get("RATE_LIMITS", {})}["login-address"][0]
        window_seconds = {**DEFAULT_LIMITS, **app.config.get("RATE_LIMITS", {})}["login-address"][1]

    # Do not straddle a rate-limit window boundary (the count restarts there).
    left = window_seconds - time.time() % window_seconds
    if left < 90:
        print(f"waiting {left:.0f} s for a fresh rate-limit window")
        time.sleep(left + 1)

    port = free_port()
    log = Path(tmp) / "access.log"
    proc = subprocess.Popen(
        [GUNICORN, "-c", str(ROOT / "gunicorn.conf.py"), "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
         "--access-logfile", str(log), "--access-logformat", "%(p)s %(m)s %(U)s %(s)s", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    failures = []
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        victim = emails[0]
        # 1. Account lockout: failures counted on the account, whichever worker saw them.
        statuses = [attempt(base, victim, "not-the-password") for _ in range(lock_after)]
        after = attempt(base, victim, BENCH_PASSWORD)
        print(f"lockout: {lock_after} failures -> right password now answers {after} (423: locked message)")
        if after != 423:
            failures.append("account not locked after the configured failures across workers")
        # 2. Address limit: every POST above counted once; go on until 429.
        hits = len(statuses) + 1
        first_429 = None
        while hits < address_limit * args.workers + 5:
            # A different (unknown) account each time, so only the per-address limit applies.
            status = attempt(base, f"onbekend{hits}@bench.nl", "still-not-it")
            hits += 1
            if status == 429:
                first_429 = hits
                break
        print(f"address limit {address_limit}: first 429 at login POST #{first_429}")
        if first_429 != address_limit + 1:
            failures.append(f"expected 429 at POST #{address_limit + 1}, got {first_429}")
    finally:
        stop(proc)
    pids = {line.split()[0] for line in log.read_text().splitlines() if " POST /inloggen " in line}
    print(f"login POSTs were served by {len(pids)} worker processes: {sorted(pids)}")
    if len(pids) < min(2, args.workers):
        failures.append("only one worker served the logins; the check proves nothing")
    backend = "Redis" if args.redis else db_url.split(":")[0]
    print(f"counters in: {backend}")
    for failure in failures:
        print("FAIL:", failure)
    print("OK: limits and lockout hold across workers" if not failures else "FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
