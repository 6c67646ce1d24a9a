"""What a workbook cell holds, as the import reads it.

Excel writes a control character in a text as ``_xHHHH_`` (a carriage return as
``_x000D_``) and openpyxl leaves it so: every string is unescaped here, once, as Excel
shows it. The English column is then compared with the current source exactly as stored
(a form field's choices keep the ``\\r\\n`` of the admin's text box); a translation's line
breaks become ``\\n``, as the web editor stores them.

A spreadsheet changes what is typed into a cell unless the cell is text: a date, a
decimal, TRUE, an error such as ``#N/A``, and a whole number shown through a format
(``100%`` is stored as 1, ``RM5`` as 5, a zero-padded ``0123`` as 123) are refused rather
than imported as something the translator did not write. A whole number in a General,
``0`` or Text cell is its digits (a ``0123`` typed into a General cell is already 123,
and cannot be told from it).
"""

from __future__ import annotations

import datetime
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_ERROR
from openpyxl.utils.escape import unescape

from content_pages.publishing.translations.outcome import excerpt

# Formats that show a whole number as its digits, nothing added or taken away.
_DIGITS_AS_TYPED = ("General", "0", "@")


def value_of(cell: Any) -> Any:
    """The cell's value, a string unescaped (``_x000D_`` -> carriage return)."""
    value = cell.value
    return unescape(value) if isinstance(value, str) else value


def plain(value: Any) -> str:
    """An id, a header or a state, whatever the cell's type."""
    return "" if value is None else str(value)


def source_of(cell: Any | None) -> str:
    """The English column as it was exported: compared with the current source as stored."""
    return "" if cell is None else plain(value_of(cell))


def translation_of(cell: Any | None) -> str | None:
    """The Translation column's text, its line breaks as translator text has them; None
    when the cell holds something else (``refusal`` says what)."""
    if cell is None:
        return ""
    value = value_of(cell)
    if cell.data_type == TYPE_ERROR:
        return None
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, int) and not isinstance(value, bool) and cell.number_format in _DIGITS_AS_TYPED:
        return str(value)
    return None


def refusal(cell: Any) -> str:
    """Why ``translation_of`` read no text from the Translation cell."""
    value = cell.value
    if cell.data_type == TYPE_ERROR:
        return (
            f"the Translation cell holds the error {excerpt(plain(value))}, not text; type the text itself "
            "(to start it with #, type an apostrophe first)"
        )
    return f"the Translation cell holds {_kind(cell)}, not text; format the column as Text and type it again"


def control_character(text: str) -> str | None:
    """The refusal of a text holding a control character (other than tab and line breaks),
    which Excel writes as ``_xHHHH_`` and no text may hold."""
    found = ILLEGAL_CHARACTERS_RE.search(text)
    if found is None:
        return None
    code = f"U+{ord(found.group()):04X}"
    return f"the Translation holds the control character {code}, which a text may not hold; remove it"


def _kind(cell: Any) -> str:
    value = cell.value
    if isinstance(value, bool):
        return "TRUE or FALSE"
    if isinstance(value, int):
        return f"a number formatted as “{excerpt(plain(cell.number_format))}”"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        return "a date or time"
    return "a value"
