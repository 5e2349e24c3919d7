"""The shared PDF look of the activity overview and the progress report: bundled typefaces
only, A4 portrait, running header with bureau, candidate and period, page numbers, one date style."""

from __future__ import annotations

import io
import re

import pytest

from portal.casefile import progress_report as casefile
from portal.casefile.overview import build_overview
from portal.reports.render import to_pdf
from tests.factories import UserFactory
from tests.progress_reports.factories import draft
from tests.reports.factories import PERIOD, TODAY, WEASYPRINT_ERROR, new_year_trajectory

pytestmark = pytest.mark.skipif(bool(WEASYPRINT_ERROR), reason=WEASYPRINT_ERROR or "")
A4 = (595, 842)  # points, portrait
LONG_MONTHS = re.compile(r"\b\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
                         r"november|december) \d{4}\b")


def _pdfs(app, monkeypatch):
    monkeypatch.setitem(app.config, "BUREAU_NAME", "Re-integratiebureau De Brug")
    t = new_year_trajectory()
    advisor = UserFactory(advisor=True)
    t.advisors.append(advisor)
    with app.test_request_context():
        overview = build_overview(t, *PERIOD, TODAY)
        overview.verification_code = "TS-TEST-CODE-0001"
        report = draft(t, advisor, *PERIOD)
        yield {"overview": to_pdf(overview), "report": casefile.to_pdf(report, casefile.report_facts(report, TODAY))}


@pytest.fixture
def pdfs(app, monkeypatch):
    yield from _pdfs(app, monkeypatch)


@pytest.mark.parametrize("kind", ["overview", "report"])
def test_pdf_look(pdfs, kind):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdfs[kind]))
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert fonts and all(("Portal-Sans" in f or "Portal-Mono" in f) for f in fonts), fonts
    texts = [page.extract_text() for page in reader.pages]
    for number, (page, text) in enumerate(zip(reader.pages, texts, strict=True), start=1):
        assert tuple(round(float(v)) for v in page.mediabox[2:]) == A4
        assert f"Pagina {number} van {len(reader.pages)}" in text
        if number > 1:  # the running header from page 2 on
            assert "Re-integratiebureau De Brug" in text and "30-11-2026 t/m 24-01-2027" in text
    assert "Re-integratiebureau De Brug" in texts[0]
    assert not LONG_MONTHS.search("\n".join(texts)), LONG_MONTHS.search("\n".join(texts))


def test_bureau_logo_from_the_config_on_both_documents(app, monkeypatch):
    from portal.reports.render import to_html

    monkeypatch.setitem(app.config, "BUREAU_LOGO", "img/favicon.svg")
    t = new_year_trajectory()
    advisor = UserFactory(advisor=True)
    t.advisors.append(advisor)
    with app.test_request_context():
        overview = build_overview(t, *PERIOD, TODAY)
        report = draft(t, advisor, *PERIOD)
        for html in (to_html(overview), casefile.to_html(report, casefile.report_facts(report, TODAY))):
            assert '<img src="img/favicon.svg"' in html and "img/logo.svg" not in html
