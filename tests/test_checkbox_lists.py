"""Multi-selects render as checkbox lists in a fieldset: usable on a phone, no Ctrl/Cmd."""

from __future__ import annotations

import re

from tests.factories import UserFactory, world


def test_admin_chooses_advisors_with_checkboxes(client, login_as):
    a1, a2 = UserFactory(advisor=True, name="Adviseur Een"), UserFactory(advisor=True, name="Adviseur Twee")
    login_as(UserFactory(admin=True))
    page = client.get("/beheer/trajecten/nieuw").get_data(as_text=True)
    assert "Ctrl" not in page and "<select multiple" not in page and 'multiple' not in page
    assert re.search(r'<fieldset id="advisor_ids"[^>]*>\s*<legend>Adviseur\(s\)', page)
    boxes = re.findall(r'<input[^>]*type="checkbox"[^>]*>', page)
    assert sorted(re.search(r'value="(\d+)"', b).group(1) for b in boxes if 'name="advisor_ids"' in b) == sorted(
        [str(a1.id), str(a2.id)])
    response = client.post("/beheer/trajecten/nieuw", data={"advisor_ids": []})
    html = response.get_data(as_text=True)
    assert 'aria-describedby="advisor_ids-hint advisor_ids-error"' in html and "Kies minstens één adviseur." in html


def test_search_profile_sectors_are_checkboxes(client, login_as):
    w = world()
    login_as(w["advisor1"])
    page = client.get(f"/trajecten/{w['t1'].id}/zoekprofiel").get_data(as_text=True)
    assert "Ctrl" not in page
    assert re.search(r'<fieldset id="sectors"[^>]*>\s*<legend>Sectoren', page)
    assert re.search(r'<input[^>]*type="checkbox"[^>]*value="zorg"|<input[^>]*value="zorg"[^>]*type="checkbox"', page)
