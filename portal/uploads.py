"""Untrusted file uploads: checked by content, size limited, stored outside the web root.

Files are stored under the key uploads/<folder>/<random name> (portal.storage: UPLOAD_DIR on
disk, or the database); the original name is only metadata.
They are always served as attachments with a fixed content type and nosniff.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, send_file
from werkzeug.datastructures import FileStorage

from portal import storage

# kind -> (extension, content type, Dutch name)
KINDS = {
    "pdf": ("pdf", "application/pdf", "PDF"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (.docx)"),
    "png": ("png", "image/png", "PNG-afbeelding"),
    "jpeg": ("jpg", "image/jpeg", "JPEG-afbeelding"),
}
DOCUMENT_KINDS = frozenset(KINDS)


class UploadError(ValueError):
    """A rejected upload; the message is Dutch and meant for the form."""


@dataclass(frozen=True)
class StoredFile:
    folder: str
    stored_name: str
    original_name: str
    content_type: str
    size: int
    sha256: str


def sniff(data: bytes) -> str | None:
    """The kind of file by its content (magic bytes), or None when not allowed."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
    return None


def clean_filename(name: str | None, fallback: str = "bestand") -> str:
    """A display-safe file name: no paths, no control or format characters, at most 150 characters.

    Format characters (Unicode category Cf: bidi overrides such as U+202E, zero-width
    spaces) make "cv\u202efdp.exe" look like "cvexe.pdf"; they carry no meaning in a name.
    """
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").split("/")[-1])
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"))
    name = re.sub(r"[<>:\"|?*]", "", name).strip(" .")
    return (name or fallback)[:150]


_EXTENSIONS = {content_type: extension for extension, content_type, _ in KINDS.values()}


def download_name(name: str | None, content_type: str) -> str:
    """The name to save a stored file as: the uploader's name, the extension of the sniffed type.

    A PNG/HTML polyglot uploaded as "page.html" saves as "page.png", so the browser or the
    desktop never opens it as a web page.
    """
    extension = _EXTENSIONS.get(content_type)
    name = clean_filename(name)
    if extension is None:
        return name
    stem, dot, old = name.rpartition(".")
    if not dot or not stem:
        stem = name
    elif old.lower() == extension or (extension == "jpg" and old.lower() == "jpeg"):
        return name
    return f"{stem[:140]}.{extension}"


def key_for(folder: str, stored_name: str) -> str:
    """The file's storage key (`uploads/<folder>/<name>`); refuses any name that could leave its folder."""
    if not re.fullmatch(r"[a-z0-9_\-]+(/[a-z0-9_\-]+)*", folder or ""):
        raise ValueError(f"invalid upload folder {folder!r}")
    if not re.fullmatch(r"[0-9a-f]{32}\.[a-z]{3,4}", stored_name or ""):
        raise ValueError("invalid stored file name")
    return f"uploads/{folder}/{stored_name}"


def path_for(folder: str, stored_name: str) -> Path:
    """Where the local backend keeps the file (UPLOAD_DIR/<folder>/<name>)."""
    return storage.local_store(current_app.config).path(key_for(folder, stored_name))


def save_upload(
    upload: FileStorage | None,
    folder: str,
    allowed: frozenset[str] = DOCUMENT_KINDS,
    max_bytes: int | None = None,
) -> StoredFile:
    """Validate and store an upload; raises UploadError with a Dutch message."""
    if upload is None or not upload.filename:
        raise UploadError("Kies een bestand.")
    limit = max_bytes or current_app.config["MAX_UPLOAD_BYTES"]
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise UploadError(f"Het bestand is te groot. Het mag hoogstens {limit // (1024 * 1024)} MB zijn.")
    if not data:
        raise UploadError("Het bestand is leeg.")
    kind = sniff(data)
    if kind not in allowed:
        names = ", ".join(KINDS[k][2] for k in sorted(allowed))
        raise UploadError(f"Dit soort bestand kan niet. Toegestaan: {names}.")
    extension, content_type, _ = KINDS[kind]
    stored_name = f"{uuid.uuid4().hex}.{extension}"
    storage.store().put(key_for(folder, stored_name), data)
    return StoredFile(
        folder=folder,
        stored_name=stored_name,
        original_name=clean_filename(upload.filename),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def send_stored(folder: str, stored_name: str, original_name: str, content_type: str):
    """Serve a stored file as a download (never inline), or raise FileNotFoundError."""
    data = storage.store().get(key_for(folder, stored_name))
    if data is None:
        raise FileNotFoundError(stored_name)
    response = send_file(io.BytesIO(data), mimetype=content_type, as_attachment=True, download_name=download_name(original_name, content_type))
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def delete_stored(folder: str, stored_name: str) -> None:
    """Remove a stored file if it is there (used by erasure)."""
    try:
        storage.store().delete(key_for(folder, stored_name))
    except ValueError:
        pass
