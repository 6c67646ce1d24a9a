"""A workbook's XML read as a stream before openpyxl loads it, so that a small file
cannot make the load itself exhaust the worker.

openpyxl builds an object for every cell, row and text run it reads, and one for every
cell of a merged range and of a range a hyperlink or comment covers: a few kilobytes of
XML (``<mergeCell ref="A1:XFD1048576"/>``, a million empty ``<c/>``, a million text
runs in one cell) would ask it for gigabytes and minutes. Here every part of the archive
is read with defusedxml's ``iterparse``, each element dropped as soon as it ends, so
memory stays flat, and the reading stops at the first of these:

- more cells and rows than ``WORKBOOK_CELLS_MAX``, or more XML elements in all than
  ``WORKBOOK_XML_ELEMENTS_MAX``;
- a merged range: the export writes none, and a translation is one cell;
- a hyperlink or a comment that covers more than one cell (Excel puts both on one cell).

A part that is not XML (an image) is passed over; an XML part that cannot be read, or
declares entities, refuses the file as openpyxl would.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from content_pages.foundations.limits import WORKBOOK_CELLS_MAX, WORKBOOK_XML_ELEMENTS_MAX
from content_pages.publishing.translations.outcome import Problem, excerpt

# SpreadsheetML's namespace, as Excel writes it and as "Strict Open XML" does.
_MAIN = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main")
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ONE_CELL = re.compile(r"\$?[A-Za-z]{1,3}\$?[0-9]{1,7}")
# Parts that must be XML. Any other (an image, a binary part, a legacy VML drawing, which
# Excel does not always write as well-formed XML) is read as far as it parses and counted.
_XML_SUFFIXES = (".xml", ".rels")
# How far the sheet names are looked for, in the workbook part and its relationships.
_NAMES_ELEMENTS_MAX = 10_000


def unreadable(reason: str) -> str:
    """The refusal of a file openpyxl cannot read (or that this module will not let it)."""
    return (
        f"not an Excel workbook (.xlsx) that can be read ({reason}); "
        "open it in your spreadsheet and save it again as Excel Workbook (.xlsx)"
    )


class _Refused(Exception):
    """What stops the reading, worded for the translator; ``scan_workbook`` places it on
    the sheet (or part) being read."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class _Tally:
    """What the parts read so far hold, across the whole workbook."""

    cells: int = 0
    elements: int = 0


def scan_workbook(data: bytes) -> Problem | None:
    """The first reason ``data`` (a ZIP archive within ``WORKBOOK_UNPACKED_MAX_BYTES``,
    already checked) must not reach openpyxl; None when it may."""
    tally = _Tally()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            try:
                _scan_part(archive, member, tally)
            except _Refused as refused:
                return _placed(archive, member.filename, refused.message)
    return None


def _scan_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, tally: _Tally) -> None:
    is_xml = member.filename.lower().endswith(_XML_SUFFIXES)
    try:
        with archive.open(member) as stream:
            for element in _elements(stream):
                _check(element, tally)
    except DefusedXmlException as error:
        raise _Refused(unreadable(type(error).__name__)) from error
    except (ParseError, ValueError) as error:  # not XML, or in an encoding the import does not read
        if is_xml:
            raise _Refused(unreadable(f"{member.filename}: {type(error).__name__}")) from error
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as error:
        raise _Refused(unreadable(type(error).__name__)) from error


def _elements(stream: Any) -> Iterator[Any]:
    """Each element of ``stream`` as it starts, its attributes read; each is dropped from
    its parent as it ends, so that a part of any length holds one branch in memory."""
    branch: list[Any] = []
    for event, element in iterparse(stream, events=("start", "end")):
        if event == "end":
            branch.pop()
            element.clear()
            if branch:
                del branch[-1][:]
            continue
        branch.append(element)
        yield element


def _check(element: Any, tally: _Tally) -> None:
    tally.elements += 1
    if tally.elements > WORKBOOK_XML_ELEMENTS_MAX:
        raise _Refused(
            f"the workbook holds more than {WORKBOOK_XML_ELEMENTS_MAX:,} XML elements (cells, rows, text runs); "
            "an exported workbook holds far fewer: export it again and copy the translations into it"
        )
    namespace, _, name = element.tag.rpartition("}")
    if namespace.lstrip("{") not in _MAIN:
        return
    if name in ("c", "row"):
        tally.cells += 1
        if tally.cells > WORKBOOK_CELLS_MAX:
            raise _Refused(
                f"the workbook holds more than {WORKBOOK_CELLS_MAX:,} cells and rows; a translation workbook may "
                "hold at most that many (export and upload one page at a time)"
            )
    elif name == "mergeCell":
        raise _Refused(f"merged cells are not allowed ({excerpt(element.get('ref', ''))}): unmerge them")
    elif name in ("hyperlink", "comment") and not _one_cell(element.get("ref", "")):
        what = "a link" if name == "hyperlink" else "a comment"
        raise _Refused(
            f"{what} covers the cells {excerpt(element.get('ref', ''))}; {what} may be on one cell only: "
            "remove it, or put it on one cell"
        )


def _one_cell(ref: str) -> bool:
    """``B7``, or ``B7:B7``; not a range, a column (``A:A``) or a row."""
    first, _, last = ref.partition(":")
    return bool(_ONE_CELL.fullmatch(first)) and last.replace("$", "").upper() in ("", first.replace("$", "").upper())


def _placed(archive: zipfile.ZipFile, part: str, message: str) -> Problem:
    """The problem on the sheet whose part it was found in, by the sheet's name when the
    workbook names it; otherwise on the file, naming the part."""
    sheet = _sheet_names(archive).get(part)
    if sheet is not None:
        return Problem(None, "", message, excerpt(sheet))
    return Problem(None, "", f"{message} (in {excerpt(part)})")


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part name -> sheet name, from ``xl/workbook.xml`` and its relationships, read as the
    scan reads (each within ``_NAMES_ELEMENTS_MAX``); empty when they cannot say."""
    try:
        named = _attributes(archive, "xl/workbook.xml", "sheet", ("name", f"{{{_RELATIONSHIPS}}}id"))
        targets = dict(_attributes(archive, "xl/_rels/workbook.xml.rels", "Relationship", ("Id", "Target")))
    except (KeyError, ParseError, ValueError, DefusedXmlException, zipfile.BadZipFile, zlib.error, OSError):
        return {}
    names = {}
    for name, relationship in named:
        target = targets.get(relationship)
        if target is not None:
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            names[path] = name
    return names


def _attributes(archive: zipfile.ZipFile, part: str, tag: str, wanted: tuple[str, str]) -> list[tuple[str, str]]:
    found = []
    with archive.open(part) as stream:
        for count, element in enumerate(_elements(stream)):
            if count > _NAMES_ELEMENTS_MAX:
                break
            if element.tag.rpartition("}")[2] == tag:
                found.append((element.get(wanted[0], ""), element.get(wanted[1], "")))
    return found
