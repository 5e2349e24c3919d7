"""Job board writes and reads: vacancies, saved list, recommendations, search profiles, diary.

Plain functions; the caller (a view or the CLI) commits.
"""

from __future__ import annotations

from datetime import UTC, date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.clock import local_today
from portal.db_types import utcnow
from portal.extensions import db
from portal.jobs import places
from portal.jobs.models import Recommendation, SavedVacancy, SearchProfile, Vacancy, VacancyStatus
from portal.sanitize import clean_html, plain_text
from portal.trajectory.models import Trajectory
from portal.versions import update_keeping_version

SNAPSHOT_FIELDS = (
    "id", "title", "organisation", "city", "postcode", "hours_min", "hours_max", "contract_type",
    "education_level", "sector", "salary_min", "salary_max", "apply_url", "apply_email", "source",
    "source_id",
)


def snapshot(vacancy: Vacancy) -> dict:
    """A JSON-safe copy of the vacancy as it is now, for the diary's evidence."""
    data = {name: getattr(vacancy, name) for name in SNAPSHOT_FIELDS}
    data["description_html"] = clean_html(vacancy.description_html or "")
    data["description_text"] = plain_text(vacancy.description_html or "")[:4000]
    data["posted_on"] = vacancy.posted_on.isoformat() if vacancy.posted_on else None
    data["closes_on"] = vacancy.closes_on.isoformat() if vacancy.closes_on else None
    data["taken_on"] = date.today().isoformat()
    return data


def locate_vacancy(vacancy: Vacancy) -> None:
    """Set lat/lon (and a missing city) from the postcode or the city name."""
    vacancy.postcode = places.normalise_postcode(vacancy.postcode) or ""
    place = places.locate(vacancy.postcode, vacancy.city)
    if place is None:
        vacancy.lat = vacancy.lon = None
        return
    vacancy.lat, vacancy.lon = place.lat, place.lon
    if not vacancy.city:
        vacancy.city = place.name


def save_vacancy_fields(vacancy: Vacancy, fields: dict, user: User | None = None) -> Vacancy:
    """Apply edited fields (description cleaned), locate it, and add it to the session."""
    for name, value in fields.items():
        if name == "description_html":
            value = clean_html(value or "")
        setattr(vacancy, name, value)
    if vacancy.id is None and user is not None and vacancy.created_by_id is None:
        vacancy.created_by_id = user.id
    locate_vacancy(vacancy)
    db.session.add(vacancy)
    return vacancy


def close_vacancy(vacancy: Vacancy) -> None:
    vacancy.status = VacancyStatus.CLOSED


def reopen_vacancy(vacancy: Vacancy) -> None:
    vacancy.status = VacancyStatus.ACTIVE


# --- search profile ---------------------------------------------------------------------

def search_profile_for(trajectory: Trajectory) -> SearchProfile | None:
    """The trajectory's search profile, or None when nobody filled it in yet."""
    return db.session.scalar(select(SearchProfile).where(SearchProfile.trajectory_id == trajectory.id))


def profile_home(profile: SearchProfile | None) -> tuple[float, float] | None:
    place = places.place_for_postcode(profile.postcode) if profile and profile.postcode else None
    return (place.lat, place.lon) if place else None


def broadening_due(trajectory: Trajectory, profile: SearchProfile | None, today: date) -> date | None:
    """The date a broader search profile became due, while it has not been updated since.

    After six months of spoor 2 suitable work broadens (domain.timeline); the prompt stays
    until the profile is saved on or after that date. Placed and closed trajectories are done.
    """
    from portal.clock import LOCAL_TZ
    from portal.domain.timeline import search_broadening_date
    from portal.trajectory.models import TrajectoryStatus

    if trajectory.status not in (TrajectoryStatus.ACTIVE, TrajectoryStatus.PAUSED):
        return None
    due = search_broadening_date(trajectory.spoor2_start)
    if today < due:
        return None
    if profile is not None and profile.updated_at is not None:
        updated = profile.updated_at
        updated_on = (updated if updated.tzinfo else updated.replace(tzinfo=UTC)).astimezone(LOCAL_TZ).date()
        if updated_on >= due:
            return None
    return due


def update_search_profile(trajectory: Trajectory, user: User, **fields) -> SearchProfile:
    """Save the profile; an earlier state is kept as a version (portal.versions)."""
    profile = search_profile_for(trajectory) or SearchProfile(trajectory_id=trajectory.id)
    if "postcode" in fields:
        fields["postcode"] = places.normalise_postcode(fields["postcode"] or "")
    update_keeping_version(profile, user.id, **fields)
    profile.updated_by_id = user.id
    profile.updated_at = utcnow()  # saving counts as reviewing it (the broadening prompt)
    db.session.add(profile)
    return profile


# --- saved list and recommendations -----------------------------------------------------

def saved_ids(trajectory: Trajectory | None) -> set[int]:
    if trajectory is None:
        return set()
    return set(db.session.scalars(select(SavedVacancy.vacancy_id).where(SavedVacancy.trajectory_id == trajectory.id)))


def saved_vacancies(trajectory: Trajectory) -> list[SavedVacancy]:
    return list(
        db.session.scalars(
            select(SavedVacancy)
            .where(SavedVacancy.trajectory_id == trajectory.id)
            .options(joinedload(SavedVacancy.vacancy))
            .order_by(SavedVacancy.saved_at.desc(), SavedVacancy.id.desc())
        )
    )


def save_for(trajectory: Trajectory, vacancy: Vacancy) -> SavedVacancy:
    """Put a vacancy on the candidate's list (once)."""
    existing = db.session.scalar(
        select(SavedVacancy).where(SavedVacancy.trajectory_id == trajectory.id, SavedVacancy.vacancy_id == vacancy.id)
    )
    if existing:
        return existing
    saved = SavedVacancy(trajectory_id=trajectory.id, vacancy_id=vacancy.id)
    db.session.add(saved)
    return saved


def unsave_for(trajectory: Trajectory, vacancy: Vacancy) -> None:
    existing = db.session.scalar(
        select(SavedVacancy).where(SavedVacancy.trajectory_id == trajectory.id, SavedVacancy.vacancy_id == vacancy.id)
    )
    if existing:
        db.session.delete(existing)


def recommend(trajectory: Trajectory, vacancy: Vacancy, advisor: User, note: str = "") -> Recommendation:
    """Recommend a vacancy to a candidate; recommending again updates the note."""
    rec = db.session.scalar(
        select(Recommendation).where(
            Recommendation.trajectory_id == trajectory.id, Recommendation.vacancy_id == vacancy.id
        )
    )
    if rec is None:
        rec = Recommendation(trajectory_id=trajectory.id, vacancy_id=vacancy.id)
        db.session.add(rec)
    rec.advisor_id = advisor.id
    rec.note = (note or "").strip()[:500]
    rec.dismissed_at = None
    return rec


def recommendations_for(trajectory: Trajectory, today: date | None = None, limit: int = 10) -> list[Recommendation]:
    """Open recommendations, newest first (vacancies that closed are left out)."""
    today = today or date.today()
    rows = db.session.scalars(
        select(Recommendation)
        .where(Recommendation.trajectory_id == trajectory.id, Recommendation.dismissed_at.is_(None))
        .options(joinedload(Recommendation.vacancy), joinedload(Recommendation.advisor))
        .order_by(Recommendation.created_at.desc(), Recommendation.id.desc())
        .limit(limit * 2)
    )
    return [r for r in rows if r.vacancy.is_open(today)][:limit]


# --- from vacancy to diary --------------------------------------------------------------

def record_application(trajectory: Trajectory, user: User, vacancy: Vacancy, method: str,
                       fits_capacity: bool | None, today: date | None = None):
    """'Ik heb gesolliciteerd': a diary entry linked to the vacancy, with its snapshot, made in
    `method` (a `Method` value) and with the candidate's own answer on the belastbaarheid."""
    from portal.diary.services import create_entry
    from portal.domain.activities import ApplicationStatus, Channel, Method, application_kind

    method = Method(method).value
    return create_entry(
        trajectory,
        user,
        entry_date=today or local_today(),
        kind=application_kind(method),
        method=method,
        fits_capacity=fits_capacity,
        organisation=vacancy.organisation,
        position=vacancy.title,
        place=vacancy.city,
        channel=Channel.JOB_BOARD if vacancy.owner_trajectory_id is None else Channel.VACANCY_SITE,
        vacancy_id=vacancy.id,
        vacancy_snapshot=snapshot(vacancy),
        external_url=vacancy.apply_url or "",
        status=ApplicationStatus.SENT,
    )


def applied_ids(trajectory: Trajectory | None) -> set[int]:
    """Vacancies this trajectory's diary already links to."""
    if trajectory is None:
        return set()
    from portal.diary.models import DiaryEntry

    return set(
        db.session.scalars(
            select(DiaryEntry.vacancy_id).where(
                DiaryEntry.trajectory_id == trajectory.id,
                DiaryEntry.vacancy_id.is_not(None),
                DiaryEntry.deleted_at.is_(None),
            )
        )
    )
