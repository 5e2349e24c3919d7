"""Import of JobPosting JSON-LD and the XML feed: good, duplicate and broken records."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.jobs.importing import import_records
from portal.jobs.jobposting import FeedError, jobpostings_in_html, parse_file, parse_jsonld, parse_xml
from portal.jobs.models import Vacancy
from tests.factories import UserFactory


def posting(n, **extra):
    node = {
        "@context": "https://schema.org", "@type": "JobPosting", "title": f"Verpleegkundige {n}",
        "identifier": {"@type": "PropertyValue", "value": f"ID-{n}"},
        "hiringOrganization": {"@type": "Organization", "name": "Isala"},
        "jobLocation": {"@type": "Place", "address": {"addressLocality": "Zwolle", "postalCode": "8011AB"}},
        "datePosted": "2026-01-10", "validThrough": "2026-03-01T23:59", "employmentType": "PART_TIME",
        "workHours": "24 - 32 uur", "educationRequirements": "mbo niveau 4", "industry": "Zorg",
        "description": "<p>Je zorgt voor patiënten.</p>",
        "baseSalary": {"@type": "MonetaryAmount", "currency": "EUR",
                       "value": {"@type": "QuantitativeValue", "minValue": 2800, "maxValue": 3600, "unitText": "MONTH"}},
    }
    node.update(extra)
    return node


def count():
    return db.session.scalar(select(func.count()).select_from(Vacancy))


def test_single_object(app):
    records = parse_jsonld(json.dumps(posting(1)))
    report = import_records(records, "isala")
    db.session.commit()
    vacancy = db.session.scalar(select(Vacancy))
    assert report.created == 1 and not report.errors
    assert (vacancy.title, vacancy.organisation, vacancy.city, vacancy.hours_min, vacancy.hours_max) == (
        "Verpleegkundige 1", "Isala", "Zwolle", 24, 32)
    assert vacancy.education_level == "mbo" and vacancy.sector == "zorg" and vacancy.salary_min == 2800
    assert vacancy.source_id == "ID-1" and vacancy.lat is not None and str(vacancy.closes_on) == "2026-03-01"


def test_list_and_graph_with_broken_records(app):
    broken = posting(3)
    del broken["title"]
    graph = {"@context": "https://schema.org", "@graph": [
        posting(1), {"@type": "Organization", "name": "x"}, broken, posting(4, datePosted="gisteren"), posting(5)]}
    records = parse_jsonld(json.dumps(graph))
    report = import_records(records, "feed")
    assert report.created == 2
    assert report.errors == [(2, "geen JobPosting"), (3, "titel ontbreekt"), (4, "ongeldige datum 'gisteren'")]
    assert len(parse_jsonld(json.dumps([posting(1), posting(2)]))) == 2


def test_duplicates_update_instead_of_repeating(app):
    import_records(parse_jsonld(json.dumps([posting(1), posting(2)])), "feed")
    db.session.commit()
    # Same source and id, new title: updated.
    report = import_records(parse_jsonld(json.dumps(posting(1, title="Senior verpleegkundige"))), "feed")
    assert (report.created, report.updated) == (0, 1)
    # Other source, no id, same organisation and title within days: updated, not repeated.
    other = posting(2, datePosted="2026-01-12")
    del other["identifier"]
    report = import_records(parse_jsonld(json.dumps(other)), "andere-site")
    db.session.commit()
    assert (report.created, report.updated) == (0, 1)
    assert count() == 2
    assert db.session.scalar(select(Vacancy).where(Vacancy.source_id == "ID-1")).title == "Senior verpleegkundige"


def test_jobposting_in_html_page(app):
    html_page = f"""<!doctype html><html><head>
      <script type="application/ld+json">{{"@type":"BreadcrumbList"}}</script>
      <script type="application/ld+json">{json.dumps(posting(7))}</script>
      <script type="application/ld+json">{{not json</script></head><body></body></html>"""
    records = jobpostings_in_html(html_page)
    assert [r.fields["title"] for r in records] == ["Verpleegkundige 7"]
    _, via_file = parse_file(html_page.encode())
    assert len(via_file) == 1


XML = """<?xml version="1.0" encoding="UTF-8"?>
<vacatures bron="regio-netwerk">
  <vacature id="A1">
    <titel>Chauffeur C</titel><organisatie>Van Dijk Logistiek</organisatie><plaats>Venlo</plaats>
    <postcode>5911 AB</postcode><uren min="32" max="40"/><dienstverband>vast</dienstverband>
    <opleiding>mbo</opleiding><sector>logistiek</sector><salaris min="2600" max="3100"/>
    <omschrijving><![CDATA[<p>Rijden door <strong>Limburg</strong>.</p>]]></omschrijving>
    <solliciteren url="https://example.nl/a1" email="hr@example.nl"/>
    <geplaatst>2026-01-02</geplaatst><sluit>2026-02-01</sluit>
  </vacature>
  <vacature id="A2"><organisatie>Zonder titel BV</organisatie></vacature>
  <vacature id="A3"><titel>Planner</titel><organisatie>Van Dijk Logistiek</organisatie><uren min="veel"/></vacature>
  <vacature id="A1"><titel>Chauffeur CE</titel><organisatie>Van Dijk Logistiek</organisatie><plaats>Venlo</plaats></vacature>
</vacatures>"""


def test_xml_feed(app):
    source, records = parse_xml(XML.encode())
    assert source == "regio-netwerk"
    report = import_records(records, source)
    db.session.commit()
    assert (report.created, report.updated) == (1, 1)
    assert report.errors == [(2, "titel ontbreekt"), (3, "ongeldig getal 'veel'")]
    vacancy = db.session.scalar(select(Vacancy))
    assert vacancy.title == "Chauffeur CE" and vacancy.source_id == "A1" and vacancy.city == "Venlo"


@pytest.mark.parametrize("data", [
    b"<!DOCTYPE x [<!ENTITY a 'b'>]><vacatures>&a;</vacatures>",  # entities refused (defusedxml)
    b"<other/>", b"{not json", b"just text", "\u00e9".encode("latin-1"), b"x" * (5 * 1024 * 1024 + 1),
])
def test_unreadable_files_are_refused(app, data):
    with pytest.raises(FeedError):
        parse_file(data)


def test_import_page_and_cli(client, login_as, runner, tmp_path, app):
    advisor = UserFactory(advisor=True)
    login_as(advisor)
    payload = json.dumps([posting(1), {"@type": "JobPosting"}]).encode()
    response = client.post("/vacatures/importeren", data={"source": "upload", "file": (io.BytesIO(payload), "v.json")},
                           content_type="multipart/form-data")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "titel ontbreekt" in body and count() == 1
    feed = tmp_path / "feed.xml"
    feed.write_text(XML, encoding="utf-8")
    result = runner.invoke(args=["import-vacancies", str(feed), "--source", "nachtelijk"])
    assert result.exit_code == 0, result.output
    assert "1 created, 1 updated, 2 skipped" in result.output
    db.session.expire_all()
    assert count() == 2
