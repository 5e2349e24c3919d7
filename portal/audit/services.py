"""Recording the audit trail: one central hook in policy.require(), plus explicit exports.

Views and changes of a candidate's data by anyone but that candidate are recorded once per
request and written at the end of the request in their own transaction, so a GET that never
commits still leaves its trace, and a failing view cannot take the log down with it.
"""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request
from flask_login import current_user
from sqlalchemy import insert

from portal.audit.models import AuditAction, AuditEvent
from portal.extensions import db

_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _actor_fields(user) -> dict:
    if not (user and getattr(user, "is_authenticated", False)):
        return {"actor_id": None, "actor_name": "", "actor_role": "", "on_behalf_of": ""}
    organisation = user.organisation.name if getattr(user, "organisation", None) else ""
    on_behalf = organisation or ("Re-integratiebureau" if user.role in {"advisor", "admin"} else "")
    return {
        "actor_id": user.id,
        "actor_name": (user.name or "")[:200],
        "actor_role": user.role,
        "on_behalf_of": on_behalf[:200],
    }


def record(action: AuditAction | str, trajectory=None, *, candidate_id: int | None = None,
           detail: str = "", permission: str = "", user=None) -> None:
    """Note one audit event for this request (written at the end of the request); deduplicated per request."""
    if not has_request_context():
        return
    action = AuditAction(action)
    user = user if user is not None else current_user
    trajectory_id = getattr(trajectory, "id", None)
    if candidate_id is None and trajectory is not None:
        candidate_id = trajectory.candidate_id
    key = (str(action), trajectory_id, candidate_id)
    pending = g.setdefault("audit_pending", {})
    if key in pending:
        return
    pending[key] = {
        **_actor_fields(user),
        "action": str(action),
        "trajectory_id": trajectory_id,
        "candidate_id": candidate_id,
        "endpoint": (request.endpoint or "")[:100],
        "method": request.method[:10],
        "path": request.path[:300],
        "permission": permission[:60],
        "detail": detail[:300],
        "ip_address": (request.remote_addr or "")[:64],
        "user_agent": request.headers.get("User-Agent", "")[:300],
    }


def record_access(user, permission: str, trajectory) -> None:
    """policy.require()'s hook: a view (GET) or change (other methods) by someone not the candidate."""
    if trajectory is None or not has_request_context():
        return
    if getattr(user, "id", None) == trajectory.candidate_id:
        return  # people looking at their own file are not audited
    action = AuditAction.VIEW if request.method in _READ_METHODS else AuditAction.CHANGE
    record(action, trajectory, permission=permission, user=user)


def flush_pending(exc=None) -> None:
    """teardown_request: write this request's audit events in their own short transaction."""
    pending = g.pop("audit_pending", None)
    if pending:
        from portal.db_types import utcnow

        # Whatever the view left uncommitted is discarded at teardown anyway; ending it now
        # also releases SQLite's write lock before the separate audit transaction.
        db.session.rollback()
        now = utcnow()
        rows = [{**row, "occurred_at": now} for row in pending.values()]
        try:
            with db.engine.begin() as conn:
                conn.execute(insert(AuditEvent.__table__), rows)
        except Exception:  # noqa: BLE001 - never lose the response; log loudly instead
            current_app.logger.exception("Audit events could not be written: %s", rows)
            if current_app.config.get("TESTING"):
                raise


def init_app(app: Flask) -> None:
    app.teardown_request(flush_pending)
