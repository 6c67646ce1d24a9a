"""Real .docx files for the reading tests, built with python-docx, and what it cannot build."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


def docx_bytes(build: Callable[[Document], object]) -> bytes:
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def add_hyperlink(paragraph: Paragraph, url: str, text: str) -> None:
    """A ``w:hyperlink`` to an external address, as Word writes one (python-docx has no API)."""
    relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), relationship)
    run = OxmlElement("w:r")
    run_text = OxmlElement("w:t")
    run_text.text = text
    run_text.set(qn("xml:space"), "preserve")
    run.append(run_text)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def tiny_png() -> bytes:
    """A valid 1x1 PNG, enough for python-docx to embed it."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
