"""Render one `Overview` as PDF (Jinja + WeasyPrint), as files for people (CSV tables in a
ZIP, XLSX: `tables.py`) and as the machine CSV for systems.

Every text cell of CSV and XLSX goes through `safe_cell`; the PDF template autoescapes
user text and WeasyPrint may only load the app's own bundled static files.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template

from portal import bureau
from portal.reports import ledger, tables
from portal.reports.overview import META_COLUMNS, Column, Overview
from portal.spreadsheets import BOM, XLSX_DATE_FORMAT, dutch_csv, safe_cell

GENERATED_SCHEME = "overview"
CHART_WIDTH = 720  # SVG px; shown 180 mm wide
ALLOWED_ASSET_SUFFIXES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png",
                          ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf"}


# --- the machine CSV (`?dialect=machine`, docs/overview-columns.md) -----------------------

def csv_columns(overview: Overview) -> list[str]:
    """`section` first, then every column of every section, each once, in section order."""
    keys = ["section"]
    for column in META_COLUMNS + [c for s in overview.sections for c in s.columns]:
        if column.key not in keys:
            keys.append(column.key)
    return keys


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def sections_with_meta(overview: Overview) -> list[tuple[str, str, list[Column], list[dict]]]:
    return [("trajectory", "Traject", META_COLUMNS, overview.meta_rows())] + [
        (s.key, s.title, s.columns, s.rows) for s in overview.sections
    ]


def to_machine_csv(overview: Overview) -> bytes:
    """For systems: one comma table of codes and ISO dates; a `section` column says which part
    of the overview each row belongs to. Its columns are a contract: keep them stable."""
    columns = csv_columns(overview)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for key, _, _, rows in sections_with_meta(overview):
        for row in rows:
            writer.writerow([key] + [safe_cell(_text(row.get(c))) for c in columns[1:]])
    # A BOM so Excel opens the UTF-8 text with its accents intact.
    return (BOM + buffer.getvalue()).encode("utf-8")


# --- the files for people: CSV tables in a ZIP, and the workbook ------------------------

def verify_url() -> str:
    return current_app.config.get("BASE_URL", "").rstrip("/") + "/controle"


def _file_name(number: int, table: tables.Table) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", table.title.lower()).strip("-")
    return f"{number:02d}-{slug}.csv"


def to_people_csv(overview: Overview) -> bytes:
    """A ZIP with one `;` CSV per table (Dutch headers and values, dd-mm-jjjj), numbered in the
    overview's order. The same data gives the same bytes: every member carries the overview's
    date, so asking twice returns the stored file and its code."""
    stamp = (overview.header.generated_on.year, overview.header.generated_on.month,
             overview.header.generated_on.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, table in enumerate(tables.people_tables(overview, verify_url()), start=1):
            text = dutch_csv(table.headers, ([tables.csv_text(v) for v in row] for row in table.rows))
            member = zipfile.ZipInfo(_file_name(number, table), date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            archive.writestr(member, text.encode("utf-8"))
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31]


def _width(header: str, values: list[Any]) -> float:
    """Wide enough for the header and the longest value (dates take 10), within reason."""
    longest = max([len(header), *(10 if isinstance(v, date) else len(str(v)) for v in values)])
    return min(max(longest + 2, 8), 60)


def to_xlsx(overview: Overview) -> bytes:
    """One sheet per table: Dutch headers (frozen, with a filter), Dutch words, real numbers
    and date cells shown as dd-mm-jjjj."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables.people_tables(overview, verify_url()):
        sheet = workbook.create_sheet(_sheet_title(table.title))
        sheet.append([safe_cell(h) for h in table.headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([safe_cell(v) for v in row])
        for (index, header) in enumerate(table.headers):
            letter = get_column_letter(index + 1)
            values = [row[index] for row in table.rows]
            sheet.column_dimensions[letter].width = _width(header, values)
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
                if isinstance(cell.value, date):
                    cell.number_format = XLSX_DATE_FORMAT
                    cell.alignment = Alignment(horizontal="left")
                elif isinstance(cell.value, str) and len(cell.value) > 60:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.headers))}{len(table.rows) + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- PDF -------------------------------------------------------------------------------

def static_root() -> Path:
    return Path(current_app.static_folder).resolve()


def _weasy_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves file:// URLs inside the app's static folder with a known asset type; refuses the rest."""

        def __init__(self, root: Path, generated: dict[str, tuple[bytes, str]] | None = None):
            super().__init__(allowed_protocols={"file", GENERATED_SCHEME})
            self.root = root
            self.generated = generated or {}
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            # Assets this module generated itself (the chart), addressed as "overview:<name>".
            if url.startswith(GENERATED_SCHEME + ":") and url[len(GENERATED_SCHEME) + 1:] in self.generated:
                body, mimetype = self.generated[url[len(GENERATED_SCHEME) + 1:]]
                return URLFetcherResponse(url, body, {"Content-Type": mimetype})
            path = resolve_static(self.root, url)
            if path is None:
                self.refused.append(url)
                raise ValueError(f"Refused to load {url!r}: only bundled static assets are allowed")
            return URLFetcherResponse(
                url, path.read_bytes(), {"Content-Type": ALLOWED_ASSET_SUFFIXES[path.suffix]}
            )

    return StaticOnlyFetcher


def resolve_static(root: Path, url: str) -> Path | None:
    """The file a URL names when it is a bundled asset under `root`, else None."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path)).resolve()
    if not path.is_relative_to(root) or path.suffix not in ALLOWED_ASSET_SUFFIXES or not path.is_file():
        return None
    return path


def static_fetcher(generated: dict[str, tuple[bytes, str]] | None = None):
    """A WeasyPrint URL fetcher limited to the app's static folder and our own generated assets."""
    return _weasy_fetcher_class()(static_root(), generated)


def pdf_fetcher(generated: dict[str, tuple[bytes, str]] | None = None):
    """The fetcher of every PDF: the static folder, the bureau's logo when the admin uploaded
    one, and the PDF's own generated assets."""
    _src, logo = bureau.logo_for_pdf()
    return static_fetcher({**logo, **(generated or {})})


def to_html(overview: Overview) -> str:
    """The HTML the PDF is made from (also what tests read to check the numbers)."""
    return render_template(
        "reports/overview_pdf.html",
        ov=overview,
        bureau=bureau.name_for_pdf(),
        bureau_logo=bureau.logo_for_pdf()[0],
        ledger=ledger,
        h=overview.header,
        totals=overview.totals,
        verify_url=verify_url(),
    )


def chart_svg(overview: Overview):
    """The advisor's weekly effort chart, fitted to the A4 width and without tooltips.

    One implementation for both, so the employer sees the picture the advisor sees. It goes
    into the PDF as one image served by the restricted fetcher ("overview:chart.svg"): far
    cheaper to lay out than hundreds of inline SVG nodes.
    """
    from portal.advisor.charts import weekly_effort_svg

    return weekly_effort_svg(overview.evidence, width=CHART_WIDTH, interactive=False)


def to_pdf(overview: Overview, html: str | None = None) -> bytes:
    from weasyprint import HTML

    html = html if html is not None else to_html(overview)
    base_url = static_root().as_uri() + "/"
    # The chart's labels in the PDFs' own typeface (the page's @font-face), not a system font.
    chart = str(chart_svg(overview)).replace("<text ", '<text font-family="Portal Sans, sans-serif" ').encode()
    # The ledger's generated column widths as a stylesheet of its own (the templates hold no
    # inline style: the CSP rule of every template, PDF ones included).
    fetcher = pdf_fetcher({"chart.svg": (chart, "image/svg+xml"),
                           "ledger.css": (ledger.ledger_css().encode(), "text/css")})
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()


def render(overview: Overview, fmt: str) -> bytes:
    """The file content of the overview in one of the stored formats (`OverviewFormat` values)."""
    renderers = {"pdf": to_pdf, "csv-nl": to_people_csv, "xlsx": to_xlsx, "csv": to_machine_csv}
    if fmt not in renderers:
        raise ValueError(f"unknown overview format {fmt!r}")
    return renderers[fmt](overview)
