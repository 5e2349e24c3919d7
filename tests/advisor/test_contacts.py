"""Appointments, notes and their visibility per role; the contract functions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from portal.advisor import services
from portal.advisor.models import Appointment, Note, TrajectoryChange
from portal.clock import LOCAL_TZ
from portal.extensions import db
from tests.advisor.factories import AppointmentFactory, NoteFactory
from tests.factories import TrajectoryFactory, world


def _notes(t):
    return {
        "internal": NoteFactory(trajectory=t, visibility="internal", body="INTERN-geheim"),
        "candidate": NoteFactory(trajectory=t, visibility="candidate", body="VOOR-KANDIDAAT"),
        "employer": NoteFactory(trajectory=t, visibility="employer", body="VOOR-WERKGEVER"),
    }


def test_shared_notes_per_audience(app):
    t = TrajectoryFactory()
    _notes(t)
    removed = NoteFactory(trajectory=t, visibility="employer", body="weg")
    services.remove_note(removed, t.advisors[0])
    db.session.flush()
    assert [n.body for n in services.shared_notes(t, "candidate")] == ["VOOR-KANDIDAAT"]
    assert [n.body for n in services.shared_notes(t, "employer")] == ["VOOR-WERKGEVER"]
    assert len(services.shared_notes(t, "advisor")) == 3
    assert services.shared_notes(t, "stranger") == []


def test_latest_employer_note_for_many(app):
    a, b, c = TrajectoryFactory(), TrajectoryFactory(), TrajectoryFactory()
    NoteFactory(trajectory=a, visibility="employer", body="oud")
    NoteFactory(trajectory=a, visibility="employer", body="nieuw")
    NoteFactory(trajectory=a, visibility="internal", body="intern en nieuwer")
    NoteFactory(trajectory=b, visibility="candidate")
    db.session.flush()
    result = services.latest_employer_note_for([a.id, b.id, c.id])
    assert result[a.id].body == "nieuw"
    assert b.id not in result and c.id not in result
    assert services.latest_employer_note_for([]) == {}


def test_contact_dates_last_contact_overview_and_upcoming(app):
    t, other = TrajectoryFactory(), TrajectoryFactory()
    now = datetime.now(UTC)
    held = AppointmentFactory(trajectory=t, starts_at=now - timedelta(days=10))
    AppointmentFactory(trajectory=t, starts_at=now - timedelta(days=2), status="cancelled")
    AppointmentFactory(trajectory=t, starts_at=now - timedelta(days=5), status="planned")  # never marked held
    AppointmentFactory(trajectory=t, starts_at=now - timedelta(days=6), status="no_show")
    AppointmentFactory(trajectory=t, starts_at=now + timedelta(days=1), status="held")  # stored before the fix
    future = AppointmentFactory(trajectory=t, starts_at=now + timedelta(days=3), status="planned")
    AppointmentFactory(trajectory=t, starts_at=now + timedelta(days=4), status="cancelled")
    db.session.flush()
    today = now.astimezone(LOCAL_TZ).date()
    dates = services.contact_dates_for([t.id, other.id], today - timedelta(days=30), today + timedelta(days=30))
    # Only held appointments in the past count as contact.
    assert sorted(dates[t.id]) == [today - timedelta(days=10)]
    assert dates[other.id] == []
    assert services.last_contact_for([t.id, other.id]) == {t.id: today - timedelta(days=10)}
    overview = services.contacts_for_overview(t, today - timedelta(days=30), today + timedelta(days=30))
    assert [a.id for a in overview] == [held.id]
    assert [a.id for a in services.upcoming_appointments(t)] == [future.id]


def test_note_edits_keep_every_version(app):
    t = TrajectoryFactory()
    advisor = t.advisors[0]
    note = services.add_note(t, advisor, "Eerste tekst", "internal")
    db.session.flush()
    assert services.edit_note(note, advisor, "Eerste tekst", "internal") is False
    assert services.edit_note(note, advisor, "Tweede tekst", "employer") is True
    services.remove_note(note, advisor)
    db.session.flush()
    db.session.expire_all()
    note = db.session.get(Note, note.id)
    assert note.deleted_at is not None
    assert [(v.body, v.visibility) for v in reversed(note.versions)] == [
        ("Eerste tekst", "internal"), ("Tweede tekst", "employer")]


# --- through the browser -----------------------------------------------------------------

def test_note_visibility_per_role_on_every_page(client, login_as):
    w = world()
    _notes(w["t1"])
    db.session.commit()
    login_as(w["candidate1"])
    page = client.get(f"/trajecten/{w['t1'].id}/contact").get_data(as_text=True)
    assert "VOOR-KANDIDAAT" in page and "INTERN" not in page and "VOOR-WERKGEVER" not in page
    home = client.get("/home").get_data(as_text=True)
    assert "VOOR-KANDIDAAT" in home and "INTERN" not in home and "VOOR-WERKGEVER" not in home
    client.post("/uitloggen")
    login_as(w["employer1"])
    page = client.get(f"/trajecten/{w['t1'].id}/contact").get_data(as_text=True)
    assert "VOOR-WERKGEVER" in page and "INTERN" not in page and "VOOR-KANDIDAAT" not in page
    home = client.get("/home").get_data(as_text=True)
    assert "INTERN" not in home
    client.post("/uitloggen")
    login_as(w["advisor1"])
    page = client.get(f"/adviseur/trajecten/{w['t1'].id}").get_data(as_text=True)
    assert all(text in page for text in ("INTERN-geheim", "VOOR-KANDIDAAT", "VOOR-WERKGEVER"))


def test_employer_sees_contact_dates_but_not_reports(client, login_as):
    w = world()
    AppointmentFactory(trajectory=w["t1"], agreements="AFSPRAAK-tekst", goal="DOEL-tekst")
    db.session.commit()
    login_as(w["employer1"])
    page = client.get(f"/trajecten/{w['t1'].id}/contact").get_data(as_text=True)
    assert "Coachgesprek" in page and "AFSPRAAK-tekst" not in page and "DOEL-tekst" not in page


def test_candidate_sees_upcoming_appointment_on_home_and_contact(client, login_as):
    w = world()
    AppointmentFactory(trajectory=w["t1"], status="planned", kind="video",
                       starts_at=datetime.now(UTC) + timedelta(days=2), location="https://meet.example.nl/abc")
    db.session.commit()
    login_as(w["candidate1"])
    assert "Videogesprek" in client.get("/home").get_data(as_text=True)
    response = client.get("/mijn-contact")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Videogesprek" in page and "https://meet.example.nl/abc" in page


def test_advisor_plans_and_reports_an_appointment(client, login_as):
    w = world()
    db.session.commit()
    login_as(w["advisor1"])
    url = f"/adviseur/trajecten/{w['t1'].id}/afspraken/nieuw"
    form = client.get(url).get_data(as_text=True)
    # The report is read by the candidate and the bureau, never by the employer: no employer notice.
    assert "de werkgever kan deze tekst lezen" not in form
    data = {"kind": "intake", "status": "planned", "day": "2026-03-31", "start_time": "14:30",
            "duration_minutes": "45", "location": "https://meet.example.nl/x", "goal": "Kennismaken",
            "participants": "", "agreements": "", "next_step": ""}
    # A planned appointment cannot lie in the past: refused by the field, the input kept.
    refused = client.post(url, data=data)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "Een geplande afspraak kan niet in het verleden liggen" in page
    assert "Kennismaken" in page and db.session.query(Appointment).count() == 0
    data["status"] = "held"  # recorded afterwards
    assert client.post(url, data=data).status_code == 302
    appointment = db.session.query(Appointment).one()
    # 14:30 in Amsterdam (summer time) is 12:30 UTC.
    assert appointment.starts_at == datetime(2026, 3, 31, 12, 30, tzinfo=UTC)
    edit = f"/adviseur/afspraken/{appointment.id}"
    assert 'value="14:30"' in client.get(edit).get_data(as_text=True)
    data.update(agreements="Twee open sollicitaties per week", next_step="CV bijwerken")
    assert client.post(edit, data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Appointment, appointment.id).agreements == "Twee open sollicitaties per week"


def test_appointment_form_errors_rerender_with_input(client, login_as):
    w = world()
    db.session.commit()
    login_as(w["advisor1"])
    response = client.post(f"/adviseur/trajecten/{w['t1'].id}/afspraken/nieuw", data={
        "kind": "coaching", "status": "planned", "day": "", "start_time": "25:99",
        "duration_minutes": "9999", "location": "https://", "goal": "Mijn doel blijft staan"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vul een datum in." in page and "Tussen 5 en 480 minuten." in page
    assert "Mijn doel blijft staan" in page
    assert db.session.query(Appointment).count() == 0


def test_advisor_writes_and_edits_a_note_with_history(client, login_as):
    w = world()
    db.session.commit()
    login_as(w["advisor1"])
    url = f"/adviseur/trajecten/{w['t1'].id}/notities/nieuw"
    assert client.post(url, data={"body": "", "visibility": "internal"}).status_code == 200
    assert client.post(url, data={"body": "Goed gesprek", "visibility": "nobody"}).status_code == 200
    assert client.post(url, data={"body": "Goed gesprek", "visibility": "internal"}).status_code == 302
    note = db.session.query(Note).one()
    assert client.post(f"/adviseur/notities/{note.id}", data={"body": "Goed gesprek gehad", "visibility": "candidate"}).status_code == 302
    page = client.get(f"/adviseur/notities/{note.id}").get_data(as_text=True)
    assert "Goed gesprek</p>" in page and "Geschiedenis" in page
    assert client.post(f"/adviseur/notities/{note.id}/verwijderen").status_code == 302
    assert client.get(f"/adviseur/notities/{note.id}").status_code == 404
    db.session.expire_all()
    assert len(db.session.get(Note, note.id).versions) == 2


def test_trajectory_data_edit_keeps_history_and_validates(client, login_as):
    w = world()
    t = w["t1"]
    db.session.commit()
    login_as(w["advisor1"])
    url = f"/adviseur/trajecten/{t.id}/gegevens"
    base = {"first_sick_day": t.first_sick_day.isoformat(), "spoor2_start": t.spoor2_start.isoformat(),
            "planned_end": t.planned_end.isoformat(), "reason": ""}
    response = client.post(url, data=base)
    assert response.status_code == 200 and "Leg uit waarom" in response.get_data(as_text=True)
    bad = dict(base, planned_end=(t.spoor2_start - timedelta(days=1)).isoformat(), reason="x")
    assert "De einddatum ligt na" in client.post(url, data=bad).get_data(as_text=True)
    later = t.planned_end + timedelta(days=14)
    # The weekly target is not edited here (it goes through the plan): a posted value is ignored.
    response = client.post(url, data=dict(base, planned_end=later.isoformat(), weekly_target="9",
                                          reason="Afgesproken in evaluatie"))
    assert response.status_code == 302
    db.session.expire_all()
    change = db.session.query(TrajectoryChange).one()
    assert (change.field, change.new_value) == ("planned_end", later.isoformat())
    assert db.session.get(type(t), t.id).weekly_target == 2
    assert "Afgesproken in evaluatie" in client.get(f"/adviseur/trajecten/{t.id}").get_data(as_text=True)


def test_candidate_file_shows_chart_table_timeline_and_unreviewed_weeks(client, login_as):
    from portal.diary.models import DiaryEntry

    w = world()
    t = w["t1"]
    db.session.add(DiaryEntry(trajectory=t, entry_date=t.spoor2_start + timedelta(days=1),
                              kind="application_letter", organisation="Bakkerij Jansen"))
    AppointmentFactory(trajectory=t, starts_at=datetime.now(UTC) - timedelta(days=1), agreements="Elke week bellen")
    db.session.commit()
    login_as(w["advisor1"])
    page = client.get(f"/adviseur/trajecten/{t.id}?weken=alle&tot={date.today().isoformat()}").get_data(as_text=True)
    assert 'role="img"' in page and "<desc" in page and 'style="' not in page
    assert "Inzet per week" in page  # the accessible table
    assert "Elke week bellen" in page
    assert "wachten op je beoordeling" in page
    # The entry is older than the default eight-week window: page back to it.
    old = client.get(f"/adviseur/trajecten/{t.id}?tot={(t.spoor2_start + timedelta(days=7)).isoformat()}")
    assert "Bakkerij Jansen" in old.get_data(as_text=True)
    assert client.get(f"/adviseur/trajecten/{t.id}?tot=rommel&weken=%00").status_code == 200


def test_appointment_report_edits_keep_every_version(client, login_as):
    """A contact report is evidence for UWV: editing it keeps what was there before."""
    w = world()
    appointment = AppointmentFactory(trajectory=w["t1"], goal="Eerste doel", agreements="Drie brieven per week")
    db.session.commit()
    login_as(w["advisor1"])
    edit = f"/adviseur/afspraken/{appointment.id}"
    local = appointment.starts_at.astimezone(LOCAL_TZ)
    data = {"kind": appointment.kind, "status": appointment.status, "day": local.date().isoformat(),
            "start_time": local.strftime("%H:%M"), "duration_minutes": "60", "location": appointment.location,
            "goal": "Eerste doel", "participants": "", "agreements": "Twee brieven per week", "next_step": ""}
    assert client.post(edit, data=data).status_code == 302
    assert client.post(edit, data=data).status_code == 302  # unchanged: no extra version
    db.session.expire_all()
    stored = db.session.get(Appointment, appointment.id)
    assert stored.agreements == "Twee brieven per week"
    assert [v.agreements for v in stored.versions] == ["Drie brieven per week"]
    assert stored.versions[0].edited_by_id == w["advisor1"].id
    assert "Drie brieven per week" in client.get(edit).get_data(as_text=True)
def test_future_appointment_cannot_be_saved_as_held(client, login_as):
    w = world()
    login_as(w["advisor1"])
    future_day = (datetime.now(LOCAL_TZ) + timedelta(days=2)).date()
    for status in ("held", "no_show"):
        response = client.post(f"/adviseur/trajecten/{w['t1'].id}/afspraken/nieuw", data={
            "kind": "coaching", "status": status, "day": future_day.isoformat(), "start_time": "10:00",
            "duration_minutes": "60",
        })
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert 'id="status-error"' in html and "in de toekomst" in html
    assert db.session.query(Appointment).count() == 0
    response = client.post(f"/adviseur/trajecten/{w['t1'].id}/afspraken/nieuw", data={
        "kind": "coaching", "status": "planned", "day": future_day.isoformat(), "start_time": "10:00",
        "duration_minutes": "60",
    })
    assert response.status_code == 302
    past_day = (datetime.now(LOCAL_TZ) - timedelta(days=2)).date()
    response = client.post(f"/adviseur/trajecten/{w['t1'].id}/afspraken/nieuw", data={
        "kind": "coaching", "status": "held", "day": past_day.isoformat(), "start_time": "10:00",
        "duration_minutes": "60",
    })
    assert response.status_code == 302
    assert db.session.query(Appointment).count() == 2


def test_employer_is_addressed_as_je_on_the_contact_page(client, login_as):
    w = world()
    login_as(w["employer1"])
    page = client.get(f"/trajecten/{w['t1'].id}/contact").get_data(as_text=True)
    assert "met je deelt" in page and "met u deelt" not in page


def test_time_and_kind_are_separated_on_the_candidate_home(client, login_as):
    import re

    w = world()
    AppointmentFactory(trajectory=w["t1"], status="planned", kind="coaching",
                       starts_at=datetime.now(UTC) + timedelta(days=2))
    login_as(w["candidate1"])
    home = client.get("/home").get_data(as_text=True)
    assert "Coachgesprek" in home
    assert not re.search(r"\d\d:\d\d</strong><span", home)
