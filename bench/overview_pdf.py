"""Benchmark the activity overview: a two-year trajectory with hundreds of diary entries.

    /work/main/.venv/bin/python bench/overview_pdf.py [--repeat 5] [--entries-per-week 4]

Times building the overview (data), rendering the HTML, the PDF (WeasyPrint), CSV and
XLSX on an in-memory SQLite database; prints a table and writes JSON to bench/results/.
Goal: the PDF in about a second on the development machine. Wall time is shown next to
process CPU time, because other jobs on a shared machine inflate wall time.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = ["application_letter", "application_letter", "open_application", "phone_application", "job_interview",
         "agency_registration", "networking", "information_interview", "job_fair", "other"]
ORGANISATIONS = ["Bakkerij Jansen", "Gemeente Tiel", "Zorggroep Noord", "Albert Heijn", "PostNL", "Rabobank",
                 "Van Dijk Logistiek", "Ziekenhuis Rivierenland", "Hema", "Bol.com"]


def build_data(entries_per_week: int, seed: int):
    """A trajectory of 104 weeks with entries, two pauses, reviews: returns (trajectory, start, end, today)."""
    from portal.diary.models import DiaryEntry, WeekReview
    from portal.extensions import db
    from tests.factories import PauseFactory, TrajectoryFactory

    rng = random.Random(seed)
    start = date(2025, 1, 6)
    today = start + timedelta(weeks=104, days=2)
    t = TrajectoryFactory(first_sick_day=start - timedelta(weeks=60), spoor2_start=start,
                          planned_end=today + timedelta(weeks=8), weekly_target=2)
    for week in range(104):
        monday = start + timedelta(weeks=week)
        for _ in range(rng.randint(max(0, entries_per_week - 3), entries_per_week + 2)):
            db.session.add(DiaryEntry(
                trajectory=t, entry_date=monday + timedelta(days=rng.randint(0, 4)), kind=rng.choice(KINDS),
                organisation=rng.choice(ORGANISATIONS), place="Tiel", position="Medewerker administratie",
                channel=rng.choice(["vacancy_site", "network", "werk_nl", "open"]), method=rng.choice(["email", "online_form", "phone"]),
                status=rng.choice(["sent", "rejected", "no_response", "interview"]), fits_capacity=rng.choice([True, True, None]),
            ))
        if week % 3 == 0:
            db.session.add(WeekReview(trajectory_id=t.id, week_monday=monday, sufficient=rng.random() > 0.2))
    PauseFactory(trajectory=t, start_date=start + timedelta(weeks=30), end_date=start + timedelta(weeks=33))
    PauseFactory(trajectory=t, start_date=date(2025, 12, 22), end_date=date(2026, 1, 2))
    db.session.flush()
    return t, start, today - timedelta(days=3), today


def timed(fn, repeat: int) -> dict:
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {"wall_median_s": round(statistics.median(walls), 3), "wall_min_s": round(min(walls), 3),
            "cpu_median_s": round(statistics.median(cpus), 3), "size": len(result) if hasattr(result, "__len__") else None}


def _pages(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--entries-per-week", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pdf", type=Path, help="also write the PDF here (to look at it, e.g. pdftoppm -png)")
    args = parser.parse_args()

    from portal import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": "sqlite://", "EXPORT_DIR": tmp,
                          "BASE_URL": "https://portal.example.nl"})
        # Feature modules import each other through the app factory: import them after it ran.
        from portal.casefile.overview import build_overview
        from portal.extensions import db
        from portal.reports.render import to_html, to_machine_csv, to_pdf, to_people_csv, to_xlsx
        from tests.factories import bind_factories

        with app.app_context(), app.test_request_context():
            db.create_all()
            bind_factories(db.session)
            trajectory, start, end, today = build_data(args.entries_per_week, args.seed)
            overview = build_overview(trajectory, start, end, today)
            overview.verification_code = "TS-BENC-HMAR-K000"
            html = to_html(overview)
            to_pdf(overview, html)  # warm-up: fonts and the CSS parser load once per process
            results = {
                "build_overview": timed(lambda: build_overview(trajectory, start, end, today), args.repeat),
                "html": timed(lambda: to_html(overview), args.repeat),
                "pdf": timed(lambda: to_pdf(overview, html), args.repeat),
                "csv": timed(lambda: to_people_csv(overview), args.repeat),
                "csv_machine": timed(lambda: to_machine_csv(overview), args.repeat),
                "xlsx": timed(lambda: to_xlsx(overview), args.repeat),
            }
            data = {"weeks": len(overview.evidence.weeks),
                    "entries": len(overview.section("applications").rows) + len(overview.section("other_activities").rows),
                    "pages": _pages(content := to_pdf(overview, html))}
            if args.pdf:
                args.pdf.write_bytes(content)
            pdf = results["pdf"]
            pdf["cpu_ms_per_page"] = round(1000 * pdf["cpu_median_s"] / data["pages"], 1)
            pdf["wall_ms_per_page"] = round(1000 * pdf["wall_median_s"] / data["pages"], 1)

    print(f"Overview of {data['weeks']} weeks, {data['entries']} diary entries, PDF of {data['pages']} pages"
          f" ({args.repeat} runs each)")
    print(f"{'step':<16}{'wall median':>12}{'wall min':>10}{'cpu median':>12}{'bytes':>10}")
    for name, r in results.items():
        print(f"{name:<16}{r['wall_median_s']:>11.3f}s{r['wall_min_s']:>9.3f}s{r['cpu_median_s']:>11.3f}s{r['size'] or '':>10}")
    pdf = results["pdf"]
    print(f"PDF per page: {pdf['cpu_ms_per_page']:.1f} ms CPU, {pdf['wall_ms_per_page']:.1f} ms wall")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"overview-pdf-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"data": data, "repeat": args.repeat, "results": results}, indent=2))
    print(f"results: {out}")


if __name__ == "__main__":
    main()
