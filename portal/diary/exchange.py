"""CSV import and CSV/JSON export of a diary (columns documented in docs/diary-csv.md).

The import is all-or-nothing: every row is checked first and any failing row, reported
with its line number and a Dutch reason, stops the whole file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from portal.clock import LOCAL_TZ
from portal.diary.models import DiaryEntry
from portal.diary.services import notes_html_from_text, notes_text
from portal.domain.activities import (
    NETWORKING_FROM_APPLICATION_STATUS,
    ActivityKind,
    ApplicationStatus,
    Channel,
    Method,
    NetworkingOutcome,
    default_status,
    is_networking_kind,
    outcomes_for,
)
from portal.domain.evidence import counts_as_application, not_counted_reason
from portal.domain.weeks import Week
from portal.domain.words import listed
from portal.spreadsheets import day_text, dutch_csv, yes_no

MAX_BYTES = 1024 * 1024
MAX_ROWS = 1000
# header -> (entry attribute, max length or None)
COLUMNS = {
    "datum": ("entry_date", None),
    "soort": ("kind", None),
    "organisatie": ("organisation", 200),
    "plaats": ("place", 100),
    "functie": ("position", 200),
    "contactpersoon": ("contact_person", 200),
    "kanaal": ("channel", None),
    "methode": ("method", None),
    "past_bij_belastbaarheid": ("fits_capacity", None),
    "vacature_url": ("external_url", 500),
    "status": ("status", None),
    "opvolgdatum": ("follow_up_on", None),
    "notities": ("notes_html", 5000),
}
REQUIRED = ("datum", "soort", "organisatie")
# Export-only columns: read back without complaint, but never imported.
INFO_COLUMNS = ("week", "telt_als_sollicitatie", "telt_niet_mee_omdat", "ingevoerd_door", "bron", "vastgelegd_op", "aanvullingen")
EXPORT_HEADER = [*COLUMNS, *INFO_COLUMNS]
EARLIEST = date(2000, 1, 1)


class ImportFileError(ValueError):
    """The file as a whole cannot be read (Dutch message)."""


@dataclass
class ParsedImport:
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (line number, entry fields)
    errors: list[tuple[int, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    counted: set[int] = field(default_factory=set)  # lines that will count as an application


def _header_key(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", (text or "").strip().lower())


def parse_date(text: str) -> date:
    """dd-mm-jjjj (also with / or .) or ISO jjjj-mm-dd; ValueError otherwise."""
    text = (text or "").strip()
    for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"Het bestand is te groot. Het mag hoogstens {MAX_BYTES // 1024} kB zijn.")
    if not data.strip():
        raise ImportFileError("Het bestand is leeg.")
    if b"\x00" in data:
        raise ImportFileError("Dit is geen CSV-bestand. Sla het bestand op als CSV (UTF-8).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Dutch Windows saves "CSV" as Windows-1252; accept it rather than refuse.
        return data.decode("cp1252", errors="replace")


def _dialect(text: str) -> str:
    first_line = text.splitlines()[0] if text else ""
    try:
        return csv.Sniffer().sniff(first_line, delimiters=";,").delimiter
    except csv.Error:
        return ";" if first_line.count(";") >= first_line.count(",") else ","


def _labels(enum) -> list[str]:
    return [member.label for member in enum]


# What the import accepts per choice column (label or code), listed on the import page and
# named in the error for an unknown value: the domain's own vocabulary, never retyped.
ACCEPTED: dict[str, list[tuple[str, list[str]]]] = {
    "soort": [("", _labels(ActivityKind))],
    "kanaal": [("", _labels(Channel))],
    "methode": [("", _labels(Method))],
    "status": [("bij een sollicitatie of andere activiteit", _labels(ApplicationStatus)),
               ("bij een netwerk- of informatiegesprek", _labels(NetworkingOutcome))],
}


def _unknown(label: str, text: str, enum, context: str = "") -> ValueError:
    where = f" {context}" if context else ""
    return ValueError(f"{label} '{text}' ken ik niet{where} (kies uit: {listed(_labels(enum))})")


def _choice(enum, text: str, label: str) -> str:
    try:
        return enum.parse(text).value
    except ValueError:
        raise _unknown(label, text, enum) from None


def _status(text: str, kind: str | None) -> str:
    """A status for the row's kind: networking outcomes for networking, the pipeline otherwise.

    An older file may give a networking entry an application status ("Verstuurd"): it is
    mapped the way migration 0022 mapped the stored rows.
    """
    if not text:
        return default_status(kind)
    try:
        return outcomes_for(kind).parse(text).value
    except ValueError:
        pass
    if is_networking_kind(kind):
        try:
            return NETWORKING_FROM_APPLICATION_STATUS[ApplicationStatus.parse(text).value]
        except ValueError:
            raise _unknown("uitkomst", text, NetworkingOutcome, "bij een netwerkgesprek") from None
    raise _unknown("status", text, ApplicationStatus, "bij een sollicitatie") from None


def _row_fields(raw: dict[str, str], today: date) -> tuple[dict, list[str]]:
    fields, problems = {}, []
    for header, (attribute, max_length) in COLUMNS.items():
        text = (raw.get(header) or "").strip()
        if header in REQUIRED and not text:
            problems.append(f"{header} ontbreekt")
            continue
        if max_length and len(text) > max_length:
            problems.append(f"{header} is langer dan {max_length} tekens")
            continue
        try:
            if attribute in ("entry_date", "follow_up_on"):
                if text:
                    value = parse_date(text)
                    if value < EARLIEST or value.year > today.year + 1:
                        raise ValueError
                    fields[attribute] = value
            elif attribute == "kind":
                fields[attribute] = _choice(ActivityKind, text, "soort")
            elif attribute == "status":
                fields[attribute] = _status(text, fields.get("kind"))
            elif attribute == "channel":
                fields[attribute] = _choice(Channel, text, "kanaal") if text else ""
            elif attribute == "method":
                fields[attribute] = _choice(Method, text, "methode") if text else ""
            elif attribute == "fits_capacity":
                fields[attribute] = {"ja": True, "nee": False, "": None, "onbekend": None}[text.lower()]
            elif attribute == "external_url":
                if text and not re.match(r"https?://\S+$", text):
                    raise ValueError(f"{header} moet beginnen met http:// of https://")
                fields[attribute] = text
            elif attribute == "notes_html":
                fields[attribute] = notes_html_from_text(text)
            else:
                fields[attribute] = text
        except KeyError:
            problems.append(f"{header} moet ja, nee of leeg zijn")
        except ValueError as error:
            message = str(error)
            if attribute in ("entry_date", "follow_up_on"):
                message = f"{header} '{text}' is geen geldige datum (gebruik dd-mm-jjjj)"
            problems.append(message)
    if fields.get("follow_up_on") and fields.get("entry_date") and fields["follow_up_on"] < fields["entry_date"]:
        problems.append("opvolgdatum ligt vóór de datum")
    if fields.get("entry_date") and fields["entry_date"] > today and fields.get("status") != ApplicationStatus.PLANNED.value:
        problems.append("datum ligt in de toekomst; dat kan alleen met status Gepland")
    return fields, problems


def parse_csv(data: bytes, today: date) -> ParsedImport:
    """Read a diary CSV into entry fields per line, or report what is wrong per line."""
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text))
    result = ParsedImport()
    try:
        header = [_header_key(h) for h in next(reader)]
    except StopIteration:
        raise ImportFileError("Het bestand is leeg.") from None
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise ImportFileError(
            (f"De kolom {missing[0]} ontbreekt" if len(missing) == 1 else f"De kolommen {listed(missing, 'en')} ontbreken")
            + " op de eerste regel. Gebruik de kolomnamen van het voorbeeldbestand of van de export."
        )
    result.ignored_columns = [h for h in header if h and h not in COLUMNS and h not in INFO_COLUMNS]
    count = 0
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            count += 1
            if count > MAX_ROWS:
                raise ImportFileError(f"Het bestand heeft meer dan {MAX_ROWS} regels. Splits het op in kleinere bestanden.")
            if len(cells) > len(header):
                result.errors.append((line, f"meer cellen ({len(cells)}) dan kolommen ({len(header)})"))
                continue
            fields, problems = _row_fields(dict(zip(header, cells, strict=False)), today)
            if problems:
                result.errors.append((line, "; ".join(problems)))
            else:
                result.rows.append((line, fields))
    except csv.Error as error:
        raise ImportFileError(f"Het bestand is geen geldige CSV (regel {reader.line_num}).") from error
    if count == 0:
        raise ImportFileError("Het bestand heeft geen regels onder de kolomnamen.")
    return result


def template_csv(today: date) -> str:
    """An empty import file to fill in: the imported columns and one example row (`;`, BOM)."""
    example = {
        "datum": today.strftime("%d-%m-%Y"), "soort": ActivityKind.APPLICATION_LETTER.label,
        "organisatie": "Voorbeeld: Zorggroep Rivierenland", "plaats": "Tiel", "functie": "Receptionist",
        "contactpersoon": "", "kanaal": Channel.VACANCY_SITE.label, "methode": Method.EMAIL.label,
        "past_bij_belastbaarheid": "ja", "vacature_url": "", "status": ApplicationStatus.SENT.label,
        "opvolgdatum": "", "notities": "Vervang deze regel door je eigen activiteiten.",
    }
    return dutch_csv(COLUMNS, [[example[h] for h in COLUMNS]])


def duplicate_key(fields: dict) -> tuple:
    return (
        fields["entry_date"], fields["kind"],
        (fields.get("organisation") or "").strip().lower(), (fields.get("position") or "").strip().lower(),
    )


# --- export ---------------------------------------------------------------------------

def _local_stamp(moment: datetime | None) -> str:
    if moment is None:
        return ""
    try:
        return moment.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")
    except (OverflowError, ValueError):  # beyond year 9999 in local time: the stored value
        return moment.strftime("%Y-%m-%d %H:%M")


def export_row(entry: DiaryEntry) -> dict:
    """One entry as the export's columns (plain values, Dutch labels)."""
    return {
        "datum": day_text(entry.entry_date),
        "soort": entry.kind_label,
        "organisatie": entry.organisation,
        "plaats": entry.place,
        "functie": entry.position,
        "contactpersoon": entry.contact_person,
        "kanaal": entry.channel_label,
        "methode": entry.method_label,
        "past_bij_belastbaarheid": yes_no(entry.fits_capacity),
        "vacature_url": entry.external_url,
        "status": entry.status_label,
        "opvolgdatum": day_text(entry.follow_up_on),
        "notities": notes_text(entry.notes_html),
        "week": entry.week.key,
        "telt_als_sollicitatie": yes_no(bool(entry.counted_as_application)),
        "telt_niet_mee_omdat": entry.not_counted_reason,
        "ingevoerd_door": entry.author.name if entry.author else "",
        "bron": "import" if entry.source == "import" else "formulier",
        # Local (Dutch) time, as the screens show it; the JSON keeps the ISO timestamp in UTC.
        "vastgelegd_op": _local_stamp(entry.created_at),
        "aanvullingen": " | ".join(a.text for a in entry.addenda),
    }


def export_csv(entries: list[DiaryEntry]) -> str:
    """CSV with `;` (what Dutch Excel opens), a BOM, and every text cell formula-safe."""
    return dutch_csv(EXPORT_HEADER, ([export_row(entry)[h] for h in EXPORT_HEADER] for entry in entries))


def export_json(trajectory, entries: list[DiaryEntry], generated_on: date) -> str:
    """The whole diary with each entry's pipeline and addenda (machine-readable, ISO dates)."""
    items = []
    for entry in entries:
        items.append({
            "id": entry.id,
            "date": entry.entry_date.isoformat(),
            "week": entry.week.key,
            "kind": entry.kind,
            "counts_as_application": entry.counted_as_application,
            "not_counted_reason": entry.not_counted_reason,
            "outside_reason": entry.outside_reason,
            "organisation": entry.organisation,
            "place": entry.place,
            "position": entry.position,
            "contact_person": entry.contact_person,
            "channel": entry.channel,
            "method": entry.method,
            "fits_capacity": entry.fits_capacity,
            "external_url": entry.external_url,
            "vacancy_id": entry.vacancy_id,
            "status": entry.status,
            "follow_up_on": entry.follow_up_on.isoformat() if entry.follow_up_on else None,
            "notes": notes_text(entry.notes_html),
            "author": entry.author.name if entry.author else None,
            "source": entry.source,
            "created_at": entry.created_at.isoformat() if entry.created_at else None,
            "status_history": [
                {"from": c.from_status or None, "to": c.to_status, "on": c.changed_on.isoformat()}
                for c in entry.status_changes
            ],
            "addenda": [{"text": a.text, "at": a.created_at.isoformat()} for a in entry.addenda],
            "attachments": [a.original_name for a in entry.live_attachments],
        })
    return json.dumps(
        {"trajectory": trajectory.reference, "generated_on": generated_on.isoformat(), "entries": items},
        ensure_ascii=False, indent=2,
    )


def week_of(fields: dict) -> Week:
    return Week.of(fields["entry_date"])


# --- import against the database ----------------------------------------------------------

def check_import(trajectory, data: bytes, today: date) -> ParsedImport:
    """Parse a file and check it against the diary: reviewed weeks fail, duplicates are skipped."""
    from portal.diary.services import locked_weeks, search_entries

    parsed = parse_csv(data, today)
    if not parsed.rows:
        return parsed
    locked = locked_weeks(trajectory, {week_of(f) for _, f in parsed.rows})
    first = min(f["entry_date"] for _, f in parsed.rows)
    last = max(f["entry_date"] for _, f in parsed.rows)
    existing = {duplicate_key(_fields_of(e)) for e in search_entries(trajectory, start=first, end=last)}
    kept, seen = [], set()
    window = trajectory.counting_window
    for line, fields in parsed.rows:
        week = week_of(fields)
        outside = not_counted_reason(fields["entry_date"], "", window)
        if outside:
            # The form asks for a reason before it records such a date; a file cannot.
            parsed.errors.append((line, f"datum ligt {outside}; zo'n activiteit telt niet mee. Leg haar "
                                        "vast via het formulier, met een reden, of laat de regel weg"))
            continue
        if week in locked:
            parsed.errors.append((line, f"week {week.iso[1]} van {week.iso[0]} is al beoordeeld; voeg daar een aanvulling toe"))
            continue
        key = duplicate_key(fields)
        if key in existing or key in seen:
            parsed.duplicates.append(line)
            continue
        seen.add(key)
        kept.append((line, fields))
        if counts_as_application(fields["kind"], fields["entry_date"], fields.get("status", ""), window):
            parsed.counted.add(line)
    parsed.rows = kept
    parsed.errors.sort()
    return parsed


def _fields_of(entry: DiaryEntry) -> dict:
    return {"entry_date": entry.entry_date, "kind": entry.kind, "organisation": entry.organisation,
            "position": entry.position}


def import_entries(trajectory, author, parsed: ParsedImport) -> list[DiaryEntry]:
    """Create every parsed row; only call when `parsed.errors` is empty (all or nothing)."""
    from portal.diary.services import create_entry

    if parsed.errors:
        raise ValueError("refusing a partial import")
    return [create_entry(trajectory, author, source="import", **fields) for _, fields in parsed.rows]
