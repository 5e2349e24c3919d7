"""Every number in a progress report equals the evidence model's for its period (HTML, PDF, stored figures)."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest

from portal.casefile import progress_report as casefile
from portal.casefile.evidence import load_evidence
from portal.domain.evidence import figures as evidence_figures
from portal.extensions import db
from portal.progress_reports import services
from tests.factories import UserFactory
from tests.progress_reports.factories import draft
from tests.reports.factories import MARKER, PERIOD, TODAY, WEASYPRINT_ERROR, new_year_trajectory

NUMBERS = ("applications", "networking", "other_activities", "assignments_done", "contacts")


class _Cells(HTMLParser):
    """data-week rows with their data-n cells, data-figure totals, and counted list rows."""

    def __init__(self):
        super().__init__()
        self.weeks: dict[str, dict[str, str]] = {}
        self.figures: dict[str, str] = {}
        self.rows = {"data-application": 0, "data-networking": 0, "data-contact": 0}
        self._week = self._cell = self._figure = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-week" in attrs and tag == "tr":
            self._week = attrs["data-week"]
            self.weeks[self._week] = {}
        if "data-n" in attrs and self._week:
            self._cell = attrs["data-n"]
        if "data-figure" in attrs:
            self._figure = attrs["data-figure"]
        for key in self.rows:
            if key in attrs:
                self.rows[key] += 1

    def handle_data(self, data):
        if self._cell:
            self.weeks[self._week][self._cell] = data.strip()
            self._cell = None
        if self._figure:
            self.figures[self._figure] = data.strip()
            self._figure = None


@pytest.fixture
def report(app):
    t = new_year_trajectory()
    advisor = UserFactory(advisor=True)
    t.advisors.append(advisor)
    with app.test_request_context():
        yield t, draft(t, advisor, *PERIOD), advisor


def test_report_numbers_are_the_evidence_for_its_period(report):
    t, r, _ = report
    evidence = load_evidence(t, *PERIOD, TODAY)
    facts = casefile.report_facts(r, TODAY)
    assert facts.totals == evidence.totals
    cells = _Cells()
    cells.feed(casefile.to_html(r, facts))
    assert list(cells.weeks) == [w.week.key for w in evidence.weeks]
    for w in evidence.weeks:
        row = cells.weeks[w.week.key]
        for name in NUMBERS:
            assert int(row[name]) == getattr(w, name), (w.week.key, name)
        assert row["target"] == ("–" if w.paused else str(w.target))
    for name in (*NUMBERS, "weeks_target_met", "weeks_counted"):
        assert int(cells.figures[name]) == evidence.totals[name], name
    # The lists are the evidence's own selection: as many rows as the totals say.
    assert cells.rows["data-application"] == evidence.totals["applications"]
    assert cells.rows["data-networking"] == evidence.totals["networking"]
    assert cells.rows["data-contact"] == evidence.totals["contacts"]
    assert MARKER not in casefile.to_html(r, facts)  # pause reasons and week reasons stay out


@pytest.mark.skipif(bool(WEASYPRINT_ERROR), reason=WEASYPRINT_ERROR or "")
def test_released_pdf_states_the_evidence_and_keeps_its_figures(report):
    from pypdf import PdfReader

    t, r, advisor = report
    services.send_to_candidate(r, TODAY)
    services.candidate_agrees(r)
    content = casefile.release(r, advisor, TODAY)
    db.session.flush()
    evidence = load_evidence(t, *PERIOD, TODAY)
    assert r.figures == evidence_figures(evidence, TODAY)
    assert not casefile.freshness(r).outdated
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for w in evidence.weeks:
        assert w.week.key in text
    assert f"Pagina 1 van {len(reader.pages)}" in text
    assert r.display_code in text
    assert re.search(r"\d{2}-\d{2}-\d{4} t/m \d{2}-\d{2}-\d{4}", text)
    fonts = {str(font) for page in reader.pages for font in page["/Resources"]["/Font"].values()
             for font in [font.get_object()["/BaseFont"]]}
    # The bundled face only (static/fonts): no fallback to whatever the system has.
    assert fonts and all("Portal-Sans" in f for f in fonts), fonts

    # A diary entry added afterwards in the period: the released figures no longer hold.
    from tests.reports.factories import entry

    entry(t, PERIOD[0])
    db.session.flush()
    assert casefile.freshness(r).outdated
