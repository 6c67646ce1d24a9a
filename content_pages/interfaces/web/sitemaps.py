"""``/sitemap.xml``, an index of one sitemap per language, and each language's sitemap.

Each is read from its stored row (``models/sitemaps.py``) in one query; the URLs in them
are on the configured base URL, never the request's host, so no request can make a
shared cache keep a sitemap that points elsewhere. After a change the stored part is
served until the worker has stored the new one (seconds): building one for a request
reads every live page (over a second at 10,000 articles), which no crawler's request
should cost. Only a language with nothing stored yet (a new installation, a language just
added) is built for the request, and not stored.
"""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from content_pages.foundations import cache_tags
from content_pages.foundations.etags import strong_etag
from content_pages.foundations.languages import content_languages
from content_pages.foundations.urls import absolute_url
from content_pages.interfaces.shared_cache import shared_cache_headers
from content_pages.publishing import sitemaps
from content_pages.reads.sitemap import stored_listing, stored_part
from content_pages.rendering.sitemap_xml import IndexEntry, sitemap_index, sitemap_path

CONTENT_TYPE = "application/xml; charset=utf-8"
# Crawlers revalidate each time (a 304 from the ETag); shared caches keep a sitemap until
# a change purges it (``publishing/frontend_cache``).
BROWSER_MAX_AGE = 0


@require_safe
def index(request: HttpRequest) -> HttpResponseBase:
    """Every language's parts, each with the newest publish it lists when it is current."""
    listing = stored_listing()
    entries = []
    for language in content_languages():
        stored = [part for part in listing if part.language == language]
        if stored:
            entries += [IndexEntry(absolute_url(sitemap_path(language, p.part)), p.lastmod) for p in stored]
        else:
            # Nothing stored yet: its number of parts is known once it is.
            entries += [IndexEntry(absolute_url(sitemap_path(language, 1)), None)]
    return _xml(request, sitemap_index(entries), None)


@require_safe
def language_sitemap(request: HttpRequest, language: str, part: str | None = None) -> HttpResponseBase:
    number = int(part) if part else 1
    if language not in content_languages():
        raise Http404("No sitemap in that language.")
    stored = stored_part(language, number)
    if stored is not None:
        return _xml(request, stored.xml, stored.built_at, etag=stored.etag)
    if number > 1 or _stored(language):
        raise Http404("No such part.")
    built = sitemaps.build(language)
    return _xml(request, built[0].xml, None)


def _stored(language: str) -> bool:
    return any(part.language == language for part in stored_listing())


def _xml(request: HttpRequest, body: str, modified: datetime.datetime | None, *, etag: str = "") -> HttpResponseBase:
    etag = etag or strong_etag(body)
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["ETag"] = etag
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    if modified is not None:
        response["Last-Modified"] = http_date(modified.timestamp())
    shared_cache_headers(response, BROWSER_MAX_AGE, (cache_tags.SITEMAP,))
    conditional = get_conditional_response(
        request,
        etag=etag,
        last_modified=int(modified.timestamp()) if modified else None,
        response=response,
    )
    return conditional or response
