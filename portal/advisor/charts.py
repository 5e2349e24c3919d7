"""The weekly effort chart: server-side SVG, presentation attributes only (no style=).

Reused by the employer's PDF, so it depends on nothing but the evidence it is given.
The same numbers are always offered as a table next to it (templates/advisor/_effort.html).
"""

from __future__ import annotations

import hashlib

from markupsafe import Markup, escape

from portal.domain.evidence import Evidence

APPLICATIONS = "#0b5563"
OTHER = "#9bb9c2"
TARGET = "#b36b00"
PAUSED = "#e4def4"
GRID = "#cfd8de"
INK = "#1d2b36"

SLOT = 30
BAR = 11
PLOT_HEIGHT = 160
LABEL_GAP = 20  # px: the least room between two week numbers under the axis
LEFT, RIGHT, TOP, BOTTOM = 34, 12, 14, 40


def _nice_max(value: int) -> int:
    for step in (2, 4, 5, 6, 8, 10, 15, 20, 25, 30, 40, 50):
        if value <= step:
            return step
    return (value + 9) // 10 * 10


def weekly_effort_svg(evidence: Evidence, width: int | None = None, interactive: bool = True) -> Markup:
    """Application activities per ISO week against the target, other activities beside them.

    By default every week gets a fixed slot (the page scrolls sideways). `width` fits all
    weeks into that many pixels instead (the employer's PDF: two years on one A4 width);
    `interactive=False` leaves out the per-week tooltips, which a PDF cannot show anyway
    and which only cost layout time there. The numbers and the picture stay the same.
    """
    weeks = evidence.weeks
    uid = hashlib.sha1(f"{evidence.start}{evidence.end}{len(weeks)}".encode(), usedforsecurity=False).hexdigest()[:8]
    count = max(len(weeks), 1)
    slot = SLOT if width is None else (width - LEFT - RIGHT) / count
    bar = BAR if width is None else max(slot * 0.38, 0.6)
    width = LEFT + RIGHT + SLOT * count if width is None else width
    height = TOP + PLOT_HEIGHT + BOTTOM
    top_value = _nice_max(max([1] + [max(w.applications, w.networking + w.other_activities, w.target)
                                     for w in weeks]))

    def y(value: float) -> float:
        return TOP + PLOT_HEIGHT - PLOT_HEIGHT * value / top_value

    totals = evidence.totals
    title = "Sollicitaties en andere activiteiten per week"
    desc = (
        f"{len(weeks)} weken vanaf {evidence.start.strftime('%d-%m-%Y')}: {totals['applications']} "
        f"sollicitatieactiviteiten, {totals['networking'] + totals['other_activities']} andere activiteiten, "
        f"doel gehaald in {totals['weeks_target_met']} van {totals['weeks_counted']} getelde weken, "
        f"{totals['weeks_paused']} weken gepauzeerd. De tabel naast de grafiek geeft dezelfde cijfers."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="effort-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="effort-title-{uid} effort-desc-{uid}">',
        f'<title id="effort-title-{uid}">{escape(title)}</title>',
        f'<desc id="effort-desc-{uid}">{escape(desc)}</desc>',
    ]
    # Horizontal grid with values.
    step = max(top_value // 4, 1)
    for value in range(0, top_value + 1, step):
        parts.append(f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                     f'stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11" '
                     f'fill="{INK}">{value}</text>')
    if slot == SLOT:
        label_every = 1 if count <= 16 else 2 if count <= 32 else 4
    else:  # about one label per 26 px
        label_every = max(1, -(-count // max(int((width - LEFT - RIGHT) // 26), 1)))
    # Week numbers to label: every label_every-th week and each year's first week; a regular
    # label too close to a year's first one is left out, so "52" and "1" never run together.
    new_years = {i for i in range(1, count) if weeks[i - 1].week.iso[0] != weeks[i].week.iso[0]}
    labelled = {i for i in range(count) if i % label_every == 0
                and all(abs(i - j) * slot >= LABEL_GAP for j in new_years if j != i)} | new_years
    target_points: list[str] = []
    for i, w in enumerate(weeks):
        x0 = LEFT + i * slot
        year, number = w.week.iso
        other = w.networking + w.other_activities
        if interactive:
            tip = (f"Week {number} {year}: {w.applications} sollicitaties, {other} andere activiteiten"
                   + (", gepauzeerd" if w.paused else f", doel {w.target}"))
            parts.append(f'<g><title>{escape(tip)}</title>')
        if w.paused:
            parts.append(f'<rect x="{x0 + min(1, slot / 8):.1f}" y="{TOP}" width="{slot - min(2, slot / 4):.1f}" '
                         f'height="{PLOT_HEIGHT}" fill="{PAUSED}"/>')
            if slot >= 12:
                parts.append(f'<text x="{x0 + slot / 2:.1f}" y="{TOP + 12}" text-anchor="middle" font-size="10" '
                             f'fill="{INK}">P</text>')
        if w.applications:
            parts.append(f'<rect x="{x0 + slot * 0.1:.1f}" y="{y(w.applications):.1f}" width="{bar:.1f}" '
                         f'height="{TOP + PLOT_HEIGHT - y(w.applications):.1f}" fill="{APPLICATIONS}"/>')
        if other:
            parts.append(f'<rect x="{x0 + slot * 0.1 + bar:.1f}" y="{y(other):.1f}" width="{bar:.1f}" '
                         f'height="{TOP + PLOT_HEIGHT - y(other):.1f}" fill="{OTHER}"/>')
        if interactive:
            # An invisible full-height target for the tooltip, so empty weeks have one too.
            parts.append(f'<rect x="{x0:.1f}" y="{TOP}" width="{slot:.1f}" height="{PLOT_HEIGHT}" fill="transparent"/>')
            parts.append('</g>')
        if not w.paused:
            target_points.append(f"{x0:.1f},{y(w.target):.1f} {x0 + slot:.1f},{y(w.target):.1f}")
        elif target_points:
            parts.append(_target_line(target_points))
            target_points = []
        new_year = i in new_years
        if i in labelled:
            parts.append(f'<text x="{x0 + slot / 2:.1f}" y="{TOP + PLOT_HEIGHT + 14}" text-anchor="middle" '
                         f'font-size="10" fill="{INK}">{number}</text>')
        if i == 0 or new_year:
            # The year under its first week, so a chart across New Year reads unambiguously.
            parts.append(f'<text x="{x0 + slot / 2:.1f}" y="{TOP + PLOT_HEIGHT + 27}" text-anchor="middle" '
                         f'font-size="10" font-weight="bold" fill="{INK}">{year}</text>')
    if target_points:
        parts.append(_target_line(target_points))
    parts.append(f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{TOP + PLOT_HEIGHT}" y2="{TOP + PLOT_HEIGHT}" '
                 f'stroke="{INK}" stroke-width="1"/>')
    parts.append(f'<text x="{width - RIGHT}" y="{height - 6}" text-anchor="end" font-size="11" '
                 f'fill="{INK}">ISO-week</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text part above went through escape()


def _target_line(points: list[str]) -> str:
    return (f'<polyline points="{" ".join(points)}" fill="none" stroke="{TARGET}" stroke-width="2" '
            f'stroke-dasharray="5 3"/>')
