"""The website's side of the enquiry form: its rate limit, where its submissions go, and
Post/Redirect/Get: a stored enquiry answers with a 303 to the form page's thank-you URL
in the reader's language, so reloading the thank-you page sends nothing again."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from content_pages.foundations.languages import source_language
from content_pages.models import ArticlePage, EnquiryFormPage, EnquirySubmission
from content_pages.models.routing import thank_you_segment
from content_pages.publishing.enquiries import RateLimited, check_rate, record_submission
from content_pages.reads.article_view import article_view, posted_form_page_id
from content_pages.reads.privacy_notices import privacy_notice

# The query parameter of the thank-you URL that names the article the form was sent
# from (by its id: the link back is the article's own URL, worked out here).
FROM_ARTICLE = "from"
# Longer is not an article id (ids are bigints), and is refused before it is parsed.
_MAX_ID_DIGITS = 18
# The thank-you page's confirmation panel: the redirect's fragment, so the browser moves
# focus to it (and drops the fragment the form posted to).
THANKS_ANCHOR = "thanks"


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


def form_context(page: EnquiryFormPage, _request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    return {**context, "privacy_notice": privacy_notice(page, get_language() or source_language())}


def thank_you_url(page: EnquiryFormPage, request: HttpRequest, article: ArticlePage | None = None) -> str:
    query = f"?{urlencode({FROM_ARTICLE: article.pk})}" if article is not None else ""
    return f"{page.get_url(request)}{thank_you_segment()}/{query}#{THANKS_ANCHOR}"


def redirect_to_thank_you(page: EnquiryFormPage, request: HttpRequest, article: ArticlePage | None) -> HttpResponse:
    # 303: whatever the form was sent with, the browser fetches the thank-you page with a GET.
    return HttpResponseRedirect(thank_you_url(page, request, article), status=303)


def _article_sent_from(request: HttpRequest) -> ArticlePage | None:
    raw = request.GET.get(FROM_ARTICLE, "")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= _MAX_ID_DIGITS):
        return None
    article: ArticlePage | None = ArticlePage.objects.live().public().filter(pk=int(raw)).first()
    return article


def thank_you(page: EnquiryFormPage, request: HttpRequest) -> HttpResponse:
    """The thank-you page, reached by the redirect after a stored enquiry: a GET that
    stores nothing, with a link back to the article the form was sent from."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    article = _article_sent_from(request)
    context = {**page.get_context(request), "return_url": article.get_url(request) if article else None}
    return TemplateResponse(request, page.get_landing_page_template(request), context)


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

    Valid: stored like any web submission, then a redirect to the form page's thank-you
    URL naming this article by id, so that the thank-you page links back to it (its own
    URL, worked out there: nothing the client sends is redirected to). Invalid: None, and
    the article renders again with the bound form, its error summary and each error
    under its own field. A POST that names no form the article embeds is refused.
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
    return redirect_to_thank_you(form_page, request, article)
