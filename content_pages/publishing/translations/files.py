"""Which import reads an uploaded translation file: a workbook or a PO file, told apart
here once for the admin upload and ``import_translations``.

A file is read as a workbook when it is named .xlsx or starts as a ZIP archive does
(every .xlsx is one; a PO file never is), so that a text file renamed .xlsx is refused
as "not an Excel workbook" rather than with PO syntax errors, and a workbook renamed
.po is still read as what it is.
"""

from __future__ import annotations

from content_pages.publishing.translations.importing import ImportOptions, file_language, import_po
from content_pages.publishing.translations.outcome import ImportReport
from content_pages.publishing.translations.spreadsheets.layout import EXTENSION, ZIP_MAGIC
from content_pages.publishing.translations.spreadsheets.reading import import_workbook, workbook_language


def is_workbook(name: str, data: bytes) -> bool:
    return name.lower().endswith(EXTENSION) or data.startswith(ZIP_MAGIC)


def import_file(name: str, data: bytes, options: ImportOptions) -> ImportReport:
    """Import a PO file or a workbook (``is_workbook``), all or nothing."""
    return import_workbook(data, options) if is_workbook(name, data) else import_po(data, options)


def language_of(name: str, data: bytes) -> str | None:
    """The target language the file names; None when it cannot say (its import then says why)."""
    return workbook_language(data) if is_workbook(name, data) else file_language(data)
