"""Access: pauses, milestone records and notifications of others answer 404."""

from __future__ import annotations

from datetime import date

import pytest

from portal.extensions import db
from portal.timeline.models import Notification
from portal.trajectory.models import Pause
from tests.factories import PauseFactory, world
from tests.timeline.factories import MilestoneRecordFactory, NotificationFactory

ROLES = ["candidate1", "advisor1", "employer1", "admin"]
# Who may edit pauses and records of t1 (their own trajectory).
EDITORS = {"advisor1", "admin"}


@pytest.fixture
def w(app):
    w = world()
    for key in ("t1", "t2"):
        # Fixed dates: the pauses below fall inside spoor 2, whatever today is.
        w[key].first_sick_day, w[key].spoor2_start = date(2024, 5, 6), date(2025, 5, 5)
        w[f"pause_{key}"] = PauseFactory(trajectory=w[key], end_date=None, start_date=date(2026, 1, 1))
        w[f"record_{key}"] = MilestoneRecordFactory(trajectory=w[key], code="action_plan")
    w["note1"] = NotificationFactory(user=w["candidate1"])
    w["note2"] = NotificationFactory(user=w["candidate2"])
    db.session.commit()
    return w


def _urls(w, key):
    return {
        "pauses": f"/trajecten/{w[key].id}/pauzes",
        "milestones": f"/trajecten/{w[key].id}/mijlpalen",
        "record": f"/mijlpalen/{w['record_' + key].id}",
    }


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("page", ["pauses", "milestones", "record"])
def test_edit_pages_matrix(client, login_as, w, who, page):
    login_as(w[who])
    own = client.get(_urls(w, "t1")[page]).status_code
    other = client.get(_urls(w, "t2")[page]).status_code
    assert own == (200 if who in EDITORS else 404)
    assert other == (200 if who == "admin" else 404)


@pytest.mark.parametrize("who", ["candidate1", "advisor1", "employer1"])
def test_others_pause_cannot_be_ended_or_added(client, login_as, w, who):
    login_as(w[who])
    pause2 = w["pause_t2"].id
    assert client.post(f"/pauzes/{pause2}/beeindigen", data={"end_date": "2026-02-01"}).status_code == 404
    data = {"start_date": "2026-05-01", "reason": "x"}
    assert client.post(f"/trajecten/{w['t2'].id}/pauzes", data=data).status_code == 404
    assert client.post(f"/mijlpalen/{w['record_t2'].id}", data={"done_on": "2026-01-01"}).status_code == 404
    assert db.session.get(Pause, pause2).end_date is None


@pytest.mark.parametrize("who", ["candidate1", "advisor2", "employer1", "admin"])
def test_someone_elses_notification_is_404(client, login_as, w, who):
    login_as(w[who])
    note_id = w["note2"].id
    assert client.post(f"/meldingen/{note_id}/gelezen").status_code == 404
    assert client.post("/meldingen/999999/gelezen").status_code == 404
    assert db.session.get(Notification, note_id).read_at is None


def test_notification_list_shows_only_own_and_marks_read(client, login_as, w):
    login_as(w["candidate1"])
    html = client.get("/meldingen").get_data(as_text=True)
    assert w["note1"].title in html and w["note2"].title not in html and "1 ongelezen melding" in html
    response = client.post(f"/meldingen/{w['note1'].id}/gelezen", data={"open": "1"})
    assert response.status_code == 302 and response.headers["Location"] == "/meldingen"
    assert db.session.get(Notification, w["note1"].id).read_at is not None
    NotificationFactory(user=w["candidate1"])
    NotificationFactory(user=w["candidate1"])
    db.session.commit()
    client.post("/meldingen/alles-gelezen")
    assert "Je hebt alles gelezen." in client.get("/meldingen").get_data(as_text=True)
    assert db.session.get(Notification, w["note2"].id).read_at is None


def test_notification_list_pages_and_survives_bad_parameters(client, login_as, w):
    for _ in range(30):
        NotificationFactory(user=w["candidate1"])
    db.session.commit()
    login_as(w["candidate1"])
    first = client.get("/meldingen").get_data(as_text=True)
    assert "Oudere meldingen" in first
    for bad in ("abc", "-5", "0", "99999999999999999999"):
        assert client.get(f"/meldingen?voor={bad}").status_code == 200


def test_home_panel_shows_unread_count(client, login_as, w):
    login_as(w["candidate1"])
    html = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "nieuwe melding" in html


def test_advisor_adds_and_ends_a_pause(client, login_as, w):
    login_as(w["advisor1"])
    url = f"/trajecten/{w['t1'].id}/pauzes"
    page = client.get(url).get_data(as_text=True)
    # The free reason is internal: no employer notice; the employer sees only the category.
    assert "Schrijf hier geen medische informatie" not in page
    assert 'name="employer_category"' in page
    # Overlaps the running pause from 1 January 2026 -> error next to the field, input kept.
    response = client.post(url, data={"start_date": "2026-03-01", "reason": "Verhuizing"})
    assert response.status_code == 200 and "overlapt" in response.get_data(as_text=True)
    assert "Verhuizing" in response.get_data(as_text=True)
    bad = client.post(url, data={"start_date": "2025-06-10", "end_date": "2025-06-01", "reason": "x"})
    assert "De einddatum ligt voor de begindatum." in bad.get_data(as_text=True)
    missing = client.post(url, data={"start_date": "2025-06-01", "reason": ""})
    assert "Geef een reden voor de pauze." in missing.get_data(as_text=True)
    # End the running pause, then add an earlier closed one.
    pause_id = w["pause_t1"].id
    assert client.post(f"/pauzes/{pause_id}/beeindigen", data={"end_date": "2025-12-01"}).status_code == 302
    assert db.session.get(Pause, pause_id).end_date is None  # before its start: refused
    assert client.post(f"/pauzes/{pause_id}/beeindigen", data={"end_date": "2026-01-20"}).status_code == 302
    assert db.session.get(Pause, pause_id).end_date == date(2026, 1, 20)
    ok = client.post(url, data={"start_date": "2025-06-01", "end_date": "2025-06-14", "reason": "Vakantie"})
    assert ok.status_code == 302
    pauses = db.session.query(Pause).filter_by(trajectory_id=w["t1"].id).order_by(Pause.start_date).all()
    assert [(p.start_date, p.reason) for p in pauses][0] == (date(2025, 6, 1), "Vakantie")
    assert pauses[0].created_by_id == w["advisor1"].id
    assert "Vakantie" in client.get(f"/trajecten/{w['t1'].id}").get_data(as_text=True)


def test_pause_before_spoor2_start_is_refused(client, login_as, w):
    login_as(w["advisor1"])
    url = f"/trajecten/{w['t1'].id}/pauzes"
    response = client.post(url, data={"start_date": "2025-01-01", "end_date": "2025-01-10", "reason": "Griep"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="start_date-error"' in html and "vóór de start van het tweede spoor (5 mei 2025)" in html
    assert db.session.query(Pause).filter_by(trajectory_id=w["t1"].id).count() == 1


def test_old_pause_before_spoor2_is_not_shown_on_the_timeline(client, login_as, w):
    PauseFactory(trajectory=w["t1"], start_date=date(2025, 1, 1), end_date=date(2025, 1, 10), reason="OUDE-PAUZE")
    db.session.commit()
    login_as(w["employer1"])
    html = client.get(f"/trajecten/{w['t1'].id}").get_data(as_text=True)
    assert "1 januari 2025 – 10 januari 2025" not in html and "OUDE-PAUZE" not in html
