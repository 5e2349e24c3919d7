"""Demo diaries: months of realistic Dutch activity, quiet weeks, pauses, reviews, addenda."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.diary import services as diary
from portal.diary.models import DiaryEntry
from portal.domain.activities import ActivityKind as K
from portal.domain.activities import ApplicationStatus as S
from portal.domain.activities import default_status
from portal.domain.weeks import Week, is_paused_week
from portal.extensions import db
from portal.trajectory.models import Pause

EMPLOYERS = [
    ("Gemeente Tiel", "Tiel", "Medewerker klantcontact"), ("Rabobank Rivierenland", "Tiel", "Servicemedewerker"),
    ("Zorgwaard", "Culemborg", "Planner thuiszorg"), ("Bol.com", "Utrecht", "Klantenservicemedewerker"),
    ("Albert Heijn Distributie", "Nieuwegein", "Administratief medewerker"),
    ("Waterschap Rivierenland", "Tiel", "Medewerker secretariaat"), ("Randstad", "Geldermalsen", "Inschrijving"),
    ("Tempo-Team", "Utrecht", "Inschrijving"), ("Ziekenhuis Rivierenland", "Tiel", "Receptionist"),
    ("Bibliotheek Rivierenland", "Culemborg", "Baliemedewerker"), ("Van Wijk Installatietechniek", "Zaltbommel",
    "Werkvoorbereider"), ("Stichting Welzijn West Betuwe", "Geldermalsen", "Coördinator vrijwilligers"),
    ("Kinderopvang Kiekeboe", "Tiel", "Administratief medewerker"), ("Coop Supermarkt", "Beesd", "Kassamedewerker"),
    ("Heijmans", "Rosmalen", "Planner"), ("PostNL", "Nieuwegein", "Teamleider sorteercentrum"),
]
NETWORK = [("Oud-collega Petra", "Tiel"), ("Buurman (ondernemer)", "Tiel"), ("Banenmarkt Rivierenland", "Tiel"),
           ("UWV WERKbedrijf workshop", "Utrecht"), ("Informatiegesprek De Hoop", "Culemborg")]
APPLY_KINDS = [K.APPLICATION_LETTER, K.APPLICATION_LETTER, K.OPEN_APPLICATION, K.PHONE_APPLICATION]
OTHER_KINDS = [K.NETWORKING, K.JOB_FAIR, K.INFORMATION_INTERVIEW, K.OTHER]
CHANNEL_FOR = {K.APPLICATION_LETTER: ("vacancy_site", "online_form"), K.OPEN_APPLICATION: ("open", "email"),
               K.PHONE_APPLICATION: ("werk_nl", "phone"), K.AGENCY_REGISTRATION: ("agency", "in_person")}
# Later stages an application may reach, with the days it takes.
PIPELINES = [
    [(S.NO_RESPONSE, 21)], [(S.REJECTED, 10)], [(S.INVITED, 7), (S.INTERVIEW, 12), (S.REJECTED, 20)],
    [(S.INVITED, 6), (S.INTERVIEW, 10), (S.SECOND_INTERVIEW, 17), (S.OFFER, 24)], [(S.INVITED, 5)],
    [(S.WITHDRAWN, 8)], [], [], [(S.REJECTED, 14)],
]
HIRED = [(S.INVITED, 5), (S.INTERVIEW, 9), (S.SECOND_INTERVIEW, 14), (S.OFFER, 18), (S.HIRED, 21)]
SEEDED = ("sanne", "ahmed", "lisa", "kees", "maria", "henk", "noor", "daan", "tom", "sem")
LOW_WEEK_REASONS = ["Sollicitatiegesprek voorbereid en geoefend met mijn adviseur.",
                    "Weinig passende vacatures binnen mijn reisafstand deze week.",
                    "Twee dagen cursus Excel gevolgd (werkopdracht)."]


def seed_diaries(ctx) -> None:
    """Give the demo candidates a diary of several months (skipped when one exists)."""
    _ensure_pauses(ctx)
    for key in SEEDED:
        trajectory = ctx.trajectories.get(key)
        if trajectory is None:
            continue
        exists = db.session.scalar(select(func.count()).select_from(DiaryEntry).where(
            DiaryEntry.trajectory_id == trajectory.id))
        if not exists:
            _seed_one(ctx, key, trajectory)


def _ensure_pauses(ctx) -> None:
    sanne, maria = ctx.trajectories.get("sanne"), ctx.trajectories.get("maria")
    if sanne is not None and not sanne.pauses:
        monday = Week.of(ctx.today).monday - timedelta(weeks=9)
        sanne.pauses.append(Pause(start_date=monday, end_date=monday + timedelta(days=11),
                                  reason="Hernieuwde uitval (twee weken)", employer_category="not_available"))
    if maria is not None and not any(p.end_date is None for p in maria.pauses):
        maria.pauses.append(Pause(start_date=ctx.today - timedelta(days=10), end_date=None,
                                  reason="Hernieuwde uitval; hervatting in overleg met de bedrijfsarts",
                                  employer_category="not_available"))
    db.session.flush()


def _seed_one(ctx, key: str, trajectory) -> None:
    rng, today = ctx.rng, ctx.today
    candidate, advisor = trajectory.candidate, (trajectory.advisors or [None])[0]
    pauses = trajectory.pause_periods
    end = min(today, trajectory.closed_on) if trajectory.closed_on else today
    weeks = [w for w in _weeks(trajectory.spoor2_start, end)]
    for index, week in enumerate(weeks):
        if is_paused_week(week, pauses):
            continue
        quiet = rng.random() < 0.15 or (index == 0)
        applications = rng.choice([0, 1]) if quiet else rng.choice([1, 2, 2, 3, 3, 4])
        for _ in range(applications):
            _application(ctx, trajectory, candidate, week, today)
        if rng.random() < 0.5:
            name, place = rng.choice(NETWORK)
            day = _day_in(rng, week, today)
            kind = rng.choice(OTHER_KINDS)
            diary.create_entry(trajectory, candidate, entry_date=day, kind=kind.value, organisation=name,
                               place=place, status=default_status(kind.value), notes_html="<p>Gesprek over mogelijkheden in de regio.</p>")
        if quiet and week.sunday < today and rng.random() < 0.6:
            diary.set_week_reason(trajectory, week, candidate, rng.choice(LOW_WEEK_REASONS))
    db.session.flush()
    if advisor is not None:
        _review_older_weeks(ctx, trajectory, advisor, weeks)
    if key == "sanne":
        _sanne_follow_ups(ctx, trajectory, candidate)
    if key == "henk":
        week = Week.of(end).previous().previous().previous().previous()
        entry = _application(ctx, trajectory, candidate, week, today, pipeline=[])
        for status, after in HIRED:
            diary.move_entry(entry, candidate, status.value, min(entry.entry_date + timedelta(days=after), today))


def _weeks(start, end):
    week = Week.of(start)
    while week.monday <= end:
        yield week
        week = week.next()


def _day_in(rng, week: Week, today):
    day = week.monday + timedelta(days=rng.randint(0, 4))
    return min(day, today)


def _application(ctx, trajectory, candidate, week: Week, today, pipeline=None) -> DiaryEntry:
    rng = ctx.rng
    organisation, place, position = rng.choice(EMPLOYERS)
    kind = K.AGENCY_REGISTRATION if position == "Inschrijving" else rng.choice(APPLY_KINDS)
    if kind == K.AGENCY_REGISTRATION:
        position = ""
    channel, method = CHANNEL_FOR[kind]
    day = _day_in(rng, week, today)
    entry = diary.create_entry(
        trajectory, candidate, entry_date=day, kind=kind.value, organisation=organisation, place=place,
        position=position, channel=channel, method=method, fits_capacity=rng.random() < 0.85,
        status=S.SENT.value, external_url="https://www.werk.nl/vacatures" if channel == "werk_nl" else "",
        notes_html="<p>Motivatie aangepast op de vacature.</p>" if rng.random() < 0.3 else "",
    )
    for status, after in rng.choice(PIPELINES) if pipeline is None else pipeline:
        on = day + timedelta(days=after)
        if on > today:
            break
        diary.move_entry(entry, candidate, status.value, on)
    return entry


def _review_older_weeks(ctx, trajectory, advisor, weeks) -> None:
    from portal.casefile.evidence import load_evidence

    reviewable = [w for w in weeks if w.sunday < ctx.today - timedelta(weeks=3)]
    if not reviewable:
        return
    evidence = {w.week: w for w in load_evidence(trajectory, reviewable[0].monday, reviewable[-1].sunday,
                                                 today=ctx.today).weeks}
    for week in reviewable:
        row = evidence[week]
        if row.paused:
            continue
        if row.target_met or row.low_week_reason:
            diary.review_week(trajectory, week, advisor, True, "" if row.target_met else "Reden besproken; akkoord.")
        else:
            diary.review_week(trajectory, week, advisor, False,
                              f"{row.applications} van {row.target} sollicitaties zonder reden. Besproken in het gesprek.")
    entries = diary.search_entries(trajectory, end=reviewable[-1].sunday, applications_only=True, limit=40)
    for entry in entries[5:7]:
        diary.add_addendum(entry, trajectory.candidate, "Correctie: contactpersoon was de afdeling HR, niet de teamleider.")


def _sanne_follow_ups(ctx, trajectory, candidate) -> None:
    this_week = Week.of(ctx.today)
    for organisation, position, offset in [("Zorgwaard", "Planner thuiszorg", 1), ("Gemeente Tiel", "Medewerker klantcontact", 3)]:
        day = ctx.today - timedelta(days=9)
        if is_paused_week(Week.of(day), trajectory.pause_periods):
            continue
        diary.create_entry(trajectory, candidate, entry_date=day, kind=K.APPLICATION_LETTER.value,
                           organisation=organisation, position=position, place="Tiel", channel="vacancy_site",
                           method="email", status=S.SENT.value, fits_capacity=True,
                           follow_up_on=min(this_week.monday + timedelta(days=offset), this_week.sunday))
    diary.create_entry(trajectory, candidate, entry_date=ctx.today, kind=K.OPEN_APPLICATION.value,
                       organisation="Bibliotheek Rivierenland", position="Baliemedewerker", place="Culemborg",
                       channel="open", method="letter", status=S.PLANNED.value,
                       notes_html="<p>Brief nog laten lezen door mijn adviseur.</p>")
