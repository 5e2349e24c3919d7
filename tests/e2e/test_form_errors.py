"""A refused form announces its error at the field (role=alert, aria-describedby), per feature.

Login, diary, learning review and the verification page are covered in their journeys;
these are the other features' forms, sent empty by keyboard.
"""

from __future__ import annotations

import pytest

from tests.e2e import demo_data
from tests.e2e.helpers import assert_error_announced, check_page, submit, tab_to

CASES = {
    # feature: (who, path ({tid} = Sanne's trajectory), the field that must announce its error)
    "jobs-plakken": (demo_data.CANDIDATE, "/vacatures/plakken", "textarea[name=content]"),
    "advisor-notitie": (demo_data.ADVISOR, "/adviseur/trajecten/{tid}/notities/nieuw", "textarea[name=body]"),
    "timeline-mijlpaal": (demo_data.ADVISOR, "/trajecten/{tid}/mijlpalen", "input[name=done_on]"),
    "admin-traject": (demo_data.ADMIN, "/beheer/trajecten/nieuw", "input[name=first_sick_day]"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_empty_form_error_is_announced(page, sign_in, live_server, case):
    who, path, field = CASES[case]
    sign_in(who)
    page.goto(path.format(tid=demo_data.trajectory_id(live_server)))
    button = page.locator(f"main form:has({field}) button[type=submit], "
                          f"main form:has({field}) input[type=submit]").last
    tab_to(page, button, max_tabs=150)
    submit(page)
    assert_error_announced(page, field)
    check_page(page, f"fout-{case}")
