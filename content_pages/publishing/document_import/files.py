"""What an uploaded document is, refused before any reader parses it when it cannot be one.

The checks run cheapest first and the size before anything else, so an upload that is too
large, or a .docx that would unpack to far more than it weighs (a zip bomb), costs no
parsing. A .docx's members are then unpacked as a stream, once: its XML is measured for
the work it would be (``xml_budget``) and its text checked for marks the import could not
show (``word_marks``). Each refusal names the file and says what the editor can do about it.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath
from typing import Literal
from xml.parsers import expat

from content_pages.foundations.limits import (
    DOCUMENT_MARKDOWN_MARKS_MAX,
    DOCUMENT_MAX_BYTES,
    DOCUMENT_TEXT_LINES_MAX,
    DOCUMENT_UNPACKED_MAX_BYTES,
)
from content_pages.publishing.document_import.elements import DocumentRefused
from content_pages.publishing.document_import.word_marks import WordMarks
from content_pages.publishing.document_import.xml_budget import XmlBudget

DocumentKind = Literal["docx", "md", "txt"]

EXTENSIONS: dict[str, DocumentKind] = {".docx": "docx", ".md": "md", ".markdown": "md", ".txt": "txt"}

# An OLE compound file: what Word writes for an old .doc, and for a .docx saved with a
# password (the encrypted package is wrapped in one), so the two cannot be told apart here.
OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
UTF8_BOM = b"\xef\xbb\xbf"
DOCX_BODY = "word/document.xml"
# The parts whose text mammoth imports.
DOCX_TEXT_PARTS = frozenset({DOCX_BODY, "word/footnotes.xml", "word/endnotes.xml"})
# Characters that are not text: C0 controls but tab, line feed, form feed and carriage
# return, DEL and the C1 controls (NUL has a refusal of its own).
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# The characters that may open Markdown markup, counted against DOCUMENT_MARKDOWN_MARKS_MAX.
MARKDOWN_MARKS = "*_[]`<!&\\"
_CHUNK = 64 * 1024
_MB = 1024 * 1024


def document_kind(name: str, data: bytes) -> DocumentKind:
    """Which reader the upload goes to, or ``DocumentRefused`` saying why none can read it."""
    if len(data) > DOCUMENT_MAX_BYTES:
        raise DocumentRefused(
            f'"{name}" is {_size(len(data), DOCUMENT_MAX_BYTES)}; '
            f"a document may be at most {DOCUMENT_MAX_BYTES // _MB} MB ({DOCUMENT_MAX_BYTES:,} bytes)."
        )
    if not data.strip():
        raise DocumentRefused(f'"{name}" is empty.')
    kind = EXTENSIONS.get(PurePath(name).suffix.lower())
    if kind is None:
        accepted = ", ".join(EXTENSIONS)
        raise DocumentRefused(f'"{name}" cannot be imported: the accepted files are {accepted}.')
    if kind == "docx":
        _check_docx(name, data)
    elif kind == "md":
        _check_markdown(name, document_text(name, data))
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
    lines = max(text.count("\n"), text.count("\r")) + 1
    if lines > DOCUMENT_TEXT_LINES_MAX:
        raise DocumentRefused(
            f'"{name}" has {lines:,} lines; a document may have at most {DOCUMENT_TEXT_LINES_MAX:,}, far more '
            "than an article needs. Save a shorter document and upload that."
        )
    control = _CONTROL.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        raise DocumentRefused(
            f'"{name}" is not plain text: line {line} holds a control character (U+{ord(control.group()):04X}), '
            "which is not text: delete it and upload the file again."
        )
    return text


def _check_markdown(name: str, text: str) -> None:
    marks = sum(text.count(mark) for mark in MARKDOWN_MARKS)
    if marks > DOCUMENT_MARKDOWN_MARKS_MAX:
        raise DocumentRefused(
            f'"{name}" holds {marks:,} Markdown marks ({" ".join(MARKDOWN_MARKS)}); a document may hold at most '
            f"{DOCUMENT_MARKDOWN_MARKS_MAX:,}, far more than an article needs. Save a shorter document and upload that."
        )


def _size(size: int, limit: int) -> str:
    """A size an editor can tell from the limit: in MB, as few decimals as that takes, or in
    bytes (10 MB and one byte would read "10.0 MB")."""
    for decimals in (0, 1):
        if round(size / _MB, decimals) > limit / _MB:
            return f"{size / _MB:.{decimals}f} MB"
    return f"{size:,} bytes"


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
    except expat.ExpatError:
        raise DocumentRefused(
            f'"{name}" is a damaged Word document (.docx): its text is not well-formed XML.'
        ) from None


def _check_archive(name: str, archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    declared = sum(member.file_size for member in members)
    if declared > DOCUMENT_UNPACKED_MAX_BYTES:
        raise DocumentRefused(
            f'"{name}" would unpack to {_size(declared, DOCUMENT_UNPACKED_MAX_BYTES)}; '
            f"a Word document may unpack to at most {DOCUMENT_UNPACKED_MAX_BYTES // _MB} MB."
        )
    if DOCX_BODY not in archive.namelist():
        raise DocumentRefused(f'"{name}" is not a Word document (.docx): it has no document body.')
    budget = XmlBudget()
    for member in members:
        budget.start()
        _check_member(name, archive, member, budget)


def _check_member(name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: XmlBudget) -> None:
    """Unpack one member, never more than it declares, so the sum checked above holds,
    counting its XML into ``budget`` and reading its text's marks if it is a text part.

    zipfile itself stops at the declared size and then fails the CRC; counting here keeps
    the bound explicit rather than an implementation detail of the standard library.
    """
    marks = WordMarks() if member.filename in DOCX_TEXT_PARTS else None
    unpacked = 0
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            unpacked += len(chunk)
            if unpacked > member.file_size:
                raise DocumentRefused(f'"{name}" is damaged: a part of it is larger than it declares.')
            over = budget.add(chunk)
            if over:
                raise DocumentRefused(f'"{name}" is too complex to import: {over}')
            if marks is not None:
                marks.feed(chunk)
    if marks is not None:
        marks.feed(b"", final=True)
        refusal = marks.refusal(name)
        if refusal:
            raise DocumentRefused(refusal)
