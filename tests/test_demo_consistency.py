"""The demo tells one story: its texts match its numbers, its appointments fall on working
days, its job tips lie near home, its offers were followed up and its learning progress fits
the approved work. Checked over the seeded demo (the `demo` fixture: one seeding per run)."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from portal.advisor.models import Appointment, Note
from portal.casefile.evidence import load_evidence
from portal.clock import LOCAL_TZ
from portal.diary.models import DiaryEntry, StatusChange
from portal.domain.activities import ApplicationStatus
from portal.domain.evidence import Evidence
from portal.domain.weeks import Week
from portal.extensions import db
from portal.jobs import places
from portal.jobs.models import Recommendation, SearchProfile
from portal.jobs.rules import haversine_km
from portal.learning.content import get_library
from portal.learning.models import AssignmentWork, LessonProgress, Submission
from portal.plan.services import target_for
from portal.reports.models import OverviewSummary
from portal.trajectory.models import Trajectory

NUMBERS = {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6}
# "twee sollicitaties per week", "3 gerichte sollicitaties per week", "drie sollicitatieactiviteiten per week"
WEEKLY_TARGET = re.compile(r"\b(\d+|een|één|twee|drie|vier|vijf|zes)\s+(?:gerichte\s+)?sollicitatie\w*\s+per\s+week",
                           re.IGNORECASE)
# "3 van 8 sollicitatieactiviteiten": a figure the text states
FIGURE = re.compile(r"\b(\d+) van (\d+) sollicitatie", re.IGNORECASE)
ON_COURSE = ("werkt actief mee", "volgens afspraak", "goed gedaan", "haalt", "op koers")


def _local(moment) -> date:
    return moment.astimezone(LOCAL_TZ).date()


def _texts(demo):
    """(trajectory, date, text) of every demo text that may speak about targets and figures."""
    ids = db.session.scalars(select(Trajectory.id)).all()  # the advisor demo's extra candidates too
    for a in db.session.scalars(select(Appointment).where(Appointment.trajectory_id.in_(ids))):
        yield a.trajectory, _local(a.starts_at), " ".join((a.goal, a.agreements, a.next_step))
    for n in db.session.scalars(select(Note).where(Note.trajectory_id.in_(ids))):
        yield n.trajectory, _local(n.created_at), n.body
    for s in db.session.scalars(select(OverviewSummary).where(OverviewSummary.trajectory_id.in_(ids))):
        yield s.trajectory, _local(s.created_at), s.text


def _recent(trajectory: Trajectory, on: date) -> tuple[int, int]:
    """Applications and target of the last four finished weeks as of `on`, counted here from the
    evidence model itself (not through the helper the seeders use)."""
    weeks = load_evidence(trajectory, today=on).last_weeks(on)
    return Evidence.applications_in(weeks), Evidence.target_in(weeks)


def test_targets_named_in_texts_are_the_plans_target_of_that_week(demo):
    checked = 0
    for trajectory, day, text in _texts(demo):
        target = target_for(trajectory)
        for match in WEEKLY_TARGET.finditer(text):
            word = match.group(1).lower()
            stated = int(word) if word.isdigit() else NUMBERS[word]
            assert stated == target(Week.of(day)), f"{trajectory.reference} {day}: {text!r}"
            checked += 1
    assert checked  # the demo does name targets


def test_notes_and_summaries_match_the_figures(demo):
    praised = figures = 0
    for trajectory, day, text in _texts(demo):
        applications, target = _recent(trajectory, day)
        for match in FIGURE.finditer(text):
            assert (int(match.group(1)), int(match.group(2))) == (applications, target), \
                f"{trajectory.reference} {day}: {text!r} but the evidence says {applications} van {target}"
            figures += 1
        if any(phrase in text.lower() for phrase in ON_COURSE):
            assert target and applications >= target, \
                f"{trajectory.reference} {day}: {text!r} at {applications} van {target}"
            praised += 1
    assert figures and praised


def test_no_coaching_on_saturdays_or_sundays(demo):
    appointments = db.session.scalars(select(Appointment)).all()
    assert appointments
    weekend = [(a.trajectory.reference, a.kind, a.starts_at.astimezone(LOCAL_TZ)) for a in appointments
               if a.starts_at.astimezone(LOCAL_TZ).weekday() >= 5]
    assert weekend == []


def test_job_tips_lie_within_the_search_radius_of_home(demo):
    tips = db.session.scalars(select(Recommendation)).all()
    assert tips
    for tip in tips:
        profile = db.session.scalar(select(SearchProfile).where(SearchProfile.trajectory_id == tip.trajectory_id))
        assert profile is not None and profile.max_distance_km
        home = places.place_for_postcode(profile.postcode)
        distance = haversine_km(home.lat, home.lon, tip.vacancy.lat, tip.vacancy.lon)
        assert distance <= profile.max_distance_km, f"{tip.vacancy.city}: {distance:.0f} km"


def test_every_offer_was_followed_up_by_the_advisor(demo):
    offers = db.session.execute(
        select(DiaryEntry, StatusChange.changed_on).join(StatusChange, StatusChange.entry_id == DiaryEntry.id)
        .where(StatusChange.to_status == ApplicationStatus.OFFER.value, DiaryEntry.deleted_at.is_(None))
    ).all()
    assert offers
    for entry, offered_on in offers:
        notes = db.session.scalars(select(Note.body).where(
            Note.trajectory_id == entry.trajectory_id, Note.deleted_at.is_(None))).all()
        appointments = db.session.scalars(select(Appointment).where(
            Appointment.trajectory_id == entry.trajectory_id)).all()
        follow_ups = [n for n in notes if entry.organisation in n] + [
            a for a in appointments
            if _local(a.starts_at) >= offered_on and entry.organisation in f"{a.goal} {a.agreements}"]
        assert follow_ups, f"{entry.trajectory.reference}: offer of {entry.organisation} on {offered_on}"


def test_lessons_read_fit_the_approved_assignments(demo):
    library = get_library()
    approved = db.session.execute(
        select(AssignmentWork, Submission).join(Submission, Submission.work_id == AssignmentWork.id)
        .where(Submission.status == "approved")
    ).all()
    assert approved
    for work, submission in approved:
        assignment = library.assignment(work.assignment_slug)
        module = assignment.module
        needed = [lesson.slug for lesson in module.lessons if lesson.order <= assignment.lesson.order]
        read = dict(db.session.execute(select(LessonProgress.lesson_slug, LessonProgress.done_at).where(
            LessonProgress.trajectory_id == work.trajectory_id, LessonProgress.module_slug == module.slug)).all())
        missing = [slug for slug in needed if slug not in read or read[slug] > submission.submitted_at]
        assert not missing, f"{work.trajectory_id} {assignment.slug}: approved without reading {missing} first"
