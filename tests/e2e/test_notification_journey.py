"""The advisor plans an appointment; the candidate sees the count in the menu, opens the
notification, and the outbox holds the mail with a calendar invitation that parses."""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar

from tests.e2e import demo_data
from tests.e2e.helpers import check_page, submit, tab_to, visit


def _badge(page) -> int:
    badge = page.locator("a[href='/meldingen'] .nav-badge")
    return int(badge.get_attribute("data-count")) if badge.count() else 0


def _appointment_mail(live_server, trajectory_id: int):
    """The newest appointment mail of the demo candidate, and the appointment's id."""
    from sqlalchemy import select

    from portal.advisor.models import Appointment
    from portal.mail.models import OutboxMessage
    from portal.trajectory.models import Trajectory

    def run(session):
        trajectory = session.get(Trajectory, trajectory_id)
        mail = session.scalar(select(OutboxMessage).where(
            OutboxMessage.user_id == trajectory.candidate_id, OutboxMessage.category == "reminder:appointment",
        ).order_by(OutboxMessage.id.desc()))
        newest = session.scalar(select(Appointment.id).where(Appointment.trajectory_id == trajectory_id)
                                .order_by(Appointment.id.desc()))
        return (mail.subject, mail.attachment_name, mail.attachment_body) if mail else None, newest

    return demo_data._query(live_server, run)


def test_planned_appointment_reaches_the_candidate(page, sign_in, live_server):
    from portal.clock import LOCAL_TZ, local_today

    trajectory_id = demo_data.trajectory_id(live_server)
    # Each width plans its own early-morning slot, so the two runs never meet each other.
    day = local_today() + timedelta(days=40 if page.viewport_name == "desktop" else 41)

    sign_in(demo_data.CANDIDATE)
    page.goto("/home")
    unread_before = _badge(page)

    sign_in(demo_data.ADVISOR)
    visit(page, f"/adviseur/trajecten/{trajectory_id}/afspraken/nieuw", "afspraak-nieuw")
    page.locator("select[name=status]").select_option("planned")
    page.locator("input[name=day]").fill(day.isoformat())
    page.locator("input[name=start_time]").fill("07:15")
    page.locator("input[name=location]").fill("Kantoor Utrecht")
    tab_to(page, page.get_by_role("button", name="Opslaan"), max_tabs=150)
    submit(page)
    if "Je hebt op dat moment al een afspraak" in page.locator("main").inner_text():
        # The demo advisor is busy then: the form says so by the field and asks to confirm.
        check_page(page, "afspraak-overlap")
        page.locator("input[name=confirm_overlap]").check()
        tab_to(page, page.get_by_role("button", name="Opslaan"), max_tabs=150)
        submit(page)
    assert "Afspraak opgeslagen." in page.locator("main").inner_text(), page.locator("main").inner_text()[:400]

    sign_in(demo_data.CANDIDATE)
    visit(page, "/home", "home-met-melding")
    assert _badge(page) == unread_before + 1
    visit(page, "/meldingen", "meldingen-afspraak")
    item = page.locator("li.notification-unread", has_text="Nieuwe afspraak").first
    assert item.count(), "no unread notification about the new appointment"
    tab_to(page, item.get_by_role("button", name="Bekijken"), max_tabs=200)
    submit(page)
    assert page.url.endswith(f"/trajecten/{trajectory_id}/contact"), page.url
    check_page(page, "contact-na-melding")
    assert _badge(page) == unread_before

    mail, appointment_id = _appointment_mail(live_server, trajectory_id)
    assert mail is not None, "no appointment mail in the outbox"
    subject, filename, body = mail
    assert subject.startswith("Nieuwe afspraak") and filename == "afspraak.ics"
    calendar = Calendar.from_ical(body)
    assert str(calendar["method"]) == "REQUEST"
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["uid"]) == f"appointment-{appointment_id}@tweedespoor.online"
    assert str(event["status"]) == "CONFIRMED"
    assert event.decoded("dtstart").astimezone(LOCAL_TZ) == datetime(day.year, day.month, day.day, 7, 15,
                                                                      tzinfo=LOCAL_TZ)
