"""Properties of the input guards of issue 23, for any input Hypothesis can think of."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.auth.services import is_safe_next
from portal.domain.dates import DateKind, problem, window
from portal.domain.weeks import Week
from portal.jobs.htmlscan import tokens
from portal.sanitize import http_url

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TODAY = date(2026, 12, 3)
URLISH = st.one_of(
    st.text(max_size=80),
    st.builds(lambda scheme, rest: scheme + rest,
              st.sampled_from(["http://", "https://", "javascript:", "JAVASCRIPT://", "data:", "//", "http:\\\\"]),
              st.text(max_size=60)),
)


@FAST
@given(URLISH)
def test_http_url_keeps_only_plain_http_links(value):
    result = http_url(value)
    assert result == "" or (
        result.lower().startswith(("http://", "https://"))
        and not any(ord(c) <= 0x20 or c == "\\" for c in result)
    )


@FAST
@given(st.text(max_size=80))
def test_safe_next_is_always_a_local_path(value):
    if is_safe_next(value):
        assert value.startswith("/") and not value.startswith("//") and "\\" not in value
        assert not any(ord(c) < 0x20 for c in value)


@FAST
@given(st.text(alphabet=st.sampled_from(list("<>/!-abcdehilnoprstyj=' \"{}\n")), max_size=300))
def test_tokens_move_forward_and_stay_inside_the_page(page):
    end = 0
    for token in tokens(page):
        assert end <= token.start <= token.end <= len(page)
        end = token.end


@FAST
@given(st.sampled_from(list(DateKind)), st.dates())
def test_date_policy_answers_for_every_date(kind, value):
    message = problem(kind, value, TODAY)
    assert (message is None) == window(kind, TODAY).contains(value)


@FAST
@given(st.text(max_size=20) | st.builds("{:04d}-W{:02d}".format, st.integers(0, 9999), st.integers(0, 60)))
def test_week_keys_parse_or_raise_value_error_only(key):
    try:
        week = Week.from_key(key, today=TODAY)
    except ValueError:
        return
    assert window(DateKind.WEEK, TODAY).contains(week.monday)
    week.next(), week.previous(), week.sunday  # noqa: B018 - walking from it never overflows
