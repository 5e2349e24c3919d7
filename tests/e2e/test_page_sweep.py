"""Every main page, per role, at both widths: it answers, passes axe, leaves a screenshot,
and at phone width (360 px) nothing pushes the page sideways.

The page lists are built from the demo data (ids, slugs): every module and lesson of the
library, the list pages with data (diary list and board, a week, an entry with a long URL,
search results, the employer's cards and home with "Vraagt je aandacht", the candidate file
("dossier") and the review form of a waiting submission). `test_sweep_covers_every_page` checks against the
live app's url_map that no page without parameters is forgotten.
"""

from __future__ import annotations

import pytest

from tests.e2e import demo_data
from tests.e2e.helpers import check_a11y, snap

# Pages the journeys visit and check with axe at both widths (with screenshots), besides
# the library's module and lesson pages, the vacancy page and the advisor's review page.
JOURNEY_PAGES = {"/home", "/inloggen", "/mijn-traject", "/dagboek", "/leren", "/vacatures", "/beoordelen",
                 "/werkgever", "/controle"}


def _pages(live_server) -> dict[str, list[tuple[str, str]]]:
    tid = demo_data.trajectory_id(live_server)
    vacancy_id = demo_data.open_vacancy_id(live_server)
    slug = demo_data.first_assignment_slug(live_server)
    waiting = demo_data.submitted_assignment_slug(live_server)
    entry_id = demo_data.diary_entry_with_long_text(live_server)
    week = demo_data.latest_week(live_server)
    report = demo_data.released_report_id(live_server)
    return {
        demo_data.CANDIDATE: [
            ("home", "/home"), ("mijn-traject", "/mijn-traject"), ("mijn-plan", "/mijn-plan"),
            ("dagboek", "/dagboek"), ("dagboek-bord", "/dagboek?weergave=bord"),
            ("dagboek-activiteit", f"/dagboek/activiteit/{entry_id}"), ("dagboek-week", f"/trajecten/{tid}/dagboek/{week}"),
            ("leren", "/leren"), ("vacatures", "/vacatures"), ("vacatures-zoeken", "/vacatures?q=medewerker"),
            ("vacature", f"/vacatures/{vacancy_id}"),
            *demo_data.lesson_paths(live_server),
            ("dagboek-nieuw", "/dagboek/nieuw"),
            ("meldingen", "/meldingen"), ("meldingen-voorkeuren", "/meldingen/voorkeuren"),
            ("vacatures-bewaard", "/vacatures/bewaard"), ("zoekprofiel", f"/trajecten/{tid}/zoekprofiel"),
            ("vacature-plakken", "/vacatures/plakken"),
            ("opdracht-ingeleverd", f"/leren/opdrachten/{slug}"), ("account", "/account"),
            ("mijn-gegevens", "/mijn-gegevens"), ("mijn-gegevens-inzage", "/mijn-gegevens/inzage"),
            ("mijn-contact", "/mijn-contact"), ("wat-ziet-mijn-werkgever", "/mijn-traject/werkgever"),
            ("toegankelijkheid", "/toegankelijkheid"),
            ("rapportages", "/mijn-traject/rapportages"), ("rapportage", f"/rapportages/{report}"),
        ],
        demo_data.ADVISOR: [
            ("dashboard", "/adviseur"), ("dossier", f"/adviseur/trajecten/{tid}"),
            ("trajecten", "/trajecten"), ("traject-tijdlijn", f"/trajecten/{tid}"),
            ("plan", f"/trajecten/{tid}/plan"), ("plannen", "/plannen"), ("intake", f"/trajecten/{tid}/intake"),
            ("mijlpalen", f"/trajecten/{tid}/mijlpalen"), ("pauzes", f"/trajecten/{tid}/pauzes"),
            ("dagboek-traject", f"/trajecten/{tid}/dagboek"), ("dagboek-week", f"/trajecten/{tid}/dagboek/{week}"),
            ("dagboek-activiteit", f"/dagboek/activiteit/{entry_id}"), ("leren-traject", f"/trajecten/{tid}/leren"),
            ("opdracht-kandidaat", f"/trajecten/{tid}/leren/{slug}"),
            ("beoordelingsformulier", f"/trajecten/{tid}/leren/{waiting}"),
            ("fragmenten", f"/beoordelen/fragmenten/{slug}"), ("overzicht", f"/trajecten/{tid}/overzicht"),
            ("agenda", "/adviseur/agenda"), ("meldingen", "/meldingen"),
            ("meldingen-voorkeuren", "/meldingen/voorkeuren"), ("vacatures", "/vacatures"),
            ("vacature", f"/vacatures/{vacancy_id}"), ("vacature-nieuw", "/vacatures/nieuw"),
            ("vacatures-importeren", "/vacatures/importeren"), ("zoekprofiel", f"/trajecten/{tid}/zoekprofiel"),
            ("account", "/account"),
            ("rapportages", f"/trajecten/{tid}/rapportages"), ("rapportage", f"/rapportages/{report}"),
        ],
        demo_data.EMPLOYER: [
            ("home", "/home"), ("werkgever", "/werkgever"), ("traject", f"/trajecten/{tid}"),
            ("trajecten", "/trajecten"),
            ("rapportages", "/werkgever/rapportages"), ("rapportage", f"/rapportages/{report}"),
            ("meldingen", "/meldingen"), ("account", "/account"),
        ],
        demo_data.ADMIN: [
            ("gebruikers", "/beheer/gebruikers"), ("werkgevers", "/beheer/werkgevers"), ("bureau", "/beheer/bureau"),
            ("traject-nieuw", "/beheer/trajecten/nieuw"), ("auditlog", "/beheer/auditlog"),
            ("uitnodigen", "/beheer/uitnodigen"), ("outbox", "/beheer/outbox"), ("trajecten", "/trajecten"),
            ("account", "/account"),
        ],
        None: [
            ("wachtwoord-vergeten", "/wachtwoord-vergeten"), ("toegankelijkheid", "/toegankelijkheid"),
        ],
    }


# Pages whose screenshot is there to show one thing: it must be on the page.
MUST_SHOW = {
    "sweep-adviseur-beoordelingsformulier": "form[action$='/beoordelen']",
    "sweep-werkgever-home": "section.attention",
}

ROLE_NAMES = {demo_data.CANDIDATE: "kandidaat", demo_data.ADVISOR: "adviseur",
              demo_data.EMPLOYER: "werkgever", demo_data.ADMIN: "beheerder", None: "publiek"}


def _no_horizontal_overflow(page) -> str | None:
    """At phone and desktop width nothing may push the page sideways (tables scroll in .table-wrap,
    the menu wraps)."""
    wide = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if wide <= 1:
        return None
    culprit = page.evaluate(OVERFLOW_CULPRIT)
    return f"page is {wide}px wider than the screen ({culprit})"


# The deepest element whose right edge passes the screen, named by tag, class and text.
OVERFLOW_CULPRIT = """() => {
    const limit = document.documentElement.clientWidth + 1;
    let found = null;
    for (const el of document.body.querySelectorAll('*')) {
        if (el.getBoundingClientRect().right > limit) found = el;
    }
    if (!found) return 'no single element';
    const name = found.tagName.toLowerCase() + (found.className ? '.' + String(found.className).split(' ').join('.') : '');
    return name + ' "' + (found.textContent || '').trim().slice(0, 40) + '"';
}"""


@pytest.mark.parametrize("email", list(ROLE_NAMES), ids=list(ROLE_NAMES.values()))
def test_sweep(page, sign_in, live_server, email):
    if email:
        sign_in(email)
    problems = []
    for name, path in _pages(live_server)[email]:
        label = f"sweep-{ROLE_NAMES[email]}-{name}"
        response = page.goto(path)
        if response is None or response.status >= 400:
            problems.append(f"{path}: HTTP {response and response.status}")
            continue
        if email and "/inloggen" in page.url:
            problems.append(f"{path}: sent to the login page")
            continue
        try:
            check_a11y(page, label)
        except AssertionError as exc:
            problems.append(str(exc))
        if label in MUST_SHOW and not page.locator(MUST_SHOW[label]).first.is_visible():
            problems.append(f"{path}: {MUST_SHOW[label]} is not shown")
        if overflow := _no_horizontal_overflow(page):
            problems.append(f"{path}: {overflow}")
        snap(page, label)
    assert not problems, "\n".join(problems)


SKIPPED_ENDPOINTS = {
    "static", "core.index", "core.health", "auth.logout", "security.second_step", "security.enrol",
    "advisor.calendar_download", "privacy.download",
    "admin.bureau_logo",  # an image (the settings page shows it), 404 while no logo is uploaded
}


def test_sweep_covers_every_page(live_server):
    """Every GET page without URL parameters is in some role's sweep (or deliberately left out)."""
    pages = JOURNEY_PAGES | {path for role_pages in _pages(live_server).values() for _, path in role_pages}
    missing = []
    for rule in live_server.url_map.iter_rules():
        if "GET" not in rule.methods or rule.arguments or rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        if rule.rule not in pages:
            missing.append(f"{rule.rule} ({rule.endpoint})")
    assert not missing, "pages missing from the sweep: " + ", ".join(sorted(missing))
