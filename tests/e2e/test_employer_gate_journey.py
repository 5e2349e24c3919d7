"""A medical note for the employer is stopped, rephrased and shared; the candidate sees it on
"Wat ziet mijn werkgever?" and the employer reads the rephrased text."""

from __future__ import annotations

from tests.e2e import demo_data
from tests.e2e.helpers import assert_error_announced, check_page, submit, tab_to, type_into, visit


def test_medical_note_is_stopped_rephrased_and_shared(page, sign_in, live_server):
    tid = demo_data.trajectory_id(live_server)
    tag = page.viewport_name
    medical = f"Sanne heeft weer last van haar hernia en gebruikt pijnstillers ({tag})"
    rephrased = f"Sanne kan tijdelijk minder uren solliciteren; afgesproken twee per week ({tag})"

    sign_in(demo_data.ADVISOR)
    visit(page, f"/adviseur/trajecten/{tid}/notities/nieuw", "poort-notitie-nieuw")
    notice = page.locator("main .employer-notice")
    assert not notice.is_visible()  # internal by default: the employer does not read it
    page.check("input[name=visibility][value=employer]")
    assert notice.is_visible()  # follows the choice at once
    type_into(page, page.locator("textarea[name=body]"), medical)
    tab_to(page, page.get_by_role("button", name="Opslaan"), max_tabs=40)
    submit(page)

    # Stopped: the message at the field, the words marked, the text kept, two ways on.
    message = assert_error_announced(page, "textarea[name=body]")
    assert "medische informatie" in message
    assert page.locator("main mark").all_inner_texts() == ["hernia", "pijnstillers"]
    assert page.locator("textarea[name=body]").input_value() == medical
    assert page.locator("input[name=gate_confirm]").count() == 1
    check_page(page, "poort-notitie-gestopt")

    page.locator("textarea[name=body]").fill("")
    type_into(page, page.locator("textarea[name=body]"), rephrased)
    tab_to(page, page.get_by_role("button", name="Opslaan"), max_tabs=60)
    submit(page)
    assert "Notitie opgeslagen." in page.locator("main").inner_text()

    sign_in(demo_data.CANDIDATE)
    visit(page, "/mijn-traject/werkgever", "poort-wat-ziet-mijn-werkgever")
    main = page.locator("main").inner_text()
    assert rephrased in main and "hernia" not in main

    sign_in(demo_data.EMPLOYER)
    visit(page, "/werkgever", "poort-werkgever")
    main = page.locator("main").inner_text()
    assert rephrased in main and "hernia" not in main
