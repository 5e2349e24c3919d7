"""The idle logout says why and leads back to the page the person was on."""

from __future__ import annotations

from tests.factories import TrajectoryFactory


def test_login_page_after_idle_says_why_and_keeps_the_page(client, app):
    minutes = int(app.config["SESSION_IDLE_TIMEOUT"].total_seconds()) // 60
    page = client.get("/inloggen?reden=inactief&next=/dagboek").get_data(as_text=True)
    assert f"automatisch uitgelogd omdat je {minutes} minuten niets hebt gedaan" in page
    assert "terug naar de pagina waar je was" in page
    assert 'data-idle-logout-url' not in page  # only for someone logged in


def test_still_logged_in_goes_straight_back(client, login_as):
    trajectory = TrajectoryFactory()
    login_as(trajectory.candidate)
    response = client.get("/inloggen?reden=inactief&next=/dagboek")
    assert response.status_code == 302 and response.headers["Location"].endswith("/dagboek")
    assert client.get("/inloggen?next=//evil.example").headers["Location"].endswith("/home")
    page = client.get("/home").get_data(as_text=True)
    assert 'data-idle-logout-url="/inloggen?reden=inactief"' in page
