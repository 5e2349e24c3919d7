"""Issue 24: the assignment page opens with its instructions, and "Concept bewaren" looks secondary."""

from __future__ import annotations

from portal.config import PROJECT_ROOT
from tests.factories import world
from tests.learning.conftest import hand_in


def test_instructions_open_and_draft_button_secondary(client, login_as):
    w = world()
    login_as(w["candidate1"])
    page = client.get("/leren/opdrachten/tekst-opdracht").get_data(as_text=True)
    assert '<details class="card instructions" open>' in page
    assert 'class="button button-secondary" id="save"' in page and 'value="Concept bewaren"' in page
    # An <input type="submit"> is styled as a primary button unless the secondary rule is as specific.
    css = (PROJECT_ROOT / "portal" / "static" / "css" / "portal.css").read_text()
    assert 'input[type="submit"].button-secondary { background: var(--card)' in css


def test_instructions_stay_open_after_handing_in(client, login_as, assignment):
    w = world()
    hand_in(w["t1"], assignment)
    login_as(w["candidate1"])
    page = client.get("/leren/opdrachten/tekst-opdracht").get_data(as_text=True)
    assert '<details class="card instructions" open>' in page
