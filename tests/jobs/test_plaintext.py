"""Reading a pasted plain-text vacancy (no JobPosting data): realistic Dutch texts."""

from __future__ import annotations

from datetime import date

import pytest

from portal.jobs.plaintext import (
    extract_closing_date,
    extract_fields,
    extract_hours,
    extract_location,
    extract_salary,
    extract_title,
    html_heading,
    text_from_html,
)

TODAY = date(2026, 10, 1)

ADMIN = """Administratief medewerker
Gemeente Amersfoort zoekt een administratief medewerker voor het team Burgerzaken.

Wat ga je doen?
Je verwerkt aanvragen en beantwoordt vragen van inwoners.

Wat bieden wij?
- 32 uur per week
- Salaris: € 2.950 - € 3.400 bruto per maand
- Standplaats: Amersfoort

Reageren vóór 15 december 2026 via vacatures@amersfoort.nl.
"""

ZORG = """Vacature: Helpende zorg en welzijn (mbo 2)
Organisatie: Zorgcentrum De Linde
Stationsweg 12, 3811 AB Amersfoort

Werktijden: 24-32 uur, geen nachtdiensten.
Salaris tussen €2.500,- en €2.900,- afhankelijk van ervaring.
Sluitingsdatum: 15-12-2026
Vragen? Mail naar p.jansen@delinde.nl.
"""

LOGISTIEK = """Magazijnmedewerker (parttime)
Wij zoeken per direct een magazijnmedewerker in Tilburg.
Je werkt 20 tot 24 uur in de week, in dagdienst.
Uurloon € 14,50 per uur.
Reageer uiterlijk 1 november via https://werkenbij.example.nl/magazijn.
Je krijgt binnen 48 uur antwoord.
"""


def test_full_text_of_a_municipal_vacancy():
    fields = extract_fields(ADMIN, TODAY)
    assert fields["title"] == "Administratief medewerker"
    assert fields["organisation"] == "Gemeente Amersfoort"
    assert fields["apply_email"] == "vacatures@amersfoort.nl"
    assert fields["closes_on"] == date(2026, 12, 15)
    assert (fields["hours_min"], fields["hours_max"]) == (32, 32)
    assert fields["city"] == "Amersfoort"
    assert (fields["salary_min"], fields["salary_max"]) == (2950, 3400)
    assert fields["sector"] == "administratie"


def test_care_vacancy_with_labels_postcode_and_numeric_date():
    fields = extract_fields(ZORG, TODAY)
    assert fields["title"] == "Helpende zorg en welzijn (mbo 2)"
    assert fields["organisation"] == "Zorgcentrum De Linde"
    assert fields["postcode"] == "3811AB" and fields["city"] == "Amersfoort"
    assert (fields["hours_min"], fields["hours_max"]) == (24, 32)
    assert (fields["salary_min"], fields["salary_max"]) == (2500, 2900)
    assert fields["closes_on"] == date(2026, 12, 15)
    assert fields["apply_email"] == "p.jansen@delinde.nl"
    assert fields["education_level"] == "mbo"


def test_warehouse_text_skips_hourly_wage_and_reply_time():
    fields = extract_fields(LOGISTIEK, TODAY)
    assert fields["title"] == "Magazijnmedewerker (parttime)"
    assert (fields["hours_min"], fields["hours_max"]) == (20, 24)
    assert "salary_min" not in fields and "salary_max" not in fields  # an hourly wage, not a month
    assert fields["city"] == "Tilburg"
    assert fields["closes_on"] == date(2026, 11, 1)  # no year: the next 1 November
    assert fields["apply_url"] == "https://werkenbij.example.nl/magazijn"
    assert "organisation" not in fields  # "Wij zoeken" names nobody


@pytest.mark.parametrize("text, expected", [
    ("reageren vóór 15 december 2026", date(2026, 12, 15)),
    ("Reageren voor 15 december 2026 kan via de site.", date(2026, 12, 15)),
    ("sluitingsdatum: 15-12-2026", date(2026, 12, 15)),
    ("Deadline 2026-12-15", date(2026, 12, 15)),
    ("Solliciteren kan tot en met 3 jan.", date(2027, 1, 3)),
    ("We zijn 15 december 2026 gesloten.", None),  # a date, but not a closing date
    ("sluitingsdatum: 31-02-2026", None),
])
def test_closing_dates(text, expected):
    assert extract_closing_date(text, TODAY) == expected


@pytest.mark.parametrize("text, expected", [
    ("32 uur per week", (32, 32)),
    ("24-32 uur", (24, 32)),
    ("24 - 32 uur per week", (24, 32)),
    ("Contract voor 36 uur/week", (36, 36)),
    ("Je hoort binnen 24 uur van ons. Het gaat om 16 uur per week.", (16, 16)),
    ("Bereikbaar 24 uur per dag", (None, None)),
    ("Geen uren genoemd", (None, None)),
])
def test_hours(text, expected):
    assert extract_hours(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("€ 2.950 - € 3.400", (2950, 3400)),
    ("€2.950,- tot €3.400,- bruto per maand", (2950, 3400)),
    ("tussen 2950 en 3400 euro", (2950, 3400)),
    ("Salaris: € 3.100,00 bruto per maand", (3100, 3100)),
    ("maximaal € 3.400", (None, 3400)),
    ("€ 45.000 - € 55.000 per jaar", (None, None)),
    ("€ 14,50 per uur", (None, None)),
])
def test_salary(text, expected):
    assert extract_salary(text) == expected


def test_location_only_takes_known_places():
    assert extract_location("Werklocatie: Utrecht en omgeving") == ("Utrecht", "")
    assert extract_location("Je werkt in Den Haag, vlak bij het station.") == ("Den Haag", "")
    assert extract_location("Je werkt in Nergenshuizen.") == ("", "")
    assert extract_location("Adres: Oudegracht 1, 3511 AB Utrecht") == ("Utrecht", "3511AB")


def test_title_is_not_taken_from_a_sentence_or_a_link():
    assert extract_title("Wij zoeken iemand die graag met mensen werkt.\nMeer info volgt.") == ""
    assert extract_title("https://example.nl/vacature/123") == ""
    assert extract_title("Vacature\n\nReceptionist (m/v/x)\nHotel") == "Receptionist (m/v/x)"


def test_html_page_without_jobposting():
    page = ("<html><head><title>Werken bij</title><script>var x = 1;</script></head><body>"
            "<nav>Home</nav><h1>Chauffeur C &amp; E</h1><p>Bij Transport Jansen in Zwolle.</p>"
            "<p>40 uur per week</p></body></html>")
    text = text_from_html(page)
    assert "var x" not in text and "Chauffeur C & E" in text.splitlines()
    assert html_heading(page) == "Chauffeur C & E"
    fields = extract_fields(text, TODAY, heading=html_heading(page))
    assert fields["title"] == "Chauffeur C & E" and fields["city"] == "Zwolle"
    assert fields["hours_min"] == 40
