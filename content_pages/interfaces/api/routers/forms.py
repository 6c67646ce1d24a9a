"""/api/v2/forms/: enquiry forms for headless frontends and bots."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.html import strip_tags
from django.utils.translation import override

from content_pages.foundations.form_fields import HONEYPOT
from content_pages.foundations.localized import localized
from content_pages.foundations.urls import page_full_url
from content_pages.interfaces.api import origins
from content_pages.interfaces.api.caching import cached_json
from content_pages.interfaces.api.errors import BadRequest, Forbidden, too_many
from content_pages.interfaces.api.language import query_or_accept_language
from content_pages.interfaces.api.params import LanguageCode, StrictRouter, id_path, lang_query
from content_pages.interfaces.api.schemas.forms import (
    FormDefinition,
    SubmissionAccepted,
    SubmissionErrors,
    SubmissionIn,
)
from content_pages.models import EnquiryFormPage
from content_pages.publishing import enquiries
from content_pages.publishing.renditions import serialize
from content_pages.rendering.channels import get_channel
from content_pages.rendering.contracts.common import Error
from content_pages.rendering.shapes import form_submit_url
from content_pages.rendering.shapes import languages as languages_meta

router = StrictRouter(tags=["forms"])

LANG = lang_query()


def _form_page(page_id: int) -> EnquiryFormPage:
    page: EnquiryFormPage = get_object_or_404(EnquiryFormPage.objects.live().public(), pk=page_id)
    return page


@router.get(
    "/{int:page_id}/",
    response={200: FormDefinition, 304: None, 400: Error, 404: Error},
    operation_id="getForm",
    summary="An enquiry form",
)
def form_definition(
    request: HttpRequest, page_id: int = id_path("form page"), lang: LanguageCode | None = LANG
) -> HttpResponse:
    language = query_or_accept_language(request, lang)
    page = _form_page(page_id)
    web = get_channel("web").render(page, language).payload  # type: ignore[union-attr]
    with override(language):
        html_url = page_full_url(page)
    body = {
        "id": page.pk,
        "meta": {
            "language": language,
            "available_languages": languages_meta(),
            "html_url": html_url,
            "submit_url": form_submit_url(page.pk),
            "honeypot": HONEYPOT,
        },
        "title": web["title"],
        "intro": web["intro"],
        "thank_you_text": web["thank_you_text"],
        "fields": web["fields"],
        "privacy_notice": web["privacy_notice"],
    }
    return cached_json(request, serialize(body), last_modified=page.last_published_at, language=language)


@router.post(
    "/{int:page_id}/submissions/",
    response={
        201: SubmissionAccepted,
        400: SubmissionErrors | Error,
        403: Error,
        404: Error,
        413: Error,
        429: Error,
    },
    operation_id="submitEnquiry",
    openapi_extra={
        "responses": {
            429: {
                "headers": {
                    "Retry-After": {
                        "description": "Seconds to wait before sending another enquiry.",
                        "schema": {"type": "integer", "minimum": 1},
                    }
                }
            }
        }
    },
    summary="Submit an enquiry",
    description=(
        "Validated exactly like the website form (phone numbers stored as E.164, emails checked, required "
        "checkboxes and consent enforced); errors are per field in the requested language. Limited per client "
        "(429 with Retry-After) and in size (413). From a browser, only pages on this site or on an origin in "
        "the CORS allow-list may send one (403 `origin_not_allowed` otherwise)."
    ),
)
def submit(
    request: HttpRequest, payload: SubmissionIn, page_id: int = id_path("form page"), lang: LanguageCode | None = LANG
) -> HttpResponse:
    language = query_or_accept_language(request, lang)
    refused = origins.refusal(request)
    if refused is not None:
        raise Forbidden(
            f"Enquiries from {refused.sender} are not accepted: only this site's pages and the origins in its "
            "CORS allow-list may send one.",
            code="origin_not_allowed",
        )
    page = _form_page(page_id)
    if payload.channel not in enquiries.CHANNELS:
        raise BadRequest(
            f"channel={payload.channel!r} is not known; use one of: {', '.join(enquiries.CHANNELS)}.",
            code="unknown_channel",
            accepted=list(enquiries.CHANNELS),
        )
    known = {field.clean_name for field in page.get_form_fields()} | {HONEYPOT}
    unknown = sorted(set(payload.data) - known)
    if unknown:
        raise BadRequest(
            f"Unknown field(s): {', '.join(unknown)}.", code="unknown_field", accepted=sorted(known - {HONEYPOT})
        )
    try:
        enquiries.check_rate(request)
    except enquiries.RateLimited as limited:
        return too_many("Too many enquiries from this client; try again later.", limited.retry_after)
    result = enquiries.submit(page, payload.data, language=language, channel=payload.channel)
    if not result.ok:
        body = {"message": result.message, "code": "invalid_submission", "errors": result.errors}
        return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
    with override(language):
        thanks = strip_tags(str(localized(page, "thank_you_text", language).value or "")).strip()
    response = JsonResponse(
        {"status": "received", "message": thanks}, status=201, json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "no-store"
    return response
