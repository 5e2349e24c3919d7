"""The weekly effort chart's week numbers: each year's first week is labelled, and no two
labels under the axis come closer than LABEL_GAP (a two-year PDF once printed "521")."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.advisor.charts import LABEL_GAP, weekly_effort_svg
from portal.domain.evidence import compute_evidence

AXIS_LABEL = re.compile(r'<text x="([\d.]+)" y="(\d+)" text-anchor="middle" font-size="10" fill="[^"]+">(\d+)</text>')


def _labels(svg: str) -> list[tuple[float, int]]:
    found = [(float(x), int(y), int(n)) for x, y, n in AXIS_LABEL.findall(svg)]
    axis_y = max(y for _, y, _ in found)  # the paused weeks' "P" sits at the top, the numbers under the axis
    return [(x, n) for x, y, n in found if y == axis_y]


@settings(max_examples=40, deadline=None)
@given(start=st.dates(date(2024, 1, 1), date(2027, 12, 31)), weeks=st.integers(1, 110),
       width=st.sampled_from([None, 480, 520, 700]))
def test_week_labels_never_touch_and_every_new_year_is_labelled(start, weeks, width):
    end = start + timedelta(weeks=weeks)
    evidence = compute_evidence(start=start, end=end, today=end + timedelta(days=7), target_for=lambda week: 2)
    labels = _labels(str(weekly_effort_svg(evidence, width=width, interactive=False)))
    xs = [x for x, _ in labels]
    assert xs == sorted(xs)
    assert all(b - a >= LABEL_GAP - 0.1 for a, b in zip(xs, xs[1:])), labels
    firsts = {w.week.iso[1] for i, w in enumerate(evidence.weeks)
              if i and evidence.weeks[i - 1].week.iso[0] != w.week.iso[0]}
    assert firsts <= {n for _, n in labels}


def test_a_two_year_pdf_chart_labels_week_1_apart_from_week_52():
    start = date(2025, 1, 6)  # Monday of 2025-W02, as the PDF of the benchmark
    evidence = compute_evidence(start=start, end=start + timedelta(weeks=103), today=date(2027, 1, 10),
                                target_for=lambda week: 2)
    labels = _labels(str(weekly_effort_svg(evidence, width=700, interactive=False)))
    one = next(x for x, n in labels if n == 1)
    assert all(abs(x - one) >= LABEL_GAP for x, n in labels if n != 1)
