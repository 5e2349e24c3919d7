"""Journeys through the foundation: log in by keyboard, each role's home, error handling."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import check_page, login, snap, submit, tab_to, type_into, visit

ROLES = {
    "kandidaat": "kandidaat@demo.nl",
    "adviseur": "adviseur@demo.nl",
    "werkgever": "werkgever@demo.nl",
    "beheerder": "beheer@demo.nl",
}


def test_login_page_and_failed_login_is_announced(page):
    visit(page, "/inloggen", "inloggen")
    type_into(page, page.locator("input[name=email]"), "kandidaat@demo.nl")
    type_into(page, page.locator("input[name=password]"), "fout wachtwoord")
    submit(page)
    error = page.locator("#password-error")
    assert error.get_attribute("role") == "alert"
    assert "horen niet bij elkaar" in error.inner_text()
    assert page.locator("input[name=password]").get_attribute("aria-describedby") == "password-error"
    assert page.locator("input[name=email]").input_value() == "kandidaat@demo.nl"
    check_page(page, "inloggen-fout")


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_logs_in_by_keyboard_and_sees_home(page, role):
    login(page, ROLES[role])
    assert page.url.endswith("/home")
    assert page.locator("h1").inner_text().startswith("Welkom")
    check_page(page, f"home-{role}")


def test_skip_link_is_first_and_visible_on_focus(page):
    page.goto("/inloggen")
    skip = page.locator("a.skip-link")
    tab_to(page, skip, max_tabs=1)
    box = skip.bounding_box()
    assert box and box["y"] >= 0


def test_candidate_trajectory_page(page):
    login(page, ROLES["kandidaat"])
    visit(page, "/mijn-traject", "traject-kandidaat")
    assert page.locator("h1").inner_text() == "Sanne de Vries"


def test_not_found_page_is_friendly(page):
    response = page.goto("/bestaat-niet")
    assert response.status == 404
    assert "Pagina niet gevonden" in page.locator("h1").inner_text()
    snap(page, "fout-404")
