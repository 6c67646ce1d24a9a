"""Web views outside Wagtail's page tree: the language-negotiating root and the sitemap."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import override
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from content_pages.foundations.languages import negotiate_language


@require_safe
@vary_on_headers("Accept-Language")
def root_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """``/`` sends each reader to the home page in the language their browser asks for."""
    language = negotiate_language(request.headers.get("Accept-Language"))
    with override(language):
        target = reverse("wagtail_serve", args=[""])
    return HttpResponseRedirect(target)


@require_safe
def short_link_redirect(_request: HttpRequest, code: str) -> HttpResponseRedirect:
    from content_pages.models import ShortLink

    return HttpResponseRedirect(get_object_or_404(ShortLink, code=code).url)
