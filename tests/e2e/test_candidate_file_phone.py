"""Issue 24: the candidate file's stat cards carry no list bullets, and on a phone the effort
chart opens at the latest weeks (its right end) instead of the oldest."""

from __future__ import annotations

from tests.e2e.test_diary_journeys import _trajectory_id


def test_stat_cards_and_effort_chart(page, sign_in, live_server):
    tid = _trajectory_id(live_server, "kandidaat@demo.nl")
    sign_in("adviseur@demo.nl")
    page.goto(f"/adviseur/trajecten/{tid}")
    assert page.locator("ul.stats li").first.evaluate("e => getComputedStyle(e).listStyleType") == "none"
    chart = page.locator("figure.chart").first
    box, svg = chart.bounding_box(), chart.locator("svg").first.bounding_box()
    if page.viewport_name == "phone":
        assert chart.evaluate("e => e.scrollWidth > e.clientWidth")
    # The svg's right end (the latest week) is in view, whether or not the chart scrolls.
    assert svg["x"] + svg["width"] <= box["x"] + box["width"] + 1
    assert chart.locator("figcaption").evaluate("e => getComputedStyle(e).direction") == "ltr"
