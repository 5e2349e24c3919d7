"""Diary journeys: a candidate records an application; the advisor reviews a week."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.e2e.helpers import check_page, login, submit, tab_to, type_into, visit


def _trajectory_id(live_server, email: str) -> int:
    from sqlalchemy import select

    from portal.auth.models import User
    from portal.extensions import db
    from portal.trajectory.models import Trajectory

    with live_server.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        tid = db.session.scalar(select(Trajectory.id).where(Trajectory.candidate_id == user.id))
        db.session.remove()
        return tid


def test_candidate_adds_an_application_by_keyboard_and_sees_progress(page):
    login(page, "kandidaat@demo.nl")
    visit(page, "/dagboek", "dagboek")
    visit(page, "/dagboek/nieuw", "dagboek-nieuw")
    tab_to(page, page.locator("select[name=kind]"))
    page.keyboard.type("Sollicitatie per brief")
    organisation = f"Bakkerij De Korenschoof {page.viewport_name}"
    type_into(page, page.locator("input[name=organisation]"), organisation)
    submit(page)
    check_page(page, "dagboek-opgeslagen")
    assert organisation in page.content()
    page.goto("/dagboek")
    assert re.search(r"\d+ van \d+ sollicitatie", page.locator("main").inner_text())


def test_a_failed_entry_keeps_what_was_typed(page):
    login(page, "kandidaat@demo.nl")
    page.goto("/dagboek/nieuw")
    type_into(page, page.locator("input[name=position]"), "Receptionist")
    submit(page)
    assert page.locator("input[name=position]").input_value() == "Receptionist"
    error = page.locator(".error-message").first
    assert error.get_attribute("role") == "alert"
    check_page(page, "dagboek-fout")


def test_advisor_reviews_a_week_by_keyboard(page, live_server):
    tid = _trajectory_id(live_server, "kandidaat@demo.nl")
    monday = date.today() - timedelta(days=date.today().weekday())
    last_week = monday - timedelta(weeks=1)
    year, week, _ = last_week.isocalendar()
    login(page, "adviseur@demo.nl")
    visit(page, f"/trajecten/{tid}/dagboek/{year}-W{week:02d}", "dagboek-week-adviseur")
    tab_to(page, page.locator("input[name=review-judgement][value=sufficient]"))
    page.keyboard.press("Space")
    type_into(page, page.locator("textarea[name=review-reason]"), "Goed bezig deze week.")
    tab_to(page, page.get_by_role("button", name=re.compile("Week beoordelen|Beoordeling aanpassen")))
    submit(page)
    check_page(page, "dagboek-week-beoordeeld")
    assert "Voldoende" in page.locator("main").inner_text()


def test_board_scrolls_inside_its_own_area_not_the_page(page):
    login(page, "kandidaat@demo.nl")
    page.goto("/dagboek?weergave=bord")
    assert page.locator(".diary-board-scroll .board-column").count() == 10
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_a_networking_conversation_offers_its_own_outcomes(page):
    login(page, "kandidaat@demo.nl")
    page.goto("/dagboek/nieuw")
    status = page.locator("select[name=status]")
    page.locator("select[name=kind]").select_option("networking")
    # The networking group replaces the application's pipeline, and a fitting outcome is chosen.
    assert status.input_value() == "talked"
    assert page.locator("select[name=status] optgroup[label=Sollicitatie]").get_attribute("disabled") is not None
    page.locator("details.diary-more summary").click()
    status.select_option("new_contact")
    organisation = f"Oud-collega {page.viewport_name}"
    type_into(page, page.locator("input[name=organisation]"), organisation)
    submit(page)
    assert organisation in page.content() and "Nieuw contact" in page.content()
    page.goto("/dagboek/nieuw")
    page.locator("select[name=kind]").select_option("open_application")
    assert status.input_value() == "sent"
