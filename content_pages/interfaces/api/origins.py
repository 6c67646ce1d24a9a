"""Which web pages may send an enquiry through the API.

CORS only tells a browser whether a page may read the answer; a form posted from any web
page still reaches the server. An enquiry is a write that costs a person's time to answer,
so the API refuses it outright when a browser says it comes from a page on an origin the
operator has not listed (``CMS_CORS_ALLOWED_ORIGINS``) and that is not this site itself.
The check is the website's anonymous forms' own (``foundations/origins.py``), with the
CORS allow-list added; bots and servers send none of its headers and are limited per
client instead.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from content_pages.foundations.origins import CrossSite, cross_site


def refusal(request: HttpRequest) -> CrossSite | None:
    """What shows that a browser sends the request from a page not allowed to write; None if nothing."""
    return cross_site(request, also_allowed=settings.CORS_ALLOWED_ORIGINS)
