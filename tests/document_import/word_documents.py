"""Real .docx files for the reading tests, built with python-docx, and what it cannot build."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable

import docx
from docx.document import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
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


def docx_with_body(body_xml: str) -> bytes:
    """A real .docx whose body holds ``body_xml`` (WordprocessingML with the ``w:`` prefix),
    for what python-docx has no API for: tracked changes, hidden text, vertical alignment."""
    return docx_bytes(lambda document: add_body_xml(document, body_xml))


def add_body_xml(document: Document, body_xml: str) -> None:
    body = document.element.body
    for child in list(parse_xml(f"<w:body {nsdecls('w')}>{body_xml}</w:body>")):
        body.insert(len(body) - 1, child)  # before the section properties, which end the body


def add_footnotes(document: Document, notes: list[str]) -> None:
    """A footnotes part holding ``notes`` (ids 1, 2…), as Word writes one; the body refers
    to them with ``<w:footnoteReference w:id="1"/>`` in a run."""
    footnotes = "".join(
        f'<w:footnote w:id="{number}"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:footnote>'
        for number, text in enumerate(notes, 1)
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {nsdecls("w")}>{footnotes}</w:footnotes>'
    )
    part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, xml.encode(), document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
