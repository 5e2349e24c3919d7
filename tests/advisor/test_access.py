"""An advisor never sees a candidate outside their caseload: every route, every role."""

from __future__ import annotations

import pytest

from portal.extensions import db
from tests.advisor.factories import AppointmentFactory, NoteFactory
from tests.factories import world

# (method, url template) for every advisor route on a trajectory's objects.
ROUTES = [
    ("GET", "/adviseur/trajecten/{t}"),
    ("POST", "/adviseur/trajecten/{t}/gegevens"),
    ("GET", "/adviseur/trajecten/{t}/afspraken/nieuw"),
    ("POST", "/adviseur/trajecten/{t}/afspraken/nieuw"),
    ("GET", "/adviseur/afspraken/{a}"),
    ("POST", "/adviseur/afspraken/{a}"),
    ("GET", "/adviseur/trajecten/{t}/notities/nieuw"),
    ("POST", "/adviseur/trajecten/{t}/notities/nieuw"),
    ("GET", "/adviseur/notities/{n}"),
    ("POST", "/adviseur/notities/{n}"),
    ("POST", "/adviseur/notities/{n}/verwijderen"),
    ("GET", "/trajecten/{t}/contact"),
]


def _urls(w, key):
    t = w[key]
    appointment = AppointmentFactory(trajectory=t)
    note = NoteFactory(trajectory=t)
    return {"t": t.id, "a": appointment.id, "n": note.id}


@pytest.mark.parametrize("who", ["advisor1", "candidate1", "employer1"])
@pytest.mark.parametrize(("method", "template"), ROUTES)
def test_other_trajectory_is_404_everywhere(client, login_as, who, method, template):
    w = world()
    ids = _urls(w, "t2")
    db.session.commit()
    login_as(w[who])
    response = client.open(template.format(**ids), method=method, data={})
    assert response.status_code == 404


@pytest.mark.parametrize(("method", "template"), ROUTES)
def test_own_advisor_reaches_every_route(client, login_as, method, template):
    w = world()
    ids = _urls(w, "t1")
    db.session.commit()
    login_as(w["advisor1"])
    response = client.open(template.format(**ids), method=method, data={})
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("who", ["candidate1", "employer1"])
@pytest.mark.parametrize(("method", "template"), [r for r in ROUTES if r[1].startswith("/adviseur")])
def test_candidate_and_employer_never_reach_advisor_pages_of_their_own_trajectory(client, login_as, who, method, template):
    w = world()
    ids = _urls(w, "t1")
    db.session.commit()
    login_as(w[who])
    assert client.open(template.format(**ids), method=method, data={}).status_code == 404


def test_dashboard_lists_only_the_own_caseload(client, login_as):
    w = world()
    db.session.commit()
    login_as(w["advisor1"])
    page = client.get("/adviseur").get_data(as_text=True)
    assert w["candidate1"].name in page and w["candidate2"].name not in page
    for who in ("candidate1", "employer1"):
        client.post("/uitloggen")
        login_as(w[who])
        assert client.get("/adviseur").status_code == 404
        assert client.get("/adviseur/agenda").status_code == 404
        assert client.get("/adviseur/agenda.ics").status_code == 404


def test_missing_objects_are_404(client, login_as):
    w = world()
    db.session.commit()
    login_as(w["advisor1"])
    for url in ("/adviseur/trajecten/999999", "/adviseur/afspraken/999999", "/adviseur/notities/999999",
                "/trajecten/999999/contact"):
        assert client.get(url).status_code == 404, url
