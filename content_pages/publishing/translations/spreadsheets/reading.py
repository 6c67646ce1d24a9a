"""Import: a translated workbook, checked whole, then written through the PO import's own
path (``importing.import_entries``): every translation or nothing.

Refused before any row is read: a file over ``TRANSLATION_FILE_MAX_BYTES``; one that is
not an .xlsx (a legacy or password-protected .xls, not a ZIP archive, or a ZIP that
openpyxl cannot read as a workbook); one whose members would unpack to more than
``WORKBOOK_UNPACKED_MAX_BYTES`` (zipfile never unpacks a member past the size it
declares, so the declared sizes bound the work); one whose XML would make openpyxl's
load itself too costly (``scan``: too many cells, merged cells, a link over a range),
read as a stream before openpyxl sees it; and one with a formula in any cell of any
sheet. A formula is never a translation: what it shows is whatever the translator's
spreadsheet last computed, and a cell that computes is a cell that can be made to do more.

Then the language (the About sheet), the headers, and each row, its problems named by
sheet and row: an id, a known state, a text (``cells``: not a date, a decimal or a
formatted number, nor an error).
A row whose state is ``stale`` or ``suggested`` is skipped, as a PO file's fuzzy entry.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.worksheet import Worksheet

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
from content_pages.publishing.translations.outcome import ImportRejected, ImportReport, Problem, excerpt
from content_pages.publishing.translations.spreadsheets.cells import (
    control_character,
    plain,
    refusal,
    source_of,
    translation_of,
    value_of,
)
from content_pages.publishing.translations.spreadsheets.layout import (
    ABOUT,
    COLUMNS,
    CONTEXT_ID_MAX,
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
from content_pages.publishing.translations.spreadsheets.scan import scan_workbook, unreadable

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
    refused = file_too_large(len(data)) or _not_an_xlsx(data)
    if refused is not None:
        report.problems.append(Problem(None, "", refused))
        raise ImportRejected(report)
    # Before every load (``workbook_language``'s too): what openpyxl would build is bounded first.
    too_costly = scan_workbook(data)
    if too_costly is not None:
        report.problems.append(too_costly)
        raise ImportRejected(report)
    try:
        # Formulas as formulas (``data_only=False``), so that they are seen and refused.
        book = load_workbook(io.BytesIO(data), data_only=False, keep_links=False, rich_text=False)
    except Exception as error:  # openpyxl fails in many ways on a damaged or foreign file
        report.problems.append(Problem(None, "", unreadable(type(error).__name__)))
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
                problems.append(
                    Problem(
                        cell.row,
                        "",
                        f"cell {cell.coordinate} is a formula ({_formula(cell.value)}); a workbook with formulas "
                        "is never imported: type the text itself (to start it with =, +, - or @, type an "
                        "apostrophe first)",
                        excerpt(sheet.title),
                    )
                )
    return problems


def _formula(value: Any) -> str:
    """What a formula problem quotes: the formula, or for a data table (no formula text of
    its own) the cells it fills."""
    if isinstance(value, DataTableFormula):
        return f"a data table over {excerpt(plain(value.ref))}"
    return excerpt(plain(getattr(value, "text", None) or value))


def _sheet(book: Any, name: str) -> Any | None:
    """The worksheet ``name``; None when there is none, or it is a chart sheet (no cells)."""
    sheet = book[name] if name in book.sheetnames else None
    return sheet if isinstance(sheet, Worksheet) else None


def _language(book: Any, report: ImportReport) -> str | None:
    """The target language the About sheet names (``LANGUAGE_LABEL`` in column A, the
    code beside it)."""
    sheet = _sheet(book, ABOUT)
    if sheet is None:
        report.problems.append(
            Problem(None, "", f'the workbook has no "{ABOUT}" sheet naming its language; export it again')
        )
        return None
    for cell in _stored_cells(sheet):
        if cell.column != 1 or plain(value_of(cell)) != LANGUAGE_LABEL:
            continue
        code = plain(value_of(sheet.cell(row=cell.row, column=2)))
        if code in target_languages():
            return code
        accepted = ", ".join(f"{language} ({english_name(language)})" for language in target_languages())
        report.problems.append(
            Problem(cell.row, "", f'the language code is "{excerpt(code)}"; it must be one of: {accepted}', ABOUT)
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
        sheet = _sheet(book, name)
        if sheet is None:
            report.problems.append(Problem(None, "", f'the workbook has no "{name}" sheet; export it again'))
            continue
        rows = _rows(sheet)
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
    """Row number -> column number -> cell, of the cells that hold something."""
    rows: dict[int, dict[int, Any]] = {}
    for cell in _stored_cells(sheet):
        if cell.value is not None:
            rows.setdefault(cell.row, {})[cell.column] = cell
    return rows


def _headers_match(header: dict[int, Any], sheet: str, report: ImportReport) -> bool:
    """Whether the header row is the export's; if not, a problem quoting it, each header cut
    and at most one past the export's columns listed (a row can have 16,384)."""
    found = {column: plain(value_of(cell)).strip() for column, cell in header.items() if plain(value_of(cell)).strip()}
    if found == dict(enumerate(HEADERS, start=1)):
        return True
    columns = sorted(found)
    shown = ", ".join(f"“{excerpt(found[column])}”" for column in columns[: len(HEADERS) + 1]) or "empty"
    if len(columns) > len(HEADERS) + 1:
        shown += f" and {len(columns) - len(HEADERS) - 1} more"
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
    if not any(plain(value_of(cell)).strip() for column, cell in cells.items() if column <= len(COLUMNS)):
        return None
    segment_id = plain(value_of(cells[ID])).strip() if ID in cells else ""
    if not segment_id:
        message = "no Context id: every row needs the id it was exported with"
        report.problems.append(Problem(number, "", message, sheet))
        return None
    if len(segment_id) > CONTEXT_ID_MAX:  # named in every problem of the row: never quoted whole
        message = (
            f"the Context id “{excerpt(segment_id)}” is {len(segment_id):,} characters long; an exported id has at "
            f"most {CONTEXT_ID_MAX}: every row needs the id it was exported with"
        )
        report.problems.append(Problem(number, "", message, sheet))
        return None
    translation = translation_of(cells.get(TRANSLATION))
    problem = refusal(cells[TRANSLATION]) if translation is None else control_character(translation)
    if problem is not None:
        report.problems.append(Problem(number, segment_id, problem, sheet))
        return None
    state = plain(value_of(cells[STATE])).strip().lower() if STATE in cells else ""
    if state not in ("", *STATES):
        message = f'State is "{excerpt(state)}"; it must be one of: {", ".join(STATES)}'
        report.problems.append(Problem(number, segment_id, message, sheet))
        return None
    return Entry(
        segment_id,
        translation or "",
        # Compared with the current source as stored: a changed English refuses the row.
        source_of(cells.get(ENGLISH)),
        number,
        # Stale and suggested rows are the translator's to check: skipped until they say
        # translated. Any other row is the translator's word for its text.
        fuzzy=state in TO_CHECK,
        confirm=True,
        sheet=sheet,
    )
