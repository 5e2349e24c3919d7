"""The diary import page: template file, accepted values from the domain, plain Dutch counts."""

from __future__ import annotations

import base64
import io
from datetime import date, timedelta

import pytest

from portal.diary import exchange
from portal.diary.models import DiaryEntry
from portal.domain.activities import ActivityKind, ApplicationStatus, Channel, Method, NetworkingOutcome
from portal.domain.words import counted, listed
from portal.extensions import db
from tests.factories import TrajectoryFactory, world

TODAY = date(2026, 3, 20)


def _upload(client, trajectory, text: str):
    return client.post(f"/trajecten/{trajectory.id}/dagboek/importeren",
                       data={"file": (io.BytesIO(text.encode("utf-8-sig")), "dagboek.csv")})


def _confirm(client, trajectory, text: str):
    payload = base64.b64encode(text.encode("utf-8-sig")).decode()
    return client.post(f"/trajecten/{trajectory.id}/dagboek/importeren/bevestigen", data={"payload": payload})


def test_counted_and_listed_words():
    assert counted(1, "regel", "regels") == "1 regel"
    assert counted(0, "regel", "regels") == "0 regels" and counted(2, "regel", "regels") == "2 regels"
    assert listed(["a", "b", "c"]) == "a, b of c" and listed(["a"]) == "a" and listed(["a", "b"], "en") == "a en b"


def test_page_lists_the_domain_vocabulary_and_makes_no_werk_nl_promise(client, login_as):
    t = TrajectoryFactory()
    login_as(t.candidate)
    page = client.get(f"/trajecten/{t.id}/dagboek/importeren").get_data(as_text=True)
    for enum in (ActivityKind, Channel, Method, ApplicationStatus, NetworkingOutcome):
        for member in enum:
            assert member.label in page, member
    assert f"/trajecten/{t.id}/dagboek/importeren/voorbeeld.csv" in page
    assert "op werk.nl?" not in page and "andere kolommen" in page


def test_template_file_imports_as_it_is():
    text = exchange.template_csv(TODAY)
    assert text.startswith("\ufeff") and text.splitlines()[0].lstrip("\ufeff").split(";") == list(exchange.COLUMNS)
    parsed = exchange.parse_csv(text.encode("utf-8"), TODAY)
    assert parsed.errors == [] and len(parsed.rows) == 1
    fields = parsed.rows[0][1]
    assert (fields["entry_date"], fields["kind"], fields["method"]) == (TODAY, "application_letter", "email")


def test_template_download_for_own_trajectory_only(client, login_as):
    w = world()
    db.session.commit()
    url = f"/trajecten/{w['t1'].id}/dagboek/importeren/voorbeeld.csv"
    for user, status in ((w["candidate1"], 200), (w["advisor1"], 200), (w["candidate2"], 404),
                         (w["advisor2"], 404), (w["employer1"], 404)):
        client.post("/uitloggen")
        login_as(user)
        response = client.get(url)
        assert response.status_code == status, user.role
        if status == 200:
            assert "attachment" in response.headers["Content-Disposition"] and response.mimetype == "text/csv"


def test_unknown_values_name_the_valid_ones():
    data = (b"datum;soort;organisatie;kanaal;methode;status\n"
            b"03-02-2026;Sollicitatie;A;Krant;Duif;\n"
            b"04-02-2026;Open sollicitatie;B;;;Misschien\n"
            b"05-02-2026;Netwerkgesprek;C;;;Gezellig\n")
    errors = dict(exchange.parse_csv(data, TODAY).errors)
    assert "soort 'Sollicitatie' ken ik niet" in errors[2]
    assert listed([k.label for k in ActivityKind]) in errors[2]
    assert listed([c.label for c in Channel]) in errors[2] and listed([m.label for m in Method]) in errors[2]
    assert listed([s.label for s in ApplicationStatus]) in errors[3]
    assert listed([o.label for o in NetworkingOutcome]) in errors[4]


def test_missing_columns_in_proper_dutch():
    with pytest.raises(exchange.ImportFileError, match="De kolommen datum en soort ontbreken op"):
        exchange.parse_csv(b"organisatie\nX\n", TODAY)
    with pytest.raises(exchange.ImportFileError, match="De kolom soort ontbreekt op"):
        exchange.parse_csv(b"datum;organisatie\n01-02-2026;X\n", TODAY)


def test_preview_dates_are_normalised_and_counts_are_singular_or_plural(client, login_as):
    t = TrajectoryFactory()
    login_as(t.candidate)
    day = date.today() - timedelta(days=3)
    text = (f"datum;soort;organisatie;opvolgdatum\n{day.year}-{day.month}-{day.day};Open sollicitatie;Een B.V.;"
            f"{(day + timedelta(days=7)):%d/%m/%Y}\n")
    page = _upload(client, t, text).get_data(as_text=True)
    assert "Klaar om te importeren: 1 activiteit<" in page
    assert f"{day:%d-%m-%Y}" in page and f"{(day + timedelta(days=7)):%d-%m-%Y}" in page
    response = _confirm(client, t, text)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 activiteit geïmporteerd." in page and "(en)" not in page


def test_a_file_of_duplicates_only_says_so_plainly(client, login_as):
    t = TrajectoryFactory()
    login_as(t.candidate)
    day = (date.today() - timedelta(days=3)).strftime("%d-%m-%Y")
    text = f"datum;soort;organisatie\n{day};Open sollicitatie;Een B.V.\n{day};Open sollicitatie;Twee B.V.\n"
    _confirm(client, t, text)
    assert db.session.query(DiaryEntry).count() == 2
    page = _upload(client, t, text).get_data(as_text=True)
    assert "Niets nieuws om te importeren" in page and "2 regels" in page
    assert "0 activiteiten" not in page and "regel(s)" not in page and 'name="payload"' not in page
    response = _confirm(client, t, text)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "alles uit dit bestand staat al in het dagboek" in page and "0 activiteit" not in page
    # One new row among duplicates: the skipped ones are counted in words.
    more = text + f"{day};Open sollicitatie;Drie B.V.\n"
    page = _upload(client, t, more).get_data(as_text=True)
    assert "Klaar om te importeren: 1 activiteit<" in page and "2 regels staan al in het dagboek" in page
    response = _confirm(client, t, more)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 activiteit geïmporteerd. 2 regels stonden al in het dagboek en zijn overgeslagen." in page
