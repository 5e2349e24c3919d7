"""Validate places.csv (Dutch places with coordinates and PC4 ranges) and print sanity distances."""

import csv
import math
import sys
from collections import Counter
from pathlib import Path

CSV_PATH = Path(__file__).with_name("places.csv")
HEADER = ["place", "municipality", "province", "lat", "lon", "pc4_from", "pc4_to"]

# The twelve provinces, in their official spelling.
PROVINCES = {
    "Groningen", "Fryslân", "Drenthe", "Overijssel", "Flevoland", "Gelderland",
    "Utrecht", "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg",
}

# Rough bounding box of the European Netherlands.
LAT_MIN, LAT_MAX = 50.7, 53.6
LON_MIN, LON_MAX = 3.3, 7.3
PC4_MIN, PC4_MAX = 1000, 9999

# (place A, province A, place B, province B, expected km, tolerance km):
# straight-line (great-circle) distances between well-known cities, not road distances.
# Groningen-Maastricht is ~270 km as the crow flies (2.37 degrees of latitude alone is ~263 km).
SPOT_CHECKS = [
    ("Amsterdam", "Noord-Holland", "Utrecht", "Utrecht", 35, 5),
    ("Groningen", "Groningen", "Maastricht", "Limburg", 270, 15),
    ("Amsterdam", "Noord-Holland", "Rotterdam", "Zuid-Holland", 57, 5),
    ("Den Haag", "Zuid-Holland", "Rotterdam", "Zuid-Holland", 20, 4),
    ("Eindhoven", "Noord-Brabant", "Tilburg", "Noord-Brabant", 30, 4),
    ("Arnhem", "Gelderland", "Nijmegen", "Gelderland", 16, 3),
    ("Zwolle", "Overijssel", "Groningen", "Groningen", 85, 6),
    ("Leeuwarden", "Fryslân", "Groningen", "Groningen", 52, 5),
    ("Middelburg", "Zeeland", "Breda", "Noord-Brabant", 82, 6),
    ("Enschede", "Overijssel", "Amsterdam", "Noord-Holland", 140, 10),
    ("Maastricht", "Limburg", "Heerlen", "Limburg", 21, 3),
    ("Den Helder", "Noord-Holland", "Alkmaar", "Noord-Holland", 36, 4),
]


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in kilometres."""
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def load(path):
    """Read the CSV; return (header, rows as (line number, dict))."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        rows = []
        for row in reader:
            rows.append((reader.line_num, row))
    return header, rows


def check(path=CSV_PATH):
    """Run all checks; return (list of error strings, list of parsed records)."""
    errors = []
    header, raw_rows = load(path)
    if header != HEADER:
        errors.append(f"header is {header!r}, expected {HEADER!r}")
        return errors, []

    records = []
    for line, row in raw_rows:
        if len(row) != len(HEADER):
            errors.append(f"line {line}: expected {len(HEADER)} fields, got {len(row)}")
            continue
        rec = dict(zip(HEADER, row, strict=False))
        for key in ("place", "municipality", "province"):
            if not rec[key] or rec[key] != rec[key].strip():
                errors.append(f"line {line}: empty or padded {key} {rec[key]!r}")
        if rec["province"] not in PROVINCES:
            errors.append(f"line {line}: unknown province {rec['province']!r}")
        try:
            lat, lon = float(rec["lat"]), float(rec["lon"])
        except ValueError:
            errors.append(f"line {line}: lat/lon not numeric: {rec['lat']!r}, {rec['lon']!r}")
            continue
        if not (LAT_MIN <= lat <= LAT_MAX):
            errors.append(f"line {line}: lat {lat} outside {LAT_MIN}-{LAT_MAX}")
        if not (LON_MIN <= lon <= LON_MAX):
            errors.append(f"line {line}: lon {lon} outside {LON_MIN}-{LON_MAX}")
        try:
            if len(rec["pc4_from"]) != 4 or len(rec["pc4_to"]) != 4:
                raise ValueError
            lo, hi = int(rec["pc4_from"]), int(rec["pc4_to"])
        except ValueError:
            errors.append(f"line {line}: pc4 not 4-digit integers: {rec['pc4_from']!r}, {rec['pc4_to']!r}")
            continue
        if not (PC4_MIN <= lo <= hi <= PC4_MAX):
            errors.append(f"line {line}: bad pc4 range {lo}-{hi}")
        records.append({**rec, "line": line, "lat": lat, "lon": lon, "lo": lo, "hi": hi})

    # No duplicate place names within one province.
    dupes = Counter((r["province"], r["place"]) for r in records)
    for (prov, place), n in sorted(dupes.items()):
        if n > 1:
            errors.append(f"duplicate place {place!r} in {prov} ({n} rows)")

    # PC4 ranges must not overlap: sort by start and compare each range with the
    # furthest-reaching range seen so far (catches one wide range covering several).
    ordered = sorted(records, key=lambda r: (r["lo"], r["hi"]))
    reach = None
    for cur in ordered:
        if reach is not None and cur["lo"] <= reach["hi"]:
            errors.append(
                f"pc4 overlap: {reach['place']} {reach['lo']}-{reach['hi']} (line {reach['line']}) "
                f"and {cur['place']} {cur['lo']}-{cur['hi']} (line {cur['line']})"
            )
        if reach is None or cur["hi"] > reach["hi"]:
            reach = cur

    # Every province must be represented.
    missing = PROVINCES - {r["province"] for r in records}
    if missing:
        errors.append(f"provinces without rows: {sorted(missing)}")

    return errors, records


def spot_check(records):
    """Compare haversine distances between known city pairs; return error strings."""
    errors = []
    index = {(r["place"], r["province"]): r for r in records}
    for a, pa, b, pb, expected, tol in SPOT_CHECKS:
        ra, rb = index.get((a, pa)), index.get((b, pb))
        if ra is None or rb is None:
            errors.append(f"spot check: {a} or {b} not found")
            continue
        d = haversine_km(ra["lat"], ra["lon"], rb["lat"], rb["lon"])
        ok = abs(d - expected) <= tol
        print(f"  {a:>11} - {b:<11} {d:6.1f} km (expected ~{expected} km) {'ok' if ok else 'FAIL'}")
        if not ok:
            errors.append(f"spot check: {a}-{b} is {d:.1f} km, expected {expected}±{tol}")
    return errors


def main():
    errors, records = check()
    if records:
        print(f"{len(records)} rows, {len({r['municipality'] for r in records})} municipalities")
        per_prov = Counter(r["province"] for r in records)
        for prov in sorted(per_prov):
            munis = len({r["municipality"] for r in records if r["province"] == prov})
            print(f"  {prov:<14} {per_prov[prov]:4d} places, {munis:3d} municipalities")
        print("Spot-check distances:")
        errors += spot_check(records)
    if errors:
        print(f"FAILED with {len(errors)} error(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("OK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
