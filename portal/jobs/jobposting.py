"""Reading vacancies from outside: schema.org JobPosting (JSON-LD) and our XML feed.

Everything here is pure parsing: text in, a list of `Parsed` records out. A record either
has vacancy fields or the reason it was refused, always with its position in the input.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from portal.jobs.htmlscan import raw_blocks
from portal.jobs.models import ContractType, EducationLevel, Sector
from portal.jobs.places import normalise_postcode
from portal.jobs.rules import fold
from portal.sanitize import http_url

MAX_RECORDS = 5000
MAX_BYTES = 5 * 1024 * 1024
LIMITS = {"title": 200, "organisation": 200, "city": 100, "apply_url": 500, "apply_email": 254, "source_id": 200}
_LD_TYPE = re.compile(r"\btype\s*=\s*['\"]?application/ld\+json", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class Parsed:
    position: int  # 1-based position in the file or feed
    fields: dict = field(default_factory=dict)
    error: str = ""


class FeedError(ValueError):
    """The whole file is unreadable (not one bad record)."""


# --- small normalisers ------------------------------------------------------------------

def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("value") or value.get("@value") or ""
    return re.sub(r"\s+", " ", str(value)).strip()


def _date(value) -> date | None:
    text = _text(value)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"ongeldige datum '{text[:30]}'") from None


def _int(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        return round(float(str(value).replace(",", ".")))
    except ValueError:
        raise ValueError(f"ongeldig getal '{str(value)[:30]}'") from None


def guess_education(text: str) -> str:
    t = fold(text)
    for words, level in (
        (("wo", "master", "universit", "postgraduate", "doctor"), EducationLevel.WO),
        (("hbo", "bachelor", "hogeschool"), EducationLevel.HBO),
        (("mbo", "associate", "professional certificate"), EducationLevel.MBO),
        (("vmbo", "high school", "lbo", "mavo"), EducationLevel.VMBO),
        (("geen", "no requirements"), EducationLevel.NONE),
    ):
        if any(re.search(r"(?<![a-z])" + w, t) for w in words):
            return level.value
    return ""


SECTOR_WORDS = {
    Sector.ZORG: ("zorg", "verpleeg", "verzorg", "health", "thuiszorg", "ziekenhuis", "welzijn"),
    Sector.LOGISTIEK: ("logistiek", "magazijn", "transport", "chauffeur", "orderpick", "logistics"),
    Sector.ADMINISTRATIE: ("administrat", "boekhoud", "financ", "secretar", "accounting"),
    Sector.ICT: ("ict", "software", "developer", "ontwikkelaar", "it-", "systeembeheer", "helpdesk"),
    Sector.ONDERWIJS: ("onderwijs", "leraar", "docent", "kinderopvang", "pedagogisch", "education"),
    Sector.TECHNIEK: ("techniek", "technisch", "monteur", "productie", "operator", "engineer"),
    Sector.KLANTENSERVICE: ("klantenservice", "klantcontact", "callcenter", "customer service"),
    Sector.RETAIL: ("winkel", "verkoop", "retail", "kassa", "supermarkt"),
    Sector.OVERHEID: ("gemeente", "overheid", "provincie", "rijksoverheid", "government"),
    Sector.HORECA: ("horeca", "kok", "restaurant", "schoonma", "facilit", "hospitality"),
    Sector.BOUW: ("bouw", "installat", "timmer", "construction"),
}


def guess_sector(*texts: str) -> str:
    value = fold(" ".join(texts))
    for sector in Sector:
        if value.strip() in (sector.value, fold(sector.label)):
            return sector.value
    for sector, words in SECTOR_WORDS.items():
        if any(w in value for w in words):
            return sector.value
    return ""


def guess_contract(text: str) -> str:
    t = fold(text)
    for words, kind in (
        (("vast", "permanent", "onbepaalde"), ContractType.PERMANENT),
        (("uitzend", "agency"), ContractType.AGENCY),
        (("tijdelijk", "temporary", "bepaalde tijd"), ContractType.TEMPORARY),
        (("freelance", "zzp", "contractor"), ContractType.FREELANCE),
        (("intern", "stage", "leerwerk", "bbl", "trainee"), ContractType.TRAINEESHIP),
    ):
        if any(w in t for w in words):
            return kind.value
    return ""


def _hours(text: str) -> tuple[int | None, int | None]:
    numbers = [int(n) for n in re.findall(r"\d{1,2}", text or "") if 1 <= int(n) <= 60]
    if not numbers:
        return None, None
    return min(numbers), max(numbers)


def finish(fields: dict) -> dict:
    """Check and trim a record's fields; raises ValueError with a Dutch reason."""
    if not fields.get("title"):
        raise ValueError("titel ontbreekt")
    if not fields.get("organisation"):
        raise ValueError("organisatie ontbreekt")
    for name, limit in LIMITS.items():
        if fields.get(name):
            fields[name] = str(fields[name])[:limit]
    if fields.get("apply_url"):
        fields["apply_url"] = http_url(fields["apply_url"])
    if fields.get("apply_email") and not _EMAIL.match(fields["apply_email"]):
        fields["apply_email"] = ""
    fields["postcode"] = normalise_postcode(fields.get("postcode"))
    lo, hi = fields.get("hours_min"), fields.get("hours_max")
    if lo is not None and hi is not None and lo > hi:
        fields["hours_min"], fields["hours_max"] = hi, lo
    for name in ("hours_min", "hours_max"):
        if fields.get(name) is not None and not 1 <= fields[name] <= 60:
            fields[name] = None
    return fields


# --- JSON-LD ----------------------------------------------------------------------------

def _is_jobposting(node) -> bool:
    kind = node.get("@type") if isinstance(node, dict) else None
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.split("/")[-1].split(":")[-1] == "JobPosting" for k in kinds)


def _nodes(data) -> list:
    """Flatten a JSON-LD document (object, list, @graph) into its top-level nodes."""
    if isinstance(data, list):
        return [n for item in data for n in _nodes(item)]
    if isinstance(data, dict) and "@graph" in data:
        return _nodes(data["@graph"])
    return [data]


def jobposting_fields(node: dict) -> dict:
    """Vacancy fields from one JobPosting node; raises ValueError with a Dutch reason."""
    org = node.get("hiringOrganization")
    location = node.get("jobLocation")
    if isinstance(location, list):
        location = location[0] if location else {}
    address = (location or {}).get("address", {}) if isinstance(location, dict) else {}
    if isinstance(address, str):
        address = {"addressLocality": address}
    hours_min, hours_max = _hours(_text(node.get("workHours")))
    employment = node.get("employmentType") or ""
    employment = " ".join(employment) if isinstance(employment, list) else str(employment)
    if hours_min is None and "FULL_TIME" in employment.upper():
        hours_min, hours_max = 36, 40
    salary_min = salary_max = None
    salary = node.get("baseSalary")
    if isinstance(salary, dict):
        value = salary.get("value", {})
        if isinstance(value, dict):
            unit = str(value.get("unitText", "MONTH")).upper()
            low, high = _int(value.get("minValue", value.get("value"))), _int(value.get("maxValue", value.get("value")))
            factor = {"YEAR": 1 / 12, "HOUR": (hours_max or 36) * 4.33, "WEEK": 4.33}.get(unit, 1)
            salary_min = round(low * factor) if low else None
            salary_max = round(high * factor) if high else None
        else:
            salary_min = salary_max = _int(value)
    education = node.get("educationRequirements") or ""
    if isinstance(education, dict):
        education = education.get("credentialCategory") or education.get("name") or ""
    identifier = node.get("identifier")
    if isinstance(identifier, dict):
        identifier = identifier.get("value") or identifier.get("@value")
    contact = node.get("applicationContact") or {}
    description = str(node.get("description") or "")
    title = html.unescape(_text(node.get("title")))
    return finish({
        "title": title,
        "organisation": html.unescape(_text(org)),
        "city": _text(address.get("addressLocality")),
        "postcode": _text(address.get("postalCode")),
        "hours_min": hours_min,
        "hours_max": hours_max,
        "contract_type": guess_contract(employment),
        "education_level": guess_education(_text(education)),
        "sector": guess_sector(_text(node.get("industry")), _text(node.get("occupationalCategory")), title),
        "salary_min": salary_min,
        "salary_max": salary_max,
        "description_html": description if "<" in description else "".join(
            f"<p>{html.escape(p)}</p>" for p in description.split("\n\n") if p.strip()),
        "apply_url": _text(node.get("url")),
        "apply_email": _text(contact.get("email")) if isinstance(contact, dict) else "",
        "posted_on": _date(node.get("datePosted")),
        "closes_on": _date(node.get("validThrough")),
        "source_id": _text(identifier) or None,
    })


def parse_jsonld(text: str) -> list[Parsed]:
    """JobPostings from a JSON-LD document: a single object, a list or an @graph."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise FeedError(f"Dit is geen geldige JSON ({exc.__class__.__name__}).") from None
    return _parse_nodes(_nodes(data))


def _parse_nodes(nodes: list) -> list[Parsed]:
    if len(nodes) > MAX_RECORDS:
        raise FeedError(f"Te veel vacatures in één bestand (maximaal {MAX_RECORDS}).")
    results = []
    for position, node in enumerate(nodes, start=1):
        if not _is_jobposting(node):
            results.append(Parsed(position, error="geen JobPosting"))
            continue
        try:
            results.append(Parsed(position, jobposting_fields(node)))
        except (ValueError, TypeError, AttributeError) as exc:
            results.append(Parsed(position, error=str(exc) if isinstance(exc, ValueError) else "onleesbaar"))
    return results


def jobpostings_in_html(page: str) -> list[Parsed]:
    """JobPostings in the page's <script type="application/ld+json"> blocks (others ignored)."""
    nodes = []
    for attributes, block in raw_blocks(page or "", "script"):
        if not _LD_TYPE.search(attributes):
            continue
        try:
            nodes.extend(_nodes(json.loads(block.strip())))
        except (json.JSONDecodeError, RecursionError):
            continue
    return _parse_nodes([n for n in nodes if _is_jobposting(n)])


# --- XML feed (docs/vacancy-feed.md) ----------------------------------------------------

def _child(element, name: str) -> str:
    node = element.find(name)
    return (node.text or "").strip() if node is not None and node.text else ""


def parse_xml(data: bytes | str) -> tuple[str, list[Parsed]]:
    """Records of our XML feed; returns (source named in the feed or '', records)."""
    try:
        root = SafeET.fromstring(data)
    except (SafeET.ParseError, DefusedXmlException) as exc:
        raise FeedError(f"Dit is geen geldige of veilige XML ({exc.__class__.__name__}).") from None
    if root.tag != "vacatures":
        raise FeedError("Het XML-bestand moet beginnen met <vacatures>.")
    items = root.findall("vacature")
    if len(items) > MAX_RECORDS:
        raise FeedError(f"Te veel vacatures in één bestand (maximaal {MAX_RECORDS}).")
    results = []
    for position, item in enumerate(items, start=1):
        try:
            hours = item.find("uren")
            salary = item.find("salaris")
            apply = item.find("solliciteren")
            level = _child(item, "opleiding")
            sector = _child(item, "sector")
            contract = _child(item, "dienstverband")
            results.append(Parsed(position, finish({
                "source_id": item.get("id") or None,
                "title": _child(item, "titel"),
                "organisation": _child(item, "organisatie"),
                "city": _child(item, "plaats"),
                "postcode": _child(item, "postcode"),
                "hours_min": _int(hours.get("min")) if hours is not None else None,
                "hours_max": _int(hours.get("max")) if hours is not None else None,
                "contract_type": contract if contract in {c.value for c in ContractType} else guess_contract(contract),
                "education_level": level if level in {e.value for e in EducationLevel} else guess_education(level),
                "sector": sector if sector in {s.value for s in Sector} else guess_sector(sector),
                "salary_min": _int(salary.get("min")) if salary is not None else None,
                "salary_max": _int(salary.get("max")) if salary is not None else None,
                "description_html": _child(item, "omschrijving"),
                "apply_url": (apply.get("url") or "") if apply is not None else "",
                "apply_email": (apply.get("email") or "") if apply is not None else "",
                "posted_on": _date(_child(item, "geplaatst")),
                "closes_on": _date(_child(item, "sluit")),
            })))
        except ValueError as exc:
            results.append(Parsed(position, error=str(exc)))
    return root.get("bron", ""), results


def parse_file(data: bytes, filename: str = "") -> tuple[str, list[Parsed]]:
    """Detect the format (JSON, XML, HTML with JSON-LD) and parse; returns (feed source, records)."""
    if len(data) > MAX_BYTES:
        raise FeedError("Het bestand is te groot (maximaal 5 MB).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FeedError("Het bestand is geen UTF-8-tekst.") from None
    head = text.lstrip()[:200].lower()
    if head.startswith(("{", "[")):
        return "", parse_jsonld(text)
    if head.startswith("<?xml") or head.startswith("<vacatures"):
        return parse_xml(data)
    if "<html" in head or "<!doctype" in head or "application/ld+json" in text.lower():
        records = jobpostings_in_html(text)
        if not records:
            raise FeedError("Geen JobPosting-gegevens gevonden in deze pagina.")
        return "", records
    raise FeedError("Onbekend formaat: gebruik JSON-LD (JobPosting) of de XML-feed.")
