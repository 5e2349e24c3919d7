"""The access matrix of every plan route: role x whose trajectory -> status."""

from __future__ import annotations

from datetime import date

import pytest

from portal.extensions import db
from portal.plan import casework
from tests.factories import world
from tests.plan.factories import publish

WHO = ["candidate", "advisor", "employer", "admin"]
DATE = "{today}"  # filled in per request: a run that crosses midnight must not post yesterday

# (method, path template, form data, roles allowed on their own trajectory, status when allowed)
ROUTES = [
    ("GET", "/trajecten/{t}/plan", None, {"candidate", "advisor", "employer", "admin"}, 200),
    ("GET", "/trajecten/{t}/plan/versies/1", None, {"candidate", "advisor", "employer", "admin"}, 200),
    ("GET", "/trajecten/{t}/plan/nieuw", None, {"advisor"}, 200),
    ("POST", "/trajecten/{t}/plan/nieuw", {"goals": "Werk", "weekly_target": "3", "effective_from": DATE,
                                           "change_summary": "Meer", "change_reason": "Afgesproken"}, {"advisor"}, 302),
    ("POST", "/trajecten/{t}/plan/versies/1/bevestigen", {}, {"candidate", "employer"}, 302),
    ("POST", "/trajecten/{t}/plan/versies/1/zienswijze", {"body": "Akkoord"}, {"candidate", "employer"}, 302),
    ("GET", "/trajecten/{t}/intake", None, {"candidate", "advisor", "admin"}, 200),
    ("POST", "/trajecten/{t}/intake", {"intake_on": DATE, "situation": "Wil ander werk"}, {"advisor"}, 302),
    ("GET", "/trajecten/{t}/vragenlijst", None, {"candidate"}, 200),
    ("POST", "/trajecten/{t}/vragenlijst", {"about_me": "Ik", "save": "1"}, {"candidate"}, 302),
    ("POST", "/trajecten/{t}/fase", {"phase": "job_hunting", "started_on": DATE}, {"advisor"}, 302),
    ("GET", "/trajecten/{t}/plaatsing", None, {"advisor"}, 200),
    ("POST", "/trajecten/{t}/nazorg", {"due_on": DATE}, {"advisor"}, 302),
    ("GET", "/trajecten/{t}/nazorg/{c}", None, {"advisor"}, 200),
    ("GET", "/trajecten/{t}/afsluiten", None, {"advisor"}, 200),
]


def _prepare(w) -> dict:
    """A plan version and a placement on both trajectories, so every route has its object."""
    checkins = {}
    for key in ("t1", "t2"):
        publish(w[key], 2, change_summary="", change_reason="")
        placement = casework.record_placement(
            w[key], None, organisation="Org", role="Rol", hours_per_week=20, start_on=date.today(), kind="paid_job")
        checkins[key] = placement.checkins[0].id
    db.session.commit()
    return checkins


@pytest.mark.parametrize("role", WHO)
def test_every_plan_route_answers_by_role_and_relation(client, login_as, role):
    w = world()
    checkins = _prepare(w)
    login_as(w[f"{role}1"] if role != "admin" else w["admin"])
    failures = []
    for method, template, data, allowed, ok_status in ROUTES:
        for key in ("t1", "t2"):
            own = key == "t1" or role == "admin"
            expected = ok_status if (own and role in allowed) else 404
            url = template.format(t=w[key].id, c=checkins[key])
            if data:
                data = {name: value.format(today=date.today().isoformat()) for name, value in data.items()}
            response = client.get(url) if method == "GET" else client.post(url, data=data)
            if response.status_code != expected:
                failures.append(f"{role} {method} {url} ({key}): {response.status_code} != {expected}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role,status", [("candidate", 302), ("advisor", 404), ("employer", 404), ("admin", 404)])
def test_my_plan_is_the_candidates_shortcut(client, login_as, role, status):
    w = world()
    db.session.commit()
    login_as(w[f"{role}1"] if role != "admin" else w["admin"])
    response = client.get("/mijn-plan")
    assert response.status_code == status
    if status == 302:
        assert response.headers["Location"].endswith(f"/trajecten/{w['t1'].id}/plan")


@pytest.mark.parametrize("role,status", [("candidate", 404), ("advisor", 200), ("employer", 404), ("admin", 200)])
def test_plan_overview_is_for_staff(client, login_as, role, status):
    w = world()
    _prepare(w)
    login_as(w[f"{role}1"] if role != "admin" else w["admin"])
    response = client.get("/plannen")
    assert response.status_code == status
    if role == "advisor":
        page = response.get_data(as_text=True)
        assert w["t1"].candidate.name in page and w["t2"].candidate.name not in page


def test_a_check_in_of_another_trajectory_is_404(client, login_as):
    w = world()
    checkins = _prepare(w)
    login_as(w["advisor1"])
    assert client.get(f"/trajecten/{w['t1'].id}/nazorg/{checkins['t2']}").status_code == 404
    assert client.get(f"/trajecten/{w['t1'].id}/plan/versies/99").status_code == 404
    assert client.get("/trajecten/999999/plan").status_code == 404
