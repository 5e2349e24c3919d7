"""Demo contacts, notes and (where the diary left none) diary history for the advisor's caseload.

Chosen so adviseur@demo.nl's caseload shows every signal: Kees far below target and
without contact for weeks, Noor without any activity lately, Lisa without a contact
since her intake, Maria paused, Sanne on course. Idempotent: each part checks first.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import exists, select

from portal.advisor.models import Appointment, Note
from portal.casefile.evidence import recent_figures
from portal.clock import LOCAL_TZ
from portal.diary.models import DiaryEntry, StatusChange
from portal.domain.activities import ApplicationStatus
from portal.domain.weeks import Week
from portal.extensions import db
from portal.plan.services import target_for
from portal.trajectory.models import Pause, Trajectory, TrajectoryStatus

# key -> (days since the last held contact, applications per week, weeks of silence at the end)
PROFILES = {
    "sanne": (6, 2, 0),
    "lisa": (None, 2, 0),  # only the intake, four weeks ago
    "kees": (49, 1, 0),  # target 3
    "maria": (20, 2, 0),
    "noor": (10, 2, 3),
    "henk": (30, 3, 0),
}
DEFAULT_PROFILE = (9, 2, 0)
KINDS = ["application_letter", "open_application", "networking", "phone_application", "job_fair"]
ORGANISATIONS = [("Gemeente Tiel", "Tiel"), ("Albert Heijn", "Culemborg"), ("Rivas Zorggroep", "Gorinchem"),
                 ("PostNL", "Nieuwegein"), ("Bibliotheek Rivierenland", "Tiel"), ("Kruidvat", "Geldermalsen")]


def _at(day, hour=10):
    return datetime.combine(day, time(hour), tzinfo=LOCAL_TZ)


def _working_day(day, forward: bool = False):
    """The day itself on Monday to Friday; a weekend day moves to Friday before (or Monday after)."""
    while day.weekday() >= 5:
        day += timedelta(days=1 if forward else -1)
    return day


def _per_week(n: int) -> str:
    return f"{n} gerichte {'sollicitatie' if n == 1 else 'sollicitaties'} per week"


def _appointments(ctx, key, trajectory):
    if db.session.scalar(select(exists().where(Appointment.trajectory_id == trajectory.id))):
        return
    advisor = trajectory.advisors[0]
    target = target_for(trajectory)  # the plan's target in force in the week of each contact
    last_days, _, _ = PROFILES.get(key, DEFAULT_PROFILE)
    intake_day = _working_day(trajectory.spoor2_start + timedelta(days=2), forward=True)
    db.session.add(Appointment(
        trajectory=trajectory, advisor_id=advisor.id, kind="intake", status="held", starts_at=_at(intake_day),
        duration_minutes=90, location="Kantoor Tiel",
        goal="Kennismaken, verwachtingen en werkwijze van het tweede spoor bespreken.",
        participants=f"{trajectory.candidate.name}, {advisor.name}",
        agreements=f"Wekelijks het sollicitatiedagboek bijhouden; doel van {_per_week(target(Week.of(intake_day)))}.",
        next_step="Zoekprofiel samen invullen en cv bijwerken.",
    ))
    if last_days is not None:
        day = ctx.today - timedelta(days=last_days)
        kinds = ["coaching", "phone", "video", "evaluation"]
        number = 0
        while day > intake_day + timedelta(days=7):
            kind = kinds[number % len(kinds)]
            held_on = _working_day(day)
            applications, four_week_target = recent_figures(trajectory, held_on)
            db.session.add(Appointment(
                trajectory=trajectory, advisor_id=advisor.id, kind=kind, status="held",
                starts_at=_at(held_on, 10 + number % 5), duration_minutes=30 if kind == "phone" else 60,
                location={"phone": "Telefonisch", "video": "https://meet.example.nl/demo"}.get(kind, "Kantoor Tiel"),
                goal=f"Voortgang bespreken: {applications} van {four_week_target} sollicitatieactiviteiten "
                     f"in de laatste vier weken.",
                participants=f"{trajectory.candidate.name}, {advisor.name}",
                agreements=f"{_per_week(target(Week.of(held_on)))}; één netwerkgesprek plannen.",
                next_step="Volgende afspraak over drie weken.",
            ))
            number += 1
            day -= timedelta(weeks=3)
    if trajectory.status in (TrajectoryStatus.ACTIVE, TrajectoryStatus.PAUSED):
        planned = _working_day(ctx.today + timedelta(days=3 + ctx.rng.randint(0, 6)), forward=True)
        db.session.add(Appointment(
            trajectory=trajectory, advisor_id=advisor.id, kind="coaching", status="planned",
            starts_at=_at(planned, 14), duration_minutes=60, location="Kantoor Tiel",
        ))
    if key == "sanne":
        db.session.add(Appointment(
            trajectory=trajectory, advisor_id=advisor.id, kind="video", status="planned",
            starts_at=_at(_working_day(ctx.today + timedelta(days=16), forward=True), 11), duration_minutes=45,
            location="https://meet.example.nl/sanne",
        ))


def _note_texts(first: str, applications: int, target: int) -> tuple[str, str]:
    """(to the candidate, to the employer): picked by the figures of that day, never praise at 0 van 8."""
    figures = f"{applications} van {target} sollicitatieactiviteiten in de laatste vier weken"
    if not target:
        return (f"Rustig aan deze weken, {first}. We pakken de sollicitaties weer op als je traject verder gaat.",
                "Het traject staat deze weken stil; er gelden nu geen sollicitatieafspraken.")
    if applications >= target:
        return (f"Goed gedaan deze weken, {first}: {figures}! Probeer ook eens een open sollicitatie.",
                f"De kandidaat werkt actief mee en solliciteert volgens afspraak: {figures}.")
    if applications:
        return (f"{figures[0].upper()}{figures[1:]}, {first}. Laten we in ons volgende gesprek kijken wat je "
                f"helpt om het afgesproken aantal te halen.",
                f"{figures[0].upper()}{figures[1:]}: minder dan afgesproken. We bespreken met de kandidaat "
                f"wat nodig is om het tempo weer op te pakken.")
    return (f"Ik zie de laatste vier weken geen sollicitaties in je dagboek, {first}. Bel je me deze week even?",
            f"{figures[0].upper()}{figures[1:]}. We hebben contact gezocht met de kandidaat om concrete stappen "
            f"af te spreken en houden je op de hoogte.")


def _notes(ctx, key, trajectory):
    # The notes state the evidence model's figures of their own day (recent_figures).
    if db.session.scalar(select(exists().where(Note.trajectory_id == trajectory.id))):
        return
    advisor = trajectory.advisors[0]
    first = trajectory.candidate.first_name
    for days_ago, visibility in ((40, "internal"), (12, "candidate"), (5, "employer")):
        moment = _at(ctx.today - timedelta(days=days_ago), 16)
        if moment.date() < trajectory.spoor2_start:
            moment = _at(trajectory.spoor2_start, 16)
        if visibility == "internal":
            body = f"{first} is gemotiveerd maar twijfelt over de reisafstand. Volgende keer doorvragen."
        else:
            to_candidate, to_employer = _note_texts(first, *recent_figures(trajectory, moment.date()))
            body = to_candidate if visibility == "candidate" else to_employer
        db.session.add(Note(trajectory=trajectory, author_id=advisor.id, visibility=visibility, body=body,
                            created_at=moment, updated_at=moment))


def _offer_follow_ups(ctx, trajectory):
    """An offer in the diary is never left alone: the advisor notes what was discussed."""
    offers = db.session.execute(
        select(DiaryEntry, StatusChange.changed_on).join(StatusChange, StatusChange.entry_id == DiaryEntry.id)
        .where(DiaryEntry.trajectory_id == trajectory.id, DiaryEntry.deleted_at.is_(None),
               StatusChange.to_status == ApplicationStatus.OFFER.value)
    ).all()
    advisor = trajectory.advisors[0]
    first = trajectory.candidate.first_name
    for entry, offered_on in offers:
        body = (f"Aanbod van {entry.organisation}{f' ({entry.position})' if entry.position else ''} met {first} "
                f"besproken: uren, reistijd en of het werk past bij de belastbaarheid. {first} vraagt het "
                f"contractvoorstel op papier; ik kijk mee voordat er getekend wordt.")
        if db.session.scalar(select(exists().where(Note.trajectory_id == trajectory.id, Note.body == body))):
            continue
        moment = _at(min(_working_day(offered_on + timedelta(days=1), forward=True), ctx.today), 17)
        db.session.add(Note(trajectory=trajectory, author_id=advisor.id, visibility="internal", body=body,
                            created_at=moment, updated_at=moment))


def _diary(ctx, key, trajectory):
    """Only when the diary's own seeder left this trajectory without any history."""
    if db.session.scalar(select(exists().where(DiaryEntry.trajectory_id == trajectory.id))):
        return
    _, per_week, silent = PROFILES.get(key, DEFAULT_PROFILE)
    end = trajectory.closed_on or ctx.today
    last_active = Week.of(end).monday - timedelta(weeks=silent)
    week = Week.of(trajectory.spoor2_start)
    while week.monday < last_active:
        for i in range(per_week):
            day = max(week.monday + timedelta(days=ctx.rng.randint(0, 4)), trajectory.spoor2_start)
            if day > end:
                continue
            organisation, place = ORGANISATIONS[ctx.rng.randrange(len(ORGANISATIONS))]
            kind = KINDS[i % 2] if i < per_week else KINDS[2 + ctx.rng.randrange(3)]
            db.session.add(DiaryEntry(
                trajectory=trajectory, author_id=trajectory.candidate_id, entry_date=day, kind=kind,
                organisation=organisation, place=place, position="Administratief medewerker",
                status="sent",
            ))
        week = week.next()


def _pause(ctx, key, trajectory):
    if key != "maria" or trajectory.pauses:
        return
    db.session.add(Pause(trajectory=trajectory, start_date=ctx.today - timedelta(weeks=2), end_date=None,
                         reason="Hernieuwde uitval; hervatten in overleg met de bedrijfsarts.",
                         employer_category="not_available", created_by_id=trajectory.advisors[0].id))


# Two extra candidates of adviseur@demo.nl so the caseload always shows a steady candidate and
# one who went silent, whatever the diary's own seeder draws for the others.
EXTRA = [
    ("bas", "bas.kuiper@demo.nl", "Bas Kuiper", "TS-DEMO-101", (12, 2, 4)),
    ("eva", "eva.meijer@demo.nl", "Eva Meijer", "TS-DEMO-102", (5, 3, 0)),
]


def _extra_trajectories(ctx) -> dict:
    from portal.auth import services as accounts
    from portal.auth.models import Role
    from portal.demo import DEMO_PASSWORD
    from portal.trajectory.services import create_trajectory

    result = {}
    for key, email, name, reference, profile in EXTRA:
        PROFILES.setdefault(key, profile)
        trajectory = db.session.scalar(select(Trajectory).where(Trajectory.reference == reference))
        if trajectory is None:
            candidate = accounts.get_user_by_email(email) or accounts.create_user(
                email, name, Role.CANDIDATE, DEMO_PASSWORD)
            db.session.flush()
            trajectory = create_trajectory(
                candidate, ctx.organisations["zorg"], [ctx.users["advisor"]],
                first_sick_day=ctx.today - timedelta(weeks=62), spoor2_start=ctx.today - timedelta(weeks=10),
                weekly_target=2, reference=reference,
            )
            db.session.flush()
        result[key] = trajectory
    return result


def seed_advisor_demo(ctx) -> None:
    """Appointments with reports, notes of each visibility, a pause, and diary history where missing."""
    for key, trajectory in [*ctx.trajectories.items(), *_extra_trajectories(ctx).items()]:
        if not trajectory.advisors:
            continue
        _pause(ctx, key, trajectory)
        _diary(ctx, key, trajectory)  # first: the contact reports and notes state its figures
        _appointments(ctx, key, trajectory)
        _notes(ctx, key, trajectory)
        _offer_follow_ups(ctx, trajectory)
    # The steady candidate is also on track with the learning modules.
    from portal.learning.demo import catch_up

    catch_up(ctx, _extra_trajectories(ctx)["eva"], grace_days=0)
    db.session.flush()
