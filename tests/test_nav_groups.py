"""The main menu: the candidate's items grouped so the row fits; later pages join a group by URL."""

from __future__ import annotations

import re

import pytest

from portal import registry as reg
from tests.factories import TrajectoryFactory, UserFactory


def _top_level(page: str) -> list[str]:
    nav = page[page.index('<ul class="nav-list">'):page.index("</nav>")]
    return re.findall(r'^            <li>(?:<a [^>]*>([^<]+)</a>|<details[^>]*>\s*<summary>([^<]+))', nav, re.M)


def test_candidate_menu_groups_the_trajectory_pages(client, login_as):
    trajectory = TrajectoryFactory()
    login_as(trajectory.candidate)
    page = client.get("/home").get_data(as_text=True)
    top = [a or b for a, b in _top_level(page)]
    assert top == ["Start", "Dagboek", "Mijn traject", "Leren", "Vacatures", "Meldingen"]
    group = page[page.index("<summary>Mijn traject"):]
    group = group[:group.index("</details>")]
    assert [label for label in re.findall(r">([^<>]+)</a>", group)] == [
        "Tijdlijn", "Mijn plan", "Rapportages", "Afspraken en notities", "Wat ziet mijn werkgever?"
    ]  # issue 19's and issue 20's pages joined by their URL
    account = page[page.index('class="nav-group account"'):]
    assert "Mijn gegevens" in account[:account.index("</details>")]


def test_current_page_marks_its_group(client, login_as):
    trajectory = TrajectoryFactory()
    login_as(trajectory.candidate)
    page = client.get("/mijn-traject", follow_redirects=True).get_data(as_text=True)
    assert 'class="nav-group has-current"' in page and "(hier ben je)" in page


@pytest.fixture
def later_item():
    """A page another feature adds later, under /mijn-traject/ (removed again afterwards)."""
    item = reg.NavItem("Werkgever", "later.employer", frozenset({"candidate"}), 70)
    reg.registry.nav.append(item)
    yield item
    reg.registry.nav.remove(item)


def test_a_later_item_lands_in_its_group_by_url(app, later_item):
    candidate = UserFactory(role="candidate")
    paths = {"later.employer": "/mijn-traject/werkgever"}
    with app.test_request_context():
        menu = reg.menu_for(candidate, lambda endpoint: paths.get(endpoint) or app.url_map.bind("x").build(endpoint))
    group = next(e for e in menu if e.group and e.group.key == "traject")
    assert later_item in group.items
    assert all(e.item is not later_item for e in menu)
