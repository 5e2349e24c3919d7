"""Mixed load: candidates, advisors and employers at once, against gunicorn on loopback.

    .venv/bin/python bench/load.py --db postgresql://postgres@127.0.0.1:5432/bench --workers 4 --duration 60

Uses a database filled by `generate-scale-data` (see bench/README.md). Logs in a number of
candidates, advisors and employer contacts (``--users`` of each), then ``--clients``
threads send requests for at most ``--duration`` seconds and ``--max-requests`` requests
in all: candidates read their home, diary, week, library and job search and write diary
entries through the real form (GET /dagboek/nieuw for its CSRF token, then POST);
advisors open their dashboard and candidate files; employers their home page.

Afterwards it reports errors (any status other than the expected one, timeouts, dropped
connections: there must be none) and checks that every acknowledged diary write (a 302
after the POST) is in the database exactly once. Exits non-zero when either fails and
writes bench/results/load-<timestamp>.json. Loopback only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import busiest_trajectory_id, env_for, login, serve, stop  # noqa: E402

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
MARKER = "Loadtest"


def pick_users(db_url: str, per_role: int, seed: int) -> dict:
    """Candidates with a running trajectory, their advisors and employer contacts."""
    os.environ.update(env_for(db_url))
    from flask import url_for
    from sqlalchemy import select

    from portal import create_app
    from portal.auth.models import Role, User
    from portal.domain.weeks import Week
    from portal.extensions import db
    from portal.trajectory.models import Trajectory, trajectory_advisors

    app = create_app()
    rng = random.Random(seed)
    with app.app_context(), app.test_request_context():
        # The trajectory bench/run.py measures page by page is left out: the writes below
        # would otherwise change the week it measures from run to run.
        measured = busiest_trajectory_id()
        trajectories = list(db.session.scalars(
            select(Trajectory).where(Trajectory.status == "active", Trajectory.id != measured)
            .order_by(Trajectory.id)))
        chosen = rng.sample(trajectories, min(per_role, len(trajectories)))
        week = Week.of(date.today()).key
        candidates = [{"email": t.candidate.email, "trajectory_id": t.id,
                       "week": url_for("diary.week", trajectory_id=t.id, week=week),
                       "paths": [url_for("core.home"), url_for("diary.index"), url_for("learning.index"),
                                 url_for("diary.week", trajectory_id=t.id, week=week),
                                 url_for("jobs.index", q=rng.choice(["medewerker", "planner", "zorg", "chauffeur"]))]}
                      for t in chosen]
        advisors = []
        for t in chosen:
            advisor_id = db.session.scalar(
                select(trajectory_advisors.c.advisor_id).where(trajectory_advisors.c.trajectory_id == t.id).limit(1))
            advisor = db.session.get(User, advisor_id)
            if advisor.email not in {a["email"] for a in advisors}:
                advisors.append({"email": advisor.email, "paths": [
                    url_for("advisor.dashboard"), url_for("advisor.candidate_file", trajectory_id=t.id)]})
        employers = []
        for t in chosen:
            contact = db.session.scalar(select(User).where(User.organisation_id == t.employer_id,
                                                           User.role == Role.EMPLOYER.value).limit(1))
            if contact and contact.email not in {e["email"] for e in employers}:
                employers.append({"email": contact.email, "paths": [url_for("core.home")]})
        new_entry = url_for("diary.new")
    return {"candidate": candidates, "advisor": advisors[:per_role], "employer": employers[:per_role],
            "new_entry": new_entry}


def count_markers(db_url: str, markers: list[str]) -> Counter:
    from sqlalchemy import func, select

    from portal import create_app
    from portal.diary.models import DiaryEntry
    from portal.extensions import db

    app = create_app()
    found: Counter = Counter()
    with app.app_context():
        for start in range(0, len(markers), 500):
            chunk = markers[start:start + 500]
            rows = db.session.execute(
                select(DiaryEntry.organisation, func.count()).where(DiaryEntry.organisation.in_(chunk))
                .group_by(DiaryEntry.organisation))
            found.update(dict(rows.all()))
    return found


def log_in_all(base: str, users: dict) -> dict:
    """A logged-in session for every picked user, per role."""
    from portal.scale.generate import BENCH_PASSWORD

    return {role: [(u, login(base, u["email"], BENCH_PASSWORD)) for u in users[role]]
            for role in ("candidate", "advisor", "employer")}


def mixed(base: str, users: dict, sessions: dict, *, clients: int, duration: float, max_requests: int,
          write_share: float, seed: int) -> dict:
    """Run the mixed workload against `base`; per-label latencies, errors and writes."""
    run_id = time.strftime("%Y%m%d%H%M%S")
    lock = threading.Lock()
    stats: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    acknowledged: list[str] = []
    budget = iter(range(max_requests))
    done = threading.Event()

    def request(client: httpx.Client, label: str, method: str, path: str, expect: int, **kwargs):
        with lock:
            if next(budget, None) is None:
                done.set()
                return None
        start = time.perf_counter()
        try:
            response = client.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            with lock:
                errors.append(f"{method} {path}: {error.__class__.__name__}")
            return None
        elapsed = time.perf_counter() - start
        with lock:
            stats[label].append(elapsed)
            if response.status_code != expect:
                errors.append(f"{method} {path}: HTTP {response.status_code} (expected {expect})")
        return response

    def write_entry(client: httpx.Client, user: dict, thread: int, n: int) -> None:
        form = request(client, "diary new (GET)", "GET", users["new_entry"], 200)
        if form is None:
            return
        match = TOKEN.search(form.text)
        if not match:
            with lock:
                errors.append("diary form without CSRF token")
            return
        marker = f"{MARKER} {run_id}-{thread}-{n}"
        response = request(client, "diary new (POST)", "POST", users["new_entry"], 302, data={
            "csrf_token": match.group(1), "entry_date": date.today().isoformat(), "kind": "application_letter",
            "organisation": marker, "position": "Planner", "place": "Utrecht", "channel": "vacancy_site",
            "method": "email", "status": "sent", "fits_capacity": "ja", "external_url": "", "follow_up_on": "",
            "notes": ""})
        if response is not None and response.status_code == 302:
            with lock:
                acknowledged.append(marker)
            # As in the browser: the form leads back to the diary, where the new entry shows.
            request(client, "candidate week (after a write)", "GET", user["week"], 200)

    def worker(thread: int) -> None:
        rng = random.Random(seed * 1000 + thread)
        own = {role: [(u, httpx.Client(base_url=base, timeout=30, cookies=s.cookies)) for u, s in pairs]
               for role, pairs in sessions.items()}
        n = 0
        while time.monotonic() < deadline and not done.is_set():
            role = rng.choices(["candidate", "advisor", "employer"], [6, 3, 1])[0]
            if not own[role]:
                continue
            user, client = rng.choice(own[role])
            n += 1
            if role == "candidate" and rng.random() < write_share:
                write_entry(client, user, thread, n)
                continue
            path = rng.choice(user["paths"])
            label = "candidate week" if path == user.get("week") else f"{role} {path.split('?')[0].split('/')[1] or 'home'}"
            request(client, label, "GET", path, 200)

    deadline = time.monotonic() + duration  # from now: logging in does not count
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    wall = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - wall
    total = sum(map(len, stats.values()))
    return {"seconds": wall, "requests": total, "throughput_rps": total / wall if wall else 0.0,
            "stats": stats, "errors": errors, "acknowledged": acknowledged}


def summarise_labels(stats: dict[str, list[float]]) -> dict:
    summary = {}
    for label, values in sorted(stats.items()):
        values = sorted(values)
        summary[label] = {"requests": len(values), "p50_ms": round(statistics.median(values) * 1000, 1),
                          "p95_ms": round(values[min(len(values) - 1, max(0, math.ceil(len(values) * 0.95) - 1))]
                                          * 1000, 1)}
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="postgresql://postgres@127.0.0.1:5432/bench")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--users", type=int, default=6, help="logged-in users per role")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds, at most")
    parser.add_argument("--max-requests", type=int, default=2000, help="requests in all, at most")
    parser.add_argument("--write-share", type=float, default=0.2, help="share of candidate actions that write")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not args.db.startswith("postgresql") and "sqlite" not in args.db:
        raise SystemExit("--db must be a PostgreSQL (or SQLite) URL")

    users = pick_users(args.db, args.users, args.seed)
    proc, base = serve("wsgi:app", args.db, args.workers)
    try:
        result = mixed(base, users, log_in_all(base, users), clients=args.clients, duration=args.duration, max_requests=args.max_requests,
                       write_share=args.write_share, seed=args.seed)
    finally:
        stop(proc)

    acknowledged, errors = result["acknowledged"], result["errors"]
    found = count_markers(args.db, acknowledged)
    missing = [m for m in acknowledged if found.get(m, 0) != 1]
    total, wall = result["requests"], result["seconds"]
    print(f"{args.workers} workers, {args.clients} clients, {wall:.1f} s, {total} requests "
          f"({total / wall:.1f} req/s), backend {args.db.split(':')[0]}")
    summary = summarise_labels(result["stats"])
    for label, row in summary.items():
        print(f"  {label:<30} {row['requests']:>6}  p50 {row['p50_ms']:>7} ms  p95 {row['p95_ms']:>7} ms")
    print(f"errors: {len(errors)}")
    for error in Counter(errors).most_common(10):
        print(f"  {error[1]} x {error[0]}")
    print(f"diary writes acknowledged: {len(acknowledged)}, in the database exactly once: "
          f"{len(acknowledged) - len(missing)}, missing or duplicated: {len(missing)}")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"load-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"workers": args.workers, "clients": args.clients, "seconds": round(wall, 1),
                               "requests": total, "errors": errors, "acknowledged_writes": len(acknowledged),
                               "missing_writes": missing, "pages": summary}, indent=2))
    print(f"results: {out}")
    ok = total > 0 and not errors and not missing
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
