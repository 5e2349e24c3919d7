"""Benchmark: the caseload dashboard for 60 candidates with two years of diary history each.

Builds the caseload in a temporary SQLite database (or the PostgreSQL URL given with
--database-url), renders /adviseur repeatedly through the test client, and reports p50/p95
render time and the number of SQL statements per render. Prints a summary and writes JSON
to bench/results/advisor_dashboard-<timestamp>.json.

    /work/main/.venv/bin/python bench/advisor_dashboard.py [--candidates 60] [--runs 30]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from portal import create_app  # noqa: E402
from portal.advisor.models import Appointment, Note  # noqa: E402
from portal.auth.models import Organisation, Role, User  # noqa: E402
from portal.auth.services import hash_password  # noqa: E402
from portal.diary.models import DiaryEntry, WeekReview  # noqa: E402
from portal.domain.weeks import Week  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.trajectory.models import Pause, Trajectory  # noqa: E402

PASSWORD = "bench-password-123"  # noqa: S105 - throwaway benchmark account
KINDS = ["application_letter", "open_application", "networking", "phone_application", "job_fair", "other"]


def build(candidates: int, weeks: int, rng: random.Random) -> tuple[int, int]:
    """Insert one advisor with `candidates` trajectories of `weeks` weeks history; returns (entries, appointments)."""
    today = date.today()
    org = Organisation(name="Bench B.V.", city="Utrecht")
    advisor = User(email="bench-adviseur@example.nl", name="Bench Adviseur", role=Role.ADVISOR,
                   password_hash=hash_password(PASSWORD))
    db.session.add_all([org, advisor])
    db.session.flush()
    entries = appointments = 0
    for number in range(candidates):
        person = User(email=f"bench{number}@example.nl", name=f"Kandidaat {number:03d}", role=Role.CANDIDATE)
        start = today - timedelta(weeks=weeks)
        t = Trajectory(reference=f"TS-BENCH-{number:04d}", candidate=person, employer=org,
                       first_sick_day=start - timedelta(weeks=rng.randint(50, 60)), spoor2_start=start,
                       planned_end=today + timedelta(weeks=10), weekly_target=rng.choice([1, 2, 2, 3]))
        t.advisors = [advisor]
        db.session.add(t)
        db.session.flush()
        if rng.random() < 0.3:
            pause_start = start + timedelta(weeks=rng.randint(5, weeks - 10))
            db.session.add(Pause(trajectory_id=t.id, start_date=pause_start,
                                 end_date=pause_start + timedelta(weeks=rng.randint(1, 6)), reason="Pauze"))
        rows = []
        week = Week.of(start)
        while week.monday <= today:
            for _ in range(rng.randint(0, 5)):
                rows.append({"trajectory_id": t.id, "entry_date": week.monday + timedelta(days=rng.randint(0, 4)),
                             "kind": rng.choice(KINDS), "organisation": "Werkgever", "place": "Utrecht",
                             "position": "Medewerker", "contact_person": "", "channel": "vacancy_site",
                             "method": "email", "external_url": "", "status": "sent", "notes_html": "",
                             "created_at": datetime.now(UTC), "updated_at": datetime.now(UTC)})
            if week.sunday < today and rng.random() < 0.7:
                db.session.add(WeekReview(trajectory_id=t.id, week_monday=week.monday, sufficient=True))
            week = week.next()
        db.session.execute(DiaryEntry.__table__.insert(), rows)
        entries += len(rows)
        moment = datetime.combine(start, datetime.min.time(), tzinfo=UTC) + timedelta(hours=10)
        while moment.date() < today + timedelta(weeks=2):
            db.session.add(Appointment(trajectory_id=t.id, advisor_id=advisor.id, kind="coaching",
                                       status="held" if moment.date() < today else "planned", starts_at=moment,
                                       duration_minutes=60, goal="Voortgang", agreements="Doorgaan"))
            appointments += 1
            moment += timedelta(days=rng.randint(10, 35))
        for visibility in ("internal", "candidate", "employer"):
            db.session.add(Note(trajectory_id=t.id, author_id=advisor.id, visibility=visibility, body="Notitie"))
    db.session.commit()
    return entries, appointments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=60)
    parser.add_argument("--weeks", type=int, default=104, help="weeks of diary history per candidate")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                          "RATELIMIT_ENABLED": False, "UPLOAD_DIR": tmp, "EXPORT_DIR": tmp})
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            entries, appointments = build(args.candidates, args.weeks, random.Random(20261122))
            build_seconds = time.perf_counter() - started
            statements: list[str] = []
            event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        client = app.test_client()
        client.post("/inloggen", data={"email": "bench-adviseur@example.nl", "password": PASSWORD})
        assert client.get("/adviseur").status_code == 200  # warm-up (templates, caches)
        timings, queries = [], []
        for _ in range(args.runs):
            statements.clear()
            began = time.perf_counter()
            response = client.get("/adviseur")
            timings.append((time.perf_counter() - began) * 1000)
            queries.append(len(statements))
            assert response.status_code == 200
        if not args.database_url:
            with app.app_context():
                db.engine.dispose()

    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    result = {
        "benchmark": "advisor_dashboard",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": "postgresql" if args.database_url.startswith("postgres") else "sqlite",
        "candidates": args.candidates, "weeks_of_history": args.weeks,
        "diary_entries": entries, "appointments": appointments, "runs": args.runs,
        "build_seconds": round(build_seconds, 2),
        "p50_ms": round(statistics.median(timings), 1), "p95_ms": round(p95, 1),
        "max_ms": round(timings[-1], 1), "queries_per_render": max(queries),
    }
    print(f"advisor dashboard: {args.candidates} candidates x {args.weeks} weeks "
          f"({entries} diary entries, {appointments} appointments), {args.runs} renders on {result['database']}")
    print(f"  p50 {result['p50_ms']} ms   p95 {result['p95_ms']} ms   max {result['max_ms']} ms   "
          f"{result['queries_per_render']} SQL statements per render")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"advisor_dashboard-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"  written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
