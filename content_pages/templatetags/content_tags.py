"""Template helpers for the web channel."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from wagtail.models import Page
from wagtail.rich_text import expand_db_html, get_text_for_indexing

from content_pages.foundations.dates import bcp47
from content_pages.foundations.languages import direction, is_content_language, open_graph_locale, source_language
from content_pages.foundations.localized import Localized, localized
from content_pages.foundations.sanitising import citation_html, web_html
from content_pages.foundations.urls import absolute_url, page_full_url
from content_pages.reads.alternates import Alternate, page_alternates
from content_pages.reads.sites import site_home as page_site_home
from content_pages.rendering.callouts import callout_label as rendering_callout_label

register = template.Library()

_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data: dict[str, Any]) -> SafeString:
    """Serialise structured data for a ``<script type="application/ld+json">`` element."""
    text = json.dumps(data, ensure_ascii=False, indent=2).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above


@register.filter
def safe_richtext(value: Any) -> SafeString:
    """Stored rich text (a ``RichText`` or a string) as web HTML, cleaned.

    Used instead of Wagtail's ``|richtext`` and ``{{ block.value }}``, which print
    whatever is stored: HTML that did not come through the editor may hold scripts.
    """
    source = getattr(value, "source", value) or ""
    return mark_safe(web_html(expand_db_html(str(source))))  # noqa: S308 - cleaned with the web allowlist


@register.filter
def safe_citation(html: str | None) -> SafeString:
    """A reference's stored APA HTML, cleaned again on output like every other rich text."""
    return mark_safe(citation_html(html or ""))  # noqa: S308 - cleaned with the citation allowlist


@register.simple_tag(takes_context=True)
def alternates_for(context: template.Context, page: Page | None) -> list[Alternate]:
    if page is None or not getattr(page, "id", None):
        return []
    request: HttpRequest | None = context.get("request")
    return page_alternates(page, request)


@register.simple_tag
def site_home(page: Page | None) -> Page | None:
    """The root page of ``page``'s Site, for the header's home link; None without a page
    or a Site."""
    return page_site_home(page) if isinstance(page, Page) else None


@register.simple_tag
def current_hreflang() -> str:
    return bcp47(get_language() or source_language())


@register.simple_tag
def og_locale(language: str | None = None) -> str:
    """Open Graph wants ``language_TERRITORY`` (``ms_MY``, ``zh_CN``)."""
    return open_graph_locale(language or get_language() or source_language())


@register.filter
def lang_tag(code: str) -> str:
    return bcp47(code)


@register.simple_tag
def current_dir() -> str:
    """``ltr`` or ``rtl`` for the page's language, for ``<html dir>``."""
    return direction(_reader_language())


@register.filter
def lang_attrs(code: str | None, page_language: str | None = None) -> SafeString:
    """``lang`` for a text served in ``code``, and ``dir`` too when that is not the page's
    language (``page_language``, else the reader's): a fallback keeps its own direction
    inside a page written the other way."""
    language = code or page_language or _reader_language()
    if language == (page_language or _reader_language()):
        return format_html('lang="{}"', bcp47(language))
    return format_html('lang="{}" dir="{}"', bcp47(language), direction(language))


def _reader_language() -> str:
    language = get_language() or source_language()
    return language if is_content_language(language) else source_language()


@register.filter
def in_language(instance: Any, field: str) -> Localized[Any]:
    """A translated field in the reader's language, with the language that served it, so
    a template can mark an English fallback: ``{% with t=page|in_language:"title" %}``."""
    return localized(instance, field, _reader_language())


@register.filter
def shown_title(page: Any) -> Localized[Any] | str:
    """The title a page's ``<title>`` shows (its SEO title, else its title), with its language."""
    if not isinstance(page, Page):
        return ""
    language = _reader_language()
    seo_title = localized(page, "seo_title", language)
    return seo_title if seo_title.value else localized(page, "title", language)


@register.filter
def description(page: Any) -> str:
    """What a search engine shows under the page's link (``<meta name="description">``):
    its search description in the reader's language, else its intro as plain text, whole
    (a search engine shortens it, we do not); "" when it has neither."""
    if not isinstance(page, Page):
        return ""
    language = _reader_language()
    search_description = localized(page, "search_description", language)
    if search_description.value:
        return str(search_description.value)
    if not hasattr(page, "intro"):
        return ""
    intro = localized(page, "intro", language)
    return str(get_text_for_indexing(str(getattr(intro.value, "source", intro.value) or "")))


@register.filter
def full_url(page: Any) -> str:
    """The page's absolute URL in the reader's language, on the configured base URL."""
    return page_full_url(page) if isinstance(page, Page) else ""


@register.filter
def absolute(path: str) -> str:
    """``path`` on the configured base URL: links in a page are the same whichever host
    the request came in on, and a page rendered at publish has no reader's host."""
    return absolute_url(path)


@register.simple_tag
def callout_label(style: str, language: str | None = None) -> str:
    """A note's or warning's label in the page's language (``article.language``), not
    in whatever language the request happens to have active; "" for a quote."""
    return rendering_callout_label(style, language or _reader_language()) or ""
