"""The PDF's ledger rows line up in a proportional face: the metrics they are built from are
those of the bundled font, every row's fixed part is equally wide, and no two heads touch."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from portal.domain.activities import APPLICATION_KINDS, ActivityKind
from portal.reports import ledger

FONTS = Path(__file__).resolve().parents[2] / "portal" / "static" / "fonts"
MIN_HEAD_GAP_EM = 0.4  # 1 mm at the ledger's 7.4 pt


def _advance(face: str):
    font = TTFont(FONTS / f"OpenSans-{face}.ttf")
    cmap, metrics, units = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm

    def width(text: str) -> float:
        return sum(metrics[cmap[ord(c)]][0] for c in text) / units

    return width


def _gsub_features(face: str) -> set[str]:
    font = TTFont(FONTS / f"OpenSans-{face}.ttf")
    return {record.FeatureTag for record in font["GSUB"].table.FeatureList.FeatureRecord}


def test_the_metrics_are_those_of_the_bundled_font():
    regular = _advance("Regular")
    for char, units in ledger.ADVANCE.items():
        assert regular(char) == pytest.approx(units / ledger.UNITS_PER_EM), char
    assert "tnum" in _gsub_features("Regular")  # what the stylesheet asks for exists
    digits = {regular(d) for d in "0123456789"}
    assert len(digits) == 1  # tabular figures: the columns depend on it
    assert abs(regular(ledger.FIGURE_SPACE) - digits.pop()) < 0.02  # 0.15 pt at 7.4 pt


def _row(week_start: date, **changes):
    row = {"week": f"{week_start:%G-W%V}", "week_start": week_start, "week_end": week_start + timedelta(days=6),
           "plan_version": 0, "paused": False, "pause_category": None, "complete": True, "target_met": True,
           "explained": False, "agreed_target": 2, "target": 2, "judgement": None, "applications": 3,
           "networking": 0, "other_activities": 1, "assignments_done": 0, "contacts": 0}
    return row | changes


def test_every_week_row_starts_its_state_at_the_same_offset():
    """The fixed part of the row (up to the state) is equally wide for one- and two-digit numbers
    and versions and a paused week, within a point; the hanging indent is that width."""
    regular = _advance("Regular")
    rows = [_row(date(2026, 12, 28)), _row(date(2025, 1, 6), applications=12, contacts=10, plan_version=11,
                                             target=14, agreed_target=14),
            _row(date(2027, 1, 11), paused=True, pause_category="Vakantie")]
    widths = []
    for row, line in zip(rows, ledger.week_lines(rows), strict=True):
        fixed = line.text[: len(line.text) - len(ledger.week_state(row))]
        widths.append(regular(fixed))
    # em: under 0.4 mm at 7.4 pt (a figure space is 26 units narrower than a digit, the paused
    # week's dash 147), far below what the eye sees across a row's zebra stripe.
    assert max(widths) - min(widths) < 0.15
    assert all(w == pytest.approx(ledger.WEEK_STATE_INDENT, abs=0.15) for w in widths)


def test_heads_never_run_together():
    """Bold heads in their columns: every head fits its column with a gap to the next one."""
    bold = _advance("Bold")
    for head in (ledger.week_head(), ledger.other_head(), ledger.application_head()):
        left, spans = 0.0, []  # where each head's text starts and ends, in em from the row's start
        for cell in head.cells:
            text = cell.text.split("\n")[0]
            if cell.width is None:  # the last column: its text starts where it begins
                text = text.lstrip(" ")
                start = left + bold(cell.text[: len(cell.text) - len(cell.text.lstrip(" "))])
                spans.append((cell.text, start, start + bold(text)))
                break
            assert bold(text) <= cell.width, cell.text
            start = left + cell.width - bold(text) if cell.align == "num" else left
            spans.append((cell.text, start, start + bold(text)))
            left += cell.width
        for (text, _, end), (following, start, _) in zip(spans, spans[1:]):
            assert start - end >= MIN_HEAD_GAP_EM, (text, following, start - end)


def test_dates_and_kinds_fit_their_columns():
    regular, bold = _advance("Regular"), _advance("Bold")
    assert bold("30-12-2026") + MIN_HEAD_GAP_EM <= ledger.DATE_WIDTH  # bold in the gap rows
    assert regular(ledger._day(None)) <= ledger.DATE_WIDTH
    for kind in set(ActivityKind) - APPLICATION_KINDS:  # the lists of networking and other activities
        assert regular(kind.label) + MIN_HEAD_GAP_EM <= ledger.OTHER_KIND_WIDTH, kind.label
