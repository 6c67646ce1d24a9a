"""/api/v2/changes/: every publish, unpublish and delete, in order, tombstones included."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from ninja.params.functions import Query

from content_pages.interfaces.api.caching import cached_json
from content_pages.interfaces.api.errors import BadRequest
from content_pages.interfaces.api.params import MAX_LIMIT, StrictRouter
from content_pages.publishing.outbox.payload import event_payload
from content_pages.publishing.renditions import serialize
from content_pages.reads.changes import events_after
from content_pages.rendering.contracts.common import Error
from content_pages.rendering.contracts.events import ChangesPage

router = StrictRouter(tags=["changes"])

# "c" and a feed position. Opaque to clients (they pass ``next`` back unchanged), and
# described exactly by CURSOR_PATTERN, so every cursor the schema allows is answered.
CURSOR_PATTERN = r"^c[0-9]{1,18}$"
MAX_CURSOR_LENGTH = 19


def encode_cursor(position: int) -> str:
    return f"c{position}"


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    if not re.fullmatch(CURSOR_PATTERN, cursor):
        raise BadRequest(
            "since is not a cursor this feed gave out; start without since, or pass a `next` value unchanged.",
            code="invalid_cursor",
        )
    return int(cursor[1:])


@router.get(
    "/",
    response={200: ChangesPage, 304: None, 400: Error},
    operation_id="listChanges",
    summary="Changes, in order",
    description=(
        "Every publish, unpublish and delete of a page or snippet, oldest first, once its renditions are "
        "rendered. Start without `since`; then pass the `next` of each answer as `since`. An unpublish or delete "
        "is a tombstone (no renditions): drop what you cached. The same events are sent as signed webhooks. "
        "A cursor the feed did not give out, including one past its newest event, is a 400 (invalid_cursor)."
    ),
)
def list_changes(
    request: HttpRequest,
    since: str | None = Query(
        None, pattern=CURSOR_PATTERN, max_length=MAX_CURSOR_LENGTH, description="The `next` of the previous answer."
    ),
    limit: int = Query(100, ge=1, le=MAX_LIMIT, description=f"How many events, 1 to {MAX_LIMIT}."),
) -> HttpResponse:
    position = decode_cursor(since)
    if limit < 1 or limit > MAX_LIMIT:
        raise BadRequest(f"limit must be between 1 and {MAX_LIMIT}; got {limit}.", code="invalid_limit")
    events = events_after(position, limit)
    if events is None:
        raise BadRequest(
            f"since={since} is beyond the newest event of this feed, so it is not a cursor the feed gave out; "
            "start without since, or pass a `next` value unchanged.",
            code="invalid_cursor",
        )
    last = events[-1].sequence if events else position
    body = serialize({"items": [event_payload(event) for event in events], "next": encode_cursor(last or 0)})
    response = cached_json(request, body)
    # New events may follow at any moment: revalidate every time (a 304 when nothing is new).
    response["Cache-Control"] = "no-cache"
    return response
