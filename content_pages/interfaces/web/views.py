"""Web views outside Wagtail's page tree: the language-negotiating root, short links and robots.txt."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import override
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from content_pages.foundations.languages import negotiate_language
from content_pages.foundations.urls import absolute_url


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


@require_safe
@cache_control(public=True, max_age=86400)
def robots_txt(_request: HttpRequest) -> HttpResponse:
    """Crawlers index the articles, find them through the sitemap, and leave alone what is
    not for readers: the admin, the API (frontends and bots read it, not search engines)
    and the short links that only redirect. The sitemap's address is the configured one,
    never the request's Host header."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /l/",
        f"Sitemap: {absolute_url('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
