"""drop the page cache's trajectory revision

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-03

The diary week was cached per (trajectory, revision), the revision raised by triggers on
ten tables. Under a realistic mixed workload (bench/run.py, many candidates writing
between reads) the cache answered about one in ten diary-week views and the portal's
throughput was the same with and without it, so the cache, its triggers and
`trajectories.revision` go. No data is lost: the column only held a counter.
"""
import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0012'
branch_labels = None
depends_on = None


def _revision_0012():
    """The trigger DDL of migration 0012, which created them (same tables, same names)."""
    path = Path(__file__).with_name("20261129_0012_trajectory_revision.py")
    spec = importlib.util.spec_from_file_location("_migration_0012", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade():
    m0012 = _revision_0012()
    for statement in m0012.statements(op.get_bind().dialect.name, m0012.TABLES, drop=True):
        op.execute(statement)
    with op.batch_alter_table("trajectories") as batch_op:
        batch_op.drop_column("revision")


def downgrade():
    op.add_column("trajectories", sa.Column("revision", sa.Integer(), server_default=sa.text("0"), nullable=False))
    m0012 = _revision_0012()
    for statement in m0012.statements(op.get_bind().dialect.name, m0012.TABLES):
        op.execute(statement)
