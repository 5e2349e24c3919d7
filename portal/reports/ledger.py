"""The long lists of the PDF (weeks, applications, other activities) as ledger rows.

WeasyPrint spends about half a millisecond on every table cell (and about as much on every
inline-block or grid item), so a two-year overview laid out as tables takes seconds. The
long lists are therefore set like a bank statement, but in the proportional Portal Sans
(Open Sans): one element per row and, for weeks and applications, one text per element.
That still gives straight columns because everything before the free text of a row is made
of characters of one width per row: Open Sans has tabular figures (all digits 1171 units
wide; the stylesheet asks for "tnum" as well), week keys, periods and dates consist of
digits and the same punctuation in every row, and numbers are right-aligned with FIGURE
SPACE (U+2007, 1145 units: within 0.1 pt of a digit). The free text (the week's state, the
organisation) starts at the same offset in every row; `ledger_css()` gives the hanging
indent so that wrapped and second lines start under it.

Only the head and total rows (one each) and the short list of other activities use a span
per column; their widths come from the same font metrics (`em`, `ADVANCE`, `COLUMN_WIDTHS`), so heads stand
over their columns. tests/reports/test_ledger.py checks the metrics against the bundled
font and that no two heads touch; the agreement test reads the text back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

FIGURE_SPACE = "\u2007"
# Advance widths in the bundled OpenSans-Regular.ttf of the characters of a row's fixed part.
UNITS_PER_EM = 2048
ADVANCE = {**dict.fromkeys("0123456789", 1171), FIGURE_SPACE: 1145, " ": 532, "-": 659, "–": 1024,
           "W": 1896, "v": 1026}
GAP = "   "  # between columns: three spaces (0.78 em, 2 mm at 7.4 pt)
ROW_PADDING_EM = 0.6  # left and right padding of every ledger row (overview-print.css)


def em(text: str) -> float:
    """The width of a fixed part of a row in em of Portal Sans Regular."""
    return sum(ADVANCE[c] for c in text) / UNITS_PER_EM


@dataclass(frozen=True)
class Cell:
    text: str
    column: str = ""  # a fixed-width column (a class of COLUMN_WIDTHS), or "" for running text
    align: str = ""  # "num": right-aligned in its column

    @property
    def width(self) -> float | None:
        return COLUMN_WIDTHS.get(self.column)


@dataclass(frozen=True)
class Line:
    text: str = ""  # the whole row as one text (weeks, applications)
    cells: tuple[Cell, ...] = ()  # or cells: a span per fixed-width column, running text between
    css: str = ""  # row classes: alt, paused, gap
    week: str = ""  # the ISO week key (weeks list), for readers of the HTML


def _clean(value: Any) -> str:
    """One line of user text: no line breaks or tabs that would shift the columns."""
    return " ".join(str(value or "").split())


def _right(value: Any, places: int) -> str:
    """A number right-aligned in `places` digit positions."""
    text = str(value)
    return FIGURE_SPACE * (places - len(text)) + text


DATE_PLACES = 10  # dd-mm-jjjj


def _day(value: date | None) -> str:
    """A date as dd-mm-jjjj, a missing one as a dash of the same width."""
    return value.strftime("%d-%m-%Y") if value else "–" + FIGURE_SPACE * (DATE_PLACES - 1)


# --- weeks -------------------------------------------------------------------------------

WEEK_NUMBER_HEADS = ("Doel", "Soll.", "Netw.", "Overig", "Opdr.", "Gespr.")
NUMBER_PLACES = 7  # room for the widest head ("Overig") and a gap
VERSION_PLACES = 6
SAMPLE_WEEK, SAMPLE_PERIOD = "2025-W01", "01-01 – 07-01"  # every week key and period is this wide
DATE_WIDTH = em("01-01-2025" + GAP)  # a date column; second and wrapped lines start after it
OTHER_KIND_WIDTH = 15.0  # em: the longest kind label of these lists ("Proefplaatsing of meeloopdag") and a gap
COLUMN_WIDTHS = {"w-week": em(SAMPLE_WEEK + GAP), "w-period": em(SAMPLE_PERIOD),
                 "w-version": em(_right("v0", VERSION_PLACES)), "w-number": em(_right(0, NUMBER_PLACES)),
                 "w-date": DATE_WIDTH, "w-kind": OTHER_KIND_WIDTH}
WEEK_STATE_INDENT = (COLUMN_WIDTHS["w-week"] + COLUMN_WIDTHS["w-period"] + COLUMN_WIDTHS["w-version"]
                     + len(WEEK_NUMBER_HEADS) * COLUMN_WIDTHS["w-number"] + em(GAP))


def _week_cells(week: str, period: str, version: str, numbers, state: str) -> tuple[Cell, ...]:
    return (Cell(week, "w-week"), Cell(period, "w-period"), Cell(version, "w-version", "num"),
            *(Cell(str(n), "w-number", "num") for n in numbers), Cell(GAP + state))


def week_head() -> Line:
    return Line(cells=_week_cells("Week", "Periode", "Versie", WEEK_NUMBER_HEADS, "Doel gehaald · oordeel"))


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
        text = (row["week"] + GAP + period + _right(f"v{row['plan_version']}", VERSION_PLACES)
                + "".join(_right(n, NUMBER_PLACES) for n in numbers) + GAP + week_state(row))
        css = "paused" if row["paused"] else "gap" if is_gap(row) else ("alt" if i % 2 else "")
        lines.append(Line(text, css=css, week=row["week"]))
    return lines


def week_total(totals: dict[str, int]) -> Line:
    numbers = [totals["target_sum"], totals["applications"], totals["networking"], totals["other_activities"],
               totals["assignments_done"], totals["contacts"]]
    return Line(cells=_week_cells("Totaal", "", "", numbers,
                                  f"{totals['weeks_target_met']} van {totals['weeks_counted']} weken"))


# --- activities --------------------------------------------------------------------------

def application_head() -> Line:
    return Line(cells=(Cell("Datum", "w-date"),
                       Cell("Organisatie, plaats · functie\nSoort · kanaal · wijze · resultaat · past bij belastbaarheid")))


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
        text = f"{_day(a['date'])}{GAP}{who}\n{' · '.join(p for p in how if p)} · {fits}"
        lines.append(Line(text, css="alt" if i % 2 else ""))
    return lines


def other_head() -> Line:
    return Line(cells=(Cell("Datum", "w-date"), Cell("Soort", "w-kind"), Cell("Organisatie · onderwerp of functie")))


def other_lines(rows: list[dict[str, Any]]) -> list[Line]:
    lines = []
    for i, a in enumerate(rows):
        what = _clean(a["organisation"]) or "–"
        if a["position"]:
            what += f" · {_clean(a['position'])}"
        # The date is running text too (as wide as the date column), so a row has one element.
        cells = (Cell(_day(a["date"]) + GAP), Cell(_clean(a["kind_label"]) or "–", "w-kind"), Cell(what))
        lines.append(Line(cells=cells, css="alt" if i % 2 else ""))
    return lines


def ledger_css() -> str:
    """The column widths, and the hanging indents of the rows: wrapped and second lines start
    under the running text. Generated, so that they are the widths the texts are made of."""
    rules = [f".{column} {{ width: {width:.3f}em; }}" for column, width in COLUMN_WIDTHS.items()]
    for selector, indent in ((".weeks .lr", WEEK_STATE_INDENT), (".apps .lr, .apps .lh", DATE_WIDTH),
                             (".others .lr, .others .lh", DATE_WIDTH + OTHER_KIND_WIDTH)):
        rules.append(f"{selector} {{ padding-left: {ROW_PADDING_EM + indent:.3f}em; text-indent: -{indent:.3f}em; }}")
    return "\n".join(rules)
