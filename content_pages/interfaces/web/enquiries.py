"""The website's side of the enquiry form: its rate limit and where its submissions go."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from content_pages.foundations.languages import source_language
from content_pages.models import ArticlePage, EnquiryFormPage, EnquirySubmission
from content_pages.publishing.enquiries import RateLimited, check_rate, record_submission
from content_pages.reads.article_view import article_view, posted_form_page_id


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


def _embedded_form_page(article: ArticlePage, form_page_id: str) -> EnquiryFormPage | None:
    """The live form page the article embeds under that id; posts naming any other are ignored."""
    view = article_view(article)
    for item in [*view.body.blocks, *view.aside.blocks]:
        form_page = item.extra.get("form_page")
        if isinstance(form_page, EnquiryFormPage) and str(form_page.pk) == form_page_id:
            return form_page
    return None


def article_post(article: ArticlePage, request: HttpRequest) -> HttpResponse | None:
    """A POST of the enquiry form embedded in an article, which posts in place.

    Valid: stored like any web submission, and the thank-you page links back to this
    article (its own URL, worked out here: nothing the client sends is redirected to).
    Invalid: None, and the article renders again with the bound form, each error under
    its own field. A POST that names no form the article embeds is refused.
    """
    form_page_id = posted_form_page_id(request)
    form_page = _embedded_form_page(article, form_page_id) if form_page_id else None
    if form_page is None:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    refusal = refuse_post(form_page, request)
    if refusal is not None:
        return refusal
    form = form_page.get_form(request.POST, request.FILES, page=form_page, user=request.user)
    if not form.is_valid():
        return None
    form_page.process_form_submission(form)
    context = {**form_page.get_context(request), "form": form, "return_url": article.get_url(request)}
    return TemplateResponse(request, form_page.get_landing_page_template(request), context)
