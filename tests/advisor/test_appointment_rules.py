"""Appointments that make sense: no double booking unless confirmed, no planned past, the kind
from the phase, and a calendar status that follows the appointment's state."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from portal.advisor.models import Appointment
from portal.clock import LOCAL_TZ, local_today
from portal.domain import appointments as rules
from portal.extensions import db
from portal.plan import services as plan
from tests.advisor.factories import AppointmentFactory
from tests.factories import TrajectoryFactory, world

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("start, minutes, expected", [
    (NOW, 60, True), (NOW + timedelta(minutes=59), 30, True), (NOW + timedelta(minutes=60), 30, False),
    (NOW - timedelta(minutes=30), 30, False), (NOW - timedelta(minutes=30), 31, True),
])
def test_overlap_is_a_shared_moment(start, minutes, expected):
    assert rules.overlaps(NOW, 60, start, minutes) is expected
    assert rules.overlaps(start, minutes, NOW, 60) is expected


@pytest.mark.parametrize("status, starts_at, expected", [
    ("planned", NOW + timedelta(days=1), "CONFIRMED"), ("held", NOW - timedelta(days=1), "CONFIRMED"),
    ("planned", NOW - timedelta(days=1), "TENTATIVE"), ("cancelled", NOW + timedelta(days=1), "CANCELLED"),
    ("no_show", NOW - timedelta(days=1), "CANCELLED"),
])
def test_calendar_status_follows_the_state(status, starts_at, expected):
    assert rules.ical_status(status, starts_at, NOW) == expected


@pytest.mark.parametrize("phase, intake, expected", [
    (None, False, "intake"), (None, True, "coaching"), ("orientation", False, "coaching"),
    ("job_hunting", True, "coaching"), ("placement", True, "evaluation"), ("aftercare", True, "evaluation"),
])
def test_default_kind_from_the_phase(phase, intake, expected):
    assert rules.default_kind(phase, intake) == expected


def _data(day: date, time: str = "10:00", **kw) -> dict:
    data = {"kind": "coaching", "status": "planned", "day": day.isoformat(), "start_time": time,
            "duration_minutes": "60", "location": "Kantoor", "goal": "Mijn doel", "participants": "",
            "agreements": "", "next_step": ""}
    data.update(kw)
    return data


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)


def test_overlap_with_the_advisors_other_appointment_is_refused_unless_confirmed(client, login_as):
    w = world()
    day = local_today() + timedelta(days=5)
    advisor = w["advisor1"]
    other = TrajectoryFactory(advisors=[advisor])
    AppointmentFactory(trajectory=other, status="planned", starts_at=_at(day, 9, 30), duration_minutes=60)
    # Another advisor's appointment and a cancelled one of our own never count.
    AppointmentFactory(trajectory=w["t2"], status="planned", starts_at=_at(day, 10))
    AppointmentFactory(trajectory=other, status="cancelled", starts_at=_at(day, 11))
    db.session.commit()
    login_as(advisor)
    url = f"/adviseur/trajecten/{w['t1'].id}/afspraken/nieuw"
    refused = client.post(url, data=_data(day))
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "Je hebt op dat moment al een afspraak" in page
    assert other.candidate.name in page and w["t2"].candidate.name not in page
    assert "Mijn doel" in page and 'name="confirm_overlap"' in page  # input kept, confirmation offered
    assert db.session.query(Appointment).filter_by(trajectory_id=w["t1"].id).count() == 0
    assert client.post(url, data=_data(day, "11:00")).status_code == 302  # beside the cancelled one: fine
    assert client.post(url, data=_data(day, confirm_overlap="y")).status_code == 302
    assert db.session.query(Appointment).filter_by(trajectory_id=w["t1"].id).count() == 2


def test_moving_an_appointment_onto_another_is_refused_but_it_never_clashes_with_itself(client, login_as):
    w = world()
    day = local_today() + timedelta(days=5)
    mine = AppointmentFactory(trajectory=w["t1"], status="planned", starts_at=_at(day, 10))
    AppointmentFactory(trajectory=w["t1"], status="planned", starts_at=_at(day, 14))
    db.session.commit()
    login_as(w["advisor1"])
    url = f"/adviseur/afspraken/{mine.id}"
    assert client.post(url, data=_data(day, "10:30", version=str(mine.version))).status_code == 302
    db.session.expire_all()
    version = db.session.get(Appointment, mine.id).version
    page = client.post(url, data=_data(day, "14:30", version=str(version))).get_data(as_text=True)
    assert "Je hebt op dat moment al een afspraak" in page


def test_a_planned_appointment_cannot_lie_in_the_past(client, login_as):
    w = world()
    login_as(w["advisor1"])
    url = f"/adviseur/trajecten/{w['t1'].id}/afspraken/nieuw"
    response = client.post(url, data=_data(local_today() - timedelta(days=1)))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Een geplande afspraak kan niet in het verleden liggen" in page
    assert "Mijn doel" in page and db.session.query(Appointment).count() == 0


def test_the_form_defaults_the_kind_from_the_trajectory(client, login_as):
    w = world()
    login_as(w["advisor1"])
    url = f"/adviseur/trajecten/{w['t1'].id}/afspraken/nieuw"
    assert '<option selected value="intake">' in client.get(url).get_data(as_text=True)
    AppointmentFactory(trajectory=w["t1"], kind="intake", status="held")
    plan.change_phase(w["t1"], "placement", local_today() - timedelta(days=3), w["advisor1"])
    db.session.commit()
    assert '<option selected value="evaluation">' in client.get(url).get_data(as_text=True)


def test_the_feed_states_each_appointments_status(client, login_as):
    w = world()
    now = datetime.now(UTC)
    AppointmentFactory(trajectory=w["t1"], status="planned", starts_at=now + timedelta(days=2))
    AppointmentFactory(trajectory=w["t1"], status="planned", starts_at=now - timedelta(days=2))
    AppointmentFactory(trajectory=w["t1"], status="cancelled", starts_at=now + timedelta(days=3))
    db.session.commit()
    login_as(w["advisor1"])
    calendar = Calendar.from_ical(client.get("/adviseur/agenda.ics").data)
    statuses = sorted(str(e["status"]) for e in calendar.walk("VEVENT"))
    assert statuses == ["CANCELLED", "CONFIRMED", "TENTATIVE"]
    assert all("sequence" in e for e in calendar.walk("VEVENT"))
