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
