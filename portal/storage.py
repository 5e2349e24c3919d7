"""File storage behind one small interface: put, get, delete, exists and keys by a key.

A key is "<area>/<path>": `uploads/diary/12/<name>.pdf` (UPLOAD_DIR), `exports/overviews/12/
<name>.pdf` (EXPORT_DIR). FILE_STORAGE chooses the backend:

- ``local`` (the default): files under the area's folder, the same paths the portal always
  used, so existing file references keep working;
- ``database``: one row per file in `stored_files`, so every app host and the worker see the
  same files, and they share the database's backups, transactions, retention and erasure.

An S3-compatible backend is one more class with these five methods.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Protocol

from flask import current_app
from sqlalchemy import LargeBinary, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.db_types import UTCDateTime, utcnow
from portal.extensions import db

# Area -> the configuration key of its local folder.
AREAS = {"uploads": "UPLOAD_DIR", "exports": "EXPORT_DIR"}
_KEY = re.compile(r"(uploads|exports)(/[A-Za-z0-9_\-]+)*/[A-Za-z0-9_\-]+(\.[A-Za-z0-9]{1,5})?")


class StoredFile(db.Model):
    """The bytes of one file when FILE_STORAGE is "database"."""

    __tablename__ = "stored_files"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


def check_key(key: str) -> str:
    """The key itself, or ValueError when it could leave its area (`..`, absolute, odd characters)."""
    if not isinstance(key, str) or len(key) > 300 or not _KEY.fullmatch(key):
        raise ValueError(f"invalid storage key {key!r}")
    return key


class FileStore(Protocol):
    def put(self, key: str, data: bytes) -> None: ...
    def get(self, key: str) -> bytes | None: ...
    def delete(self, key: str) -> None: ...
    def exists(self, key: str) -> bool: ...
    def keys(self, prefix: str) -> Iterator[tuple[str, int]]: ...


class LocalStore:
    """Files in the areas' folders on this host's disk."""

    def __init__(self, roots: dict[str, str | Path]) -> None:
        self.roots = {area: Path(root).resolve() for area, root in roots.items()}

    def path(self, key: str) -> Path:
        area, _, rest = check_key(key).partition("/")
        root = self.roots[area]
        path = (root / rest).resolve()
        if root not in path.parents:
            raise ValueError("path outside the storage area")
        return path

    def put(self, key: str, data: bytes) -> None:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def get(self, key: str) -> bytes | None:
        path = self.path(key)
        return path.read_bytes() if path.is_file() else None

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        """Remove the file and the folders it leaves empty (up to the area's root)."""
        path = self.path(key)
        path.unlink(missing_ok=True)
        root = self.roots[key.partition("/")[0]]
        parent = path.parent
        while parent != root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent

    def keys(self, prefix: str) -> Iterator[tuple[str, int]]:
        """(key, size) of every file whose key starts with `prefix` ("uploads/" lists an area)."""
        area, _, rest = prefix.partition("/")
        root = self.roots[area]
        if not root.is_dir():
            return
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                key = f"{area}/{path.relative_to(root).as_posix()}"
                if key.startswith(prefix) and _KEY.fullmatch(key):
                    yield key, path.stat().st_size


class DatabaseStore:
    """Files as rows of `stored_files`, written in the caller's transaction (the caller commits)."""

    def put(self, key: str, data: bytes) -> None:
        check_key(key)
        row = db.session.get(StoredFile, key)
        if row is None:
            db.session.add(StoredFile(key=key, data=data, size=len(data)))
        else:
            row.data, row.size = data, len(data)
        db.session.flush()

    def get(self, key: str) -> bytes | None:
        return db.session.scalar(select(StoredFile.data).where(StoredFile.key == check_key(key)))

    def exists(self, key: str) -> bool:
        return db.session.scalar(select(func.count()).where(StoredFile.key == check_key(key))) > 0

    def delete(self, key: str) -> None:
        db.session.execute(delete(StoredFile).where(StoredFile.key == check_key(key)))

    def keys(self, prefix: str) -> Iterator[tuple[str, int]]:
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = db.session.execute(select(StoredFile.key, StoredFile.size)
                                  .where(StoredFile.key.like(escaped + "%", escape="\\")).order_by(StoredFile.key))
        yield from ((key, size) for key, size in rows)


BACKENDS = ("local", "database")


def local_store(config) -> LocalStore:
    return LocalStore({area: config[name] for area, name in AREAS.items()})


def store() -> FileStore:
    """The configured backend (FILE_STORAGE: "local" or "database")."""
    backend = current_app.config.get("FILE_STORAGE", "local")
    if backend == "database":
        return DatabaseStore()
    if backend == "local":
        return local_store(current_app.config)
    raise ValueError(f"unknown FILE_STORAGE {backend!r}; choose one of {', '.join(BACKENDS)}")


def copy_all(source: FileStore, target: FileStore, prefix: str) -> int:
    """Copy every file under `prefix` that the target lacks (switching backends); the caller commits."""
    copied = 0
    for key, _size in list(source.keys(prefix)):
        if not target.exists(key):
            data = source.get(key)
            if data is not None:
                target.put(key, data)
                copied += 1
    return copied
