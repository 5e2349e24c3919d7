"""Dutch places and postcode areas from `data/places.csv` (no outside API)."""

from __future__ import annotations

import bisect
import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "places.csv"
_PC4 = re.compile(r"^\s*([1-9]\d{3})\s*(?:[A-Za-z]{2})?\s*$")


@dataclass(frozen=True)
class Place:
    name: str
    municipality: str
    province: str
    lat: float
    lon: float
    pc4_from: int
    pc4_to: int


@lru_cache(maxsize=1)
def all_places() -> tuple[Place, ...]:
    """Every row of the table, sorted by the start of its postcode range."""
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = [
            Place(r["place"], r["municipality"], r["province"], float(r["lat"]), float(r["lon"]),
                  int(r["pc4_from"]), int(r["pc4_to"]))
            for r in csv.DictReader(handle)
        ]
    return tuple(sorted(rows, key=lambda p: p.pc4_from))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Place]:
    index: dict[str, Place] = {}
    for place in all_places():
        for key in (place.name, place.municipality):
            index.setdefault(_fold(key), place)
    index.setdefault("'s-gravenhage", index.get("den haag"))
    index.setdefault("the hague", index.get("den haag"))
    index.setdefault("den bosch", index.get("'s-hertogenbosch"))
    return {k: v for k, v in index.items() if v is not None}


def normalise_postcode(text: str | None) -> str:
    """'1234 ab' -> '1234AB'; a bare PC4 stays four digits; anything else -> ''."""
    cleaned = re.sub(r"\s+", "", (text or "")).upper()
    if re.fullmatch(r"[1-9]\d{3}([A-Z]{2})?", cleaned):
        return cleaned
    return ""


def place_for_postcode(postcode: str | None) -> Place | None:
    """The place whose PC4 range holds this postcode; a postcode in a gap gets the nearest range."""
    match = _PC4.match(postcode or "")
    if not match:
        return None
    pc4 = int(match.group(1))
    places = all_places()
    starts = [p.pc4_from for p in places]
    i = bisect.bisect_right(starts, pc4) - 1
    candidates = [places[j] for j in (i, i + 1) if 0 <= j < len(places)]
    for place in candidates:
        if place.pc4_from <= pc4 <= place.pc4_to:
            return place

    def gap(place: Place) -> int:
        return min(abs(pc4 - place.pc4_from), abs(pc4 - place.pc4_to))

    return min(candidates, key=gap) if candidates else None


def place_by_name(name: str | None) -> Place | None:
    """A place by its name or municipality, diacritics and case ignored."""
    return _by_name().get(_fold(name or "")) if name else None


def closest_name(name: str | None) -> str | None:
    """The known place a misspelt name most likely means ("Culemborgg" -> "Culemborg"), or None."""
    folded = _fold(name or "")
    if len(folded) < 3:
        return None
    match = difflib.get_close_matches(folded, list(_by_name()), n=1, cutoff=0.8)
    return _by_name()[match[0]].name if match else None


def locate(postcode: str | None = None, city: str | None = None) -> Place | None:
    """Best effort: the postcode first, then the city name."""
    return place_for_postcode(postcode) or place_by_name(city)


@lru_cache(maxsize=1)
def place_names() -> tuple[str, ...]:
    """Names for the place filter's suggestions, alphabetical (folded and sorted once per
    process: about 0.6 ms on every search page before)."""
    return tuple(sorted({p.name for p in all_places()}, key=_fold))
