"""Profile the benchmark's pages in-process: time per page, SQL statements and the slowest ones.

    .venv/bin/python bench/profile_pages.py --db sqlite:////tmp/tweedespoor-bench.db [--explain] [--page NAME]

Uses the same users and URLs as `bench/run.py` (through the Flask test client, no server),
so a slow page can be traced to its queries; `--explain` prints the plan of the slowest ones
and `--profile` a cProfile of one render.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="sqlite:////tmp/tweedespoor-bench.db")
    parser.add_argument("--page", action="append", help="only these pages (repeatable)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=3, help="slowest statements shown per page")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--scans", action="store_true", help="SQLite: list statements whose plan scans a table")
    parser.add_argument("--profile", action="store_true", help="cProfile one render")
    args = parser.parse_args()

    from bench.run import env_for, pick_targets

    os.environ.update(env_for(args.db))
    targets = pick_targets(args.db)
    from sqlalchemy import event

    from portal import create_app
    from portal.extensions import db
    from portal.scale.generate import BENCH_TOTP_SECRET

    app = create_app()
    app.config.update(WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
    timings: list[tuple[float, str, object]] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        context._t0 = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        timings.append((time.perf_counter() - context._t0, statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    if True:  # requests run outside an app context of ours (each gets its own, like in production)
        clients = {}
        from portal.scale.generate import BENCH_PASSWORD
        from portal.security.twofactor import current_code

        for role, email in targets["users"].items():
            client = app.test_client()
            response = client.post("/inloggen", data={"email": email, "password": BENCH_PASSWORD})
            location = response.headers.get("location", "")
            if response.status_code == 302 and location.rstrip("/") not in ("", "/"):
                second = client.post(location, data={"code": current_code(BENCH_TOTP_SECRET)})
                if second.status_code != 302:
                    client.post(location, data={"code": current_code(BENCH_TOTP_SECRET)})
            clients[role] = client
        for name, role, path in targets["pages"]:
            if args.page and name not in args.page:
                continue
            client = clients[role]
            response = client.get(path)
            if response.status_code != 200:
                print(f"{name}: HTTP {response.status_code} ({response.headers.get('location')})")
                continue
            walls = []
            for _ in range(args.runs):
                timings.clear()
                start = time.perf_counter()
                client.get(path)
                walls.append(time.perf_counter() - start)
            sql = sum(t for t, _, _ in timings)
            walls.sort()
            print(f"{name:<18} {walls[len(walls) // 2] * 1000:7.1f} ms  sql {sql * 1000:6.1f} ms in {len(timings):3} statements  {path}")
            for elapsed, statement, parameters in sorted(timings, key=lambda x: -x[0])[: args.top]:
                print(f"    {elapsed * 1000:6.1f} ms  {' '.join(statement.split())[:220]}")
                if args.explain:
                    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN ANALYZE "
                    with engine.connect() as conn:
                        raw = conn.connection.driver_connection.cursor()
                        raw.execute(prefix + statement, parameters)
                        for row in raw.fetchall():
                            print("        ", row if len(row) > 1 else row[0])
            if args.scans and engine.dialect.name == "sqlite":
                seen = set()
                for _, statement, parameters in timings:
                    if statement in seen or not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                        continue
                    seen.add(statement)
                    with engine.connect() as conn:
                        raw = conn.connection.driver_connection.cursor()
                        plan = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters)]
                    bad = [line for line in plan if (line.startswith("SCAN ") and "VIRTUAL" not in line
                                                     and "CONSTANT" not in line and not line.startswith("SCAN fts"))
                           or "TEMP B-TREE" in line]
                    if bad:
                        print(f"    plan: {'; '.join(plan)}\n      for {' '.join(statement.split())[:400]}")
            if args.profile:
                import cProfile
                import io
                import pstats

                profiler = cProfile.Profile(time.thread_time)  # CPU, not wall: a busy machine stretches wall time
                profiler.enable()
                client.get(path)
                profiler.disable()
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(35)
                print(out.getvalue())


if __name__ == "__main__":
    main()
