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
LEFT, RIGHT, TOP, BOTTOM = 34, 12, 14, 40


def _nice_max(value: int) -> int:
    for step in (2, 4, 5, 6, 8, 10, 15, 20, 25, 30, 40, 50):
        if value <= step:
            return step
    return (value + 9) // 10 * 10


def weekly_effort_svg(evidence: Evidence) -> Markup:
    """Application activities per ISO week against the target, other activities beside them."""
    weeks = evidence.weeks
    uid = hashlib.sha1(f"{evidence.start}{evidence.end}{len(weeks)}".encode(), usedforsecurity=False).hexdigest()[:8]
    count = max(len(weeks), 1)
    width = LEFT + RIGHT + SLOT * count
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
    label_every = 1 if count <= 16 else 2 if count <= 32 else 4
    target_points: list[str] = []
    for i, w in enumerate(weeks):
        x0 = LEFT + i * SLOT
        year, number = w.week.iso
        other = w.networking + w.other_activities
        tip = (f"Week {number} {year}: {w.applications} sollicitaties, {other} andere activiteiten"
               + (", gepauzeerd" if w.paused else f", doel {w.target}"))
        parts.append(f'<g><title>{escape(tip)}</title>')
        if w.paused:
            parts.append(f'<rect x="{x0 + 1}" y="{TOP}" width="{SLOT - 2}" height="{PLOT_HEIGHT}" '
                         f'fill="{PAUSED}"/>')
            parts.append(f'<text x="{x0 + SLOT / 2}" y="{TOP + 12}" text-anchor="middle" font-size="10" '
                         f'fill="{INK}">P</text>')
        if w.applications:
            parts.append(f'<rect x="{x0 + 3}" y="{y(w.applications):.1f}" width="{BAR}" '
                         f'height="{TOP + PLOT_HEIGHT - y(w.applications):.1f}" fill="{APPLICATIONS}"/>')
        if other:
            parts.append(f'<rect x="{x0 + 4 + BAR}" y="{y(other):.1f}" width="{BAR}" '
                         f'height="{TOP + PLOT_HEIGHT - y(other):.1f}" fill="{OTHER}"/>')
        # An invisible full-height target for the tooltip, so empty weeks have one too.
        parts.append(f'<rect x="{x0}" y="{TOP}" width="{SLOT}" height="{PLOT_HEIGHT}" fill="transparent"/>')
        parts.append('</g>')
        if not w.paused:
            target_points.append(f"{x0:.1f},{y(w.target):.1f} {x0 + SLOT:.1f},{y(w.target):.1f}")
        elif target_points:
            parts.append(_target_line(target_points))
            target_points = []
        if i % label_every == 0:
            parts.append(f'<text x="{x0 + SLOT / 2}" y="{TOP + PLOT_HEIGHT + 14}" text-anchor="middle" '
                         f'font-size="10" fill="{INK}">{number}</text>')
    if target_points:
        parts.append(_target_line(target_points))
    parts.append(f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{TOP + PLOT_HEIGHT}" y2="{TOP + PLOT_HEIGHT}" '
                 f'stroke="{INK}" stroke-width="1"/>')
    parts.append(f'<text x="{LEFT}" y="{height - 6}" font-size="11" fill="{INK}">ISO-week</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text part above went through escape()


def _target_line(points: list[str]) -> str:
    return (f'<polyline points="{" ".join(points)}" fill="none" stroke="{TARGET}" stroke-width="2" '
            f'stroke-dasharray="5 3"/>')
