"""The bureau that runs the portal: its name and logo, as the admin sets them.

Several features read them (invitation mails, the PDFs of overviews and progress reports),
so they live below all of them. The admin's settings page writes the one row; without it
the environment's TS_BUREAU_NAME / TS_BUREAU_LOGO apply, and without those the mails say
"het re-integratiebureau" and the PDFs carry the portal's own name and logo.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import ForeignKey, LargeBinary, String, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.db_types import UTCDateTime, utcnow
from portal.extensions import db
from portal.request_memo import forget, remembered

LOGO_MAX_BYTES = 512 * 1024
LOGO_KINDS = {"png": "image/png", "jpeg": "image/jpeg"}
LOGO_ASSET = "bureau-logo"  # the logo's name among a PDF's generated assets ("overview:bureau-logo")
MAIL_FALLBACK = "het re-integratiebureau"
PDF_FALLBACK = "Tweede Spoor Online"


class BureauSettings(db.Model):
    """One row: what the admin set on "Bureau" (name, logo)."""

    __tablename__ = "bureau_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_type: Mapped[str] = mapped_column(String(40), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


def settings() -> BureauSettings | None:
    return remembered("bureau.settings", lambda: db.session.scalar(select(BureauSettings).limit(1)))


def name() -> str:
    """The bureau's own name ("" when nobody set one)."""
    stored = settings()
    return (stored.name if stored is not None and stored.name else "") or current_app.config.get("BUREAU_NAME") or ""


def name_for_mail() -> str:
    return name() or MAIL_FALLBACK


def name_for_pdf() -> str:
    return name() or PDF_FALLBACK


def logo_for_pdf() -> tuple[str, dict[str, tuple[bytes, str]]]:
    """The logo's address in a PDF and the generated asset behind it (none: a static file)."""
    stored = settings()
    if stored is not None and stored.logo:
        return f"overview:{LOGO_ASSET}", {LOGO_ASSET: (stored.logo, stored.logo_type)}
    return current_app.config["BUREAU_LOGO"], {}


def save(by, *, new_name: str, logo: bytes | None = None, logo_type: str = "", remove_logo: bool = False
         ) -> BureauSettings:
    """Store the admin's settings (the caller commits and audits)."""
    stored = db.session.scalar(select(BureauSettings).limit(1))
    if stored is None:
        stored = BureauSettings()
        db.session.add(stored)
    stored.name = new_name.strip()
    if remove_logo:
        stored.logo, stored.logo_type = None, ""
    elif logo is not None:
        stored.logo, stored.logo_type = logo, logo_type
    stored.updated_by_id = by.id
    db.session.flush()
    forget("bureau.settings")
    return stored
