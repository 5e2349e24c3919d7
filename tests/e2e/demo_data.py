"""Look up demo records in the live app's database (ids and slugs the journeys need)."""

from __future__ import annotations

from datetime import date

CANDIDATE = "kandidaat@demo.nl"
ADVISOR = "adviseur@demo.nl"
EMPLOYER = "werkgever@demo.nl"
ADMIN = "beheer@demo.nl"


def _query(live_server, fn):
    from portal.extensions import db

    with live_server.app_context():
        try:
            return fn(db.session)
        finally:
            db.session.remove()


def trajectory_id(live_server, email: str = CANDIDATE) -> int:
    from sqlalchemy import select

    from portal.auth.models import User
    from portal.trajectory.models import Trajectory

    def run(session):
        user = session.scalar(select(User).where(User.email == email))
        return session.scalar(select(Trajectory.id).where(Trajectory.candidate_id == user.id))

    return _query(live_server, run)


def open_text_assignments(live_server, email: str = CANDIDATE) -> list[str]:
    """Slugs of assignments that take text and wait for this candidate's work (library order)."""
    from portal.learning.services import assignment_rows
    from portal.trajectory.models import Trajectory

    tid = trajectory_id(live_server, email)

    def run(session):
        trajectory = session.get(Trajectory, tid)
        return [r.assignment.slug for r in assignment_rows(trajectory, date.today())
                if r.assignment.wants_text and r.state.value in ("not_started", "draft", "needs_revision")]

    return _query(live_server, run)


def first_assignment_slug(live_server) -> str:
    from portal.learning.content import get_library

    with live_server.app_context():
        return get_library().assignments[0].slug


def submitted_assignment_slug(live_server, email: str = CANDIDATE) -> str:
    """An assignment whose latest attempt waits for review: its page shows the advisor's review form."""
    from sqlalchemy import select

    from portal.learning.models import AssignmentWork

    tid = trajectory_id(live_server, email)

    def run(session):
        works = session.scalars(select(AssignmentWork).where(AssignmentWork.trajectory_id == tid)
                                .order_by(AssignmentWork.id)).all()
        return next(w.assignment_slug for w in works if w.submissions and w.submissions[-1].status == "submitted")

    return _query(live_server, run)


def open_vacancy_id(live_server) -> int:
    from sqlalchemy import select

    from portal.jobs.models import Vacancy, VacancyStatus

    return _query(live_server, lambda s: s.scalar(
        select(Vacancy.id).where(Vacancy.status == VacancyStatus.ACTIVE, Vacancy.owner_trajectory_id.is_(None))
        .order_by(Vacancy.id)))


def unapplied_vacancy(live_server, email: str = CANDIDATE) -> tuple[int, str, str]:
    """(id, title, organisation) of an open job-board vacancy not yet in the candidate's diary.

    Its title is the rarest among the open vacancies (and never in the candidate's diary), so a
    search on it lists it on the first page; the journey follows it by its address.
    """
    from sqlalchemy import func, or_, select

    from portal.diary.models import DiaryEntry
    from portal.jobs.models import Vacancy, VacancyStatus

    tid = trajectory_id(live_server, email)

    def run(session):
        mine = (DiaryEntry.trajectory_id == tid,)
        applied = select(DiaryEntry.vacancy_id).where(*mine, DiaryEntry.vacancy_id.is_not(None))
        in_diary = select(DiaryEntry.position).where(*mine, DiaryEntry.position.is_not(None))
        open_ = (Vacancy.status == VacancyStatus.ACTIVE, Vacancy.owner_trajectory_id.is_(None),
                 or_(Vacancy.closes_on.is_(None), Vacancy.closes_on >= date.today()))
        per_title = (select(Vacancy.title, func.count().label("n")).where(*open_)
                     .group_by(Vacancy.title).subquery())
        row = session.execute(
            select(Vacancy.id, Vacancy.title, Vacancy.organisation)
            .join(per_title, per_title.c.title == Vacancy.title)
            .where(*open_, Vacancy.id.not_in(applied), Vacancy.title.not_in(in_diary), per_title.c.n <= 5)
            .order_by(per_title.c.n, Vacancy.posted_on.desc(), Vacancy.id)
        ).first()
        assert row is not None, "the demo has no open vacancy with a rare title left to apply to"
        return tuple(row)

    return _query(live_server, run)


def unread_lesson(live_server, email: str = CANDIDATE) -> tuple[str, str, str, str]:
    """(module slug, module title, lesson slug, lesson title) of a lesson not marked done yet."""
    from portal.learning.content import get_library
    from portal.learning.services import lessons_done

    tid = trajectory_id(live_server, email)

    def run(session):
        done = lessons_done(tid)
        for module in get_library().modules:
            for lesson in module.lessons:
                if (module.slug, lesson.slug) not in done:
                    return module.slug, module.title, lesson.slug, lesson.title
        raise AssertionError("every lesson is already done")

    return _query(live_server, run)


def lesson_paths(live_server) -> list[tuple[str, str]]:
    """(name, path) of every module page and every lesson in the library, in library order."""
    from portal.learning.content import get_library

    with live_server.app_context():
        pages = []
        for module in get_library().modules:
            pages.append((f"module-{module.slug}", f"/leren/{module.slug}"))
            pages += [(f"les-{module.slug}-{lesson.slug}", f"/leren/{module.slug}/{lesson.slug}")
                      for lesson in module.lessons]
        return pages


LONG_URL = ("https://www.werkenbijdegemeente.nl/vacatures/medewerker-klantcontact-publieksdienstverlening"
            "-32-uur-per-week-tijdelijk-met-uitzicht-op-vast?utm_source=nieuwsbrief&utm_medium=email"
            "&utm_campaign=najaarscampagne2026")
LONG_WORD = "arbeidsongeschiktheidsverzekeringsmaatschappijmedewerkersopleidingstraject"


def diary_entry_with_long_text(live_server, email: str = CANDIDATE) -> int:
    """Give one existing diary entry a long vacancy URL and a long word (counts stay as they are)."""
    from sqlalchemy import select

    from portal.diary.models import DiaryEntry

    tid = trajectory_id(live_server, email)

    def run(session):
        entry = session.scalar(select(DiaryEntry).where(DiaryEntry.trajectory_id == tid)
                               .order_by(DiaryEntry.entry_date.desc(), DiaryEntry.id.desc()))
        entry.external_url = LONG_URL
        entry.notes_html = f"<p>Gesprek over het {LONG_WORD}.</p>"
        session.commit()
        return entry.id

    return _query(live_server, run)


def latest_week(live_server, email: str = CANDIDATE) -> str:
    """The ISO week (YYYY-Www) of the candidate's latest diary entry."""
    from sqlalchemy import func, select

    from portal.diary.models import DiaryEntry

    tid = trajectory_id(live_server, email)
    day = _query(live_server, lambda s: s.scalar(select(func.max(DiaryEntry.entry_date))
                                                 .where(DiaryEntry.trajectory_id == tid)))
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def released_report_id(live_server, email: str = CANDIDATE) -> int:
    """The demo's released progress report of this candidate's trajectory."""
    from sqlalchemy import select

    from portal.progress_reports.models import ProgressReport, ReportStatus

    tid = trajectory_id(live_server, email)

    def run(session):
        return session.scalar(select(ProgressReport.id).where(ProgressReport.trajectory_id == tid,
                                                              ProgressReport.status == ReportStatus.RELEASED)
                              .order_by(ProgressReport.id))

    return _query(live_server, run)
