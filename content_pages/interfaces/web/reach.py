"""``POST /reach/<page id>/<language>/``: the website's pages count their reads here.

Shared caches (Varnish, a CDN) answer most requests for a page, so Django never sees them;
the page's own script (``static/content_pages/js/reach.js``) sends this beacon from the
reader's browser instead, once per page shown. The page stays the same for every reader (it
is rendered once at publish): the beacon carries only what the page already says, its id
and language, and nothing is set or read that could tell readers apart (no cookie, no
address). The count goes to memory (``publishing.reach``); nothing is written here.

Answered 204 and never stored by a cache. A post another site's page made a browser send
is refused (``foundations.origins.cross_site``, as for the anonymous forms), and HEAD,
prefetches, ``DNT: 1`` / ``Sec-GPC: 1`` and crawlers are answered without being counted
(``foundations.counted_reads``). An unknown language is a 400 (a 404 here would be
redirected by the locale middleware to a language-prefixed path); an unknown page id is not
looked up (that would be a query per read) and its count is dropped at the flush.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from content_pages.foundations.counted_reads import not_a_read
from content_pages.foundations.languages import is_content_language
from content_pages.foundations.origins import cross_site
from content_pages.publishing import reach

WEB = "web"


def _answer(status: int) -> HttpResponse:
    response = HttpResponse(status=status)
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store"
    return response


# No CSRF token: the page is the same for every reader and carries none; the same-origin
# check below is what stops another site (``anonymous_forms.py`` says why that suffices).
@csrf_exempt
@require_http_methods(["POST", "HEAD"])
def reach_beacon(request: HttpRequest, page_id: int, language: str) -> HttpResponse:
    if not is_content_language(language):
        return _answer(400)
    if cross_site(request) is not None:
        return _answer(403)
    if not_a_read(request) is None:
        reach.count_read(page_id, language, WEB)
    return _answer(204)
