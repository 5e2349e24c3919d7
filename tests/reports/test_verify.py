"""Verification codes and the public check page."""

from __future__ import annotations

import io

from portal.casefile import issued
from portal.reports import codes, services
from tests.factories import UserFactory
from tests.reports.factories import PERIOD, TODAY, new_year_trajectory


def test_codes_are_long_random_and_forgiving():
    made = {codes.new_code() for _ in range(200)}
    assert len(made) == 200
    code = next(iter(made))
    shown = codes.display_code(code)
    assert shown.startswith("TS-") and len(shown.split("-")) == 4 and len(code) == 14
    assert codes.normalise(shown.lower().replace("-", " ")) == code
    assert codes.normalise(shown.replace("0", "O").replace("1", "I")) == code
    assert codes.normalise("TS-1234") is None and codes.normalise("") is None
    assert codes.normalise("<script>") is None


def _generate(app, fmt="csv"):
    t = new_year_trajectory()
    user = UserFactory(employer=True, organisation=t.employer)
    with app.test_request_context():
        record, content = issued.generate_overview(t, user, *PERIOD, fmt, TODAY)
    return t, record, content


def test_lookup_shows_only_reference_period_and_date(app, client):
    t, record, _ = _generate(app)
    page = client.get(f"/controle?code={record.display_code.lower()}").get_data(as_text=True)
    assert "Deze code is echt" in page and t.reference in page
    assert "30 november 2026" in page and "24 januari 2027" in page and "CSV" in page
    for private in (t.candidate.name, t.employer.name, *[a.name for a in t.advisors]):
        assert private not in page


def test_uploaded_file_is_compared_by_hash(app, client):
    _, record, content = _generate(app)
    good = client.post("/controle", data={"code": record.display_code, "file": (io.BytesIO(content), "x.csv")},
                       content_type="multipart/form-data")
    assert "echt en ongewijzigd" in good.get_data(as_text=True)
    changed = content.replace(b"Bakkerij", b"Bakkerei")
    bad = client.post("/controle", data={"code": record.display_code, "file": (io.BytesIO(changed), "x.csv")},
                      content_type="multipart/form-data")
    assert "Het bestand wijkt af" in bad.get_data(as_text=True)
    assert issued.verify(record.display_code, content).file_matches is True
    assert issued.verify(record.display_code, changed).file_matches is False


def test_wrong_or_garbage_codes_get_a_calm_message(app, client):
    _generate(app)
    for code in ("TS-AAAA-BBBB-CCCC", "nonsense", "' OR 1=1 --", "x" * 500):
        response = client.post("/controle", data={"code": code[:40]})
        assert response.status_code == 200
        assert "We vinden geen overzicht bij deze code" in response.get_data(as_text=True)
    assert client.get("/controle?code=" + "9" * 5000).status_code == 200
    empty = client.post("/controle", data={"code": ""})
    assert "Vul de verificatiecode in" in empty.get_data(as_text=True)


def test_stored_file_matches_its_hash(app):
    import hashlib

    _, record, content = _generate(app, "xlsx")
    stored = services.stored_content(record)
    assert stored == content and hashlib.sha256(stored).hexdigest() == record.sha256
    assert str(app.config["EXPORT_DIR"]) not in (app.static_folder or "")


def test_lookups_are_rate_limited_per_address(app, client):
    """Guessing codes stops after a few tries from one address; other addresses still get through."""
    _, record, _ = _generate(app)
    app.config.update(RATELIMIT_ENABLED=True, RATE_LIMITS={"verify-address": (3, 600)})
    for _ in range(3):
        response = client.get("/controle?code=TS-AAAA-BBBB-CCCC")
        assert response.status_code == 200 and "We vinden geen overzicht" in response.get_data(as_text=True)
    # Over the limit even a real code is not looked up, by GET or by POST.
    response = client.get(f"/controle?code={record.display_code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 429 and "Even geduld" in page and "over een paar minuten" in page
    assert "Deze code is echt" not in page and record.trajectory.reference not in page
    response = client.post("/controle", data={"code": record.display_code})
    assert response.status_code == 429 and "Deze code is echt" not in response.get_data(as_text=True)
    # The form still shows, so the page stays calm and usable.
    assert 'name="code"' in page
    other = client.get(f"/controle?code={record.display_code}", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert other.status_code == 200 and "Deze code is echt" in other.get_data(as_text=True)


def test_opening_the_page_without_a_code_is_not_counted(app, client):
    app.config.update(RATELIMIT_ENABLED=True, RATE_LIMITS={"verify-address": (1, 600)})
    for _ in range(3):
        assert client.get("/controle").status_code == 200
    assert client.get("/controle?code=TS-AAAA-BBBB-CCCC").status_code == 200
    assert client.get("/controle?code=TS-AAAA-BBBB-CCCC").status_code == 429


def test_the_csv_zip_verifies_as_downloaded_and_not_once_edited(app, client):
    import zipfile

    _, record, content = _generate(app, "csv-nl")
    assert issued.verify(record.display_code, content).file_matches is True
    # Someone unpacks it, edits one table in Excel and packs it again: the code is real, the file is not.
    edited = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as original, zipfile.ZipFile(edited, "w") as repacked:
        for name in original.namelist():
            data = original.read(name)
            repacked.writestr(name, data.replace(b"Bakkerij", b"Bakkerei") if "sollicitatie" in name else data)
    assert edited.getvalue() != content
    page = client.post("/controle", data={"code": record.display_code, "file": (edited, "overzicht.zip")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Het bestand wijkt af" in page and "CSV voor Excel (ZIP)" in page


def test_the_download_page_warns_that_an_edited_file_no_longer_verifies(app, client, login_as):
    t = new_year_trajectory()
    login_as(UserFactory(employer=True, organisation=t.employer))
    for url in (f"/trajecten/{t.id}/overzicht", "/werkgever"):
        page = client.get(url).get_data(as_text=True)
        assert "Een bewerkt of opnieuw opgeslagen bestand" in page and "niet meer te controleren" in page, url
