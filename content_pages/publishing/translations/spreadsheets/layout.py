"""The workbook's layout, which its export writes and its import expects: the sheets,
their columns and where the language is recorded. The State column holds
``export_rows.STATES``."""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Page

from content_pages.models import EnquiryFormField
from content_pages.publishing.translations.importing import Wording
from content_pages.reads.segments import ID_PREFIXES

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSION = ".xlsx"
# Every .xlsx is a ZIP archive; a legacy .xls is an OLE compound file.
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

PAGES, SNIPPETS, ABOUT = "Pages", "Snippets", "About"
TEXT_SHEETS = (PAGES, SNIPPETS)
# The About sheet's row that names the language: its label in column A, the code in B.
LANGUAGE_LABEL = "Language code"


@dataclass(frozen=True)
class Column:
    title: str
    width: int  # in Excel's character widths
    editable: bool = False  # what the translator fills in; the others are shaded


COLUMNS = (
    Column("Context id", 30),
    Column("English", 60),
    Column("Translation", 60, editable=True),
    Column("Limit", 8),
    Column("State", 12, editable=True),
    Column("Previous English", 40),
    Column("Notes", 50),
)
HEADERS = tuple(column.title for column in COLUMNS)
# The longest Context id the import reads (a segment id is a few dozen characters): a
# longer one is refused, not echoed in every problem of its row.
CONTEXT_ID_MAX = 255
ID, ENGLISH, TRANSLATION, LIMIT, STATE, PREVIOUS, NOTES = range(1, len(COLUMNS) + 1)  # 1-based, as Excel counts

# A row in one of ``export_rows.TO_CHECK`` is imported once its State says translated,
# as a PO entry once its fuzzy flag is removed; a suggestion's note says so.
TO_USE_A_SUGGESTION = "set State to translated to use it"

# A page's own texts: its fields and streams, and its form fields, translated with it.
_PAGE_PREFIXES = (ID_PREFIXES[Page], ID_PREFIXES[EnquiryFormField])

WORDING = Wording(
    unknown="unknown Context id: no such text on the pages in this workbook",
    source_changed="the English changed since this workbook was exported; export it again",
)


def sheet_for(segment_id: str) -> str:
    """``Pages`` for a page's texts, ``Snippets`` for those of the snippets it shows (calls
    to action, references, topics, contributors), as the segment id's prefix says."""
    return PAGES if segment_id.split(":", 1)[0] in _PAGE_PREFIXES else SNIPPETS
