"""The long lists of the PDF (weeks, applications, other activities) as fixed-width text lines.

WeasyPrint spends about half a millisecond on every table cell and far less on one line of
text, so a two-year overview laid out as tables takes seconds. These lists are therefore
printed like a bank statement: one element per row, one text per element, columns padded
to fixed widths and set in a monospaced font. The columns still line up, numbers stay
right-aligned and the text extracts cleanly (the agreement test reads it back).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Line:
    text: str
    css: str = ""  # row classes: alt, paused, gap
    week: str = ""  # the ISO week key (weeks list), for readers of the HTML


def _clean(value: Any) -> str:
    """One line of user text: no line breaks or tabs that would shift the columns."""
    return " ".join(str(value or "").split())


def _day(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else "–"


# --- weeks -------------------------------------------------------------------------------

# At most six characters in columns of eight: two spaces between every pair of heads.
WEEK_NUMBER_HEADS = ("Doel", "Soll.", "Netw.", "Overig", "Opdr.", "Gespr.")
WEEK_FORMAT = "{week:<9} {period:<15}{version:>6}{numbers}  {state}"


def _numbers(values) -> str:
    return "".join(f"{v:>8}" for v in values)


def week_head() -> str:
    return WEEK_FORMAT.format(week="Week", period="Periode", version="Versie", numbers=_numbers(WEEK_NUMBER_HEADS),
                              state="Doel gehaald · oordeel")


def week_state(row: dict[str, Any]) -> str:
    if row["paused"]:
        # The neutral category only (e.g. "Vakantie"); the reason of a pause is never printed.
        state = f"gepauzeerd ({row['pause_category']})" if row.get("pause_category") else "gepauzeerd"
    elif not row["complete"]:
        state = "loopt nog"
    elif row["target_met"]:
        state = "ja"
    elif row["explained"]:
        state = "nee, toegelicht"
    else:
        state = "nee"
    if not row["paused"] and row["agreed_target"] is not None and row["target"] != row["agreed_target"]:
        state += f" · naar rato van {row['agreed_target']}"
    if row["judgement"] == "sufficient":
        state += " · voldoende"
    elif row["judgement"] == "insufficient":
        state += " · onvoldoende"
    return state


def is_gap(row: dict[str, Any]) -> bool:
    return (row["target_met"] is False and row["complete"] and not row["explained"]
            and row["judgement"] != "sufficient")


def week_lines(rows: list[dict[str, Any]]) -> list[Line]:
    lines = []
    for i, row in enumerate(rows):
        period = f"{row['week_start']:%d-%m} – {row['week_end']:%d-%m}"  # the PDFs' one date style
        numbers = ["–" if row["paused"] else row["target"], row["applications"], row["networking"],
                   row["other_activities"], row["assignments_done"], row["contacts"]]
        text = WEEK_FORMAT.format(week=row["week"], period=period, version=f"v{row['plan_version']}",
                                  numbers=_numbers(numbers), state=week_state(row))
        css = "paused" if row["paused"] else "gap" if is_gap(row) else ("alt" if i % 2 else "")
        lines.append(Line(text, css, row["week"]))
    return lines


def week_total(totals: dict[str, int]) -> str:
    numbers = [totals["target_sum"], totals["applications"], totals["networking"], totals["other_activities"],
               totals["assignments_done"], totals["contacts"]]
    return WEEK_FORMAT.format(week="Totaal", period="", version="", numbers=_numbers(numbers),
                              state=f"{totals['weeks_target_met']} van {totals['weeks_counted']} weken")


# --- activities --------------------------------------------------------------------------

# Second and wrapped lines start 12 characters in (date plus gap): the stylesheet gives each
# row that hanging indent (padding-left 13.5ch, text-indent -12ch).


def application_head() -> str:
    # The second line needs no leading spaces: the row's padding is the hanging indent.
    return "Datum       Organisatie, plaats · functie\nSoort · kanaal · wijze · resultaat · past bij belastbaarheid"


def application_lines(rows: list[dict[str, Any]]) -> list[Line]:
    lines = []
    for i, a in enumerate(rows):
        who = _clean(a["organisation"]) or "–"
        if a["place"]:
            who += f", {_clean(a['place'])}"
        if a["position"]:
            who += f" · {_clean(a['position'])}"
        how = [_clean(a["kind_label"]), _clean(a["channel"]), _clean(a["method"]), _clean(a["result"])]
        fits = {True: "past: ja", False: "past: nee"}.get(a["fits_capacity"], "past: –")
        text = f"{_day(a['date']):<10}  {who}\n{' · '.join(p for p in how if p)} · {fits}"
        lines.append(Line(text, "alt" if i % 2 else ""))
    return lines


OTHER_KIND_WIDTH = 29


def other_head() -> str:
    return f"{'Datum':<10}  {'Soort':<{OTHER_KIND_WIDTH}} Organisatie · onderwerp of functie"


def other_lines(rows: list[dict[str, Any]]) -> list[Line]:
    lines = []
    for i, a in enumerate(rows):
        what = _clean(a["organisation"]) or "–"
        if a["position"]:
            what += f" · {_clean(a['position'])}"
        text = f"{_day(a['date']):<10}  {_clean(a['kind_label']):<{OTHER_KIND_WIDTH}} {what}"
        lines.append(Line(text, "alt" if i % 2 else ""))
    return lines
