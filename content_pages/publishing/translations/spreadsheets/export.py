"""Export: a page's texts in one language as a workbook, written with openpyxl.

Two sheets of texts, "Pages" and "Snippets" (``layout.sheet_for``), one row per text with
the columns of ``layout.COLUMNS``, and an "About" sheet naming the language, which the
import reads. The rows are the PO file's (``export_rows``): the same pre-filled
translations, states and notes.

No cell is ever a formula: every text is stored as a string cell, so an English text such
as "=SUM(A1)" or "-5 °C" is shown as written and never computed (openpyxl would store a
text starting with "=" as a formula). Such a cell is also marked as typed with an
apostrophe (``quotePrefix``), so that Excel keeps it text when the translator edits it.
A text holding what Excel would read as its own escape (``_x000D_``) is written escaped,
so that Excel, and the import (``cells.value_of``), read it back as written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from wagtail.models import Page

from content_pages.foundations.languages import english_name
from content_pages.publishing.translations.export_rows import STATES, ExportRow, export_rows, segments_of_pages
from content_pages.publishing.translations.spreadsheets.layout import (
    ABOUT,
    COLUMNS,
    ENGLISH,
    ID,
    LANGUAGE_LABEL,
    LIMIT,
    NOTES,
    PAGES,
    PREVIOUS,
    SNIPPETS,
    STATE,
    TO_USE_A_SUGGESTION,
    TRANSLATION,
    sheet_for,
)
from content_pages.reads.segments import Segment, translatable_segments

_WRAPPED = Alignment(wrap_text=True, vertical="top")
_SHADED = PatternFill("solid", start_color="F2F2F2")
_HEADER_FILL = PatternFill("solid", start_color="D9E1F2")
# What a spreadsheet takes for the start of a formula when the cell is edited.
_FORMULA_STARTS = ("=", "+", "-", "@")
# A text that reads as Excel's escape of a control character (``_x000D_``): its "_" is
# written as Excel writes a literal one, ``_x005F_``.
_LOOKS_ESCAPED = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")

_INSTRUCTIONS = (
    "Write your translation in the Translation column. Change nothing else: Context id says "
    "which text a row is, and English must stay as exported.",
    "State: a row you fill in is imported when its State is translated or missing. A stale row "
    "(the English changed since it was translated; Previous English shows what it said) and a "
    "suggested row (pre-filled by translation memory) are skipped until you check them and set "
    "State to translated; setting a stale row you leave unchanged to translated says the "
    "translation still fits.",
    "Keep every <a1>…</a1>, <b1>…</b1> placeholder (links and formatting) exactly once. Limit is "
    "the most characters a reader may see; placeholders do not count.",
    "Formulas are refused: a workbook with any formula is not imported. To start a text with "
    "=, +, - or @, type an apostrophe before it ('=…).",
    "Upload the workbook on the page's Translations screen. Nothing is imported unless every "
    "row passes the checks; each problem names its sheet and row.",
)


class WorkbookUnwritable(Exception):
    """A text holds what no workbook can: a control character (other than tab and new
    line), which the .xlsx format has no cell for. The PO file carries it."""


def build_workbook(segments: Iterable[Segment], language: str, title: str = "") -> bytes:
    """The workbook of ``segments`` in ``language``, as the bytes of an .xlsx file."""
    book = Workbook()
    book.active.title = PAGES
    book.create_sheet(SNIPPETS)
    rows: dict[str, list[ExportRow]] = {PAGES: [], SNIPPETS: []}
    for row in export_rows(segments, language):
        rows[sheet_for(row.segment.id)].append(row)
    for name, listed in rows.items():
        _fill(book[name], listed)
    _about(book.create_sheet(ABOUT), language, title)
    book.properties.title = _title(language, title)
    book.properties.language = language
    book.properties.creator = settings.WAGTAIL_SITE_NAME
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def page_workbook(page: Page, language: str) -> bytes:
    """The page's workbook: the same texts as its PO file (``export.page_catalog``)."""
    return build_workbook(translatable_segments(page, language), language, title=page.specific.title)


def export_workbook(pages: Iterable[Page], language: str) -> bytes:
    """One workbook for many pages (``segments_of_pages``)."""
    return build_workbook(segments_of_pages(pages, language), language)


def _title(language: str, title: str) -> str:
    return f"{english_name(language)} translation of “{title or 'several pages'}” ({settings.WAGTAIL_SITE_NAME})"


def _text(sheet: Any, row: int, column: int, value: str | int | None) -> Any:
    """A cell holding ``value`` as it is: a text is a string cell, never a formula, and one
    that starts as a formula would keeps its apostrophe for when it is edited."""
    if isinstance(value, str):
        value = _LOOKS_ESCAPED.sub("_x005F_", value)
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(_FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def _fill(sheet: Any, rows: list[ExportRow]) -> None:
    """The header, bold and frozen, then one row per text; a filter on the header, and
    State offered as a list of the states."""
    for number, column in enumerate(COLUMNS, start=1):
        cell = _text(sheet, 1, number, column.title)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.freeze_panes = "A2"
    for number, row in enumerate(rows, start=2):
        _row(sheet, number, row)
    last = max(len(rows) + 1, 2)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    states = DataValidation(
        type="list",
        formula1=f'"{",".join(STATES)}"',
        allow_blank=True,
        showErrorMessage=True,
        error=f"State is one of: {', '.join(STATES)}.",
    )
    sheet.add_data_validation(states)
    letter = get_column_letter(STATE)
    states.add(f"{letter}2:{letter}{last}")


def _row(sheet: Any, number: int, row: ExportRow) -> None:
    values: dict[int, str | int | None] = {
        ID: row.segment.id,
        ENGLISH: row.segment.source,
        TRANSLATION: row.translation,
        LIMIT: row.segment.max_length,  # a number, or an empty cell
        STATE: row.state,
        PREVIOUS: row.previous_source or "",
        NOTES: "\n".join(row.all_notes(TO_USE_A_SUGGESTION)),
    }
    for column_number, value in values.items():
        _check_writable(row, column_number, value)
    for column_number, column in enumerate(COLUMNS, start=1):
        cell = _text(sheet, number, column_number, values[column_number])
        cell.alignment = _WRAPPED
        if not column.editable:
            cell.fill = _SHADED


def _check_writable(row: ExportRow, column: int, value: str | int | None) -> None:
    """``WorkbookUnwritable`` for a value holding a control character, which no cell can
    hold (openpyxl would raise mid-download): every column's, the notes' too."""
    found = ILLEGAL_CHARACTERS_RE.search(value) if isinstance(value, str) else None
    if found is None:
        return
    character = f"the control character U+{ord(found.group()):04X}, which a workbook cannot hold"
    if column == NOTES:
        raise WorkbookUnwritable(
            f"the notes of the text {row.segment.id} (a glossary term's note, or the text's own) hold {character}; "
            "remove it from the glossary, or translate this page with its PO file"
        )
    raise WorkbookUnwritable(
        f"the text {row.segment.id} holds {character}; translate this page with its PO file, or remove the character"
    )


def _about(sheet: Any, language: str, title: str) -> None:
    """What the workbook is, its language (the import reads it here) and how to fill it in."""
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 100
    _text(sheet, 1, 1, _title(language, title)).font = Font(bold=True)
    facts = (
        (LANGUAGE_LABEL, language),
        ("Language", english_name(language)),
        ("Site", settings.WAGTAIL_SITE_NAME),
        ("Exported", timezone.now().isoformat(timespec="minutes")),
    )
    for number, (label, value) in enumerate(facts, start=3):
        _text(sheet, number, 1, label).font = Font(bold=True)
        _text(sheet, number, 2, value)
    start = len(facts) + 4
    _text(sheet, start, 1, "How to fill it in").font = Font(bold=True)
    for number, line in enumerate(_INSTRUCTIONS, start=start + 1):
        _text(sheet, number, 2, line).alignment = _WRAPPED
    sheet.protection.sheet = True  # read-only in Excel, so the language is not changed by accident
