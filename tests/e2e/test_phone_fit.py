"""The candidate on a phone (360 px) and a laptop (1280 px): the menu fits, its groups open by
keyboard, lesson tables scroll in a reachable box with a visible cue; screenshots of the
home, a lesson with a table, the board and the job search at both widths."""

from __future__ import annotations

import pytest

from tests.e2e import demo_data
from tests.e2e.helpers import check_a11y, open_menu_group, snap, tab_to

TABLE_LESSON = "/leren/orientatie/overdraagbare-vaardigheden"


@pytest.mark.parametrize(("name", "path"), [
    ("home", "/home"), ("les-met-tabel", TABLE_LESSON), ("bord", "/dagboek?weergave=bord"),
    ("vacatures-zoeken", "/vacatures?q=planner"),
])
def test_candidate_pages_fit(page, sign_in, name, path):
    sign_in(demo_data.CANDIDATE)
    page.goto(path)
    wide = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert wide <= 1, f"{path} is {wide}px wider than the screen"
    check_a11y(page, f"fit-{name}")
    snap(page, f"fit-kandidaat-{name}")


def test_menu_fits_one_line_on_a_laptop(page, sign_in):
    if page.viewport_name != "desktop":
        pytest.skip("the one-line menu is the wide screen's")
    sign_in(demo_data.CANDIDATE)
    page.goto("/home")
    tops = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.nav-list > li, .menu nav > .nav-group.account')).map(el => Math.round(el.getBoundingClientRect().top))""")
    assert len(set(tops)) == 1, f"the menu wraps: item tops {tops}"
    header = page.evaluate("() => document.querySelector('.site-header').getBoundingClientRect().height")
    assert header < 80, f"the header is {header}px high"


def test_menu_group_opens_and_closes_by_keyboard(page, sign_in):
    if page.viewport_name != "desktop":
        pytest.skip("drop-downs are the wide screen's; the phone is below")
    sign_in(demo_data.CANDIDATE)
    page.goto("/home")
    summary = page.locator(".nav-group:not(.account) > summary", has_text="Mijn traject")
    tab_to(page, summary)
    assert summary.evaluate("el => el.parentElement.open") is False
    page.keyboard.press("Enter")
    plan = page.get_by_role("link", name="Mijn plan")
    assert plan.is_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    assert not plan.is_visible()
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Mijn traject"


def test_phone_menu_shows_the_groups(page, sign_in):
    if page.viewport_name != "phone":
        pytest.skip("the phone's menu")
    sign_in(demo_data.CANDIDATE)
    page.goto("/home")
    open_menu_group(page, ".nav-group:not(.account)")
    for label in ("Dagboek", "Tijdlijn", "Mijn plan", "Afspraken en notities", "Leren", "Vacatures"):
        assert page.get_by_role("link", name=label, exact=True).is_visible(), label
    assert page.get_by_role("button", name="Uitloggen").is_visible()
    snap(page, "fit-kandidaat-menu")


def test_lesson_table_scrolls_in_a_box_with_a_cue(page, sign_in):
    sign_in(demo_data.CANDIDATE)
    page.goto(TABLE_LESSON)
    boxes = page.locator(".prose .table-wrap")
    for i in range(boxes.count()):
        box = boxes.nth(i)
        assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
        assert box.get_attribute("aria-label").startswith("Tabel met de kolommen")
        scrolls = box.evaluate("el => el.scrollWidth > el.clientWidth + 1")
        cue = box.evaluate("el => getComputedStyle(el, '::before').content")
        assert ("Schuif opzij" in cue) == scrolls, (i, cue, scrolls)
    if page.viewport_name == "phone":
        wide = page.locator(".prose .table-wrap[data-scrollable]").first
        tab_to(page, wide, max_tabs=120)
        page.keyboard.press("ArrowRight")
        page.wait_for_function("el => el.scrollLeft > 0", arg=wide.element_handle())
