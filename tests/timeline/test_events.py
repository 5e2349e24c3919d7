"""The notification service: each event kind is raised once, delivered per preference, left
alone by `send-reminders` (twice), and resolved when what it asked for no longer holds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from portal.advisor.models import Appointment
from portal.clock import LOCAL_TZ, local_today
from portal.diary.models import DiaryEntry, StatusChange
from portal.domain.weeks import Week
from portal.extensions import db
from portal.mail.models import OutboxMessage
from portal.mail.services import build_email
from portal.timeline import events, services
from portal.timeline.models import Notification, ReminderKind
from tests.factories import TrajectoryFactory, UserFactory, world


def _notes(user, kind=None) -> list[Notification]:
    query = select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    if kind:
        query = query.where(Notification.kind == str(kind))
    return list(db.session.scalars(query))


def _mails(user, kind=None) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.user_id == user.id).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.category == f"reminder:{kind}")
    return list(db.session.scalars(query))


def _send_reminders(runner, day: date | None = None) -> None:
    args = ["send-reminders", "--no-deliver"]
    if day:
        args += ["--date", day.isoformat()]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output


# --- every event kind through the one service --------------------------------------------------

def _raise(kind: str, w):
    t = w["t1"]
    if kind == "assignment_feedback":
        return events.assignment_feedback(t, 7, "Schrijf je cv", False, "/leren/opdrachten/cv")
    if kind == "note_shared":
        return events.note_shared(t, 3, [w["candidate1"]], f"/trajecten/{t.id}/contact")
    if kind == "plan_to_confirm":
        return events.plan_to_confirm(t, 2, [w["candidate1"], *events.employer_contacts(t)], f"/trajecten/{t.id}/plan")
    if kind == "week_reviewed":
        return events.week_reviewed(t, "2026-W10", "week 10", True, f"/trajecten/{t.id}/dagboek/2026-W10")
    if kind == "overview_shared":
        return events.overview_shared(t, 5, "1 maart tot en met 31 maart", f"/trajecten/{t.id}/overzicht")
    if kind == "report_to_read":
        return events.report_to_read(t, "progress:1:v1", "Voortgangsrapportage om te lezen", "/rapportages/1",
                                     [w["candidate1"], w["employer1"]])
    raise AssertionError(kind)


READERS = {
    "assignment_feedback": ("candidate1",), "note_shared": ("candidate1",),
    "plan_to_confirm": ("candidate1", "employer1"), "week_reviewed": ("candidate1",),
    "overview_shared": ("employer1",), "report_to_read": ("candidate1", "employer1"),
}


@pytest.mark.parametrize("kind", sorted(READERS))
def test_event_is_raised_once_for_its_readers_and_survives_two_reminder_runs(app, runner, kind):
    w = world()
    first = _raise(kind, w)
    again = _raise(kind, w)
    db.session.commit()
    readers = [w[name] for name in READERS[kind]]
    assert first.by_kind == {kind: len(readers)} and (again.notifications, again.mails) == (0, 0)
    for reader in readers:
        assert len(_notes(reader, kind)) == 1 and len(_mails(reader, kind)) == 1
        assert _notes(reader, kind)[0].trajectory_id == w["t1"].id
    # Nobody outside the trajectory hears about it.
    for stranger in ("candidate2", "employer2", "advisor1", "advisor2", "admin"):
        assert not _notes(w[stranger]) and not _mails(w[stranger])
    _send_reminders(runner)
    _send_reminders(runner)
    db.session.expire_all()
    for reader in readers:
        notes = _notes(reader, kind)
        assert len(notes) == 1 and notes[0].unread  # an event is not a condition: never auto-resolved


@pytest.mark.parametrize("portal, email", [(True, False), (False, True), (False, False), (True, True)])
@pytest.mark.parametrize("kind", ["week_reviewed", "note_shared", "assignment_feedback"])
def test_event_follows_the_readers_preference(app, kind, portal, email):
    w = world()
    services.set_preference(w["candidate1"], kind, email=email, portal=portal)
    db.session.flush()
    _raise(kind, w)
    assert len(_notes(w["candidate1"], kind)) == int(portal)
    assert len(_mails(w["candidate1"], kind)) == int(email)


def test_inactive_reader_gets_nothing(app):
    w = world()
    w["candidate1"].active = False
    _raise("week_reviewed", w)
    assert not _notes(w["candidate1"]) and not _mails(w["candidate1"])


def test_plan_request_is_replaced_by_a_newer_version_and_resolved_on_confirming(app):
    w = world()
    t = w["t1"]
    events.plan_to_confirm(t, 2, [w["candidate1"]], "/plan")
    events.plan_to_confirm(t, 3, [w["candidate1"]], "/plan")
    db.session.expire_all()
    older, newer = _notes(w["candidate1"], "plan_to_confirm")
    assert older.resolved and not older.unread and newer.unread
    assert services.unread_count(w["candidate1"]) == 1
    events.plan_confirmed(t, w["candidate1"])
    db.session.expire_all()
    assert services.unread_count(w["candidate1"]) == 0


def test_preferences_page_offers_the_event_kinds_per_role(client, login_as):
    w = world()
    login_as(w["employer1"])
    page = client.get("/meldingen/voorkeuren").get_data(as_text=True)
    assert ReminderKind.OVERVIEW_SHARED.label in page and ReminderKind.PLAN_TO_CONFIRM.label in page
    assert ReminderKind.WEEKLY_NUDGE.label not in page


# --- appointments: invitation, move, cancel ------------------------------------------------------

def _form(day: date, time: str = "10:00", **kw) -> dict:
    data = {"kind": "coaching", "status": "planned", "day": day.isoformat(), "start_time": time,
            "duration_minutes": "60", "location": "Kantoor Utrecht", "goal": "", "participants": "",
            "agreements": "", "next_step": ""}
    data.update(kw)
    return data


def _invitation(mail: OutboxMessage) -> Calendar:
    assert mail.attachment_name == "afspraak.ics"
    calendar = Calendar.from_ical(mail.attachment_body)
    return calendar


def _vevent(calendar: Calendar):
    return next(c for c in calendar.walk() if c.name == "VEVENT")


def test_planned_moved_and_cancelled_appointment_reach_the_candidate_with_an_invitation(client, login_as, runner):
    w = world()
    candidate = w["candidate1"]
    login_as(w["advisor1"])
    day = local_today() + timedelta(days=10)
    url = f"/adviseur/trajecten/{w['t1'].id}/afspraken/nieuw"
    assert client.post(url, data=_form(day)).status_code == 302
    appointment = db.session.scalars(select(Appointment)).one()

    (note,) = _notes(candidate, "appointment")
    assert note.title.startswith("Nieuwe afspraak") and note.url == f"/trajecten/{w['t1'].id}/contact"
    (mail,) = _mails(candidate, "appointment")
    calendar = _invitation(mail)
    event = _vevent(calendar)
    assert str(calendar["method"]) == "REQUEST" and str(event["status"]) == "CONFIRMED"
    assert str(event["uid"]) == f"appointment-{appointment.id}@tweedespoor.online" and int(event["sequence"]) == 0
    assert event.decoded("dtstart") == datetime.combine(day, datetime.min.time().replace(hour=10), tzinfo=LOCAL_TZ)
    assert str(event["attendee"]) == f"mailto:{candidate.email}"
    # The MIME mail carries it as text/calendar with the method, so calendars offer to add it.
    part = next(p for p in build_email(mail, "noreply@example.nl").iter_attachments())
    assert part.get_content_type() == "text/calendar" and part.get_param("method") == "REQUEST"

    # A report-only edit changes nothing in the candidate's calendar.
    edit = f"/adviseur/afspraken/{appointment.id}"
    assert client.post(edit, data=_form(day, goal="Cv bespreken", version="1")).status_code == 302
    assert len(_mails(candidate, "appointment")) == 1

    # Moved: a new invitation with the same UID and a higher SEQUENCE; the old notice is resolved.
    db.session.expire_all()
    version = db.session.get(Appointment, appointment.id).version
    assert client.post(edit, data=_form(day, "14:00", goal="Cv bespreken", version=str(version))).status_code == 302
    db.session.expire_all()
    first, moved = _notes(candidate, "appointment")
    assert first.resolved and moved.unread and moved.title.startswith("Afspraak verzet")
    moved_event = _vevent(_invitation(_mails(candidate, "appointment")[-1]))
    assert str(moved_event["uid"]) == str(event["uid"]) and int(moved_event["sequence"]) > int(event["sequence"])

    # Cancelled: METHOD:CANCEL and STATUS:CANCELLED.
    version = db.session.get(Appointment, appointment.id).version
    assert client.post(edit, data=_form(day, "14:00", status="cancelled", version=str(version))).status_code == 302
    db.session.expire_all()
    cancel = _invitation(_mails(candidate, "appointment")[-1])
    assert str(cancel["method"]) == "CANCEL" and str(_vevent(cancel)["status"]) == "CANCELLED"
    assert services.unread_count(candidate) == 1  # only the cancellation is left to read

    # send-reminders twice adds nothing to the appointment and resolves nothing of it.
    _send_reminders(runner)
    _send_reminders(runner)
    db.session.expire_all()
    assert len(_mails(candidate, "appointment")) == 3 and len(_notes(candidate, "appointment")) == 3
    assert [n.unread for n in _notes(candidate, "appointment")] == [False, False, True]


def test_appointment_invitation_follows_mail_only_preference(client, login_as):
    w = world()
    services.set_preference(w["candidate1"], "appointment", email=True, portal=False)
    db.session.commit()
    login_as(w["advisor1"])
    client.post(f"/adviseur/trajecten/{w['t1'].id}/afspraken/nieuw", data=_form(local_today() + timedelta(days=3)))
    assert not _notes(w["candidate1"]) and len(_mails(w["candidate1"], "appointment")) == 1


def test_recording_a_past_contact_sends_no_invitation(client, login_as):
    w = world()
    login_as(w["advisor1"])
    day = local_today() - timedelta(days=2)
    assert client.post(f"/adviseur/trajecten/{w['t1'].id}/afspraken/nieuw",
                       data=_form(day, status="held")).status_code == 302
    assert not _notes(w["candidate1"]) and not _mails(w["candidate1"])


# --- notes shared and weeks reviewed, from the pages ------------------------------------------

def test_shared_note_notifies_its_reader_once_internal_note_nobody(client, login_as):
    w = world()
    login_as(w["advisor1"])
    url = f"/adviseur/trajecten/{w['t1'].id}/notities/nieuw"
    assert client.post(url, data={"body": "Alleen voor ons", "visibility": "internal"}).status_code == 302
    assert not _notes(w["candidate1"]) and not _notes(w["employer1"])
    assert client.post(url, data={"body": "Goed gesprek gehad", "visibility": "candidate"}).status_code == 302
    assert len(_notes(w["candidate1"], "note_shared")) == 1 and not _notes(w["employer1"])
    assert "Goed gesprek" not in _mails(w["candidate1"])[0].body_text  # the text stays in the portal
    assert client.post(url, data={"body": "Kandidaat werkt goed mee aan de afspraken.",
                                  "visibility": "employer"}).status_code == 302
    (note,) = _notes(w["employer1"], "note_shared")
    assert note.url == f"/trajecten/{w['t1'].id}/contact" and not _notes(w["employer2"])
    assert len(_notes(w["candidate1"], "note_shared")) == 1


def test_week_review_notifies_the_candidate(client, login_as):
    t = TrajectoryFactory()
    last_week = Week.of(local_today()).previous()
    db.session.commit()
    login_as(t.advisors[0])
    response = client.post(f"/trajecten/{t.id}/dagboek/{last_week.key}",
                           data={"action": "review", "review-judgement": "sufficient", "review-reason": ""})
    assert response.status_code == 302
    (note,) = _notes(t.candidate, "week_reviewed")
    assert "voldoende" in note.body and note.url == f"/trajecten/{t.id}/dagboek/{last_week.key}"


# --- reminders that stay true ------------------------------------------------------------------

THURSDAY = date(2026, 3, 12)


def _entry(t, day, **kw) -> DiaryEntry:
    entry = DiaryEntry(trajectory_id=t.id, author_id=t.candidate_id, entry_date=day, kind="application_letter",
                       organisation=kw.pop("organisation", "Zorgwaard"), **kw)
    db.session.add(entry)
    db.session.flush()
    return entry


def test_weekly_nudge_is_updated_then_resolved_as_applications_come_in(app, runner):
    t = TrajectoryFactory(first_sick_day=date(2025, 1, 6), spoor2_start=date(2026, 1, 5), weekly_target=3)
    db.session.commit()
    _send_reminders(runner, THURSDAY)
    _send_reminders(runner, THURSDAY)
    (nudge,) = _notes(t.candidate, "weekly_nudge")
    assert nudge.title == "Nog 3 sollicitaties deze week" and nudge.unread
    _entry(t, THURSDAY - timedelta(days=1))
    _entry(t, THURSDAY - timedelta(days=2))
    db.session.commit()
    _send_reminders(runner, THURSDAY)
    db.session.expire_all()
    (nudge,) = _notes(t.candidate, "weekly_nudge")
    assert nudge.title == "Nog 1 sollicitatie deze week" and nudge.unread  # updated, not a second one
    _entry(t, THURSDAY)
    db.session.commit()
    _send_reminders(runner, THURSDAY)
    db.session.expire_all()
    (nudge,) = _notes(t.candidate, "weekly_nudge")
    assert nudge.resolved and services.unread_count(t.candidate) == 0
    assert len(_mails(t.candidate, "weekly_nudge")) == 1


def test_stale_application_asks_once_and_resolves_when_its_status_moves(client, login_as, runner, app):
    t = TrajectoryFactory(weekly_target=0)  # no weekly nudge beside it
    today = local_today()
    old = _entry(t, today - timedelta(days=20), status="sent", position="Planner")
    _entry(t, today - timedelta(days=5), status="sent", organisation="Recent BV")  # not stale yet
    db.session.commit()
    _send_reminders(runner)
    _send_reminders(runner)
    (note,) = _notes(t.candidate, "stale_application")
    assert "Planner bij Zorgwaard" in note.title and note.unread
    assert len(_mails(t.candidate, "stale_application")) == 1

    login_as(t.candidate)
    home = client.get("/home").get_data(as_text=True)
    assert "Al reactie gehad?" in home and "Planner: uitkomst vastleggen" in home and "Recent BV" not in home
    assert 'class="nav-badge" data-count="1"' in home

    # Recording the outcome ends the question at once (no reminder run needed).
    response = client.post(f"/dagboek/activiteit/{old.id}/status",
                           data={"status": "no_response", "changed_on": today.isoformat()})
    assert response.status_code == 302
    db.session.expire_all()
    assert _notes(t.candidate, "stale_application")[0].resolved
    assert services.unread_count(t.candidate) == 0
    assert "Al reactie gehad?" not in client.get("/home").get_data(as_text=True)
    _send_reminders(runner)
    assert len(_notes(t.candidate, "stale_application")) == 1  # not asked again


def test_a_status_change_restarts_the_quiet_days(app, runner):
    t = TrajectoryFactory()
    today = local_today()
    entry = _entry(t, today - timedelta(days=30), status="interview")
    db.session.add(StatusChange(entry_id=entry.id, from_status="sent", to_status="interview",
                                changed_on=today - timedelta(days=3)))
    db.session.commit()
    _send_reminders(runner)
    assert not _notes(t.candidate, "stale_application")


def test_the_quiet_days_are_a_setting(app, runner):
    t = TrajectoryFactory()
    _entry(t, local_today() - timedelta(days=20), status="sent")
    db.session.commit()
    app.config["STALE_APPLICATION_DAYS"] = 30
    _send_reminders(runner)
    assert not _notes(t.candidate, "stale_application")
    app.config["STALE_APPLICATION_DAYS"] = 14
    _send_reminders(runner)
    assert len(_notes(t.candidate, "stale_application")) == 1


def test_nav_count_is_the_users_own_and_leaves_out_read_and_resolved(client, login_as):
    w = world()
    for title in ("Een", "Twee", "Drie"):
        services.notify(w["candidate1"], "week_reviewed", title)
    services.notify(w["candidate2"], "week_reviewed", "Van een ander")
    db.session.flush()
    one, two, _three = _notes(w["candidate1"])
    services.mark_read(one)
    two.resolved_at = datetime.now(UTC)
    db.session.commit()
    login_as(w["candidate1"])
    page = client.get("/meldingen").get_data(as_text=True)
    assert 'class="nav-badge" data-count="1"' in page and "Afgehandeld" in page
    other = UserFactory()
    db.session.commit()
    login_as(other)
    assert "nav-badge" not in client.get("/meldingen").get_data(as_text=True)


def test_a_revised_plan_asks_candidate_and_employer_and_confirming_resolves_it(client, login_as):
    from tests.plan.factories import publish

    w = world()
    t = w["t1"]
    t.spoor2_start = Week.of(local_today()).monday - timedelta(weeks=6)
    publish(t, 2, effective_from=t.spoor2_start)
    db.session.commit()
    login_as(w["advisor1"])
    response = client.post(f"/adviseur/trajecten/{t.id}/doel", data={
        "weekly_target": "3", "effective_from": (Week.of(local_today()).monday + timedelta(days=7)).isoformat(),
        "reason": "Afgesproken in de evaluatie"})
    assert response.status_code == 302
    for reader in (w["candidate1"], w["employer1"]):
        (note,) = _notes(reader, "plan_to_confirm")
        assert "Versie 2" in note.title and note.url == f"/trajecten/{t.id}/plan"
    assert not _notes(w["employer2"]) and not _notes(w["candidate2"])
    login_as(w["candidate1"])
    assert client.post(f"/trajecten/{t.id}/plan/versies/2/bevestigen").status_code == 302
    db.session.expire_all()
    assert _notes(w["candidate1"], "plan_to_confirm")[0].resolved
    assert _notes(w["employer1"], "plan_to_confirm")[0].unread  # the employer has not confirmed yet


def test_sharing_an_overview_tells_the_employer_once(client, login_as):
    from portal.reports.models import GeneratedOverview

    w = world()
    login_as(w["advisor1"])
    assert client.post(f"/trajecten/{w['t1'].id}/overzicht", data={"format": "csv"}).status_code == 200
    record = db.session.scalars(select(GeneratedOverview)).one()
    assert not _notes(w["employer1"])  # made, not yet shared
    assert client.post(f"/overzichten/{record.id}/delen").status_code == 302
    assert client.post(f"/overzichten/{record.id}/delen").status_code == 302
    (note,) = _notes(w["employer1"], "overview_shared")
    assert note.url == f"/trajecten/{w['t1'].id}/overzicht" and len(_mails(w["employer1"], "overview_shared")) == 1
    assert not _notes(w["employer2"]) and not _notes(w["candidate1"])
