"""The weekly chart of application activities against target, as server-built SVG.

Presentation attributes only (no style=), so the same SVG works in a page under a strict
CSP and in the PDF. The advisor feature's `weekly_effort_svg` can replace this once it
lands (the lead unifies them).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from portal.domain.evidence import Evidence

BRAND = "#0b5563"
OTHER = "#9bb9c2"
TARGET = "#d08a00"
PAUSED = "#e4def3"
GRID = "#dde3e7"
INK = "#4f5f6b"


def _nice_max(value: int) -> int:
    for step in (4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50):
        if value <= step:
            return step
    return value + (10 - value % 10)


def weekly_chart_svg(evidence: Evidence, width: int = 720, height: int = 230) -> Markup:
    """Bars per ISO week: applications (dark) beside other activities (light), target as a line."""
    weeks = evidence.weeks
    left, right, top, bottom = 34, 8, 10, 38
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(weeks), 1)
    slot = plot_w / n
    peak = max([w.applications for w in weeks] + [w.networking + w.other_activities for w in weeks]
               + [w.target for w in weeks] + [1])
    y_max = _nice_max(peak)
    y = lambda v: top + plot_h - plot_h * v / y_max  # noqa: E731
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="chart-title" class="weekly-chart">',
        '<title id="chart-title">Sollicitatieactiviteiten per week tegen het doel; '
        'overige activiteiten ernaast; gepauzeerde weken gearceerd</title>',
    ]
    for i, w in enumerate(weeks):
        if w.paused:
            parts.append(f'<rect x="{left + i * slot:.2f}" y="{top}" width="{slot:.2f}" height="{plot_h}" fill="{PAUSED}"/>')
    step = 1 if y_max <= 6 else 2 if y_max <= 12 else 5 if y_max <= 30 else 10
    for v in range(0, y_max + 1, step):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.2f}" y2="{y(v):.2f}" stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{y(v) + 3.5:.2f}" text-anchor="end" font-size="10" fill="{INK}">{v}</text>')
    bar = max(slot * 0.38, 0.8)
    for i, w in enumerate(weeks):
        x0 = left + i * slot + slot * 0.1
        if w.applications:
            parts.append(f'<rect x="{x0:.2f}" y="{y(w.applications):.2f}" width="{bar:.2f}" '
                         f'height="{plot_h * w.applications / y_max:.2f}" fill="{BRAND}"/>')
        others = w.networking + w.other_activities
        if others:
            parts.append(f'<rect x="{x0 + bar:.2f}" y="{y(others):.2f}" width="{bar:.2f}" '
                         f'height="{plot_h * others / y_max:.2f}" fill="{OTHER}"/>')
    # Target as a step line; paused weeks have no target to meet, so the line breaks there.
    segment: list[str] = []
    for i, w in enumerate(weeks):
        if w.paused:
            if segment:
                parts.append(f'<path d="{" ".join(segment)}" fill="none" stroke="{TARGET}" stroke-width="2"/>')
            segment = []
            continue
        x_start, x_end, ty = left + i * slot, left + (i + 1) * slot, y(w.target)
        segment.append(f"{'M' if not segment else 'L'}{x_start:.2f},{ty:.2f} L{x_end:.2f},{ty:.2f}")
    if segment:
        parts.append(f'<path d="{" ".join(segment)}" fill="none" stroke="{TARGET}" stroke-width="2"/>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="{INK}" stroke-width="1"/>')
    every = max(1, -(-n // 14))
    for i, w in enumerate(weeks):
        year, number = w.week.iso
        new_year = i == 0 or weeks[i - 1].week.iso[0] != year
        if i % every == 0 or new_year:
            x = left + (i + 0.5) * slot
            parts.append(f'<text x="{x:.2f}" y="{top + plot_h + 13}" text-anchor="middle" font-size="9" fill="{INK}">{number}</text>')
            if new_year:
                parts.append(f'<text x="{x:.2f}" y="{top + plot_h + 26}" text-anchor="middle" font-size="9" '
                             f'font-weight="bold" fill="{INK}">{escape(str(year))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - built from numbers and escaped text only
