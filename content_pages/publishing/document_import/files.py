"""What an uploaded document is, refused before any reader parses it when it cannot be one.

The checks run cheapest first and the size before anything else, so an upload that is too
large, or a .docx that would unpack to far more than it weighs (a zip bomb), costs no
parsing. Each refusal names the file and says what the editor can do about it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath
from typing import Literal

from content_pages.foundations.limits import DOCUMENT_MAX_BYTES, DOCUMENT_UNPACKED_MAX_BYTES
from content_pages.publishing.document_import.elements import DocumentRefused

DocumentKind = Literal["docx", "md", "txt"]

EXTENSIONS: dict[str, DocumentKind] = {".docx": "docx", ".md": "md", ".markdown": "md", ".txt": "txt"}

# An OLE compound file: what Word writes for an old .doc, and for a .docx saved with a
# password (the encrypted package is wrapped in one), so the two cannot be told apart here.
OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
UTF8_BOM = b"\xef\xbb\xbf"
DOCX_BODY = "word/document.xml"
_CHUNK = 64 * 1024
_MB = 1024 * 1024


def document_kind(name: str, data: bytes) -> DocumentKind:
    """Which reader the upload goes to, or ``DocumentRefused`` saying why none can read it."""
    if len(data) > DOCUMENT_MAX_BYTES:
        raise DocumentRefused(
            f'"{name}" is {len(data) / _MB:.1f} MB; a document may be at most {DOCUMENT_MAX_BYTES // _MB} MB.'
        )
    if not data.strip():
        raise DocumentRefused(f'"{name}" is empty.')
    kind = EXTENSIONS.get(PurePath(name).suffix.lower())
    if kind is None:
        accepted = ", ".join(EXTENSIONS)
        raise DocumentRefused(f'"{name}" cannot be imported: the accepted files are {accepted}.')
    if kind == "docx":
        _check_docx(name, data)
    else:
        document_text(name, data)
    return kind


def document_text(name: str, data: bytes) -> str:
    """A .md or .txt upload's text, without the byte order mark some editors write first.

    Only UTF-8 is read: guessing another encoding would import a wrong character silently,
    where the refusal names the place to look.
    """
    try:
        text = data.removeprefix(UTF8_BOM).decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + (len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0)
        line = data.count(b"\n", 0, offset) + 1
        raise DocumentRefused(
            f'"{name}" is not UTF-8 text (byte {offset}, line {line}): save it with the UTF-8 encoding.'
        ) from None
    if "\x00" in text:
        raise DocumentRefused(
            f'"{name}" is not a text file: it contains NUL bytes (a text saved as UTF-16 does too: save it as UTF-8).'
        )
    if not text.strip():
        raise DocumentRefused(f'"{name}" is empty.')
    return text


def _check_docx(name: str, data: bytes) -> None:
    if data.startswith(OLE_SIGNATURE):
        raise DocumentRefused(
            f'"{name}" is password-protected or an old Word 97–2003 .doc: remove the password or save it as .docx.'
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(name, archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError):
        raise DocumentRefused(f'"{name}" is not a Word document (.docx), or it is damaged.') from None
    except (RuntimeError, NotImplementedError):
        # zipfile's words for an encrypted member and an unknown compression method.
        raise DocumentRefused(f'"{name}" is not a Word document (.docx) that can be read.') from None


def _check_archive(name: str, archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    declared = sum(member.file_size for member in members)
    if declared > DOCUMENT_UNPACKED_MAX_BYTES:
        raise DocumentRefused(
            f'"{name}" would unpack to {declared / _MB:.0f} MB; '
            f"a Word document may unpack to at most {DOCUMENT_UNPACKED_MAX_BYTES // _MB} MB."
        )
    if DOCX_BODY not in archive.namelist():
        raise DocumentRefused(f'"{name}" is not a Word document (.docx): it has no document body.')
    for member in members:
        _check_member(name, archive, member)


def _check_member(name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Unpack one member, never more than it declares, so the sum checked above holds.

    zipfile itself stops at the declared size and then fails the CRC; counting here keeps
    the bound explicit rather than an implementation detail of the standard library.
    """
    unpacked = 0
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            unpacked += len(chunk)
            if unpacked > member.file_size:
                raise DocumentRefused(f'"{name}" is damaged: a part of it is larger than it declares.')
