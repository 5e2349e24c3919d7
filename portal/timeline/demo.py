"""Demo data of the timeline: recorded steps, pauses, notifications, preferences."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.domain import timeline as tl
from portal.extensions import db
from portal.registry import add_demo_seeder
from portal.timeline import services
from portal.timeline.models import REMINDERS_FOR_ROLE, MilestoneRecord, ReminderKind, ReminderPreference
from portal.trajectory.models import Pause

# Steps recorded this many days before their deadline (negative: late).
_ON_TIME = {"problem_analysis": 5, "action_plan": 3, "sick_report": 2, "first_year_evaluation": 10}
_LATE = ("ahmed", "sick_report", -4)  # one late 42nd-week report, for the demo of states


def _seed_records(ctx) -> None:
    advisor = ctx.users["advisor"]
    existing = services.recorded_milestones_for([t.id for t in ctx.trajectories.values()])
    for key, trajectory in ctx.trajectories.items():
        if existing[trajectory.id]:
            continue
        for m in tl.poortwachter_milestones(trajectory.first_sick_day, trajectory.spoor2_start):
            if m.due > ctx.today:
                continue
            if m.code in _ON_TIME:
                days = _LATE[2] if (key, m.code) == _LATE[:2] else _ON_TIME[m.code]
            elif m.code.startswith(tl.PLAN_EVALUATION_PREFIX) and key in ("sanne", "kees", "henk"):
                days = ctx.rng.randint(0, 6)
            else:
                continue
            db.session.add(MilestoneRecord(
                trajectory_id=trajectory.id, code=m.code, done_on=m.due - timedelta(days=days),
                recorded_by_id=advisor.id,
                note="Verslag in dossier." if m.code == "first_year_evaluation" else "",
            ))


def _seed_pauses(ctx) -> None:
    advisor = ctx.users["advisor"]
    plans = {
        "sanne": [(10, 8, "Hernieuwde uitval; afgesproken met de bedrijfsarts dat het traject twee weken stilligt.")],
        "maria": [(3, None, "Hernieuwde uitval. Traject ligt stil tot het volgende gesprek.")],
        "kees": [(20, 19, "Verhuizing"), (9, 7, "Hernieuwde uitval")],
    }
    for key, pauses in plans.items():
        trajectory = ctx.trajectories[key]
        if trajectory.pauses:
            continue
        for start_weeks, end_weeks, reason in pauses:
            start = ctx.today - timedelta(weeks=start_weeks)
            end = ctx.today - timedelta(weeks=end_weeks) - timedelta(days=1) if end_weeks is not None else None
            db.session.add(Pause(trajectory=trajectory, start_date=start, end_date=end, reason=reason,
                                 created_by_id=advisor.id))


def _seed_notifications(ctx) -> None:
    sanne, advisor = ctx.users["sanne"], ctx.users["advisor"]
    main = ctx.main
    week = ctx.today.isocalendar()
    items = [
        (sanne, ReminderKind.FOLLOW_UP_DUE, "Opvolgen: Medewerker planning bij Zorggroep Oost",
         "Je wilde je sollicitatie opvolgen. Bel of mail de organisatie en leg het resultaat vast.",
         f"/trajecten/{main.id}", "read"),
        (sanne, ReminderKind.WEEKLY_NUDGE, "Nog 1 sollicitatie deze week",
         "Je doel is 2 sollicitaties per week; deze week staat er 1 in je dagboek.",
         f"/trajecten/{main.id}", None),
        (advisor, ReminderKind.ADVISOR_DIGEST, f"Weekoverzicht {week[0]}-W{week[1]:02d}: 2 punten voor aandacht",
         f"{ctx.trajectories['lisa'].candidate.name}: vorige week 0 van 2 sollicitaties.\n"
         f"{ctx.trajectories['kees'].candidate.name}: WIA-aanvraag uiterlijk binnenkort.",
         "/trajecten", None),
    ]
    for number, (user, kind, title, body, url, read) in enumerate(items, start=1):
        note = services.notify(user, kind, title, body, url, dedupe_key=f"demo:{number}")
        if note is not None and read:
            services.mark_read(note)


def _seed_preferences(ctx) -> None:
    for key in ("sanne", "advisor"):
        user = ctx.users[key]
        if db.session.scalar(select(ReminderPreference.id).where(ReminderPreference.user_id == user.id)):
            continue
        for kind in REMINDERS_FOR_ROLE.get(user.role, ()):
            services.set_preference(user, kind, email=True, portal=True)


def seed_timeline(ctx) -> None:
    """Recorded steps (one late), pause histories, notifications and default preferences."""
    _seed_records(ctx)
    _seed_pauses(ctx)
    _seed_notifications(ctx)
    _seed_preferences(ctx)


add_demo_seeder("timeline", seed_timeline, order=60)
