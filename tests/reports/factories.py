"""Helpers for overview tests: diary entries, reviews and a trajectory across New Year."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

from portal.db_types import utcnow
from portal.diary.models import DiaryEntry, WeekReason, WeekReview
from portal.extensions import db
from tests.factories import PauseFactory, TrajectoryFactory

try:  # WeasyPrint needs Pango from the system (scripts/system-packages.txt)
    import weasyprint  # noqa: F401

    WEASYPRINT_ERROR = ""
except (ImportError, OSError) as exc:  # pragma: no cover - depends on the machine
    WEASYPRINT_ERROR = f"WeasyPrint cannot load ({exc}); install scripts/system-packages.txt"

MARKER = "GEHEIM-MARKER-burnout-diagnose"


def entry(trajectory, day, kind="application_letter", deleted=False, **fields):
    values = {"organisation": "Bakkerij Jansen", "place": "Tiel", "position": "Medewerker administratie",
              "channel": "vacancy_site", "method": "email", "status": "sent", "fits_capacity": True}
    values.update(fields)
    row = DiaryEntry(trajectory=trajectory, entry_date=day, kind=kind,
                     deleted_at=utcnow() if deleted else None, **values)
    db.session.add(row)
    return row


def new_year_trajectory(**kwargs):
    """Spoor 2 from 30 Nov 2026 with activity on both sides of New Year and a pause over it.

    ISO week 2026-W53 runs from Monday 28 Dec 2026 to Sunday 3 Jan 2027.
    """
    t = TrajectoryFactory(first_sick_day=date(2025, 11, 3), spoor2_start=date(2026, 11, 30),
                          planned_end=date(2027, 10, 31), weekly_target=2, **kwargs)
    entry(t, date(2026, 12, 1))
    entry(t, date(2026, 12, 3), "open_application", organisation="=HYPERLINK(\"http://x\")")
    entry(t, date(2026, 12, 4), "networking")
    entry(t, date(2026, 12, 8), "phone_application", fits_capacity=None)
    entry(t, date(2026, 12, 9), "application_letter", deleted=True)  # not counted anywhere
    entry(t, date(2026, 12, 29), "application_letter")  # 2026-W53
    entry(t, date(2027, 1, 2), "job_interview", status="interview")  # still 2026-W53
    entry(t, date(2027, 1, 3), "other")  # Sunday, still 2026-W53
    entry(t, date(2027, 1, 5), "agency_registration")  # 2027-W01
    entry(t, date(2027, 1, 13), "application_letter")  # 2027-W02 (paused)
    entry(t, date(2027, 1, 20), "assessment")
    entry(t, date(2027, 1, 21), "information_interview")
    PauseFactory(trajectory=t, start_date=date(2027, 1, 11), end_date=date(2027, 1, 15), reason=MARKER)
    db.session.add(WeekReview(trajectory_id=t.id, week_monday=date(2026, 11, 30), sufficient=True,
                              reason=MARKER))
    db.session.add(WeekReview(trajectory_id=t.id, week_monday=date(2026, 12, 14), sufficient=False))
    db.session.add(WeekReason(trajectory_id=t.id, week_monday=date(2026, 12, 21), reason=MARKER))
    db.session.flush()
    return t


TODAY = date(2027, 1, 27)
PERIOD = (date(2026, 11, 30), date(2027, 1, 24))


def file_text(content: bytes) -> str:
    """A downloaded overview file as searchable text: the members of a ZIP (the CSV tables for
    people, the workbook) unpacked, a CSV decoded; a compressed file would hide any text."""
    if zipfile.is_zipfile(io.BytesIO(content)):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(archive.read(n).decode("utf-8-sig", "replace") for n in archive.namelist())
    return content.decode("utf-8-sig")


def people_csv_tables(content: bytes) -> dict[str, list[dict]]:
    """Every CSV of the people's ZIP, read as Dutch Excel does (`;`, BOM), keyed by file name;
    each row keyed by the Dutch headers."""
    tables = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            raw = archive.read(name)
            assert raw.startswith("\ufeff".encode()), name  # Excel keeps the accents
            text = raw.decode("utf-8-sig")
            assert "\r\n" in text
            tables[name] = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    return tables


def people_csv_headers(content: bytes, name: str) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return next(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig")), delimiter=";"))
