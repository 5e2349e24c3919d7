"""The diary week comes from the page cache until what it shows changes."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask import url_for
from sqlalchemy import event

from portal.diary import services as diary
from portal.domain.weeks import Week
from portal.extensions import db
from tests.factories import TrajectoryFactory

LAST_WEEK = Week.of(date.today()).previous()


def _week_url(app, trajectory, week=LAST_WEEK):
    with app.test_request_context():
        return url_for("diary.week", trajectory_id=trajectory.id, week=week.key)


def _statements(app, run):
    seen = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        result = run()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return result, seen


def test_the_second_view_comes_from_the_cache(app, client, login_as):
    trajectory = TrajectoryFactory()
    diary.create_entry(trajectory, trajectory.candidate, entry_date=LAST_WEEK.monday, kind="application_letter",
                       organisation="Gemeente Tiel")
    db.session.commit()
    login_as(trajectory.candidate)
    url = _week_url(app, trajectory)
    cache = app.extensions["page_cache"]
    first, cold = _statements(app, lambda: client.get(url))
    hits = cache.hits
    second, warm = _statements(app, lambda: client.get(url))
    assert first.status_code == second.status_code == 200
    assert "Gemeente Tiel" in second.get_data(as_text=True)
    assert cache.hits == hits + 1
    assert len(warm) < len(cold)  # no evidence, no entries: the user and the trajectory only


def test_a_write_shows_at_once(app, client, login_as):
    trajectory = TrajectoryFactory()
    db.session.commit()
    login_as(trajectory.candidate)
    url = _week_url(app, trajectory)
    assert "Bakkerij Jansen" not in client.get(url).get_data(as_text=True)
    diary.create_entry(trajectory, trajectory.candidate, entry_date=LAST_WEEK.monday + timedelta(days=1),
                       kind="open_application", organisation="Bakkerij Jansen")
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Bakkerij Jansen" in page and "1 van 2 sollicitaties" in page
    # An advisor's review elsewhere in the portal locks the week on the candidate's page too.
    diary.review_week(trajectory, LAST_WEEK, trajectory.advisors[0], False, "Te weinig gesolliciteerd")
    db.session.commit()
    assert "Te weinig gesolliciteerd" in client.get(url).get_data(as_text=True)


def test_each_person_and_session_has_their_own_page(app, client, login_as):
    trajectory = TrajectoryFactory()
    db.session.commit()
    url = _week_url(app, trajectory)
    login_as(trajectory.candidate)
    assert "Week beoordelen en vastzetten" not in client.get(url).get_data(as_text=True)
    advisor_client = app.test_client()
    from tests.conftest import AuthActions

    AuthActions(advisor_client).login(trajectory.advisors[0])
    assert "Week beoordelen en vastzetten" in advisor_client.get(url).get_data(as_text=True)


def test_a_flash_message_is_shown_and_a_cached_form_still_posts(app, client, login_as):
    trajectory = TrajectoryFactory()
    db.session.commit()
    login_as(trajectory.candidate)
    url = _week_url(app, trajectory)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client.get(url)
        cached = client.get(url).get_data(as_text=True)  # from the cache
        token = re.search(r'name="reason-csrf_token" type="hidden" value="([^"]+)"', cached).group(1)
        response = client.post(url, data={"action": "reason", "reason-csrf_token": token,
                                          "reason-reason": "Sollicitatiegesprek voorbereid"})
        assert response.status_code == 302
        page = client.get(url).get_data(as_text=True)
        assert "Je reden is opgeslagen." in page and "Sollicitatiegesprek voorbereid" in page
        assert "Je reden is opgeslagen." not in client.get(url).get_data(as_text=True)  # shown once
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_new_session_never_gets_the_forms_of_an_earlier_one(app, client, login_as):
    trajectory = TrajectoryFactory()
    db.session.commit()
    url = _week_url(app, trajectory)
    login_as(trajectory.candidate)
    client.get(url)
    client.get(url)  # cached for this session
    client.post("/uitloggen")
    login_as(trajectory.candidate)  # a fresh session: a new CSRF secret
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = client.get(url).get_data(as_text=True)
        response = client.post(url, data={"action": "reason", "reason-csrf_token": _token(page, "reason-"),
                                          "reason-reason": "Geen passende vacatures"})
        assert response.status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def _token(page: str, prefix: str = "") -> str:
    return re.search(rf'name="{prefix}csrf_token" type="hidden" value="([^"]+)"', page).group(1)



def test_a_page_that_flashed_while_rendering_is_not_kept(app, client, login_as):
    """Even when the render showed its own message (so the flash is gone from the session)."""
    from flask import flash, get_flashed_messages, request

    from portal.page_cache import cached_page
    from portal.trajectory.models import Trajectory

    trajectory = TrajectoryFactory()
    db.session.commit()
    trajectory_id = trajectory.id

    @app.get("/_test/probe")
    def probe():
        def render():
            if request.args.get("m"):
                flash(request.args["m"])
            return "page " + " ".join(get_flashed_messages())
        return cached_page("probe", db.session.get(Trajectory, trajectory_id), (), render)

    login_as(trajectory.candidate)
    client.get("/home")  # shows (and so clears) the login's own messages
    assert client.get("/_test/probe?m=Let op").get_data(as_text=True) == "page Let op"
    assert client.get("/_test/probe").get_data(as_text=True) == "page "
    assert client.get("/_test/probe?m=Nog een").get_data(as_text=True) == "page "  # kept, from the cache
