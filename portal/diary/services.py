"""Diary writes and reads (the diary feature builds on these)."""

from __future__ import annotations

from portal.auth.models import User
from portal.diary.models import DiaryEntry
from portal.extensions import db
from portal.trajectory.models import Trajectory


def create_entry(trajectory: Trajectory, author: User, **fields) -> DiaryEntry:
    """Add a diary entry to a trajectory; the caller commits."""
    entry = DiaryEntry(trajectory=trajectory, author_id=author.id, **fields)
    db.session.add(entry)
    return entry
