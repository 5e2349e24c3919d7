"""Importing vacancies: parsed records become new or updated vacancies, bad ones are reported."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.jobs.jobposting import Parsed
from portal.jobs.models import Vacancy, VacancyStatus
from portal.jobs.services import save_vacancy_fields

DUPLICATE_WINDOW_DAYS = 7


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def summary(self) -> str:
        text = f"{self.created} nieuw, {self.updated} bijgewerkt"
        if self.errors:
            text += f", {len(self.errors)} overgeslagen"
        return text


def find_duplicate(source: str, fields: dict) -> Vacancy | None:
    """Same source and id, else same organisation and title posted within a few days."""
    if fields.get("source_id"):
        found = db.session.scalar(
            select(Vacancy).where(Vacancy.source == source, Vacancy.source_id == fields["source_id"])
        )
        if found:
            return found
    posted = fields.get("posted_on") or date.today()
    return db.session.scalar(
        select(Vacancy)
        .where(
            func.lower(Vacancy.organisation) == fields["organisation"].lower(),
            func.lower(Vacancy.title) == fields["title"].lower(),
            Vacancy.owner_trajectory_id.is_(None),
            Vacancy.posted_on.between(posted - timedelta(days=DUPLICATE_WINDOW_DAYS),
                                      posted + timedelta(days=DUPLICATE_WINDOW_DAYS)),
        )
        .order_by(Vacancy.id)
        .limit(1)
    )


def import_records(
    records: Iterable[Parsed], source: str, user=None, progress: Callable[[], None] | None = None
) -> ImportReport:
    """Create or update a vacancy per good record; the caller commits."""
    report = ImportReport()
    source = (source or "import").strip()[:100]
    seen: dict[tuple, Vacancy] = {}
    for record in records:
        if progress:
            progress()
        if record.error:
            report.errors.append((record.position, record.error))
            continue
        fields = dict(record.fields)
        fields["posted_on"] = fields.get("posted_on") or date.today()
        key = (fields.get("source_id") or "", fields["organisation"].lower(), fields["title"].lower())
        vacancy = seen.get(key) or find_duplicate(source, fields)
        if vacancy is None:
            vacancy = Vacancy(source=source, status=VacancyStatus.ACTIVE)
            report.created += 1
        else:
            report.updated += 1
            if vacancy.source != source:
                fields.pop("source_id", None)  # keep the first source's identity
        if not fields.get("source_id"):
            fields.pop("source_id", None)
        save_vacancy_fields(vacancy, fields, user)
        db.session.flush()
        seen[key] = vacancy
    return report
