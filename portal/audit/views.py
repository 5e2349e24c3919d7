"""The audit log: candidates see who looked at their file; admins search the whole log.

There are no routes that change or delete audit events.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import render_template, request
from flask_login import current_user
from sqlalchemy import or_, select

from portal.audit import bp
from portal.audit.models import AuditAction, AuditEvent
from portal.auth.models import Role
from portal.clock import LOCAL_TZ
from portal.extensions import db
from portal.policy import role_required
from portal.registry import add_nav

PAGE_SIZE = 50


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def _date_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, "")[:10])
    except ValueError:
        return None


def _page(query):
    """Keyset pagination, newest first: ?voor=<id> shows the events older than that id."""
    before = _int_arg("voor")
    if before:
        query = query.where(AuditEvent.id < before)
    rows = db.session.scalars(query.order_by(AuditEvent.id.desc()).limit(PAGE_SIZE + 1)).all()
    return rows[:PAGE_SIZE], (rows[PAGE_SIZE - 1].id if len(rows) > PAGE_SIZE else None)


@bp.get("/mijn-gegevens/inzage")
@role_required(Role.CANDIDATE)
def my_views():
    """Wie heeft mijn gegevens bekeken: every look at, download or change of my file by others."""
    query = select(AuditEvent).where(
        AuditEvent.candidate_id == current_user.id,
        or_(AuditEvent.actor_id.is_(None), AuditEvent.actor_id != current_user.id),
    )
    events, next_before = _page(query)
    return render_template("audit/my_views.html", events=events, next_before=next_before)


@bp.get("/beheer/auditlog")
@role_required(Role.ADMIN)
def search():
    """Search the log by user, candidate, action and date."""
    query = select(AuditEvent)
    filters = {
        "gebruiker": _int_arg("gebruiker"),
        "kandidaat": _int_arg("kandidaat"),
        "traject": _int_arg("traject"),
        "actie": request.args.get("actie", "") if request.args.get("actie", "") in set(AuditAction) else "",
        "van": _date_arg("van"),
        "tot": _date_arg("tot"),
        "naam": request.args.get("naam", "")[:100].strip(),
    }
    if filters["gebruiker"]:
        query = query.where(AuditEvent.actor_id == filters["gebruiker"])
    if filters["kandidaat"]:
        query = query.where(AuditEvent.candidate_id == filters["kandidaat"])
    if filters["traject"]:
        query = query.where(AuditEvent.trajectory_id == filters["traject"])
    if filters["actie"]:
        query = query.where(AuditEvent.action == filters["actie"])
    if filters["naam"]:
        query = query.where(AuditEvent.actor_name.ilike(f"%{_escape_like(filters['naam'])}%", escape="\\"))
    if filters["van"]:
        query = query.where(AuditEvent.occurred_at >= datetime.combine(filters["van"], time(), LOCAL_TZ))
    if filters["tot"]:
        end = datetime.combine(filters["tot"] + timedelta(days=1), time(), LOCAL_TZ)
        query = query.where(AuditEvent.occurred_at < end)
    events, next_before = _page(query)
    args = {k: request.args[k][:100] for k in filters if request.args.get(k)}
    return render_template(
        "audit/search.html", events=events, next_before=next_before, filters=filters,
        actions=list(AuditAction), args=args,
    )


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


add_nav("Auditlog", "audit.search", [Role.ADMIN], order=95)
