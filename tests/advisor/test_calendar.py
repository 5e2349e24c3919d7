"""The iCalendar export: contents, the secret feed URL, and revoking it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from portal.advisor import calendar
from portal.extensions import db
from tests.advisor.factories import AppointmentFactory
from tests.factories import world


def _setup():
    w = world()
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    AppointmentFactory(trajectory=w["t1"], kind="evaluation", status="planned", starts_at=soon,
                       duration_minutes=45, location="Kantoor Tiel", agreements="GEHEIM-verslag")
    AppointmentFactory(trajectory=w["t1"], status="cancelled", starts_at=soon + timedelta(days=1))
    AppointmentFactory(trajectory=w["t2"], status="planned", starts_at=soon)  # another advisor's
    AppointmentFactory(trajectory=w["t1"], starts_at=datetime.now(UTC) - timedelta(days=200))  # too old
    db.session.commit()
    return w, soon


def _events(body: bytes):
    return [c for c in Calendar.from_ical(body).walk("VEVENT")]


def test_download_contains_own_appointments_without_reports(client, login_as):
    w, soon = _setup()
    login_as(w["advisor1"])
    response = client.get("/adviseur/agenda.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    events = _events(response.data)
    assert len(events) == 2
    first = sorted(events, key=lambda e: e.decoded("dtstart"))[0]
    assert str(first["summary"]) == f"Evaluatiegesprek: {w['candidate1'].name}"
    assert first.decoded("dtstart") == soon
    assert first.decoded("dtend") - first.decoded("dtstart") == timedelta(minutes=45)
    assert str(first["location"]) == "Kantoor Tiel"
    assert sorted(str(e["status"]) for e in events) == ["CANCELLED", "CONFIRMED"]
    assert b"GEHEIM-verslag" not in response.data
    assert w["candidate2"].name.encode() not in response.data


def test_feed_url_works_without_login_and_can_be_revoked(client, login_as, app):
    w, _ = _setup()
    login_as(w["advisor1"])
    page = client.get("/adviseur/agenda").get_data(as_text=True)
    feed_url = re.search(r'value="(http://localhost/agenda/[^"]+\.ics)"', page).group(1)
    path = feed_url.removeprefix("http://localhost")
    client.post("/uitloggen")
    response = client.get(path)
    assert response.status_code == 200 and len(_events(response.data)) == 2
    # Tampered tokens, another advisor's id, and nonsense all give 404.
    user_id, signature = path.removeprefix("/agenda/").removesuffix(".ics").split("-")
    assert client.get(f"/agenda/{user_id}-{'0' * len(signature)}.ics").status_code == 404
    assert client.get(f"/agenda/{w['advisor2'].id}-{signature}.ics").status_code == 404
    assert client.get("/agenda/zomaar.ics").status_code == 404
    assert client.get("/agenda/-.ics").status_code == 404
    # Rotating makes the old URL stop working.
    login_as(w["advisor1"])
    assert client.post("/adviseur/agenda/nieuwe-link").status_code == 302
    client.post("/uitloggen")
    assert client.get(path).status_code == 404


def test_token_of_a_non_advisor_is_refused(app):
    w, _ = _setup()
    token = calendar.feed_token(w["candidate1"])
    db.session.commit()
    assert calendar.user_for_token(token) is None
    assert calendar.user_for_token(calendar.feed_token(w["advisor1"])) == w["advisor1"]


def _feed_path(client) -> str:
    page = client.get("/adviseur/agenda").get_data(as_text=True)
    return re.search(r'value="http://localhost(/agenda/[^"]+\.ics)"', page).group(1)


def _feed_row(user):
    from sqlalchemy import select

    from portal.advisor.models import CalendarFeed

    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def test_page_says_when_the_link_was_made_and_last_used(client, login_as, auth):
    w, _ = _setup()
    login_as(w["advisor1"])
    path = _feed_path(client)
    page = client.get("/adviseur/agenda").get_data(as_text=True)
    assert "Gemaakt op" in page and "Nog niet gebruikt door een agenda" in page and "Verloopt" in page
    auth.logout()
    assert client.get(path).status_code == 200
    feed = _feed_row(w["advisor1"])
    db.session.refresh(feed)
    first_use = feed.last_used_at
    assert first_use is not None
    assert client.get(path).status_code == 200  # within the hour: no second write
    db.session.refresh(feed)
    assert feed.last_used_at == first_use
    login_as(w["advisor1"])
    page = client.get("/adviseur/agenda").get_data(as_text=True)
    assert "Nog niet gebruikt" not in page


def test_a_link_unused_for_long_expires_and_a_new_one_works(client, login_as, auth, app):
    w, _ = _setup()
    login_as(w["advisor1"])
    path = _feed_path(client)
    feed = _feed_row(w["advisor1"])
    feed.last_used_at = datetime.now(UTC) - timedelta(days=181)
    db.session.commit()
    page = client.get("/adviseur/agenda").get_data(as_text=True)
    assert "Je agendalink is verlopen" in page and path not in page
    auth.logout()
    assert client.get(path).status_code == 404
    login_as(w["advisor1"])
    assert client.post("/adviseur/agenda/nieuwe-link").status_code == 302
    new_path = _feed_path(client)
    assert new_path != path and "verlopen" not in client.get("/adviseur/agenda").get_data(as_text=True)
    auth.logout()
    assert client.get(new_path).status_code == 200 and client.get(path).status_code == 404


def test_a_never_used_link_expires_from_when_it_was_made_and_the_period_is_configurable(app, monkeypatch):
    w, _ = _setup()
    token = calendar.feed_token(w["advisor1"])
    feed = _feed_row(w["advisor1"])
    feed.created_at = datetime.now(UTC) - timedelta(days=200)
    db.session.commit()
    assert calendar.user_for_token(token) is None
    monkeypatch.setitem(app.config, "CALENDAR_FEED_UNUSED_DAYS", 365)
    assert calendar.user_for_token(token) == w["advisor1"]
    feed.last_used_at = datetime.now(UTC) - timedelta(days=11)
    monkeypatch.setitem(app.config, "CALENDAR_FEED_UNUSED_DAYS", 10)
    assert calendar.user_for_token(token) is None
