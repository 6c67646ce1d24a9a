"""The website's side of the enquiry form: its rate limit and where its submissions go."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from content_pages.foundations.languages import source_language
from content_pages.models import EnquiryFormPage, EnquirySubmission
from content_pages.publishing.enquiries import RateLimited, check_rate, record_submission


def refuse_post(page: EnquiryFormPage, request: HttpRequest) -> HttpResponse | None:
    try:
        check_rate(request)
    except RateLimited as limited:
        response = TemplateResponse(request, "content_pages/enquiry_rate_limited.html", {"page": page}, status=429)
        response["Retry-After"] = str(limited.retry_after)
        return response
    return None


def record(page: EnquiryFormPage, form: Any) -> EnquirySubmission | None:
    """The website's submissions go through the same service as the API's."""
    return record_submission(page, form, language=get_language() or source_language(), channel="web")
