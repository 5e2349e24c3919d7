"""Edits keep versions: the row as it was goes into its `<Model>Version` table before a change.

The pattern of notes and appointments (portal/advisor NoteVersion) for any model with a `versions` relationship
to a class holding the same column names plus `edited_by_id` and `edited_at`.
"""

from __future__ import annotations

from portal.db_types import utcnow


def _version_class(row):
    return type(row).versions.property.mapper.class_


def update_keeping_version(row, editor_id: int | None, **fields) -> bool:
    """Set `fields` on `row`; if any value changes on a stored row, keep its previous state first.

    False when nothing changed (no version is written then). A row not yet stored gets no version:
    what it says now is its first one.
    """
    changed = {name: value for name, value in fields.items() if getattr(row, name) != value}
    if not changed:
        return False
    if row.id is not None:
        version_class = _version_class(row)
        kept = {attr.key for attr in version_class.__mapper__.column_attrs} & {
            attr.key for attr in type(row).__mapper__.column_attrs} - {"id"}
        row.versions.append(version_class(**{name: getattr(row, name) for name in kept},
                                          edited_by_id=editor_id, edited_at=utcnow()))
    for name, value in changed.items():
        setattr(row, name, value)
    return True
