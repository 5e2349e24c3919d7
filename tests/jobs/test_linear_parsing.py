"""Reading pasted, fetched and imported pages costs time linear in their size (issue 23: ReDoS)."""

from __future__ import annotations

import gc
import time

import pytest

from portal.jobs.htmlscan import raw_blocks, tokens
from portal.jobs.jobposting import jobpostings_in_html
from portal.jobs.plaintext import html_heading, text_from_html

HOSTILE = {
    "unclosed-script": "<script",
    "script-without-end": "<script>x",
    "ld-without-end": "<script type='application/ld+json'>{",
    "lone-brackets": "<",
    "unclosed-block": "<p",
    "heading-without-end": "<h1>a",
    "comment-like": "<!-- <style",
}


def _best_times(function, small: str, large: str, rounds: int = 5) -> tuple[float, float]:
    """The best of several alternating runs of each size: the fairest figures on a shared machine."""
    best = [float("inf"), float("inf")]
    gc.disable()  # the collector's pauses are noise here, not the parser's work
    try:
        for _ in range(rounds):
            for index, text in enumerate((small, large)):
                started = time.perf_counter()
                function(text)
                best[index] = min(best[index], time.perf_counter() - started)
    finally:
        gc.enable()
    return best[0], best[1]


@pytest.mark.timing
@pytest.mark.parametrize("function", [jobpostings_in_html, text_from_html, html_heading],
                         ids=["jsonld", "text", "heading"])
@pytest.mark.parametrize("piece", list(HOSTILE.values()), ids=list(HOSTILE))
def test_time_at_ten_times_the_input_is_under_twenty_times(function, piece):
    # A floor of 2 ms for the small input keeps timer noise out; quadratic work would take seconds.
    # A busy machine can spoil one measurement, never three in a row by a factor that large.
    ratios = []
    for _ in range(3):
        small_time, large_time = _best_times(function, piece * 4000, piece * 40000)
        ratios.append(large_time / max(small_time, 0.002))
        if ratios[-1] < 20:
            break
    assert min(ratios) < 20, ratios


def test_jsonld_blocks_are_still_found_between_hostile_pieces():
    block = '<script type="application/ld+json">{"@type": "JobPosting", "title": "Magazijn", ' \
            '"hiringOrganization": {"name": "Bol"}}</script>'
    page = "<script" * 2000 + ">" + block + "<p" * 1000
    records = jobpostings_in_html("<html>" + block + "</html>")
    assert [r.fields["title"] for r in records] == ["Magazijn"]
    assert isinstance(jobpostings_in_html(page), list)


def test_tokens_cover_the_page_in_order():
    page = "a<b>c</b><script>if (1 < 2) {}</script><p>d"
    kinds = [(t.kind, t.name) for t in tokens(page)]
    assert kinds == [("text", ""), ("start", "b"), ("text", ""), ("end", "b"), ("start", "script"),
                     ("raw", "script"), ("end", "script"), ("start", "p"), ("text", "")]
    assert list(raw_blocks(page, "script")) == [("script", "if (1 < 2) {}")]


def test_text_and_heading_read_as_before():
    page = "<html><head><title>x</title></head><body><h1>Chauffeur <b>C</b></h1><p>Rotterdam</p>" \
           "<style>p{}</style><br/>32 uur</body></html>"
    assert text_from_html(page) == "Chauffeur C\nRotterdam\n32 uur"
    assert html_heading(page) == "Chauffeur C"
