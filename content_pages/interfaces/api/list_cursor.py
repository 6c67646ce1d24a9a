"""The pages list's cursors: where the next page starts, as the answer's ``meta.next_cursor``.

A cursor holds the order it was given for, and the last listed page's id and value in that
order (``reads.api_pages.Position``), so the next page is read from the index just after
it, as fast at the ten-thousandth page as at the first, and no page is skipped or shown
twice when pages are published or withdrawn between two requests (an offset would be).

Opaque to clients, who pass it back unchanged; every string ``CURSOR_PATTERN`` allows is
answered, with a 400 for one this API did not give out for the order asked for.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from content_pages.interfaces.api.errors import BadRequest
from content_pages.interfaces.api.params import MAX_ID
from content_pages.reads.api_pages import Position

# "p" and base64url, unpadded, of ``[order, value, page id]``: a title of 255 characters
# of four UTF-8 bytes each fits.
CURSOR_PATTERN = r"^p[A-Za-z0-9_-]{2,1500}$"
CURSOR_MAX_LENGTH = 1501
# The orders whose value is a date-time; a title and a tree position are text, and the
# order by id has no value beside the id.
_DATED = ("first_published_at", "last_published_at")


def encode(order: str | None, position: Position) -> str:
    value = position.value.isoformat() if isinstance(position.value, datetime) else position.value
    text = json.dumps([order or "", value, position.page_id], ensure_ascii=False, separators=(",", ":"))
    return "p" + base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(cursor: str, order: str | None) -> Position:
    """The position ``cursor`` names, if this API gave it out for ``order``."""
    try:
        text = base64.urlsafe_b64decode(cursor[1:] + "=" * (-len(cursor[1:]) % 4)).decode()
        given_for, value, page_id = json.loads(text)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        raise _not_a_cursor() from None
    if given_for != (order or ""):
        raise BadRequest(
            f"This cursor pages the list in order={given_for or '(tree order)'}; ask with that order, "
            "or start again without cursor.",
            code="invalid_cursor",
        )
    return Position(_value(order, value), _page_id(page_id))


def _value(order: str | None, value: Any) -> str | datetime | None:
    name = (order or "").lstrip("-")
    if name == "id":
        if value is not None:
            raise _not_a_cursor()
        return None
    if not isinstance(value, str) or "\x00" in value:
        raise _not_a_cursor()
    try:
        value.encode()
    except UnicodeEncodeError:  # a lone surrogate, which no database stores
        raise _not_a_cursor() from None
    if name not in _DATED:
        return value
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _not_a_cursor() from None
    if moment.tzinfo is None:
        raise _not_a_cursor()
    return moment


def _page_id(page_id: Any) -> int:
    if type(page_id) is not int or not 1 <= page_id <= MAX_ID:
        raise _not_a_cursor()
    return page_id


def _not_a_cursor() -> BadRequest:
    return BadRequest(
        "cursor is not one this list gave out; start without cursor, or pass a `meta.next_cursor` value unchanged.",
        code="invalid_cursor",
    )
