"""/api/v2/pages/<id>/feedback/: readers' answers to "Was this helpful?", sent by bots and
frontends (the website's own form posts to the same service)."""

from __future__ import annotations

from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse

from content_pages.interfaces.api import origins
from content_pages.interfaces.api.errors import BadRequest, Forbidden, NotFound, too_many
from content_pages.interfaces.api.params import StrictRouter, id_path
from content_pages.interfaces.api.rate_limits import api_key_grant
from content_pages.interfaces.api.schemas.feedback import FeedbackAccepted, FeedbackIn
from content_pages.publishing import feedback
from content_pages.publishing.enquiries import RateLimited
from content_pages.rendering.contracts.common import Error

router = StrictRouter(tags=["feedback"])


@router.post(
    "/{int:page_id}/feedback/",
    response={201: FeedbackAccepted, 400: Error, 403: Error, 404: Error, 413: Error, 429: Error},
    operation_id="submitFeedback",
    openapi_extra={
        "responses": {
            429: {
                "headers": {
                    "Retry-After": {
                        "description": "Seconds to wait before sending another answer.",
                        "schema": {"type": "integer", "minimum": 1},
                    }
                }
            }
        }
    },
    summary="Record a reader's answer to “Was this helpful?”",
    description=(
        "For a live, public page in the language given; `section` names one of its sections by the id its "
        "conversation turn carries (404 for a page that is not live, and `unknown_section`, listing the ids, "
        "as getConversationTurn answers an id the article does not have). "
        "Nothing about the reader is stored, and e-mail addresses and phone numbers are removed from the "
        "comment. Without an API key, limited per client (429 with Retry-After); a bot that relays many "
        "readers sends its key and is held by the key's limit."
    ),
)
def submit_feedback(request: HttpRequest, payload: FeedbackIn, page_id: int = id_path("page")) -> HttpResponse:
    refused = origins.refusal(request)
    if refused is not None:
        raise Forbidden(
            f"Feedback from {refused.sender} is not accepted: only this site's pages and the origins in its "
            "CORS allow-list may send it.",
            code="origin_not_allowed",
        )
    if api_key_grant(request) is None:
        try:
            feedback.check_rate(request)
        except RateLimited as limited:
            return too_many("Too many answers from this client; try again later.", limited.retry_after)
    answer = feedback.Answer(
        page_id=page_id,
        language=payload.lang.value,
        channel=payload.channel,
        helpful=payload.helpful,
        comment=payload.comment,
        section=payload.section,
    )
    try:
        stored = feedback.record(answer)
    except feedback.FeedbackRefused as refusal:
        kind = NotFound if refusal.status == HTTPStatus.NOT_FOUND else BadRequest
        raise kind(refusal.message, code=refusal.code, accepted=refusal.accepted or None) from refusal
    response = JsonResponse(
        {"status": "received", "helpful": stored.helpful, "comment_stored": bool(stored.comment)}, status=201
    )
    response["Cache-Control"] = "no-store"
    return response
