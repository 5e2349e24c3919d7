"""Session rules (idle, absolute, logout everywhere, renewal) and security headers."""

from __future__ import annotations

import time

import pytest

from portal import create_app
from portal.extensions import db
from portal.security.headers import CONTENT_SECURITY_POLICY
from tests.factories import UserFactory


def _age_session(client, **seconds_ago):
    with client.session_transaction() as sess:
        for key, ago in seconds_ago.items():
            sess[key] = int(time.time()) - ago


def test_idle_session_ends_with_a_dutch_message(app, client, login_as):
    login_as(UserFactory())
    assert client.get("/home").status_code == 200
    _age_session(client, seen_at=int(app.config["SESSION_IDLE_TIMEOUT"].total_seconds()) + 5)
    response = client.get("/home")
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]
    assert "niets hebt gedaan" in client.get("/inloggen").get_data(as_text=True)


def test_activity_keeps_the_session_alive(app, client, login_as):
    login_as(UserFactory())
    _age_session(client, seen_at=int(app.config["SESSION_IDLE_TIMEOUT"].total_seconds()) - 30)
    assert client.post("/sessie/verlengen", headers={"Accept": "application/json"}).status_code == 200
    with client.session_transaction() as sess:
        assert time.time() - sess["seen_at"] < 5


def test_requests_renew_the_session_once_a_minute_not_on_every_response(app, client, login_as):
    from portal.security.sessions import TOUCH_SECONDS

    login_as(UserFactory())
    client.get("/home")  # the first page adds the CSRF token to the session
    _age_session(client, seen_at=10)
    response = client.get("/home")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    _age_session(client, seen_at=TOUCH_SECONDS + 1)
    response = client.get("/home")
    assert "Set-Cookie" in response.headers
    with client.session_transaction() as sess:
        assert time.time() - sess["seen_at"] < 5


def test_absolute_lifetime_ends_even_an_active_session(app, client, login_as):
    login_as(UserFactory())
    _age_session(client, auth_at=int(app.config["SESSION_ABSOLUTE_LIFETIME"].total_seconds()) + 5, seen_at=1)
    assert client.get("/home").status_code == 302


def test_login_issues_a_fresh_session(client, auth):
    user = UserFactory()
    db.session.commit()
    with client.session_transaction() as sess:
        sess["planted"] = "x"
    auth.login(user)
    with client.session_transaction() as sess:
        assert "planted" not in sess and sess["auth_at"]


def test_idle_warning_hook_is_on_every_page_for_logged_in_users(client, login_as):
    login_as(UserFactory())
    page = client.get("/home").get_data(as_text=True)
    assert 'data-idle-timeout="1800"' in page and "data-keepalive-url=" in page


def test_every_response_carries_the_security_headers(client, login_as):
    for url in ("/inloggen", "/bestaat-niet"):
        headers = client.get(url).headers
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] and headers["Permissions-Policy"]
        assert "Strict-Transport-Security" not in headers  # only in production
    login_as(UserFactory())
    assert client.get("/home").headers["Cache-Control"] == "no-store"


def test_production_adds_hsts_and_secure_cookies(tmp_path):
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "s" * 40,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")
    response = app.test_client().get("/toegankelijkheid")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("path", ["templates", "security", "audit", "privacy", "auth", "core", "admin", "trajectory",
                                  "diary", "jobs", "learning", "plan", "timeline", "advisor", "employer", "reports"])
def test_templates_have_no_inline_script_or_style(path):
    """The CSP forbids inline script and style: no template may rely on them (mail excluded)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "portal" / path
    offenders = []
    for template in root.rglob("*.html"):
        if "mail" in template.parts:
            continue
        text = template.read_text(encoding="utf-8")
        if re.search(r"\sstyle\s*=", text) or re.search(r"<style[\s>]", text, re.I):
            offenders.append(f"{template}: style")
        for match in re.finditer(r"<script\b([^>]*)>", text, re.I):
            if "src=" not in match.group(1):
                offenders.append(f"{template}: inline script")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{template}: inline event handler")
    assert offenders == []
