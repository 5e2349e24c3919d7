"""Browser suite: the real app on localhost, driven by Playwright in the system Chromium.

Skipped with one clear line when Chromium or Playwright is missing (never silently).
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from tests.conftest import TEST_HASH_PARAMS

SCREENSHOT_DIR = Path(__file__).parent / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).exists() else None
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _missing_reason() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed"
    if chromium_path() is None:
        return "no system Chromium found (install the Debian package 'chromium' or set CHROMIUM_PATH)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _missing_reason()
    e2e_items = [item for item in items if "tests/e2e/" in str(item.fspath)]
    for item in e2e_items:
        item.add_marker(pytest.mark.e2e)
    if reason and e2e_items:
        config.e2e_skip_reason = reason
        marker = pytest.mark.skip(reason=f"browser suite skipped: {reason}")
        for item in e2e_items:
            item.add_marker(marker)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    reason = getattr(config, "e2e_skip_reason", None)
    if reason:
        terminalreporter.write_line(f"BROWSER SUITE SKIPPED: {reason}", yellow=True, bold=True)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Serve a migrated, demo-seeded portal on 127.0.0.1:<free port> in a thread."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from portal import create_app
    from portal.config import PROJECT_ROOT
    from portal.demo import seed_demo
    from portal.extensions import db

    base = tmp_path_factory.mktemp("e2e")
    app = create_app({
        "SECRET_KEY": "e2e-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{base / 'e2e.db'}",
        "UPLOAD_DIR": str(base / "uploads"),
        "EXPORT_DIR": str(base / "exports"),
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_PARAMS": TEST_HASH_PARAMS,
    })
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        seed_demo()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path(),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                  "--no-first-run", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def session_cache():
    """Logged-in cookies per e-mail address, so each role logs in (with 2FA) once per run."""
    return {}


@pytest.fixture
def sign_in(page, browser, live_server, session_cache):
    """`sign_in(email)`: give this test's browser context a logged-in session for that user.

    The first call per user logs in by keyboard (password and 2FA) in a separate context and
    keeps its storage state; later calls, at any width, reuse those cookies. Tests that use
    this must not log out (that would end the shared session).
    """
    from tests.e2e.helpers import login

    def sign_in(email: str):
        if email not in session_cache:
            context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="nl-NL",
                                          base_url=live_server.config["LIVE_URL"])
            context.set_default_timeout(60000)  # generous: CI machines are small and shared
            login_page = context.new_page()
            login_page.viewport_name = "desktop"
            login(login_page, email)
            session_cache[email] = context.storage_state()
            context.close()
        page.context.add_cookies(session_cache[email]["cookies"])
        return page

    return sign_in


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def page(request, browser, live_server):
    """A fresh browser context per test, at desktop and at phone width."""
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="nl-NL",
                                  base_url=live_server.config["LIVE_URL"], accept_downloads=True)
    context.set_default_timeout(60000)  # generous: CI machines are small and shared
    page = context.new_page()
    page.viewport_name = request.param
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()
