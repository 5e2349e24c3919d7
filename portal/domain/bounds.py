"""Bounds on every export, so no single download counts more than a person could produce.

Pure rules (no Flask). Work on an export is linear in its rows (and, for the data download,
in the bytes of its files), so a cap on those bounds its time and memory too. The caps are
far above any honest trajectory (domain.md: at most 104 weeks plus 52 of sanction, a few
applications a week) and far below what hurts the server. The app may lower them in config
(`EXPORT_MAX_ROWS`, `PRIVACY_EXPORT_MAX_ROWS`, `PRIVACY_EXPORT_MAX_BYTES`).
"""

from __future__ import annotations

from datetime import date

# Diary CSV/JSON export and the activities of one overview (CSV, XLSX, PDF).
EXPORT_MAX_ROWS = 10_000
# An overview period: a trajectory with its sanction is about three years; five is generous.
OVERVIEW_MAX_WEEKS = 260
# The candidate's data download (AVG art. 15): rows of every table, and the bytes of files.
PRIVACY_EXPORT_MAX_ROWS = 200_000
PRIVACY_EXPORT_MAX_BYTES = 500 * 1024 * 1024


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def too_many_entries(count: int, cap: int, hint: str = "Kies een kortere periode.") -> str | None:
    """A Dutch message when an export would hold more activities than the cap, else None."""
    if count <= cap:
        return None
    return f"Dit zijn {_count(count)} activiteiten; één download kan er hoogstens {_count(cap)} bevatten. {hint}"


def period_too_long(start: date, end: date, max_weeks: int = OVERVIEW_MAX_WEEKS) -> str | None:
    """A Dutch message when an overview period is longer than the cap, else None."""
    if (end - start).days <= max_weeks * 7:
        return None
    return (f"Een overzicht beslaat hoogstens {max_weeks} weken (ongeveer {max_weeks // 52} jaar). "
            "Kies een kortere periode.")


def data_download_too_large(rows: int, size: int, max_rows: int, max_bytes: int) -> str | None:
    """A Dutch message when the data download would be larger than its caps, else None."""
    if rows <= max_rows and size <= max_bytes:
        return None
    return ("Je gegevens zijn te veel voor één download. Je hebt er wel recht op: vraag je adviseur of "
            "de functionaris gegevensbescherming, dan krijg je ze op een andere manier.")
