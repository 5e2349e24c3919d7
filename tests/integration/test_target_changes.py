"""Gap 1: the weekly target changes through a plan revision, never by editing the trajectory."""

from datetime import date, timedelta

from portal.domain.weeks import Week
from portal.extensions import db
from portal.plan.models import PlanVersion
from portal.plan.services import target_for
from tests.factories import world
from tests.plan.factories import publish


def _post_target(client, t, target, effective_from, reason="Afgesproken in de evaluatie"):
    return client.post(f"/adviseur/trajecten/{t.id}/doel", data={
        "weekly_target": str(target), "effective_from": effective_from.isoformat(), "reason": reason})


def test_changing_the_target_on_the_file_creates_a_plan_revision_and_keeps_past_weeks(client, login_as):
    w = world()
    t = w["t1"]
    t.spoor2_start = Week.of(date.today()).monday - timedelta(weeks=6)
    publish(t, 2, effective_from=t.spoor2_start)
    db.session.commit()
    login_as(w["advisor1"])
    page = client.get(f"/adviseur/trajecten/{t.id}").get_data(as_text=True)
    assert "Doel wijzigen" in page and "Plan bijstellen" in page and 'name="weekly_target"' in page
    next_monday = Week.of(date.today()).monday + timedelta(days=7)
    response = _post_target(client, t, 4, next_monday)
    assert response.status_code == 302
    db.session.expire_all()
    versions = db.session.query(PlanVersion).filter_by(trajectory_id=t.id).order_by(PlanVersion.number).all()
    assert [v.weekly_target for v in versions] == [2, 4]
    assert versions[1].effective_from == next_monday
    assert versions[1].change_reason == "Afgesproken in de evaluatie"
    assert "van 2 naar 4" in versions[1].change_summary
    assert [a.description for a in versions[1].activities] == [a.description for a in versions[0].activities]
    target = target_for(t)
    assert target(Week.of(t.spoor2_start)) == 2  # past weeks keep their target
    assert target(Week.of(date.today())) == 2
    assert target(Week.of(next_monday)) == 4


def test_target_change_needs_a_reason_and_cannot_reach_back(client, login_as):
    w = world()
    t = w["t1"]
    publish(t, 2, effective_from=t.spoor2_start)
    db.session.commit()
    login_as(w["advisor1"])
    next_monday = Week.of(date.today()).monday + timedelta(days=7)
    response = _post_target(client, t, 3, next_monday, reason="")
    assert response.status_code == 200 and "Leg uit waarom het doel verandert" in response.get_data(as_text=True)
    last_week = Week.of(date.today()).monday - timedelta(days=7)
    response = _post_target(client, t, 3, last_week)
    assert response.status_code == 200 and "eerdere weken houden hun doel" in response.get_data(as_text=True)
    response = _post_target(client, t, 2, next_monday)
    assert "Het doel is al 2 per week" in response.get_data(as_text=True)
    response = client.post(f"/adviseur/trajecten/{t.id}/doel", data={"weekly_target": "abc"})
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.query(PlanVersion).filter_by(trajectory_id=t.id).count() == 1


def test_without_a_plan_the_file_links_to_a_prefilled_new_plan(client, login_as):
    w = world()
    t = w["t1"]
    db.session.commit()
    login_as(w["advisor1"])
    page = client.get(f"/adviseur/trajecten/{t.id}").get_data(as_text=True)
    assert f"/trajecten/{t.id}/plan/nieuw?doel=2" in page and f'action="/adviseur/trajecten/{t.id}/doel"' not in page
    response = _post_target(client, t, 5, date.today())
    assert response.status_code == 302 and "/plan/nieuw?doel=5" in response.headers["Location"]
    form = client.get(f"/trajecten/{t.id}/plan/nieuw?doel=5").get_data(as_text=True)
    assert 'name="weekly_target" type="number" value="5"' in form or 'value="5"' in form
    assert client.get(f"/trajecten/{t.id}/plan/nieuw?doel=zes").status_code == 200
    db.session.expire_all()
    assert db.session.query(PlanVersion).count() == 0


def test_target_change_access(client, login_as):
    w = world()
    publish(w["t2"], 2, effective_from=w["t2"].spoor2_start)
    db.session.commit()
    t2 = w["t2"]
    for user in ("advisor1", "candidate2", "employer2"):
        client.post("/uitloggen")
        login_as(w[user])
        assert _post_target(client, t2, 4, date.today() + timedelta(days=7)).status_code in (403, 404)
    db.session.expire_all()
    assert db.session.query(PlanVersion).filter_by(trajectory_id=t2.id).count() == 1
