"""The website's article pages, rendered at publish and stored beside the API renditions.

A reader's request then costs one indexed read instead of a template render over the
page tree (docs/performance.md). The stored HTML is exactly what the page's own
``serve`` gives an anonymous reader: the same template, context and hooks, rendered for
a request made from the configured base URL. Nothing in it differs per reader: the
enquiry form carries no CSRF token (``interfaces/web/anonymous_forms.py``), so the stored
page is every reader's and shared caches may keep it. Signed-in editors (Wagtail's userbar), form posts and
anything not stored go through Wagtail's ``serve`` as before.
"""

from __future__ import annotations

import io
from urllib.parse import unquote, urlsplit

from django.contrib.auth.models import AnonymousUser
from django.core.handlers.wsgi import WSGIRequest
from django.template.loader import render_to_string
from django.utils.translation import override
from wagtail.models import Page

from content_pages.foundations.urls import base_url, page_path
from content_pages.models import ArticleIndexPage, ArticlePage, HomePage
from content_pages.reads.sites import site_of

HTML = "html"

STORED_TYPES: tuple[type[Page], ...] = (ArticlePage, ArticleIndexPage, HomePage)


def storable(page: Page) -> bool:
    """Articles, and the home and index pages that list them (re-rendered when a page
    they list changes: ``renditions.mark_listings_stale``). Form pages are not: they
    show the state of a visitor's submission."""
    return isinstance(page, STORED_TYPES)


def request_path(page: Page, language: str) -> str:
    """The page's path in ``language`` as ``request.path`` has it: percent-decoded, so a
    translated slug in Chinese characters matches."""
    return unquote(page_path(page, language))


def site_root_id(page: Page) -> int | None:
    """The root page of the Site the page's paths are relative to (Wagtail's choice: the
    most specific Site above it), or None for a page no Site routes to. Stored with each
    row, so a request on another Site's host never gets it (``reads/stored_pages.py``)."""
    site = site_of(page)
    return site.root_page_id if site is not None else None


def render_page(page: Page, language: str) -> str:
    """The page's HTML in ``language`` as an anonymous reader receives it."""
    with override(language):
        request = _reader_request(page, language)
        context = page.get_context(request)
        return render_to_string(page.get_template(request), context, request=request)


def _reader_request(page: Page, language: str) -> WSGIRequest:
    """A GET for the page's path on the configured base URL by nobody signed in."""
    address = urlsplit(base_url())
    secure = address.scheme == "https"
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": request_path(page, language),
        "QUERY_STRING": "",
        "SERVER_NAME": address.hostname or "localhost",
        "SERVER_PORT": str(address.port or (443 if secure else 80)),
        "HTTP_HOST": address.netloc,
        "wsgi.url_scheme": address.scheme or "http",
        "wsgi.input": io.BytesIO(b""),
    }
    request = WSGIRequest(environ)
    request.user = AnonymousUser()
    # Wagtail finds the site from the Host header, checked against ALLOWED_HOSTS; the page
    # knows its site, and the base URL need not be an allowed host of this process.
    request._wagtail_site = site_of(page)  # type: ignore[attr-defined]
    return request
