"""Reminder generation: sources, idempotence and each user's preferences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.casefile.reminders import generate_reminders
from portal.diary.models import DiaryEntry
from portal.domain.weeks import Week
from portal.extensions import db
from portal.mail.models import OutboxMessage
from portal.timeline import services
from portal.timeline.models import Notification, ReminderKind
from tests.factories import PauseFactory, TrajectoryFactory

THURSDAY = date(2026, 3, 12)
MONDAY = date(2026, 3, 9)


def _count(model, **filters):
    query = select(func.count()).select_from(model)
    for name, value in filters.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


@pytest.fixture
def trajectory(app):
    return TrajectoryFactory(first_sick_day=date(2025, 1, 6), spoor2_start=date(2026, 1, 5), weekly_target=2)


def _entry(trajectory, day, kind="application_letter", **kw):
    entry = DiaryEntry(trajectory_id=trajectory.id, author_id=trajectory.candidate_id, entry_date=day, kind=kind, **kw)
    db.session.add(entry)
    return entry


def test_follow_up_reminder_once_with_link_into_the_portal(trajectory):
    entry = _entry(trajectory, MONDAY - timedelta(days=7), organisation="Bakkerij Jansen", position="Verkoper",
                   status="sent", follow_up_on=MONDAY)
    db.session.flush()
    first = generate_reminders(MONDAY)
    assert first.by_kind.get("follow_up_due") == 1
    note = db.session.scalar(select(Notification).where(Notification.kind == "follow_up_due"))
    assert note.user_id == trajectory.candidate_id and "Verkoper bij Bakkerij Jansen" in note.title
    assert note.url == f"/trajecten/{trajectory.id}/dagboek/{Week.of(entry.entry_date).key}"
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.category == "reminder:follow_up_due"))
    assert mail.recipient == trajectory.candidate.email and mail.sent_at is None
    assert f"http://localhost/trajecten/{trajectory.id}/dagboek/" in mail.body_text
    assert "Beste" in mail.body_text and "<a href=\"http://localhost/meldingen/voorkeuren\"" in mail.body_html
    # Twice on the same day, and again the next day: nothing new.
    again = generate_reminders(MONDAY)
    later = generate_reminders(MONDAY + timedelta(days=1))
    assert (again.notifications, again.mails) == (0, 0)
    assert later.by_kind.get("follow_up_due") is None
    assert _count(Notification, kind="follow_up_due") == 1
    assert _count(OutboxMessage, category="reminder:follow_up_due") == 1


def test_no_follow_up_for_final_status_deleted_or_future(trajectory):
    _entry(trajectory, MONDAY, status="rejected", follow_up_on=MONDAY)
    _entry(trajectory, MONDAY, status="sent", follow_up_on=MONDAY + timedelta(days=3))
    from portal.db_types import utcnow

    _entry(trajectory, MONDAY, status="sent", follow_up_on=MONDAY, deleted_at=utcnow())
    db.session.flush()
    assert generate_reminders(MONDAY).by_kind.get("follow_up_due") is None


def test_weekly_nudge_below_target_from_thursday(trajectory):
    _entry(trajectory, MONDAY)  # one application, target two
    db.session.flush()
    assert generate_reminders(MONDAY + timedelta(days=1)).by_kind.get("weekly_nudge") is None  # Tuesday: too early
    result = generate_reminders(THURSDAY)
    assert result.by_kind.get("weekly_nudge") == 1
    note = db.session.scalar(select(Notification).where(Notification.kind == "weekly_nudge"))
    assert note.title == "Nog 1 sollicitatie deze week" and "deze week staan er 1" in note.body
    assert generate_reminders(THURSDAY + timedelta(days=1)).by_kind.get("weekly_nudge") is None


def test_no_nudge_when_target_met_or_week_paused(app):
    met = TrajectoryFactory(spoor2_start=date(2026, 1, 5), weekly_target=1)
    paused = TrajectoryFactory(spoor2_start=date(2026, 1, 5), weekly_target=2)
    PauseFactory(trajectory=paused, start_date=MONDAY, end_date=MONDAY + timedelta(days=1))
    _entry(met, MONDAY)
    db.session.flush()
    assert generate_reminders(THURSDAY).by_kind.get("weekly_nudge") is None


def test_paused_trajectory_gets_no_candidate_reminders(trajectory):
    PauseFactory(trajectory=trajectory, start_date=MONDAY - timedelta(days=20), end_date=None)
    _entry(trajectory, MONDAY - timedelta(days=7), status="sent", follow_up_on=THURSDAY)
    db.session.flush()
    result = generate_reminders(THURSDAY)
    assert "follow_up_due" not in result.by_kind and "weekly_nudge" not in result.by_kind


def test_advisor_digest_lists_who_needs_attention_once_a_week(trajectory):
    advisor = trajectory.advisors[0]
    quiet = TrajectoryFactory(advisors=[advisor], spoor2_start=date(2026, 1, 5), first_sick_day=date(2025, 1, 6))
    # trajectory: one application last week (below target 2); quiet: nothing for two weeks.
    _entry(trajectory, MONDAY - timedelta(days=5))
    db.session.flush()
    result = generate_reminders(MONDAY)
    assert result.by_kind.get("advisor_digest") == 1
    digest = db.session.scalar(select(Notification).where(Notification.kind == "advisor_digest"))
    assert digest.user_id == advisor.id
    assert f"{trajectory.candidate.name}: vorige week 1 van 2 sollicitaties." in digest.body
    assert f"{quiet.candidate.name}: al twee weken of langer geen activiteiten" in digest.body
    assert "Eerstejaarsevaluatie" not in digest.body  # that was a year ago
    assert generate_reminders(THURSDAY).by_kind.get("advisor_digest") is None  # same ISO week
    assert generate_reminders(MONDAY + timedelta(days=7)).by_kind.get("advisor_digest") == 1


def test_digest_mentions_milestones_within_fourteen_days(app):
    first = date(2026, 1, 5)
    t = TrajectoryFactory(first_sick_day=first, spoor2_start=date(2026, 1, 5))
    _entry(t, date(2026, 2, 3))
    _entry(t, date(2026, 2, 4))
    db.session.flush()
    digests = select(Notification.body).where(Notification.kind == "advisor_digest")
    generate_reminders(date(2026, 2, 9))  # action plan due 1 March: too far ahead
    assert not any("Plan van aanpak" in body for body in db.session.scalars(digests))
    generate_reminders(date(2026, 2, 16))  # now within 14 days
    assert any("Plan van aanpak uiterlijk 1 maart 2026" in body for body in db.session.scalars(digests))


@dataclass
class _Due:
    title: str
    due_on: date
    url: str


def test_assignment_source_is_the_learning_contract(trajectory, monkeypatch):
    import portal.learning.services as learning

    calls = []

    def due_assignments(t, today, within_days):
        calls.append((t.id, today, within_days))
        return [_Due("Mijn sterke punten", today + timedelta(days=1), "/leren/opdracht/7")]

    monkeypatch.setattr(learning, "due_assignments", due_assignments, raising=False)
    result = generate_reminders(MONDAY)
    assert result.by_kind.get("assignment_due") == 1 and calls == [(trajectory.id, MONDAY, 2)]
    note = db.session.scalar(select(Notification).where(Notification.kind == "assignment_due"))
    assert note.url == "/leren/opdracht/7" and "Mijn sterke punten" in note.title
    assert generate_reminders(MONDAY).notifications == 0


@pytest.mark.parametrize(
    ("email", "portal", "mails", "notes"), [(True, True, 1, 1), (False, True, 0, 1), (True, False, 1, 0), (False, False, 0, 0)]
)
def test_preferences_are_respected(trajectory, email, portal, mails, notes):
    services.set_preference(trajectory.candidate, ReminderKind.FOLLOW_UP_DUE, email=email, portal=portal)
    _entry(trajectory, MONDAY - timedelta(days=3), status="sent", follow_up_on=MONDAY)
    db.session.flush()
    generate_reminders(MONDAY)
    assert _count(OutboxMessage, category="reminder:follow_up_due") == mails
    assert _count(Notification, kind="follow_up_due") == notes


def test_preferences_of_one_kind_leave_the_others_alone(trajectory):
    services.set_preference(trajectory.candidate, ReminderKind.WEEKLY_NUDGE, email=False, portal=False)
    _entry(trajectory, MONDAY - timedelta(days=3), status="sent", follow_up_on=THURSDAY)
    db.session.flush()
    result = generate_reminders(THURSDAY)
    assert result.by_kind.get("follow_up_due") == 1 and "weekly_nudge" not in result.by_kind


def test_preferences_page(client, login_as, trajectory):
    login_as(trajectory.candidate)
    html = client.get("/meldingen/voorkeuren").get_data(as_text=True)
    assert "Opvolging van een sollicitatie" in html and "Wekelijks overzicht" not in html
    response = client.post("/meldingen/voorkeuren", data={
        "follow_up_due_portal": "y", "assignment_due_email": "y", "assignment_due_portal": "y",
    })
    assert response.status_code == 302
    prefs = services.preferences_for([trajectory.candidate_id])[trajectory.candidate_id]
    assert prefs["follow_up_due"] == services.Channels(email=False, portal=True)
    assert prefs["weekly_nudge"] == services.Channels(email=False, portal=False)
    assert prefs["assignment_due"] == services.Channels(email=True, portal=True)


def test_advisor_preferences_page_offers_the_digest(client, login_as, trajectory):
    login_as(trajectory.advisors[0])
    html = client.get("/meldingen/voorkeuren").get_data(as_text=True)
    assert "Wekelijks overzicht" in html and "Opvolging van een sollicitatie" not in html


def test_cli_generates_idempotently(runner, trajectory):
    _entry(trajectory, MONDAY - timedelta(days=3), status="sent", follow_up_on=MONDAY)
    db.session.commit()
    first = runner.invoke(args=["send-reminders", "--date", MONDAY.isoformat()])
    assert first.exit_code == 0, first.output
    assert "in de wachtrij" in first.output  # no MAIL_SERVER: mail stays in the outbox
    second = runner.invoke(args=["send-reminders", "--date", MONDAY.isoformat()])
    assert "0 melding(en), 0 e-mail(s)" in second.output
    db.session.expire_all()
    assert _count(OutboxMessage) == _count(OutboxMessage, sent_at=None) >= 1
