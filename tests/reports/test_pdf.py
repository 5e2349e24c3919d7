"""The PDF: made through WeasyPrint with a fetcher that serves only bundled static files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from portal.casefile import issued
from portal.reports import services
from portal.reports.render import resolve_static
from tests.factories import UserFactory, world
from tests.queued import download_pdf
from tests.reports.factories import PERIOD, TODAY, WEASYPRINT_ERROR, new_year_trajectory

needs_weasyprint = pytest.mark.skipif(bool(WEASYPRINT_ERROR), reason=WEASYPRINT_ERROR)


def test_resolve_static_allows_only_bundled_assets(app):
    root = Path(app.static_folder).resolve()
    assert resolve_static(root, (root / "css" / "overview-print.css").as_uri()) is not None
    assert resolve_static(root, (root / "img" / "logo.svg").as_uri()) is not None
    refused = [
        "file:///etc/passwd",
        (root / ".." / "config.py").as_uri(),
        root.as_uri() + "/css/../../config.py",
        root.as_uri() + "/css/%2e%2e/%2e%2e/config.py",
        "http://example.com/style.css",
        "https://169.254.169.254/latest/meta-data/",
        "ftp://example.com/x.css",
        "data:text/css,body{}",
        "file://evil.example.com" + str(root / "css" / "overview-print.css"),
        root.as_uri() + "/css/missing.css",
    ]
    for url in refused:
        assert resolve_static(root, url) is None, url


@needs_weasyprint
def test_fetcher_refuses_everything_outside_static(app):
    from weasyprint import HTML

    from portal.reports.render import static_fetcher, static_root

    fetcher = static_fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    html = ('<link rel="stylesheet" href="http://example.com/evil.css">'
            '<img src="file:///etc/passwd"><img src="https://example.com/x.png"><img src="img/logo.svg">')
    HTML(string=html, base_url=static_root().as_uri() + "/", url_fetcher=fetcher).write_pdf()
    assert set(fetcher.refused) == {"http://example.com/evil.css", "file:///etc/passwd", "https://example.com/x.png"}


@needs_weasyprint
def test_pdf_is_generated_stored_and_carries_the_code(app):
    t = new_year_trajectory()
    user = UserFactory(employer=True, organisation=t.employer)
    with app.test_request_context():
        record, content = issued.generate_overview(t, user, *PERIOD, "pdf", TODAY)
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == record.sha256
    assert services.stored_content(record) == content


@needs_weasyprint
def test_employer_downloads_a_pdf(app, client, login_as):
    w = world()
    t = w["t1"]
    login_as(w["employer1"])
    response = download_pdf(client, f"/trajecten/{t.id}/overzicht", {"format": "pdf"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert f"activiteitenoverzicht-{t.reference}" in response.headers["Content-Disposition"]
