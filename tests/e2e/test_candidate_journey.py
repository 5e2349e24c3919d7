"""The candidate's week, by keyboard only: a lesson, an assignment, an application, progress."""

from __future__ import annotations

import re

from tests.e2e import demo_data
from tests.e2e.helpers import check_page, follow_link, submit, tab_to, type_into, visit


def test_candidate_reads_a_lesson_and_marks_it_done(page, sign_in, live_server):
    module_slug, module_title, lesson_slug, lesson_title = demo_data.unread_lesson(live_server)
    sign_in(demo_data.CANDIDATE)
    visit(page, "/leren", "leren")
    follow_link(page, page.locator("main").get_by_role("link", name=module_title, exact=True).first)
    assert page.url.endswith(f"/leren/{module_slug}")
    check_page(page, "leren-module")
    follow_link(page, page.locator("main").get_by_role("link", name=lesson_title, exact=True).first)
    assert page.url.endswith(f"/leren/{module_slug}/{lesson_slug}")
    check_page(page, "leren-les")
    tab_to(page, page.get_by_role("button", name=re.compile("^Les klaar")), max_tabs=150)
    submit(page)
    assert f"Les '{lesson_title}' staat op klaar." in page.locator("main").inner_text()
    next_slugs = demo_data.unread_lesson(live_server)
    assert (next_slugs[0], next_slugs[2]) != (module_slug, lesson_slug), "the lesson is not stored as done"


def test_candidate_submits_an_assignment(page, sign_in, live_server):
    slug = demo_data.open_text_assignments(live_server)[0]
    sign_in(demo_data.CANDIDATE)
    visit(page, f"/leren/opdrachten/{slug}", "leren-opdracht")
    type_into(page, page.locator("textarea[name=text]"),
              f"Mijn antwoord ({page.viewport_name}): ik heb drie sterke punten opgeschreven.")
    tab_to(page, page.get_by_role("button", name="Inleveren bij je adviseur"))
    submit(page)
    main = page.locator("main").inner_text()
    assert "Ingeleverd op" in main, main[:500]
    check_page(page, "leren-opdracht-ingeleverd")
    assert slug not in demo_data.open_text_assignments(live_server)


def test_candidate_records_an_application_from_a_vacancy_and_sees_progress(page, sign_in, live_server):
    vacancy_id, title, organisation = demo_data.unapplied_vacancy(live_server)
    sign_in(demo_data.CANDIDATE)
    visit(page, "/vacatures", "vacatures")
    type_into(page, page.locator("input[name=q]"), title)
    submit(page)
    check_page(page, "vacatures-zoekresultaat")
    follow_link(page, page.locator(f'main a[href$="/vacatures/{vacancy_id}"]').first, max_tabs=200)
    assert page.url.endswith(f"/vacatures/{vacancy_id}")
    check_page(page, "vacature")
    follow_link(page, page.get_by_role("link", name="Ik heb gesolliciteerd"), max_tabs=150)
    # One small step: how, and whether it fits (the vacancy's hints preselected), by keyboard.
    assert page.url.endswith(f"/vacatures/{vacancy_id}/gesolliciteerd"), page.url
    check_page(page, "gesolliciteerd-stap")
    for name in ("method", "fits_capacity"):
        if not page.locator(f"input[name={name}]:checked").count():
            tab_to(page, page.locator(f"input[name={name}]").first)
            page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Zet in mijn dagboek"))
    submit(page)
    assert page.url.endswith("/dagboek"), page.url
    main = page.locator("main")
    assert f"Je sollicitatie bij {organisation} staat in je dagboek" in main.inner_text()
    entry = main.locator("a", has_text=title).first
    assert entry.count(), f"the diary does not list {title}"
    assert re.search(r"\d+ van \d+ sollicitatie", main.inner_text()), "no week progress on the diary"
    check_page(page, "dagboek-na-sollicitatie")
    follow_link(page, entry, max_tabs=200)
    shown = page.locator("main").inner_text()
    assert organisation in shown and "Uit vacaturebank" in shown and title in shown, shown[:500]
    check_page(page, "dagboek-activiteit")
