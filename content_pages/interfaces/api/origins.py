"""Which web pages may send an enquiry through the API.

CORS only tells a browser whether a page may read the answer; a form posted from any web
page still reaches the server. An enquiry is a write that costs a person's time to answer,
so the API refuses it outright when a browser says it comes from a page on an origin the
operator has not listed (``CMS_CORS_ALLOWED_ORIGINS``) and that is not this site itself.
Bots and servers send no ``Origin`` and are limited per client instead.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def may_post(request: HttpRequest) -> bool:
    """False when a browser sends the request from a page on an origin not allowed to write."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    origin = origin.strip().lower()
    own = {_origin_of(settings.WAGTAILADMIN_BASE_URL), f"{request.scheme}://{request.get_host()}".lower()}
    allowed = {item.lower() for item in settings.CORS_ALLOWED_ORIGINS}
    return origin in own | allowed
