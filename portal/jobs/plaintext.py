"""Reading a vacancy from plain text (Dutch), for pages without JobPosting data.

Pure functions: text in, a dict of vacancy fields out. Every extractor is a best guess
that the candidate confirms on the next page, so each one prefers saying nothing over
saying something wrong.
"""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import date

from portal.jobs.htmlscan import tokens
from portal.jobs.jobposting import LIMITS, guess_sector
from portal.jobs.places import normalise_postcode, place_by_name, place_for_postcode
from portal.jobs.rules import fold

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "mar": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9, "sep": 9,
    "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# "15 december 2026", "15 dec.", "15-12-2026", "15/12/26", "2026-12-15"
_DATE = re.compile(
    rf"(?P<d>\d{{1,2}})\s*(?P<mname>{_MONTH})\.?(?:\s+(?P<y>\d{{4}}))?(?![a-z])"
    r"|(?P<d2>\d{1,2})[-/.](?P<m2>\d{1,2})[-/.](?P<y2>\d{4}|\d{2})(?!\d)"
    r"|(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})(?!\d)",
    re.IGNORECASE,
)
# Words that announce the closing date; the date follows within a few words.
_CLOSING = re.compile(
    r"sluitingsdatum|sluit op|deadline|reactietermijn|uiterlijk|"
    r"(?:reageren|reageer|solliciteren|solliciteer|reacties?|sollicitaties?)"
    r"[^.\n]{0,40}?(?:v[oó]{2}r|tot en met|t/m|tot|uiterlijk)|open tot|"
    r"(?:vacature )?(?:staat )?open t/m",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_URL = re.compile(r"https?://[^\s<>\"')]+", re.IGNORECASE)
_POSTCODE = re.compile(r"(?<![\w])([1-9]\d{3})\s?([A-Z]{2})(?![\w])")
_PLACE_NAME = r"((?:'s-)?[A-Z][\w'’-]*(?:[ -](?:aan|op|in|de|den|bij|[A-Z][\w'’-]*))*)"
_PLACE_LABEL = re.compile(
    r"^[\s*•·–-]*(?:standplaats|werklocatie|werkplek|locatie|plaats|vestiging|regio|woonplaats)\s*[:\-–]\s*"
    + _PLACE_NAME,
    re.IGNORECASE | re.MULTILINE,
)
_IN_PLACE = re.compile(r"\b(?:in|te|vanuit)\s+" + _PLACE_NAME)
_HOURS_RANGE = re.compile(
    r"(?<![\d,.])(\d{1,2})\s*(?:-|–|tot|à|a|t/m|of)\s*(\d{1,2})\s*uur\b", re.IGNORECASE
)
_HOURS_SINGLE = re.compile(
    r"(?<![\d,.€-])(\d{1,2})\s*uur\b(?:\s*(?:per|/|in de|p/?)\s*(?:week|w\b))?", re.IGNORECASE
)
_NOT_WEEKLY = re.compile(r"^\s*(?:per|in de|p/?)\s*(?:dag|maand|jaar)|^\s*(?:reactie|bereikbaar)", re.IGNORECASE)
_AMOUNT = r"(\d{1,3}(?:[.\s]\d{3})+|\d{3,6})(?:,(?:\d{1,2}|-{1,2}))?"
_SALARY_RANGE = re.compile(
    rf"(?:€|eur\b|euro\b)\s*{_AMOUNT}\s*(?:euro\b)?\s*(?:-|–|tot(?: en met)?|en|t/m)\s*(?:€|eur\b|euro\b)?\s*{_AMOUNT}"
    rf"|{_AMOUNT}\s*(?:-|–|tot|en)\s*{_AMOUNT}\s*(?:euro\b|eur\b)",
    re.IGNORECASE,
)
_SALARY_SINGLE = re.compile(rf"(?:€|eur\b|euro\b)\s*{_AMOUNT}|{_AMOUNT}\s*(?:euro\b|eur\b)", re.IGNORECASE)
_PER_HOUR_OR_YEAR = re.compile(r"^[^.\n]{0,25}?(?:per uur|p/u|/uur|uurloon|per jaar|/jaar|jaarsalaris)", re.IGNORECASE)
_ORG_LABEL = re.compile(
    r"^[\s*•·–-]*(?:organisatie|werkgever|bedrijf|opdrachtgever)\s*[:\-–]\s*(.+)$", re.IGNORECASE | re.MULTILINE
)
_ORG_ZOEKT = re.compile(r"^\s*([A-Z][^\n.:!?]{1,80}?)\s+zoekt\b", re.MULTILINE)
_TITLE_PREFIX = re.compile(r"^\s*(?:vacature|functie|functietitel|wij zoeken|gezocht)\s*[:\-–|]\s*", re.IGNORECASE)
_EDUCATION = (("wo", "wo"), ("hbo", "hbo"), ("mbo", "mbo"), ("vmbo", "vmbo"), ("mavo", "vmbo"))
MONTHLY_SALARY = (500, 20000)


_BLOCKS = frozenset({
    "br", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "td", "th", "dd", "dt", "section", "article",
    "header", "footer", "nav", "main", "aside", "ul", "ol", "table", "title",
})


def _text_of(pieces) -> str:
    parts = []
    for token in pieces:
        if token.kind == "text":
            parts.append(token.text)
        elif token.kind in ("start", "end"):
            parts.append("\n" if token.name in _BLOCKS else " ")
        else:  # raw-text content (script, style, ...) and <!...>
            parts.append(" ")
    lines = (re.sub(r"[ \t\u00a0]+", " ", html.unescape(line)).strip() for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)


def text_from_html(page: str) -> str:
    """The readable text of an HTML page, one block (paragraph, heading, item) per line."""
    return _text_of(tokens(page or ""))


def html_heading(page: str) -> str:
    """The first <h1> of a page (usually the job title on a vacancy page)."""
    start = None
    for token in tokens(page or ""):
        if start is None and token.kind == "start" and token.name == "h1":
            start = token.end
        elif start is not None and token.kind == "end" and token.name == "h1":
            return text_from_html(page[start:token.start]).replace("\n", " ").strip()
    return ""


def lines_of(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", line).strip() for line in (text or "").splitlines() if line.strip()]


def extract_title(text: str) -> str:
    """The first line when it looks like a job title (short, not a sentence, not a link)."""
    for line in lines_of(text)[:3]:
        line = _TITLE_PREFIX.sub("", line).strip(" -–|:")
        if not line or fold(line) in ("vacature", "vacatures", "functie"):
            continue
        if (_URL.search(line) or _EMAIL.search(line) or len(line) > 120 or line.endswith((".", "?", "!"))
                or re.match(r"(wij|we|zij|ze|ik|jij|je|u)\s", fold(line))):
            return ""
        return line
    return ""


def extract_organisation(text: str) -> str:
    """'Organisatie: X', or 'X zoekt ...' at the start of a line."""
    match = _ORG_LABEL.search(text or "") or _ORG_ZOEKT.search(text or "")
    if not match:
        return ""
    name = match.group(1).strip(" .,:;-–")
    if fold(name) in ("wij", "we", "zij", "men", "ons team", "het team"):
        return ""
    return name[:200]


def extract_email(text: str) -> str:
    match = _EMAIL.search(text or "")
    return match.group(0).rstrip(".")[: LIMITS["apply_email"]] if match else ""


def extract_url(text: str) -> str:
    match = _URL.search(text or "")
    return match.group(0).rstrip(".,;:")[: LIMITS["apply_url"]] if match else ""


def parse_date(match: re.Match, today: date) -> date | None:
    """A date from a `_DATE` match; a date without a year is the next one from today."""
    try:
        if match.group("mname"):
            day, month = int(match.group("d")), MONTHS[match.group("mname").lower()]
            if match.group("y"):
                return date(int(match.group("y")), month, day)
            found = date(today.year, month, day)
            return found if found >= today else date(today.year + 1, month, day)
        if match.group("d2"):
            year = int(match.group("y2"))
            return date(year + 2000 if year < 100 else year, int(match.group("m2")), int(match.group("d2")))
        return date(int(match.group("y3")), int(match.group("m3")), int(match.group("d3")))
    except ValueError:
        return None


def extract_closing_date(text: str, today: date) -> date | None:
    """The date after words like 'sluitingsdatum' or 'reageren vóór'."""
    text = text or ""
    for cue in _CLOSING.finditer(text):
        window = text[cue.end(): cue.end() + 40]
        match = _DATE.search(window)
        if match and not re.search(r"[.\n]", window[: match.start()]):
            found = parse_date(match, today)
            if found:
                return found
    return None


def extract_hours(text: str) -> tuple[int | None, int | None]:
    """(min, max) hours per week: '24-32 uur', '24 tot 32 uur', '32 uur per week'."""
    text = text or ""
    for match in _HOURS_RANGE.finditer(text):
        low, high = int(match.group(1)), int(match.group(2))
        if 1 <= low <= 60 and 1 <= high <= 60 and not _NOT_WEEKLY.match(text[match.end():]):
            return min(low, high), max(low, high)
    singles = []
    for match in _HOURS_SINGLE.finditer(text):
        hours = int(match.group(1))
        before = text[max(0, match.start() - 12): match.start()].lower()
        if not 1 <= hours <= 60 or _NOT_WEEKLY.match(text[match.end():]) or re.search(r"binnen\s*$", before):
            continue
        weekly = bool(re.search(r"(week|w)$", match.group(0).lower()))
        singles.append((not weekly, match.start(), hours))
    if singles:
        hours = min(singles)[2]
        return hours, hours
    return None, None


def extract_location(text: str) -> tuple[str, str]:
    """(city, postcode): a postcode with its place ('3511 AB Utrecht'), a 'Standplaats:' line,
    or 'in <known place>'. A city is only taken when our place list knows it."""
    text = text or ""
    postcode, city = "", ""
    for match in _POSTCODE.finditer(text):
        candidate = normalise_postcode(match.group(1) + match.group(2))
        if candidate and place_for_postcode(candidate):
            postcode = candidate
            after = re.match(r"\s*,?\s*" + _PLACE_NAME, text[match.end():])
            if after and place_by_name(after.group(1)):
                city = after.group(1)
            break
    if not city:
        for pattern in (_PLACE_LABEL, _IN_PLACE):
            for match in pattern.finditer(text):
                name = _known_place(match.group(1))
                if name:
                    city = name
                    break
            if city:
                break
    return city[: LIMITS["city"]], postcode


def _known_place(name: str) -> str:
    """The longest leading part of `name` that is a known place ('Utrecht Centraal' -> 'Utrecht')."""
    words = name.split()
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n]).strip(",.")
        if place_by_name(candidate):
            return candidate
    return ""


def dutch_amount(text: str) -> int | None:
    """'2.950' or '2 950' or '2950' -> 2950 (cents dropped)."""
    digits = re.sub(r"[.\s]", "", text or "")
    return int(digits) if digits.isdigit() else None


def extract_salary(text: str) -> tuple[int | None, int | None]:
    """(min, max) gross monthly salary in euro; hourly and yearly amounts are left out."""
    text = text or ""
    low_ok, high_ok = MONTHLY_SALARY
    for match in _SALARY_RANGE.finditer(text):
        groups = [g for g in match.groups() if g]
        amounts = [dutch_amount(g) for g in groups[:2]]
        if None in amounts or _PER_HOUR_OR_YEAR.match(text[match.end():]):
            continue
        low, high = sorted(amounts)
        if low_ok <= low and high <= high_ok:
            return low, high
    for match in _SALARY_SINGLE.finditer(text):
        amount = dutch_amount(next(g for g in match.groups() if g))
        if amount and low_ok <= amount <= high_ok and not _PER_HOUR_OR_YEAR.match(text[match.end():]):
            before = fold(text[max(0, match.start() - 20): match.start()])
            if re.search(r"(max(imaal|\.)?|tot)\s*$", before):
                return None, amount
            return amount, amount
    return None, None


def extract_education(text: str) -> str:
    """The first level named as a word ('mbo 4', 'hbo-niveau', 'wo'): a lower bound, not a guess."""
    words = re.findall(r"(?<![\w-])(wo|hbo|mbo|vmbo|mavo)(?![a-z])", fold(text))
    return dict(_EDUCATION).get(words[0], "") if words else ""


def extract_fields(text: str, today: date, heading: str = "") -> dict:
    """Every field we can read from a plain-text vacancy; missing ones are left out."""
    fields: dict = {}
    text = unicodedata.normalize("NFC", text or "")
    title = (heading or extract_title(text))[: LIMITS["title"]]
    if title:
        fields["title"] = title
        sector = guess_sector(title)
        if sector:
            fields["sector"] = sector
    organisation = extract_organisation(text)
    if organisation:
        fields["organisation"] = organisation
    email = extract_email(text)
    if email:
        fields["apply_email"] = email
    url = extract_url(text)
    if url:
        fields["apply_url"] = url
    closes_on = extract_closing_date(text, today)
    if closes_on:
        fields["closes_on"] = closes_on
    hours_min, hours_max = extract_hours(text)
    if hours_min:
        fields["hours_min"], fields["hours_max"] = hours_min, hours_max
    city, postcode = extract_location(text)
    if city:
        fields["city"] = city
    if postcode:
        fields["postcode"] = postcode
    salary_min, salary_max = extract_salary(text)
    if salary_min:
        fields["salary_min"] = salary_min
    if salary_max:
        fields["salary_max"] = salary_max
    education = extract_education(text)
    if education:
        fields["education_level"] = education
    return fields
