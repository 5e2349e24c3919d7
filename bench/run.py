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
        # Workers are not recycled during a run (--max-requests 0): a restart mid-measurement
        # would charge one page with a second of re-importing the portal.
        [GUNICORN, "-c", str(ROOT / "gunicorn.conf.py"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--access-logfile", "/dev/null", "--max-requests", "0", app],
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


def worker_cpu_seconds(master: subprocess.Popen) -> float:
    """User + system CPU of the gunicorn workers (the master's children) so far."""
    pids = subprocess.run(["pgrep", "-P", str(master.pid)], capture_output=True, text=True).stdout.split()
    ticks = 0
    for pid in pids:
        try:
            ticks += sum(int(x) for x in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[11:13])
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


def measure(make_client, path: str, requests: int, concurrency: int, server: subprocess.Popen | None = None,
            form: dict | None = None, expected: int = 200) -> dict:
    """Latencies and throughput of `requests` GETs (POSTs of `form`, when given) with
    `concurrency` clients.

    With `server`, also the CPU the server's workers and this client process spent per
    request: on one machine they share the cores, so both bound the throughput.
    """
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker():
        nonlocal errors
        client = make_client()
        def send():
            return client.post(path, data=form) if form is not None else client.get(path)

        try:
            send()  # warm-up per connection
        except httpx.HTTPError:
            pass
        while True:
            with lock:
                if next(counter, None) is None:
                    return
            start = time.perf_counter()
            try:
                response = send()
                status = response.status_code
            except httpx.HTTPError:
                status = None  # a timeout or a dropped connection counts as an error
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if status != expected:
                    errors += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    server_cpu, client_cpu = (worker_cpu_seconds(server) if server else 0.0), time.process_time()
    wall = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - wall
    result = {"latencies": latencies, "errors": errors, "throughput_rps": len(latencies) / wall}
    if server:
        # The warm-up requests (one per client) are counted too: a small overestimate.
        result["server_cpu_ms"] = (worker_cpu_seconds(server) - server_cpu) / max(len(latencies), 1) * 1000
        result["client_cpu_ms"] = (time.process_time() - client_cpu) / max(len(latencies), 1) * 1000
    return result


def csrf_token(session: httpx.Client, page: str) -> str:
    """The CSRF token of `session` (every form of the session carries the same one)."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', session.get(page).text)
    if not match:
        raise SystemExit(f"no CSRF token on {page}")
    return match.group(1)


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    return sorted_values[min(len(sorted_values) - 1, max(0, math.ceil(len(sorted_values) * share) - 1))]


def summarise(runs: list[dict]) -> dict:
    """Pool the latencies of all rounds; throughput, ratio and CPU are the rounds' medians."""
    latencies = sorted(x for run in runs for x in run["latencies"])
    summary = {
        "requests": len(latencies),
        "errors": sum(run["errors"] for run in runs),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "throughput_rps": round(statistics.median(run["throughput_rps"] for run in runs), 1),
        "rounds": len(runs),
    }
    for key in ("ratio_to_bare", "server_cpu_ms", "client_cpu_ms"):
        if all(key in run for run in runs):
            summary[key] = round(statistics.median(run[key] for run in runs), 2 if key.endswith("_ms") else 3)
    return summary


def measure_mixed(base: str, bare_base: str, bare_proc, users: dict, sessions: dict, args, round_: int) -> dict:
    """One round of the mixed workload (bench/load.py), right after its own bare measurement."""
    from bench.load import mixed

    bare = measure(lambda: httpx.Client(base_url=bare_base, timeout=30), "/bare", args.requests,
                   args.concurrency, bare_proc)
    result = mixed(base, users, sessions, clients=args.concurrency, duration=args.mixed_seconds, max_requests=10**9,
                   write_share=0.2, seed=round_)
    result["ratio_to_bare"] = result["throughput_rps"] / bare["throughput_rps"]
    print(f"  {'mixed workload':<20} {result['throughput_rps']:>8.1f} req/s  bare {bare['throughput_rps']:>7.1f} req/s"
          f"  ratio {result['ratio_to_bare']:.2f}  errors {len(result['errors'])}")
    return result


def summarise_mixed(runs: list[dict]) -> dict:
    """Median throughput and ratio of the rounds; diary week latencies pooled; p50/p95 per request type."""
    from bench.load import summarise_labels

    week = sorted(x for run in runs for label, values in run["stats"].items() if "week" in label for x in values)
    pooled: dict[str, list[float]] = {}
    for run in runs:
        for label, values in run["stats"].items():
            pooled.setdefault(label, []).extend(values)
    return {
        "rounds": len(runs),
        "requests": sum(run["requests"] for run in runs),
        "errors": sum(len(run["errors"]) for run in runs),
        "throughput_rps": round(statistics.median(run["throughput_rps"] for run in runs), 1),
        "ratio_to_bare": round(statistics.median(run["ratio_to_bare"] for run in runs), 3),
        "diary_week_p50_ms": round(statistics.median(week) * 1000, 1) if week else None,
        "diary_week_p95_ms": round(percentile(week, 0.95) * 1000, 1) if week else None,
        "per_request_type": summarise_labels(pooled),
    }


def busiest_trajectory_id() -> int:
    """The trajectory with the most generated diary entries (in an app context).

    Entries written by the mixed workload (`bench.load.MARKER`, all dated today) do not
    count: the mixed workload writes to the same 40 candidates in every run (a fixed seed),
    several of them within 20 entries of the busiest, so after a run or two one of them
    became the busiest and the diary week and list measured a week of dozens of load-test
    entries instead of the generated one (issue 18: 2.45 ms of server CPU became 6.7 ms on
    SQLite; 60 such entries take the diary week from about 3 to 6 ms of CPU on the code
    before and after the evidence model alike). The mixed workload leaves this trajectory
    out (`bench.load.pick_users`), so what `run.py` measures stays what the generator made.
    """
    from sqlalchemy import func, not_, select

    from bench.load import MARKER
    from portal.diary.models import DiaryEntry
    from portal.extensions import db

    return db.session.execute(
        select(DiaryEntry.trajectory_id, func.count())
        .where(not_(func.coalesce(DiaryEntry.organisation, "").startswith(MARKER)))
        .group_by(DiaryEntry.trajectory_id)
        .order_by(func.count().desc(), DiaryEntry.trajectory_id).limit(1)).one()[0]


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
        trajectory_id = busiest_trajectory_id()
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
        this_week = Week.of(date.today())
        week = this_week.key
        # Printed and stored with the result: the diary pages cost about 0.1 ms per entry
        # shown, so a figure means little without the amount of data behind it.
        measured = {"trajectory_id": trajectory_id, "diary_entries": db.session.scalar(
            select(func.count()).where(DiaryEntry.trajectory_id == trajectory_id)),
            "entries_this_week": db.session.scalar(select(func.count()).where(
                DiaryEntry.trajectory_id == trajectory_id, DiaryEntry.entry_date.between(this_week.monday,
                                                                                        this_week.sunday)))}
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
            "measured": measured,
            "overview_page": url_for("reports.trajectory_overview", trajectory_id=trajectory_id),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="sqlite:////tmp/tweedespoor-bench.db")
    parser.add_argument("--generate", action="store_true", help="migrate and fill an empty database first")
    parser.add_argument("--trajectories", type=int, default=3000)
    parser.add_argument("--advisors", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=400, help="per page and round")
    parser.add_argument("--heavy-requests", type=int, default=10, help="per PDF/CSV overview and round")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3, help="every page is measured this many times")
    parser.add_argument("--mixed-seconds", type=float, default=30.0,
                        help="per round: the realistic mixed workload of bench/load.py (0: skip)")
    parser.add_argument("--mixed-users", type=int, default=40, help="logged-in users per role in the mixed workload")
    parser.add_argument("--page", action="append", help="only these pages (repeatable; names as in the table)")
    args = parser.parse_args()

    from portal.scale.generate import BENCH_PASSWORD

    if args.generate:
        flask(args.db, "db", "upgrade")
        flask(args.db, "generate-scale-data", "--trajectories", str(args.trajectories), "--advisors", str(args.advisors))
    targets = pick_targets(args.db)
    if args.page:
        targets["pages"] = [p for p in targets["pages"] if p[0] in args.page]
    print("measured trajectory: {trajectory_id}, {diary_entries} diary entries, {entries_this_week} this week"
          .format(**targets["measured"]))

    # Both servers run side by side (the idle one sleeps). In every round each page is
    # measured right after the bare endpoint, and its ratio is taken to that measurement:
    # on a shared machine the speed drifts from minute to minute, and both figures of a
    # ratio should see the same conditions.
    bare_proc, bare_base = serve("bench.bare_app:app", args.db, args.workers)
    proc, base = serve("wsgi:app", args.db, args.workers)
    runs: dict[str, list[dict]] = {name: [] for name, _, _ in targets["pages"]}
    mixed_runs: list[dict] = []
    if args.mixed_seconds:
        from bench.load import pick_users

        mixed_users = pick_users(args.db, args.mixed_users, seed=1)
    mixed_sessions = None
    bare_runs: list[dict] = []
    try:
        sessions = {role: login(base, email, BENCH_PASSWORD) for role, email in targets["users"].items()}

        def client_for(role):
            return lambda: httpx.Client(base_url=base, timeout=60, cookies=sessions[role].cookies)

        for round_ in range(1, args.rounds + 1):
            print(f"round {round_} of {args.rounds}")
            for name, role, path in targets["pages"]:
                heavy = name.startswith("overview")
                count = args.heavy_requests if heavy else args.requests
                bare = measure(lambda: httpx.Client(base_url=bare_base, timeout=30), "/bare", args.requests,
                               args.concurrency, bare_proc)
                bare_runs.append(bare)
                # Overviews (WeasyPrint PDF) take seconds each: one client per worker, so the
                # queue does not run into the client timeout.
                # An overview is made by POST (a GET generates nothing), with the session's CSRF token.
                form = {"csrf_token": csrf_token(sessions[role], targets["overview_page"])} if heavy else None
                # A PDF is queued (303 to its progress page); bench/pdf_queue.py times the rendering.
                result = measure(client_for(role), path, count,
                                 min(args.concurrency, args.workers) if heavy else args.concurrency, proc, form,
                                 expected=303 if name == "overview_pdf" else 200)
                result["ratio_to_bare"] = result["throughput_rps"] / bare["throughput_rps"]
                runs[name].append(result)
                print(f"  {name:<20} {result['throughput_rps']:>8.1f} req/s  bare {bare['throughput_rps']:>7.1f} req/s"
                      f"  ratio {result['ratio_to_bare']:.2f}  errors {result['errors']}")
            if args.mixed_seconds:
                if mixed_sessions is None:
                    from bench.load import log_in_all

                    mixed_sessions = log_in_all(base, mixed_users)
                mixed_runs.append(measure_mixed(base, bare_base, bare_proc, mixed_users, mixed_sessions, args, round_))
    finally:
        stop(proc)
        stop(bare_proc)

    bare = summarise(bare_runs)
    results = {name: summarise(page_runs) for name, page_runs in runs.items() if page_runs}
    print(f"\n{'page':<20} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'ratio':>6} {'server ms':>10} {'client ms':>10}  errors")
    print(f"{'bare endpoint':<20} {bare['p50_ms']:>8} {bare['p95_ms']:>8} {bare['throughput_rps']:>8} {1:>6.2f} "
          f"{bare['server_cpu_ms']:>10} {bare['client_cpu_ms']:>10}  {bare['errors']}")
    for name, result in results.items():
        print(f"{name:<20} {result['p50_ms']:>8} {result['p95_ms']:>8} {result['throughput_rps']:>8} "
              f"{result['ratio_to_bare']:>6.2f} {result['server_cpu_ms']:>10} {result['client_cpu_ms']:>10}  {result['errors']}")

    mixed = summarise_mixed(mixed_runs) if mixed_runs else None
    if mixed:
        print(f"\nmixed workload ({args.mixed_users} users per role, writes between reads): "
              f"{mixed['throughput_rps']} req/s, ratio {mixed['ratio_to_bare']:.2f}, "
              f"diary week p50/p95 {mixed['diary_week_p50_ms']} / {mixed['diary_week_p95_ms']} ms")

    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    backend = "postgresql" if args.db.startswith("postgres") else "sqlite"
    out = out_dir / f"run-{backend}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"backend": backend, "workers": args.workers, "concurrency": args.concurrency,
                               "rounds": args.rounds, "requests": args.requests, "load_average": os.getloadavg(),
                               "measured": targets["measured"], "bare": bare, "pages": results,
                               "mixed": mixed}, indent=2))
    print(f"results: {out}")


if __name__ == "__main__":
    main()
