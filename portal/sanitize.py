"""HTML sanitising: the one place user- or content-supplied HTML is cleaned."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urlsplit

import bleach
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i",
        "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
        "s", "u", "sup", "sub", "span", "dl", "dt", "dd",
    }
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "abbr": ["title"], "th": ["scope"], "td": [], "span": []}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def _add_link_rel(attrs, new=False):
    href_key = (None, "href")
    if href_key in attrs and attrs[href_key].startswith(("http:", "https:")):
        attrs[(None, "rel")] = "noopener noreferrer nofollow"
    return attrs


def clean_html(html: str | None) -> str:
    """Strip everything but a small set of formatting tags; unsafe URLs lose their href."""
    cleaned = bleach.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    return bleach.linkify(cleaned, callbacks=[_add_link_rel], skip_tags={"pre", "code"})


def safe_html(html: str | None) -> Markup:
    """Clean HTML marked safe for Jinja (use for stored rich text)."""
    return Markup(clean_html(html))  # noqa: S704 - cleaned just above


def render_markdown(text: str | None) -> Markup:
    """Markdown to HTML, raw HTML disabled, then sanitised; wide blocks scroll in their own box."""
    return Markup(_scroll_boxes(clean_html(_markdown.render(text or ""))))  # noqa: S704 - cleaned


_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)


def _scroll_boxes(html: str) -> str:
    """Wrap each table in a box that scrolls sideways on a phone and can be reached with Tab
    (arrow keys then scroll it); a code block gets the same. Runs after cleaning: only our
    own attributes are added."""

    def box(match: re.Match) -> str:
        headers = [plain_text(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", match.group(1), re.DOTALL)]
        name = ", ".join(h for h in headers if h)
        label = html_lib.escape(f"Tabel met de kolommen {name}" if name else "Tabel", quote=True)
        return (f'<div class="table-wrap" tabindex="0" role="region" aria-label="{label}">'
                f"<table>{match.group(1)}</table></div>")

    return _TABLE.sub(box, html).replace("<pre>", '<pre tabindex="0">')


def plain_text(html: str | None) -> str:
    """Text content only (for CSV, search and mails)."""
    return bleach.clean(html or "", tags=set(), strip=True).strip()


_BLOCK_BREAK = re.compile(r"<br\s*/?>|</(?:p|li|h[2-4]|blockquote|pre|tr|dt|dd)>", re.IGNORECASE)


def text_lines(html: str | None) -> str:
    """Stored rich text back to the plain lines a person typed (for textareas, CSV, history).

    Tags go, block ends become line breaks and entities are decoded exactly once, so
    `P&amp;O` reads `P&O` again and text -> HTML -> text round-trips.
    """
    stripped = bleach.clean(_BLOCK_BREAK.sub("\n", html or ""), tags=set(), strip=True)
    lines = (line.strip() for line in html_lib.unescape(stripped).splitlines())
    return "\n".join(line for line in lines if line)


# --- links a person typed (a vacancy's page, a video call) --------------------------------

URL_MAX = 2000
_URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f\\\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def http_url(value: str | None) -> str:
    """The link itself when it is a plain http(s) address with a host, else "".

    Browsers drop tabs and newlines inside a URL and read a backslash as a slash, so
    "java\\nscript:" or "javascript://example.com/%0aalert(1)" can pass a loose check; any
    control, space, backslash or invisible formatting character refuses the link outright.
    """
    text = (value or "").strip()
    if not text or len(text) > URL_MAX or _URL_FORBIDDEN.search(text):
        return ""
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return text


def safe_url(value: str | None) -> str:
    """Template filter for a stored link used as href: only http(s) survives, anything else is ""."""
    return http_url(value)
