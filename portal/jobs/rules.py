"""Pure rules of the job board: distance and the fit of a vacancy with a search profile.

No Flask, no database: inputs are plain values or objects with the same attribute names as
`Vacancy` and `SearchProfile`, so the rules are easy to test and to reuse.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from babel import Locale
from babel.numbers import format_decimal

EARTH_RADIUS_KM = 6371.0088
_NL = Locale.parse("nl_NL")  # parsed once, not per call
EDUCATION_ORDER = ("none", "vmbo", "mbo", "hbo", "wo")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) that contains the circle of `km` around a point."""
    dlat = km / 111.2
    dlon = km / (111.2 * max(0.01, math.cos(math.radians(lat))))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def euro(amount: int | float | None) -> str:
    """'€ 2.950': a whole euro amount the Dutch way (babel, nl_NL); empty for None."""
    if amount is None:
        return ""
    return f"€\u00a0{format_decimal(round(amount), locale=_NL)}"


def salary_label(low: int | None, high: int | None) -> str:
    """'€ 2.950 – € 3.400 per maand', 'vanaf € 2.950 per maand', 'tot € 3.400 per maand' or ''."""
    if low and high and low != high:
        return f"{euro(low)} – {euro(high)} per maand"
    if low and high:
        return f"{euro(low)} per maand"
    if low:
        return f"vanaf {euro(low)} per maand"
    if high:
        return f"tot {euro(high)} per maand"
    return ""


def fold(text: str) -> str:
    """Lower case without diacritics, for matching words."""
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


# A limitation (in the candidate's plain words) -> words in a vacancy that conflict with it.
LIMITATION_RULES: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (("tillen", "zwaar", "lichamelijk zwaar"),
     ("tillen", "zwaar werk", "sjouwen", "kilo", "lichamelijk zwaar", "fysiek zwaar", "orderpick"),
     "tillen"),
    (("nacht",), ("nachtdienst", "nachtdiensten", "nachtwerk", "'s nachts", "onregelmatig", "ploegendienst"),
     "nachtdiensten"),
    (("onregelmatig", "ploeg"), ("onregelmatig", "ploegendienst", "wisseldienst", "weekenddienst"),
     "onregelmatige diensten"),
    (("staan", "lopen"), ("staand werk", "de hele dag staan", "veel lopen", "staande functie"), "veel staan of lopen"),
    (("rijden", "auto", "rijbewijs"), ("rijbewijs", "chauffeur", "bezorg", "rijden"), "autorijden"),
    (("klant", "publiek"), ("klantcontact", "telefoon", "balie", "publiek"), "klantcontact"),
    (("stress", "tijdsdruk", "deadline"), ("tijdsdruk", "deadline", "hectisch", "hoog tempo"), "tijdsdruk"),
    (("beeldscherm", "scherm"), ("beeldscherm", "computerwerk", "achter de computer"), "beeldschermwerk"),
    (("bukken", "knielen"), ("bukken", "knielen"), "bukken"),
    (("hoogte", "ladder"), ("hoogte", "ladder", "steiger"), "werken op hoogte"),
    (("lawaai", "geluid"), ("lawaai", "gehoorbescherming", "productiehal"), "lawaai"),
)


@dataclass
class Fit:
    """Why a vacancy fits a search profile, and what does not fit."""

    good: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    distance_km: float | None = None

    @property
    def fits(self) -> bool:
        return bool(self.good) and not self.bad

    @property
    def summary(self) -> str:
        parts = []
        if self.good:
            parts.append("Past bij: " + ", ".join(self.good))
        if self.bad:
            parts.append("Let op: " + "; ".join(self.bad))
        return ". ".join(parts)


def fit_rank(result: Fit) -> tuple[int, int, int]:
    """Sort key for the automatic order: vacancies that fit on every point first, then those
    with fewer warnings, then those that fit on more points."""
    return (0 if result.fits else 1, len(result.bad), -len(result.good))


def limitation_conflicts(limitations: list[str], vacancy_text: str) -> list[str]:
    """For each limitation, the vacancy words that conflict with it (a warning, not a verdict)."""
    text = fold(vacancy_text)
    found = []
    for limitation in limitations:
        lim = fold(limitation)
        for triggers, words, label in LIMITATION_RULES:
            if any(t in lim for t in triggers):
                hits = [w for w in words if re.search(r"(?<!\w)" + re.escape(fold(w)), text)]
                if hits:
                    # The word found only when it says more than the label ("kilo" for tillen).
                    word = "" if fold(hits[0]) in fold(label) else f" ({hits[0]})"
                    found.append(f"de tekst noemt {label}{word}, jij gaf aan: {limitation}")
                break
    return found


def role_matches(roles: list[str], title: str, text: str = "") -> bool:
    """Whether any desired role appears in the title (all its words) or the text."""
    haystack = fold(f"{title} {text}")
    for role in roles:
        words = [w for w in re.findall(r"\w+", fold(role)) if len(w) > 2]
        if words and all(w[: max(4, len(w) - 2)] in haystack for w in words):
            return True
    return False


def fit(profile, vacancy, home: tuple[float, float] | None = None, vacancy_text: str = "") -> Fit:
    """Explain how a vacancy fits a search profile: hours, distance, direction, level, limits."""
    result = Fit()
    if profile is None:
        return result
    # Hours: the vacancy's range overlaps the candidate's range.
    want_min, want_max = profile.hours_min, profile.hours_max
    v_min, v_max = vacancy.hours_min or vacancy.hours_max, vacancy.hours_max or vacancy.hours_min
    if (want_min or want_max) and (v_min or v_max):
        low_ok = want_max is None or v_min is None or v_min <= want_max
        high_ok = want_min is None or v_max is None or v_max >= want_min
        if low_ok and high_ok:
            result.good.append("uren")
        elif not low_ok:
            result.bad.append(f"minimaal {v_min} uur, jij zoekt tot {want_max} uur")
        else:
            result.bad.append(f"maximaal {v_max} uur, jij zoekt vanaf {want_min} uur")
    # Distance from the candidate's postcode.
    if home and vacancy.lat is not None and vacancy.lon is not None:
        result.distance_km = haversine_km(home[0], home[1], vacancy.lat, vacancy.lon)
        if profile.max_distance_km:
            if result.distance_km <= profile.max_distance_km:
                result.good.append("afstand")
            else:
                result.bad.append(f"{result.distance_km:.0f} km, verder dan {profile.max_distance_km} km")
    # Direction: desired roles or sectors.
    roles = profile.role_list
    sectors = profile.sector_list
    if (roles and role_matches(roles, vacancy.title)) or (sectors and vacancy.sector in sectors):
        result.good.append("richting")
    # Education: the vacancy asks no more than the candidate's level.
    if profile.education_level in EDUCATION_ORDER and vacancy.education_level in EDUCATION_ORDER:
        if EDUCATION_ORDER.index(vacancy.education_level) <= EDUCATION_ORDER.index(profile.education_level):
            result.good.append("opleiding")
        else:
            result.bad.append("vraagt een hogere opleiding")
    result.bad.extend(limitation_conflicts(profile.limitation_list, f"{vacancy.title} {vacancy_text}"))
    return result


@dataclass
class ApplyHints:
    """What 'Ik heb gesolliciteerd' preselects and shows, from the vacancy and the profile."""

    method: str = ""  # a Method value, or "" when the vacancy gives no hint
    fits: str = ""  # "ja" when the profile names limitations and none conflicts; else asked
    warnings: list[str] = field(default_factory=list)  # the vacancy's "let op" lines


def apply_hints(vacancy, profile=None, result: Fit | None = None) -> ApplyHints:
    """The vacancy's own hints: a link means an online form, only an address an e-mail; the
    fit's warnings (night shifts, lifting, hours) are shown and the answer is left to the candidate."""
    hints = ApplyHints()
    if getattr(vacancy, "apply_url", ""):
        hints.method = "online_form"
    elif getattr(vacancy, "apply_email", ""):
        hints.method = "email"
    if result is not None:
        hints.warnings = list(result.bad)
    if profile is not None and profile.limitation_list and not hints.warnings:
        hints.fits = "ja"
    return hints
