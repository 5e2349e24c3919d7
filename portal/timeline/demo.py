"""Demo data of the timeline: recorded steps, pauses, notifications, preferences."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.domain import timeline as tl
from portal.domain.weeks import Week
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
    # What the employer sees: a neutral category, never the reason above.
    category = {"Verhuizing": "personal"}
    for key, pauses in plans.items():
        trajectory = ctx.trajectories[key]
        if trajectory.pauses:
            continue
        for start_weeks, end_weeks, reason in pauses:
            start = ctx.today - timedelta(weeks=start_weeks)
            end = ctx.today - timedelta(weeks=end_weeks) - timedelta(days=1) if end_weeks is not None else None
            db.session.add(Pause(trajectory=trajectory, start_date=start, end_date=end, reason=reason,
                                 employer_category=category.get(reason, "not_available"),
                                 created_by_id=advisor.id))


def _plural(n: int, word: str = "sollicitatie") -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _demo_follow_up(ctx):
    """Sanne's real diary entry with a follow-up date (the latest), or None."""
    from portal.diary.models import DiaryEntry

    return db.session.scalars(
        select(DiaryEntry)
        .where(DiaryEntry.trajectory_id == ctx.main.id, DiaryEntry.follow_up_on.is_not(None),
               DiaryEntry.deleted_at.is_(None))
        .order_by(DiaryEntry.follow_up_on.desc(), DiaryEntry.id.desc())
    ).first()


def _demo_items(ctx) -> list[tuple]:
    """Demo notifications that tell the truth: real diary entries, the target in force."""
    from portal.casefile.evidence import load_evidence_many

    sanne, advisor = ctx.users["sanne"], ctx.users["advisor"]
    main, lisa = ctx.main, ctx.trajectories["lisa"]
    this_week = Week.of(ctx.today)
    last_week = this_week.previous()
    items = []
    entry = _demo_follow_up(ctx)
    if entry is not None:
        what = " bij ".join(x for x in (entry.position, entry.organisation) if x) or "een sollicitatie"
        items.append((
            sanne, ReminderKind.FOLLOW_UP_DUE, f"Opvolgen: {what}"[:200],
            f"Je wilde je sollicitatie voor {what} opvolgen. Bel of mail de organisatie en leg het "
            "resultaat vast in je dagboek.",
            f"/trajecten/{main.id}/dagboek/{Week.of(entry.entry_date).key}", "read",
            # The generator's own key: once the condition ends, `settle` resolves it like any other.
            f"follow_up:{entry.id}:{entry.follow_up_on.isoformat()}", main.id,
        ))
    evidence = load_evidence_many([main, lisa], last_week.monday, this_week.sunday, ctx.today)
    row = next((w for w in evidence[main.id].weeks if w.week == this_week), None)
    if row is not None and not row.paused and 0 < row.target and row.applications < row.target:
        missing = row.target - row.applications
        items.append((
            sanne, ReminderKind.WEEKLY_NUDGE, f"Nog {_plural(missing)} deze week",
            f"Je doel is {_plural(row.target)} per week; deze week staan er {row.applications} in je dagboek.",
            f"/trajecten/{main.id}/dagboek/{this_week.key}", None,
            f"nudge:{main.id}:{this_week.key}", main.id,
        ))
    lines = []
    row = next((w for w in evidence[lisa.id].weeks if w.week == last_week), None)
    if row is not None and not row.paused and row.target_met is False:
        lines.append(f"{lisa.candidate.name}: vorige week {row.applications} van {_plural(row.target)}.")
    lines.append(f"{ctx.trajectories['kees'].candidate.name}: WIA-aanvraag uiterlijk binnenkort.")
    week = ctx.today.isocalendar()
    items.append((
        advisor, ReminderKind.ADVISOR_DIGEST,
        f"Weekoverzicht {week[0]}-W{week[1]:02d}: {len(lines)} punt{'en' if len(lines) != 1 else ''} voor aandacht",
        "\n".join(lines), "/adviseur", None, f"demo:{ReminderKind.ADVISOR_DIGEST}", None,
    ))
    return items


def _seed_notifications(ctx) -> None:
    # Reminders carry the generator's keys and their trajectory, so they stay true when the
    # diary changes (portal.timeline.events.settle); the digest's key names its kind.
    for user, kind, title, body, url, read, key, trajectory_id in _demo_items(ctx):
        note = services.notify(user, kind, title, body, url, trajectory_id=trajectory_id, dedupe_key=key)
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
