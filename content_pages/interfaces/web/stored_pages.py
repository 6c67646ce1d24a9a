"""Serving the web pages stored at publish (``publishing.page_html``) to readers.

A middleware rather than a view of its own: Django's resolver has already matched
Wagtail's page route, so every other URL (``_util/…`` password forms, the admin) keeps
its own view, and a miss continues to Wagtail's ``serve`` unchanged. The stored page is
served to every GET or HEAD but an editor's (one with the signed marker that admin login
sets, ``editor_marker.py``, who gets the userbar): a session cookie alone, bogus or not,
does not bypass the store, so it cannot make a reader's request cost a full render. An
editor, and any page that is not stored, current and public, gets Wagtail's ``serve``.
The row is found by the request's host and path together: two Sites may each have a page
at the same path (``reads/stored_pages.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from content_pages.foundations import cache_tags
from content_pages.interfaces.shared_cache import shared_cache_headers
from content_pages.interfaces.web import editor_marker
from content_pages.publishing import page_html, renditions
from content_pages.reads.stored_pages import Host, stored_page

WAGTAIL_SERVE = "wagtail_serve"


class StoredPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        editor_marker.apply(request, response)
        return response

    def process_view(
        self, request: HttpRequest, _view_func: Callable[..., Any], _view_args: Any, _view_kwargs: Any
    ) -> HttpResponseBase | None:
        if not _reader_get(request):
            return None
        row = stored_page(request_host(request), request.path, page_html.HTML)
        if row is None:
            return None
        if renditions.is_stale(row, row.live_revision_id):
            # Wagtail renders it; the worker's sweep stores a fresh row (a read never writes).
            return None
        return _response(request, row)


def request_host(request: HttpRequest) -> Host:
    """The request's hostname and port as Wagtail reads them to choose its Site
    (``Site.find_for_request``); a port that is not a number matches no Site's port."""
    hostname = split_domain_port(request.get_host())[0]
    port = request.get_port()
    return Host(hostname, int(port) if str(port).isdigit() else -1)


def _reader_get(request: HttpRequest) -> bool:
    match = request.resolver_match
    return (
        match is not None
        and match.url_name == WAGTAIL_SERVE
        and request.method in ("GET", "HEAD")
        and not editor_marker.is_editor(request)
    )


def _response(request: HttpRequest, row: Any) -> HttpResponseBase:
    # The same for every reader, a page with the enquiry form included: anonymous forms
    # carry no CSRF token (``anonymous_forms.py``).
    response = HttpResponse(row.body)
    response["ETag"] = row.etag
    response["Last-Modified"] = http_date(row.last_modified.timestamp())
    _for_shared_caches(response, row.page_id)
    patch_vary_headers(response, ("Cookie",))
    # A 304 when the reader's copy is current, with these headers copied onto it.
    conditional = get_conditional_response(
        request, etag=row.etag, last_modified=int(row.last_modified.timestamp()), response=response
    )
    return conditional or response


# Browsers revalidate every time (a 304 from the ETag); shared caches keep the page until
# a publish purges it (``publishing/frontend_cache``) or ``CMS_SHARED_CACHE_MAX_AGE`` ends.
BROWSER_MAX_AGE = 0


def _for_shared_caches(response: HttpResponseBase, page_id: int) -> None:
    shared_cache_headers(response, BROWSER_MAX_AGE, (cache_tags.page_tag(page_id),))
