"""Untrusted file uploads: checked by content, size limited, stored outside the web root.

Files live under UPLOAD_DIR/<folder>/<random name>; the original name is only metadata.
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


def _root() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]).resolve()


def _folder_path(folder: str) -> Path:
    if not re.fullmatch(r"[a-z0-9_\-]+(/[a-z0-9_\-]+)*", folder):
        raise ValueError(f"invalid upload folder {folder!r}")
    return _root() / folder


def path_for(folder: str, stored_name: str) -> Path:
    """The file's path; refuses any name that could leave its folder."""
    if not re.fullmatch(r"[0-9a-f]{32}\.[a-z]{3,4}", stored_name or ""):
        raise ValueError("invalid stored file name")
    path = (_folder_path(folder) / stored_name).resolve()
    if _root() not in path.parents:
        raise ValueError("path outside the upload folder")
    return path


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
    directory = _folder_path(folder)
    directory.mkdir(parents=True, exist_ok=True)
    path_for(folder, stored_name).write_bytes(data)
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
    path = path_for(folder, stored_name)
    if not path.is_file():
        raise FileNotFoundError(stored_name)
    response = send_file(path, mimetype=content_type, as_attachment=True, download_name=download_name(original_name, content_type))
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def delete_stored(folder: str, stored_name: str) -> None:
    """Remove a stored file if it is there (used by erasure)."""
    try:
        path_for(folder, stored_name).unlink(missing_ok=True)
    except ValueError:
        pass
