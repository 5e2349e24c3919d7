"""The employer downloads activity overviews (PDF and CSV) and checks one at /controle."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from tests.e2e import demo_data
from tests.e2e.helpers import assert_error_announced, check_page, follow_link, submit, tab_to, type_into, visit


def _codes(page) -> list[str]:
    return page.locator("main table code").all_inner_texts()


def _facts_in_csv(content: bytes) -> dict[str, str]:
    """The ZIP's first table (Gegeven/Waarde), read as Dutch Excel reads it (`;`)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        text = archive.read("01-traject.csv").decode("utf-8-sig")
    return {row["Gegeven"]: row["Waarde"] for row in csv.DictReader(io.StringIO(text), delimiter=";")}


def _download(page, fmt_label: str) -> Path:
    """Choose a format with the keyboard, press Enter on 'Overzicht maken', keep the file.

    A PDF is made in the background: the next page announces its progress (aria-live) and
    then offers the download link, which is pressed by keyboard too."""
    tab_to(page, page.locator("main select[name$=format]"), max_tabs=150)
    page.keyboard.type(fmt_label)
    tab_to(page, page.get_by_role("button", name="Overzicht maken"))
    if fmt_label == "PDF":
        page.keyboard.press("Enter")
        page.wait_for_url("**/overzichten/taken/*")
        status = page.locator("#taakstatus[aria-live=polite]")
        assert status.count() == 1
        link = page.get_by_role("link", name="PDF downloaden")
        link.wait_for(timeout=90_000)  # rendering is heavy: allow for a busy CI machine
        check_page(page, "werkgever-pdf-klaar")
        tab_to(page, link)
        with page.expect_download(timeout=30_000) as info:
            page.keyboard.press("Enter")
        download = info.value
        assert download.failure() is None
        page.go_back()
        return Path(download.path()), download.suggested_filename
    with page.expect_download(timeout=90_000) as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.failure() is None
    return Path(download.path()), download.suggested_filename


def test_employer_downloads_overviews_and_verifies_one(page, sign_in, live_server):
    tid = demo_data.trajectory_id(live_server)
    sign_in(demo_data.EMPLOYER)
    visit(page, "/werkgever", "werkgever")
    link = page.locator(f"main a[href$='/trajecten/{tid}/overzicht']")
    follow_link(page, link, max_tabs=150)
    check_page(page, "werkgever-overzichten")
    pdf, pdf_name = _download(page, "PDF")
    assert pdf_name.endswith(".pdf") and pdf.read_bytes().startswith(b"%PDF")
    page.reload()
    csv_file, csv_name = _download(page, "CSV")
    content = csv_file.read_bytes()
    facts = _facts_in_csv(content)
    assert csv_name.endswith(".zip") and facts["Kandidaat"] == "Sanne de Vries"
    code = facts["Verificatiecode"]
    page.reload()
    # Both files are listed with their codes (the same request later today gives the same file and code).
    assert code in _codes(page) and len(_codes(page)) >= 2
    check_page(page, "werkgever-overzichten-gemaakt")

    # The verification page asks for a code, announced at the field ...
    visit(page, "/controle", "controle")
    tab_to(page, page.locator("input[name=code]"))
    submit(page)
    assert_error_announced(page, "input[name=code]", "Vul de verificatiecode in.")
    check_page(page, "controle-fout")
    # ... and accepts the code printed on the overview.
    type_into(page, page.locator("input[name=code]"), code)
    submit(page)
    assert "Deze code is echt." in page.locator("main").inner_text()
    check_page(page, "controle-echt")
