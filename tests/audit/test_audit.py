"""The audit log: central recording, the candidate's view, admin search, immutability."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent, AuditLogImmutable
from portal.extensions import db
from tests.factories import world


def _events():
    db.session.expire_all()
    return db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


def test_a_view_by_an_advisor_is_recorded_with_nen7513_fields(client, login_as):
    w = world()
    db.session.commit()
    login_as(w["advisor1"])
    client.get(f"/trajecten/{w['t1'].id}", headers={"User-Agent": "TestBrowser/1.0"})
    (event,) = _events()
    assert event.action == "view" and event.trajectory_id == w["t1"].id
    assert event.candidate_id == w["candidate1"].id and event.actor_id == w["advisor1"].id
    assert event.actor_role == "advisor" and event.on_behalf_of
    assert event.ip_address == "127.0.0.1" and event.user_agent == "TestBrowser/1.0"
    assert event.occurred_at is not None and event.path == f"/trajecten/{w['t1'].id}"


def test_the_candidates_own_views_are_not_recorded_and_refusals_neither(client, login_as):
    w = world()
    db.session.commit()
    login_as(w["candidate1"])
    client.get(f"/trajecten/{w['t1'].id}")
    client.get(f"/trajecten/{w['t2'].id}")  # 404: nothing was seen
    assert _events() == []


def test_one_event_per_request_and_employer_acts_for_their_organisation(client, login_as):
    w = world()
    db.session.commit()
    login_as(w["employer1"])
    client.get(f"/trajecten/{w['t1'].id}")
    client.get(f"/trajecten/{w['t1'].id}")
    events = _events()
    assert len(events) == 2
    assert events[0].on_behalf_of == w["employer1"].organisation.name


def test_candidate_sees_who_looked_at_their_file(client, login_as, auth, app):
    w = world()
    db.session.commit()
    other = app.test_client()
    from tests.conftest import AuthActions

    AuthActions(other).login(w["advisor1"])
    other.get(f"/trajecten/{w['t1'].id}")
    login_as(w["candidate1"])
    page = client.get("/mijn-gegevens/inzage").get_data(as_text=True)
    assert w["advisor1"].name in page and "Bekeken" in page
    auth.logout()
    login_as(w["candidate2"])
    assert w["advisor1"].name not in client.get("/mijn-gegevens/inzage").get_data(as_text=True)


@pytest.mark.parametrize("who", ["advisor1", "employer1", "candidate1"])
def test_only_admins_search_the_log(client, login_as, who):
    w = world()
    db.session.commit()
    login_as(w[who])
    assert client.get("/beheer/auditlog").status_code == 404


def test_admin_searches_by_user_candidate_action_and_date(client, login_as, app):
    w = world()
    db.session.commit()
    from tests.conftest import AuthActions

    other = app.test_client()
    AuthActions(other).login(w["advisor2"])
    other.get(f"/trajecten/{w['t2'].id}")
    login_as(w["admin"])
    client.get(f"/trajecten/{w['t1'].id}")
    page = client.get(f"/beheer/auditlog?gebruiker={w['advisor2'].id}&actie=view&van=2000-01-01&tot=2999-01-01")
    text = page.get_data(as_text=True)
    assert w["advisor2"].name in text and f"/trajecten/{w['t1'].id}" not in text
    text = client.get(f"/beheer/auditlog?kandidaat={w['candidate1'].id}").get_data(as_text=True)
    assert f"/trajecten/{w['t1'].id}" in text and f"/trajecten/{w['t2'].id}" not in text
    assert client.get("/beheer/auditlog?van=garbage&gebruiker=-1&actie=<x>&voor=abc").status_code == 200


def test_the_log_cannot_be_changed_or_deleted(client, login_as):
    w = world()
    db.session.commit()
    login_as(w["advisor1"])
    client.get(f"/trajecten/{w['t1'].id}")
    (event,) = _events()
    event.detail = "rewritten"
    with pytest.raises(AuditLogImmutable):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(AuditLogImmutable):
        db.session.flush()
    db.session.rollback()


def test_no_route_edits_the_log(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("audit."):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_explicit_export_record(app):
    from portal.audit import record

    w = world()
    db.session.commit()
    with app.test_request_context("/x"):
        from flask_login import login_user

        login_user(w["advisor1"])
        record("export", w["t1"], detail="Activiteitenoverzicht (PDF)")
        record("export", w["t1"], detail="again")  # deduplicated per request
        from portal.audit.services import flush_pending

        flush_pending()
    events = _events()
    assert [(e.action, e.detail) for e in events] == [("export", "Activiteitenoverzicht (PDF)")]


def test_the_log_shows_dutch_role_labels(client, login_as, app):
    w = world()
    db.session.commit()
    login_as(w["admin"])
    client.get(f"/trajecten/{w['t1'].id}")
    text = client.get("/beheer/auditlog").get_data(as_text=True)
    assert f"#{w['admin'].id} Beheerder" in text and f"#{w['admin'].id} admin" not in text
