"""iCalendar export of an advisor's appointments: a download and a secret subscription URL.

The feed token is an HMAC of the advisor id and a per-advisor secret under the app's
SECRET_KEY: a copy of the database alone does not reveal it, and rotating the secret
revokes every old subscription. A link no calendar fetched for CALENDAR_FEED_UNUSED_DAYS
(from its last use, or from when it was made) stops working; the advisor makes a new one.
Events carry no report text, only kind, name and place.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, url_for
from icalendar import Calendar, Event
from sqlalchemy import select

from portal.advisor.models import Appointment, AppointmentStatus, CalendarFeed
from portal.advisor.services import advisor_appointments
from portal.auth.models import Role, User
from portal.db_types import utcnow
from portal.domain import dates
from portal.domain.appointments import ical_status
from portal.extensions import db
from portal.mail.services import Attachment
from portal.timeline.events import Delivered, Message, deliver
from portal.timeline.models import ReminderKind

HISTORY_DAYS = 90
USE_GRANULARITY = timedelta(hours=1)  # a feed fetched every few minutes writes once an hour


@dataclass(frozen=True)
class FeedState:
    """What the calendar page says about the advisor's link."""

    token: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime  # stops working then unless a calendar fetches it before

    @property
    def expired(self) -> bool:
        return utcnow() >= self.expires_at


def _feed(user: User, create: bool = True) -> CalendarFeed | None:
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    if feed is None and create:
        feed = CalendarFeed(user_id=user.id, secret=secrets.token_hex(32))
        db.session.add(feed)
        db.session.flush()
    return feed


def _sign(user_id: int, secret: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"calendar:{user_id}:{secret}".encode(), hashlib.sha256).hexdigest()[:40]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def _expires_at(feed: CalendarFeed) -> datetime:
    unused = timedelta(days=current_app.config["CALENDAR_FEED_UNUSED_DAYS"])
    return _aware(feed.last_used_at or feed.created_at) + unused


def feed_token(user: User) -> str:
    """The advisor's current feed token (created on first use; the caller commits)."""
    feed = _feed(user)
    return f"{user.id}-{_sign(user.id, feed.secret)}"


def feed_state(user: User) -> FeedState:
    """The advisor's link with when it was made, last used and will expire (the caller commits)."""
    feed = _feed(user)
    return FeedState(token=feed_token(user), created_at=_aware(feed.created_at),
                     last_used_at=_aware(feed.last_used_at) if feed.last_used_at else None,
                     expires_at=_expires_at(feed))


def rotate_feed(user: User) -> str:
    """A new secret: old subscription URLs stop working at once."""
    feed = _feed(user)
    feed.secret = secrets.token_hex(32)
    feed.created_at = utcnow()
    feed.last_used_at = None
    return feed_token(user)


def user_for_token(token: str) -> User | None:
    """The advisor whose feed token this is, or None (also for malformed tokens)."""
    user_part, sep, signature = (token or "").partition("-")
    if not sep or not user_part.isdigit() or len(user_part) > 12:
        return None
    user = db.session.get(User, int(user_part))
    if user is None or not user.active or user.role != Role.ADVISOR:
        return None
    feed = _feed(user, create=False)
    if feed is None or not hmac.compare_digest(signature, _sign(user.id, feed.secret)):
        return None
    now = utcnow()
    if now >= _expires_at(feed):
        return None
    if feed.last_used_at is None or now - _aware(feed.last_used_at) >= USE_GRANULARITY:
        feed.last_used_at = now  # the caller commits
    return user


def uid(appointment: Appointment) -> str:
    """The appointment's calendar identity: the same in the feed and in every invitation."""
    return f"appointment-{appointment.id}@tweedespoor.online"


def sequence(appointment: Appointment) -> int:
    """Grows with every change, so a calendar replaces the older copy of the event."""
    return max((appointment.version or 1) - 1, 0)


def _event(appointment: Appointment, summary: str | None = None, url: str | None = None) -> Event:
    event = Event()
    event.add("uid", uid(appointment))
    event.add("sequence", sequence(appointment))
    event.add("dtstamp", appointment.updated_at or utcnow())
    event.add("dtstart", appointment.starts_at)
    event.add("dtend", appointment.starts_at + timedelta(minutes=appointment.duration_minutes))
    event.add("summary", summary or f"{appointment.kind_label}: {appointment.trajectory.candidate.name}")
    if appointment.location:
        event.add("location", appointment.location)
    url = url or url_for("advisor.candidate_file", trajectory_id=appointment.trajectory_id, _external=True)
    event.add("url", url)
    event.add("description", f"Traject {appointment.trajectory.reference}. Dossier: {url}" if summary is None
              else f"Bekijk je afspraken in Tweede Spoor Online: {url}")
    event.add("status", ical_status(appointment.status, appointment.starts_at, utcnow()))
    return event


# --- invitations for the candidate ------------------------------------------------------------

NEW, MOVED, CANCELLED = "new", "moved", "cancelled"
_WHEN_FIELDS = ("starts_at", "duration_minutes", "location", "status")


def snapshot(appointment: Appointment) -> dict:
    """What an invitation is about (time, place, state), to compare after an edit."""
    return {name: getattr(appointment, name) for name in _WHEN_FIELDS}


def change_of(before: dict | None, appointment: Appointment) -> str | None:
    """NEW, MOVED or CANCELLED when the candidate's calendar must change; None otherwise."""
    planned = appointment.status == AppointmentStatus.PLANNED.value
    if before is None:
        return NEW if planned and appointment.starts_at > utcnow() else None
    if appointment.status == AppointmentStatus.CANCELLED.value:
        return CANCELLED if before["status"] != AppointmentStatus.CANCELLED.value else None
    if not planned:
        return None
    if before["status"] == AppointmentStatus.CANCELLED.value:
        return NEW
    return MOVED if any(before[n] != getattr(appointment, n) for n in _WHEN_FIELDS[:3]) else None


def invitation(appointment: Appointment, method: str) -> str:
    """An iTIP message (METHOD:REQUEST or CANCEL) for the candidate's calendar."""
    advisor = appointment.advisor
    calendar = Calendar()
    calendar.add("prodid", "-//Tweede Spoor Online//Afspraken//NL")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    url = url_for("advisor.contact", trajectory_id=appointment.trajectory_id, _external=True)
    event = _event(appointment, summary=_candidate_summary(appointment), url=url)
    if advisor is not None:
        event.add("organizer", f"mailto:{advisor.email}", parameters={"CN": advisor.name})
    candidate = appointment.trajectory.candidate
    event.add("attendee", f"mailto:{candidate.email}",
              parameters={"CN": candidate.name, "ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"})
    if method == "CANCEL":
        event["status"] = "CANCELLED"
    calendar.add_component(event)
    return calendar.to_ical().decode()


def _candidate_summary(appointment: Appointment) -> str:
    who = f" met {appointment.advisor.name}" if appointment.advisor else ""
    return f"{appointment.kind_label}{who}"


def announce(appointment: Appointment, change: str | None) -> Delivered:
    """Tell the candidate about a new, moved or cancelled appointment, invitation attached."""
    if change is None:
        return Delivered()
    db.session.flush()  # the id and version of a new or changed appointment
    from portal.core.templating import datetime_nl

    when = datetime_nl(appointment.starts_at)
    title, first = {
        NEW: (f"Nieuwe afspraak op {when}", f"Je adviseur heeft een afspraak met je gepland op {when}."),
        MOVED: (f"Afspraak verzet naar {when}", f"Je afspraak is verzet. De nieuwe tijd is {when}."),
        CANCELLED: (f"Afspraak van {when} afgezegd", f"Je afspraak van {when} gaat niet door."),
    }[change]
    lines = [first, f"Soort: {appointment.kind_label}."]
    if appointment.location and change != CANCELLED:
        lines.append(f"Plaats: {appointment.location}.")
    if change != CANCELLED:
        lines.append("De agenda-uitnodiging zit als bijlage bij de e-mail.")
    method = "CANCEL" if change == CANCELLED else "REQUEST"
    attachment = Attachment("afspraak.ics", f"text/calendar; method={method}", invitation(appointment, method))
    key = f"appointment:{appointment.id}:"
    return deliver([Message(
        appointment.trajectory.candidate, ReminderKind.APPOINTMENT, f"{key}{sequence(appointment)}", title, lines,
        url_for("advisor.contact", trajectory_id=appointment.trajectory_id), appointment.trajectory_id,
        attachment=attachment, replaces=key,
    )])


def calendar_for(user: User) -> bytes:
    """The advisor's appointments from 90 days ago on, as an .ics document."""
    calendar = Calendar()
    calendar.add("prodid", "-//Tweede Spoor Online//Afspraken//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Afspraken {user.name}")
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    allowed = dates.window(dates.DateKind.APPOINTMENT, utcnow().date())
    for appointment in advisor_appointments(user, utcnow() - timedelta(days=HISTORY_DAYS)):
        if not allowed.contains(appointment.starts_at.date()):
            continue  # a stored typo (year 9999) is left out; it must not break the whole feed
        calendar.add_component(_event(appointment))
    return calendar.to_ical()
