"""A progress report from draft to employer: the advisor writes, the candidate responds, the
employer receives and confirms; the PDF's pages are kept as screenshots (pdftoppm)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.e2e import demo_data
from tests.e2e.conftest import SCREENSHOT_DIR
from tests.e2e.helpers import check_page, submit, tab_to, visit
from tests.e2e.test_page_sweep import _no_horizontal_overflow

TEXTS = {
    "goal": "Passend werk bij een andere werkgever in administratie of klantcontact, 24 uur per week.",
    "done": "Sanne heeft elke week gesolliciteerd en twee netwerkgesprekken gevoerd.",
    "results": "Een gesprek bij een woningcorporatie; de uitslag volgt.",
    "obstacles": "Werkt het best in vaste dagdelen van vier uur.",
    "candidate_view": "Sanne wil breder zoeken, ook in klantcontact.",
    "next_steps": "Zoekprofiel verbreden en elke twee weken een gesprek met de adviseur.",
    "judgement": "Het afgesproken aantal is in bijna alle weken gehaald.",
}


def _fits(page) -> None:
    """At phone width nothing pushes the page sideways (the page sweep's rule)."""
    if page.viewport_name == "phone":
        assert _no_horizontal_overflow(page) is None, (page.url, _no_horizontal_overflow(page))


def _press(page, name: str) -> None:
    tab_to(page, page.get_by_role("button", name=name), max_tabs=200)
    submit(page)


def _pdf_pages(pdf_bytes: bytes, name: str) -> list:
    """Render each page of the PDF to a PNG next to the journey's other screenshots."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    source = SCREENSHOT_DIR / f"{name}.pdf"
    source.write_bytes(pdf_bytes)
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(source), str(SCREENSHOT_DIR / name)], check=True,
                   timeout=120)
    source.unlink()
    return sorted(SCREENSHOT_DIR.glob(f"{name}-*.png"))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_advisor_drafts_candidate_responds_employer_confirms(page, sign_in, live_server):
    tid = demo_data.trajectory_id(live_server)
    page.on("dialog", lambda dialog: dialog.accept())  # "Vrijgeven?" asks first

    sign_in(demo_data.ADVISOR)
    visit(page, f"/trajecten/{tid}/rapportages", "rapportages-adviseur")
    _fits(page)
    _press(page, "Concept maken")
    report_url = page.url
    assert "/rapportages/" in report_url
    for name, text in TEXTS.items():
        tab_to(page, page.locator(f"textarea[name={name}]"), max_tabs=200)
        page.keyboard.type(text)
    page.get_by_label("Voldoende", exact=True).check()
    _press(page, "Teksten opslaan")
    check_page(page, "rapportage-concept")
    _fits(page)
    _press(page, "Naar de kandidaat sturen")
    assert "Bij de kandidaat" in page.inner_text("main")

    sign_in(demo_data.CANDIDATE)
    visit(page, "/mijn-traject/rapportages", "rapportages-kandidaat")
    _fits(page)
    page.goto(report_url)
    tab_to(page, page.locator("textarea[name=text]"), max_tabs=200)
    page.keyboard.type("Ik herken mij hierin en wil graag ook in klantcontact zoeken.")
    _press(page, "Reactie toevoegen")
    check_page(page, "rapportage-zienswijze")
    _fits(page)

    sign_in(demo_data.ADVISOR)
    page.goto(report_url)
    _press(page, "Vrijgeven aan de werkgever")
    # The PDF is made in the background; the job page announces progress, then the release.
    page.wait_for_url("**/rapportages/taken/*")
    assert page.locator("#taakstatus[aria-live=polite]").count() == 1
    page.get_by_text("ligt nu vast").wait_for(timeout=90_000)
    check_page(page, "rapportage-vrijgegeven")
    page.goto(report_url)
    assert page.locator("textarea[name=goal]").count() == 0  # released: no more editing

    sign_in(demo_data.EMPLOYER)
    visit(page, "/werkgever/rapportages", "rapportages-werkgever")
    _fits(page)
    page.goto(report_url)
    assert "klantcontact zoeken" in page.inner_text("main")  # the candidate's response travels along
    _press(page, "Ontvangst bevestigen")
    check_page(page, "rapportage-ontvangen")
    _fits(page)
    response = page.request.get(report_url + "/pdf")
    assert response.status == 200 and response.body().startswith(b"%PDF")
    pngs = _pdf_pages(response.body(), f"rapportage-pdf-{page.viewport_name}")
    assert len(pngs) >= 2 and all(p.stat().st_size > 10_000 for p in pngs)
