"""Benchmark the portal over real HTTP: gunicorn on loopback, p50/p95 and throughput.

    .venv/bin/python bench/run.py --db sqlite:////tmp/bench.db --generate
    .venv/bin/python bench/run.py --db postgresql://postgres@127.0.0.1:5432/bench --generate

Every page's throughput is also given as a ratio to a bare Flask endpoint served with the
same gunicorn settings, so results compare across machines. Results go to bench/results/.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(db_url: str) -> dict:
    env = dict(os.environ)
    env.update({"DATABASE_URL": db_url, "TS_SECRET_KEY": "bench-secret", "TS_RATELIMIT_ENABLED": "false",
                "TS_SHOW_DEV_OUTBOX": "false", "PYTHONPATH": str(ROOT)})
    return env


def flask(db_url: str, *args: str) -> None:
    subprocess.run([PYTHON, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env_for(db_url), check=True)


def serve(app: str, db_url: str, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [GUNICORN, "-c", str(ROOT / "gunicorn.conf.py"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--access-logfile", "/dev/null", app],
        cwd=ROOT, env=env_for(db_url), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(base + "/health" if app == "wsgi:app" else base + "/bare", timeout=1)
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"{app} did not start: {proc.stderr.read().decode()[-2000:]}")


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def login(base: str, email: str, password: str) -> httpx.Client:
    """A client with a logged-in session (completes the 2FA step with the bench secret)."""
    client = httpx.Client(base_url=base, timeout=30, follow_redirects=False)
    page = client.get("/inloggen").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/inloggen", data={"email": email, "password": password, "csrf_token": token})
    location = response.headers.get("location", "")
    if "code" in location or "twee" in location or "2fa" in location:
        from portal.scale.generate import BENCH_TOTP_SECRET
        from portal.security.twofactor import current_code

        page = client.get(location).text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post(location, data={"code": current_code(BENCH_TOTP_SECRET), "csrf_token": token})
    if response.status_code != 302:
        raise SystemExit(f"login as {email} failed ({response.status_code})")
    return client


def measure(make_client, path: str, requests: int, concurrency: int) -> dict:
    """Latency percentiles and throughput of `requests` GETs with `concurrency` clients."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker():
        nonlocal errors
        client = make_client()
        try:
            client.get(path)  # warm-up per connection
        except httpx.HTTPError:
            pass
        while True:
            with lock:
                if next(counter, None) is None:
                    return
            start = time.perf_counter()
            try:
                status = client.get(path).status_code
            except httpx.HTTPError:
                status = None  # a timeout or a dropped connection counts as an error
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    wall = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - wall
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[min(len(latencies) - 1, max(0, math.ceil(len(latencies) * 0.95) - 1))] * 1000, 1),
        "throughput_rps": round(len(latencies) / wall, 1),
    }


def pick_targets(db_url: str) -> dict:
    """Users and URLs to measure, resolved through the app's own routing."""
    os.environ.update(env_for(db_url))
    from flask import url_for
    from sqlalchemy import func, select

    from portal import create_app
    from portal.auth.models import User
    from portal.diary.models import DiaryEntry
    from portal.domain.weeks import Week
    from portal.extensions import db
    from portal.trajectory.models import Trajectory, trajectory_advisors

    app = create_app()
    with app.app_context(), app.test_request_context():
        trajectory_id, _ = db.session.execute(
            select(DiaryEntry.trajectory_id, func.count()).group_by(DiaryEntry.trajectory_id)
            .order_by(func.count().desc()).limit(1)).one()
        # The advisor of that trajectory (so the candidate file is theirs), the busiest if several.
        caseload = (select(trajectory_advisors.c.advisor_id, func.count().label("n"))
                    .group_by(trajectory_advisors.c.advisor_id).subquery())
        advisor_id = db.session.scalar(
            select(trajectory_advisors.c.advisor_id)
            .join(caseload, caseload.c.advisor_id == trajectory_advisors.c.advisor_id)
            .where(trajectory_advisors.c.trajectory_id == trajectory_id)
            .order_by(caseload.c.n.desc()).limit(1))
        trajectory = db.session.get(Trajectory, trajectory_id)
        employer = db.session.scalar(select(User).where(User.organisation_id == trajectory.employer_id))
        advisor = db.session.get(User, advisor_id)
        week = Week.of(date.today()).key
        pages = [
            ("candidate_home", "candidate", "core.home", {}),
            ("diary_week", "candidate", "diary.week", {"trajectory_id": trajectory_id, "week": week}),
            ("diary_list", "candidate", "diary.index", {}),
            ("module_page", "candidate", "learning.index", {}),
            ("job_search", "candidate", "jobs.index", {"q": "medewerker"}),
            ("advisor_dashboard", "advisor", "advisor.dashboard", {}),
            ("candidate_file", "advisor", "advisor.candidate_file", {"trajectory_id": trajectory_id}),
            ("employer_home", "employer", "core.home", {}),
            ("overview_csv", "employer", "reports.download", {"trajectory_id": trajectory_id, "fmt": "csv"}),
            ("overview_pdf", "employer", "reports.download", {"trajectory_id": trajectory_id, "fmt": "pdf"}),
        ]
        resolved = []
        for name, role, endpoint, values in pages:
            try:
                resolved.append((name, role, url_for(endpoint, **values)))
            except Exception as error:  # noqa: BLE001 - endpoint not there (yet): report and skip
                print(f"  skip {name}: {endpoint} not available ({error.__class__.__name__})")
        return {
            "users": {"candidate": trajectory.candidate.email, "advisor": advisor.email, "employer": employer.email},
            "pages": resolved,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="sqlite:////tmp/tweedespoor-bench.db")
    parser.add_argument("--generate", action="store_true", help="migrate and fill an empty database first")
    parser.add_argument("--trajectories", type=int, default=3000)
    parser.add_argument("--advisors", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=200, help="per page")
    parser.add_argument("--heavy-requests", type=int, default=20, help="per PDF/CSV overview")
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    from portal.scale.generate import BENCH_PASSWORD

    if args.generate:
        flask(args.db, "db", "upgrade")
        flask(args.db, "generate-scale-data", "--trajectories", str(args.trajectories), "--advisors", str(args.advisors))
    targets = pick_targets(args.db)

    bare_proc, bare_base = serve("bench.bare_app:app", args.db, args.workers)
    try:
        bare = measure(lambda: httpx.Client(base_url=bare_base, timeout=30), "/bare", args.requests * 2, args.concurrency)
    finally:
        stop(bare_proc)
    print(f"{'bare endpoint':<20} p50 {bare['p50_ms']:>7} ms  p95 {bare['p95_ms']:>7} ms  {bare['throughput_rps']:>8} req/s")

    proc, base = serve("wsgi:app", args.db, args.workers)
    results = {}
    try:
        sessions = {role: login(base, email, BENCH_PASSWORD) for role, email in targets["users"].items()}

        def client_for(role):
            def make():
                client = httpx.Client(base_url=base, timeout=60, cookies=sessions[role].cookies)
                return client
            return make

        for name, role, path in targets["pages"]:
            heavy = name.startswith("overview")
            count = args.heavy_requests if heavy else args.requests
            # Overviews (WeasyPrint PDF) take seconds each: one client per worker, so the
            # queue does not run into the client timeout.
            result = measure(client_for(role), path, count, min(args.concurrency, args.workers) if heavy else args.concurrency)
            result["ratio_to_bare"] = round(result["throughput_rps"] / bare["throughput_rps"], 3)
            results[name] = result
            print(f"{name:<20} p50 {result['p50_ms']:>7} ms  p95 {result['p95_ms']:>7} ms  "
                  f"{result['throughput_rps']:>8} req/s  ratio {result['ratio_to_bare']:.2f}  errors {result['errors']}")
    finally:
        stop(proc)

    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    backend = "postgresql" if args.db.startswith("postgres") else "sqlite"
    out = out_dir / f"run-{backend}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"backend": backend, "workers": args.workers, "concurrency": args.concurrency,
                               "bare": bare, "pages": results}, indent=2))
    print(f"results: {out}")


if __name__ == "__main__":
    main()
