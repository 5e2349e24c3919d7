"""Demo notifications and target displays tell the same story as the diary and the plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.clock import local_today
from portal.diary.models import DiaryEntry
from portal.domain.weeks import Week
from portal.extensions import db
from portal.plan.services import target_for
from portal.timeline.models import Notification
from tests.factories import TrajectoryFactory
from tests.plan.factories import publish


def test_demo_notifications_refer_to_real_diary_entries_and_the_target_in_force(demo):
    ctx = demo
    main = ctx.main
    notes = db.session.scalars(select(Notification).where(Notification.user_id == ctx.users["sanne"].id)).all()
    follow_ups = [n for n in notes if n.title.startswith("Opvolgen:")]
    assert follow_ups
    entries = db.session.scalars(select(DiaryEntry).where(
        DiaryEntry.trajectory_id == main.id, DiaryEntry.follow_up_on.is_not(None))).all()
    for note in follow_ups:
        entry = next((e for e in entries if note.title == "Opvolgen: " + " bij ".join(
            x for x in (e.position, e.organisation) if x)), None)
        assert entry is not None, note.title
        assert note.url == f"/trajecten/{main.id}/dagboek/{Week.of(entry.entry_date).key}"
    target = target_for(main)(Week.of(ctx.today))
    for note in notes:
        if note.title.startswith("Nog "):
            assert f"Je doel is {target} sollicitatie" in note.body
            assert note.url == f"/trajecten/{main.id}/dagboek/{Week.of(ctx.today).key}"


def test_trajectory_page_shows_the_target_in_force_this_week(client, login_as):
    today = local_today()
    t = TrajectoryFactory(weekly_target=2, spoor2_start=today - timedelta(weeks=10))
    publish(t, 2, effective_from=t.spoor2_start)
    publish(t, 3, effective_from=today + timedelta(weeks=3))  # agreed, not yet in force
    assert t.weekly_target == 3
    login_as(t.candidate)
    html = client.get(f"/trajecten/{t.id}").get_data(as_text=True)
    assert "2 sollicitaties per week" in html and "3 sollicitaties per week" not in html


def test_demo_nudge_is_resolved_once_the_week_reaches_its_target(demo):
    from portal.casefile.reminders import refresh_for

    ctx = demo
    main, sanne = ctx.main, ctx.users["sanne"]
    nudge = db.session.scalar(select(Notification).where(Notification.user_id == sanne.id,
                                                         Notification.kind == "weekly_nudge"))
    if nudge is None:  # the demo's week already meets its target (possible on a Monday)
        pytest.skip("the demo has no weekly nudge today")
    assert nudge.trajectory_id == main.id and nudge.unread
    target = target_for(main)(Week.of(ctx.today))
    for _ in range(target):
        db.session.add(DiaryEntry(trajectory_id=main.id, author_id=sanne.id, entry_date=ctx.today,
                                  kind="application_letter", organisation="Extra BV", status="sent"))
    db.session.flush()
    refresh_for(main, ctx.today)
    db.session.expire_all()
    assert db.session.get(Notification, nudge.id).resolved
