"""The shared upload checks: content sniffing, size, names and paths."""

from __future__ import annotations

import io
import zipfile

import pytest
from werkzeug.datastructures import FileStorage

from portal.uploads import UploadError, clean_filename, path_for, save_upload, sniff

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _upload(data: bytes, name: str = "brief.pdf") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


@pytest.mark.parametrize(
    "data,kind",
    [(PDF, "pdf"), (PNG, "png"), (b"\xff\xd8\xff\xe0rest", "jpeg"), (_docx(), "docx"),
     (b"<script>alert(1)</script>", None), (b"PK\x03\x04broken", None), (b"MZ\x90\x00", None)],
    # Fixed ids: the docx bytes hold the zip's timestamp, and pytest-xdist requires every
    # worker to collect the same test names.
    ids=["pdf", "png", "jpeg", "docx", "html", "broken-zip", "exe"],
)
def test_sniff_by_content(data, kind):
    assert sniff(data) == kind


def test_save_checks_content_not_extension(app):
    with pytest.raises(UploadError, match="Dit soort bestand"):
        save_upload(_upload(b"<html><script>x</script>", "cv.pdf"), "tests")
    stored = save_upload(_upload(PDF, "../../etc/mijn cv.pdf"), "tests")
    assert stored.original_name == "mijn cv.pdf"
    assert stored.content_type == "application/pdf"
    assert path_for("tests", stored.stored_name).read_bytes() == PDF


def test_size_limit_and_empty(app):
    with pytest.raises(UploadError, match="te groot"):
        save_upload(_upload(PDF + b"x" * 2000), "tests", max_bytes=1000)
    with pytest.raises(UploadError, match="leeg"):
        save_upload(_upload(b""), "tests")
    with pytest.raises(UploadError, match="Kies een bestand"):
        save_upload(None, "tests")


@pytest.mark.parametrize("name", ["../x.pdf", "abc.pdf", "0" * 32 + ".pdf/../../x", ""])
def test_path_for_refuses_traversal(app, name):
    with pytest.raises(ValueError):
        path_for("tests", name)


@pytest.mark.parametrize("folder", ["../etc", "/abs", "Tests", "a//b"])
def test_folder_names_are_restricted(app, folder):
    with pytest.raises(ValueError):
        path_for(folder, "0" * 32 + ".pdf")


def test_clean_filename():
    assert clean_filename("C:\\Users\\me\\brief<1>.docx") == "brief1.docx"
    assert clean_filename("\x00\x01") == "bestand"
    assert len(clean_filename("a" * 500)) == 150


# --- download names (issue 23) ---------------------------------------------------------------

@pytest.mark.parametrize("name, content_type, expected", [
    ("page.html", "image/png", "page.png"),
    ("cv.PDF", "application/pdf", "cv.PDF"),
    ("foto.jpeg", "image/jpeg", "foto.jpeg"),
    ("brief", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "brief.docx"),
    ("cv\u202efdp.exe", "application/pdf", "cvfdp.pdf"),
    ("zero\u200bwidth\u2066.pdf", "application/pdf", "zerowidth.pdf"),
    ("../../etc/passwd", "application/pdf", "passwd.pdf"),
    ("\u202e", "image/png", "bestand.png"),
])
def test_download_name_takes_the_sniffed_type_and_drops_format_characters(name, content_type, expected):
    from portal.uploads import download_name

    assert download_name(name, content_type) == expected
