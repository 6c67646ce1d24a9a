"""The website's "Was this helpful?" form: its two endpoints, thin over ``publishing.feedback``.

The question sits at the end of every article, in the HTML stored at publish
(``templates/content_pages/includes/feedback_form.html``): two submit buttons and no CSRF
token, so the page stays one page for every reader and shared caches keep it; these views
are anonymous forms (``anonymous_forms.anonymous_form``: a write another site's page sent
is refused with 403 before anything is stored). Nothing needs JavaScript.

1. ``answer``: ``POST /<lang>/feedback/<page id>/`` with ``helpful=yes|no`` stores the
   answer for the web channel in the URL's language, then answers 303 (Post/Redirect/Get)
   to the thank-you page, whose URL carries a signed token naming the stored answer.
2. ``thanks``: ``GET /<lang>/feedback/thanks/<token>/`` thanks the reader and offers an
   optional comment; ``POST`` adds it to that answer (once) and redirects back to the same
   URL, which then says the comment arrived. The token is the only thing that ties the
   comment to the answer: no cookie, no session, nothing about the reader is kept, and it
   expires after ``TOKEN_MAX_AGE`` so an old link in a history cannot add to an answer.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from content_pages.foundations.languages import source_language
from content_pages.foundations.limits import FEEDBACK_COMMENT_MAX
from content_pages.interfaces.web.anonymous_forms import anonymous_form
from content_pages.models import ArticlePage
from content_pages.publishing import feedback
from content_pages.publishing.enquiries import RateLimited

ANSWER_URL = "feedback_answer"
THANKS_URL = "feedback_thanks"
# Its own salt: a token signed for anything else on the site never names an answer here.
ANSWER_LINK_SALT = "content_pages.interfaces.web.feedback.comment"
# Long enough to write a comment after answering; short enough that a link left in a
# browser's history or a shared screenshot cannot add to the answer later.
TOKEN_MAX_AGE = 60 * 60
# The thank-you page's confirmation panel and the comment form's error summary: the
# redirect and the form's action name them in their fragment, so the browser moves focus
# there (the enquiry form's pattern).
THANKS_ANCHOR = "thanks"
ERRORS_ANCHOR = "comment-errors"

THANKS_TEMPLATE = "content_pages/feedback_thanks.html"
PROBLEM_TEMPLATE = "content_pages/feedback_problem.html"
ANSWERS = {"yes": True, "no": False}
# The largest id a database row can have (a 64-bit signed integer); the URL's digits may
# say more, which no page has and the database driver cannot even be asked about.
MAX_ID = 2**63 - 1
# A refused comment shown again with the form (the reader's text kept); any other refusal
# is not about what they wrote.
COMMENT_REFUSALS = frozenset({"comment_too_long", "invalid_comment", "empty_comment"})


def answer_token(feedback_id: int) -> str:
    return signing.dumps(feedback_id, salt=ANSWER_LINK_SALT)


def answer_id(token: str) -> int | None:
    """The answer id a token names, or None for one that is expired, tampered with or not
    ours: the reader is told so, and nothing is stored."""
    try:
        value = signing.loads(token, salt=ANSWER_LINK_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@anonymous_form
@require_http_methods(["POST"])
def answer(request: HttpRequest, page_id: int) -> HttpResponse:
    """Store a Yes or No for the page in the URL's language, then 303 to the thank-you page."""
    if page_id > MAX_ID:
        raise Http404("No such page.")
    helpful = ANSWERS.get(request.POST.get("helpful", ""))
    if helpful is None:
        return _problem(request, "no_answer", 400, page_id=page_id)
    try:
        feedback.check_rate(request)
    except RateLimited as limited:
        response = _problem(request, "rate_limited", 429, page_id=page_id)
        response["Retry-After"] = str(limited.retry_after)
        return response
    try:
        stored = feedback.record(feedback.Answer(page_id, _language(), channel="web", helpful=helpful))
    except feedback.FeedbackRefused as refusal:
        if refusal.status == HTTPStatus.NOT_FOUND:
            raise Http404(refusal.message) from refusal
        return _problem(request, "no_answer", 400, page_id=page_id)
    # 303: the browser fetches the thank-you page with a GET, so a reload sends nothing again.
    return HttpResponseRedirect(_thanks_url(answer_token(stored.pk)), status=303)


@anonymous_form
@require_http_methods(["GET", "HEAD", "POST"])
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    """The thank-you page with its optional comment form; a POST adds the comment to the
    answer the token names, then redirects back here, where the page thanks for it."""
    feedback_id = answer_id(token)
    if feedback_id is None:
        return _problem(request, "bad_link", 400)
    stored = feedback.stored_answer(feedback_id)
    if stored is None:
        raise Http404("No such answer.")
    context: dict[str, Any] = {
        "token": token,
        "comment_max": FEEDBACK_COMMENT_MAX,
        "article_url": _article_url(request, stored.page_id),
        "state": "commented" if stored.comment else "ask",
    }
    if request.method != "POST":
        return _no_store(TemplateResponse(request, THANKS_TEMPLATE, context))
    # A textarea sends its line breaks as CRLF, while the browser counted each as one
    # character against ``maxlength``: counted as the reader saw them.
    comment = request.POST.get("comment", "").replace("\r\n", "\n")
    try:
        feedback.add_comment(feedback_id, comment)
    except feedback.FeedbackRefused as refusal:
        if refusal.code in COMMENT_REFUSALS:
            context.update(error=refusal.code, comment=comment, length=len(comment))
            return _no_store(TemplateResponse(request, THANKS_TEMPLATE, context, status=400))
        if refusal.code == "comment_exists":
            context.update(state="already")
            return _no_store(TemplateResponse(request, THANKS_TEMPLATE, context, status=409))
        raise Http404(refusal.message) from refusal
    # Back to the same link (not a fresh token): the page the reader is on, now thanking.
    return HttpResponseRedirect(_thanks_url(token), status=303)


def _language() -> str:
    # The URL's language prefix, activated by the locale middleware.
    return get_language() or source_language()


def _thanks_url(token: str) -> str:
    return f"{reverse(THANKS_URL, args=[token])}#{THANKS_ANCHOR}"


def _article_url(request: HttpRequest, page_id: int | None) -> str | None:
    """The live, public article's URL in the active language, for the link back."""
    if page_id is None:
        return None
    article: ArticlePage | None = ArticlePage.objects.live().public().filter(pk=page_id).first()
    return article.get_url(request) if article is not None else None


def _problem(request: HttpRequest, reason: str, status: int, page_id: int | None = None) -> HttpResponse:
    context = {"reason": reason, "article_url": _article_url(request, page_id)}
    return _no_store(TemplateResponse(request, PROBLEM_TEMPLATE, context, status=status))


def _no_store(response: HttpResponse) -> HttpResponse:
    """Every page here is about one reader's answer: no cache keeps it, no browser either."""
    response["Cache-Control"] = "no-store"
    return response
