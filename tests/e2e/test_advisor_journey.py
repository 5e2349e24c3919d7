"""The advisor works the review queue by keyboard (the week review is in the diary journeys)."""

from __future__ import annotations

import re

from tests.e2e import demo_data
from tests.e2e.helpers import assert_error_announced, check_page, follow_link, submit, tab_to, type_into, visit


def _waiting(page) -> int:
    return int(page.locator(".stat-value").first.inner_text())


def test_advisor_reviews_the_oldest_submission(page, sign_in):
    sign_in(demo_data.ADVISOR)
    visit(page, "/beoordelen", "beoordelen")
    waiting = _waiting(page)
    assert waiting > 0, "the demo has no submissions waiting for feedback"
    oldest = page.locator("table").first.locator("tbody tr").first.locator("a").first
    work_path = oldest.get_attribute("href")
    follow_link(page, oldest)
    assert page.url.endswith(work_path)
    check_page(page, "beoordelen-inzending")

    approve = page.viewport_name == "desktop"  # desktop approves, the phone asks for a revision
    if not approve:
        # Asking for a revision without feedback is refused, and the refusal is announced.
        tab_to(page, page.get_by_role("button", name="Laten aanpassen"), max_tabs=150)
        submit(page)
        assert_error_announced(page, "textarea[name=feedback]")
        check_page(page, "beoordelen-fout")
    if approve:
        # An assignment with a rubric: every criterion gets a level (arrow keys move within a group).
        for criterion in page.locator("fieldset.rubric-criterion").all():
            tab_to(page, criterion.locator("input[type=radio]").first, max_tabs=150)
            page.keyboard.press("Space")
            page.keyboard.press("ArrowDown")
    type_into(page, page.locator("textarea[name=feedback]"),
              "Duidelijk verhaal. Maak je tweede voorbeeld nog wat concreter.")
    tab_to(page, page.get_by_role("button", name="Goedkeuren" if approve else "Laten aanpassen"), max_tabs=150)
    submit(page)
    main = page.locator("main").inner_text()
    assert ("Goedgekeurd." if approve else "Teruggestuurd met je feedback.") in main
    # The next submission in the queue opens, or the queue when none is left.
    assert "Volgende inzending" in main or page.url.endswith("/beoordelen"), page.url
    visit(page, "/beoordelen", "beoordelen-na")
    assert _waiting(page) == waiting - 1
    page.goto(work_path)
    assert re.search("Goedgekeurd" if approve else "Aanpassen", page.locator("main").inner_text())
