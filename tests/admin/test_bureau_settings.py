"""The admin sets the bureau's name and logo once; its mails and every PDF use them."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import func, select

from portal import bureau
from portal.admin.invitations import send_invite
from portal.audit.models import AuditEvent
from portal.casefile import progress_report as casefile
from portal.casefile.overview import build_overview
from portal.extensions import db
from portal.mail.models import OutboxMessage
from portal.reports.render import to_html, to_pdf
from tests.factories import UserFactory, world
from tests.progress_reports.factories import draft
from tests.reports.factories import PERIOD, TODAY, WEASYPRINT_ERROR, new_year_trajectory

NAME = "Re-integratiebureau De Brug"


def _png(size: int = 64) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), (11, 85, 99)).save(buffer, "PNG")
    return buffer.getvalue()


def _post(client, name=NAME, logo: bytes | None = None, filename="logo.png", **extra):
    data = {"name": name, **extra}
    if logo is not None:
        data["logo"] = (io.BytesIO(logo), filename)
    return client.post("/beheer/bureau", data=data, content_type="multipart/form-data")


def test_admin_sets_name_and_logo_and_it_is_audited(app, client, login_as):
    w = world()
    db.session.commit()
    login_as(w["admin"])
    assert "Naam van het bureau" in client.get("/beheer/bureau").get_data(as_text=True)
    response = _post(client, logo=_png())
    assert response.status_code == 302
    stored = db.session.scalar(select(bureau.BureauSettings))
    assert stored.name == NAME and stored.logo_type == "image/png" and stored.logo.startswith(b"\x89PNG")
    assert client.get("/beheer/bureau/logo").data == stored.logo
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.detail.like("bureau-instellingen%"))) == 1
    # Saving the name alone keeps the logo; ticking "weghalen" removes it.
    _post(client, name="De Brug")
    db.session.expire_all()
    assert db.session.scalar(select(bureau.BureauSettings)).logo
    _post(client, name="De Brug", remove_logo="y")
    db.session.expire_all()
    assert db.session.scalar(select(bureau.BureauSettings)).logo is None
    assert client.get("/beheer/bureau/logo").status_code == 404


@pytest.mark.parametrize("content, filename, message", [
    (b"Dit is geen afbeelding", "logo.png", "Kies een PNG- of JPEG-afbeelding"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "logo.svg",
     "Kies een PNG- of JPEG-afbeelding"),
    (b"\x89PNG\r\n\x1a\n" + b"0" * 3000, "groot.png", "groter dan 2 kB"),
])
def test_a_wrong_logo_is_refused_by_the_field_and_keeps_the_name(app, client, login_as, monkeypatch, content,
                                                                 filename, message):
    # A small limit keeps the test client's upload in memory (a larger body becomes a temporary file).
    monkeypatch.setattr(bureau, "LOGO_MAX_BYTES", 2048)
    w = world()
    db.session.commit()
    login_as(w["admin"])
    response = _post(client, name="Bureau Nieuw Begin", logo=content, filename=filename)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page and 'value="Bureau Nieuw Begin"' in page
    assert db.session.scalar(select(func.count()).select_from(bureau.BureauSettings)) == 0


def test_an_empty_name_is_refused(app, client, login_as):
    w = world()
    db.session.commit()
    login_as(w["admin"])
    response = _post(client, name="  ")
    assert response.status_code == 200 and "Dit veld is verplicht" in response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["candidate1", "advisor1", "employer1"])
def test_only_the_admin_sees_the_settings_and_the_logo(app, client, login_as, who):
    w = world()
    bureau.save(w["admin"], new_name=NAME, logo=_png(), logo_type="image/png")
    db.session.commit()
    login_as(w[who])
    assert client.get("/beheer/bureau").status_code == 404
    assert _post(client, name="Overgenomen").status_code == 404
    assert client.get("/beheer/bureau/logo").status_code == 404
    db.session.expire_all()
    assert db.session.scalar(select(bureau.BureauSettings)).name == NAME


def test_the_invitation_mail_signs_with_the_saved_name(app):
    app.config["BUREAU_NAME"] = "Naam uit de omgeving"
    w = world()
    bureau.save(w["admin"], new_name=NAME)
    invited = UserFactory(candidate=True)
    db.session.commit()
    with app.test_request_context():
        send_invite(invited, w["admin"])
    db.session.commit()
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == invited.email))
    assert NAME in mail.body_text and "Naam uit de omgeving" not in mail.body_text


def test_without_settings_the_environment_and_then_the_portal_name_apply(app):
    with app.test_request_context():
        app.config["BUREAU_NAME"] = ""
        assert bureau.name_for_mail() == "het re-integratiebureau"
        assert bureau.name_for_pdf() == "Tweede Spoor Online"
        app.config["BUREAU_NAME"] = "Uit de omgeving"
        assert bureau.name_for_pdf() == bureau.name_for_mail() == "Uit de omgeving"
        assert bureau.logo_for_pdf() == (app.config["BUREAU_LOGO"], {})


def _images_on_first_page(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages[0].images)


@pytest.mark.skipif(bool(WEASYPRINT_ERROR), reason=WEASYPRINT_ERROR or "")
def test_both_pdfs_carry_the_saved_name_and_logo(app):
    t = new_year_trajectory()
    advisor = UserFactory(advisor=True)
    t.advisors.append(advisor)
    admin = UserFactory(admin=True)
    db.session.commit()
    with app.test_request_context():
        overview = build_overview(t, *PERIOD, TODAY)
        report = draft(t, advisor, *PERIOD)
        before = (_images_on_first_page(to_pdf(overview)),
                  _images_on_first_page(casefile.to_pdf(report, casefile.report_facts(report, TODAY))))
        bureau.save(admin, new_name=NAME, logo=_png(), logo_type="image/png")
        assert NAME in to_html(overview) and 'src="overview:bureau-logo"' in to_html(overview)
        after = (to_pdf(overview), casefile.to_pdf(report, casefile.report_facts(report, TODAY)))
    for pdf, images in zip(after, before, strict=True):
        first = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        assert NAME in first
        assert _images_on_first_page(pdf) == images + 1  # the uploaded logo is embedded
