"""The access matrix: every role against every trajectory, plus the policy table itself."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.policy import PERMISSIONS, can, visible_trajectories
from tests.factories import world

# who -> which trajectory they may see ("t1", "t2" or both)
EXPECTED = {
    "candidate1": {"t1"},
    "candidate2": {"t2"},
    "advisor1": {"t1"},
    "advisor2": {"t2"},
    "employer1": {"t1"},
    "employer2": {"t2"},
    "admin": {"t1", "t2"},
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
@pytest.mark.parametrize("target", ["t1", "t2"])
def test_trajectory_page_matrix(client, login_as, who, target):
    w = world()
    db.session.commit()
    login_as(w[who])
    response = client.get(f"/trajecten/{w[target].id}")
    assert response.status_code == (200 if target in EXPECTED[who] else 404)


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_visible_trajectories_matches_matrix(app, who):
    w = world()
    db.session.commit()
    visible = set(db.session.scalars(visible_trajectories(w[who])))
    assert visible == {w[t] for t in EXPECTED[who]}


def test_missing_trajectory_is_404_not_500(client, login_as):
    w = world()
    db.session.commit()
    login_as(w["admin"])
    assert client.get("/trajecten/999999").status_code == 404


def test_employer_never_gets_internal_or_intake_permissions():
    employer = PERMISSIONS["employer"]
    for forbidden in ("notes.internal", "intake.view", "diary.attachments", "diary.view", "learning.view"):
        assert forbidden not in employer


def test_unknown_permission_is_a_programming_error(app):
    w = world()
    with pytest.raises(ValueError):
        can(w["admin"], "no.such.permission", w["t1"])


def test_anonymous_cannot_do_anything(app):
    from flask_login import AnonymousUserMixin

    w = world()
    assert not can(AnonymousUserMixin(), "trajectory.view", w["t1"])


@pytest.mark.parametrize("who", ["candidate1", "employer1", "advisor1"])
def test_admin_pages_are_404_for_non_admins(client, login_as, who):
    w = world()
    db.session.commit()
    login_as(w[who])
    for url in ("/beheer/gebruikers", "/beheer/werkgevers", "/beheer/trajecten/nieuw", "/beheer/outbox"):
        assert client.get(url).status_code == 404, url
