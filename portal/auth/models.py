"""Accounts: users with one role each, the employers' organisations, and one-time tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db_types import UTCDateTime, utcnow
from portal.extensions import db


class Role(StrEnum):
    CANDIDATE = "candidate"
    ADVISOR = "advisor"
    EMPLOYER = "employer"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.CANDIDATE: "Kandidaat",
    Role.ADVISOR: "Re-integratieadviseur",
    Role.EMPLOYER: "Werkgever",
    Role.ADMIN: "Beheerder",
}


class Organisation(db.Model):
    """An employer that sends its employees into a trajectory."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    city: Mapped[str] = mapped_column(String(100), default="")
    # Chamber of Commerce number (8 digits): the surest way to tell two employers apart.
    kvk_number: Mapped[str | None] = mapped_column(String(8), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    contacts: Mapped[list[User]] = relationship(back_populates="organisation")


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    is_case_manager: Mapped[bool] = mapped_column(default=False)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped on logout-everywhere and password change; sessions carry it and die with it.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Two-factor login (portal/security): the TOTP secret, when it was confirmed, and the last
    # accepted time step, so a code is accepted once only.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organisation: Mapped[Organisation | None] = relationship(back_populates="contacts")

    @property
    def is_active(self) -> bool:  # Flask-Login: inactive users cannot log in
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def two_factor_enabled(self) -> bool:
        return bool(self.totp_secret and self.totp_enabled_at)

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def first_name(self) -> str:
        return self.name.split(" ")[0] if self.name else ""

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class TokenPurpose(StrEnum):
    INVITE = "invite"
    RESET = "reset"
    EMAIL_CHANGE = "email_change"


class AccountToken(db.Model):
    """A single-use, expiring link for an invitation, a password reset or a new e-mail
    address (hash stored only)."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # EMAIL_CHANGE: the address that becomes the account's once its owner follows the link.
    new_email: Mapped[str | None] = mapped_column(String(254))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
