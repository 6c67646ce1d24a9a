"""Finding a child page by its slug in the reader's language, with one query.

wagtail-modeltranslation gives every translated page model a ``route`` that loads every
child of a page and compares each one's slug in Python (so that a page without a Malay
slug is still found by its English one). Under the article index that is every article,
on every request. ``route_by_slug`` asks the database for the one child instead, with
the same fallback: a child's slug in a language is its own slug there, or else the
first non-empty one along the language's fallback chain
(``MODELTRANSLATION_FALLBACK_LANGUAGES``). Start-up wiring puts it in place of
wagtail-modeltranslation's on the page types that have children, after that app has
patched them.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import pgettext
from modeltranslation.utils import get_language
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from content_pages.foundations.languages import fallback_chain, localized_field_name


def slug_lookup(slug: str, language: str) -> Q:
    """Pages whose slug, as readers of ``language`` see it, is ``slug``."""
    match, earlier_empty = Q(), Q()
    for code in fallback_chain(language):
        column = localized_field_name("slug", code)
        match |= earlier_empty & Q(**{column: slug})
        earlier_empty &= Q(**{f"{column}__isnull": True}) | Q(**{column: ""})
    return match


def route_by_slug(page: Page, request: HttpRequest, path_components: list[str]) -> RouteResult:
    """Wagtail's ``Page.route``, for page types without routable sub-URLs."""
    if not path_components:
        if not page.live:
            raise Http404
        return RouteResult(page)
    child = Page.objects.child_of(page).filter(slug_lookup(path_components[0], get_language())).first()
    if child is None:
        raise Http404
    return child.specific.route(request, path_components[1:])


def thank_you_segment() -> str:
    """The thank-you page's URL segment under its form page, in the active language
    (``/ms/pertanyaan-biopsi-cecair/terima-kasih/``): the reader stays in their language."""
    return pgettext("URL segment of the enquiry thank-you page", "thank-you")


def route_form_page(page: Page, request: HttpRequest, path_components: list[str]) -> RouteResult:
    """An enquiry form page has one sub-URL, its thank-you page, named in the reader's
    language (``thank_you_segment``); it serves nothing else below it."""
    if path_components and page.live and path_components == [thank_you_segment()]:
        return RouteResult(page, kwargs={"thank_you": True})
    if path_components:
        raise Http404
    return route_by_slug(page, request, path_components)


__all__ = ["route_by_slug", "route_form_page", "slug_lookup", "thank_you_segment"]
