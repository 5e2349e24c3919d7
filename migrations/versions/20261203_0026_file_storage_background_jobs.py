"""file storage in the database, background jobs

Revision ID: 0026
Revises: 0024
Create Date: 2026-12-03

`stored_files`: the bytes of uploads and stored overviews when FILE_STORAGE is "database"
(portal/storage.py); keys are the paths the local backend has always used (`uploads/<folder>/
<name>`, `exports/<file_path>`), so no existing reference changes. When this upgrade runs with
FILE_STORAGE=database, the files already under UPLOAD_DIR and EXPORT_DIR are carried into the
table; with the local default they stay where they are and are read from the same paths.
`flask copy-files --to database` does the same later, when a bureau switches.

`background_jobs`: one row per job of the job API (portal/background), the truth about its
state whichever runner (RQ, the database queue) does it.
"""
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = '0026'
down_revision = '0024'
branch_labels = None
depends_on = None

AREAS = {"uploads": "UPLOAD_DIR", "exports": "EXPORT_DIR"}


def upgrade():
    stored_files = op.create_table(
        "stored_files",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_stored_files")),
    )
    op.create_table(
        "background_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["requested_by_id"], ["users.id"], name=op.f("fk_background_jobs_requested_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_background_jobs")),
        sa.UniqueConstraint("key", name=op.f("uq_background_jobs_key")),
    )
    op.create_index("ix_background_jobs_status_queued_at", "background_jobs", ["status", "queued_at"])
    _carry_files(stored_files)


def _carry_files(stored_files):
    """With FILE_STORAGE=database, the files on disk move into the table (they stay on disk too)."""
    try:
        from flask import current_app

        config = current_app.config
    except RuntimeError:  # alembic without the Flask app: nothing is configured to move
        return
    if config.get("FILE_STORAGE", "local") != "database":
        return
    now = datetime.now(UTC)
    for area, name in AREAS.items():
        root = Path(config[name])
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                data = path.read_bytes()
                op.bulk_insert(stored_files, [{"key": f"{area}/{path.relative_to(root).as_posix()}", "data": data,
                                               "size": len(data), "created_at": now}])


def downgrade():
    op.drop_index("ix_background_jobs_status_queued_at", table_name="background_jobs")
    op.drop_table("background_jobs")
    op.drop_table("stored_files")
