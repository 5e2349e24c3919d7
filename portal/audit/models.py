"""The audit log (NEN 7513): who did what with whose data, when, for whom and from where.

Rows are written once and never changed: the ORM refuses updates and deletes of an
AuditEvent, and the app has no route that edits the log. Candidate and trajectory are
plain ids (no foreign keys), so the log outlives an erased file without naming anyone.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from portal.db_types import UTCDateTime, utcnow
from portal.extensions import db


class AuditAction(StrEnum):
    VIEW = "view"
    EXPORT = "export"
    CHANGE = "change"
    ERASE = "erase"
    OVERRIDE = "override"  # employer-visible text shared despite the medical check (employer_gate)
    RETRACT = "retract"  # shared text withdrawn from the employer's view
    REPORT = "report"  # a step of a progress report's release flow (portal/progress_reports)

    @property
    def label(self) -> str:
        return {"view": "Bekeken", "export": "Gedownload", "change": "Gewijzigd", "erase": "Verwijderd",
                "override": "Medische controle bevestigd", "retract": "Ingetrokken",
                "report": "Rapportage"}[self.value]


class AuditLogImmutable(RuntimeError):
    """Raised when code tries to change or delete an audit event."""


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    # Keyset pages (newest id first) per candidate, trajectory and actor.
    __table_args__ = (
        Index("ix_audit_events_candidate_id_id", "candidate_id", "id"),
        Index("ix_audit_events_trajectory_id_id", "trajectory_id", "id"),
        Index("ix_audit_events_actor_id_id", "actor_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(10), index=True)
    # whose data
    candidate_id: Mapped[int | None] = mapped_column(Integer)
    trajectory_id: Mapped[int | None] = mapped_column(Integer)
    # which user, on whose behalf
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    actor_role: Mapped[str] = mapped_column(String(20), default="")
    on_behalf_of: Mapped[str] = mapped_column(String(200), default="")
    # what exactly, from where
    endpoint: Mapped[str] = mapped_column(String(100), default="")
    method: Mapped[str] = mapped_column(String(10), default="")
    path: Mapped[str] = mapped_column(String(300), default="")
    permission: Mapped[str] = mapped_column(String(60), default="")
    detail: Mapped[str] = mapped_column(String(300), default="")
    ip_address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")

    @property
    def action_enum(self) -> AuditAction:
        return AuditAction(self.action)


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(mapper, connection, target) -> None:
    raise AuditLogImmutable("audit events cannot be changed")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(mapper, connection, target) -> None:
    raise AuditLogImmutable("audit events cannot be deleted")
