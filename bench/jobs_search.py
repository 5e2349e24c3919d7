"""Benchmark the vacancy search: 10,000 vacancies, searches with filters, p50/p95 in ms.

    /work/main/.venv/bin/python bench/jobs_search.py [--rows 10000] [--repeat 30]

Runs on a temporary SQLite file, and on PostgreSQL (own schema, dropped afterwards) when
BENCH_DATABASE_URL or TEST_DATABASE_URL points at a reachable server. Prints a table and
writes JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert, text  # noqa: E402
from werkzeug.datastructures import MultiDict  # noqa: E402

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.jobs import places  # noqa: E402
from portal.jobs.demo import TEMPLATES  # noqa: E402
from portal.jobs.models import Vacancy  # noqa: E402
from portal.jobs.search import SearchParams, search_vacancies  # noqa: E402

SCENARIOS = {
    "no filters (newest)": {},
    "text: 'medewerker'": {"q": "medewerker"},
    "text prefix: 'verzorg'": {"q": "verzorg"},
    "text + 25 km from 3511AB": {"q": "administratief", "postcode": "3511AB", "afstand": "25"},
    "25 km, sorted by distance": {"postcode": "3511AB", "afstand": "25", "sorteer": "afstand"},
    "sector + hours + education": {"sector": ["zorg", "logistiek"], "uren_max": "24", "opleiding": "mbo"},
    "everything, page 3": {"q": "medewerker", "postcode": "5611AB", "afstand": "60", "uren_min": "16",
                           "geplaatst": "30", "pagina": "3"},
}


def fill(rows: int) -> None:
    rng = random.Random(42)
    towns = list(places.all_places())
    today = date.today()
    batch = []
    for n in range(rows):
        sector = rng.choice(list(TEMPLATES))
        titles, orgs, levels, hours, lines = TEMPLATES[sector]
        place = rng.choice(towns)
        lo, hi = rng.choice(hours)
        body = " ".join(rng.sample(lines, k=min(3, len(lines))))
        batch.append({
            "title": rng.choice(titles), "organisation": rng.choice(orgs).format(city=place.name),
            "city": place.name, "postcode": f"{place.pc4_from}AB", "lat": place.lat, "lon": place.lon,
            "hours_min": lo, "hours_max": hi, "contract_type": "permanent", "education_level": rng.choice(levels),
            "sector": sector, "description_html": f"<p>{body}</p>", "description_text": body,
            "apply_url": "", "apply_email": "", "posted_on": today - timedelta(days=rng.randint(0, 90)),
            "source": "bench", "source_id": str(n), "status": "active" if rng.random() > 0.05 else "closed",
        })
        if len(batch) == 1000:
            db.session.execute(insert(Vacancy), batch)
            batch = []
    if batch:
        db.session.execute(insert(Vacancy), batch)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE vacancies"))
    else:
        db.session.execute(text("ANALYZE"))
    db.session.commit()


def run(url: str, options: dict, rows: int, repeat: int) -> dict:
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options})
    results = {}
    with app.app_context():
        db.create_all()
        fill(rows)
        for name, args in SCENARIOS.items():
            params = SearchParams.from_args(MultiDict(args))
            search_vacancies(params)  # warm up
            timings, cpu = [], []
            for _ in range(repeat):
                start, start_cpu = time.perf_counter(), time.thread_time()
                result = search_vacancies(params)
                cpu.append((time.thread_time() - start_cpu) * 1000)
                timings.append((time.perf_counter() - start) * 1000)
            timings.sort()
            results[name] = {
                "hits": result.total,
                "p50_ms": round(statistics.median(timings), 2),
                "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 2),
                # CPU of this thread (SQLite runs in it): what a busy, shared machine cannot stretch.
                "cpu_p50_ms": round(statistics.median(cpu), 2),
                "cpu_min_ms": round(min(cpu), 2),
            }
        db.session.remove()
        db.engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    report = {"rows": args.rows, "repeat": args.repeat, "date": date.today().isoformat(), "databases": {}}
    with tempfile.TemporaryDirectory() as tmp:
        report["databases"]["sqlite"] = run(f"sqlite:///{tmp}/bench.db", {}, args.rows, args.repeat)
    pg_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL", "")
    if pg_url.startswith("postgres"):
        from portal.config import normalise_db_url

        url = normalise_db_url(pg_url)
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        try:
            admin = create_engine(url, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        except Exception as exc:  # noqa: BLE001 - an unreachable server just skips PostgreSQL
            print(f"PostgreSQL skipped: {exc.__class__.__name__}")
        else:
            try:
                options = {"connect_args": {"options": f"-csearch_path={schema}"}}
                report["databases"]["postgresql"] = run(url, options, args.rows, args.repeat)
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()
    print(f"\nVacancy search, {args.rows:,} vacancies, {args.repeat} runs each (ms)\n")
    print(f"{'scenario':<32} {'database':<11} {'hits':>6} {'p50':>8} {'p95':>8} {'cpu p50':>8} {'cpu min':>8}")
    for database, results in report["databases"].items():
        for name, r in results.items():
            print(f"{name:<32} {database:<11} {r['hits']:>6} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f}"
                  f" {r['cpu_p50_ms']:>8.2f} {r['cpu_min_ms']:>8.2f}")
    out = ROOT / "bench" / "results" / f"jobs_search-{date.today().isoformat()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nWritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
