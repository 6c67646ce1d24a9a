"""/api/v2/pages/<id>/deliveries/: bots report how many messages they sent.

A bot fetches a rendering once and sends it to many readers; only it knows how many. The
call needs an API key (a count anyone could post would be worth nothing), and its numbers
are added at once (``publishing.deliveries``): it is one bot's call, not a reader's request.
"""

from __future__ import annotations

from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja.decorators import decorate_view

from content_pages.interfaces.api.errors import BadRequest, NotFound
from content_pages.interfaces.api.params import StrictRouter, id_path
from content_pages.interfaces.api.rate_limits import key_required, key_required_openapi
from content_pages.interfaces.api.schemas.reach import DeliveriesIn, DeliveriesRecorded
from content_pages.publishing import deliveries
from content_pages.rendering.contracts.common import Error

router = StrictRouter(tags=["reach"])


@router.post(
    "/{int:page_id}/deliveries/",
    response={201: DeliveriesRecorded, 400: Error, 401: Error, 404: Error, 413: Error, 429: Error},
    operation_id="reportDeliveries",
    openapi_extra=key_required_openapi(),
    summary="Report how many messages a bot sent with a page",
    description=(
        "A bot fetches a rendering once and sends it to many readers: it reports here how many, per channel, "
        "language and UTC day (`day`, today by default; at most 7 days back, never in the future). The page must "
        "be live and public in that language (404 otherwise). Needs an API key (401 without one). Answers the "
        "day's total so far. Nothing about the readers is sent or stored."
    ),
)
@decorate_view(key_required("Reporting deliveries"))
def report_deliveries(
    request: HttpRequest,  # noqa: ARG001 - ninja passes it by that name
    payload: DeliveriesIn,
    page_id: int = id_path("page"),
) -> HttpResponse:
    try:
        recorded = deliveries.record(page_id, payload.lang.value, payload.channel, payload.count, payload.day)
    except deliveries.DeliveriesRefused as refusal:
        kind = NotFound if refusal.status == HTTPStatus.NOT_FOUND else BadRequest
        raise kind(refusal.message, code=refusal.code) from refusal
    response = JsonResponse(
        {
            "page": recorded.page_id,
            "lang": recorded.language,
            "channel": recorded.channel,
            "day": recorded.day.isoformat(),
            "deliveries": recorded.total,
        },
        status=201,
    )
    response["Cache-Control"] = "no-store"
    return response
