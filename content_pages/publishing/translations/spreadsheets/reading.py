"""Import: a translated workbook, checked whole, then written through the PO import's own
path (``importing.import_entries``): every translation or nothing.

Refused before any row is read: a file over ``TRANSLATION_FILE_MAX_BYTES``; one that is
not an .xlsx (a legacy or password-protected .xls, not a ZIP archive, or a ZIP that
openpyxl cannot read as a workbook); one whose members would unpack to more than
``WORKBOOK_UNPACKED_MAX_BYTES`` (zipfile never unpacks a member past the size it
declares, so the declared sizes bound the work); and one with a formula in any cell of
any sheet. A formula is never a translation: what it shows is whatever the translator's
spreadsheet last computed, and a cell that computes is a cell that can be made to do more.

Then the language (the About sheet), the headers, and each row, its problems named by
sheet and row: an id, a known state, a text (not a number typed as one, nor a date).
A row whose state is ``stale`` or ``suggested`` is skipped, as a PO file's fuzzy entry.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterable
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from content_pages.foundations.languages import english_name, target_languages
from content_pages.foundations.limits import WORKBOOK_UNPACKED_MAX_BYTES
from content_pages.publishing.translations.export_rows import STATES, TO_CHECK
from content_pages.publishing.translations.importing import (
    Entry,
    ImportOptions,
    accept_language,
    file_too_large,
    import_entries,
)
from content_pages.publishing.translations.outcome import ImportRejected, ImportReport, Problem
from content_pages.publishing.translations.spreadsheets.layout import (
    ABOUT,
    COLUMNS,
    ENGLISH,
    HEADERS,
    ID,
    LANGUAGE_LABEL,
    OLE_MAGIC,
    STATE,
    TEXT_SHEETS,
    TRANSLATION,
    WORDING,
)

_MB = 1024 * 1024


def import_workbook(data: bytes, options: ImportOptions | None = None) -> ImportReport:
    """Validate and import one workbook. Raises ``ImportRejected`` (nothing written) on
    any problem: the file (``_open``), its language and rows, then what a PO file's
    entries go through (``import_entries``)."""
    options = options or ImportOptions()
    report = ImportReport(dry_run=options.dry_run)
    book = _open(data, report)
    language = _language(book, report)
    if language is None:
        raise ImportRejected(report)
    accept_language(language, report, options.allowed_languages)
    return import_entries(_entries(book, report), language, report, options, WORDING)


def workbook_language(data: bytes) -> str | None:
    """The target language a workbook names; None when it cannot say (``import_workbook``
    then reports why)."""
    report = ImportReport()
    try:
        book = _open(data, report)
    except ImportRejected:
        return None
    return _language(book, report)


def _open(data: bytes, report: ImportReport) -> Any:
    refusal = file_too_large(len(data)) or _not_an_xlsx(data)
    if refusal is not None:
        report.problems.append(Problem(None, "", refusal))
        raise ImportRejected(report)
    try:
        # Formulas as formulas (``data_only=False``), so that they are seen and refused.
        book = load_workbook(io.BytesIO(data), data_only=False, keep_links=False, rich_text=False)
    except Exception as error:  # openpyxl fails in many ways on a damaged or foreign file
        report.problems.append(
            Problem(
                None,
                "",
                f"not an Excel workbook (.xlsx) that can be read ({type(error).__name__}); "
                "open it in your spreadsheet and save it again as Excel Workbook (.xlsx)",
            )
        )
        raise ImportRejected(report) from error
    report.problems.extend(_formulas(book))
    if report.problems:
        raise ImportRejected(report)
    return book


def _not_an_xlsx(data: bytes) -> str | None:
    if data.startswith(OLE_MAGIC):
        return (
            "this is an Excel 97–2003 workbook (.xls) or a password-protected one; "
            "save it as Excel Workbook (.xlsx), without a password"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError):
        return (
            "not an Excel workbook (.xlsx): an .xlsx file is a ZIP archive and this one is not "
            "(a renamed PO or CSV file?); save it from your spreadsheet as Excel Workbook (.xlsx)"
        )
    if unpacked > WORKBOOK_UNPACKED_MAX_BYTES:
        return (
            f"the workbook would unpack to {unpacked / _MB:.0f} MB; a translation workbook may unpack to at most "
            f"{WORKBOOK_UNPACKED_MAX_BYTES // _MB} MB (export and upload one page at a time)"
        )
    return None


def _stored_cells(sheet: Any) -> Iterable[Any]:
    """The cells the file holds, and only those: openpyxl's ``iter_rows`` walks (and
    creates) every cell of the rectangle up to the farthest one, which a single stray
    cell in XFD1048576 would make seventeen billion."""
    return list(sheet._cells.values())


def _formulas(book: Any) -> list[Problem]:
    """Every formula cell of every sheet, by sheet, row and cell."""
    problems = []
    for sheet in book.worksheets:
        for cell in _stored_cells(sheet):
            if cell.data_type == "f" or isinstance(cell.value, ArrayFormula | DataTableFormula):
                formula = getattr(cell.value, "text", None) or str(cell.value)
                problems.append(
                    Problem(
                        cell.row,
                        "",
                        f"cell {cell.coordinate} is a formula ({formula[:60]}); a workbook with formulas is never "
                        "imported: type the text itself (to start it with =, +, - or @, type an apostrophe first)",
                        sheet.title,
                    )
                )
    return problems


def _language(book: Any, report: ImportReport) -> str | None:
    """The target language the About sheet names (``LANGUAGE_LABEL`` in column A, the
    code beside it)."""
    if ABOUT not in book.sheetnames:
        report.problems.append(
            Problem(None, "", f'the workbook has no "{ABOUT}" sheet naming its language; export it again')
        )
        return None
    sheet = book[ABOUT]
    for cell in _stored_cells(sheet):
        if cell.column != 1 or _plain(cell.value) != LANGUAGE_LABEL:
            continue
        code = _plain(sheet.cell(row=cell.row, column=2).value)
        if code in target_languages():
            return code
        accepted = ", ".join(f"{language} ({english_name(language)})" for language in target_languages())
        report.problems.append(
            Problem(cell.row, "", f'the language code is "{code}"; it must be one of: {accepted}', ABOUT)
        )
        return None
    report.problems.append(
        Problem(None, "", f'no "{LANGUAGE_LABEL}" row names the language; export the workbook again', ABOUT)
    )
    return None


def _entries(book: Any, report: ImportReport) -> list[Entry]:
    """The rows of both text sheets as proposed translations, each id once."""
    entries: dict[str, Entry] = {}
    for name in TEXT_SHEETS:
        if name not in book.sheetnames:
            report.problems.append(Problem(None, "", f'the workbook has no "{name}" sheet; export it again'))
            continue
        rows = _rows(book[name])
        if not _headers_match(rows.pop(1, {}), name, report):
            continue
        for number in sorted(rows):
            entry = _entry(name, number, rows[number], report)
            if entry is None:
                continue
            earlier = entries.get(entry.segment_id)
            if earlier is not None:
                where = earlier.problem("", "").place
                report.problems.append(entry.problem(entry.segment_id, f"the same text as {where}; keep one row"))
                continue
            entries[entry.segment_id] = entry
    return list(entries.values())


def _rows(sheet: Any) -> dict[int, dict[int, Any]]:
    """Row number -> column number -> value, of the cells that hold something."""
    rows: dict[int, dict[int, Any]] = {}
    for cell in _stored_cells(sheet):
        if cell.value is not None:
            rows.setdefault(cell.row, {})[cell.column] = cell.value
    return rows


def _headers_match(header: dict[int, Any], sheet: str, report: ImportReport) -> bool:
    found = {column: _plain(value).strip() for column, value in header.items() if _plain(value).strip()}
    if found == dict(enumerate(HEADERS, start=1)):
        return True
    shown = ", ".join(f"“{found[column]}”" for column in sorted(found)) or "empty"
    report.problems.append(
        Problem(
            1,
            "",
            f"the headers are {shown}; they must be, from column A: {', '.join(HEADERS)} (export the workbook again)",
            sheet,
        )
    )
    return False


def _entry(sheet: str, number: int, cells: dict[int, Any], report: ImportReport) -> Entry | None:
    """The row as a proposed translation; None for an empty row, or a problem."""
    if not any(_plain(cells.get(column)).strip() for column in range(1, len(COLUMNS) + 1)):
        return None
    segment_id = _plain(cells.get(ID)).strip()
    if not segment_id:
        message = "no Context id: every row needs the id it was exported with"
        report.problems.append(Problem(number, "", message, sheet))
        return None
    translation = _text(cells.get(TRANSLATION))
    if translation is None:
        kind = _kind(cells.get(TRANSLATION))
        message = f"the Translation cell holds {kind}, not text; format the column as Text and type it again"
        report.problems.append(Problem(number, segment_id, message, sheet))
        return None
    state = _plain(cells.get(STATE)).strip().lower()
    if state not in ("", *STATES):
        message = f'State is "{state}"; it must be one of: {", ".join(STATES)}'
        report.problems.append(Problem(number, segment_id, message, sheet))
        return None
    english = _text(cells.get(ENGLISH))
    return Entry(
        segment_id,
        translation,
        # Compared with the current source: a changed English refuses the row.
        english if english is not None else _plain(cells.get(ENGLISH)),
        number,
        # Stale and suggested rows are the translator's to check: skipped until they say
        # translated. Any other row is the translator's word for its text.
        fuzzy=state in TO_CHECK,
        confirm=True,
        sheet=sheet,
    )


def _text(value: Any) -> str | None:
    """A cell's text, with line breaks as translator text has them; a whole number typed
    into a cell is its digits. None for anything else (a date, a decimal, a boolean),
    whose text the spreadsheet has already changed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE or FALSE"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        return "a date or time"
    return "a value"


def _plain(value: Any) -> str:
    """An id, a header or a state, whatever the cell's type."""
    return "" if value is None else str(value)
