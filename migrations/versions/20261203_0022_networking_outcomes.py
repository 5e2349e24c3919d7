"""networking entries get their own outcomes instead of an application's status

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03

A networking or information conversation (`diary_entries.kind` in networking,
information_interview) used to carry an application status ("sent", "offer", ...). It now
has outcomes of its own (`portal.domain.activities.NetworkingOutcome`). Existing rows and
their status history are mapped; "planned" stays "planned", so what counts as evidence
does not change (a planned entry never counts, networking never counts as an application).

The mapping is written out here (not imported) so the revision keeps meaning what it meant.
The downgrade maps back to the nearest application status; it cannot restore a distinction
the upgrade merged (e.g. "interview" and "sent" both became "talked").
"""
import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

NETWORKING_KINDS = ("networking", "information_interview")
UP = {
    "sent": "talked", "interview": "talked",
    "invited": "follow_up", "second_interview": "follow_up",
    "offer": "referred", "hired": "referred",
    "rejected": "no_follow_up", "withdrawn": "no_follow_up", "no_response": "no_follow_up",
}
DOWN = {"talked": "sent", "new_contact": "sent", "follow_up": "invited", "referred": "offer",
        "no_follow_up": "no_response"}


def _map(mapping: dict[str, str]) -> None:
    conn = op.get_bind()
    entries = sa.table("diary_entries", sa.column("id"), sa.column("kind"), sa.column("status"))
    changes = sa.table("diary_status_changes", sa.column("entry_id"), sa.column("from_status"),
                       sa.column("to_status"))
    networking = sa.select(entries.c.id).where(entries.c.kind.in_(NETWORKING_KINDS)).scalar_subquery()
    for old, new in mapping.items():
        conn.execute(entries.update().where(entries.c.kind.in_(NETWORKING_KINDS), entries.c.status == old)
                     .values(status=new))
        conn.execute(changes.update().where(changes.c.entry_id.in_(networking), changes.c.to_status == old)
                     .values(to_status=new))
        conn.execute(changes.update().where(changes.c.entry_id.in_(networking), changes.c.from_status == old)
                     .values(from_status=new))


def upgrade():
    _map(UP)


def downgrade():
    _map(DOWN)
